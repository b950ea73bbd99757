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
//!   guest changes the directory).
//! - A lower file or symlink is *copied up* (its bytes or target, and its times) the first
//!   time it is opened for writing or changing times, truncated, linked or renamed; from
//!   then on it is an upper file, with the upper layer's inode number. A fd opened on the
//!   lower file before that keeps reading the lower file.
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
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use dir::OverlayDir;
use lower::LowerDir;
use wasi_abi::{Errno, Filetype};

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

/// Where the layers meet, per upper directory (by its upper inode number).
#[derive(Debug, Default)]
struct Layers {
    /// Mirrors: the lower directory merged with each.
    lowers: BTreeMap<u64, LowerDir>,
    /// Lower names hidden in each directory.
    whiteouts: BTreeMap<u64, BTreeSet<String>>,
    /// Mirrors whose own times have changed (reported instead of the lower's).
    touched: BTreeSet<u64>,
    /// Copied-up files and symlinks: the lower `(dev, ino)` they keep reporting, so that a
    /// copy-up does not change a file's identity.
    origins: BTreeMap<u64, (u64, u64)>,
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
        let mut layers = Layers::default();
        layers.lowers.insert(ROOT, LowerDir(lower));
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
    fn lower_stat(&self, dir: u64, name: Name<'_>) -> Result<Option<Stat>> {
        if self.hidden(dir, name.as_str()) {
            return Ok(None);
        }
        match self.lowers.get(&dir).map(|l| l.stat_at(name)) {
            Some(Ok(st)) => Ok(Some(st)),
            Some(Err(Errno::NOENT)) | None => Ok(None),
            Some(Err(e)) => Err(e),
        }
    }

    /// Whether lower `dir` has `name` at all (hidden or not).
    fn lower_has(&self, dir: u64, name: Name<'_>) -> bool {
        self.lowers
            .get(&dir)
            .is_some_and(|l| l.stat_at(name).is_ok())
    }

    /// What `name` is in the merged directory `dir` (`upper` is its upper handle).
    fn find(&self, upper: &MemDir, dir: u64, name: Name<'_>) -> Result<Found> {
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

    /// The merged status of upper inode `ino` (`st` is its upper status): a mirror reports
    /// its lower directory's, with its own times once they changed.
    fn merged_stat(&self, mut st: Stat) -> Result<Stat> {
        if let Some(&(dev, ino)) = self.origins.get(&st.ino) {
            st.dev = dev;
            st.ino = ino;
            return Ok(st);
        }
        match self.lowers.get(&st.ino) {
            Some(lower) => {
                let mut merged = lower.stat()?;
                if self.touched.contains(&st.ino) {
                    merged.atim = st.atim;
                    merged.mtim = st.mtim;
                    merged.ctim = st.ctim;
                }
                Ok(merged)
            }
            None => Ok(st),
        }
    }

    /// Whether the merged directory `dir` has no entry but `.` and `..`.
    fn is_empty(&self, shared: &Shared, dir: u64) -> Result<bool> {
        let upper_empty = shared
            .upper
            .shared
            .state
            .with(|s| s.dir(dir).map(|d| d.by_name.is_empty()))?;
        if !upper_empty {
            return Ok(false);
        }
        let Some(lower) = self.lowers.get(&dir) else {
            return Ok(true);
        };
        let mut names = Vec::new();
        lower_names(lower, &mut names)?;
        Ok(names.iter().all(|n| self.hidden(dir, n)))
    }

    /// Copies the lower file or symlink `name` of `dir` into the upper layer (its bytes or
    /// target and its times) and hides the lower one.
    fn copy_up(&mut self, shared: &Shared, dir: u64, name: Name<'_>) -> Result<()> {
        let lower = self.lowers.get(&dir).ok_or(Errno::NOENT)?;
        let st = lower.stat_at(name)?;
        let kind = match st.filetype {
            Filetype::SymbolicLink => {
                let mut buf = vec![0u8; crate::path::resolve::MAX_PATH.saturating_add(1)];
                let n = lower.readlink_at(name, &mut buf)?;
                buf.truncate(n);
                Kind::Symlink(String::from_utf8(buf).map_err(|_| Errno::ILSEQ)?)
            }
            Filetype::RegularFile => Kind::File(read_all(lower, name, st.size)?),
            // Devices, FIFOs and sockets have no contents to copy.
            _ => return Err(Errno::NOTSUP),
        };
        let now = shared.now();
        shared
            .upper
            .shared
            .state
            .with(|s| {
                let bytes = match &kind {
                    Kind::File(b) => b.clone(),
                    _ => Vec::new(),
                };
                let ino = match kind {
                    Kind::File(_) => {
                        let ino = s.create(dir, name.as_str(), Kind::File(Vec::new()), now)?;
                        s.resize(ino, u64::try_from(bytes.len()).unwrap_or(u64::MAX), now)?;
                        if let Kind::File(data) = &mut s.inode_mut(ino)?.kind {
                            data.copy_from_slice(&bytes);
                        }
                        ino
                    }
                    other => s.create(dir, name.as_str(), other, now)?,
                };
                s.set_times(ino, SetTime::At(st.atim), SetTime::At(st.mtim), now)?;
                // A copy-up is not a change the guest made: the status stays the lower one's.
                s.inode_mut(ino)?.ctim = st.ctim;
                Ok(ino)
            })
            .map(|ino| {
                self.origins.insert(ino, (st.dev, st.ino));
            })?;
        self.hide(dir, name.as_str());
        Ok(())
    }

    /// The merged inode number for an entry the upper layer reports as `ino`.
    fn merged_ino(&self, ino: u64) -> u64 {
        if let Some(&(_, origin)) = self.origins.get(&ino) {
            return origin;
        }
        self.lowers
            .get(&ino)
            .and_then(|lower| lower.stat().ok())
            .map_or(ino, |st| st.ino)
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

/// The names of a lower directory, `.` and `..` left out.
fn lower_names(lower: &LowerDir, out: &mut Vec<String>) -> Result<()> {
    let mut dir = listable(lower)?;
    dir.read_dir(0, &mut |e| {
        if e.name != b"." && e.name != b".." {
            out.push(String::from_utf8_lossy(e.name).into_owned());
        }
        core::ops::ControlFlow::Continue(())
    })
}

/// The whole contents of the lower regular file `name` (`size` bytes expected).
fn read_all(lower: &LowerDir, name: Name<'_>, size: u64) -> Result<Vec<u8>> {
    let how = OpenHow {
        read: true,
        ..OpenHow::default()
    };
    let Opened::File(mut file) = lower.open_at(name, &how)? else {
        return Err(Errno::ISDIR);
    };
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 20));
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let len = chunk.len();
        let n = file.read(&mut chunk, &[(0, len)])?;
        if n == 0 {
            return Ok(bytes);
        }
        bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
}
