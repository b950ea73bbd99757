//! The preview1 functions this milestone does not implement yet. Each is linked, so every
//! preview1 module instantiates, and answers `ENOSYS` ("Function not supported"), which
//! wasi-libc reports to the program like any other error.

use crate::{Result, WasiCtx};
use wasi_abi::{Errno, GuestMemory};

macro_rules! not_yet_implemented {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        impl WasiCtx {$(
            #[doc = concat!("`", stringify!($name), "`: not implemented yet; answers `ENOSYS`.")]
            #[allow(
                unused_variables,
                clippy::too_many_arguments,
                reason = "the signature is the preview1 function's; the body ignores it"
            )]
            pub fn $name(&mut self, mem: &mut GuestMemory<'_>, $($arg: $ty),*) -> Result {
                Err(Errno::NOSYS.into())
            }
        )*}
    };
}

not_yet_implemented! {
    fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
    fd_allocate(fd: u32, offset: u64, len: u64);
    fd_datasync(fd: u32);
    fd_fdstat_set_flags(fd: u32, flags: u32);
    fd_fdstat_set_rights(fd: u32, fs_rights_base: u64, fs_rights_inheriting: u64);
    fd_filestat_get(fd: u32, filestat_out: u32);
    fd_filestat_set_size(fd: u32, size: u64);
    fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, fst_flags: u32);
    fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread_out: u32);
    fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nwritten_out: u32);
    fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, bufused_out: u32);
    fd_renumber(fd: u32, to: u32);
    fd_seek(fd: u32, offset: u64, whence: u32, newoffset_out: u32);
    fd_sync(fd: u32);
    fd_tell(fd: u32, offset_out: u32);
    path_create_directory(fd: u32, path: u32, path_len: u32);
    path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, filestat_out: u32);
    path_filestat_set_times(fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst_flags: u32);
    path_link(old_fd: u32, old_flags: u32, old_path: u32, old_path_len: u32, new_fd: u32, new_path: u32, new_path_len: u32);
    path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, fs_rights_base: u64, fs_rights_inheriting: u64, fdflags: u32, fd_out: u32);
    path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, bufused_out: u32);
    path_remove_directory(fd: u32, path: u32, path_len: u32);
    path_rename(fd: u32, old_path: u32, old_path_len: u32, new_fd: u32, new_path: u32, new_path_len: u32);
    path_symlink(old_path: u32, old_path_len: u32, fd: u32, new_path: u32, new_path_len: u32);
    path_unlink_file(fd: u32, path: u32, path_len: u32);
    poll_oneoff(subscriptions: u32, events: u32, nsubscriptions: u32, nevents_out: u32);
    proc_raise(sig: u32);
    sock_accept(fd: u32, flags: u32, fd_out: u32);
    sock_recv(fd: u32, ri_data: u32, ri_data_len: u32, ri_flags: u32, ro_datalen_out: u32, ro_flags_out: u32);
    sock_send(fd: u32, si_data: u32, si_data_len: u32, si_flags: u32, so_datalen_out: u32);
    sock_shutdown(fd: u32, how: u32);
}
