//! [`OverlayFile`]: a file opened through an [`Overlay`](super::Overlay). It reads the lower
//! file until the first change, which copies the file up and goes on in the upper layer.

use super::{Found, Shared};
use crate::backend::{File, Handle, Name, Readiness, Result, SetTime, Stat};
use crate::memfs::file::MemFile;
use crate::memfs::state::Kind;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::RefCell;
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// Where a lower file was opened: the upper directory, the name, the lower `(dev, ino)`.
type Opened = (u64, String, (u64, u64));

/// An open file of the overlay.
#[derive(Debug)]
pub(crate) struct OverlayFile {
    shared: Arc<Shared>,
    inner: RefCell<Box<dyn File>>,
    /// While the file is the lower one: where it was opened and its lower `(dev, ino)`.
    lower: RefCell<Option<Opened>>,
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

    /// Before a change: makes this fd an upper file. If its name still shows the lower
    /// file, that is copied up; if the file was copied up already (under any name), the fd
    /// goes on with that copy; if its names are gone, with an unnamed copy of its bytes, as
    /// an unlinked file's fd goes on with its file.
    fn up(&self) -> Result<()> {
        let Some((dir, name, ident)) = self.lower.borrow_mut().take() else {
            return Ok(());
        };
        let shared = Arc::clone(&self.shared);
        let fdflags = self.inner.borrow().fdflags()?;
        let ino = shared.state.with(|l| {
            if let Some(&ino) = l.by_origin.get(&ident) {
                return Ok(ino);
            }
            let upper = shared.upper_dir(dir);
            let n = Name::new(&name)?;
            if l.find(&upper, dir, n)? == Found::Lower(Filetype::RegularFile)
                && l.lower_stat(dir, n)?.map(|s| (s.dev, s.ino)) == Some(ident)
            {
                l.copy_up(&shared, dir, n, true)?;
                return l.by_origin.get(&ident).copied().ok_or(Errno::IO);
            }
            // No name shows the file any more: an unnamed copy, read through this fd.
            let size = self.inner.borrow().stat()?.size;
            let mut bytes = Vec::new();
            let len = usize::try_from(size).map_err(|_| Errno::NOSPC)?;
            bytes.try_reserve_exact(len).map_err(|_| Errno::NOSPC)?;
            bytes.resize(len, 0);
            let mut done = 0usize;
            while done < len {
                let at = u64::try_from(done).unwrap_or(u64::MAX);
                let n = self.inner.borrow_mut().pread(
                    &mut bytes,
                    &[(done, len.saturating_sub(done))],
                    at,
                )?;
                if n == 0 {
                    bytes.truncate(done);
                    break;
                }
                done = done.saturating_add(n);
            }
            let now = shared.now();
            let ino = shared
                .upper
                .shared
                .state
                .with(|s| s.create_orphan(Kind::File(bytes), now))?;
            l.set_origin(ino, ident);
            Ok(ino)
        });
        let ino = match ino {
            Ok(ino) => ino,
            Err(e) => {
                *self.lower.borrow_mut() = Some((dir, name, ident));
                return Err(e);
            }
        };
        let file = MemFile::open(
            Arc::clone(&shared.upper.shared),
            ino,
            Filetype::RegularFile,
            fdflags,
        );
        let mut inner = self.inner.borrow_mut();
        let at = inner.seek(0, Whence::Cur).unwrap_or(0);
        *inner = Box::new(file);
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
