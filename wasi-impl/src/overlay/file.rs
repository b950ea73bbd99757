//! [`OverlayFile`]: a file opened through an [`Overlay`](super::Overlay). It reads the lower
//! file until the first change, which copies the file up and goes on in the upper layer.

use super::{Found, Shared};
use crate::backend::{Dir, File, Handle, Name, OpenHow, Opened, Readiness, Result, SetTime, Stat};
use alloc::string::String;
use alloc::sync::Arc;
use core::cell::RefCell;
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// An open file of the overlay.
#[derive(Debug)]
pub(crate) struct OverlayFile {
    shared: Arc<Shared>,
    inner: RefCell<Box<dyn File>>,
    /// While the file is the lower one: where it was opened and its lower `(dev, ino)`.
    lower: RefCell<Option<(u64, String, (u64, u64))>>,
}

impl OverlayFile {
    /// A file of the upper layer.
    pub(crate) fn upper(shared: Arc<Shared>, inner: Box<dyn File>) -> OverlayFile {
        OverlayFile {
            shared,
            inner: RefCell::new(inner),
            lower: RefCell::new(None),
        }
    }

    /// The lower file `name` of upper directory `dir`, opened read-only.
    pub(crate) fn lower(
        shared: Arc<Shared>,
        dir: u64,
        name: &str,
        ident: (u64, u64),
        inner: Box<dyn File>,
    ) -> OverlayFile {
        OverlayFile {
            shared,
            inner: RefCell::new(inner),
            lower: RefCell::new(Some((dir, String::from(name), ident))),
        }
    }

    /// Before a change: makes this fd an upper file, copying the lower one up if nobody
    /// has. `EROFS` if the name it was opened by no longer shows this file.
    fn up(&self) -> Result<()> {
        let Some((dir, name, ident)) = self.lower.borrow_mut().take() else {
            return Ok(());
        };
        let shared = Arc::clone(&self.shared);
        let fdflags = self.inner.borrow().fdflags()?;
        let opened = shared.state.with(|l| {
            let upper = shared.upper_dir(dir);
            let n = Name::new(&name)?;
            match l.find(&upper, dir, n)? {
                Found::Lower(_) if l.lower_stat(dir, n)?.map(|s| (s.dev, s.ino)) == Some(ident) => {
                    l.copy_up(&shared, dir, n)?;
                }
                Found::Upper(_)
                    if upper
                        .stat_at(n)
                        .is_ok_and(|s| l.origins.get(&s.ino) == Some(&ident)) => {}
                _ => return Err(Errno::ROFS),
            }
            let how = OpenHow {
                read: true,
                write: true,
                fdflags,
                ..OpenHow::default()
            };
            upper.open_at(n, &how)
        });
        let file = match opened {
            Ok(Opened::File(f)) => f,
            Ok(Opened::Dir(_)) => return Err(Errno::ISDIR),
            Err(e) => {
                *self.lower.borrow_mut() = Some((dir, name, ident));
                return Err(e);
            }
        };
        let mut inner = self.inner.borrow_mut();
        let at = inner.seek(0, Whence::Cur).unwrap_or(0);
        *inner = file;
        inner.seek(i64::try_from(at).unwrap_or(0), Whence::Set)?;
        Ok(())
    }

    /// The file, after [`up`](Self::up).
    fn changing(&self) -> Result<core::cell::RefMut<'_, Box<dyn File>>> {
        self.up()?;
        Ok(self.inner.borrow_mut())
    }
}

impl Handle for OverlayFile {
    fn stat(&self) -> Result<Stat> {
        let st = self.inner.borrow().stat()?;
        if self.lower.borrow().is_some() {
            return Ok(st);
        }
        self.shared.state.with(|l| l.merged_stat(st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.changing()?.set_times(atim, mtim)
    }

    fn fdflags(&self) -> Result<Fdflags> {
        self.inner.borrow().fdflags()
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.inner.borrow().set_fdflags(flags)
    }

    fn sync(&self) -> Result<()> {
        self.inner.borrow().sync()
    }

    fn datasync(&self) -> Result<()> {
        self.inner.borrow().datasync()
    }
}

impl File for OverlayFile {
    fn filetype(&self) -> Filetype {
        self.inner.borrow().filetype()
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.inner.get_mut().read(mem, ranges)
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.changing()?.write(mem, ranges)
    }

    fn pread(&mut self, mem: &mut [u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        self.inner.get_mut().pread(mem, ranges, at)
    }

    fn pwrite(&mut self, mem: &[u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        self.changing()?.pwrite(mem, ranges, at)
    }

    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64> {
        self.inner.get_mut().seek(delta, whence)
    }

    fn set_size(&mut self, size: u64) -> Result<()> {
        self.changing()?.set_size(size)
    }

    fn allocate(&mut self, at: u64, len: u64) -> Result<()> {
        self.changing()?.allocate(at, len)
    }

    fn advise(&mut self, at: u64, len: u64, advice: Advice) -> Result<()> {
        self.inner.get_mut().advise(at, len, advice)
    }

    fn readiness(&self, write: bool) -> Readiness {
        self.inner.borrow().readiness(write)
    }
}
