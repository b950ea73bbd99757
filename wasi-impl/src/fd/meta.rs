//! The descriptor itself: `fd_close`, `fd_renumber`, `fd_fdstat_get`,
//! `fd_fdstat_set_flags`, `fd_fdstat_set_rights`, `fd_prestat_get`, `fd_prestat_dir_name`.

use crate::fdtable::Descriptor;
use crate::{Result, WasiCtx};
use wasi_abi::{Errno, Fdflags, Fdstat, GuestMemory, Preopentype, Prestat, Rights};

impl WasiCtx {
    /// `fd_close(fd) -> errno`: closes `fd`; its number becomes free again. Stdio and
    /// preopens may be closed too (closing the guest's fd 1 does not close the host's stdout);
    /// fds opened through a preopen keep working after it is closed.
    ///
    /// Errors: `EBADF` if `fd` is not open.
    pub fn fd_close(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        self.fds.remove(fd)?;
        Ok(())
    }

    /// `fd_renumber(fd, to) -> errno`: moves what `fd` refers to, with its rights and flags,
    /// to `to`, closing what `to` referred to; `fd` is closed. Unlike `dup2`, `to` must be
    /// open (any fd: stdio, a preopen, a file). Renumbering an fd onto itself does nothing.
    ///
    /// Errors: `EBADF` if `fd` or `to` is not open.
    pub fn fd_renumber(&mut self, _mem: &mut GuestMemory<'_>, fd: u32, to: u32) -> Result {
        self.fds.renumber(fd, to)?;
        Ok(())
    }

    /// `fd_fdstat_get(fd) -> fdstat`: writes the 24-byte `fdstat` at `fdstat_out` (8-aligned):
    ///
    /// ```text
    /// 0    1    2       4               8                16               24
    /// |type| 0  |flags  |   0 0 0 0     | rights_base    | rights_inherit |
    /// ```
    ///
    /// The type is fixed when the fd is opened (inherited stdio: the host stream's, a pipe
    /// being `unknown`); the flags are read from the kernel for host fds.
    ///
    /// Errors: `EBADF` if `fd` is not open. Traps if the out-pointer is out of bounds or
    /// misaligned.
    pub fn fd_fdstat_get(&mut self, mem: &mut GuestMemory<'_>, fd: u32, fdstat_out: u32) -> Result {
        let entry = self.fds.get(fd)?;
        let stat = Fdstat {
            fs_filetype: entry.filetype.raw(),
            fs_flags: entry.desc.handle().fdflags()?.bits(),
            fs_rights_base: entry.rights_base.bits(),
            fs_rights_inheriting: entry.rights_inheriting.bits(),
            ..Fdstat::default()
        };
        mem.write(fdstat_out, stat)?;
        Ok(())
    }

    /// `fd_fdstat_set_flags(fd, flags) -> errno`: sets the fd's `APPEND` and `NONBLOCK`
    /// flags (`fcntl(F_SETFL)`).
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_FDSTAT_SET_FLAGS`;
    /// `EINVAL` for an unknown flag bit; `ENOTSUP` to change `DSYNC`, `RSYNC` or `SYNC` (Linux
    /// cannot change them on an open fd) or to change the flags of inherited stdio (the host's
    /// streams are shared with the host process).
    pub fn fd_fdstat_set_flags(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_FDSTAT_SET_FLAGS, Errno::NOTCAPABLE)?;
        let wanted = Fdflags::decode(flags)?;
        let current = entry.desc.handle().fdflags()?;
        let sync = Fdflags::DSYNC | Fdflags::RSYNC | Fdflags::SYNC;
        // Linux's O_RSYNC is part of O_SYNC and never reported alone: RSYNC is unchanged only
        // where SYNC is already set.
        let mut wanted_sync = wanted & sync;
        if current.contains(Fdflags::SYNC) {
            wanted_sync.remove(Fdflags::RSYNC);
        }
        if wanted_sync != current & sync {
            return Err(Errno::NOTSUP.into());
        }
        entry.desc.handle().set_fdflags(wanted)?;
        Ok(())
    }

    /// `fd_fdstat_set_rights(fd, fs_rights_base, fs_rights_inheriting) -> errno`: replaces
    /// the fd's rights. Rights can only be dropped, never added back.
    ///
    /// Errors: `EBADF` if `fd` is not open; `EINVAL` for an undefined rights bit;
    /// `ENOTCAPABLE` if either set has a right the fd does not have.
    pub fn fd_fdstat_set_rights(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        fs_rights_base: u64,
        fs_rights_inheriting: u64,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let base = Rights::decode(fs_rights_base)?;
        let inheriting = Rights::decode(fs_rights_inheriting)?;
        if !entry.rights_base.contains(base) || !entry.rights_inheriting.contains(inheriting) {
            return Err(Errno::NOTCAPABLE.into());
        }
        entry.rights_base = base;
        entry.rights_inheriting = inheriting;
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
    pub(crate) fn preopen_name(&self, fd: u32) -> core::result::Result<&str, Errno> {
        match &self.fds.get(fd)?.desc {
            Descriptor::Dir(dir) => dir.preopen.as_deref().ok_or(Errno::BADF),
            Descriptor::File(_) | Descriptor::Socket(_) => Err(Errno::BADF),
        }
    }
}
