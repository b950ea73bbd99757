//! Calls on an open file: `fd_seek`, `fd_tell`, `fd_filestat_get`, `fd_filestat_set_size`,
//! `fd_filestat_set_times`, `fd_advise`, `fd_allocate`, `fd_datasync`, `fd_sync`.

use crate::fdtable::{Descriptor, FdEntry};
use crate::stdio::{Input, Output};
use crate::sys::{self, HostStream};
use crate::{Result, WasiCtx, stat};
use std::os::fd::{AsFd, BorrowedFd};
use wasi_abi::{Advice, Errno, Filestat, GuestMemory, Rights, Whence};

/// Runs `f` on the host fd behind `entry`: its own, or the host stream of inherited stdio.
/// In-memory stdio has none: `None`.
fn with_host<R>(entry: &FdEntry, f: impl FnOnce(BorrowedFd<'_>) -> R) -> Option<R> {
    match &entry.desc {
        Descriptor::File(fd) => Some(f(fd.as_fd())),
        Descriptor::Dir(dir) => Some(f(dir.fd.as_fd())),
        Descriptor::Socket(sock) => Some(f(sock.fd.as_fd())),
        Descriptor::Stdin(Input::Inherit, _) => Some(sys::with_host_stream(HostStream::Stdin, f)),
        Descriptor::Stdout(Output::Inherit, host) => Some(sys::with_host_stream(*host, f)),
        Descriptor::Stdin(..) | Descriptor::Stdout(..) => None,
    }
}

/// The open file behind `entry`; `EISDIR` for a directory, `ESPIPE` for a stream.
fn file(entry: &FdEntry) -> core::result::Result<BorrowedFd<'_>, Errno> {
    match &entry.desc {
        Descriptor::File(fd) => Ok(fd.as_fd()),
        Descriptor::Dir(_) => Err(Errno::ISDIR),
        Descriptor::Stdin(..) | Descriptor::Stdout(..) | Descriptor::Socket(_) => Err(Errno::SPIPE),
    }
}

impl WasiCtx {
    /// `fd_seek(fd, offset: filedelta, whence) -> filesize`: moves the fd's offset to
    /// `offset` (signed) from the start, the current offset or the end, and stores the new
    /// offset as a `u64` at `newoffset_out` (8-aligned). Seeking past the end is allowed.
    ///
    /// Errors: `EBADF` if `fd` is not open; `EINVAL` for an unknown whence or a resulting
    /// offset below 0; `ENOTCAPABLE` without `FD_SEEK` (or, for `cur` + 0, which only reads
    /// the offset, without `FD_TELL` too) — directories, sockets and stdio on a terminal or
    /// pipe have neither; `ESPIPE` on a stream that has the right (a FIFO opened with it).
    /// Traps if the out-pointer is out of bounds or misaligned.
    pub fn fd_seek(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: u64,
        whence: u32,
        newoffset_out: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let whence = Whence::decode(whence)?;
        let delta = offset as i64; // a filedelta is signed: reinterpret the bits
        let tell_only = whence == Whence::Cur && delta == 0;
        if !(entry.rights_base.contains(Rights::FD_SEEK)
            || tell_only && entry.rights_base.contains(Rights::FD_TELL))
        {
            return Err(Errno::NOTCAPABLE.into());
        }
        mem.array_range::<u64>(newoffset_out, 1)?;
        let how = match whence {
            Whence::Set => libc::SEEK_SET,
            Whence::Cur => libc::SEEK_CUR,
            Whence::End => libc::SEEK_END,
        };
        let new = match &entry.desc {
            Descriptor::Dir(_) => return Err(Errno::ISDIR.into()),
            _ => with_host(entry, |fd| sys::fs::lseek(fd, delta, how))
                .unwrap_or(Err(Errno::SPIPE))?,
        };
        mem.write(newoffset_out, new)?;
        Ok(())
    }

    /// `fd_tell(fd) -> filesize`: stores the fd's offset as a `u64` at `offset_out`.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_TELL` (directories);
    /// `ESPIPE` on a stream that has the right (a FIFO opened with it). Traps if the
    /// out-pointer is out of bounds or misaligned.
    pub fn fd_tell(&mut self, mem: &mut GuestMemory<'_>, fd: u32, offset_out: u32) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_TELL, Errno::NOTCAPABLE)?;
        mem.array_range::<u64>(offset_out, 1)?;
        let at = match &entry.desc {
            Descriptor::Dir(_) => return Err(Errno::ISDIR.into()),
            _ => with_host(entry, |fd| sys::fs::lseek(fd, 0, libc::SEEK_CUR))
                .unwrap_or(Err(Errno::SPIPE))?,
        };
        mem.write(offset_out, at)?;
        Ok(())
    }

    /// `fd_filestat_get(fd) -> filestat`: writes the 64-byte `filestat` of the open file at
    /// `filestat_out` (8-aligned):
    ///
    /// ```text
    /// 0      8      16   17     24     32     40     48     56     64
    /// | dev  | ino  |type| 0..0 |nlink | size | atim | mtim | ctim |
    /// ```
    ///
    /// In-memory stdio reports type `unknown` and zeros.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_FILESTAT_GET`. Traps if
    /// the out-pointer is out of bounds or misaligned.
    pub fn fd_filestat_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        filestat_out: u32,
    ) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_FILESTAT_GET, Errno::NOTCAPABLE)?;
        mem.array_range::<Filestat>(filestat_out, 1)?;
        let stat = match with_host(entry, sys::fs::fstat) {
            Some(st) => stat::filestat(&st?),
            None => Filestat {
                filetype: entry.filetype.raw(),
                ..Filestat::default()
            },
        };
        mem.write(filestat_out, stat)?;
        Ok(())
    }

    /// `fd_filestat_set_size(fd, size) -> errno`: truncates or extends the file to `size`
    /// bytes (`ftruncate`); extension reads as zeros.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_FILESTAT_SET_SIZE`
    /// (directories never have it); `EFBIG` past 2^63 - 1; `EISDIR`/`ESPIPE` on a directory
    /// or stream.
    pub fn fd_filestat_set_size(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        size: u64,
    ) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_FILESTAT_SET_SIZE, Errno::NOTCAPABLE)?;
        let size = i64::try_from(size).map_err(|_| Errno::FBIG)?;
        sys::fs::ftruncate(file(entry)?, size)?;
        Ok(())
    }

    /// `fd_filestat_set_times(fd, atim, mtim, fst_flags) -> errno`: sets the access and/or
    /// modification time, to the given nanosecond timestamps (`ATIM`, `MTIM`) or to now
    /// (`ATIM_NOW`, `MTIM_NOW`); a time with neither flag is left unchanged.
    ///
    /// Errors: `EBADF` if `fd` is not open; `EINVAL` for an unknown flag or for `ATIM` with
    /// `ATIM_NOW` (or `MTIM` with `MTIM_NOW`); `ENOTCAPABLE` without `FD_FILESTAT_SET_TIMES`.
    pub fn fd_filestat_set_times(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        atim: u64,
        mtim: u64,
        fst_flags: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let times = stat::times(atim, mtim, fst_flags)?;
        entry.require(Rights::FD_FILESTAT_SET_TIMES, Errno::NOTCAPABLE)?;
        with_host(entry, |fd| sys::fs::futimens(fd, &times)).unwrap_or(Err(Errno::NOTSUP))?;
        Ok(())
    }

    /// `fd_advise(fd, offset, len, advice) -> errno`: passes the access-pattern advice for
    /// `len` bytes at `offset` to the kernel (`posix_fadvise`); `len` 0 means to the end.
    ///
    /// Errors: `EBADF` if `fd` is not open; `EINVAL` for an unknown advice or an offset or
    /// length past 2^63 - 1; `ENOTCAPABLE` without `FD_ADVISE`; `EISDIR`/`ESPIPE` on a
    /// directory or stream.
    pub fn fd_advise(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: u64,
        len: u64,
        advice: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let advice = match Advice::decode(advice)? {
            Advice::Normal => libc::POSIX_FADV_NORMAL,
            Advice::Sequential => libc::POSIX_FADV_SEQUENTIAL,
            Advice::Random => libc::POSIX_FADV_RANDOM,
            Advice::Willneed => libc::POSIX_FADV_WILLNEED,
            Advice::Dontneed => libc::POSIX_FADV_DONTNEED,
            Advice::Noreuse => libc::POSIX_FADV_NOREUSE,
        };
        entry.require(Rights::FD_ADVISE, Errno::NOTCAPABLE)?;
        let offset = i64::try_from(offset).map_err(|_| Errno::INVAL)?;
        let len = i64::try_from(len).map_err(|_| Errno::INVAL)?;
        sys::fs::posix_fadvise(file(entry)?, offset, len, advice)?;
        Ok(())
    }

    /// `fd_allocate(fd, offset, len) -> errno`: makes sure the file has storage for `len`
    /// bytes at `offset`, extending it if needed (`posix_fallocate`); never shrinks it.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_ALLOCATE` (directories
    /// never have it); `EINVAL` for a zero length; `EFBIG` if `offset + len` passes 2^63 - 1;
    /// `ESPIPE` on a stream; `ENOTSUP` where the filesystem cannot preallocate.
    pub fn fd_allocate(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        offset: u64,
        len: u64,
    ) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_ALLOCATE, Errno::NOTCAPABLE)?;
        let end = offset
            .checked_add(len)
            .filter(|&end| i64::try_from(end).is_ok());
        if end.is_none() {
            return Err(Errno::FBIG.into());
        }
        let (offset, len) = (offset as i64, len as i64); // both below 2^63: checked above
        sys::fs::posix_fallocate(file(entry)?, offset, len)?;
        Ok(())
    }

    /// `fd_datasync(fd) -> errno`: writes the file's data to storage (`fdatasync`).
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_DATASYNC`; `EINVAL`
    /// on a stream that cannot be synced.
    pub fn fd_datasync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_DATASYNC, Errno::NOTCAPABLE)?;
        with_host(entry, sys::fs::fdatasync).unwrap_or(Ok(()))?;
        Ok(())
    }

    /// `fd_sync(fd) -> errno`: writes the file's data and metadata to storage (`fsync`).
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_SYNC`; `EINVAL` on a
    /// stream that cannot be synced.
    pub fn fd_sync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        let entry = self
            .fds
            .get(fd)?
            .require(Rights::FD_SYNC, Errno::NOTCAPABLE)?;
        with_host(entry, sys::fs::fsync).unwrap_or(Ok(()))?;
        Ok(())
    }
}
