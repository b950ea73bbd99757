//! The overlay's own rules, through the guest's calls over a host lower directory: copy-up
//! on the first change (and not before), the file's identity kept, fds that outlive a
//! rename or unlink of a lower file, listings that show every entry once while entries are
//! copied up, many directories walked with a bounded number of host fds, limits that refuse
//! a copy-up without losing the file, lower FIFOs never written, and the host tree never
//! changed.

mod common;
use common::*;
use std::os::unix::fs::MetadataExt;
use wasi_abi::{Oflags, Rights};
use wasi_impl::host::HostDir;
use wasi_impl::{Errno, GuestMemory, MemFs, Overlay, WasiCtx};

const P: u32 = 1024;
const P2: u32 = 2048;
const OUT: u32 = 64;
const STAT: u32 = 128;
const IOV: u32 = 256;
const DATA: u32 = 8192;
const BUF: u32 = 16384;

struct O {
    dir: std::path::PathBuf,
    overlay: Overlay,
    ctx: WasiCtx,
    mem: Vec<u8>,
    before: HostTree,
}

impl O {
    fn new(tag: &str, fill: impl FnOnce(&std::path::Path)) -> O {
        O::with_upper(tag, fill, MemFs::new())
    }

    fn with_upper(tag: &str, fill: impl FnOnce(&std::path::Path), upper: MemFs) -> O {
        let dir = scratch_dir(tag);
        fill(&dir);
        let overlay = Overlay::with_upper(Box::new(HostDir::open(&dir).unwrap()), upper);
        let ctx = WasiCtx::builder()
            .preopen(overlay.root(), "/", false)
            .build()
            .unwrap();
        let before = host_tree(&dir);
        O {
            dir,
            overlay,
            ctx,
            mem: memory(),
            before,
        }
    }

    fn path(&mut self, at: u32, p: &str) -> u32 {
        self.mem[at as usize..][..p.len()].copy_from_slice(p.as_bytes());
        p.len() as u32
    }

    fn open_at(&mut self, fd: u32, p: &str, oflags: Oflags, rights: Rights) -> Result<u32, Errno> {
        let len = self.path(P, p);
        let (r, of) = (rights.bits(), u32::from(oflags.bits()));
        let e = self.ctx.path_open(
            &mut GuestMemory::new(&mut self.mem),
            fd,
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

    fn open(&mut self, p: &str, oflags: Oflags, rights: Rights) -> Result<u32, Errno> {
        self.open_at(3, p, oflags, rights)
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

    fn read_all(&mut self, p: &str) -> Vec<u8> {
        let fd = self.open(p, Oflags::empty(), Rights::FD_READ).unwrap();
        put_u32(&mut self.mem, IOV as usize, DATA);
        put_u32(&mut self.mem, IOV as usize + 4, 4096);
        let e = self
            .ctx
            .fd_read(&mut GuestMemory::new(&mut self.mem), fd, IOV, 1, OUT);
        assert_eq!(errno(e), Errno::SUCCESS);
        let n = u32_at(&self.mem, OUT as usize) as usize;
        self.close(fd);
        self.mem[DATA as usize..][..n].to_vec()
    }

    fn close(&mut self, fd: u32) {
        assert_eq!(
            errno(self.ctx.fd_close(&mut GuestMemory::new(&mut self.mem), fd)),
            Errno::SUCCESS
        );
    }

    fn stat(&mut self, p: &str) -> Result<wasi_abi::Filestat, Errno> {
        let len = self.path(P, p);
        let e =
            self.ctx
                .path_filestat_get(&mut GuestMemory::new(&mut self.mem), 3, 0, P, len, STAT);
        match errno(e) {
            Errno::SUCCESS => Ok(GuestMemory::new(&mut self.mem).read(STAT).unwrap()),
            e => Err(e),
        }
    }

    fn rename(&mut self, a: &str, b: &str) -> Errno {
        let (la, lb) = (self.path(P, a), self.path(P2, b));
        errno(
            self.ctx
                .path_rename(&mut GuestMemory::new(&mut self.mem), 3, P, la, 3, P2, lb),
        )
    }

    fn unlink(&mut self, a: &str) -> Errno {
        let len = self.path(P, a);
        errno(
            self.ctx
                .path_unlink_file(&mut GuestMemory::new(&mut self.mem), 3, P, len),
        )
    }

    /// Every name of directory fd `fd`, read `len` bytes at a time.
    fn names(&mut self, fd: u32, len: u32) -> Vec<String> {
        let (mut out, mut cookie) = (Vec::new(), 0u64);
        loop {
            let e = self.ctx.fd_readdir(
                &mut GuestMemory::new(&mut self.mem),
                fd,
                BUF,
                len,
                cookie,
                OUT,
            );
            assert_eq!(errno(e), Errno::SUCCESS);
            let used = u32_at(&self.mem, OUT as usize) as usize;
            let mut bytes = &self.mem[BUF as usize..][..used];
            while bytes.len() >= 24 {
                let namlen = u32_at(bytes, 16) as usize;
                if bytes.len() < 24 + namlen {
                    break;
                }
                out.push(String::from_utf8(bytes[24..24 + namlen].to_vec()).unwrap());
                cookie = u64_at(bytes, 0);
                bytes = &bytes[24 + namlen..];
            }
            if used < len as usize {
                return out;
            }
        }
    }

    /// The host tree is exactly as it was.
    fn host_untouched(&self) {
        assert!(host_tree(&self.dir) == self.before, "the host tree changed");
    }
}

impl Drop for O {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn rw() -> Rights {
    Rights::FD_READ | Rights::FD_WRITE | Rights::FD_SEEK | Rights::FD_FILESTAT_GET
}

#[test]
fn copy_up_on_the_first_change_keeps_the_files_identity() {
    let mut o = O::new("ov-identity", |d| {
        std::fs::write(d.join("f"), b"lower").unwrap()
    });
    let host = std::fs::metadata(o.dir.join("f")).unwrap();
    let fd = o
        .open("f", Oflags::empty(), Rights::all() - Rights::FD_READDIR)
        .unwrap();
    // Opening with every right copies nothing.
    assert!(o.overlay.upper().list("").unwrap().is_empty());
    assert_eq!(o.write(fd, b"UP"), Ok(2));
    assert_eq!(o.overlay.upper().list("").unwrap(), ["f"]);
    assert_eq!(o.read_all("f"), b"UPwer");
    let st = o.stat("f").unwrap();
    assert_eq!(
        (st.dev, st.ino),
        (host.dev(), host.ino()),
        "the lower identity"
    );
    o.close(fd);
    o.host_untouched();
}

#[test]
fn an_fd_outlives_a_rename_or_unlink_of_its_lower_file() {
    let mut o = O::new("ov-outlive", |d| {
        std::fs::write(d.join("a"), b"aaaa").unwrap();
        std::fs::write(d.join("b"), b"bbbb").unwrap();
    });
    let fa = o.open("a", Oflags::empty(), rw()).unwrap();
    let fb = o.open("b", Oflags::empty(), rw()).unwrap();
    // a is renamed (copied up under the new name), b is removed (a whiteout).
    assert_eq!(o.rename("a", "a2"), Errno::SUCCESS);
    assert_eq!(o.unlink("b"), Errno::SUCCESS);
    // Writing through either fd works, as on Linux: a's reaches a2, b's an unnamed copy.
    assert_eq!(o.write(fa, b"A"), Ok(1));
    assert_eq!(o.write(fb, b"B"), Ok(1));
    assert_eq!(o.read_all("a2"), b"Aaaa");
    assert_eq!(o.stat("b"), Err(Errno::NOENT));
    o.close(fa);
    o.close(fb);
    assert_eq!(o.overlay.upper().list("").unwrap(), ["a2"]);
    o.host_untouched();
}

#[test]
fn a_listing_shows_each_entry_once_while_entries_are_copied_up() {
    let mut o = O::new("ov-listing", |d| {
        for i in 0..300 {
            std::fs::write(d.join(format!("f{i:03}")), b"x").unwrap();
        }
    });
    let dir = o
        .open(
            ".",
            Oflags::DIRECTORY,
            Rights::FD_READDIR | Rights::PATH_OPEN,
        )
        .unwrap();
    // Read part of the listing, then copy up entries not listed yet, then read the rest.
    let e = o
        .ctx
        .fd_readdir(&mut GuestMemory::new(&mut o.mem), dir, BUF, 512, 0, OUT);
    assert_eq!(errno(e), Errno::SUCCESS);
    for i in 0..300 {
        let fd = o.open(&format!("f{i:03}"), Oflags::empty(), rw()).unwrap();
        o.write(fd, b"y").unwrap();
        o.close(fd);
    }
    let all = o.names(dir, 512);
    let mut files: Vec<&String> = all.iter().filter(|n| n.starts_with('f')).collect();
    files.sort();
    files.dedup();
    assert_eq!(files.len(), 300, "every entry listed");
    assert_eq!(
        all.iter().filter(|n| n.starts_with('f')).count(),
        300,
        "none twice"
    );
    o.host_untouched();
}

#[test]
fn many_directories_walk_with_a_bounded_number_of_host_fds() {
    let mut o = O::new("ov-many-dirs", |d| {
        for i in 0..300 {
            std::fs::create_dir_all(d.join(format!("d{i}/inner"))).unwrap();
            std::fs::write(d.join(format!("d{i}/inner/f")), format!("{i}")).unwrap();
        }
    });
    let fds = std::fs::read_dir("/proc/self/fd").unwrap().count();
    for i in 0..300 {
        assert_eq!(
            o.read_all(&format!("d{i}/inner/f")),
            format!("{i}").as_bytes()
        );
    }
    let grown = std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .count()
        .saturating_sub(fds);
    assert!(
        grown <= wasi_impl::OVERLAY_OPEN_LOWERS + 4,
        "{grown} host fds held"
    );
    // A directory closed long ago reopens by its path.
    assert_eq!(o.read_all("d0/inner/f"), b"0");
    o.host_untouched();
}

#[test]
fn a_copy_up_the_limits_refuse_loses_nothing() {
    let upper = MemFs::new();
    upper.set_max_file_size(Some(1024));
    let mut o = O::with_upper(
        "ov-limits",
        |d| std::fs::write(d.join("big"), vec![1u8; 2048]).unwrap(),
        upper,
    );
    let fd = o.open("big", Oflags::empty(), rw()).unwrap();
    assert_eq!(o.write(fd, b"x"), Err(Errno::FBIG));
    assert_eq!(o.stat("big").unwrap().size, 2048, "still the lower file");
    assert_eq!(o.read_all("big")[..4], [1, 1, 1, 1]);
    assert!(o.overlay.upper().list("").unwrap().is_empty());
    o.host_untouched();
}

#[test]
fn a_lower_fifo_is_never_written_and_mirrors_keep_their_parents_times() {
    let mut o = O::new("ov-fifo", |d| {
        let ok = std::process::Command::new("mkfifo")
            .arg(d.join("fifo"))
            .status()
            .unwrap();
        assert!(ok.success());
        std::fs::create_dir_all(d.join("a/b")).unwrap();
    });
    assert_eq!(
        o.open("fifo", Oflags::empty(), Rights::FD_WRITE),
        Err(Errno::NOTSUP)
    );
    let before = o.stat("a").unwrap();
    // Walking into a/b makes mirrors of a and b: not a change to a.
    assert!(o.open("a/b", Oflags::DIRECTORY, Rights::FD_READDIR).is_ok());
    let after = o.stat("a").unwrap();
    assert_eq!(
        (after.mtim, after.ctim, after.ino),
        (before.mtim, before.ctim, before.ino)
    );
    o.host_untouched();
}
