//! [`MemDir`]: a directory of a [`MemFs`](super::MemFs) behind the [`Dir`] trait.

use super::Shared;
use super::file::MemFile;
use super::state::{FIRST_KEY, Kind, State, dot_keys};
use crate::backend::{Dir, DirEntry, Handle, Name, OpenHow, Opened, Result, SetTime, Stat};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::Cell;
use core::ops::ControlFlow;
use wasi_abi::{Errno, Fdflags, Filetype};

/// A handle on one directory inode. It holds the inode, not a name: renaming the directory
/// leaves the handle valid; removing it leaves a handle on an empty, removed directory
/// (listing it gives nothing, creating in it is `ENOENT`).
#[derive(Debug)]
pub(crate) struct MemDir {
    shared: Arc<Shared>,
    ino: u64,
    flags: Cell<Fdflags>,
}

impl MemDir {
    /// A new handle on directory `ino` (counted, so the inode outlives its name).
    pub(crate) fn open(shared: Arc<Shared>, ino: u64) -> MemDir {
        shared.state.with(|s| {
            if let Ok(inode) = s.inode_mut(ino) {
                inode.handles = inode.handles.saturating_add(1);
            }
        });
        MemDir {
            shared,
            ino,
            flags: Cell::new(Fdflags::empty()),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut State, u64) -> Result<R>) -> Result<R> {
        let now = self.shared.now();
        self.shared.state.with(|s| f(s, now))
    }

    /// The same filesystem's directory behind `dir`, or `EXDEV` for another's.
    fn same_fs<'d>(&self, dir: &'d dyn Dir) -> Result<&'d MemDir> {
        match dir.as_any().downcast_ref::<MemDir>() {
            Some(d) if Arc::ptr_eq(&d.shared, &self.shared) => Ok(d),
            _ => Err(Errno::XDEV),
        }
    }

    /// A handle on inode `ino` as `how` asks, by its kind; the caller has raised the
    /// inode's handle count (see [`count`]).
    fn handle_on(&self, ino: u64, kind: Filetype, how: &OpenHow) -> Opened {
        let shared = Arc::clone(&self.shared);
        match kind {
            Filetype::Directory => Opened::Dir(Box::new(MemDir {
                shared,
                ino,
                flags: Cell::new(Fdflags::empty()),
            })),
            _ => Opened::File(Box::new(MemFile::counted(shared, ino, kind, how.fdflags))),
        }
    }
}

/// Raises the handle count of `ino`, in the lock that found it, for a handle about to be made.
fn count(s: &mut State, ino: u64) -> Result<()> {
    let inode = s.inode_mut(ino)?;
    inode.handles = inode.handles.saturating_add(1);
    Ok(())
}

impl Drop for MemDir {
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

impl Handle for MemDir {
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

impl Dir for MemDir {
    fn stat_at(&self, name: Name<'_>) -> Result<Stat> {
        let dev = self.shared.dev;
        self.shared.state.with(|s| {
            let ino = s.lookup(self.ino, name.as_str())?;
            s.stat(ino, dev)
        })
    }

    fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened> {
        let (ino, kind) = self.with(|s, now| {
            let found = s.lookup(self.ino, name.as_str());
            let ino = match found {
                Ok(_) if how.create && how.exclusive => return Err(Errno::EXIST),
                Ok(ino) => ino,
                Err(Errno::NOENT) if how.create && !how.path_only => {
                    let ino = s.create(self.ino, name.as_str(), Kind::File(Vec::new()), now)?;
                    count(s, ino)?;
                    return Ok((ino, Filetype::RegularFile));
                }
                Err(e) => return Err(e),
            };
            let kind = s.inode(ino)?.filetype();
            match kind {
                _ if how.path_only => {}
                Filetype::SymbolicLink if how.directory => return Err(Errno::NOTDIR),
                Filetype::SymbolicLink => return Err(Errno::LOOP),
                Filetype::Directory if how.write || how.create || how.truncate => {
                    return Err(Errno::ISDIR);
                }
                Filetype::Directory => {}
                _ if how.directory => return Err(Errno::NOTDIR),
                _ if how.truncate => s.resize(ino, 0, now)?,
                _ => {}
            }
            count(s, ino)?;
            Ok((ino, kind))
        })?;
        Ok(self.handle_on(ino, kind, how))
    }

    fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>> {
        let ino = self.shared.state.with(|s| {
            let ino = s.lookup(self.ino, name.as_str())?;
            match s.inode(ino)?.filetype() {
                Filetype::Directory => count(s, ino).map(|()| ino),
                _ => Err(Errno::NOTDIR),
            }
        })?;
        Ok(Box::new(MemDir {
            shared: Arc::clone(&self.shared),
            ino,
            flags: Cell::new(Fdflags::empty()),
        }))
    }

    fn reopen(&self, how: &OpenHow) -> Result<Opened> {
        if how.write || how.truncate {
            return Err(Errno::ISDIR);
        }
        self.shared.state.with(|s| count(s, self.ino))?;
        Ok(self.handle_on(self.ino, Filetype::Directory, how))
    }

    fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize> {
        self.shared.state.with(|s| {
            let ino = s.lookup(self.ino, name.as_str())?;
            match &s.inode(ino)?.kind {
                Kind::Symlink(target) => {
                    let n = target.len().min(buf.len());
                    if let (Some(dst), Some(src)) = (buf.get_mut(..n), target.as_bytes().get(..n)) {
                        dst.copy_from_slice(src);
                    }
                    Ok(n)
                }
                Kind::File(_) | Kind::Dir(_) => Err(Errno::INVAL),
            }
        })
    }

    fn mkdir_at(&self, name: Name<'_>) -> Result<()> {
        self.with(|s, now| s.mkdir(self.ino, name.as_str(), now).map(|_| ()))
    }

    fn rmdir_at(&self, name: Name<'_>) -> Result<()> {
        self.with(|s, now| s.remove(self.ino, name.as_str(), true, now))
    }

    fn unlink_at(&self, name: Name<'_>) -> Result<()> {
        self.with(|s, now| s.remove(self.ino, name.as_str(), false, now))
    }

    fn symlink_at(&self, target: &str, name: Name<'_>) -> Result<()> {
        if target.is_empty() {
            return Err(Errno::NOENT);
        }
        self.with(|s, now| {
            s.create(
                self.ino,
                name.as_str(),
                Kind::Symlink(String::from(target)),
                now,
            )
            .map(|_| ())
        })
    }

    fn rename_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>, dirs: bool) -> Result<()> {
        let to = self.same_fs(to)?;
        self.with(|s, now| s.rename(self.ino, old.as_str(), to.ino, new.as_str(), dirs, now))
    }

    fn link_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>) -> Result<()> {
        let to = self.same_fs(to)?;
        self.with(|s, now| s.link(self.ino, old.as_str(), to.ino, new.as_str(), now))
    }

    fn set_times_at(&self, name: Name<'_>, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.with(|s, now| {
            let ino = s.lookup(self.ino, name.as_str())?;
            s.set_times(ino, atim, mtim, now)
        })
    }

    fn read_dir(
        &mut self,
        cookie: u64,
        each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
    ) -> Result<()> {
        self.shared.state.with(|s| {
            let inode = s.inode(self.ino)?;
            let Kind::Dir(d) = &inode.kind else {
                return Err(Errno::NOTDIR);
            };
            if inode.nlink == 0 {
                // Removed: nothing to list, not even `.` and `..`.
                return Ok(());
            }
            let (dot, dotdot) = dot_keys();
            for (key, ino, name) in [(dot, self.ino, "."), (dotdot, d.parent, "..")] {
                if cookie <= key {
                    let entry = DirEntry {
                        next: key.saturating_add(1),
                        ino,
                        filetype: Filetype::Directory,
                        name: name.as_bytes(),
                    };
                    if each(&entry).is_break() {
                        return Ok(());
                    }
                }
            }
            for (&key, name) in d.by_key.range(cookie.max(FIRST_KEY)..) {
                let Some(ino) = d.get(name) else { continue };
                let filetype = s.inode(ino).map_or(Filetype::Unknown, |i| i.filetype());
                let entry = DirEntry {
                    next: key.saturating_add(1),
                    ino,
                    filetype,
                    name: name.as_bytes(),
                };
                if each(&entry).is_break() {
                    return Ok(());
                }
            }
            Ok(())
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
