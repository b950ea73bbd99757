//! `Rx`: a context whose fd 3 preopens a fresh temp dir, with one-line helpers for the calls
//! the readdir and fd-table tests make.
//!
//! Tests that count the host process's open fds (`/proc/self/fd`) must not overlap with tests
//! that open files, so every test that uses `Rx` holds [`serial`].

pub use super::Backing;
use super::*;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use wasi_abi::{Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, Output, OutputBuffer, WasiCtx};

pub const OUT: u32 = 64;
pub const STAT: u32 = 128;
pub const IOV: u32 = 256;
pub const PATH: u32 = 1024;
pub const DATA: u32 = 8192;
/// Where `fd_readdir` writes: up to 32 KiB.
pub const BUF: u32 = 16384;

pub const DIRECTORY: u32 = Oflags::DIRECTORY.bits() as u32;
pub const CREAT: u32 = Oflags::CREAT.bits() as u32;

pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Open fds of this process.
pub fn host_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// One `dirent` as the guest sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ent {
    pub next: u64,
    pub ino: u64,
    pub ty: u8,
    pub name: String,
}

/// The whole entries in `bytes`, and the bytes of a cut-off one at the end. Checks each
/// header's padding and that `d_namlen` is the name's length.
pub fn parse(mut bytes: &[u8]) -> (Vec<Ent>, &[u8]) {
    let mut out = Vec::new();
    while bytes.len() >= 24 {
        let namlen = u32_at(bytes, 16) as usize;
        if bytes.len() < 24 + namlen {
            break;
        }
        assert_eq!(&bytes[21..24], &[0; 3], "padding");
        let name = String::from_utf8(bytes[24..24 + namlen].to_vec()).unwrap();
        let (next, ino, ty) = (u64_at(bytes, 0), u64_at(bytes, 8), bytes[20]);
        out.push(Ent {
            next,
            ino,
            ty,
            name,
        });
        bytes = &bytes[24 + namlen..];
    }
    (out, bytes)
}

/// A context (captured stdout) whose fd 3 preopens a fresh temp dir (removed on drop).
pub struct Rx {
    pub dir: PathBuf,
    pub ctx: WasiCtx,
    pub mem: Vec<u8>,
    pub stdout: OutputBuffer,
    /// What fd 3 is backed by.
    pub backing: Backing,
    /// fd 3's in-memory copy, on [`Backing::Mem`].
    pub fs: Option<wasi_impl::MemFs>,
}

impl Drop for Rx {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Rx {
    pub fn new(tag: &str, max_fds: usize) -> Rx {
        Rx::on(tag, max_fds, Backing::Host(wasi_impl::Resolver::detect()))
    }

    /// A fresh temp dir as fd 3, backed by `backing` (an in-memory copy or an overlay of the
    /// temp dir, or the dir itself).
    pub fn on(tag: &str, max_fds: usize, backing: Backing) -> Rx {
        let dir = scratch_dir(tag);
        let stdout = OutputBuffer::new();
        let b = WasiCtx::builder().stdout(Output::Capture(stdout.clone()));
        let (b, fs) = backing.preopen_keeping(b.stderr(Output::Null), &dir, "/");
        let b = b.max_open_fds(max_fds);
        let (ctx, mem) = (b.build().expect("build"), memory());
        Rx {
            dir,
            ctx,
            mem,
            stdout,
            backing,
            fs,
        }
    }

    /// Makes the file `rel` with `bytes` where the guest will see it (on the host; in the
    /// in-memory copy too).
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.host(rel), bytes).unwrap();
        if let Some(fs) = &self.fs {
            fs.write_file(rel, bytes).unwrap();
        }
    }

    /// Makes the directory `rel`, as [`Rx::put`] makes a file.
    pub fn put_dir(&self, rel: &str) {
        std::fs::create_dir(self.host(rel)).unwrap();
        if let Some(fs) = &self.fs {
            fs.create_dir_all(rel).unwrap();
        }
    }

    /// Makes the symlink `rel` -> `target`, as [`Rx::put`] makes a file.
    pub fn put_link(&self, target: &str, rel: &str) {
        std::os::unix::fs::symlink(target, self.host(rel)).unwrap();
        if let Some(fs) = &self.fs {
            fs.symlink(target, rel).unwrap();
        }
    }

    /// Removes the file `rel`, as [`Rx::put`] makes one.
    pub fn rm(&self, rel: &str) {
        std::fs::remove_file(self.host(rel)).unwrap();
        if let Some(fs) = &self.fs {
            fs.remove(rel).unwrap();
        }
    }

    /// The inode number of `rel` (`""`: the preopen itself, not followed) in the backing:
    /// the host's (an overlay shows the lower files' own), or the in-memory copy's.
    pub fn backing_ino(&self, rel: &str) -> u64 {
        use std::os::unix::fs::MetadataExt;
        match &self.fs {
            Some(fs) => fs.stat(rel).unwrap().ino,
            None => std::fs::symlink_metadata(self.host(rel)).unwrap().ino(),
        }
    }

    pub fn host(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn call(
        &mut self,
        f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> wasi_impl::Result,
    ) -> Errno {
        errno(f(&mut self.ctx, &mut GuestMemory::new(&mut self.mem)))
    }

    /// `path_open` relative to fd 3; the fd, or the errno (the out-pointer untouched then).
    pub fn open(&mut self, path: &str, of: u32, rights: Rights) -> Result<u32, Errno> {
        self.mem[PATH as usize..][..path.len()].copy_from_slice(path.as_bytes());
        put_u32(&mut self.mem, OUT as usize, 0xDEAD);
        let (len, r) = (path.len() as u32, rights.bits());
        match x!(self.path_open(3, 0, PATH, len, of, r, r, 0, OUT)) {
            Errno::SUCCESS => Ok(u32_at(&self.mem, OUT as usize)),
            e => {
                assert_eq!(u32_at(&self.mem, OUT as usize), 0xDEAD, "fd_out written");
                Err(e)
            }
        }
    }

    pub fn open_dir(&mut self, path: &str) -> u32 {
        let r = Rights::FD_READDIR | Rights::FD_FILESTAT_GET | Rights::PATH_OPEN;
        self.open(path, DIRECTORY, r).unwrap()
    }

    /// One `fd_readdir` into `len` bytes at BUF (preset to 0xFF); the bytes used.
    pub fn readdir(&mut self, fd: u32, len: u32, cookie: u64) -> Result<Vec<u8>, Errno> {
        self.mem[BUF as usize..][..32768].fill(0xFF);
        put_u32(&mut self.mem, OUT as usize, 0xDEAD);
        let e = x!(self.fd_readdir(fd, BUF, len, cookie, OUT));
        if e != Errno::SUCCESS {
            assert_eq!(u32_at(&self.mem, OUT as usize), 0xDEAD, "bufused written");
            return Err(e);
        }
        let used = u32_at(&self.mem, OUT as usize);
        assert!(used <= len);
        let rest = &self.mem[(BUF + used) as usize..(BUF + len) as usize];
        assert!(rest.iter().all(|&b| b == 0xFF), "written past bufused");
        Ok(self.mem[BUF as usize..][..used as usize].to_vec())
    }

    /// Every entry of `fd`, read `len` bytes at a time, resuming after the last whole entry.
    pub fn list(&mut self, fd: u32, len: u32) -> Vec<Ent> {
        let (mut all, mut cookie) = (Vec::new(), 0);
        loop {
            let bytes = self.readdir(fd, len, cookie).unwrap();
            let (ents, _) = parse(&bytes);
            let full = bytes.len() == len as usize;
            assert!(
                !full || !ents.is_empty(),
                "no whole entry fits in {len} bytes"
            );
            cookie = ents.last().map_or(cookie, |e| e.next);
            all.extend(ents);
            if !full {
                return all;
            }
        }
    }

    pub fn ino_of(&mut self, fd: u32) -> u64 {
        assert_eq!(x!(self.fd_filestat_get(fd, STAT)), Errno::SUCCESS);
        u64_at(&self.mem, STAT as usize + 8)
    }

    pub fn filetype(&mut self, fd: u32) -> Result<u8, Errno> {
        match x!(self.fd_fdstat_get(fd, STAT)) {
            Errno::SUCCESS => Ok(self.mem[STAT as usize]),
            e => Err(e),
        }
    }

    pub fn read(&mut self, fd: u32) -> Result<Vec<u8>, Errno> {
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, 4096);
        match x!(self.fd_read(fd, IOV, 1, OUT)) {
            Errno::SUCCESS => {
                let n = u32_at(&self.mem, OUT as usize) as usize;
                Ok(self.mem[DATA as usize..][..n].to_vec())
            }
            e => Err(e),
        }
    }
}

pub fn names(ents: &[Ent]) -> Vec<&str> {
    let mut names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    names
}

/// Generates, for each `fn NAME(Backing)` listed, one test per backing: `host::NAME`,
/// `mem::NAME`, `overlay::NAME`.
#[macro_export]
macro_rules! on_backings {
    ($($name:ident;)*) => {
        mod host {
            $( #[test] fn $name() {
                super::$name(super::Backing::Host(wasi_impl::Resolver::detect()))
            } )*
        }
        mod mem {
            $( #[test] fn $name() { super::$name(super::Backing::Mem) } )*
        }
        mod overlay {
            $( #[test] fn $name() { super::$name(super::Backing::Overlay) } )*
        }
    };
}
