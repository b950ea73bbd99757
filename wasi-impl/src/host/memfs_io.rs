//! Copying a host directory tree into a [`MemFs`] and back out: the in-memory filesystem's
//! link to the host, so it lives with the host backend.

use crate::backend::SetTime;
use crate::memfs::MemFs;
use crate::memfs::state::{Kind, ROOT, State};
use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use wasi_abi::Errno;

/// An errno as an `io::Error` for the embedder.
fn io_err(e: Errno) -> io::Error {
    let kind = if e == Errno::NOSPC {
        io::ErrorKind::StorageFull
    } else {
        io::ErrorKind::Other
    };
    io::Error::new(kind, format!("in-memory filesystem: {e}"))
}

/// A host time as nanoseconds since 1970 (0 before it).
fn ns(secs: i64, nanos: i64) -> u64 {
    u64::try_from(secs)
        .unwrap_or(0)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::try_from(nanos).unwrap_or(0))
}

impl MemFs {
    /// Copies the host directory tree `host` into this filesystem's root: directories,
    /// regular files (their bytes), symlinks (their targets, as they are), with their access
    /// and modification times (unless the filesystem's clock is
    /// [virtual](crate::backend::Clock::is_virtual): then the copies are stamped by it, so a
    /// deterministic run sees nothing of the host's times); host files with several names
    /// stay one inode with as many names. FIFOs, sockets and devices are skipped. Counts against the quota.
    ///
    /// # Errors
    /// If the tree cannot be read, a name or target is not UTF-8, or the quota is exceeded
    /// (`ErrorKind::StorageFull`).
    pub fn import(&self, host: &Path) -> io::Result<()> {
        // On a virtual clock (a deterministic run) the copies are stamped by that clock, so
        // that nothing of the host's times reaches the guest.
        let virtual_clock = self.shared.virtual_clock();
        let mut links: HashMap<(u64, u64), u64> = HashMap::new();
        let mut todo = vec![(host.to_path_buf(), ROOT)];
        while let Some((dir, into)) = todo.pop() {
            let mut entries: Vec<_> = std::fs::read_dir(&dir)?.collect::<io::Result<_>>()?;
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let path = entry.path();
                let name = entry
                    .file_name()
                    .into_string()
                    .map_err(|_| io::Error::other(format!("{}: not UTF-8", path.display())))?;
                let meta = std::fs::symlink_metadata(&path)?;
                let now = self.shared.now();
                let times = (
                    SetTime::At(ns(meta.atime(), meta.atime_nsec())),
                    SetTime::At(ns(meta.mtime(), meta.mtime_nsec())),
                );
                let made = self
                    .shared
                    .state
                    .with(|s: &mut State| -> Result<Option<u64>, Errno> {
                        let ft = meta.file_type();
                        let ino = if ft.is_dir() {
                            s.mkdir(into, &name, now)?
                        } else if ft.is_symlink() {
                            let target = std::fs::read_link(&path)
                                .ok()
                                .and_then(|t| t.into_os_string().into_string().ok())
                                .ok_or(Errno::ILSEQ)?;
                            s.create(into, &name, Kind::Symlink(target), now)?
                        } else if ft.is_file() {
                            let key = (meta.dev(), meta.ino());
                            if let Some(&ino) = links.get(&key) {
                                // Another name of a file already copied.
                                let existing = s.inode_mut(ino)?;
                                existing.nlink = existing.nlink.saturating_add(1);
                                s.add_name(into, &name, ino);
                                return Ok(None);
                            }
                            let bytes = std::fs::read(&path).map_err(|_| Errno::IO)?;
                            let ino = s.create(into, &name, Kind::File(Vec::new()), now)?;
                            let len = u64::try_from(bytes.len()).map_err(|_| Errno::FBIG)?;
                            s.resize(ino, len, now)?;
                            if let Kind::File(data) = &mut s.inode_mut(ino)?.kind {
                                data.copy_from_slice(&bytes);
                            }
                            if meta.nlink() > 1 {
                                links.insert(key, ino);
                            }
                            ino
                        } else {
                            return Ok(None);
                        };
                        if !virtual_clock {
                            s.set_times(ino, times.0, times.1, now)?;
                        }
                        Ok(Some(ino))
                    });
                let made = made.map_err(io_err)?;
                if let Some(ino) = made {
                    if meta.file_type().is_dir() {
                        todo.push((path, ino));
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes this filesystem's tree into the host directory `dest` (which must exist):
    /// directories, files, symlinks and hard links, with modification times.
    ///
    /// # Errors
    /// If a host file cannot be created or written.
    pub fn export(&self, dest: &Path) -> io::Result<()> {
        let mut written: HashMap<u64, std::path::PathBuf> = HashMap::new();
        let mut todo = vec![(ROOT, dest.to_path_buf())];
        while let Some((ino, dir)) = todo.pop() {
            let entries: Vec<(String, u64)> = self.shared.state.with(|s| {
                s.dir(ino)
                    .map(|d| {
                        d.by_name
                            .iter()
                            .map(|(n, &(i, _))| (n.clone(), i))
                            .collect()
                    })
                    .unwrap_or_default()
            });
            for (name, child) in entries {
                let path = dir.join(&name);
                enum Out {
                    Dir,
                    File(Vec<u8>, u64),
                    Link(String),
                }
                let out = self.shared.state.with(|s| {
                    let inode = s.inode(child).ok()?;
                    Some(match &inode.kind {
                        Kind::Dir(_) => Out::Dir,
                        Kind::File(data) => Out::File(data.clone(), inode.mtim),
                        Kind::Symlink(target) => Out::Link(target.clone()),
                    })
                });
                match out {
                    Some(Out::Dir) => {
                        std::fs::create_dir(&path)?;
                        todo.push((child, path));
                    }
                    Some(Out::File(bytes, mtim)) => {
                        if let Some(first) = written.get(&child) {
                            std::fs::hard_link(first, &path)?;
                            continue;
                        }
                        std::fs::write(&path, &bytes)?;
                        let when = std::time::UNIX_EPOCH
                            .checked_add(std::time::Duration::from_nanos(mtim))
                            .unwrap_or(std::time::UNIX_EPOCH);
                        std::fs::File::options()
                            .write(true)
                            .open(&path)?
                            .set_modified(when)?;
                        written.insert(child, path);
                    }
                    Some(Out::Link(target)) => std::os::unix::fs::symlink(target, &path)?,
                    None => {}
                }
            }
        }
        Ok(())
    }
}
