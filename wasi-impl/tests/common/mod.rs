//! Helpers shared by the wasi-impl integration tests.
#![allow(dead_code, reason = "each test file uses a different subset")]

use wasi_impl::{Errno, Error, Input, Output, OutputBuffer, Trap, WasiCtx};

/// `x!(rx.fd_close(fd))`: calls `fd_close(mem, fd)` on `rx`'s context; the errno.
#[allow(unused_macros, reason = "each test file uses a different subset")]
macro_rules! x {
    ($rx:ident . $f:ident ( $($a:expr),* $(,)? )) => {
        $rx.call(|c, m| c.$f(m, $($a),*))
    };
}

pub mod backed;
pub mod poll_subs;
pub mod rx;

/// A 64 KiB guest memory.
pub fn memory() -> Vec<u8> {
    vec![0u8; 65536]
}

/// The errno a call answered (SUCCESS for Ok); panics on exit or trap.
pub fn errno(r: wasi_impl::Result) -> Errno {
    match r {
        Ok(()) => Errno::SUCCESS,
        Err(Error::Errno(e)) => e,
        Err(other) => panic!("expected an errno, got {other:?}"),
    }
}

/// The trap a call raised; panics on success, an errno or an exit.
pub fn trap(r: wasi_impl::Result) -> Trap {
    match r {
        Err(Error::Trap(t)) => t,
        other => panic!("expected a trap, got {other:?}"),
    }
}

/// A context with captured stdout/stderr and the given stdin bytes.
pub fn captured(stdin: &[u8]) -> (WasiCtx, OutputBuffer, OutputBuffer) {
    let out = OutputBuffer::new();
    let err = OutputBuffer::new();
    let ctx = WasiCtx::builder()
        .stdin(Input::Bytes(stdin.to_vec()))
        .stdout(Output::Capture(out.clone()))
        .stderr(Output::Capture(err.clone()))
        .build()
        .expect("build");
    (ctx, out, err)
}

pub fn u32_at(mem: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(mem[at..at + 4].try_into().unwrap())
}

pub fn u64_at(mem: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(mem[at..at + 8].try_into().unwrap())
}

pub fn put_u32(mem: &mut [u8], at: usize, v: u32) {
    mem[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// A fresh empty directory under the system temp dir.
pub fn scratch_dir(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wasi-impl-test-{}-{}-{}",
        std::process::id(),
        tag,
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------
// Sandbox-escape fixture (used by `sandbox_escape.rs` and `sandbox_escape_links.rs`).
// ---------------------------------------------------------------------------------------

/// The bytes of the canary file outside the sandbox.
pub const JAIL_CANARY: &[u8] = b"CANARY: a guest must never read, write or move this\n";
/// The bytes of `inside.txt` in the sandbox.
pub const JAIL_INSIDE: &[u8] = b"inside the sandbox\n";
/// The bytes of `theirs.txt` in the second preopen.
pub const JAIL_THEIRS: &[u8] = b"second preopen\n";
/// Guest-memory layout of [`Jail`]'s calls.
pub const JAIL_OUT: u32 = 64;
pub const JAIL_STAT: u32 = 128;
pub const JAIL_IOV: u32 = 256;
pub const JAIL_PATH1: u32 = 1024;
pub const JAIL_PATH2: u32 = 3072;
pub const JAIL_DATA: u32 = 8192;
pub const JAIL_DATA_LEN: u32 = 4096;

/// Everything `lstat` says about a host file except its access time (reading a file may
/// change that), plus a regular file's bytes and a symlink's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostState {
    pub mode: u32,
    pub ino: u64,
    pub nlink: u64,
    pub size: u64,
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
    pub bytes: Option<Vec<u8>>,
    pub target: Option<std::path::PathBuf>,
}

/// The [`HostState`] of `path` itself (symlinks not followed).
pub fn host_state(path: &std::path::Path) -> HostState {
    use std::os::unix::fs::MetadataExt;
    let meta =
        std::fs::symlink_metadata(path).unwrap_or_else(|e| panic!("lstat {}: {e}", path.display()));
    let ft = meta.file_type();
    HostState {
        mode: meta.mode(),
        ino: meta.ino(),
        nlink: meta.nlink(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        ctime: (meta.ctime(), meta.ctime_nsec()),
        bytes: ft.is_file().then(|| std::fs::read(path).unwrap()),
        target: ft.is_symlink().then(|| std::fs::read_link(path).unwrap()),
    }
}

/// A host tree's [`HostState`]s, keyed by path relative to its root.
pub type HostTree = std::collections::BTreeMap<std::path::PathBuf, HostState>;

/// The state of `root` and of everything beneath it, keyed by path relative to `root`.
pub fn host_tree(root: &std::path::Path) -> HostTree {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![std::path::PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let full = root.join(&rel);
        let state = host_state(&full);
        if state.mode & 0o170000 == 0o040000 {
            for entry in std::fs::read_dir(&full).unwrap() {
                todo.push(rel.join(entry.unwrap().file_name()));
            }
        }
        out.insert(rel, state);
    }
    out
}

/// The sorted names in directory `dir`.
pub fn dir_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// A temp root `R` holding `outside/` (the canary file `canary` and the empty directory
/// `secret_dir/`), `sandbox/` (preopened as fd 3, guest name "/") with escape symlinks, and
/// `sandbox2/` (preopened as fd 4, guest name "/other"). [`Jail::assert_outside_intact`]
/// checks that `outside/` and `R` itself are exactly as they were. The root is removed on
/// drop.
/// What a fixture's preopens are backed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backing {
    /// The host directories, with this resolver.
    Host(wasi_impl::Resolver),
    /// In-memory copies of them ([`wasi_impl::MemFs::import`]).
    Mem,
    /// Copy-on-write overlays over them.
    Overlay,
}

impl Backing {
    /// A short name for temp dirs and messages.
    pub fn name(self) -> &'static str {
        match self {
            Backing::Host(wasi_impl::Resolver::Openat2) => "openat2",
            Backing::Host(wasi_impl::Resolver::Walk) => "walk",
            Backing::Mem => "mem",
            Backing::Overlay => "overlay",
        }
    }

    /// `dir` as a preopen of this backing, added to `builder` under `guest`.
    pub fn preopen(
        self,
        builder: wasi_impl::WasiCtxBuilder,
        dir: &std::path::Path,
        guest: &str,
    ) -> wasi_impl::WasiCtxBuilder {
        self.preopen_keeping(builder, dir, guest).0
    }

    /// [`Backing::preopen`], also returning the in-memory filesystem of `Mem`.
    pub fn preopen_keeping(
        self,
        builder: wasi_impl::WasiCtxBuilder,
        dir: &std::path::Path,
        guest: &str,
    ) -> (wasi_impl::WasiCtxBuilder, Option<wasi_impl::MemFs>) {
        match self {
            Backing::Host(resolver) => (builder.preopen_dir(dir, guest).resolver(resolver), None),
            Backing::Mem => {
                let fs = wasi_impl::MemFs::new();
                fs.import(dir).unwrap();
                (builder.preopen(fs.root(), guest, false), Some(fs))
            }
            Backing::Overlay => {
                let lower = wasi_impl::host::HostDir::open(dir).unwrap();
                let overlay = wasi_impl::Overlay::new(Box::new(lower));
                (builder.preopen(overlay.root(), guest, false), None)
            }
        }
    }

    /// Whether the guest's changes reach the host directory.
    pub fn writes_host(self) -> bool {
        matches!(self, Backing::Host(_))
    }
}

#[derive(Debug)]
pub struct Jail {
    pub resolver: wasi_impl::Resolver,
    pub backing: Backing,
    pub root: std::path::PathBuf,
    pub outside: std::path::PathBuf,
    pub sandbox: std::path::PathBuf,
    pub sandbox2: std::path::PathBuf,
    pub ctx: WasiCtx,
    pub mem: Vec<u8>,
    /// The sandbox's in-memory copy, on [`Backing::Mem`].
    pub fs: Option<wasi_impl::MemFs>,
    /// Both sandboxes on the host, as the test itself last left them.
    sandboxes_before: (HostTree, HostTree),
    outside_before: std::collections::BTreeMap<std::path::PathBuf, HostState>,
    root_before: (HostState, Vec<String>),
}

impl Jail {
    pub fn new(resolver: wasi_impl::Resolver) -> Jail {
        Jail::on(Backing::Host(resolver))
    }

    pub fn on(backing: Backing) -> Jail {
        let resolver = match backing {
            Backing::Host(resolver) => resolver,
            Backing::Mem | Backing::Overlay => wasi_impl::Resolver::Walk,
        };
        use std::os::unix::fs::{PermissionsExt, symlink};
        let root = scratch_dir(&format!("escape-{backing:?}"));
        let outside = root.join("outside");
        let sandbox = root.join("sandbox");
        let sandbox2 = root.join("sandbox2");
        std::fs::create_dir(&outside).unwrap();
        std::fs::create_dir(outside.join("secret_dir")).unwrap();
        std::fs::create_dir_all(sandbox.join("sub")).unwrap();
        std::fs::create_dir(&sandbox2).unwrap();
        let canary = outside.join("canary");
        std::fs::write(&canary, JAIL_CANARY).unwrap();
        std::fs::set_permissions(&canary, std::fs::Permissions::from_mode(0o640)).unwrap();
        // An old, exact mtime: any touch of the canary shows.
        let old = std::time::UNIX_EPOCH + std::time::Duration::new(1_234_567_890, 123_456_789);
        std::fs::File::options()
            .write(true)
            .open(&canary)
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::fs::write(sandbox.join("inside.txt"), JAIL_INSIDE).unwrap();
        std::fs::write(sandbox.join("sub/nested.txt"), b"nested").unwrap();
        std::fs::write(sandbox2.join("theirs.txt"), JAIL_THEIRS).unwrap();
        let links: [(&str, std::path::PathBuf); 13] = [
            ("up", "..".into()),
            ("abs", outside.clone()),
            ("abs_canary", canary.clone()),
            ("chain1", "chain2".into()),
            ("chain2", "../outside/canary".into()),
            ("dangling_out", "../outside/nonexistent".into()),
            ("loop_a", "loop_b".into()),
            ("loop_b", "loop_a".into()),
            ("sub/deep_up", "../../outside".into()),
            ("selfloop", "selfloop".into()),
            ("ok_link", "inside.txt".into()),
            ("sub/ok_up", "../inside.txt".into()),
            ("sub/ok_sib", "nested.txt".into()),
        ];
        for (name, target) in links {
            symlink(target, sandbox.join(name)).unwrap();
        }
        let (builder, fs) = backing.preopen_keeping(WasiCtx::builder(), &sandbox, "/");
        let ctx = backing
            .preopen(builder, &sandbox2, "/other")
            .resolver(resolver)
            .build()
            .expect("build");
        let outside_before = host_tree(&outside);
        let sandboxes_before = (host_tree(&sandbox), host_tree(&sandbox2));
        let root_before = (host_state(&root), dir_names(&root));
        Jail {
            resolver,
            backing,
            root,
            outside,
            sandbox,
            sandbox2,
            ctx,
            mem: memory(),
            fs,
            sandboxes_before,
            outside_before,
            root_before,
        }
    }

    /// A path in the sandbox on the host.
    pub fn sb(&self, rel: &str) -> std::path::PathBuf {
        self.sandbox.join(rel)
    }

    /// Makes the symlink `rel` -> `target` in the sandbox, in the host directory and, on
    /// [`Backing::Mem`], in its in-memory copy too (a host-side change while the guest runs).
    pub fn add_symlink(&mut self, target: &str, rel: &str) {
        std::os::unix::fs::symlink(target, self.sb(rel)).unwrap();
        if let Some(fs) = &self.fs {
            fs.symlink(target, rel).unwrap();
        }
        self.sandboxes_before = (host_tree(&self.sandbox), host_tree(&self.sandbox2));
    }

    /// Makes the directory `rel` and its missing parents in the sandbox, on the host and, on
    /// [`Backing::Mem`], in its in-memory copy too.
    pub fn add_dirs(&mut self, rel: &str) {
        std::fs::create_dir_all(self.sb(rel)).unwrap();
        if let Some(fs) = &self.fs {
            fs.create_dir_all(rel).unwrap();
        }
        self.sandboxes_before = (host_tree(&self.sandbox), host_tree(&self.sandbox2));
    }

    /// Makes the file `rel` hold `bytes` in the sandbox, as [`Jail::add_dirs`] does.
    pub fn add_file(&mut self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.sb(rel), bytes).unwrap();
        if let Some(fs) = &self.fs {
            fs.write_file(rel, bytes).unwrap();
        }
        self.sandboxes_before = (host_tree(&self.sandbox), host_tree(&self.sandbox2));
    }

    /// On a backing that must not write the host: the sandboxes on the host are as the
    /// test itself left them, whatever the guest did.
    pub fn assert_sandboxes_untouched(&self) {
        if self.backing.writes_host() {
            return;
        }
        let now = (host_tree(&self.sandbox), host_tree(&self.sandbox2));
        assert!(
            now == self.sandboxes_before,
            "{:?} changed the host sandbox",
            self.backing
        );
    }

    /// The inode number of `rel` (not followed): the host's for a host backing, as the
    /// guest sees it otherwise.
    pub fn ino_of(&mut self, rel: &str) -> u64 {
        match self.backing {
            Backing::Host(_) => host_state(&self.sb(rel)).ino,
            Backing::Mem | Backing::Overlay => self.stat(3, false, rel.as_bytes()).unwrap().ino,
        }
    }

    /// The link count of `rel` (not followed), as [`Jail::ino_of`] sees it.
    pub fn nlink_of(&mut self, rel: &str) -> u64 {
        match self.backing {
            Backing::Host(_) => host_state(&self.sb(rel)).nlink,
            Backing::Mem | Backing::Overlay => self.stat(3, false, rel.as_bytes()).unwrap().nlink,
        }
    }

    /// What `rel` is (not followed), or `None` if nothing: on the host for a host backing,
    /// as the guest sees it otherwise.
    pub fn kind(&mut self, rel: &str) -> Option<wasi_abi::Filetype> {
        use wasi_abi::Filetype;
        if self.backing.writes_host() {
            let meta = self.sb(rel).symlink_metadata().ok()?;
            let t = meta.file_type();
            return Some(if t.is_symlink() {
                Filetype::SymbolicLink
            } else if t.is_dir() {
                Filetype::Directory
            } else {
                Filetype::RegularFile
            });
        }
        let st = self.stat(3, false, rel.as_bytes()).ok()?;
        Filetype::decode(u32::from(st.filetype)).ok()
    }

    /// The target of the symlink `rel`, as [`Jail::kind`] sees it.
    pub fn target_of(&mut self, rel: &str) -> Option<std::path::PathBuf> {
        use std::os::unix::ffi::OsStringExt;
        if self.backing.writes_host() {
            return std::fs::read_link(self.sb(rel)).ok();
        }
        let bytes = self.readlink(3, rel.as_bytes()).ok()?;
        Some(std::ffi::OsString::from_vec(bytes).into())
    }

    /// The mtime of `rel` (not followed) as the guest's changes left it: on the host for a
    /// host backing, as the guest sees it otherwise.
    pub fn mtime_of(&mut self, rel: &str) -> (i64, i64) {
        match self.backing {
            Backing::Host(_) => host_state(&self.sb(rel)).mtime,
            Backing::Mem | Backing::Overlay => {
                let ns = self.stat(3, false, rel.as_bytes()).unwrap().mtim;
                ((ns / 1_000_000_000) as i64, (ns % 1_000_000_000) as i64)
            }
        }
    }

    /// The bytes of the regular file `rel` (followed) as the guest's changes left it, or
    /// `None` if there is none.
    pub fn bytes_of(&mut self, rel: &str) -> Option<Vec<u8>> {
        if self.backing.writes_host() {
            return std::fs::read(self.sb(rel)).ok();
        }
        let all = wasi_abi::Rights::FD_READ | wasi_abi::Rights::FD_SEEK;
        let fd = self
            .open(3, true, rel.as_bytes(), wasi_abi::Oflags::empty(), all)
            .ok()?;
        let bytes = self.read_fd(fd);
        self.close(fd);
        Some(bytes)
    }

    /// `outside/` and everything in it (the canary's bytes, mode, mtime, ctime, inode and
    /// link count; no entry created, renamed, linked or removed) and `R` itself (its entries
    /// and mtime) are as they were before the test.
    pub fn assert_outside_intact(&self) {
        let canary = host_state(&self.outside.join("canary"));
        assert_eq!(canary.bytes.as_deref(), Some(JAIL_CANARY), "canary bytes");
        assert_eq!(canary.mode & 0o7777, 0o640, "canary permissions");
        assert_eq!(canary.mtime, (1_234_567_890, 123_456_789), "canary mtime");
        assert_eq!(canary.nlink, 1, "canary link count");
        assert!(self.outside.join("secret_dir").is_dir(), "secret_dir");
        assert_eq!(
            host_tree(&self.outside),
            self.outside_before,
            "outside/ changed"
        );
        assert_eq!(
            (host_state(&self.root), dir_names(&self.root)),
            self.root_before,
            "the sandbox's parent changed"
        );
    }

    /// Copies `bytes` to guest memory at `at`; returns their length.
    pub fn put(&mut self, at: u32, bytes: &[u8]) -> u32 {
        let start = at as usize;
        self.mem[start..start + bytes.len()].copy_from_slice(bytes);
        bytes.len() as u32
    }

    fn lookup(follow: bool) -> u32 {
        if follow {
            wasi_abi::Lookupflags::SYMLINK_FOLLOW.bits()
        } else {
            0
        }
    }

    /// `path_open`; the new fd, or the errno.
    pub fn open(
        &mut self,
        fd: u32,
        follow: bool,
        path: &[u8],
        oflags: wasi_abi::Oflags,
        rights: wasi_abi::Rights,
    ) -> Result<u32, Errno> {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.path_open(
            &mut mem,
            fd,
            Self::lookup(follow),
            JAIL_PATH1,
            len,
            u32::from(oflags.bits()),
            rights.bits(),
            rights.bits(),
            0,
            JAIL_OUT,
        );
        match errno(r) {
            Errno::SUCCESS => Ok(u32_at(&self.mem, JAIL_OUT as usize)),
            e => Err(e),
        }
    }

    /// Reads up to 4096 bytes from `fd` with one `fd_read`.
    pub fn read_fd(&mut self, fd: u32) -> Vec<u8> {
        put_u32(&mut self.mem, JAIL_IOV as usize, JAIL_DATA);
        put_u32(&mut self.mem, JAIL_IOV as usize + 4, JAIL_DATA_LEN);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.fd_read(&mut mem, fd, JAIL_IOV, 1, JAIL_OUT);
        assert_eq!(errno(r), Errno::SUCCESS, "fd_read");
        let n = u32_at(&self.mem, JAIL_OUT as usize) as usize;
        self.mem[JAIL_DATA as usize..JAIL_DATA as usize + n].to_vec()
    }

    pub fn close(&mut self, fd: u32) {
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        assert_eq!(errno(self.ctx.fd_close(&mut mem, fd)), Errno::SUCCESS);
    }

    /// `path_filestat_get`; the filestat, or the errno.
    pub fn stat(
        &mut self,
        fd: u32,
        follow: bool,
        path: &[u8],
    ) -> Result<wasi_abi::Filestat, Errno> {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.path_filestat_get(
            &mut mem,
            fd,
            Self::lookup(follow),
            JAIL_PATH1,
            len,
            JAIL_STAT,
        );
        match errno(r) {
            Errno::SUCCESS => Ok(mem.read(JAIL_STAT).unwrap()),
            e => Err(e),
        }
    }

    /// `path_filestat_set_times` setting the mtime to `mtim` ns.
    pub fn set_mtime(&mut self, fd: u32, follow: bool, path: &[u8], mtim: u64) -> Errno {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let flags = u32::from(wasi_abi::Fstflags::MTIM.bits());
        let r = self.ctx.path_filestat_set_times(
            &mut mem,
            fd,
            Self::lookup(follow),
            JAIL_PATH1,
            len,
            0,
            mtim,
            flags,
        );
        errno(r)
    }

    pub fn mkdir(&mut self, fd: u32, path: &[u8]) -> Errno {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        errno(
            self.ctx
                .path_create_directory(&mut mem, fd, JAIL_PATH1, len),
        )
    }

    pub fn rmdir(&mut self, fd: u32, path: &[u8]) -> Errno {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        errno(
            self.ctx
                .path_remove_directory(&mut mem, fd, JAIL_PATH1, len),
        )
    }

    pub fn unlink(&mut self, fd: u32, path: &[u8]) -> Errno {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        errno(self.ctx.path_unlink_file(&mut mem, fd, JAIL_PATH1, len))
    }

    pub fn rename(&mut self, fd: u32, old: &[u8], new_fd: u32, new: &[u8]) -> Errno {
        let old_len = self.put(JAIL_PATH1, old);
        let new_len = self.put(JAIL_PATH2, new);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.path_rename(
            &mut mem, fd, JAIL_PATH1, old_len, new_fd, JAIL_PATH2, new_len,
        );
        errno(r)
    }

    pub fn link(
        &mut self,
        old_fd: u32,
        follow: bool,
        old: &[u8],
        new_fd: u32,
        new: &[u8],
    ) -> Errno {
        let old_len = self.put(JAIL_PATH1, old);
        let new_len = self.put(JAIL_PATH2, new);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.path_link(
            &mut mem,
            old_fd,
            Self::lookup(follow),
            JAIL_PATH1,
            old_len,
            new_fd,
            JAIL_PATH2,
            new_len,
        );
        errno(r)
    }

    /// `path_symlink(target, fd, new)`.
    pub fn symlink(&mut self, target: &[u8], fd: u32, new: &[u8]) -> Errno {
        let old_len = self.put(JAIL_PATH1, target);
        let new_len = self.put(JAIL_PATH2, new);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self
            .ctx
            .path_symlink(&mut mem, JAIL_PATH1, old_len, fd, JAIL_PATH2, new_len);
        errno(r)
    }

    /// `path_readlink` into a 4096-byte buffer; the target, or the errno.
    pub fn readlink(&mut self, fd: u32, path: &[u8]) -> Result<Vec<u8>, Errno> {
        let len = self.put(JAIL_PATH1, path);
        let mut mem = wasi_impl::GuestMemory::new(&mut self.mem);
        let r = self.ctx.path_readlink(
            &mut mem,
            fd,
            JAIL_PATH1,
            len,
            JAIL_DATA,
            JAIL_DATA_LEN,
            JAIL_OUT,
        );
        match errno(r) {
            Errno::SUCCESS => {
                let n = u32_at(&self.mem, JAIL_OUT as usize) as usize;
                Ok(self.mem[JAIL_DATA as usize..JAIL_DATA as usize + n].to_vec())
            }
            e => Err(e),
        }
    }

    /// Paths whose resolution leaves the sandbox before reaching their last component, so
    /// every call refuses them with `ENOTCAPABLE`, following or not: `..` above the preopen
    /// in many spellings, absolute paths (the sandbox's own host path included), and every
    /// escape symlink used as an intermediate component. Some name the canary, some a name
    /// that does not exist outside (no existence oracle), some come back into the sandbox
    /// through the outside (still an escape).
    pub fn escape_paths(&self) -> Vec<Vec<u8>> {
        let r = self.root.to_str().unwrap();
        let mut paths: Vec<Vec<u8>> = [
            "..",
            "../",
            "../outside",
            "../outside/canary",
            "../outside/nonexistent",
            "../outside/secret_dir",
            "./../outside/canary",
            "sub/../../outside/canary",
            "sub/./../../outside/canary",
            "sub//..//..//outside//canary",
            "../sandbox/inside.txt",
            "../sandbox",
            "/",
            "/etc/passwd",
            "up/outside/canary",
            "up/outside/nonexistent",
            "up/outside/secret_dir",
            "up/sandbox/inside.txt",
            "abs/canary",
            "abs/nonexistent",
            "abs/secret_dir",
            "abs/../sandbox/inside.txt",
            "sub/deep_up/canary",
            "sub/deep_up/secret_dir",
            "sub/deep_up/../sandbox/inside.txt",
            "chain1/x",
            "dangling_out/x",
            "abs_canary/x",
        ]
        .iter()
        .map(|p| p.as_bytes().to_vec())
        .collect();
        for abs in ["outside/canary", "outside", "sandbox/inside.txt", "sandbox"] {
            paths.push(format!("{r}/{abs}").into_bytes());
        }
        paths
    }
}

/// The escape symlinks of [`Jail`], each named as a last component.
pub const JAIL_ESCAPE_LINKS: [&str; 7] = [
    "up",
    "abs",
    "abs_canary",
    "chain1",
    "chain2",
    "dangling_out",
    "sub/deep_up",
];

/// The escape symlinks with a trailing `/`, which makes a lookup follow them.
pub const JAIL_SLASHED_LINKS: [&str; 7] = [
    "up/",
    "abs/",
    "abs_canary/",
    "chain1/",
    "chain2/",
    "dangling_out/",
    "sub/deep_up/",
];

/// The looping symlinks of [`Jail`] as last components, and paths through them.
pub const JAIL_LOOP_LINKS: [&str; 3] = ["loop_a", "loop_b", "selfloop"];
pub const JAIL_THROUGH_LOOPS: [&str; 4] = ["loop_a/x", "loop_b/", "selfloop/", "selfloop/x"];

impl Drop for Jail {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs `body` on a fresh [`Jail`] with `resolver`, then checks that the outside is intact.
pub fn jail_run(resolver: wasi_impl::Resolver, body: fn(&mut Jail)) {
    jail_run_on(Backing::Host(resolver), body);
}

/// Runs `body` on a fresh [`Jail`] of `backing`, then checks that nothing outside changed
/// (and, on a backing that must not write the host, that the sandboxes did not change
/// either).
pub fn jail_run_on(backing: Backing, body: fn(&mut Jail)) {
    if backing == Backing::Host(wasi_impl::Resolver::Openat2) {
        assert_eq!(
            wasi_impl::Resolver::detect(),
            wasi_impl::Resolver::Openat2,
            "this kernel has no openat2: the Openat2 resolver cannot be tested here"
        );
    }
    let mut jail = Jail::on(backing);
    body(&mut jail);
    jail.assert_outside_intact();
    jail.assert_sandboxes_untouched();
}

/// Generates one test per backing (host with each resolver, memory, overlay) for each
/// `fn NAME(&mut Jail)` listed.
#[macro_export]
macro_rules! on_every_backend {
    ($($(#[$attr:meta])* $name:ident;)*) => {
        $crate::on_both_resolvers! { $($(#[$attr])* $name;)* }
        mod mem {
            $( $(#[$attr])* #[test] fn $name() {
                super::jail_run_on(super::Backing::Mem, super::$name);
            } )*
        }
        mod overlay {
            $( $(#[$attr])* #[test] fn $name() {
                super::jail_run_on(super::Backing::Overlay, super::$name);
            } )*
        }
    };
}

/// Generates, for each named `fn(&mut Jail)`, a test under `openat2::` and one under `walk::`
/// that run it with that resolver through `jail_run`.
#[macro_export]
macro_rules! on_both_resolvers {
    ($($(#[$attr:meta])* $name:ident;)*) => {
        mod openat2 {
            $( $(#[$attr])* #[test] fn $name() {
                super::jail_run(wasi_impl::Resolver::Openat2, super::$name);
            } )*
        }
        mod walk {
            $( $(#[$attr])* #[test] fn $name() {
                super::jail_run(wasi_impl::Resolver::Walk, super::$name);
            } )*
        }
    };
}
