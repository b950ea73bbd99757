//! [`MemFile`]: an open regular file (or, opened only to be stat'ed, a symlink) of a
//! [`MemFs`](super::MemFs).

use super::Shared;
use super::state::{Kind, State};
use crate::backend::{File, Handle, Readiness, Result, SetTime, Stat};
use alloc::sync::Arc;
use core::cell::Cell;
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// An open file: the inode (not its name) and the fd's own offset and flags.
#[derive(Debug)]
pub(crate) struct MemFile {
    shared: Arc<Shared>,
    ino: u64,
    filetype: Filetype,
    offset: u64,
    flags: Cell<Fdflags>,
}

impl MemFile {
    /// A new handle on `ino` (counted, so the inode outlives its names).
    pub(crate) fn open(
        shared: Arc<Shared>,
        ino: u64,
        filetype: Filetype,
        flags: Fdflags,
    ) -> MemFile {
        shared.state.with(|s| {
            if let Ok(inode) = s.inode_mut(ino) {
                inode.handles = inode.handles.saturating_add(1);
            }
        });
        MemFile::counted(shared, ino, filetype, flags)
    }

    /// A handle on `ino` whose handle count the caller has already raised (in the same lock
    /// that found the inode, so that it cannot be freed in between).
    pub(crate) fn counted(
        shared: Arc<Shared>,
        ino: u64,
        filetype: Filetype,
        flags: Fdflags,
    ) -> MemFile {
        MemFile {
            shared,
            ino,
            filetype,
            offset: 0,
            flags: Cell::new(flags),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State, u64) -> Result<R>) -> Result<R> {
        let now = self.shared.now();
        self.shared.state.with(|s| f(s, now))
    }

    /// Copies the file's bytes from `at` into the ranges, in order; the count.
    fn read_at(&self, mem: &mut [u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        self.shared.state.with(|s| {
            let Kind::File(data) = &s.inode(self.ino)?.kind else {
                return Err(Errno::BADF);
            };
            let mut pos = usize::try_from(at).unwrap_or(usize::MAX);
            let mut copied = 0usize;
            for &(start, len) in ranges {
                let rest = data.get(pos..).unwrap_or_default();
                let n = len.min(rest.len());
                if n == 0 {
                    break;
                }
                if let (Some(dst), Some(src)) =
                    (mem.get_mut(start..start.saturating_add(n)), rest.get(..n))
                {
                    dst.copy_from_slice(src);
                }
                pos = pos.saturating_add(n);
                copied = copied.saturating_add(n);
            }
            Ok(copied)
        })
    }

    /// Writes the ranges at `at` (`None`: at the end, found in the same lock, so appends
    /// through several fds never overwrite each other), growing the file within the limits;
    /// the count and where the write began.
    fn write_at(
        &self,
        mem: &[u8],
        ranges: &[(usize, usize)],
        at: Option<u64>,
    ) -> Result<(usize, u64)> {
        let total = ranges.iter().fold(0usize, |t, r| t.saturating_add(r.1));
        self.with(|s, now| {
            let at = match at {
                Some(at) => at,
                None => match &s.inode(self.ino)?.kind {
                    Kind::File(data) => u64::try_from(data.len()).unwrap_or(u64::MAX),
                    Kind::Dir(_) | Kind::Symlink(_) => return Err(Errno::BADF),
                },
            };
            let room = s.make_room(self.ino, at, total, now)?;
            let Kind::File(data) = &mut s.inode_mut(self.ino)?.kind else {
                return Err(Errno::BADF);
            };
            let mut pos = usize::try_from(at).map_err(|_| Errno::FBIG)?;
            let mut left = room;
            for &(start, len) in ranges {
                let n = len.min(left);
                if n == 0 {
                    break;
                }
                if let (Some(dst), Some(src)) = (
                    data.get_mut(pos..pos.saturating_add(n)),
                    mem.get(start..start.saturating_add(n)),
                ) {
                    dst.copy_from_slice(src);
                }
                pos = pos.saturating_add(n);
                left = left.saturating_sub(n);
            }
            if room > 0 {
                let inode = s.inode_mut(self.ino)?;
                inode.mtim = now;
                inode.ctim = now;
            }
            Ok((room, at))
        })
    }

    fn size(&self) -> Result<u64> {
        self.shared.state.with(|s| match &s.inode(self.ino)?.kind {
            Kind::File(data) => Ok(u64::try_from(data.len()).unwrap_or(u64::MAX)),
            Kind::Dir(_) | Kind::Symlink(_) => Err(Errno::BADF),
        })
    }
}

impl Drop for MemFile {
    fn drop(&mut self) {
        let ino = self.ino;
        self.shared.state.with(|s| {
            if let Ok(inode) = s.inode_mut(ino) {
                inode.handles = inode.handles.saturating_sub(1);
            }
            s.free_if_unused(ino);
        });
    }
}

impl Handle for MemFile {
    fn stat(&self) -> Result<Stat> {
        let dev = self.shared.dev;
        self.shared.state.with(|s| s.stat(self.ino, dev))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.with(|s, now| s.set_times(self.ino, atim, mtim, now))
    }

    fn fdflags(&self) -> Result<Fdflags> {
        Ok(self.flags.get())
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.flags.set(flags);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        Ok(())
    }

    fn datasync(&self) -> Result<()> {
        Ok(())
    }
}

impl File for MemFile {
    fn filetype(&self) -> Filetype {
        self.filetype
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        let n = self.read_at(mem, ranges, self.offset)?;
        self.offset = self
            .offset
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        let at = if self.flags.get().contains(Fdflags::APPEND) {
            None
        } else {
            Some(self.offset)
        };
        let (n, at) = self.write_at(mem, ranges, at)?;
        self.offset = at.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }

    fn pread(&mut self, mem: &mut [u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        self.read_at(mem, ranges, at)
    }

    fn pwrite(&mut self, mem: &[u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        // As Linux does: with APPEND, a positioned write goes to the end too.
        let at = if self.flags.get().contains(Fdflags::APPEND) {
            None
        } else {
            Some(at)
        };
        self.write_at(mem, ranges, at).map(|(n, _)| n)
    }

    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64> {
        let base = match whence {
            Whence::Set => 0,
            Whence::Cur => self.offset,
            Whence::End => self.size()?,
        };
        let base = i64::try_from(base).map_err(|_| Errno::OVERFLOW)?;
        let new = base.checked_add(delta).ok_or(Errno::OVERFLOW)?;
        self.offset = u64::try_from(new).map_err(|_| Errno::INVAL)?;
        Ok(self.offset)
    }

    fn set_size(&mut self, size: u64) -> Result<()> {
        self.with(|s, now| s.resize(self.ino, size, now))
    }

    fn allocate(&mut self, at: u64, len: u64) -> Result<()> {
        let end = at.checked_add(len).ok_or(Errno::FBIG)?;
        if end > self.size()? {
            self.with(|s, now| s.resize(self.ino, end, now))?;
        }
        Ok(())
    }

    fn advise(&mut self, _: u64, _: u64, _: Advice) -> Result<()> {
        Ok(())
    }

    fn readiness(&self, write: bool) -> Readiness {
        let nbytes = if write {
            0
        } else {
            self.size().unwrap_or(0).saturating_sub(self.offset)
        };
        Readiness::Ready {
            nbytes,
            hangup: false,
        }
    }
}
