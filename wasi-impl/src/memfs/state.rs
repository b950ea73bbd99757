//! The inode table of a [`MemFs`](super::MemFs) and the operations on it, with POSIX's
//! answers. Written over `core` and `alloc` types alone.

use crate::backend::{Result, SetTime, Stat};
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use wasi_abi::{Errno, Filetype};

/// The root directory's inode number.
pub(crate) const ROOT: u64 = 1;

/// Cookie of the `..` entry; `.` is 0 .. 1, and entries' keys start at [`FIRST_KEY`].
const DOTDOT_KEY: u64 = 1;
/// The first sequence number an entry of a directory gets.
pub(crate) const FIRST_KEY: u64 = 2;

/// What an inode holds.
#[derive(Debug)]
pub(crate) enum Kind {
    /// A regular file's bytes.
    File(Vec<u8>),
    /// A directory's entries.
    Dir(DirData),
    /// A symlink's target, as it was given.
    Symlink(String),
}

/// A directory: its entries by name and by the sequence number that is their cookie.
#[derive(Debug)]
pub(crate) struct DirData {
    /// Name -> (inode, key).
    pub(crate) by_name: BTreeMap<String, (u64, u64)>,
    /// Key -> name: resuming a listing is one range lookup, and keys are never reused, so a
    /// listing in progress stays valid while entries come and go.
    pub(crate) by_key: BTreeMap<u64, String>,
    pub(crate) next_key: u64,
    /// The directory holding this one (the root: itself).
    pub(crate) parent: u64,
}

impl DirData {
    fn new(parent: u64) -> DirData {
        DirData {
            by_name: BTreeMap::new(),
            by_key: BTreeMap::new(),
            next_key: FIRST_KEY,
            parent,
        }
    }

    fn insert(&mut self, name: &str, ino: u64) {
        let key = self.next_key;
        self.next_key = self.next_key.saturating_add(1);
        self.by_name.insert(String::from(name), (ino, key));
        self.by_key.insert(key, String::from(name));
    }

    fn remove(&mut self, name: &str) -> Option<u64> {
        let (ino, key) = self.by_name.remove(name)?;
        self.by_key.remove(&key);
        Some(ino)
    }

    pub(crate) fn get(&self, name: &str) -> Option<u64> {
        self.by_name.get(name).map(|&(ino, _)| ino)
    }
}

/// One file of any kind.
#[derive(Debug)]
pub(crate) struct Inode {
    pub(crate) kind: Kind,
    /// Names of it (directories: 2 + subdirectories; 0 once removed).
    pub(crate) nlink: u64,
    /// Open handles on it: an inode with no name lives until the last one closes.
    pub(crate) handles: u64,
    pub(crate) atim: u64,
    pub(crate) mtim: u64,
    pub(crate) ctim: u64,
}

impl Inode {
    pub(crate) fn filetype(&self) -> Filetype {
        match self.kind {
            Kind::File(_) => Filetype::RegularFile,
            Kind::Dir(_) => Filetype::Directory,
            Kind::Symlink(_) => Filetype::SymbolicLink,
        }
    }

    fn size(&self) -> u64 {
        let len = match &self.kind {
            Kind::File(bytes) => bytes.len(),
            Kind::Dir(d) => d.by_name.len(),
            Kind::Symlink(target) => target.len(),
        };
        u64::try_from(len).unwrap_or(u64::MAX)
    }
}

/// Limits an embedder sets.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Limits {
    /// Most bytes of file contents and symlink targets in all (`ENOSPC` past it).
    pub(crate) quota: Option<u64>,
    /// Largest size of one file (`EFBIG` past it).
    pub(crate) max_file_size: Option<u64>,
}

/// The whole filesystem, behind one lock.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) inodes: BTreeMap<u64, Inode>,
    next_ino: u64,
    /// Bytes of file contents and symlink targets, counted against the quota.
    pub(crate) used: u64,
    pub(crate) limits: Limits,
}

impl State {
    /// An empty filesystem: the root directory alone, stamped `now`.
    pub(crate) fn new(now: u64, limits: Limits) -> State {
        let mut inodes = BTreeMap::new();
        inodes.insert(ROOT, new_inode(Kind::Dir(DirData::new(ROOT)), 2, now));
        State {
            inodes,
            next_ino: ROOT.saturating_add(1),
            used: 0,
            limits,
        }
    }

    pub(crate) fn inode(&self, ino: u64) -> Result<&Inode> {
        self.inodes.get(&ino).ok_or(Errno::NOENT)
    }

    pub(crate) fn inode_mut(&mut self, ino: u64) -> Result<&mut Inode> {
        self.inodes.get_mut(&ino).ok_or(Errno::NOENT)
    }

    /// The entries of directory `ino`; `ENOTDIR` for another kind, `ENOENT` once removed.
    pub(crate) fn dir(&self, ino: u64) -> Result<&DirData> {
        let inode = self.inode(ino)?;
        match &inode.kind {
            Kind::Dir(d) if inode.nlink > 0 => Ok(d),
            Kind::Dir(_) => Err(Errno::NOENT),
            Kind::File(_) | Kind::Symlink(_) => Err(Errno::NOTDIR),
        }
    }

    fn dir_mut(&mut self, ino: u64) -> Result<&mut DirData> {
        let inode = self.inode_mut(ino)?;
        match &mut inode.kind {
            Kind::Dir(d) if inode.nlink > 0 => Ok(d),
            Kind::Dir(_) => Err(Errno::NOENT),
            Kind::File(_) | Kind::Symlink(_) => Err(Errno::NOTDIR),
        }
    }

    /// The inode `name` names in directory `dir`; `ENOENT` if none.
    pub(crate) fn lookup(&self, dir: u64, name: &str) -> Result<u64> {
        self.dir(dir)?.get(name).ok_or(Errno::NOENT)
    }

    pub(crate) fn stat(&self, ino: u64, dev: u64) -> Result<Stat> {
        let inode = self.inode(ino)?;
        Ok(Stat {
            dev,
            ino,
            filetype: inode.filetype(),
            nlink: inode.nlink,
            size: inode.size(),
            atim: inode.atim,
            mtim: inode.mtim,
            ctim: inode.ctim,
        })
    }

    /// Whether a new file of `size` bytes fits the limits: `EFBIG` past the size cap,
    /// `ENOSPC` past the quota.
    pub(crate) fn fits(&self, size: u64) -> Result<()> {
        if self.limits.max_file_size.is_some_and(|max| size > max) {
            return Err(Errno::FBIG);
        }
        if self
            .limits
            .quota
            .is_some_and(|q| self.used.saturating_add(size) > q)
        {
            return Err(Errno::NOSPC);
        }
        Ok(())
    }

    /// Takes `bytes` more of the quota (`ENOSPC` if it would pass it).
    fn reserve(&mut self, bytes: u64) -> Result<()> {
        let used = self.used.checked_add(bytes).ok_or(Errno::NOSPC)?;
        if self.limits.quota.is_some_and(|q| used > q) {
            return Err(Errno::NOSPC);
        }
        self.used = used;
        Ok(())
    }

    /// Adds a new inode of `kind` under `name` in `dir`, stamped `now`: `EEXIST` if the name
    /// is taken, `ENOENT` if `dir` was removed. Returns the new inode's number.
    pub(crate) fn create(&mut self, dir: u64, name: &str, kind: Kind, now: u64) -> Result<u64> {
        if self.dir(dir)?.get(name).is_some() {
            return Err(Errno::EXIST);
        }
        let (nlink, bytes) = match &kind {
            Kind::File(b)
                if self
                    .limits
                    .max_file_size
                    .is_some_and(|max| u64::try_from(b.len()).unwrap_or(u64::MAX) > max) =>
            {
                return Err(Errno::FBIG);
            }
            Kind::File(b) => (1, b.len()),
            Kind::Symlink(t) => (1, t.len()),
            Kind::Dir(_) => (2, 0),
        };
        self.reserve(u64::try_from(bytes).unwrap_or(u64::MAX))?;
        let ino = self.next_ino;
        self.next_ino = self.next_ino.saturating_add(1);
        let is_dir = matches!(kind, Kind::Dir(_));
        self.inodes.insert(ino, new_inode(kind, nlink, now));
        self.dir_mut(dir)?.insert(name, ino);
        let parent = self.inode_mut(dir)?;
        if is_dir {
            parent.nlink = parent.nlink.saturating_add(1);
        }
        parent.mtim = now;
        parent.ctim = now;
        Ok(ino)
    }

    /// A new inode of `kind` with no name (an unlinked file that an fd still holds; freed
    /// when its last handle closes).
    pub(crate) fn create_orphan(&mut self, kind: Kind, now: u64) -> Result<u64> {
        let bytes = match &kind {
            Kind::File(b) => b.len(),
            Kind::Symlink(t) => t.len(),
            Kind::Dir(_) => return Err(Errno::INVAL),
        };
        self.reserve(u64::try_from(bytes).unwrap_or(u64::MAX))?;
        let ino = self.next_ino;
        self.next_ino = self.next_ino.saturating_add(1);
        self.inodes.insert(ino, new_inode(kind, 0, now));
        Ok(ino)
    }

    /// A new directory `name` in `dir`.
    pub(crate) fn mkdir(&mut self, dir: u64, name: &str, now: u64) -> Result<u64> {
        self.create(dir, name, Kind::Dir(DirData::new(dir)), now)
    }

    /// Removes the name `name` from `dir`: a directory only if `dir_wanted` (and empty), a
    /// file or symlink only if not (`EISDIR` / `ENOTDIR` otherwise).
    pub(crate) fn remove(
        &mut self,
        dir: u64,
        name: &str,
        dir_wanted: bool,
        now: u64,
    ) -> Result<()> {
        let ino = self.lookup(dir, name)?;
        match (&self.inode(ino)?.kind, dir_wanted) {
            (Kind::Dir(d), true) if !d.by_name.is_empty() => return Err(Errno::NOTEMPTY),
            (Kind::Dir(_), false) => return Err(Errno::ISDIR),
            (Kind::File(_) | Kind::Symlink(_), true) => return Err(Errno::NOTDIR),
            _ => {}
        }
        self.dir_mut(dir)?.remove(name);
        let parent = self.inode_mut(dir)?;
        if dir_wanted {
            parent.nlink = parent.nlink.saturating_sub(1);
        }
        parent.mtim = now;
        parent.ctim = now;
        self.unlinked(ino, dir_wanted, now)
    }

    /// One name of `ino` is gone: a directory is removed, a file loses a link; an inode with
    /// no name and no handle is freed.
    fn unlinked(&mut self, ino: u64, is_dir: bool, now: u64) -> Result<()> {
        let inode = self.inode_mut(ino)?;
        inode.nlink = if is_dir {
            0
        } else {
            inode.nlink.saturating_sub(1)
        };
        inode.ctim = now;
        self.free_if_unused(ino);
        Ok(())
    }

    /// Frees `ino` if nothing names it or holds it open.
    pub(crate) fn free_if_unused(&mut self, ino: u64) {
        let unused = self
            .inodes
            .get(&ino)
            .is_some_and(|i| i.nlink == 0 && i.handles == 0);
        if unused && ino != ROOT {
            if let Some(inode) = self.inodes.remove(&ino) {
                let bytes = match &inode.kind {
                    Kind::File(b) => b.len(),
                    Kind::Symlink(t) => t.len(),
                    Kind::Dir(_) => 0,
                };
                self.used = self
                    .used
                    .saturating_sub(u64::try_from(bytes).unwrap_or(u64::MAX));
            }
        }
    }

    /// Adds the name `name` in `dir` for the existing inode `ino` (its link count is the
    /// caller's to keep).
    pub(crate) fn add_name(&mut self, dir: u64, name: &str, ino: u64) {
        if let Ok(d) = self.dir_mut(dir) {
            d.insert(name, ino);
        }
    }

    /// Makes `new` in `to` another name of `old` in `from`.
    pub(crate) fn link(
        &mut self,
        from: u64,
        old: &str,
        to: u64,
        new: &str,
        now: u64,
    ) -> Result<()> {
        let ino = self.lookup(from, old)?;
        if matches!(self.inode(ino)?.kind, Kind::Dir(_)) {
            return Err(Errno::PERM);
        }
        let target = self.dir_mut(to)?;
        if target.get(new).is_some() {
            return Err(Errno::EXIST);
        }
        target.insert(new, ino);
        let parent = self.inode_mut(to)?;
        parent.mtim = now;
        parent.ctim = now;
        let inode = self.inode_mut(ino)?;
        inode.nlink = inode.nlink.saturating_add(1);
        inode.ctim = now;
        Ok(())
    }

    /// Whether directory `ino` is `ancestor` or lies beneath it.
    fn is_within(&self, mut ino: u64, ancestor: u64) -> bool {
        // Each step goes one level up; a tree this deep cannot exist, but stop anyway.
        for _ in 0..self.inodes.len().saturating_add(1) {
            if ino == ancestor {
                return true;
            }
            match self.inodes.get(&ino).map(|i| &i.kind) {
                Some(Kind::Dir(d)) if d.parent != ino => ino = d.parent,
                _ => return false,
            }
        }
        false
    }

    /// Renames `old` in `from` to `new` in `to`, as `renameat(2)` (see
    /// [`Dir::rename_at`](crate::backend::Dir::rename_at) for `dirs`).
    pub(crate) fn rename(
        &mut self,
        from: u64,
        old: &str,
        to: u64,
        new: &str,
        dirs: bool,
        now: u64,
    ) -> Result<()> {
        let ino = self.lookup(from, old)?;
        self.dir(to)?;
        let moving_dir = matches!(self.inode(ino)?.kind, Kind::Dir(_));
        if moving_dir && self.is_within(to, ino) {
            return Err(Errno::INVAL);
        }
        if dirs && !moving_dir {
            return Err(Errno::NOTDIR);
        }
        let replaced = self.dir(to)?.get(new);
        if let Some(victim) = replaced {
            if victim == ino {
                // Two names of one file (or the same name): nothing to do.
                return Ok(());
            }
            match (&self.inode(victim)?.kind, moving_dir) {
                (Kind::Dir(d), true) if !d.by_name.is_empty() => return Err(Errno::NOTEMPTY),
                (Kind::Dir(_), false) => return Err(Errno::ISDIR),
                (Kind::File(_) | Kind::Symlink(_), true) => return Err(Errno::NOTDIR),
                _ => {}
            }
            self.dir_mut(to)?.remove(new);
            if moving_dir {
                let target = self.inode_mut(to)?;
                target.nlink = target.nlink.saturating_sub(1);
            }
            self.unlinked(victim, moving_dir, now)?;
        }
        self.dir_mut(from)?.remove(old);
        self.dir_mut(to)?.insert(new, ino);
        if moving_dir {
            if let Kind::Dir(d) = &mut self.inode_mut(ino)?.kind {
                d.parent = to;
            }
            let source = self.inode_mut(from)?;
            source.nlink = source.nlink.saturating_sub(1);
            let target = self.inode_mut(to)?;
            target.nlink = target.nlink.saturating_add(1);
        }
        for dir in [from, to] {
            let d = self.inode_mut(dir)?;
            d.mtim = now;
            d.ctim = now;
        }
        self.inode_mut(ino)?.ctim = now;
        Ok(())
    }

    /// Sets the times of `ino` (`Now` is `now`); the change time becomes `now`.
    pub(crate) fn set_times(
        &mut self,
        ino: u64,
        atim: SetTime,
        mtim: SetTime,
        now: u64,
    ) -> Result<()> {
        let inode = self.inode_mut(ino)?;
        let pick = |t: SetTime, old: u64| match t {
            SetTime::Keep => old,
            SetTime::Now => now,
            SetTime::At(ns) => ns,
        };
        inode.atim = pick(atim, inode.atim);
        inode.mtim = pick(mtim, inode.mtim);
        inode.ctim = now;
        Ok(())
    }

    /// Resizes file `ino` to `size` bytes (zeros when it grows), within the limits.
    pub(crate) fn resize(&mut self, ino: u64, size: u64, now: u64) -> Result<()> {
        if self.limits.max_file_size.is_some_and(|max| size > max) {
            return Err(Errno::FBIG);
        }
        let new = usize::try_from(size).map_err(|_| Errno::FBIG)?;
        let old = match &self.inode(ino)?.kind {
            Kind::File(bytes) => bytes.len(),
            Kind::Dir(_) => return Err(Errno::ISDIR),
            Kind::Symlink(_) => return Err(Errno::INVAL),
        };
        let grow = new.saturating_sub(old);
        if grow > 0 {
            // Ask the allocator first: a size the host cannot hold is ENOSPC, never an abort.
            if let Kind::File(bytes) = &mut self.inode_mut(ino)?.kind {
                bytes.try_reserve_exact(grow).map_err(|_| Errno::NOSPC)?;
            }
            self.reserve(u64::try_from(grow).unwrap_or(u64::MAX))?;
        } else {
            self.used = self
                .used
                .saturating_sub(u64::try_from(old.saturating_sub(new)).unwrap_or(u64::MAX));
        }
        let inode = self.inode_mut(ino)?;
        if let Kind::File(bytes) = &mut inode.kind {
            bytes.resize(new, 0);
            if grow == 0 {
                bytes.shrink_to(new.saturating_mul(2));
            }
        }
        inode.mtim = now;
        inode.ctim = now;
        Ok(())
    }

    /// How many of `len` bytes written at `offset` fit the limits (`ENOSPC`/`EFBIG` when
    /// none does), growing the file to take them.
    pub(crate) fn make_room(
        &mut self,
        ino: u64,
        offset: u64,
        len: usize,
        now: u64,
    ) -> Result<usize> {
        if len == 0 {
            // Writing nothing changes nothing, not even the size.
            return Ok(0);
        }
        let size = match &self.inode(ino)?.kind {
            Kind::File(bytes) => u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            Kind::Dir(_) => return Err(Errno::ISDIR),
            Kind::Symlink(_) => return Err(Errno::BADF),
        };
        let len64 = u64::try_from(len).unwrap_or(u64::MAX);
        let mut end = offset.checked_add(len64).ok_or(Errno::FBIG)?;
        if let Some(max) = self.limits.max_file_size {
            if offset >= max && len > 0 {
                return Err(Errno::FBIG);
            }
            end = end.min(max);
        }
        if let Some(quota) = self.limits.quota {
            let room = quota.saturating_sub(self.used);
            let growth = end.saturating_sub(size);
            if growth > room {
                end = size.saturating_add(room).max(offset);
                if end <= offset && len > 0 {
                    return Err(Errno::NOSPC);
                }
            }
        }
        if end > size {
            self.resize(ino, end, now)?;
        }
        Ok(usize::try_from(end.saturating_sub(offset))
            .unwrap_or(len)
            .min(len))
    }
}

/// A new inode stamped `now`.
fn new_inode(kind: Kind, nlink: u64, now: u64) -> Inode {
    Inode {
        kind,
        nlink,
        handles: 0,
        atim: now,
        mtim: now,
        ctim: now,
    }
}

/// The cookie of `.` and `..`, and of the entries, in listing order: `.` is 0, `..` is
/// [`DOTDOT_KEY`], an entry is its key; each entry's `d_next` is its key plus one.
pub(crate) fn dot_keys() -> (u64, u64) {
    (0, DOTDOT_KEY)
}
