//! [`OverlayDir`]: a merged directory of an [`Overlay`](super::Overlay).

use super::file::OverlayFile;
use super::lower::LowerDir;
use super::{Found, Layers, Lower, Shared, listable};
use crate::backend::{Dir, DirEntry, Handle, Name, OpenHow, Opened, Result, SetTime, Stat};
use crate::memfs::dir::MemDir;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::any::Any;
use core::cell::Cell;
use core::ops::ControlFlow;
use wasi_abi::{Errno, Fdflags, Filetype};

/// Cookies from here on stand for the lower part of a listing: `LOWER + i` resumes at the
/// `i`-th lower cookie handed out by this handle.
const LOWER: u64 = 1 << 62;

/// A merged directory: its upper directory (always there: a mirror for a lower directory),
/// and through the shared layers its lower one.
#[derive(Debug)]
pub(crate) struct OverlayDir {
    shared: Arc<Shared>,
    ino: u64,
    upper: MemDir,
    flags: Cell<Fdflags>,
    /// A listable handle on the lower directory, opened at the first listing.
    lower_list: Option<Box<dyn Dir>>,
    /// The lower cookies this handle's listing handed out (index 0: the start).
    lower_cookies: Vec<u64>,
    /// The upper names when the listing's upper part ended: these, and only these, shadow
    /// lower entries for the rest of the listing (an entry copied up meanwhile still shows
    /// once).
    shadow: Option<BTreeSet<String>>,
}

impl OverlayDir {
    pub(crate) fn new(shared: Arc<Shared>, ino: u64) -> OverlayDir {
        let upper = shared.upper_dir(ino);
        OverlayDir {
            shared,
            ino,
            upper,
            flags: Cell::new(Fdflags::empty()),
            lower_list: None,
            lower_cookies: Vec::new(),
            shadow: None,
        }
    }

    fn layers<R>(&self, f: impl FnOnce(&mut Layers) -> Result<R>) -> Result<R> {
        self.shared.state.with(f)
    }

    /// The same overlay's directory behind `dir`, or `EXDEV` for another's.
    fn same_overlay<'d>(&self, dir: &'d dyn Dir) -> Result<&'d OverlayDir> {
        match dir.as_any().downcast_ref::<OverlayDir>() {
            Some(d) if Arc::ptr_eq(&d.shared, &self.shared) => Ok(d),
            _ => Err(Errno::XDEV),
        }
    }

    /// The times of this upper directory, to put back after a change the guest did not make.
    fn upper_times(&self) -> Result<(u64, u64, u64)> {
        self.shared.upper.shared.state.with(|s| {
            let i = s.inode(self.ino)?;
            Ok((i.atim, i.mtim, i.ctim))
        })
    }

    /// The merged subdirectory `name` (a lower one gets its mirror now).
    fn subdir(&self, l: &mut Layers, name: Name<'_>) -> Result<OverlayDir> {
        let child = match l.find(&self.upper, self.ino, name)? {
            Found::Upper(Filetype::Directory) => self.upper.stat_at(name)?.ino,
            Found::Lower(Filetype::Directory) => {
                let lower = l.lower(self.ino).ok_or(Errno::NOENT)?;
                let below = LowerDir(lower.lookup(name)?);
                let st = below.stat()?;
                let mut path = l
                    .lowers
                    .get(&self.ino)
                    .map(|p| p.path.clone())
                    .unwrap_or_default();
                path.push(String::from(name.as_str()));
                // The mirror is not a change the guest made: this directory's times stay.
                let times = self.upper_times()?;
                self.upper.mkdir_at(name)?;
                self.shared.upper.shared.state.with(|s| {
                    let i = s.inode_mut(self.ino)?;
                    (i.atim, i.mtim, i.ctim) = times;
                    Ok(())
                })?;
                let child = self.upper.stat_at(name)?.ino;
                l.lowers.insert(
                    child,
                    Lower {
                        path,
                        ident: (st.dev, st.ino),
                        dir: Some(below),
                    },
                );
                l.opened(child);
                child
            }
            Found::Upper(_) | Found::Lower(_) => return Err(Errno::NOTDIR),
            Found::None => return Err(Errno::NOENT),
        };
        Ok(OverlayDir::new(Arc::clone(&self.shared), child))
    }

    /// Makes sure `name` is an upper entry (copying a lower file or symlink up with its
    /// bytes, mirroring a lower directory); its merged kind.
    fn up(&self, l: &mut Layers, name: Name<'_>) -> Result<Filetype> {
        match l.find(&self.upper, self.ino, name)? {
            Found::Upper(t) => Ok(t),
            Found::Lower(Filetype::Directory) => {
                self.subdir(l, name)?;
                Ok(Filetype::Directory)
            }
            Found::Lower(t) => {
                l.copy_up(&self.shared, self.ino, name, true)?;
                Ok(t)
            }
            Found::None => Err(Errno::NOENT),
        }
    }

    /// This directory changed: a mirror now reports its own times.
    fn touch(l: &mut Layers, ino: u64) {
        if l.lowers.contains_key(&ino) {
            l.touched.insert(ino);
        }
    }

    /// After an upper entry `name` was made or moved here: a lower entry of that name stays
    /// hidden even when the upper one goes.
    fn replaced(&self, l: &mut Layers, name: Name<'_>) -> Result<()> {
        if l.lower_has(self.ino, name)? {
            l.hide(self.ino, name.as_str());
        }
        OverlayDir::touch(l, self.ino);
        Ok(())
    }

    /// Opens this directory itself as `how` asks.
    fn reopen_in(&self, how: &OpenHow) -> Result<Opened> {
        if how.write || how.truncate || how.create {
            return Err(Errno::ISDIR);
        }
        Ok(Opened::Dir(Box::new(OverlayDir::new(
            Arc::clone(&self.shared),
            self.ino,
        ))))
    }

    /// Wraps an upper file so that it reports its lower identity.
    fn upper_file(&self, opened: Opened) -> Opened {
        match opened {
            Opened::File(f) => {
                Opened::File(Box::new(OverlayFile::upper(Arc::clone(&self.shared), f)))
            }
            dir @ Opened::Dir(_) => dir,
        }
    }
}

impl Handle for OverlayDir {
    fn stat(&self) -> Result<Stat> {
        let st = self.upper.stat()?;
        self.layers(|l| l.merged_stat(st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.layers(|l| {
            self.upper.set_times(atim, mtim)?;
            l.touched.insert(self.ino);
            Ok(())
        })
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

impl Dir for OverlayDir {
    fn stat_at(&self, name: Name<'_>) -> Result<Stat> {
        self.layers(|l| match l.find(&self.upper, self.ino, name)? {
            Found::Upper(_) => {
                let st = self.upper.stat_at(name)?;
                l.merged_stat(st)
            }
            Found::Lower(_) => l.lower_stat(self.ino, name)?.ok_or(Errno::NOENT),
            Found::None => Err(Errno::NOENT),
        })
    }

    fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened> {
        self.layers(|l| {
            let found = l.find(&self.upper, self.ino, name)?;
            if found != Found::None && how.create && how.exclusive {
                return Err(Errno::EXIST);
            }
            match found {
                Found::Lower(Filetype::Directory) | Found::Upper(Filetype::Directory) => {
                    if how.create {
                        return Err(Errno::ISDIR);
                    }
                    self.subdir(l, name)?.reopen_in(how)
                }
                Found::Lower(Filetype::RegularFile | Filetype::SymbolicLink) if how.truncate => {
                    l.copy_up(&self.shared, self.ino, name, false)?;
                    self.upper.open_at(name, how).map(|o| self.upper_file(o))
                }
                Found::Lower(t) => {
                    let changes = how.write || how.truncate;
                    if changes && !matches!(t, Filetype::RegularFile | Filetype::SymbolicLink) {
                        // A lower FIFO or device: there is nothing to copy, and writing to it
                        // would reach the host.
                        return Err(Errno::NOTSUP);
                    }
                    // Opened on the lower file, for reading as asked; the first change
                    // copies it up.
                    let lower = l.lower(self.ino).ok_or(Errno::NOENT)?;
                    let ident = lower.stat_at(name)?;
                    let reading = OpenHow {
                        write: false,
                        create: false,
                        exclusive: false,
                        truncate: false,
                        modify_times: false,
                        ..*how
                    };
                    match lower.open_at(name, &reading)? {
                        Opened::File(f) => Ok(Opened::File(Box::new(OverlayFile::lower(
                            Arc::clone(&self.shared),
                            self.ino,
                            name.as_str(),
                            (ident.dev, ident.ino),
                            f,
                        )))),
                        // It became a directory on the host meanwhile.
                        Opened::Dir(_) => self.subdir(l, name)?.reopen_in(how),
                    }
                }
                Found::Upper(_) => self.upper.open_at(name, how).map(|o| self.upper_file(o)),
                Found::None if how.create && !how.path_only => {
                    let opened = self.upper.open_at(name, how)?;
                    l.unhide(self.ino, name.as_str());
                    self.replaced(l, name)?;
                    Ok(self.upper_file(opened))
                }
                Found::None => Err(Errno::NOENT),
            }
        })
    }

    fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>> {
        let sub = self.layers(|l| self.subdir(l, name))?;
        Ok(Box::new(sub))
    }

    fn reopen(&self, how: &OpenHow) -> Result<Opened> {
        self.reopen_in(how)
    }

    fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize> {
        self.layers(|l| match l.find(&self.upper, self.ino, name)? {
            Found::Upper(_) => self.upper.readlink_at(name, buf),
            Found::Lower(_) => l
                .lower(self.ino)
                .ok_or(Errno::NOENT)?
                .readlink_at(name, buf),
            Found::None => Err(Errno::NOENT),
        })
    }

    fn mkdir_at(&self, name: Name<'_>) -> Result<()> {
        self.layers(|l| {
            if l.find(&self.upper, self.ino, name)? != Found::None {
                return Err(Errno::EXIST);
            }
            // Made over a hidden lower name: a new, opaque directory.
            self.upper.mkdir_at(name)?;
            self.replaced(l, name)
        })
    }

    fn rmdir_at(&self, name: Name<'_>) -> Result<()> {
        self.layers(|l| {
            match l.find(&self.upper, self.ino, name)? {
                Found::None => return Err(Errno::NOENT),
                Found::Upper(Filetype::Directory) | Found::Lower(Filetype::Directory) => {}
                Found::Upper(_) | Found::Lower(_) => return Err(Errno::NOTDIR),
            }
            let sub = self.subdir(l, name)?;
            if !l.is_empty(&self.shared, sub.ino)? {
                return Err(Errno::NOTEMPTY);
            }
            let child = sub.ino;
            drop(sub);
            self.upper.rmdir_at(name)?;
            forget(l, child);
            self.replaced(l, name)
        })
    }

    fn unlink_at(&self, name: Name<'_>) -> Result<()> {
        self.layers(|l| {
            match l.find(&self.upper, self.ino, name)? {
                Found::None => return Err(Errno::NOENT),
                Found::Upper(Filetype::Directory) | Found::Lower(Filetype::Directory) => {
                    return Err(Errno::ISDIR);
                }
                Found::Upper(_) => self.upper.unlink_at(name)?,
                Found::Lower(_) => {}
            }
            self.replaced(l, name)
        })
    }

    fn symlink_at(&self, target: &str, name: Name<'_>) -> Result<()> {
        self.layers(|l| {
            if l.find(&self.upper, self.ino, name)? != Found::None {
                return Err(Errno::EXIST);
            }
            self.upper.symlink_at(target, name)?;
            self.replaced(l, name)
        })
    }

    fn rename_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>, dirs: bool) -> Result<()> {
        let to = self.same_overlay(to)?;
        self.layers(|l| {
            let src_dir = match l.find(&self.upper, self.ino, old)? {
                Found::None => return Err(Errno::NOENT),
                Found::Upper(t) | Found::Lower(t) => t == Filetype::Directory,
            };
            if dirs && !src_dir {
                return Err(Errno::NOTDIR);
            }
            let src_ino = if src_dir {
                Some(self.subdir(l, old)?.ino)
            } else {
                None
            };
            // A directory into itself or beneath itself, before anything about the target.
            if src_ino.is_some_and(|s| within(&self.shared, to.ino, s)) {
                return Err(Errno::INVAL);
            }
            match l.find(&to.upper, to.ino, new)? {
                Found::None => {}
                Found::Upper(t) | Found::Lower(t) => {
                    let dst_dir = t == Filetype::Directory;
                    if self.ino == to.ino && old == new {
                        return Ok(());
                    }
                    match (src_dir, dst_dir) {
                        (true, false) => return Err(Errno::NOTDIR),
                        (false, true) => return Err(Errno::ISDIR),
                        (true, true) => {
                            let victim = to.subdir(l, new)?;
                            if !l.is_empty(&self.shared, victim.ino)? {
                                return Err(Errno::NOTEMPTY);
                            }
                        }
                        (false, false) => {}
                    }
                }
            }
            self.up(l, old)?;
            let victim = to.upper.stat_at(new).ok().map(|st| st.ino);
            self.upper.rename_at(old, &to.upper, new, dirs)?;
            if let Some(v) = victim.filter(|v| Some(*v) != src_ino) {
                forget(l, v);
            }
            self.replaced(l, old)?;
            to.replaced(l, new)
        })
    }

    fn link_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>) -> Result<()> {
        let to = self.same_overlay(to)?;
        self.layers(|l| {
            match l.find(&self.upper, self.ino, old)? {
                Found::None => return Err(Errno::NOENT),
                Found::Upper(Filetype::Directory) | Found::Lower(Filetype::Directory) => {
                    return Err(Errno::PERM);
                }
                Found::Upper(_) | Found::Lower(_) => {}
            }
            if l.find(&to.upper, to.ino, new)? != Found::None {
                return Err(Errno::EXIST);
            }
            self.up(l, old)?;
            self.upper.link_at(old, &to.upper, new)?;
            to.replaced(l, new)
        })
    }

    fn set_times_at(&self, name: Name<'_>, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.layers(|l| {
            if self.up(l, name)? == Filetype::Directory {
                let child = self.upper.stat_at(name)?.ino;
                OverlayDir::touch(l, child);
            }
            self.upper.set_times_at(name, atim, mtim)
        })
    }

    fn read_dir(
        &mut self,
        cookie: u64,
        each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
    ) -> Result<()> {
        let shared = Arc::clone(&self.shared);
        let ino = self.ino;
        shared.state.with(|l| {
            if cookie < LOWER {
                // The upper part: `.` and `..` with their merged inode numbers, then the
                // upper entries (mirrors and copies by their lower identity).
                let parent = shared
                    .upper
                    .shared
                    .state
                    .with(|s| s.dir(ino).map(|d| d.parent))?;
                let (me, up) = (l.merged_ino(ino), l.merged_ino(parent));
                let mut stopped = false;
                // (The upper layer's lock is held while `each` runs: no lower call here.)
                shared.upper_dir(ino).read_dir(cookie, &mut |e| {
                    let merged = match e.name {
                        b"." => me,
                        b".." => up,
                        _ => l.merged_ino(e.ino),
                    };
                    let flow = each(&DirEntry { ino: merged, ..*e });
                    stopped = flow.is_break();
                    flow
                })?;
                if stopped {
                    return Ok(());
                }
                self.lower_cookies.clear();
                self.lower_cookies.push(0);
                self.shadow = None;
            }
            // The lower part: entries neither hidden nor shadowed by an upper one.
            let index = if cookie < LOWER {
                0
            } else {
                usize::try_from(cookie.saturating_sub(LOWER)).map_err(|_| Errno::INVAL)?
            };
            let Some(&from) = self.lower_cookies.get(index) else {
                return Err(Errno::INVAL);
            };
            self.lower_cookies.truncate(index.saturating_add(1));
            if !l.ensure(ino)? {
                return Ok(());
            }
            let Some(lower) = l.lower(ino) else {
                return Ok(());
            };
            if self.lower_list.is_none() {
                self.lower_list = Some(listable(lower)?);
            }
            if self.shadow.is_none() {
                let names = shared
                    .upper
                    .shared
                    .state
                    .with(|s| s.dir(ino).map(|d| d.by_name.keys().cloned().collect()))?;
                self.shadow = Some(names);
            }
            let (cookies, shadow, hidden) = (
                &mut self.lower_cookies,
                self.shadow.as_ref(),
                l.whiteouts.get(&ino),
            );
            let Some(list) = self.lower_list.as_mut() else {
                return Ok(());
            };
            list.read_dir(from, &mut |e| {
                let visible = match core::str::from_utf8(e.name) {
                    Ok("." | "..") => false,
                    Ok(n) => {
                        !hidden.is_some_and(|w| w.contains(n))
                            && !shadow.is_some_and(|s| s.contains(n))
                    }
                    // A name no guest can write is never hidden or shadowed.
                    Err(_) => true,
                };
                if !visible {
                    return ControlFlow::Continue(());
                }
                let next = LOWER.saturating_add(u64::try_from(cookies.len()).unwrap_or(0));
                let flow = each(&DirEntry { next, ..*e });
                if flow.is_continue() {
                    cookies.push(e.next);
                }
                flow
            })
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Drops what the layers know of upper inode `ino`, which is gone.
fn forget(l: &mut Layers, ino: u64) {
    l.lowers.remove(&ino);
    l.open.retain(|&d| d != ino);
    l.whiteouts.remove(&ino);
    l.touched.remove(&ino);
}

/// Whether upper directory `dir` is `ancestor` or lies beneath it.
fn within(shared: &Shared, mut dir: u64, ancestor: u64) -> bool {
    shared.upper.shared.state.with(|s| {
        for _ in 0..s.inodes.len().saturating_add(1) {
            if dir == ancestor {
                return true;
            }
            match s.dir(dir) {
                Ok(d) if d.parent != dir => dir = d.parent,
                _ => return false,
            }
        }
        false
    })
}
