//! [`MemFs`]: a filesystem in memory, for guests that must not touch the host's.
//!
//! An inode table with stable inode numbers (the root is 1, then in order of creation),
//! `nlink` kept as POSIX counts it (a file: its names; a directory: 2 + its subdirectories),
//! hard links, symlinks stored as given and followed only by the core's walk, and times from
//! a [`Clock`] (creating sets all three; writing or truncating sets modification and change;
//! renaming, linking and unlinking set change on the inode and both on the directories;
//! reading sets nothing, as with `noatime`). Open handles hold the inode, not the name: an
//! unlinked file stays readable and writable until its last fd closes, and an open directory
//! keeps working when it is renamed. Each directory numbers its entries in order of creation
//! and never reuses a number, so a listing resumes in O(log n) at any cookie and stays valid
//! while entries come and go. An optional quota on bytes stored (`ENOSPC`) and cap on one
//! file's size (`EFBIG`) bound what a guest can make the host hold.
//!
//! The filesystem itself (`state`, `dir`, `file`) uses `core` and `alloc` types and one lock
//! (`lock`); [`MemFs::import`] and [`MemFs::export`], which copy a host tree in and out, are
//! written with the host backend (`host/memfs_io.rs`).

pub(crate) mod dir;
pub(crate) mod file;
pub(crate) mod lock;
pub(crate) mod state;

use crate::backend::{Clock, Dir, Result};
use crate::host::HostClock;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use dir::MemDir;
use lock::Lock;
use state::{Kind, Limits, ROOT, State};
use wasi_abi::{Clockid, Errno};

/// An in-memory filesystem. Cloning it gives another handle on the same tree.
///
/// ```
/// use wasi_impl::{MemFs, WasiCtx};
///
/// let data = MemFs::new();
/// data.set_quota(Some(1 << 20));
/// data.create_dir_all("in")?;
/// data.write_file("in/a.txt", b"hello")?;
/// let ctx = WasiCtx::builder().preopen(data.root(), "/data", false).build()?;
/// // ... run a guest with `ctx`: it sees /data/in/a.txt ...
/// # drop(ctx);
/// assert_eq!(data.read_file("in/a.txt")?, b"hello");
/// assert_eq!(data.list("")?, ["in"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MemFs {
    pub(crate) shared: Arc<Shared>,
}

/// What every handle of one [`MemFs`] shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) state: Lock<State>,
    clock: Arc<dyn Clock>,
    /// The `dev` every file of this filesystem reports.
    pub(crate) dev: u64,
}

impl Shared {
    /// The time to stamp now (the clock's realtime; 0 if it cannot be read).
    pub(crate) fn now(&self) -> u64 {
        self.clock.now(Clockid::Realtime).unwrap_or(0)
    }

    /// Whether the stamping clock is virtual (a deterministic run).
    pub(crate) fn virtual_clock(&self) -> bool {
        self.clock.is_virtual()
    }
}

/// Device numbers for in-memory filesystems: distinct from each other, and high enough not
/// to look like a host device.
static NEXT_DEV: AtomicU64 = AtomicU64::new(0x6d65_6d00_0000_0001);

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new()
    }
}

impl MemFs {
    /// An empty filesystem (its root directory alone), stamped by the host's clock.
    pub fn new() -> MemFs {
        MemFs::with_clock(Arc::new(HostClock))
    }

    /// An empty filesystem whose times come from `clock`. Its device number is the next of
    /// a count kept by the process, so that no two filesystems share one.
    pub fn with_clock(clock: Arc<dyn Clock>) -> MemFs {
        MemFs::with_device(clock, NEXT_DEV.fetch_add(1, Ordering::Relaxed))
    }

    /// An empty filesystem whose times come from `clock` and whose files report device
    /// number `dev`, for runs that must not depend on how many filesystems the process made
    /// before (a deterministic run). Give each filesystem of one guest its own `dev`: the
    /// guest tells files apart by (`dev`, `ino`).
    pub fn with_device(clock: Arc<dyn Clock>, dev: u64) -> MemFs {
        let now = clock.now(Clockid::Realtime).unwrap_or(0);
        MemFs {
            shared: Arc::new(Shared {
                state: Lock::new(State::new(now, Limits::default())),
                clock,
                dev,
            }),
        }
    }

    /// Limits the bytes of file contents and symlink targets stored in all to `bytes`
    /// (`ENOSPC` for a write, truncation or creation that would pass it).
    pub fn set_quota(&self, bytes: Option<u64>) {
        self.shared.state.with(|s| s.limits.quota = bytes);
    }

    /// Limits the size of one file to `bytes` (`EFBIG` past it).
    pub fn set_max_file_size(&self, bytes: Option<u64>) {
        self.shared.state.with(|s| s.limits.max_file_size = bytes);
    }

    /// Bytes stored now (file contents and symlink targets, unlinked-but-open files included).
    pub fn used_bytes(&self) -> u64 {
        self.shared.state.with(|s| s.used)
    }

    /// The root directory, to preopen ([`WasiCtxBuilder::preopen`](crate::WasiCtxBuilder::preopen)).
    pub fn root(&self) -> Box<dyn Dir> {
        Box::new(MemDir::open(Arc::clone(&self.shared), ROOT))
    }

    /// The inode `path` names, following no symlink. `path` is relative to the root,
    /// components separated by `/`; `.` and empty components are skipped, `..` is refused
    /// (`EINVAL`): this is the embedder's own access, not a guest's.
    fn resolve(state: &State, path: &str) -> Result<u64> {
        let mut ino = ROOT;
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            if part == ".." {
                return Err(Errno::INVAL);
            }
            ino = state.lookup(ino, part)?;
        }
        Ok(ino)
    }

    /// The directory holding `path`'s last component, and that component.
    fn split(state: &State, path: &str) -> Result<(u64, alloc::string::String)> {
        let trimmed = path.trim_end_matches('/');
        let (head, last) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
        if last.is_empty() || last == "." || last == ".." {
            return Err(Errno::INVAL);
        }
        Ok((
            MemFs::resolve(state, head)?,
            alloc::string::String::from(last),
        ))
    }

    /// Creates (or replaces the contents of) the regular file `path` with `bytes`; its
    /// directory must exist.
    pub fn write_file(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let now = self.shared.now();
        self.shared.state.with(|s| {
            let (dir, name) = MemFs::split(s, path)?;
            let ino = match s.lookup(dir, &name) {
                Ok(ino) => ino,
                Err(Errno::NOENT) => s.create(dir, &name, Kind::File(Vec::new()), now)?,
                Err(e) => return Err(e),
            };
            let len = u64::try_from(bytes.len()).map_err(|_| Errno::FBIG)?;
            s.resize(ino, 0, now)?;
            s.resize(ino, len, now)?;
            match &mut s.inode_mut(ino)?.kind {
                Kind::File(data) => data.copy_from_slice(bytes),
                Kind::Dir(_) => return Err(Errno::ISDIR),
                Kind::Symlink(_) => return Err(Errno::INVAL),
            }
            Ok(())
        })
    }

    /// The contents of the regular file `path`.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>> {
        self.shared.state.with(|s| {
            let ino = MemFs::resolve(s, path)?;
            match &s.inode(ino)?.kind {
                Kind::File(data) => Ok(data.clone()),
                Kind::Dir(_) => Err(Errno::ISDIR),
                Kind::Symlink(_) => Err(Errno::INVAL),
            }
        })
    }

    /// Creates the directory `path` and any missing directories above it.
    pub fn create_dir_all(&self, path: &str) -> Result<()> {
        let now = self.shared.now();
        self.shared.state.with(|s| {
            let mut ino = ROOT;
            for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
                if part == ".." {
                    return Err(Errno::INVAL);
                }
                ino = match s.lookup(ino, part) {
                    Ok(ino) => ino,
                    Err(Errno::NOENT) => s.mkdir(ino, part, now)?,
                    Err(e) => return Err(e),
                };
                s.dir(ino)?;
            }
            Ok(())
        })
    }

    /// Creates the symlink `path` pointing at `target`.
    pub fn symlink(&self, target: &str, path: &str) -> Result<()> {
        let now = self.shared.now();
        self.shared.state.with(|s| {
            let (dir, name) = MemFs::split(s, path)?;
            s.create(
                dir,
                &name,
                Kind::Symlink(alloc::string::String::from(target)),
                now,
            )?;
            Ok(())
        })
    }

    /// Removes the file, symlink or empty directory `path`.
    pub fn remove(&self, path: &str) -> Result<()> {
        let now = self.shared.now();
        self.shared.state.with(|s| {
            let (dir, name) = MemFs::split(s, path)?;
            let ino = s.lookup(dir, &name)?;
            let is_dir = matches!(s.inode(ino)?.kind, Kind::Dir(_));
            s.remove(dir, &name, is_dir, now)
        })
    }

    /// The names in directory `path`, sorted (without `.` and `..`).
    pub fn list(&self, path: &str) -> Result<Vec<alloc::string::String>> {
        self.shared.state.with(|s| {
            let ino = MemFs::resolve(s, path)?;
            Ok(s.dir(ino)?.by_name.keys().cloned().collect())
        })
    }

    /// What `path` is and its status, not following a symlink.
    pub fn stat(&self, path: &str) -> Result<crate::backend::Stat> {
        self.shared.state.with(|s| {
            let ino = MemFs::resolve(s, path)?;
            s.stat(ino, self.shared.dev)
        })
    }

    /// The target of the symlink `path`.
    pub fn read_link(&self, path: &str) -> Result<alloc::string::String> {
        self.shared.state.with(|s| {
            let ino = MemFs::resolve(s, path)?;
            match &s.inode(ino)?.kind {
                Kind::Symlink(target) => Ok(target.clone()),
                Kind::File(_) | Kind::Dir(_) => Err(Errno::INVAL),
            }
        })
    }
}
