//! [`HostStdio`]: the host process's own standard streams, inherited by a guest.

use super::file::{host_readiness, host_whence};
use super::fs::{self, to_stat, utime_pair};
use super::sys;
use crate::backend::{File, Handle, Readiness, Result, SetTime, Stat};
use std::os::fd::{AsFd, BorrowedFd};
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// One of the host process's standard streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdStream {
    /// Standard input.
    Stdin,
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

impl StdStream {
    /// Runs `f` with a borrowed fd of the stream, from std's handles.
    fn with<R>(self, f: impl FnOnce(BorrowedFd<'_>) -> R) -> R {
        match self {
            StdStream::Stdin => f(std::io::stdin().as_fd()),
            StdStream::Stdout => f(std::io::stdout().as_fd()),
            StdStream::Stderr => f(std::io::stderr().as_fd()),
        }
    }
}

/// A host standard stream as a guest's fd 0, 1 or 2. It is shared with the host process, so
/// its flags cannot be changed (`ENOTSUP`), and it is never closed on the host.
#[derive(Debug)]
pub struct HostStdio {
    stream: StdStream,
    filetype: Filetype,
}

impl HostStdio {
    /// The stream, with the type the host says it has (a pipe or FIFO: `unknown`).
    pub fn new(stream: StdStream) -> HostStdio {
        let filetype = stream.with(sys::filetype).unwrap_or(Filetype::Unknown);
        HostStdio { stream, filetype }
    }
}

impl Handle for HostStdio {
    fn stat(&self) -> Result<Stat> {
        self.stream.with(fs::fstat).map(|st| to_stat(&st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.stream
            .with(|fd| fs::futimens(fd, &utime_pair(atim, mtim)))
    }

    fn fdflags(&self) -> Result<Fdflags> {
        self.stream.with(sys::fdflags)
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        // The host's streams are shared with the host process: no change is allowed.
        if flags == self.fdflags()? {
            Ok(())
        } else {
            Err(Errno::NOTSUP)
        }
    }

    fn sync(&self) -> Result<()> {
        self.stream.with(fs::fsync)
    }

    fn datasync(&self) -> Result<()> {
        self.stream.with(fs::fdatasync)
    }
}

impl File for HostStdio {
    fn filetype(&self) -> Filetype {
        self.filetype
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.stream.with(|fd| sys::readv(fd, mem, ranges))
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.stream.with(|fd| sys::writev(fd, mem, ranges))
    }

    fn pread(&mut self, _: &mut [u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(Errno::SPIPE)
    }

    fn pwrite(&mut self, _: &[u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(Errno::SPIPE)
    }

    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64> {
        self.stream
            .with(|fd| fs::lseek(fd, delta, host_whence(whence)))
    }

    fn set_size(&mut self, _: u64) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn allocate(&mut self, _: u64, _: u64) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn advise(&mut self, _: u64, _: u64, _: Advice) -> Result<()> {
        Err(Errno::SPIPE)
    }

    fn readiness(&self, write: bool) -> Readiness {
        // A stream is polled whatever it is connected to, a regular file included.
        self.stream
            .with(|fd| host_readiness(fd, Filetype::Unknown, write))
    }
}
