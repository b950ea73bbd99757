//! Every `path_*` call inside a preopen, on every backing (the host with either resolver, in
//! memory, an overlay over a host directory), checked from outside the guest (on the host with
//! `std::fs`; in memory and through the overlay with the backend's own handles, and the
//! overlay's lower tree unchanged): flags, rights masking, following or not, dropped rights, a
//! read-only preopen. (Escapes from the sandbox are `sandbox_escape*.rs`'s subject.)

mod common;
use common::backed::Backed;
use common::*;
use wasi_abi::{Fstflags, Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, Resolver, WasiCtx};

const OUT: u32 = 64;
const STAT: u32 = 128;
const IOV: u32 = 256;
const P1: u32 = 1024;
const P2: u32 = 3072;
const DATA: u32 = 8192;

const FOLLOW: u32 = 1;
const CREAT: u32 = Oflags::CREAT.bits() as u32;
const DIRECTORY: u32 = Oflags::DIRECTORY.bits() as u32;
const EXCL: u32 = Oflags::EXCL.bits() as u32;
const TRUNC: u32 = Oflags::TRUNC.bits() as u32;
const MTIM: u32 = Fstflags::MTIM.bits() as u32;

/// Generates one test per backing for each body `fn name(px: &mut Px)`: `openat2::` and
/// `walk::` on the host, `mem::`, `overlay::`.
macro_rules! on_every_backing {
    ($($(#[$attr:meta])* $name:ident;)*) => {
        mod openat2 {
            use super::{Backing::Host, Resolver::Openat2, run};
            $( $(#[$attr])* #[test] fn $name() { run(Host(Openat2), super::$name) } )*
        }
        mod walk {
            use super::{Backing::Host, Resolver::Walk, run};
            $( $(#[$attr])* #[test] fn $name() { run(Host(Walk), super::$name) } )*
        }
        mod mem {
            use super::{Backing::Mem, run};
            $( $(#[$attr])* #[test] fn $name() { run(Mem, super::$name) } )*
        }
        mod overlay {
            use super::{Backing::Overlay, run};
            $( $(#[$attr])* #[test] fn $name() { run(Overlay, super::$name) } )*
        }
    };
}

on_every_backing! {
    open_creat_excl_trunc; open_errors; open_final_symlink; open_masks_requested_rights;
    create_directory; remove_directory; unlink_file; rename; link; symlink_and_readlink;
    filestat_get_follows_or_not; set_times_on_a_symlink_or_its_target;
    rights_dropped_from_the_preopen; read_only_preopen_refuses_every_change;
    readlink_into_an_empty_buffer;
}

fn run(backing: Backing, body: fn(&mut Px)) {
    if backing == Backing::Host(Resolver::Openat2) {
        let have = Resolver::detect() == Resolver::Openat2;
        assert!(
            have,
            "this kernel has no openat2: cannot test the Openat2 resolver"
        );
    }
    body(&mut Px::new(backing, false));
}

/// All rights but those that need write access (a directory cannot be opened for writing).
fn dir_rights() -> Rights {
    Rights::all() - Rights::FD_WRITE - Rights::FD_ALLOCATE - Rights::FD_FILESTAT_SET_SIZE
}

/// Every right a regular file can have: bits 0-8 (`FD_DATASYNC` to `FD_ALLOCATE`), 21-23
/// (`FD_FILESTAT_GET`, `_SET_SIZE`, `_SET_TIMES`) and 27 (`POLL_FD_READWRITE`).
const FILE_RIGHTS: Rights = Rights::from_bits_retain(0x1ff | 0b111 << 21 | 1 << 27);

/// `check! { expr => want; ... }`: asserts each expression equals its value.
macro_rules! check {
    ($($e:expr => $want:expr;)*) => { $( assert_eq!($e, $want, "{}", stringify!($e)); )* };
}

/// `x!(px.fd_sync(fd))`: calls `fd_sync(mem, fd)` on `px`'s context; the errno.
macro_rules! x {
    ($px:ident . $f:ident ( $($a:expr),* $(,)? )) => {
        $px.call(|c, m| c.$f(m, $($a),*))
    };
}

type Stat = (u64, u8, u64, u64, u64);
type Res = wasi_impl::Result;

/// A context whose fd 3 preopens a fresh directory on one backing.
struct Px {
    b: Backed,
    ctx: WasiCtx,
    mem: Vec<u8>,
}

impl Px {
    fn new(backing: Backing, read_only: bool) -> Px {
        let b = Backed::new("paths", backing);
        let ctx = b.preopen(WasiCtx::builder(), "/", read_only).build();
        let (ctx, mem) = (ctx.expect("build"), memory());
        Px { b, ctx, mem }
    }

    fn call(&mut self, f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Res) -> Errno {
        errno(f(&mut self.ctx, &mut GuestMemory::new(&mut self.mem)))
    }

    /// Puts `p1` at P1 and `p2` at P2; their lengths.
    fn put(&mut self, p1: &[u8], p2: &str) -> (u32, u32) {
        self.mem[P1 as usize..][..p1.len()].copy_from_slice(p1);
        self.mem[P2 as usize..][..p2.len()].copy_from_slice(p2.as_bytes());
        (p1.len() as u32, p2.len() as u32)
    }

    /// The u32 at OUT after a call that answered `e`.
    fn out(&self, e: Errno) -> Result<u32, Errno> {
        let out = u32_at(&self.mem, OUT as usize);
        if e == Errno::SUCCESS { Ok(out) } else { Err(e) }
    }

    /// `path_open` with raw flags (inheriting = base rights); the new fd or the errno. The
    /// out-pointer is preset so that a failed call can be seen to leave it alone.
    fn open(&mut self, fd: u32, lf: u32, p: &[u8], of: u32, r: Rights) -> Result<u32, Errno> {
        put_u32(&mut self.mem, OUT as usize, 0xDEAD);
        let ((l, _), r) = (self.put(p, ""), r.bits());
        let e = x!(self.path_open(fd, lf, P1, l, of, r, r, 0, OUT));
        let unwritten = u32_at(&self.mem, OUT as usize) == 0xDEAD;
        assert!(e == Errno::SUCCESS || unwritten, "fd_out written");
        self.out(e)
    }

    fn mkdir(&mut self, fd: u32, p: &str) -> Errno {
        let (l, _) = self.put(p.as_bytes(), "");
        x!(self.path_create_directory(fd, P1, l))
    }

    fn rmdir(&mut self, fd: u32, p: &str) -> Errno {
        let (l, _) = self.put(p.as_bytes(), "");
        x!(self.path_remove_directory(fd, P1, l))
    }

    fn unlink(&mut self, fd: u32, p: &str) -> Errno {
        let (l, _) = self.put(p.as_bytes(), "");
        x!(self.path_unlink_file(fd, P1, l))
    }

    fn rename(&mut self, fd: u32, old: &str, fd2: u32, new: &str) -> Errno {
        let (l1, l2) = self.put(old.as_bytes(), new);
        x!(self.path_rename(fd, P1, l1, fd2, P2, l2))
    }

    fn link(&mut self, fd: u32, lf: u32, old: &str, fd2: u32, new: &str) -> Errno {
        let (l1, l2) = self.put(old.as_bytes(), new);
        x!(self.path_link(fd, lf, P1, l1, fd2, P2, l2))
    }

    fn symlink(&mut self, target: &str, fd: u32, new: &str) -> Errno {
        let (l1, l2) = self.put(target.as_bytes(), new);
        x!(self.path_symlink(P1, l1, fd, P2, l2))
    }

    /// `path_readlink` into `len` bytes at DATA (preset to 0xAA); the bytes used.
    fn readlink(&mut self, fd: u32, p: &str, len: u32) -> Result<u32, Errno> {
        self.mem[DATA as usize - 16..DATA as usize + 4096].fill(0xAA);
        let (l, _) = self.put(p.as_bytes(), "");
        let e = x!(self.path_readlink(fd, P1, l, DATA, len, OUT));
        self.out(e)
    }

    /// `path_filestat_get`: (ino, filetype, nlink, size, mtim), or the errno.
    fn stat(&mut self, fd: u32, lf: u32, p: &str) -> Result<Stat, Errno> {
        let (l, _) = self.put(p.as_bytes(), "");
        let e = x!(self.path_filestat_get(fd, lf, P1, l, STAT));
        self.out(e)?;
        let s = &self.mem[STAT as usize..][..64];
        let at = |i| u64_at(s, i);
        Ok((at(8), s[16], at(24), at(32), at(48)))
    }

    /// `path_filestat_set_times` of the mtime, with `flags`.
    fn set_times(&mut self, fd: u32, lf: u32, p: &str, mtim: u64, flags: u32) -> Errno {
        let (l, _) = self.put(p.as_bytes(), "");
        x!(self.path_filestat_set_times(fd, lf, P1, l, 0, mtim, flags))
    }

    /// (filetype, base rights, inheriting rights) of `fd`.
    fn fdstat(&mut self, fd: u32) -> (u8, Rights, Rights) {
        assert_eq!(x!(self.fd_fdstat_get(fd, STAT)), Errno::SUCCESS);
        let s = &self.mem[STAT as usize..][..24];
        let r = |at| Rights::from_bits(u64_at(s, at)).unwrap();
        (s[0], r(8), r(16))
    }

    fn set_rights(&mut self, fd: u32, base: Rights, inheriting: Rights) -> Errno {
        x!(self.fd_fdstat_set_rights(fd, base.bits(), inheriting.bits()))
    }

    /// `fd_write` of `bytes` (copied to DATA).
    fn write(&mut self, fd: u32, bytes: &[u8]) -> Errno {
        self.mem[DATA as usize..][..bytes.len()].copy_from_slice(bytes);
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, bytes.len() as u32);
        x!(self.fd_write(fd, IOV, 1, OUT))
    }

    /// One `fd_read` of up to 4096 bytes.
    fn read(&mut self, fd: u32) -> Vec<u8> {
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, 4096);
        let e = x!(self.fd_read(fd, IOV, 1, OUT));
        let n = self.out(e).expect("fd_read") as usize;
        self.mem[DATA as usize..][..n].to_vec()
    }

    /// Creates, in order: `name/` a directory, `name->target` a symlink, `name=bytes` a file.
    fn tree(&mut self, spec: &[&str]) {
        self.b.tree(spec)
    }

    /// Opens `p` with `FD_READ` and reads it.
    fn cat(&mut self, fd: u32, lf: u32, p: &[u8]) -> Result<Vec<u8>, Errno> {
        let fd = self.open(fd, lf, p, 0, Rights::FD_READ)?;
        Ok(self.read(fd))
    }

    /// The bytes of the file `rel` as the backing holds them.
    fn disk(&self, rel: &str) -> Vec<u8> {
        self.b.read(rel)
    }

    fn ino(&self, rel: &str) -> u64 {
        self.b.ino(rel)
    }

    /// The modification time of `rel` (not following a symlink), in ns.
    fn mtime(&self, rel: &str) -> u64 {
        self.b.mtim(rel)
    }

    /// The sorted names in the directory `rel` (`""`: the preopen).
    fn names(&self, rel: &str) -> Vec<String> {
        self.b.names(rel)
    }
}

fn open_creat_excl_trunc(px: &mut Px) {
    let rw = Rights::FD_READ | Rights::FD_WRITE;
    assert_eq!(px.open(3, 0, b"new", CREAT, rw), Ok(4));
    assert_eq!(px.write(4, b"abc"), Errno::SUCCESS);
    assert_eq!(px.disk("new"), b"abc");
    let open = px.ctx.open_fds();
    assert_eq!(px.open(3, 0, b"new", CREAT | EXCL, rw), Err(Errno::EXIST));
    assert_eq!(px.ctx.open_fds(), open, "no fd on failure");
    // CREAT alone opens an existing file as it is; TRUNC empties it.
    let fd = px.open(3, 0, b"new", CREAT, rw).unwrap();
    assert_eq!(px.read(fd), b"abc");
    px.open(3, 0, b"new", TRUNC, rw).unwrap();
    assert_eq!(px.disk("new"), b"");
    // CREAT | EXCL of a new name, and in a subdirectory.
    px.tree(&["sub/"]);
    px.open(3, 0, b"fresh", CREAT | EXCL, rw).unwrap();
    px.open(3, 0, b"sub/inner", CREAT | EXCL, rw).unwrap();
    assert!(px.b.is_file("fresh") && px.b.is_file("sub/inner"));
    assert_eq!(px.open(3, 0, b"nodir/x", CREAT, rw), Err(Errno::NOENT));
    assert_eq!(px.names(""), ["fresh", "new", "sub"]);
}

fn open_errors(px: &mut Px) {
    px.tree(&["f=data", "d/"]);
    let (r, rw) = (Rights::FD_READ, Rights::FD_READ | Rights::FD_WRITE);
    let f = px.open(3, 0, b"f", 0, r).unwrap();
    let open = px.ctx.open_fds();
    check! {
        x!(px.path_open(3, 0, P1, 1, 0, 0, 0, 1 << 5, OUT)) => Errno::INVAL; // an unknown fdflag
        px.open(3, 0, b"f", DIRECTORY, r) => Err(Errno::NOTDIR);
        px.open(3, 0, b"f/", 0, r) => Err(Errno::NOTDIR);
        px.open(3, 0, b"missing", 0, r) => Err(Errno::NOENT);
        px.open(3, 0, b"d/missing", 0, r) => Err(Errno::NOENT);
        px.open(3, 0, b"", 0, r) => Err(Errno::NOENT);
        px.open(f, 0, b"x", 0, r) => Err(Errno::NOTDIR);
        px.open(f, 0, b"x", CREAT, r) => Err(Errno::NOTDIR);
        px.open(3, 0, b"f", 1 << 4, r) => Err(Errno::INVAL);
        px.open(3, 0, b"f", 1 << 15, r) => Err(Errno::INVAL);
        px.open(3, 0, b"f", 1 << 16, r) => Err(Errno::INVAL);
        px.open(3, 2, b"f", 0, r) => Err(Errno::INVAL);
        px.open(3, 0, b"f\xff", 0, r) => Err(Errno::ILSEQ);
        px.open(3, 0, b"f\xff", CREAT, r) => Err(Errno::ILSEQ);
        px.open(3, 0, b"\xc3", CREAT, r) => Err(Errno::ILSEQ);
        px.open(3, 0, b"d", DIRECTORY, rw) => Err(Errno::ISDIR);
        px.open(3, 0, b"d", 0, Rights::FD_WRITE) => Err(Errno::ISDIR);
        px.ctx.open_fds() => open;
        px.names("") => ["d", "f"];
    }
}

fn open_final_symlink(px: &mut Px) {
    px.tree(&["t=T", "d/", "d/in=I", "link->t", "dlink->d"]);
    let r = Rights::FD_READ;
    assert_eq!(px.open(3, 0, b"link", 0, r), Err(Errno::LOOP));
    assert_eq!(px.open(3, 0, b"link", CREAT, r), Err(Errno::LOOP));
    assert_eq!(px.open(3, 0, b"dlink", DIRECTORY, r), Err(Errno::NOTDIR));
    assert_eq!(px.cat(3, FOLLOW, b"link"), Ok(b"T".to_vec()));
    let dr = dir_rights();
    let dfd = px.open(3, FOLLOW, b"dlink", DIRECTORY, dr).unwrap();
    assert_eq!(px.fdstat(dfd).0, 3);
    assert_eq!(px.cat(dfd, 0, b"in"), Ok(b"I".to_vec()));
    // A symlink before the last component is always followed.
    assert_eq!(px.cat(3, 0, b"dlink/in"), Ok(b"I".to_vec()));
    assert_eq!(px.names(""), ["d", "dlink", "link", "t"]);
}

fn open_masks_requested_rights(px: &mut Px) {
    px.tree(&["f=masked", "d/"]);
    let (_, pre_base, pre_inh) = px.fdstat(3);
    // Asking for everything: a file gets exactly the file rights, a directory none of them.
    let f = px.open(3, 0, b"f", 0, Rights::all()).unwrap();
    assert_eq!(px.fdstat(f), (4, FILE_RIGHTS, pre_inh));
    let asked = Rights::FD_SEEK | Rights::FD_TELL | Rights::FD_READ | Rights::FD_READDIR;
    let d = px.open(3, 0, b"d", DIRECTORY, asked | Rights::PATH_OPEN);
    let d = d.unwrap();
    assert_eq!(px.fdstat(d).1, Rights::FD_READDIR | Rights::PATH_OPEN);
    // Unknown bits in the request are ignored.
    let r = Rights::from_bits_retain(Rights::FD_READ.bits() | 1 << 40);
    let f = px.open(3, 0, b"f", 0, r).unwrap();
    assert_eq!(px.fdstat(f).1, Rights::FD_READ);
    // The preopen's inheriting rights bound what is opened through it.
    let no_write = pre_inh - Rights::FD_WRITE;
    assert_eq!(px.set_rights(3, pre_base, no_write), Errno::SUCCESS);
    let f = px.open(3, 0, b"f", 0, Rights::FD_READ | Rights::FD_WRITE);
    let f = f.unwrap();
    assert_eq!(px.fdstat(f), (4, Rights::FD_READ, Rights::FD_READ));
    assert_eq!(px.write(f, b"XX"), Errno::BADF);
    assert_eq!(px.read(f), b"masked");
    assert_eq!(px.disk("f"), b"masked");
    // ... and what is opened through that, in turn.
    let d = px.open(3, 0, b"d", DIRECTORY, dir_rights()).unwrap();
    assert!(!px.fdstat(d).2.contains(Rights::FD_WRITE));
}

fn create_directory(px: &mut Px) {
    px.tree(&["f="]);
    check! {
        px.mkdir(3, "a") => Errno::SUCCESS;
        px.b.is_dir("a") => true;
        px.mkdir(3, "a") => Errno::EXIST;
        px.mkdir(3, "a/b") => Errno::SUCCESS;
        px.b.is_dir("a/b") => true;
        px.mkdir(3, "missing/x") => Errno::NOENT;
        px.mkdir(3, ".") => Errno::EXIST;
        px.mkdir(3, "f") => Errno::EXIST;
        px.mkdir(3, "f/x") => Errno::NOTDIR;
        px.b.is_file("f") => true;
    }
    // Relative to a directory opened through the preopen.
    let a = px.open(3, 0, b"a", DIRECTORY, dir_rights()).unwrap();
    assert_eq!(px.mkdir(a, "c"), Errno::SUCCESS);
    assert_eq!(px.names("a"), ["b", "c"]);
    assert_eq!(px.names(""), ["a", "f"]);
}

fn remove_directory(px: &mut Px) {
    px.tree(&["full/", "full/x=x", "empty/", "f=f", "dl->full"]);
    check! {
        px.rmdir(3, "full") => Errno::NOTEMPTY;
        px.rmdir(3, "f") => Errno::NOTDIR;
        px.rmdir(3, "dl") => Errno::NOTDIR;
        px.rmdir(3, ".") => Errno::INVAL;
        px.names("") => ["dl", "empty", "f", "full"];
        px.disk("full/x") => b"x";
        px.rmdir(3, "empty") => Errno::SUCCESS;
        px.names("") => ["dl", "f", "full"];
        px.rmdir(3, "empty") => Errno::NOENT;
    }
}

fn unlink_file(px: &mut Px) {
    px.tree(&["d/", "f=keep", "ln->f", "dl->d"]);
    check! {
        px.unlink(3, "d") => Errno::ISDIR;
        px.unlink(3, "f/") => Errno::NOTDIR;
        px.unlink(3, "missing") => Errno::NOENT;
        px.names("") => ["d", "dl", "f", "ln"];
        // A symlink is removed itself, never its target.
        px.unlink(3, "ln") => Errno::SUCCESS;
        px.unlink(3, "dl") => Errno::SUCCESS;
        px.names("") => ["d", "f"];
        px.disk("f") => b"keep";
        px.unlink(3, "f") => Errno::SUCCESS;
        px.names("") => ["d"];
    }
}

fn rename(px: &mut Px) {
    px.tree(&["a=A", "b=B"]);
    let ino_a = px.ino("a");
    assert_eq!(px.rename(3, "a", 3, "b"), Errno::SUCCESS);
    assert_eq!((px.disk("b"), px.ino("b")), (b"A".to_vec(), ino_a));
    assert_eq!(px.names(""), ["b"]);
    // A directory onto an empty directory, then onto a non-empty one.
    px.tree(&["d1/", "d2/", "d3/", "d1/x=x", "d3/y=y"]);
    check! {
        px.rename(3, "d1", 3, "d2") => Errno::SUCCESS;
        px.disk("d2/x") => b"x";
        px.rename(3, "d2", 3, "d3") => Errno::NOTEMPTY;
        px.rename(3, "missing", 3, "z") => Errno::NOENT;
        px.rename(3, "b", 3, "d3") => Errno::ISDIR;
        px.rename(3, "d3", 3, "b") => Errno::NOTDIR;
        px.names("") => ["b", "d2", "d3"];
        [px.disk("b"), px.disk("d2/x"), px.disk("d3/y")] => [b"A", b"x", b"y"];
    }
    // Between two directory fds.
    let d2 = px.open(3, 0, b"d2", DIRECTORY, dir_rights()).unwrap();
    let d3 = px.open(3, 0, b"d3", DIRECTORY, dir_rights()).unwrap();
    assert_eq!(px.rename(d2, "x", d3, "moved"), Errno::SUCCESS);
    assert_eq!(px.names("d2"), Vec::<String>::new());
    assert_eq!(px.names("d3"), ["moved", "y"]);
    assert_eq!(px.disk("d3/moved"), b"x");
}

fn link(px: &mut Px) {
    px.tree(&["f=linked", "d/", "ln->f"]);
    let ino = px.ino("f");
    let nlink = |px: &Px| px.b.entry("f").unwrap().2;
    check! {
        px.link(3, 0, "f", 3, "g") => Errno::SUCCESS;
        (nlink(px), px.ino("g"), px.disk("g")) => (2, ino, b"linked".to_vec());
        px.link(3, 0, "f", 3, "g") => Errno::EXIST;
        px.link(3, 0, "f", 3, "ln") => Errno::EXIST;
        px.link(3, 0, "d", 3, "dl") => Errno::PERM;
        px.link(3, 0, "missing", 3, "m") => Errno::NOENT;
        // Without SYMLINK_FOLLOW a symlink is linked itself; with it, its target.
        px.link(3, 0, "ln", 3, "ln2") => Errno::SUCCESS;
        px.ino("ln2") => px.ino("ln");
        px.link(3, FOLLOW, "ln", 3, "h") => Errno::SUCCESS;
        (px.ino("h"), nlink(px)) => (ino, 3);
    }
    // Into a directory opened through the preopen.
    let d = px.open(3, 0, b"d", DIRECTORY, dir_rights()).unwrap();
    assert_eq!(px.link(3, 0, "f", d, "inside"), Errno::SUCCESS);
    assert_eq!(px.ino("d/inside"), ino);
    assert_eq!(px.names(""), ["d", "f", "g", "h", "ln", "ln2"]);
}

fn symlink_and_readlink(px: &mut Px) {
    px.tree(&["f="]);
    assert_eq!(px.symlink("target/path.txt", 3, "sl"), Errno::SUCCESS);
    assert_eq!(px.b.read_link("sl"), "target/path.txt", "dangling");
    assert_eq!(px.readlink(3, "sl", 100), Ok(15));
    let d = DATA as usize;
    assert_eq!(&px.mem[d..d + 16], b"target/path.txt\xAA");
    // Cut to a 4-byte buffer: exactly 4 bytes written, the neighbours untouched.
    assert_eq!(px.readlink(3, "sl", 4), Ok(4));
    assert_eq!(&px.mem[d - 1..d + 5], b"\xAAtarg\xAA");
    check! {
        // Not a symlink, or not there.
        px.readlink(3, "f", 100) => Err(Errno::INVAL);
        px.readlink(3, ".", 100) => Err(Errno::INVAL);
        px.readlink(3, "missing", 100) => Err(Errno::NOENT);
        // Over an existing name, with an absolute target, in a missing directory.
        px.symlink("x", 3, "f") => Errno::EXIST;
        px.symlink("x", 3, "sl") => Errno::EXIST;
        px.symlink("/etc/passwd", 3, "abs") => Errno::NOTCAPABLE;
        px.symlink("f", 3, "sub/x") => Errno::NOENT;
        px.names("") => ["f", "sl"];
    }
    // A target that resolves: following it reads the file.
    px.tree(&["f=via link"]);
    assert_eq!(px.symlink("f", 3, "ok"), Errno::SUCCESS);
    assert_eq!(px.cat(3, FOLLOW, b"ok"), Ok(b"via link".to_vec()));
}

fn readlink_into_an_empty_buffer(px: &mut Px) {
    px.tree(&["sl->target"]);
    assert_eq!(px.readlink(3, "sl", 0), Ok(0), "cut to 0 bytes, as to 4");
    assert_eq!(px.mem[DATA as usize], 0xAA);
}

fn filestat_get_follows_or_not(px: &mut Px) {
    px.tree(&["file=0123456789", "d/", "ln->file"]);
    let want = |px: &Px, rel: &str, ty: u8, size: u64| (px.ino(rel), ty, 1, size, px.mtime(rel));
    let dir_ino = px.ino("");
    check! {
        // The link itself: size = the target's length.
        px.stat(3, 0, "ln") => Ok(want(px, "ln", 7, 4));
        px.stat(3, FOLLOW, "ln") => Ok(want(px, "file", 4, 10));
        px.stat(3, 0, "file") => Ok(want(px, "file", 4, 10));
        px.stat(3, 0, "d").unwrap().1 => 3;
        px.stat(3, 0, ".").unwrap().0 => dir_ino;
        px.stat(3, 0, "missing") => Err(Errno::NOENT);
        px.stat(3, 2, "file") => Err(Errno::INVAL);
    }
}

fn set_times_on_a_symlink_or_its_target(px: &mut Px) {
    px.tree(&["f=f", "d/", "ln->f"]);
    px.b.set_mtime("f", 1_000_000_000_000_000_005);
    let mnow = MTIM | Fstflags::MTIM_NOW.bits() as u32;
    check! {
        // Without SYMLINK_FOLLOW: the link's own time.
        px.set_times(3, 0, "ln", 1_200_000_000_000_000_007, MTIM) => Errno::SUCCESS;
        (px.mtime("ln"), px.mtime("f")) => (1_200_000_000_000_000_007, 1_000_000_000_000_000_005);
        // With it: the target's.
        px.set_times(3, FOLLOW, "ln", 1_300_000_000_000_000_009, MTIM) => Errno::SUCCESS;
        (px.mtime("ln"), px.mtime("f")) => (1_200_000_000_000_000_007, 1_300_000_000_000_000_009);
        // A directory; a missing name; bad flags.
        px.set_times(3, 0, "d", 1_400_000_000_000_000_000, MTIM) => Errno::SUCCESS;
        px.mtime("d") => 1_400_000_000_000_000_000;
        px.set_times(3, 0, "missing", 1, MTIM) => Errno::NOENT;
        px.set_times(3, 0, "f", 5, mnow) => Errno::INVAL;
        px.set_times(3, 0, "f", 5, 1 << 4) => Errno::INVAL;
        px.mtime("f") => 1_300_000_000_000_000_009;
    }
}

fn rights_dropped_from_the_preopen(px: &mut Px) {
    px.tree(&["f=keep me"]);
    let (_, base, inh) = px.fdstat(3);
    let rw = Rights::FD_READ | Rights::FD_WRITE;
    let no_mkdir = base - Rights::PATH_CREATE_DIRECTORY;
    let no_trunc = no_mkdir - Rights::PATH_FILESTAT_SET_SIZE;
    let no_creat = no_trunc - Rights::PATH_CREATE_FILE;
    assert!(base.contains(Rights::PATH_CREATE_DIRECTORY | Rights::PATH_FILESTAT_SET_SIZE));
    check! {
        px.set_rights(3, no_mkdir, inh) => Errno::SUCCESS;
        px.mkdir(3, "x") => Errno::NOTCAPABLE;
        // Without PATH_FILESTAT_SET_SIZE: TRUNC is refused; opening without it works.
        px.set_rights(3, no_trunc, inh) => Errno::SUCCESS;
        px.open(3, 0, b"f", TRUNC, rw) => Err(Errno::NOTCAPABLE);
        px.disk("f") => b"keep me";
        px.cat(3, 0, b"f") => Ok(b"keep me".to_vec());
        // Without PATH_CREATE_FILE: CREAT is refused, even for an existing file.
        px.set_rights(3, no_creat, inh) => Errno::SUCCESS;
        px.open(3, 0, b"f", CREAT, rw) => Err(Errno::NOTCAPABLE);
        px.open(3, 0, b"g", CREAT, rw) => Err(Errno::NOTCAPABLE);
        // Without PATH_OPEN nothing opens.
        px.set_rights(3, no_creat - Rights::PATH_OPEN, inh) => Errno::SUCCESS;
        px.open(3, 0, b"f", 0, rw) => Err(Errno::NOTCAPABLE);
        px.names("") => ["f"];
    }
}

fn read_only_preopen_refuses_every_change(px: &mut Px) {
    *px = Px::new(px.b.backing, true);
    px.tree(&["f=read only", "d/", "ln->f"]);
    let before = px.b.snapshot();
    let (_, base, inh) = px.fdstat(3);
    let writing = Rights::FD_WRITE | Rights::PATH_CREATE_FILE | Rights::FD_FILESTAT_SET_SIZE;
    assert!(!base.intersects(writing) && !inh.intersects(writing));
    let rw = Rights::FD_READ | Rights::FD_WRITE;
    assert_eq!(px.open(3, 0, b"new", CREAT, rw), Err(Errno::NOTCAPABLE));
    assert_eq!(px.open(3, 0, b"f", TRUNC, rw), Err(Errno::NOTCAPABLE));
    // Asking for FD_WRITE gives a read-only fd.
    let fd = px.open(3, 0, b"f", 0, rw | Rights::FD_ALLOCATE).unwrap();
    assert_eq!(px.fdstat(fd).1, Rights::FD_READ);
    assert_eq!(px.write(fd, b"XXXX"), Errno::BADF);
    assert_eq!(px.read(fd), b"read only");
    assert_eq!(px.cat(3, FOLLOW, b"ln"), Ok(b"read only".to_vec()));
    let d = px.open(3, 0, b"d", DIRECTORY, dir_rights()).unwrap();
    check! {
        px.mkdir(3, "x") => Errno::NOTCAPABLE;
        px.mkdir(d, "x") => Errno::NOTCAPABLE;
        px.open(d, 0, b"new", CREAT, rw) => Err(Errno::NOTCAPABLE);
        px.unlink(3, "f") => Errno::NOTCAPABLE;
        px.unlink(3, "ln") => Errno::NOTCAPABLE;
        px.rename(3, "f", 3, "g") => Errno::NOTCAPABLE;
        px.symlink("f", 3, "s") => Errno::NOTCAPABLE;
        px.link(3, 0, "f", 3, "h") => Errno::NOTCAPABLE;
        px.rmdir(3, "d") => Errno::NOTCAPABLE;
        px.set_times(3, 0, "f", 1, MTIM) => Errno::NOTCAPABLE;
        px.set_times(3, FOLLOW, "ln", 1, MTIM) => Errno::NOTCAPABLE;
        x!(px.fd_filestat_set_times(3, 0, 1, MTIM)) => Errno::NOTCAPABLE;
        x!(px.fd_filestat_set_size(fd, 0)) => Errno::NOTCAPABLE;
        x!(px.fd_allocate(fd, 0, 100)) => Errno::NOTCAPABLE;
        // Reading metadata works.
        px.stat(3, 0, "f").map(|s| s.3) => Ok(9);
        px.readlink(3, "ln", 10) => Ok(1);
    }
    assert_eq!(px.b.snapshot(), before, "nothing in the backing changed");
}
