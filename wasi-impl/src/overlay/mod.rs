//! [`Overlay`]: a copy-on-write layer over a read-only lower directory.
//!
//! Reads fall through to the lower directory (a host directory, typically); every change
//! (create, write, truncate, set times, rename, link, unlink, rmdir) lands in an upper
//! [`MemFs`], and the lower tree is never written: it is wrapped so that any change is
//! `EROFS` before it reaches it ([`lower`]).
//!
//! - A directory the guest walks into gets an empty *mirror* in the upper layer, merged with
//!   the lower one: entries created in it live in the upper layer, the lower entries show
//!   through. A mirror reports the lower directory's status (its inode, its times until the
//!   guest changes the directory). At most [`OPEN_LOWERS`] lower directories are held open
//!   at once; the others are reopened by their path when needed.
//! - A lower file or symlink is *copied up* (its bytes or target, and its times) on the first
//!   change made through an fd, or when it is truncated at open, linked, renamed or has its
//!   times set; it keeps reporting the lower file's `dev` and inode number.
//! - Removing a lower name leaves a *whiteout* in its directory, which hides it; creating
//!   the name again puts an upper entry in its place (a directory made over a whiteout is
//!   *opaque*: the lower directory of that name no longer shows through).
//! - A listing gives `.` and `..`, the upper entries (by the upper layer's cookies), then
//!   the lower entries not hidden or shadowed; the lower part's cookies are indices into a
//!   per-handle table of the lower layer's own cookies (8 bytes per lower entry listed).

mod dir;
mod file;
mod lower;

use crate::backend::{Dir, Handle, Name, OpenHow, Opened, Result, SetTime, Stat};
use crate::memfs::MemFs;
use crate::memfs::dir::MemDir;
use crate::memfs::lock::Lock;
use crate::memfs::state::{Kind, ROOT};
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use dir::OverlayDir;
use lower::LowerDir;
use wasi_abi::{Errno, Filetype};

/// Most lower directories an overlay keeps open (each is a host fd); the rest are reopened
/// by their path when needed.
pub const OPEN_LOWERS: usize = 64;

/// A copy-on-write overlay. Cloning it gives another handle on the same layers.
///
/// ```
/// use wasi_impl::{Overlay, WasiCtx, host::HostDir};
///
/// let lower = HostDir::open(std::path::Path::new("."))?;
/// let overlay = Overlay::new(Box::new(lower));
/// let ctx = WasiCtx::builder().preopen(overlay.root(), "/src", false).build()?;
/// // ... a guest may change anything under /src; the host directory stays as it is, and
/// // the changes are in `overlay.upper()` ...
/// # drop(ctx);
/// assert!(overlay.upper().list("")?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Overlay {
    shared: Arc<Shared>,
}

/// What every handle of one overlay shares.
#[derive(Debug)]
struct Shared {
    upper: MemFs,
    state: Lock<Layers>,
}

/// The lower directory merged into a mirror.
#[derive(Debug)]
struct Lower {
    /// Its path from the lower root, to reopen it.
    path: Vec<String>,
    /// Its `(dev, ino)`, to report (and to check a reopened one is the same directory).
    ident: (u64, u64),
    /// The open handle, while it is one of the [`OPEN_LOWERS`] most recently used.
    dir: Option<LowerDir>,
}

/// Where the layers meet, per upper directory (by its upper inode number).
#[derive(Debug, Default)]
struct Layers {
    /// Mirrors: the lower directory merged with each.
    lowers: BTreeMap<u64, Lower>,
    /// Mirrors whose lower handle is open, least recently used first.
    open: VecDeque<u64>,
    /// Lower names hidden in each directory.
    whiteouts: BTreeMap<u64, BTreeSet<String>>,
    /// Mirrors whose own times have changed (reported instead of the lower's).
    touched: BTreeSet<u64>,
    /// Copied-up files and symlinks: the lower `(dev, ino)` they keep reporting.
    origins: BTreeMap<u64, (u64, u64)>,
    /// The same, from the lower `(dev, ino)` to the upper inode.
    by_origin: BTreeMap<(u64, u64), u64>,
}

/// What a name is in the merged view of one directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// An upper entry of this type (a mirror included, as a directory).
    Upper(Filetype),
    /// A lower entry of this type that shows through.
    Lower(Filetype),
    /// Nothing.
    None,
}

impl Overlay {
    /// An overlay over `lower`, with an empty upper layer. `lower` is only ever read.
    pub fn new(lower: Box<dyn Dir>) -> Overlay {
        Overlay::with_upper(lower, MemFs::new())
    }

    /// An overlay over `lower` whose changes go to `upper` (for its clock and limits); the
    /// upper filesystem must be empty.
    pub fn with_upper(lower: Box<dyn Dir>, upper: MemFs) -> Overlay {
        let ident = lower.stat().map_or((0, 0), |st| (st.dev, st.ino));
        let mut layers = Layers::default();
        layers.lowers.insert(
            ROOT,
            Lower {
                path: Vec::new(),
                ident,
                dir: Some(LowerDir(lower)),
            },
        );
        Overlay {
            shared: Arc::new(Shared {
                upper,
                state: Lock::new(layers),
            }),
        }
    }

    /// The upper layer: everything the guest created or changed.
    pub fn upper(&self) -> &MemFs {
        &self.shared.upper
    }

    /// The merged root directory, to preopen.
    pub fn root(&self) -> Box<dyn Dir> {
        Box::new(OverlayDir::new(Arc::clone(&self.shared), ROOT))
    }
}

impl Shared {
    /// A handle on upper directory `ino`.
    fn upper_dir(&self, ino: u64) -> MemDir {
        MemDir::open(Arc::clone(&self.upper.shared), ino)
    }

    fn now(&self) -> u64 {
        self.upper.shared.now()
    }
}

impl Layers {
    /// Opens the lower directory of mirror `dir` if it is closed (closing the least
    /// recently used one past [`OPEN_LOWERS`]); whether `dir` has a lower directory at all.
    /// One whose path no longer leads to the same directory (the host renamed it) counts as
    /// gone.
    fn ensure(&mut self, dir: u64) -> Result<bool> {
        let Some(lower) = self.lowers.get(&dir) else {
            return Ok(false);
        };
        if lower.dir.is_some() {
            if let Some(i) = self.open.iter().position(|&d| d == dir) {
                self.open.remove(i);
                self.open.push_back(dir);
            }
            return Ok(true);
        }
        let (path, ident) = (lower.path.clone(), lower.ident);
        let Some(root) = self.lowers.get(&ROOT).and_then(|r| r.dir.as_ref()) else {
            return Ok(false);
        };
        let mut at: Option<LowerDir> = None;
        for part in &path {
            let from = at.as_ref().unwrap_or(root);
            match from.lookup(Name::new(part)?) {
                Ok(next) => at = Some(LowerDir(next)),
                Err(Errno::NOENT | Errno::NOTDIR | Errno::LOOP) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
        let Some(at) = at else {
            return Ok(false);
        };
        if at.stat().map(|st| (st.dev, st.ino))? != ident {
            return Ok(false);
        }
        if let Some(lower) = self.lowers.get_mut(&dir) {
            lower.dir = Some(at);
        }
        self.opened(dir);
        Ok(true)
    }

    /// Records that the lower handle of mirror `dir` was just opened, closing the least
    /// recently used ones past [`OPEN_LOWERS`] (the root's stays open).
    fn opened(&mut self, dir: u64) {
        self.open.push_back(dir);
        while self.open.len() > OPEN_LOWERS {
            if let Some(old) = self.open.pop_front() {
                if let Some(l) = self.lowers.get_mut(&old).filter(|_| old != ROOT) {
                    l.dir = None;
                }
            }
        }
    }

    /// The open lower directory of `dir` (call [`Layers::ensure`] first).
    fn lower(&self, dir: u64) -> Option<&LowerDir> {
        self.lowers.get(&dir).and_then(|l| l.dir.as_ref())
    }

    fn hidden(&self, dir: u64, name: &str) -> bool {
        self.whiteouts.get(&dir).is_some_and(|w| w.contains(name))
    }

    fn hide(&mut self, dir: u64, name: &str) {
        self.whiteouts
            .entry(dir)
            .or_default()
            .insert(String::from(name));
    }

    fn unhide(&mut self, dir: u64, name: &str) {
        if let Some(w) = self.whiteouts.get_mut(&dir) {
            w.remove(name);
        }
    }

    /// The lower entry `name` of directory `dir`, if one shows through: its status.
    fn lower_stat(&mut self, dir: u64, name: Name<'_>) -> Result<Option<Stat>> {
        if self.hidden(dir, name.as_str()) || !self.ensure(dir)? {
            return Ok(None);
        }
        match self.lower(dir).map(|l| l.stat_at(name)) {
            Some(Ok(st)) => Ok(Some(st)),
            Some(Err(Errno::NOENT)) | None => Ok(None),
            Some(Err(e)) => Err(e),
        }
    }

    /// Whether lower `dir` has `name` at all (hidden or not).
    fn lower_has(&mut self, dir: u64, name: Name<'_>) -> Result<bool> {
        if !self.ensure(dir)? {
            return Ok(false);
        }
        Ok(self.lower(dir).is_some_and(|l| l.stat_at(name).is_ok()))
    }

    /// What `name` is in the merged directory `dir` (`upper` is its upper handle).
    fn find(&mut self, upper: &MemDir, dir: u64, name: Name<'_>) -> Result<Found> {
        match upper.stat_at(name) {
            Ok(st) => return Ok(Found::Upper(st.filetype)),
            Err(Errno::NOENT) => {}
            Err(e) => return Err(e),
        }
        Ok(match self.lower_stat(dir, name)? {
            Some(st) => Found::Lower(st.filetype),
            None => Found::None,
        })
    }

    /// The merged status of an upper inode (`st` is its upper status): a copied-up file
    /// reports its lower identity, a mirror its lower directory's status (with its own
    /// times once they changed).
    fn merged_stat(&mut self, mut st: Stat) -> Result<Stat> {
        if let Some(&(dev, ino)) = self.origins.get(&st.ino) {
            st.dev = dev;
            st.ino = ino;
            return Ok(st);
        }
        if !self.ensure(st.ino)? {
            if let Some(lower) = self.lowers.get(&st.ino) {
                // The lower directory is gone from the host: its identity stays.
                (st.dev, st.ino) = lower.ident;
            }
            return Ok(st);
        }
        let mut merged = match self.lower(st.ino) {
            Some(lower) => lower.stat()?,
            None => return Ok(st),
        };
        if self.touched.contains(&st.ino) {
            merged.atim = st.atim;
            merged.mtim = st.mtim;
            merged.ctim = st.ctim;
        }
        Ok(merged)
    }

    /// The merged inode number for an entry the upper layer reports as `ino` (no lower
    /// call: it is asked while the upper layer's lock is held).
    fn merged_ino(&self, ino: u64) -> u64 {
        if let Some(&(_, origin)) = self.origins.get(&ino) {
            return origin;
        }
        self.lowers.get(&ino).map_or(ino, |l| l.ident.1)
    }

    /// Whether the merged directory `dir` has no entry but `.` and `..`.
    fn is_empty(&mut self, shared: &Shared, dir: u64) -> Result<bool> {
        let upper_empty = shared
            .upper
            .shared
            .state
            .with(|s| s.dir(dir).map(|d| d.by_name.is_empty()))?;
        if !upper_empty {
            return Ok(false);
        }
        if !self.ensure(dir)? {
            return Ok(true);
        }
        let Some(lower) = self.lower(dir) else {
            return Ok(true);
        };
        let mut visible = false;
        let mut list = listable(lower)?;
        let hidden = self.whiteouts.get(&dir);
        list.read_dir(0, &mut |e| {
            let shown = match core::str::from_utf8(e.name) {
                Ok("." | "..") => false,
                Ok(n) => !hidden.is_some_and(|w| w.contains(n)),
                // A name no guest can write cannot be hidden either.
                Err(_) => true,
            };
            visible |= shown;
            if shown {
                core::ops::ControlFlow::Break(())
            } else {
                core::ops::ControlFlow::Continue(())
            }
        })?;
        Ok(!visible)
    }

    /// Records that upper inode `ino` is the copy of the lower `(dev, ino)` `origin`.
    fn set_origin(&mut self, ino: u64, origin: (u64, u64)) {
        self.origins.insert(ino, origin);
        self.by_origin.insert(origin, ino);
    }

    /// Copies the lower file or symlink `name` of `dir` into the upper layer (its target,
    /// or its bytes unless `data` is false, and its times) and hides the lower one.
    fn copy_up(&mut self, shared: &Shared, dir: u64, name: Name<'_>, data: bool) -> Result<()> {
        if !self.ensure(dir)? {
            return Err(Errno::NOENT);
        }
        let lower = self.lower(dir).ok_or(Errno::NOENT)?;
        let st = lower.stat_at(name)?;
        let kind = match st.filetype {
            Filetype::SymbolicLink => {
                let mut buf = vec![0u8; crate::path::resolve::MAX_PATH.saturating_add(1)];
                let n = lower.readlink_at(name, &mut buf)?;
                buf.truncate(n);
                Kind::Symlink(String::from_utf8(buf).map_err(|_| Errno::ILSEQ)?)
            }
            Filetype::RegularFile if data => {
                // The limits first: a file that cannot fit is not read at all.
                shared.upper.shared.state.with(|s| s.fits(st.size))?;
                Kind::File(read_all(lower, name, st.size)?)
            }
            Filetype::RegularFile => Kind::File(Vec::new()),
            // Devices, FIFOs and sockets have no contents to copy.
            _ => return Err(Errno::NOTSUP),
        };
        let now = shared.now();
        let ino = shared.upper.shared.state.with(|s| {
            // One step: the name appears with all its bytes, or not at all.
            let ino = s.create(dir, name.as_str(), kind, now)?;
            s.set_times(ino, SetTime::At(st.atim), SetTime::At(st.mtim), now)?;
            // A copy-up is not a change the guest made: the status stays the lower one's.
            s.inode_mut(ino)?.ctim = st.ctim;
            Ok(ino)
        })?;
        self.set_origin(ino, (st.dev, st.ino));
        self.hide(dir, name.as_str());
        Ok(())
    }
}

/// A handle on the lower directory `lower` that can be listed (the walk's handles may not).
fn listable(lower: &LowerDir) -> Result<Box<dyn Dir>> {
    let how = OpenHow {
        read: true,
        directory: true,
        ..OpenHow::default()
    };
    match lower.reopen(&how)? {
        Opened::Dir(d) => Ok(d),
        Opened::File(_) => Err(Errno::NOTDIR),
    }
}

/// The contents of the lower regular file `name`: its first `size` bytes (a file growing
/// on the host while it is copied is not chased).
fn read_all(lower: &LowerDir, name: Name<'_>, size: u64) -> Result<Vec<u8>> {
    let how = OpenHow {
        read: true,
        ..OpenHow::default()
    };
    let Opened::File(mut file) = lower.open_at(name, &how)? else {
        return Err(Errno::ISDIR);
    };
    let size = usize::try_from(size).map_err(|_| Errno::NOSPC)?;
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(size).map_err(|_| Errno::NOSPC)?;
    bytes.resize(size, 0);
    let mut done = 0usize;
    while done < size {
        let at = u64::try_from(done).unwrap_or(u64::MAX);
        let n = file.pread(&mut bytes, &[(done, size.saturating_sub(done))], at)?;
        if n == 0 {
            // The file shrank on the host meanwhile.
            bytes.truncate(done);
            break;
        }
        done = done.saturating_add(n);
    }
    Ok(bytes)
}
