//! `Backed`: a test's preopened directory on any backing, made and inspected from outside the
//! guest. On the host it is a temp dir seen with `std::fs`; in memory a `MemFs` seen with its
//! own API; through an overlay the temp dir is the lower layer and the merged tree is seen
//! through the overlay's root handle (never through the core), and on drop the test fails if
//! the lower tree changed since the test last arranged it.

use super::{Backing, HostTree, host_tree, scratch_dir};
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::PathBuf;
use wasi_abi::Filetype;
use wasi_impl::backend::{Dir, Name, OpenHow, Opened, SetTime, Stat};
use wasi_impl::{MemFs, Overlay, WasiCtxBuilder};

/// (ino, filetype, nlink, size, mtim in ns) of one entry, not following a symlink.
pub type Entry = (u64, u8, u64, u64, u64);

/// A preopened directory on one backing.
pub struct Backed {
    /// What the directory is backed by.
    pub backing: Backing,
    /// The temp dir: the preopen on the host, the lower layer of an overlay, unused in memory.
    pub dir: PathBuf,
    mem: Option<MemFs>,
    overlay: Option<Overlay>,
    /// The lower tree as the test last arranged it (overlay only).
    lower: Option<HostTree>,
}

impl Drop for Backed {
    fn drop(&mut self) {
        if let Some(before) = &self.lower
            && !std::thread::panicking()
        {
            assert_eq!(
                &host_tree(&self.dir),
                before,
                "the overlay changed its lower tree"
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Backed {
    /// An empty directory on `backing`.
    pub fn new(tag: &str, backing: Backing) -> Backed {
        let dir = scratch_dir(&format!("{tag}-{}", backing.name()));
        let (mem, overlay) = match backing {
            Backing::Host(_) => (None, None),
            Backing::Mem => (Some(MemFs::new()), None),
            Backing::Overlay => {
                let lower = wasi_impl::host::HostDir::open(&dir).unwrap();
                (None, Some(Overlay::new(Box::new(lower))))
            }
        };
        let lower = overlay.as_ref().map(|_| host_tree(&dir));
        Backed {
            backing,
            dir,
            mem,
            overlay,
            lower,
        }
    }

    /// `builder` with this directory preopened as `guest` (and the host resolver chosen).
    pub fn preopen(&self, builder: WasiCtxBuilder, guest: &str, ro: bool) -> WasiCtxBuilder {
        match self.backing {
            Backing::Host(resolver) => match ro {
                true => builder.preopen_dir_readonly(&self.dir, guest),
                false => builder.preopen_dir(&self.dir, guest),
            }
            .resolver(resolver),
            Backing::Mem | Backing::Overlay => builder.preopen(self.root(), guest, ro),
        }
    }

    /// A fresh handle on the root (memory and overlay only).
    fn root(&self) -> Box<dyn Dir> {
        match (&self.mem, &self.overlay) {
            (Some(fs), _) => fs.root(),
            (_, Some(ov)) => ov.root(),
            _ => unreachable!("the host's tree is seen with std::fs"),
        }
    }

    /// Creates, in order: `name/` a directory, `name->target` a symlink, `name=bytes` a file
    /// (replacing one). Through an overlay they are made in the lower tree.
    pub fn tree(&mut self, spec: &[&str]) {
        for entry in spec {
            let host = |rel: &str| self.dir.join(rel);
            if let Some(dir) = entry.strip_suffix('/') {
                match &self.mem {
                    Some(fs) => fs.create_dir_all(dir).unwrap(),
                    None => std::fs::create_dir(host(dir)).unwrap(),
                }
            } else if let Some((name, target)) = entry.split_once("->") {
                match &self.mem {
                    Some(fs) => fs.symlink(target, name).unwrap(),
                    None => symlink(target, host(name)).unwrap(),
                }
            } else {
                let (name, bytes) = entry.split_once('=').unwrap();
                match &self.mem {
                    Some(fs) => fs.write_file(name, bytes.as_bytes()).unwrap(),
                    None => std::fs::write(host(name), bytes).unwrap(),
                }
            }
        }
        self.rearranged();
    }

    /// Makes the file `rel` hold `bytes` (through an overlay: in the lower tree).
    pub fn put(&mut self, rel: &str, bytes: &[u8]) {
        match &self.mem {
            Some(fs) => fs.write_file(rel, bytes).unwrap(),
            None => std::fs::write(self.dir.join(rel), bytes).unwrap(),
        }
        self.rearranged();
    }

    /// Makes `new` another name of the file `old`, as the guest would see it (through an
    /// overlay: in the upper layer, since `old` may exist only there).
    pub fn hard_link(&mut self, old: &str, new: &str) {
        match self.backing {
            Backing::Host(_) => std::fs::hard_link(self.dir.join(old), self.dir.join(new)).unwrap(),
            Backing::Mem | Backing::Overlay => {
                let ((from, old), (to, new)) = (self.parent(old), self.parent(new));
                let (old, new) = (Name::new(&old).unwrap(), Name::new(&new).unwrap());
                from.link_at(old, &*to, new).unwrap();
            }
        }
    }

    /// Sets the modification time of the file or directory `rel` to `ns` since 1970.
    pub fn set_mtime(&mut self, rel: &str, ns: u64) {
        match &self.mem {
            Some(_) => {
                let (dir, name) = self.parent(rel);
                let name = Name::new(&name).unwrap();
                dir.set_times_at(name, SetTime::Keep, SetTime::At(ns))
                    .unwrap();
            }
            None => {
                let at = std::time::UNIX_EPOCH + std::time::Duration::from_nanos(ns);
                let file = std::fs::File::options()
                    .write(true)
                    .open(self.dir.join(rel));
                file.unwrap().set_modified(at).unwrap();
            }
        }
        self.rearranged();
    }

    /// Records the lower tree as the test arranged it.
    fn rearranged(&mut self) {
        if self.lower.is_some() {
            self.lower = Some(host_tree(&self.dir));
        }
    }

    /// The directory holding `rel` (walked from a fresh root handle) and the last name.
    fn parent(&self, rel: &str) -> (Box<dyn Dir>, String) {
        let mut dir = self.root();
        let mut parts: Vec<&str> = rel.split('/').collect();
        let last = parts.pop().unwrap().to_string();
        for part in parts {
            dir = dir.lookup(Name::new(part).unwrap()).unwrap();
        }
        (dir, last)
    }

    /// The directory `rel` (`""`: the root) itself.
    fn dir_at(&self, rel: &str) -> Box<dyn Dir> {
        if rel.is_empty() {
            return self.root();
        }
        let (dir, name) = self.parent(rel);
        dir.lookup(Name::new(&name).unwrap()).unwrap()
    }

    /// The contents of the file `rel` (following a final symlink on the host only).
    pub fn read(&self, rel: &str) -> Vec<u8> {
        if self.mem.is_none() && self.overlay.is_none() {
            return std::fs::read(self.dir.join(rel)).unwrap();
        }
        let (dir, name) = self.parent(rel);
        let how = OpenHow {
            read: true,
            ..OpenHow::default()
        };
        let Ok(Opened::File(mut file)) = dir.open_at(Name::new(&name).unwrap(), &how) else {
            panic!("{rel} is not a file");
        };
        let (mut out, mut buf) = (Vec::new(), vec![0u8; 4096]);
        loop {
            let n = file.read(&mut buf, &[(0, 4096)]).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// The status of `rel` (`""`: the root), not following a symlink; `None` if missing.
    pub fn try_stat(&self, rel: &str) -> Option<Stat> {
        if self.mem.is_none() && self.overlay.is_none() {
            let m = std::fs::symlink_metadata(self.dir.join(rel)).ok()?;
            let ty = m.file_type();
            let filetype = match () {
                _ if ty.is_dir() => Filetype::Directory,
                _ if ty.is_file() => Filetype::RegularFile,
                _ if ty.is_symlink() => Filetype::SymbolicLink,
                _ => Filetype::Unknown,
            };
            let ns = |s: i64, n: i64| s as u64 * 1_000_000_000 + n as u64;
            return Some(Stat {
                dev: m.dev(),
                ino: m.ino(),
                filetype,
                nlink: m.nlink(),
                size: m.size(),
                atim: ns(m.atime(), m.atime_nsec()),
                mtim: ns(m.mtime(), m.mtime_nsec()),
                ctim: ns(m.ctime(), m.ctime_nsec()),
            });
        }
        if rel.is_empty() {
            return self.root().stat().ok();
        }
        let (dir, name) = self.parent(rel);
        dir.stat_at(Name::new(&name).unwrap()).ok()
    }

    /// The status of `rel`, which must exist.
    pub fn stat(&self, rel: &str) -> Stat {
        self.try_stat(rel)
            .unwrap_or_else(|| panic!("{rel} is missing"))
    }

    /// (ino, filetype, nlink, size, mtim) of `rel`, not following a symlink.
    pub fn entry(&self, rel: &str) -> Option<Entry> {
        let st = self.try_stat(rel)?;
        Some((st.ino, st.filetype as u8, st.nlink, st.size, st.mtim))
    }

    /// The inode number of `rel`, not following a symlink.
    pub fn ino(&self, rel: &str) -> u64 {
        self.entry(rel).unwrap().0
    }

    /// The modification time of `rel` in ns, not following a symlink.
    pub fn mtim(&self, rel: &str) -> u64 {
        self.entry(rel).unwrap().4
    }

    /// `rel` is a directory.
    pub fn is_dir(&self, rel: &str) -> bool {
        self.entry(rel).is_some_and(|e| e.1 == 3)
    }

    /// `rel` is a regular file.
    pub fn is_file(&self, rel: &str) -> bool {
        self.entry(rel).is_some_and(|e| e.1 == 4)
    }

    /// The target of the symlink `rel`.
    pub fn read_link(&self, rel: &str) -> String {
        if self.mem.is_none() && self.overlay.is_none() {
            let target = std::fs::read_link(self.dir.join(rel)).unwrap();
            return target.into_os_string().into_string().unwrap();
        }
        let (dir, name) = self.parent(rel);
        let mut buf = vec![0u8; 4096];
        let n = dir
            .readlink_at(Name::new(&name).unwrap(), &mut buf)
            .unwrap();
        String::from_utf8(buf[..n].to_vec()).unwrap()
    }

    /// The sorted names in the directory `rel` (`""`: the root), without `.` and `..`.
    pub fn names(&self, rel: &str) -> Vec<String> {
        if self.mem.is_none() && self.overlay.is_none() {
            return super::dir_names(&self.dir.join(rel));
        }
        let mut dir = self.dir_at(rel);
        let mut names = Vec::new();
        dir.read_dir(0, &mut |e| {
            let name = String::from_utf8(e.name.to_vec()).unwrap();
            if name != "." && name != ".." {
                names.push(name);
            }
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        names.sort();
        names
    }

    /// Every entry below the root with its status, a symlink's target and a file's bytes.
    pub fn snapshot(&self) -> Vec<(String, Entry, Vec<u8>)> {
        let (mut out, mut todo) = (Vec::new(), vec![String::new()]);
        while let Some(rel) = todo.pop() {
            let entry = self.entry(&rel).unwrap();
            let bytes = match entry.1 {
                3 => {
                    for name in self.names(&rel) {
                        todo.push(if rel.is_empty() {
                            name
                        } else {
                            format!("{rel}/{name}")
                        });
                    }
                    Vec::new()
                }
                4 => self.read(&rel),
                7 => self.read_link(&rel).into_bytes(),
                _ => Vec::new(),
            };
            out.push((rel, entry, bytes));
        }
        out.sort();
        out
    }
}
