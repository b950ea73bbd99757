//! The in-memory filesystem through the guest's calls: inode numbers and link counts, hard
//! links, handles that outlive their names, listings that stay valid while entries come and
//! go, the quota and the file-size cap, times from the clock, and loading and writing back
//! host trees.

mod common;
use common::*;
use wasi_abi::{Filestat, Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, MemFs, WasiCtx};

const P: u32 = 1024;
const P2: u32 = 2048;
const OUT: u32 = 64;
const STAT: u32 = 128;
const IOV: u32 = 256;
const DATA: u32 = 8192;
const BUF: u32 = 16384;

/// A context whose fd 3 is `fs`'s root.
struct M {
    fs: MemFs,
    ctx: WasiCtx,
    mem: Vec<u8>,
}

impl M {
    fn new() -> M {
        let fs = MemFs::new();
        let ctx = WasiCtx::builder()
            .preopen(fs.root(), "/", false)
            .build()
            .unwrap();
        M {
            fs,
            ctx,
            mem: memory(),
        }
    }

    fn path(&mut self, at: u32, path: &str) -> u32 {
        self.mem[at as usize..][..path.len()].copy_from_slice(path.as_bytes());
        path.len() as u32
    }

    fn open(&mut self, path: &str, oflags: Oflags) -> Result<u32, Errno> {
        let len = self.path(P, path);
        let r = if oflags.contains(Oflags::DIRECTORY) {
            Rights::all() - Rights::FD_WRITE - Rights::FD_ALLOCATE - Rights::FD_FILESTAT_SET_SIZE
        } else {
            Rights::all() - Rights::FD_READDIR
        }
        .bits();
        let of = u32::from(oflags.bits());
        let e = self.ctx.path_open(
            &mut GuestMemory::new(&mut self.mem),
            3,
            0,
            P,
            len,
            of,
            r,
            r,
            0,
            OUT,
        );
        match errno(e) {
            Errno::SUCCESS => Ok(u32_at(&self.mem, OUT as usize)),
            e => Err(e),
        }
    }

    fn stat(&mut self, path: &str) -> Result<Filestat, Errno> {
        let len = self.path(P, path);
        let e =
            self.ctx
                .path_filestat_get(&mut GuestMemory::new(&mut self.mem), 3, 0, P, len, STAT);
        match errno(e) {
            Errno::SUCCESS => Ok(GuestMemory::new(&mut self.mem).read(STAT).unwrap()),
            e => Err(e),
        }
    }

    fn fstat(&mut self, fd: u32) -> Filestat {
        let e = self
            .ctx
            .fd_filestat_get(&mut GuestMemory::new(&mut self.mem), fd, STAT);
        assert_eq!(errno(e), Errno::SUCCESS);
        GuestMemory::new(&mut self.mem).read(STAT).unwrap()
    }

    fn write(&mut self, fd: u32, bytes: &[u8]) -> Result<u32, Errno> {
        self.mem[DATA as usize..][..bytes.len()].copy_from_slice(bytes);
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, bytes.len() as u32);
        let e = self
            .ctx
            .fd_write(&mut GuestMemory::new(&mut self.mem), fd, IOV, 1, OUT);
        match errno(e) {
            Errno::SUCCESS => Ok(u32_at(&self.mem, OUT as usize)),
            e => Err(e),
        }
    }

    fn pread(&mut self, fd: u32, at: u64) -> Vec<u8> {
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, 4096);
        let e = self
            .ctx
            .fd_pread(&mut GuestMemory::new(&mut self.mem), fd, IOV, 1, at, OUT);
        assert_eq!(errno(e), Errno::SUCCESS);
        let n = u32_at(&self.mem, OUT as usize) as usize;
        self.mem[DATA as usize..][..n].to_vec()
    }

    fn call2(
        &mut self,
        a: &str,
        b: &str,
        f: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>, u32, u32) -> wasi_impl::Result,
    ) -> Errno {
        let (la, lb) = (self.path(P, a), self.path(P2, b));
        errno(f(
            &mut self.ctx,
            &mut GuestMemory::new(&mut self.mem),
            la,
            lb,
        ))
    }

    fn rename(&mut self, a: &str, b: &str) -> Errno {
        self.call2(a, b, |c, m, la, lb| c.path_rename(m, 3, P, la, 3, P2, lb))
    }

    fn link(&mut self, a: &str, b: &str) -> Errno {
        self.call2(a, b, |c, m, la, lb| c.path_link(m, 3, 0, P, la, 3, P2, lb))
    }

    fn unlink(&mut self, a: &str) -> Errno {
        let len = self.path(P, a);
        errno(
            self.ctx
                .path_unlink_file(&mut GuestMemory::new(&mut self.mem), 3, P, len),
        )
    }

    fn mkdir(&mut self, a: &str) -> Errno {
        let len = self.path(P, a);
        errno(
            self.ctx
                .path_create_directory(&mut GuestMemory::new(&mut self.mem), 3, P, len),
        )
    }

    fn rmdir(&mut self, a: &str) -> Errno {
        let len = self.path(P, a);
        errno(
            self.ctx
                .path_remove_directory(&mut GuestMemory::new(&mut self.mem), 3, P, len),
        )
    }

    /// One `fd_readdir` of `fd` from `cookie` into 4096 bytes: (name, d_next) per whole
    /// entry.
    fn readdir(&mut self, fd: u32, cookie: u64) -> Vec<(String, u64, u64)> {
        let e = self.ctx.fd_readdir(
            &mut GuestMemory::new(&mut self.mem),
            fd,
            BUF,
            4096,
            cookie,
            OUT,
        );
        assert_eq!(errno(e), Errno::SUCCESS);
        let used = u32_at(&self.mem, OUT as usize) as usize;
        let mut bytes = &self.mem[BUF as usize..][..used];
        let mut out = Vec::new();
        while bytes.len() >= 24 {
            let namlen = u32_at(bytes, 16) as usize;
            let name = String::from_utf8(bytes[24..24 + namlen].to_vec()).unwrap();
            out.push((name, u64_at(bytes, 0), u64_at(bytes, 8)));
            bytes = &bytes[24 + namlen..];
        }
        out
    }
}

#[test]
fn inode_numbers_and_link_counts() {
    let mut m = M::new();
    let root = m.stat(".").unwrap();
    assert_eq!((root.ino, root.nlink, root.filetype), (1, 2, 3));
    m.fs.create_dir_all("d/e").unwrap();
    assert_eq!(m.stat(".").unwrap().nlink, 3, "root: 2 + one subdirectory");
    assert_eq!(m.stat("d").unwrap().nlink, 3);
    assert_eq!(m.stat("d/e").unwrap().nlink, 2);
    let fd = m.open("f", Oflags::CREAT).unwrap();
    let f = m.fstat(fd);
    assert_eq!((f.nlink, f.filetype, f.size), (1, 4, 0));
    assert_eq!(f.dev, root.dev);
    assert!(f.ino > 1);
    // Hard links: one inode, more names.
    assert_eq!(m.link("f", "d/g"), Errno::SUCCESS);
    assert_eq!(m.stat("d/g").unwrap().ino, f.ino);
    assert_eq!(m.stat("f").unwrap().nlink, 2);
    assert_eq!(
        m.link("d", "dd"),
        Errno::PERM,
        "no hard links to directories"
    );
    assert_eq!(m.link("f", "d/g"), Errno::EXIST);
    // Renaming a directory moves its link from one parent to the other.
    assert_eq!(m.rename("d/e", "e"), Errno::SUCCESS);
    assert_eq!(
        (m.stat(".").unwrap().nlink, m.stat("d").unwrap().nlink),
        (4, 2)
    );
    assert_eq!(m.rmdir("d"), Errno::NOTEMPTY);
    assert_eq!(m.unlink("d/g"), Errno::SUCCESS);
    assert_eq!(m.rmdir("d"), Errno::SUCCESS);
    assert_eq!(m.stat(".").unwrap().nlink, 3);
    assert_eq!(m.fstat(fd).nlink, 1);
    // New inodes are never old numbers.
    let fd2 = m.open("h", Oflags::CREAT).unwrap();
    assert!(m.fstat(fd2).ino > f.ino);
}

#[test]
fn an_open_file_outlives_its_names_and_a_directory_its_moves() {
    let mut m = M::new();
    let fd = m.open("f", Oflags::CREAT).unwrap();
    assert_eq!(m.write(fd, b"still here"), Ok(10));
    assert_eq!(m.unlink("f"), Errno::SUCCESS);
    assert_eq!(m.stat("f"), Err(Errno::NOENT));
    assert_eq!(m.fstat(fd).nlink, 0);
    assert_eq!(m.pread(fd, 0), b"still here");
    assert_eq!(m.write(fd, b"!"), Ok(1));
    assert_eq!(
        m.fs.used_bytes(),
        11,
        "the bytes count until the last fd closes"
    );
    assert_eq!(
        errno(m.ctx.fd_close(&mut GuestMemory::new(&mut m.mem), fd)),
        Errno::SUCCESS
    );
    assert_eq!(m.fs.used_bytes(), 0);
    // A directory fd follows its directory through a rename.
    assert_eq!(m.mkdir("a"), Errno::SUCCESS);
    let dir = m.open("a", Oflags::DIRECTORY).unwrap();
    assert_eq!(m.rename("a", "b"), Errno::SUCCESS);
    let len = m.path(P, "inside");
    let r = Rights::all().bits();
    let e = m.ctx.path_open(
        &mut GuestMemory::new(&mut m.mem),
        dir,
        0,
        P,
        len,
        1,
        r,
        r,
        0,
        OUT,
    );
    assert_eq!(errno(e), Errno::SUCCESS);
    assert_eq!(m.stat("b/inside").map(|s| s.filetype), Ok(4));
    // Removed, it lists nothing and takes nothing.
    let len = m.path(P, "inside");
    let e = m
        .ctx
        .path_unlink_file(&mut GuestMemory::new(&mut m.mem), dir, P, len);
    assert_eq!(errno(e), Errno::SUCCESS);
    assert_eq!(m.rmdir("b"), Errno::SUCCESS);
    assert_eq!(m.readdir(dir, 0), vec![]);
    let e = m.ctx.path_open(
        &mut GuestMemory::new(&mut m.mem),
        dir,
        0,
        P,
        len,
        1,
        r,
        r,
        0,
        OUT,
    );
    assert_eq!(errno(e), Errno::NOENT);
}

#[test]
fn a_listing_resumes_where_it_stopped_while_entries_come_and_go() {
    let mut m = M::new();
    for name in ["a", "b", "c", "d"] {
        m.fs.write_file(name, b"").unwrap();
    }
    let fd = m.open(".", Oflags::DIRECTORY).unwrap();
    let first = m.readdir(fd, 0);
    let names: Vec<&str> = first.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        names,
        [".", "..", "a", "b", "c", "d"],
        "in order of creation"
    );
    assert_eq!(first[0].2, 1, "`.` is the root");
    assert_eq!(first[1].2, 1, "`..` of the root is the root");
    // Resume after "b" once "a" and "c" are gone and "e" is new: "d", then "e".
    let after_b = first[3].1;
    assert_eq!(m.unlink("a"), Errno::SUCCESS);
    assert_eq!(m.unlink("c"), Errno::SUCCESS);
    m.fs.write_file("e", b"").unwrap();
    let rest: Vec<String> = m.readdir(fd, after_b).into_iter().map(|e| e.0).collect();
    assert_eq!(rest, ["d", "e"]);
    // A cookie below 2^63 that no entry gave resumes at the next entry after it.
    assert!(m.readdir(fd, 1_000_000).is_empty());
}

#[test]
fn the_quota_and_the_file_size_cap() {
    let mut m = M::new();
    m.fs.set_quota(Some(10));
    let fd = m.open("f", Oflags::CREAT).unwrap();
    assert_eq!(m.write(fd, b"12345678"), Ok(8));
    assert_eq!(
        m.write(fd, b"abcdef"),
        Ok(2),
        "a short write up to the quota"
    );
    assert_eq!(m.write(fd, b"x"), Err(Errno::NOSPC));
    let e = m
        .ctx
        .fd_filestat_set_size(&mut GuestMemory::new(&mut m.mem), fd, 11);
    assert_eq!(errno(e), Errno::NOSPC);
    let e = m
        .ctx
        .fd_filestat_set_size(&mut GuestMemory::new(&mut m.mem), fd, 4);
    assert_eq!(errno(e), Errno::SUCCESS);
    assert_eq!(m.fs.used_bytes(), 4);
    m.fs.set_quota(None);
    m.fs.set_max_file_size(Some(6));
    let e = m
        .ctx
        .fd_seek(&mut GuestMemory::new(&mut m.mem), fd, 4, 0, OUT);
    assert_eq!(errno(e), Errno::SUCCESS);
    assert_eq!(
        m.write(fd, b"abcdefgh"),
        Ok(2),
        "a short write up to the cap"
    );
    assert_eq!(m.write(fd, b"x"), Err(Errno::FBIG));
    let e = m
        .ctx
        .fd_filestat_set_size(&mut GuestMemory::new(&mut m.mem), fd, 7);
    assert_eq!(errno(e), Errno::FBIG);
    assert_eq!(m.pread(fd, 0), b"1234ab");
}

#[test]
fn times_come_from_the_clock_and_follow_the_changes() {
    let mut m = M::new();
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let fd = m.open("f", Oflags::CREAT).unwrap();
    let made = m.fstat(fd);
    assert!(made.mtim >= before && made.atim == made.mtim && made.ctim == made.mtim);
    let dir_after_create = m.stat(".").unwrap().mtim;
    assert!(dir_after_create >= made.mtim);
    std::thread::sleep(std::time::Duration::from_millis(2));
    assert_eq!(m.write(fd, b"x"), Ok(1));
    let written = m.fstat(fd);
    assert!(written.mtim > made.mtim && written.ctim == written.mtim);
    assert_eq!(written.atim, made.atim, "writing is not an access");
    // Setting times: exact values, ctim now.
    let e = m
        .ctx
        .fd_filestat_set_times(&mut GuestMemory::new(&mut m.mem), fd, 5, 7, 0b101);
    assert_eq!(errno(e), Errno::SUCCESS);
    let set = m.fstat(fd);
    assert_eq!((set.atim, set.mtim), (5, 7));
    assert!(set.ctim >= written.ctim);
}

#[test]
fn a_host_tree_loads_and_writes_back() {
    let src = scratch_dir("memfs-import");
    std::fs::create_dir_all(src.join("a/b")).unwrap();
    std::fs::write(src.join("a/f"), b"bytes").unwrap();
    std::fs::hard_link(src.join("a/f"), src.join("a/b/g")).unwrap();
    std::os::unix::fs::symlink("../f", src.join("a/b/l")).unwrap();
    let fs = MemFs::new();
    fs.import(&src).unwrap();
    assert_eq!(fs.list("").unwrap(), ["a"]);
    assert_eq!(fs.list("a").unwrap(), ["b", "f"]);
    assert_eq!(fs.read_file("a/b/g").unwrap(), b"bytes");
    assert_eq!(fs.read_link("a/b/l").unwrap(), "../f");
    let (f, g) = (fs.stat("a/f").unwrap(), fs.stat("a/b/g").unwrap());
    assert_eq!((f.ino, f.nlink), (g.ino, 2), "one inode, two names");
    let host_mtime = std::fs::metadata(src.join("a/f"))
        .unwrap()
        .modified()
        .unwrap();
    let ns = host_mtime
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    assert_eq!(f.mtim, ns);
    // A guest changes it; the host tree does not change; export writes the new tree out.
    let mut ctx = WasiCtx::builder()
        .preopen(fs.root(), "/", false)
        .build()
        .unwrap();
    let mut mem = memory();
    mem[P as usize..][..7].copy_from_slice(b"a/new.d");
    let e = ctx.path_create_directory(&mut GuestMemory::new(&mut mem), 3, P, 7);
    assert_eq!(errno(e), Errno::SUCCESS);
    assert!(!src.join("a/new.d").exists());
    let dest = scratch_dir("memfs-export");
    fs.export(&dest).unwrap();
    assert!(dest.join("a/new.d").is_dir());
    assert_eq!(std::fs::read(dest.join("a/f")).unwrap(), b"bytes");
    assert_eq!(
        std::fs::read_link(dest.join("a/b/l")).unwrap().to_str(),
        Some("../f")
    );
    use std::os::unix::fs::MetadataExt;
    let (ef, eg) = (
        std::fs::metadata(dest.join("a/f")).unwrap(),
        std::fs::metadata(dest.join("a/b/g")).unwrap(),
    );
    assert_eq!(
        (ef.ino(), ef.nlink()),
        (eg.ino(), 2),
        "the hard link written as one"
    );
    // The quota applies to a load too.
    let small = MemFs::new();
    small.set_quota(Some(3));
    assert!(small.import(&src).is_err());
    let _ = std::fs::remove_dir_all(&src);
    let _ = std::fs::remove_dir_all(&dest);
}
