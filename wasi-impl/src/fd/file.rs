//! Calls on an open file: `fd_seek`, `fd_tell`, `fd_filestat_get`, `fd_filestat_set_size`,
//! `fd_filestat_set_times`, `fd_advise`, `fd_allocate`, `fd_datasync`, `fd_sync`.

use crate::backend::File;
use crate::fdtable::{Descriptor, FdEntry};
use crate::{Result, WasiCtx, stat};
use wasi_abi::{Advice, Errno, Filestat, GuestMemory, Rights, Whence};

/// The open file behind `entry`; `EISDIR` for a directory, `ESPIPE` for a socket.
fn file(entry: &mut FdEntry) -> core::result::Result<&mut dyn File, Errno> {
    match &mut entry.desc {
        Descriptor::File(file) => Ok(file.as_mut()),
        Descriptor::Dir(_) => Err(Errno::ISDIR),
        Descriptor::Socket(_) => Err(Errno::SPIPE),
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
        let entry = self.fds.get_mut(fd)?;
        let whence = Whence::decode(whence)?;
        let delta = offset as i64; // a filedelta is signed: reinterpret the bits
        let tell_only = whence == Whence::Cur && delta == 0;
        if !(entry.rights_base.contains(Rights::FD_SEEK)
            || tell_only && entry.rights_base.contains(Rights::FD_TELL))
        {
            return Err(Errno::NOTCAPABLE.into());
        }
        mem.array_range::<u64>(newoffset_out, 1)?;
        let new = file(entry)?.seek(delta, whence)?;
        mem.write(newoffset_out, new)?;
        Ok(())
    }

    /// `fd_tell(fd) -> filesize`: stores the fd's offset as a `u64` at `offset_out`.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_TELL` (directories);
    /// `ESPIPE` on a stream that has the right (a FIFO opened with it). Traps if the
    /// out-pointer is out of bounds or misaligned.
    pub fn fd_tell(&mut self, mem: &mut GuestMemory<'_>, fd: u32, offset_out: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_TELL, Errno::NOTCAPABLE)?;
        mem.array_range::<u64>(offset_out, 1)?;
        let at = file(entry)?.seek(0, Whence::Cur)?;
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
        let stat = stat::filestat(&entry.desc.handle().stat()?);
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
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_FILESTAT_SET_SIZE, Errno::NOTCAPABLE)?;
        if i64::try_from(size).is_err() {
            return Err(Errno::FBIG.into());
        }
        file(entry)?.set_size(size)?;
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
        let entry = self.fds.get_mut(fd)?;
        let (atim, mtim) = stat::times(atim, mtim, fst_flags)?;
        entry.require(Rights::FD_FILESTAT_SET_TIMES, Errno::NOTCAPABLE)?;
        entry.desc.handle().set_times(atim, mtim)?;
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
        let entry = self.fds.get_mut(fd)?;
        let advice = Advice::decode(advice)?;
        entry.require(Rights::FD_ADVISE, Errno::NOTCAPABLE)?;
        if i64::try_from(offset).is_err() || i64::try_from(len).is_err() {
            return Err(Errno::INVAL.into());
        }
        file(entry)?.advise(offset, len, advice)?;
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
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_ALLOCATE, Errno::NOTCAPABLE)?;
        let end = offset
            .checked_add(len)
            .filter(|&end| i64::try_from(end).is_ok());
        if end.is_none() {
            return Err(Errno::FBIG.into());
        }
        if len == 0 {
            return Err(Errno::INVAL.into());
        }
        file(entry)?.allocate(offset, len)?;
        Ok(())
    }

    /// `fd_datasync(fd) -> errno`: writes the file's data to storage (`fdatasync`).
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_DATASYNC`; `EINVAL`
    /// on a stream that cannot be synced.
    pub fn fd_datasync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_DATASYNC, Errno::NOTCAPABLE)?;
        entry.desc.handle().datasync()?;
        Ok(())
    }

    /// `fd_sync(fd) -> errno`: writes the file's data and metadata to storage (`fsync`).
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTCAPABLE` without `FD_SYNC`; `EINVAL` on a
    /// stream that cannot be synced.
    pub fn fd_sync(&mut self, _mem: &mut GuestMemory<'_>, fd: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_SYNC, Errno::NOTCAPABLE)?;
        entry.desc.handle().sync()?;
        Ok(())
    }
}
