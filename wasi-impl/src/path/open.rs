//! `path_open`.

use super::resolve;
use crate::backend::{OpenHow, Opened};
use crate::fdtable::{Descriptor, DirFd, FdEntry};
use crate::{Result, WasiCtx, rights};
use wasi_abi::{Errno, Fdflags, Filetype, GuestMemory, Lookupflags, Oflags, Rights};

impl WasiCtx {
    /// `path_open(fd, dirflags, path, oflags, fs_rights_base, fs_rights_inheriting, fdflags)
    /// -> fd`: opens `path` relative to directory `fd` and stores the new fd as a `u32` at
    /// `fd_out`.
    ///
    /// - `dirflags`: `SYMLINK_FOLLOW` follows a final symlink; without it a final symlink is
    ///   `ELOOP` (or `ENOTDIR` with `DIRECTORY`).
    /// - `oflags`: `CREAT` (needs `PATH_CREATE_FILE` on `fd`), `DIRECTORY`, `EXCL`, `TRUNC`
    ///   (needs `PATH_FILESTAT_SET_SIZE`).
    /// - rights: the new fd gets the requested rights that `fd`'s inheriting rights allow and
    ///   that make sense for what was opened; asking for more is not an error. The host file
    ///   is opened for reading if `FD_READ`/`FD_READDIR` remain, for writing if `FD_WRITE`,
    ///   `FD_ALLOCATE` or `FD_FILESTAT_SET_SIZE` remain.
    /// - `fdflags`: `APPEND`, `DSYNC`, `NONBLOCK`, `RSYNC`, `SYNC`, passed to the host.
    ///
    /// The host open never blocks and never acquires a controlling terminal: a FIFO with no
    /// reader opened for writing is `ENXIO` rather than a hang.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTDIR` if it is not a directory; `ENOTCAPABLE`
    /// without `PATH_OPEN` (or the right a flag needs), or for a path that leaves `fd`;
    /// `EINVAL` for unknown flags, `CREAT` with `DIRECTORY`, or a NUL in the path; `EILSEQ` for a path that is not
    /// UTF-8; host errors as mapped (`ENOENT`, `EEXIST`, `EISDIR`, `ENOTDIR`, `ELOOP`, ...).
    /// Traps if the path or the out-pointer is outside memory.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn path_open(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        dirflags: u32,
        path: u32,
        path_len: u32,
        oflags: u32,
        fs_rights_base: u64,
        fs_rights_inheriting: u64,
        fdflags: u32,
        fd_out: u32,
    ) -> Result {
        let lookup = Lookupflags::decode(dirflags)?;
        let oflags = Oflags::decode(oflags)?;
        let fdflags = Fdflags::decode(fdflags)?;
        // Unknown rights bits are ignored like any right the fd cannot have.
        let requested = Rights::from_bits_truncate(fs_rights_base);
        let requested_inheriting = Rights::from_bits_truncate(fs_rights_inheriting);
        mem.array_range::<u32>(fd_out, 1)?;
        let parent = self.fds.get(fd)?;
        let dir = parent.dir(Rights::PATH_OPEN)?;
        self.fds.check_room()?;
        if oflags.contains(Oflags::CREAT) {
            parent.require(Rights::PATH_CREATE_FILE, Errno::NOTCAPABLE)?;
        }
        if oflags.contains(Oflags::TRUNC) {
            parent.require(Rights::PATH_FILESTAT_SET_SIZE, Errno::NOTCAPABLE)?;
        }
        let allowed = requested & parent.rights_inheriting;
        let inheriting = requested_inheriting & parent.rights_inheriting;
        if oflags.contains(Oflags::CREAT | Oflags::DIRECTORY) {
            // Linux answers this differently from version to version; refuse it up front.
            return Err(Errno::INVAL.into());
        }
        let how = OpenHow {
            read: allowed.intersects(Rights::FD_READ | Rights::FD_READDIR),
            write: allowed.intersects(rights::NEEDS_WRITE_ACCESS),
            create: oflags.contains(Oflags::CREAT),
            exclusive: oflags.contains(Oflags::EXCL),
            truncate: oflags.contains(Oflags::TRUNC),
            directory: oflags.contains(Oflags::DIRECTORY),
            fdflags,
            modify_times: allowed.contains(Rights::FD_FILESTAT_SET_TIMES),
            path_only: false,
        };
        let follow = lookup.contains(Lookupflags::SYMLINK_FOLLOW);
        let opened = {
            let path = mem.str(path, path_len)?;
            resolve::open(self.resolver, dir, path, &how, follow)?
        };
        let (desc, filetype) = match opened {
            Opened::Dir(dir) => (
                Descriptor::Dir(DirFd { dir, preopen: None }),
                Filetype::Directory,
            ),
            Opened::File(file) => {
                let filetype = file.filetype();
                (Descriptor::File(file), filetype)
            }
        };
        let base = allowed & rights::for_type(filetype);
        let new_fd = self
            .fds
            .insert(FdEntry::new(desc, filetype, base, inheriting))?;
        mem.write(fd_out, new_fd)?;
        Ok(())
    }
}
