//! [`HostFile`]: a host fd that is not a directory, behind the [`File`] trait.

use super::dir::shown_flags;
use super::fs::{self, to_stat, utime_pair};
use super::sys;
use crate::backend::{File, Handle, PollToken, Readiness, Result, SetTime, Stat};
use std::cell::Cell;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// An open host file: a regular file, a device or a FIFO, opened through a preopen.
#[derive(Debug)]
pub struct HostFile {
    fd: OwnedFd,
    filetype: Filetype,
    /// The fd has `O_NONBLOCK` only because it was opened with it (see `HostDir`'s
    /// `opened`): Linux ignores it for regular files, and the guest does not see it.
    hide_nonblock: Cell<bool>,
}

impl HostFile {
    pub(crate) fn new(fd: OwnedFd, filetype: Filetype, hide_nonblock: bool) -> HostFile {
        HostFile {
            fd,
            filetype,
            hide_nonblock: Cell::new(hide_nonblock),
        }
    }

    fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// An offset the kernel takes (`off_t`): `EINVAL` past 2^63 - 1.
pub(crate) fn offset(offset: u64) -> Result<i64> {
    i64::try_from(offset).map_err(|_| Errno::INVAL)
}

/// The `lseek` whence for a WASI one.
pub(crate) fn host_whence(whence: Whence) -> libc::c_int {
    match whence {
        Whence::Set => libc::SEEK_SET,
        Whence::Cur => libc::SEEK_CUR,
        Whence::End => libc::SEEK_END,
    }
}

/// Bytes between the fd's offset and the end of the file (0 if that cannot be told).
pub(crate) fn remaining(fd: BorrowedFd<'_>) -> u64 {
    let size = fs::fstat(fd).map_or(0, |st| u64::try_from(st.st_size).unwrap_or(0));
    let at = fs::lseek(fd, 0, libc::SEEK_CUR).unwrap_or(size);
    size.saturating_sub(at)
}

/// How a host fd answers readiness: regular files at once (the witx says so) with the bytes
/// left; everything else through the poller.
pub(crate) fn host_readiness(fd: BorrowedFd<'_>, filetype: Filetype, write: bool) -> Readiness {
    if filetype == Filetype::RegularFile {
        let nbytes = if write { 0 } else { remaining(fd) };
        return Readiness::Ready {
            nbytes,
            hangup: false,
        };
    }
    Readiness::Wait(poll_token(fd))
}

/// The poller's token for a host fd: its number.
pub(crate) fn poll_token(fd: BorrowedFd<'_>) -> PollToken {
    PollToken::new(u64::try_from(fd.as_raw_fd()).unwrap_or(u64::MAX))
}

impl Handle for HostFile {
    fn stat(&self) -> Result<Stat> {
        fs::fstat(self.fd()).map(|st| to_stat(&st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        fs::futimens(self.fd(), &utime_pair(atim, mtim))
    }

    fn fdflags(&self) -> Result<Fdflags> {
        shown_flags(sys::fdflags(self.fd())?, &self.hide_nonblock)
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        fs::set_append_nonblock(self.fd(), flags)?;
        self.hide_nonblock.set(false);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        fs::fsync(self.fd())
    }

    fn datasync(&self) -> Result<()> {
        fs::fdatasync(self.fd())
    }
}

impl File for HostFile {
    fn filetype(&self) -> Filetype {
        self.filetype
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        sys::readv(self.fd(), mem, ranges)
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        sys::writev(self.fd(), mem, ranges)
    }

    fn pread(&mut self, mem: &mut [u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        fs::preadv(self.fd(), mem, ranges, offset(at)?)
    }

    fn pwrite(&mut self, mem: &[u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        fs::pwritev(self.fd(), mem, ranges, offset(at)?)
    }

    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64> {
        fs::lseek(self.fd(), delta, host_whence(whence))
    }

    fn set_size(&mut self, size: u64) -> Result<()> {
        fs::ftruncate(self.fd(), i64::try_from(size).map_err(|_| Errno::FBIG)?)
    }

    fn allocate(&mut self, at: u64, len: u64) -> Result<()> {
        // The core checked that at + len < 2^63.
        fs::posix_fallocate(self.fd(), offset(at)?, offset(len)?)
    }

    fn advise(&mut self, at: u64, len: u64, advice: Advice) -> Result<()> {
        let advice = match advice {
            Advice::Normal => libc::POSIX_FADV_NORMAL,
            Advice::Sequential => libc::POSIX_FADV_SEQUENTIAL,
            Advice::Random => libc::POSIX_FADV_RANDOM,
            Advice::Willneed => libc::POSIX_FADV_WILLNEED,
            Advice::Dontneed => libc::POSIX_FADV_DONTNEED,
            Advice::Noreuse => libc::POSIX_FADV_NOREUSE,
        };
        fs::posix_fadvise(self.fd(), offset(at)?, offset(len)?, advice)
    }

    fn readiness(&self, write: bool) -> Readiness {
        host_readiness(self.fd(), self.filetype, write)
    }
}
