//! `fd_close`, `fd_fdstat_get`, `fd_prestat_get` and `fd_prestat_dir_name`.

use crate::fdtable::Descriptor;
use crate::stdio::{Input, Output};
use crate::sys::HostStream;
use crate::{Result, WasiCtx, sys};
use wasi_abi::{Errno, Fdflags, Fdstat, Filetype, GuestMemory, Preopentype, Prestat};

impl WasiCtx {
    /// `fd_close(fd) -> errno`: closes `fd`; its number becomes the lowest free one again.
    /// Stdio and preopens may be closed too (closing the guest's fd 1 does not close the
    /// host's stdout).
    ///
    /// Errors: `EBADF` if `fd` is not open.
    pub fn fd_close(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        self.fds.remove(fd)?;
        Ok(())
    }

    /// `fd_fdstat_get(fd) -> fdstat`: writes the 24-byte `fdstat` at `fdstat_out` (8-aligned):
    ///
    /// ```text
    /// 0    1    2       4               8                16               24
    /// |type| 0  |flags  |   0 0 0 0     | rights_base    | rights_inherit |
    /// ```
    ///
    /// Inherited stdio reports the host stream's type (a pipe is `unknown`) and flags;
    /// in-memory stdio is `unknown`.
    ///
    /// Errors: `EBADF` if `fd` is not open. Traps if the out-pointer is out of bounds or
    /// misaligned.
    pub fn fd_fdstat_get(&mut self, mem: &mut GuestMemory<'_>, fd: u32, fdstat_out: u32) -> Result {
        let entry = self.fds.get(fd)?;
        let host_type_and_flags = |stream| {
            sys::with_host_stream(stream, |h| {
                Ok::<_, Errno>((sys::filetype(h)?, sys::fdflags(h)?))
            })
        };
        let (filetype, flags) = match &entry.desc {
            Descriptor::Stdin(Input::Inherit, _) => host_type_and_flags(HostStream::Stdin)?,
            Descriptor::Stdout(Output::Inherit, host) => host_type_and_flags(*host)?,
            Descriptor::Stdin(..) | Descriptor::Stdout(..) => (Filetype::Unknown, Fdflags::empty()),
            Descriptor::Dir(_) => (Filetype::Directory, Fdflags::empty()),
        };
        let stat = Fdstat {
            fs_filetype: filetype.raw(),
            fs_flags: flags.bits(),
            fs_rights_base: entry.rights_base.bits(),
            fs_rights_inheriting: entry.rights_inheriting.bits(),
            ..Fdstat::default()
        };
        mem.write(fdstat_out, stat)?;
        Ok(())
    }

    /// `fd_prestat_get(fd) -> prestat`: for a preopened directory, writes the 8-byte
    /// `prestat` at `prestat_out` (4-aligned): tag 0 (`dir`) and the length of its guest name.
    ///
    /// ```text
    /// 0   1       4             8
    /// | 0 | 0 0 0 | pr_name_len |
    /// ```
    ///
    /// wasi-libc calls this on fds 3, 4, ... until it answers `EBADF`.
    ///
    /// Errors: `EBADF` if `fd` is not open or is not a preopen. Traps if the out-pointer is
    /// out of bounds or misaligned.
    pub fn fd_prestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        prestat_out: u32,
    ) -> Result {
        let name = self.preopen_name(fd)?;
        let prestat = Prestat {
            tag: Preopentype::Dir.raw(),
            pr_name_len: u32::try_from(name.len()).map_err(|_| Errno::OVERFLOW)?,
            ..Prestat::default()
        };
        mem.write(prestat_out, prestat)?;
        Ok(())
    }

    /// `fd_prestat_dir_name(fd, path, path_len) -> errno`: writes the preopen's guest name
    /// (no NUL terminator) at `path`. Only the name's bytes are written, even if `path_len`
    /// is larger.
    ///
    /// Errors: `EBADF` if `fd` is not open or is not a preopen; `ENAMETOOLONG` if `path_len`
    /// is shorter than the name (nothing is written). Traps if the buffer is outside memory.
    pub fn fd_prestat_dir_name(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        path: u32,
        path_len: u32,
    ) -> Result {
        let name = self.preopen_name(fd)?;
        let name_len = u32::try_from(name.len()).map_err(|_| Errno::OVERFLOW)?;
        if path_len < name_len {
            return Err(Errno::NAMETOOLONG.into());
        }
        mem.slice_mut(path, name_len)?
            .copy_from_slice(name.as_bytes());
        Ok(())
    }

    /// The guest name of preopen `fd`, or `EBADF`.
    fn preopen_name(&self, fd: u32) -> core::result::Result<&str, Errno> {
        match &self.fds.get(fd)?.desc {
            Descriptor::Dir(dir) => dir.preopen.as_deref().ok_or(Errno::BADF),
            Descriptor::Stdin(..) | Descriptor::Stdout(..) => Err(Errno::BADF),
        }
    }
}
