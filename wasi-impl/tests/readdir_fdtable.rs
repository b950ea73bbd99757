//! `fd_readdir` (exact `dirent` records, truncation and resuming, cookie 0, large
//! directories) and the fd table (lowest free number, `fd_renumber`, the open-fd cap, and that
//! closing every fd or dropping the context releases every host fd).
//!
//! Tests that count the host process's open fds (`/proc/self/fd`) must not overlap with tests
//! that open files, so every test here holds one lock.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use wasi_abi::{Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, Output, OutputBuffer, WasiCtx};

const OUT: u32 = 64;
const STAT: u32 = 128;
const IOV: u32 = 256;
const PATH: u32 = 1024;
const DATA: u32 = 8192;
/// Where `fd_readdir` writes: up to 32 KiB.
const BUF: u32 = 16384;

const DIRECTORY: u32 = Oflags::DIRECTORY.bits() as u32;
const CREAT: u32 = Oflags::CREAT.bits() as u32;

/// `x!(rx.fd_close(fd))`: calls `fd_close(mem, fd)` on `rx`'s context; the errno.
macro_rules! x {
    ($rx:ident . $f:ident ( $($a:expr),* $(,)? )) => {
        $rx.call(|c, m| c.$f(m, $($a),*))
    };
}

fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Open fds of this process.
fn host_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// One `dirent` as the guest sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Ent {
    next: u64,
    ino: u64,
    ty: u8,
    name: String,
}

/// The whole entries in `bytes`, and the bytes of a cut-off one at the end. Checks each
/// header's padding and that `d_namlen` is the name's length.
fn parse(mut bytes: &[u8]) -> (Vec<Ent>, &[u8]) {
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
struct Rx {
    dir: PathBuf,
    ctx: WasiCtx,
    mem: Vec<u8>,
    stdout: OutputBuffer,
}

impl Drop for Rx {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Rx {
    fn new(tag: &str, max_fds: usize) -> Rx {
        let dir = scratch_dir(tag);
        let stdout = OutputBuffer::new();
        let b = WasiCtx::builder().stdout(Output::Capture(stdout.clone()));
        let b = b
            .stderr(Output::Null)
            .preopen_dir(&dir, "/")
            .max_open_fds(max_fds);
        let (ctx, mem) = (b.build().expect("build"), memory());
        Rx {
            dir,
            ctx,
            mem,
            stdout,
        }
    }

    fn host(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    fn call(
        &mut self,
        f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> wasi_impl::Result,
    ) -> Errno {
        errno(f(&mut self.ctx, &mut GuestMemory::new(&mut self.mem)))
    }

    /// `path_open` relative to fd 3; the fd, or the errno (the out-pointer untouched then).
    fn open(&mut self, path: &str, of: u32, rights: Rights) -> Result<u32, Errno> {
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

    fn open_dir(&mut self, path: &str) -> u32 {
        let r = Rights::FD_READDIR | Rights::FD_FILESTAT_GET | Rights::PATH_OPEN;
        self.open(path, DIRECTORY, r).unwrap()
    }

    /// One `fd_readdir` into `len` bytes at BUF (preset to 0xFF); the bytes used.
    fn readdir(&mut self, fd: u32, len: u32, cookie: u64) -> Result<Vec<u8>, Errno> {
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
    fn list(&mut self, fd: u32, len: u32) -> Vec<Ent> {
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

    fn ino_of(&mut self, fd: u32) -> u64 {
        assert_eq!(x!(self.fd_filestat_get(fd, STAT)), Errno::SUCCESS);
        u64_at(&self.mem, STAT as usize + 8)
    }

    fn filetype(&mut self, fd: u32) -> Result<u8, Errno> {
        match x!(self.fd_fdstat_get(fd, STAT)) {
            Errno::SUCCESS => Ok(self.mem[STAT as usize]),
            e => Err(e),
        }
    }

    fn read(&mut self, fd: u32) -> Result<Vec<u8>, Errno> {
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

fn names(ents: &[Ent]) -> Vec<&str> {
    let mut names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    names
}

#[test]
fn an_empty_directory_has_exactly_dot_and_dotdot() {
    let _g = serial();
    let mut rx = Rx::new("rd-empty", 64);
    std::fs::create_dir(rx.host("e")).unwrap();
    let e = rx.open_dir("e");
    let bytes = rx.readdir(e, 256, 0).unwrap();
    assert_eq!(bytes.len(), 24 + 1 + 24 + 2);
    let (ents, rest) = parse(&bytes);
    assert!(rest.is_empty());
    assert_eq!(names(&ents), [".", ".."]);
    let dot = ents.iter().find(|e| e.name == ".").unwrap();
    let dotdot = ents.iter().find(|e| e.name == "..").unwrap();
    assert_eq!((dot.ty, dotdot.ty), (3, 3), "directories");
    assert_eq!(dot.ino, rx.ino_of(e));
    assert_eq!(dot.ino, std::fs::metadata(rx.host("e")).unwrap().ino());
    assert_eq!(dotdot.ino, std::fs::metadata(&rx.dir).unwrap().ino());
    // The preopen itself, also empty but for "e".
    let ents = rx.list(3, 256);
    assert_eq!(names(&ents), [".", "..", "e"]);
    let dot = ents.iter().find(|e| e.name == ".").unwrap();
    assert_eq!(dot.ino, rx.ino_of(3));
    // Past the end: nothing.
    let last = ents.last().unwrap().next;
    assert_eq!(rx.readdir(3, 256, last), Ok(vec![]));
}

#[test]
fn entries_carry_name_type_inode_and_a_cookie_to_resume_after_them() {
    let _g = serial();
    let mut rx = Rx::new("rd-ents", 64);
    std::fs::write(rx.host("a.txt"), b"a").unwrap();
    std::fs::create_dir(rx.host("sub")).unwrap();
    symlink("a.txt", rx.host("ln")).unwrap();
    symlink("nowhere", rx.host("dangling")).unwrap();
    std::fs::write(rx.host(&"long-name-".repeat(20)), b"").unwrap();
    let ents = rx.list(3, 4096);
    let long = "long-name-".repeat(20);
    let want = [".", "..", "a.txt", "dangling", "ln", long.as_str(), "sub"];
    assert_eq!(names(&ents), want);
    for ent in &ents[..] {
        let path = rx.host(&ent.name);
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let ty = match ent.name.as_str() {
            "." | ".." | "sub" => 3,
            "ln" | "dangling" => 7,
            _ => 4,
        };
        assert_eq!(ent.ty, ty, "{}", ent.name);
        if ent.name != ".." {
            assert_eq!(ent.ino, meta.ino(), "{}", ent.name);
        }
    }
    // Each entry's d_next resumes exactly after it.
    for pair in ents.windows(2) {
        let bytes = rx.readdir(3, 4096, pair[0].next).unwrap();
        assert_eq!(parse(&bytes).0[0], pair[1], "after {}", pair[0].name);
    }
    let cookies: BTreeSet<u64> = ents.iter().map(|e| e.next).collect();
    assert_eq!(cookies.len(), ents.len(), "distinct cookies");
}

#[test]
fn a_small_buffer_cuts_the_last_entry_and_resuming_lists_each_entry_once() {
    let _g = serial();
    let mut rx = Rx::new("rd-small", 64);
    std::fs::create_dir(rx.host("d")).unwrap();
    for i in 0..150 {
        std::fs::write(rx.host(&format!("d/file-{i:03}")), b"").unwrap();
    }
    let d = rx.open_dir("d");
    let whole = rx.readdir(d, 32768, 0).unwrap();
    assert!(whole.len() < 32768);
    // 30 bytes: the start of the listing, the last entry cut off (the kernel's order is
    // its own: the first entry may be "." or a 32-byte "file-NNN").
    let first = parse(&whole).0[0].clone();
    let first_len = 24 + first.name.len();
    let bytes = rx.readdir(d, 30, 0).unwrap();
    assert_eq!(
        bytes[..],
        whole[..30],
        "the same bytes as in a large buffer"
    );
    assert_eq!(parse(&bytes).0.len(), usize::from(first_len <= 30));
    // One entry and 6 bytes of the next.
    let len = first_len as u32 + 6;
    let bytes = rx.readdir(d, len, 0).unwrap();
    let (ents, cut) = parse(&bytes);
    assert_eq!((ents, cut), (vec![first], &whole[first_len..first_len + 6]));
    // 10 bytes: not even one header.
    assert_eq!(rx.readdir(d, 10, 0).unwrap()[..], whole[..10]);
    assert_eq!(rx.readdir(d, 0, 0), Ok(vec![]));
    // 256 bytes at a time: every entry exactly once.
    let ents = rx.list(d, 256);
    let mut want: Vec<String> = (0..150).map(|i| format!("file-{i:03}")).collect();
    want.extend([".".to_string(), "..".to_string()]);
    want.sort();
    assert_eq!(names(&ents), want);
    assert_eq!(ents, parse(&whole).0, "the same entries, in the same order");
}

#[test]
fn cookie_zero_rereads_the_current_contents() {
    let _g = serial();
    let mut rx = Rx::new("rd-reread", 64);
    std::fs::write(rx.host("a"), b"").unwrap();
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "a"]);
    std::fs::write(rx.host("b"), b"").unwrap();
    std::fs::remove_file(rx.host("a")).unwrap();
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b"]);
    // Created through the guest, seen by the next listing.
    rx.open("c", CREAT, Rights::FD_READ).unwrap();
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b", "c"]);
}

#[test]
fn readdir_refusals() {
    let _g = serial();
    let mut rx = Rx::new("rd-err", 64);
    std::fs::write(rx.host("f"), b"").unwrap();
    std::fs::create_dir(rx.host("d")).unwrap();
    let f = rx.open("f", 0, Rights::all()).unwrap();
    assert_eq!(rx.readdir(f, 256, 0), Err(Errno::NOTDIR));
    let d = rx.open("d", DIRECTORY, Rights::PATH_OPEN).unwrap();
    assert_eq!(rx.readdir(d, 256, 0), Err(Errno::NOTCAPABLE));
    assert_eq!(rx.readdir(1, 256, 0), Err(Errno::NOTDIR), "stdout");
    assert_eq!(rx.readdir(3, 256, 1 << 63), Err(Errno::INVAL));
    assert_eq!(rx.readdir(3, 256, u64::MAX), Err(Errno::INVAL));
    // Dropping FD_READDIR from the preopen.
    let base = (Rights::all() - Rights::FD_READDIR).bits();
    assert_eq!(x!(rx.fd_fdstat_set_rights(3, base, 0)), Errno::NOTCAPABLE);
    assert_eq!(x!(rx.fd_fdstat_get(3, STAT)), Errno::SUCCESS);
    let base = u64_at(&rx.mem, STAT as usize + 8) & !Rights::FD_READDIR.bits();
    assert_eq!(x!(rx.fd_fdstat_set_rights(3, base, 0)), Errno::SUCCESS);
    assert_eq!(rx.readdir(3, 256, 0), Err(Errno::NOTCAPABLE));
}

#[test]
fn a_directory_of_20000_entries_lists_completely() {
    let _g = serial();
    let mut rx = Rx::new("rd-big", 64);
    std::fs::create_dir(rx.host("big")).unwrap();
    for i in 0..20_000 {
        std::fs::File::create(rx.host(&format!("big/{i}"))).unwrap();
    }
    let d = rx.open_dir("big");
    let ents = rx.list(d, 32768);
    assert_eq!(ents.len(), 20_002);
    let set: BTreeSet<&str> = ents.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(set.len(), 20_002, "no entry twice");
    assert!((0..20_000).all(|i| set.contains(format!("{i}").as_str())));
    // A smaller buffer gives the same listing.
    assert_eq!(rx.list(d, 4000), ents);
}

#[test]
fn new_fds_take_the_lowest_free_number() {
    let _g = serial();
    let mut rx = Rx::new("fdt-lowest", 64);
    let open = |rx: &mut Rx, name: &str| rx.open(name, CREAT, Rights::FD_READ).unwrap();
    assert_eq!(
        [open(&mut rx, "a"), open(&mut rx, "b"), open(&mut rx, "c")],
        [4, 5, 6]
    );
    assert_eq!(x!(rx.fd_close(5)), Errno::SUCCESS);
    assert_eq!(open(&mut rx, "d"), 5);
    assert_eq!(x!(rx.fd_close(4)), Errno::SUCCESS);
    assert_eq!(x!(rx.fd_close(6)), Errno::SUCCESS);
    assert_eq!(
        [open(&mut rx, "e"), open(&mut rx, "f"), open(&mut rx, "g")],
        [4, 6, 7]
    );
    // Closing stdio frees its numbers too.
    assert_eq!(x!(rx.fd_close(0)), Errno::SUCCESS);
    assert_eq!(open(&mut rx, "h"), 0);
    assert_eq!(rx.ctx.open_fds(), 8);
}

#[test]
fn renumber_moves_the_entry_and_closes_the_source() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    std::fs::write(rx.host("B"), b"bbb").unwrap();
    let a_rights = Rights::FD_READ | Rights::FD_SEEK;
    let a = rx.open("A", 0, a_rights).unwrap();
    let b = rx.open("B", 0, Rights::FD_READ | Rights::FD_WRITE).unwrap();
    assert_eq!((a, b, rx.ctx.open_fds()), (4, 5, 6));
    let fds = host_fds();
    assert_eq!(x!(rx.fd_renumber(a, b)), Errno::SUCCESS);
    assert_eq!(rx.read(b), Ok(b"aaa".to_vec()));
    assert_eq!(rx.filetype(a), Err(Errno::BADF));
    assert_eq!(rx.read(a), Err(Errno::BADF));
    assert_eq!(rx.ctx.open_fds(), 5);
    assert_eq!(host_fds(), fds - 1, "B's host fd was closed");
    // The rights moved with it.
    assert_eq!(x!(rx.fd_fdstat_get(b, STAT)), Errno::SUCCESS);
    assert_eq!(u64_at(&rx.mem, STAT as usize + 8), a_rights.bits());
    // The source's number is free again.
    assert_eq!(rx.open("B", 0, Rights::FD_READ), Ok(4));
}

#[test]
fn renumber_refusals_change_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-err", 64);
    std::fs::write(rx.host("A"), b"0123").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ).unwrap();
    let (open, fds) = (rx.ctx.open_fds(), host_fds());
    // Onto a number that is not open, from one that is not open.
    assert_eq!(x!(rx.fd_renumber(a, 9)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(a, 5)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(9, a)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(9, 9)), Errno::BADF);
    assert_eq!(rx.filetype(9), Err(Errno::BADF));
    assert_eq!(rx.read(a), Ok(b"0123".to_vec()));
    // Onto itself: nothing happens.
    assert_eq!(x!(rx.fd_renumber(a, a)), Errno::SUCCESS);
    assert_eq!(rx.read(a), Ok(vec![]), "same open file, offset kept");
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open, fds));
    assert_eq!(rx.filetype(3), Ok(3));
}

#[test]
fn renumber_onto_the_preopen_and_onto_stdout() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-std", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ | Rights::FD_WRITE).unwrap();
    let (open, fds) = (rx.ctx.open_fds(), host_fds());
    // Onto the preopen: the directory is closed, fd 3 is the file.
    assert_eq!(x!(rx.fd_renumber(a, 3)), Errno::SUCCESS);
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open - 1, fds - 1));
    assert_eq!(rx.filetype(3), Ok(4));
    assert_eq!(rx.read(3), Ok(b"aaa".to_vec()));
    assert_eq!(
        x!(rx.fd_prestat_get(3, OUT)),
        Errno::BADF,
        "no longer a preopen"
    );
    assert_eq!(rx.open("A", 0, Rights::FD_READ), Err(Errno::NOTDIR));
    // Onto stdout: writes to fd 1 go to the file, not to the captured stream.
    assert_eq!(x!(rx.fd_renumber(3, 1)), Errno::SUCCESS);
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open - 2, fds - 1));
    assert_eq!(rx.filetype(3), Err(Errno::BADF));
    rx.mem[DATA as usize..][..3].copy_from_slice(b"out");
    put_u32(&mut rx.mem, IOV as usize, DATA);
    put_u32(&mut rx.mem, IOV as usize + 4, 3);
    assert_eq!(x!(rx.fd_write(1, IOV, 1, OUT)), Errno::SUCCESS);
    assert_eq!(std::fs::read(rx.host("A")).unwrap(), b"aaaout");
    assert_eq!(
        rx.stdout.contents(),
        b"",
        "nothing reached the captured stdout"
    );
    assert_eq!(rx.filetype(1), Ok(4));
}

#[test]
fn the_open_fd_cap_is_emfile_and_leaks_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-cap", 5);
    std::fs::write(rx.host("f"), b"f").unwrap();
    assert_eq!(rx.ctx.open_fds(), 4, "stdio and the preopen");
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Ok(4));
    let fds = host_fds();
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Err(Errno::MFILE));
    assert_eq!(
        rx.open(".", DIRECTORY, Rights::FD_READDIR),
        Err(Errno::MFILE)
    );
    assert_eq!(
        (rx.ctx.open_fds(), host_fds()),
        (5, fds),
        "no host fd leaked"
    );
    assert_eq!(x!(rx.fd_close(4)), Errno::SUCCESS);
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Ok(4));
    assert_eq!(rx.read(4), Ok(b"f".to_vec()));
}

#[test]
fn emfile_creates_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-cap-creat", 4);
    assert_eq!(rx.open("new", CREAT, Rights::FD_READ), Err(Errno::MFILE));
    assert!(!rx.host("new").exists(), "a failed open created a file");
}

#[test]
fn closing_every_fd_or_dropping_the_context_releases_every_host_fd() {
    let _g = serial();
    let before = host_fds();
    let mut rx = Rx::new("fdt-close", 64);
    std::fs::create_dir(rx.host("d")).unwrap();
    assert_eq!(host_fds(), before + 1, "the preopen");
    for name in ["a", "b", "c"] {
        rx.open(name, CREAT, Rights::FD_READ | Rights::FD_WRITE)
            .unwrap();
    }
    rx.open_dir("d");
    assert_eq!((rx.ctx.open_fds(), host_fds()), (8, before + 5));
    for fd in 0..8 {
        assert_eq!(x!(rx.fd_close(fd)), Errno::SUCCESS, "fd {fd}");
    }
    assert_eq!(rx.ctx.open_fds(), 0);
    assert_eq!(host_fds(), before, "every host fd closed");
    for fd in 0..8 {
        assert_eq!(x!(rx.fd_close(fd)), Errno::BADF);
    }
    drop(rx);
    // Dropping a context with fds still open closes them too.
    let mut rx = Rx::new("fdt-drop", 64);
    for name in ["a", "b"] {
        rx.open(name, CREAT, Rights::FD_READ).unwrap();
    }
    assert_eq!(host_fds(), before + 3);
    drop(rx);
    assert_eq!(host_fds(), before);
}
