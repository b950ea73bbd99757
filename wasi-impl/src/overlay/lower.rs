//! The lower layer of an [`Overlay`](super::Overlay), read-only by construction:
//! [`LowerDir`] and [`LowerFile`] forward every query to the directory they wrap and refuse
//! every change with `EROFS`, so no path through the overlay can write to the lower tree,
//! whatever the rights checks above it decide.

use crate::backend::{
    Dir, DirEntry, File, Handle, Name, OpenHow, Opened, Readiness, Result, SetTime, Stat,
};
use core::any::Any;
use core::ops::ControlFlow;
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// A lower directory: queries pass through, changes are `EROFS`.
#[derive(Debug)]
pub(crate) struct LowerDir(pub(crate) Box<dyn Dir>);

/// A lower file opened for reading: reads pass through, changes are `EROFS`.
#[derive(Debug)]
pub(crate) struct LowerFile(Box<dyn File>);

/// Wraps what the lower layer opened.
fn wrap(opened: Opened) -> Opened {
    match opened {
        Opened::Dir(d) => Opened::Dir(Box::new(LowerDir(d))),
        Opened::File(f) => Opened::File(Box::new(LowerFile(f))),
    }
}

/// Refuses an open that could change anything.
fn read_only(how: &OpenHow) -> Result<OpenHow> {
    if how.write || how.create || how.truncate || how.modify_times {
        return Err(Errno::ROFS);
    }
    Ok(*how)
}

impl Handle for LowerDir {
    fn stat(&self) -> Result<Stat> {
        self.0.stat()
    }
    fn set_times(&self, _: SetTime, _: SetTime) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn fdflags(&self) -> Result<Fdflags> {
        self.0.fdflags()
    }
    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.0.set_fdflags(flags)
    }
    fn sync(&self) -> Result<()> {
        Ok(())
    }
    fn datasync(&self) -> Result<()> {
        Ok(())
    }
}

impl Dir for LowerDir {
    fn stat_at(&self, name: Name<'_>) -> Result<Stat> {
        self.0.stat_at(name)
    }
    fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened> {
        self.0.open_at(name, &read_only(how)?).map(wrap)
    }
    fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>> {
        Ok(Box::new(LowerDir(self.0.lookup(name)?)))
    }
    fn reopen(&self, how: &OpenHow) -> Result<Opened> {
        self.0.reopen(&read_only(how)?).map(wrap)
    }
    fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize> {
        self.0.readlink_at(name, buf)
    }
    fn mkdir_at(&self, _: Name<'_>) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn rmdir_at(&self, _: Name<'_>) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn unlink_at(&self, _: Name<'_>) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn symlink_at(&self, _: &str, _: Name<'_>) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn rename_at(&self, _: Name<'_>, _: &dyn Dir, _: Name<'_>, _: bool) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn link_at(&self, _: Name<'_>, _: &dyn Dir, _: Name<'_>) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn set_times_at(&self, _: Name<'_>, _: SetTime, _: SetTime) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn read_dir(
        &mut self,
        cookie: u64,
        each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
    ) -> Result<()> {
        self.0.read_dir(cookie, each)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn open_beneath(&self, path: &str, how: &OpenHow, follow: bool) -> Option<Result<Opened>> {
        let how = match read_only(how) {
            Ok(how) => how,
            Err(e) => return Some(Err(e)),
        };
        self.0.open_beneath(path, &how, follow).map(|r| r.map(wrap))
    }
}

impl Handle for LowerFile {
    fn stat(&self) -> Result<Stat> {
        self.0.stat()
    }
    fn set_times(&self, _: SetTime, _: SetTime) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn fdflags(&self) -> Result<Fdflags> {
        self.0.fdflags()
    }
    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.0.set_fdflags(flags)
    }
    fn sync(&self) -> Result<()> {
        Ok(())
    }
    fn datasync(&self) -> Result<()> {
        Ok(())
    }
}

impl File for LowerFile {
    fn filetype(&self) -> Filetype {
        self.0.filetype()
    }
    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.0.read(mem, ranges)
    }
    fn write(&mut self, _: &[u8], _: &[(usize, usize)]) -> Result<usize> {
        Err(Errno::ROFS)
    }
    fn pread(&mut self, mem: &mut [u8], ranges: &[(usize, usize)], at: u64) -> Result<usize> {
        self.0.pread(mem, ranges, at)
    }
    fn pwrite(&mut self, _: &[u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(Errno::ROFS)
    }
    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64> {
        self.0.seek(delta, whence)
    }
    fn set_size(&mut self, _: u64) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn allocate(&mut self, _: u64, _: u64) -> Result<()> {
        Err(Errno::ROFS)
    }
    fn advise(&mut self, offset: u64, len: u64, advice: Advice) -> Result<()> {
        self.0.advise(offset, len, advice)
    }
    fn readiness(&self, write: bool) -> Readiness {
        self.0.readiness(write)
    }
}
