//! The `fd_*` calls on regular files and directories opened with `path_open` through a
//! preopen on every backing (host, in memory, overlay): read/write (vectored and positioned),
//! seek/tell, fdstat flags and rights, filestat get/set size/set times, advise, allocate, sync;
//! what a directory fd refuses; and that every call on a closed fd is `EBADF`. Results are
//! checked in the backing from outside the guest (on the host with `std::fs`) and byte for
//! byte in guest memory.

#[macro_use]
mod common;
use common::backed::Backed;
use common::*;
use wasi_abi::{Fdflags, Fstflags, Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, WasiCtx};

/// Guest-memory layout.
const OUT: u32 = 64;
const STAT: u32 = 128;
const IOV: u32 = 256;
const PATH: u32 = 1024;
const DATA: u32 = 8192;

const SET: u32 = 0;
const CUR: u32 = 1;
const END: u32 = 2;

/// `x!(fx.fd_sync(fd))`: calls `fd_sync(mem, fd)` on `fx`'s context; the errno.
macro_rules! x {
    ($fx:ident . $f:ident ( $($a:expr),* $(,)? )) => {
        $fx.call(|c, m| c.$f(m, $($a),*))
    };
}

/// `calls! { fx; fd_sync(fd) => SUCCESS; ... }`: each call answers that errno.
macro_rules! calls {
    ($fx:ident; $($f:ident ( $($a:expr),* ) => $e:ident;)*) => {
        $( assert_eq!(x!($fx.$f($($a),*)), Errno::$e, "{}", stringify!($f($($a),*))); )*
    };
}

fn rw() -> Rights {
    Rights::FD_READ | Rights::FD_WRITE | Rights::FD_SEEK | Rights::FD_TELL
}

crate::on_backings! {
    write_and_read_round_trip_with_several_iovecs;
    pread_and_pwrite_leave_the_offset_alone;
    seek_set_cur_end_and_tell;
    append_writes_at_the_end_until_the_flag_is_cleared;
    set_flags_refuses_sync_flags_and_unknown_bits;
    rights_of_an_opened_file_are_exactly_those_requested;
    set_rights_only_drops;
    filestat_get_describes_the_file;
    set_size_grows_and_shrinks;
    set_times_exact_now_and_refusals;
    advise_allocate_and_sync;
    a_directory_fd_refuses_file_calls;
    every_call_on_a_closed_fd_is_ebadf;
}

/// A context whose fd 3 preopens a fresh directory on one backing, and its memory.
struct Fx {
    b: Backed,
    ctx: WasiCtx,
    mem: Vec<u8>,
}

impl Fx {
    fn new(tag: &str, backing: Backing) -> Fx {
        let b = Backed::new(tag, backing);
        let ctx = b.preopen(WasiCtx::builder(), "/", false).build();
        let (ctx, mem) = (ctx.expect("build"), memory());
        Fx { b, ctx, mem }
    }

    /// The bytes of the file `name` as the backing holds them.
    fn disk(&self, name: &str) -> Vec<u8> {
        self.b.read(name)
    }

    fn call<F: FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> wasi_impl::Result>(
        &mut self,
        f: F,
    ) -> Errno {
        errno(f(&mut self.ctx, &mut GuestMemory::new(&mut self.mem)))
    }

    /// The u32 and the u64 at OUT after a call that answered `e`.
    fn out(&self, e: Errno) -> Result<(u32, u64), Errno> {
        let o = OUT as usize;
        (e == Errno::SUCCESS)
            .then(|| (u32_at(&self.mem, o), u64_at(&self.mem, o)))
            .ok_or(e)
    }

    fn open(&mut self, path: &str, of: Oflags, rights: Rights) -> Result<u32, Errno> {
        self.open_fl(path, of, rights, Fdflags::empty())
    }

    fn open_fl(&mut self, path: &str, of: Oflags, r: Rights, fl: Fdflags) -> Result<u32, Errno> {
        let len = path.len() as u32;
        self.mem[PATH as usize..][..path.len()].copy_from_slice(path.as_bytes());
        let (of, r, fl) = (u32::from(of.bits()), r.bits(), u32::from(fl.bits()));
        let e = x!(self.path_open(3, 0, PATH, len, of, r, r, fl, OUT));
        Ok(self.out(e)?.0)
    }

    /// Makes `name` hold `content` in the backing, then opens it.
    fn file(&mut self, name: &str, content: &[u8], rights: Rights) -> u32 {
        self.b.put(name, content);
        self.open(name, Oflags::empty(), rights).unwrap()
    }

    /// Lays `chunks` out at DATA, DATA + 256, ... with one ciovec each at IOV.
    fn iovs(&mut self, chunks: &[&[u8]]) -> u32 {
        for (i, chunk) in chunks.iter().enumerate() {
            let at = DATA as usize + 256 * i;
            self.mem[at..at + chunk.len()].copy_from_slice(chunk);
            put_u32(&mut self.mem, IOV as usize + 8 * i, at as u32);
            put_u32(&mut self.mem, IOV as usize + 8 * i + 4, chunk.len() as u32);
        }
        chunks.len() as u32
    }

    /// One `fd_write` (`fd_pwrite` at `Some(offset)`) of `chunks`; the count written.
    fn write(&mut self, fd: u32, chunks: &[&[u8]], at: Option<u64>) -> Result<u32, Errno> {
        let n = self.iovs(chunks);
        let e = match at {
            None => x!(self.fd_write(fd, IOV, n, OUT)),
            Some(at) => x!(self.fd_pwrite(fd, IOV, n, at, OUT)),
        };
        Ok(self.out(e)?.0)
    }

    /// One `fd_read` (`fd_pread` at `Some(offset)`) of up to `len` bytes; the bytes read.
    fn read(&mut self, fd: u32, len: u32, at: Option<u64>) -> Result<Vec<u8>, Errno> {
        self.iovs(&[&vec![0u8; len as usize]]);
        let e = match at {
            None => x!(self.fd_read(fd, IOV, 1, OUT)),
            Some(at) => x!(self.fd_pread(fd, IOV, 1, at, OUT)),
        };
        let n = self.out(e)?.0 as usize;
        Ok(self.mem[DATA as usize..][..n].to_vec())
    }

    fn seek(&mut self, fd: u32, delta: i64, whence: u32) -> Result<u64, Errno> {
        let e = x!(self.fd_seek(fd, delta as u64, whence, OUT));
        Ok(self.out(e)?.1)
    }

    fn tell(&mut self, fd: u32) -> Result<u64, Errno> {
        let e = x!(self.fd_tell(fd, OUT));
        Ok(self.out(e)?.1)
    }

    /// `fd_fdstat_get`: (filetype, flags, rights base, rights inheriting), after checking the
    /// padding bytes are zero.
    fn fdstat(&mut self, fd: u32) -> (u8, u16, Rights, Rights) {
        self.mem[STAT as usize..][..24].fill(0xEE);
        calls! { self; fd_fdstat_get(fd, STAT) => SUCCESS; }
        let b = &self.mem[STAT as usize..][..24];
        assert_eq!((b[1], &b[4..8]), (0, &[0u8; 4][..]), "padding");
        let rights = |at| Rights::from_bits(u64_at(b, at)).expect("defined rights");
        let flags = u16::from_le_bytes([b[2], b[3]]);
        (b[0], flags, rights(8), rights(16))
    }

    fn set_rights(&mut self, fd: u32, base: u64, inheriting: u64) -> Errno {
        x!(self.fd_fdstat_set_rights(fd, base, inheriting))
    }

    /// `fd_filestat_get` as the raw 64 bytes.
    fn filestat(&mut self, fd: u32) -> Vec<u8> {
        self.mem[STAT as usize..][..64].fill(0xEE);
        calls! { self; fd_filestat_get(fd, STAT) => SUCCESS; }
        self.mem[STAT as usize..][..64].to_vec()
    }

    /// (atime, mtime) of `name` in the backing, as (seconds, nanoseconds).
    fn times(&self, name: &str) -> ((i64, i64), (i64, i64)) {
        let st = self.b.stat(name);
        let split = |ns: u64| ((ns / 1_000_000_000) as i64, (ns % 1_000_000_000) as i64);
        (split(st.atim), split(st.mtim))
    }
}

fn write_and_read_round_trip_with_several_iovecs(backing: Backing) {
    let mut fx = Fx::new("rw", backing);
    let fd = fx.open("f", Oflags::CREAT, rw()).unwrap();
    assert_eq!(fd, 4, "the lowest free fd after stdio and the preopen");
    let chunks: [&[u8]; 4] = [b"abc", b"", b"defgh", b"ij\x00\xff"];
    assert_eq!(fx.write(fd, &chunks, None), Ok(12));
    assert_eq!(fx.disk("f"), b"abcdefghij\x00\xff");
    assert_eq!(fx.tell(fd), Ok(12));
    // Read back into three buffers of 3, 4 and 16 bytes.
    assert_eq!(fx.seek(fd, 0, SET), Ok(0));
    fx.mem[DATA as usize..DATA as usize + 1024].fill(0xAA);
    for (i, (buf, len)) in [(DATA, 3u32), (DATA + 100, 4), (DATA + 200, 16)]
        .into_iter()
        .enumerate()
    {
        put_u32(&mut fx.mem, IOV as usize + 8 * i, buf);
        put_u32(&mut fx.mem, IOV as usize + 8 * i + 4, len);
    }
    calls! { fx; fd_read(fd, IOV, 3, OUT) => SUCCESS; }
    assert_eq!(u32_at(&fx.mem, OUT as usize), 12);
    let (m, d) = (&fx.mem, DATA as usize);
    assert_eq!(&m[d..d + 4], b"abc\xAA");
    assert_eq!(&m[d + 100..d + 105], b"defg\xAA");
    assert_eq!(&m[d + 200..d + 206], b"hij\x00\xff\xAA");
    // At the end: 0 bytes.
    assert_eq!(fx.read(fd, 8, None), Ok(vec![]));
}

fn pread_and_pwrite_leave_the_offset_alone(backing: Backing) {
    let mut fx = Fx::new("pio", backing);
    let fd = fx.file("f", b"0123456789", rw());
    assert_eq!(fx.seek(fd, 2, SET), Ok(2));
    assert_eq!(fx.write(fd, &[b"XY"], Some(5)), Ok(2));
    assert_eq!(fx.tell(fd), Ok(2));
    assert_eq!(fx.disk("f"), b"01234XY789");
    assert_eq!(fx.read(fd, 3, Some(4)), Ok(b"4XY".to_vec()));
    assert_eq!(fx.tell(fd), Ok(2));
    // The fd's own offset was really 2 all along.
    assert_eq!(fx.read(fd, 2, None), Ok(b"23".to_vec()));
    assert_eq!(fx.tell(fd), Ok(4));
    // Past the end: pwrite extends with a hole, pread reads nothing.
    assert_eq!(fx.write(fd, &[b"Z"], Some(12)), Ok(1));
    assert_eq!(fx.disk("f"), b"01234XY789\0\0Z");
    assert_eq!(fx.read(fd, 8, Some(100)), Ok(vec![]));
    assert_eq!(fx.read(fd, 4, Some(11)), Ok(b"\0Z".to_vec()));
    assert_eq!(fx.tell(fd), Ok(4));
    // An offset that is negative as an off_t.
    assert_eq!(fx.read(fd, 1, Some(1 << 63)), Err(Errno::INVAL));
    assert_eq!(fx.write(fd, &[b"Q"], Some(u64::MAX)), Err(Errno::INVAL));
    assert_eq!(fx.disk("f"), b"01234XY789\0\0Z");
}

fn seek_set_cur_end_and_tell(backing: Backing) {
    let mut fx = Fx::new("seek", backing);
    let fd = fx.file("f", b"0123456789", rw());
    assert_eq!(fx.tell(fd), Ok(0));
    assert_eq!(fx.seek(fd, 4, SET), Ok(4));
    assert_eq!(fx.seek(fd, 3, CUR), Ok(7));
    assert_eq!(fx.seek(fd, -2, CUR), Ok(5));
    assert_eq!(fx.read(fd, 1, None), Ok(b"5".to_vec()));
    assert_eq!(fx.seek(fd, 0, END), Ok(10));
    assert_eq!(fx.seek(fd, -3, END), Ok(7));
    assert_eq!(fx.tell(fd), Ok(7));
    // Before 0: EINVAL, the offset and the out-pointer untouched.
    fx.mem[OUT as usize..][..8].fill(0x5A);
    assert_eq!(fx.seek(fd, -1, SET), Err(Errno::INVAL));
    assert_eq!(fx.seek(fd, -8, CUR), Err(Errno::INVAL));
    assert_eq!(fx.seek(fd, -11, END), Err(Errno::INVAL));
    assert_eq!(&fx.mem[OUT as usize..][..8], &[0x5A; 8]);
    assert_eq!(fx.tell(fd), Ok(7));
    // Unknown whence values, small and widened.
    for whence in [3, 4, 256, u32::MAX] {
        assert_eq!(fx.seek(fd, 0, whence), Err(Errno::INVAL), "whence {whence}");
    }
    assert_eq!(fx.tell(fd), Ok(7));
    // Past the end is fine; a write there leaves a hole of zeros.
    assert_eq!(fx.seek(fd, 10, CUR), Ok(17));
    assert_eq!(fx.disk("f").len(), 10);
    assert_eq!(fx.write(fd, &[b"Z"], None), Ok(1));
    assert_eq!(fx.disk("f"), b"0123456789\0\0\0\0\0\0\0Z");
    assert_eq!(fx.tell(fd), Ok(18));
}

fn append_writes_at_the_end_until_the_flag_is_cleared(backing: Backing) {
    let mut fx = Fx::new("append", backing);
    fx.b.put("f", b"hello");
    let rights = rw() | Rights::FD_FDSTAT_SET_FLAGS;
    let fd = fx
        .open_fl("f", Oflags::empty(), rights, Fdflags::APPEND)
        .unwrap();
    let append = Fdflags::APPEND.bits();
    assert_eq!(fx.fdstat(fd), (4, append, rights, rights));
    assert_eq!(fx.seek(fd, 0, SET), Ok(0));
    assert_eq!(fx.write(fd, &[b"XY"], None), Ok(2));
    assert_eq!(fx.disk("f"), b"helloXY");
    assert_eq!(fx.tell(fd), Ok(7));
    // Appending off: a write at offset 0 overwrites.
    calls! { fx; fd_fdstat_set_flags(fd, 0) => SUCCESS; }
    assert_eq!(fx.fdstat(fd).1, 0);
    assert_eq!(fx.seek(fd, 0, SET), Ok(0));
    assert_eq!(fx.write(fd, &[b"AB"], None), Ok(2));
    assert_eq!(fx.disk("f"), b"ABlloXY");
    // And on again.
    calls! { fx; fd_fdstat_set_flags(fd, u32::from(append)) => SUCCESS; }
    assert_eq!(fx.fdstat(fd).1, append);
    assert_eq!(fx.seek(fd, 1, SET), Ok(1));
    assert_eq!(fx.write(fd, &[b"!"], None), Ok(1));
    assert_eq!(fx.disk("f"), b"ABlloXY!");
}

fn set_flags_refuses_sync_flags_and_unknown_bits(backing: Backing) {
    let mut fx = Fx::new("setfl", backing);
    let fd = fx.file("f", b"x", rw() | Rights::FD_FDSTAT_SET_FLAGS);
    let bits = |f: Fdflags| u32::from(f.bits());
    // Linux cannot turn O_SYNC on for an open fd: ENOTSUP (pinned); unknown bits: EINVAL.
    calls! { fx;
        fd_fdstat_set_flags(fd, bits(Fdflags::SYNC)) => NOTSUP;
        fd_fdstat_set_flags(fd, bits(Fdflags::DSYNC)) => NOTSUP;
        fd_fdstat_set_flags(fd, bits(Fdflags::RSYNC | Fdflags::SYNC)) => NOTSUP;
        fd_fdstat_set_flags(fd, bits(Fdflags::SYNC | Fdflags::APPEND)) => NOTSUP;
        fd_fdstat_set_flags(fd, 1 << 5) => INVAL;
        fd_fdstat_set_flags(fd, 1 << 15) => INVAL;
        fd_fdstat_set_flags(fd, 1 << 16) => INVAL;
    }
    assert_eq!(fx.fdstat(fd).1, 0, "nothing changed");
    calls! { fx; fd_fdstat_set_flags(fd, bits(Fdflags::NONBLOCK)) => SUCCESS; }
    assert_eq!(fx.fdstat(fd).1, Fdflags::NONBLOCK.bits());
    // Without the right.
    assert_eq!(fx.set_rights(fd, rw().bits(), 0), Errno::SUCCESS);
    calls! { fx; fd_fdstat_set_flags(fd, 0) => NOTCAPABLE; }
    assert_eq!(fx.fdstat(fd).1, Fdflags::NONBLOCK.bits());
}

fn rights_of_an_opened_file_are_exactly_those_requested(backing: Backing) {
    let mut fx = Fx::new("rights", backing);
    let both = Rights::FD_READ | Rights::FD_WRITE;
    let fd = fx.file("f", b"original", both);
    assert_eq!(fx.fdstat(fd), (4, 0, both, both));
    // Read-only: no FD_WRITE, and a write is EBADF with the file untouched.
    let ro = fx.open("f", Oflags::empty(), Rights::FD_READ).unwrap();
    assert_eq!(fx.fdstat(ro), (4, 0, Rights::FD_READ, Rights::FD_READ));
    assert_eq!(fx.write(ro, &[b"nope"], None), Err(Errno::BADF));
    assert_eq!(fx.write(ro, &[b"nope"], Some(0)), Err(Errno::BADF));
    assert_eq!(fx.read(ro, 100, None), Ok(b"original".to_vec()));
    // Without FD_SEEK positioned I/O is refused by capability, not by mode.
    assert_eq!(fx.read(ro, 4, Some(0)), Err(Errno::NOTCAPABLE));
    assert_eq!(fx.seek(ro, 0, SET), Err(Errno::NOTCAPABLE));
    // Write-only: reads are EBADF.
    let wo = fx.open("f", Oflags::empty(), Rights::FD_WRITE).unwrap();
    assert_eq!(fx.fdstat(wo).2, Rights::FD_WRITE);
    assert_eq!(fx.read(wo, 4, None), Err(Errno::BADF));
    assert_eq!(fx.write(wo, &[b"O"], None), Ok(1));
    assert_eq!(fx.disk("f"), b"Original");
    // No rights at all: opening still works, but nothing can be done.
    let none = fx.open("f", Oflags::empty(), Rights::empty()).unwrap();
    assert_eq!(fx.fdstat(none).2, Rights::empty());
    assert_eq!(fx.read(none, 4, None), Err(Errno::BADF));
    calls! { fx; fd_filestat_get(none, STAT) => NOTCAPABLE; }
}

fn set_rights_only_drops(backing: Backing) {
    let mut fx = Fx::new("setrights", backing);
    let all = rw() | Rights::FD_FILESTAT_GET;
    let fd = fx.file("f", b"0123456789", all);
    assert_eq!(fx.fdstat(fd).2, all);
    assert_eq!(fx.seek(fd, 3, SET), Ok(3));
    // Drop FD_WRITE: reflected, and writes are EBADF.
    let nw = all - Rights::FD_WRITE;
    assert_eq!(fx.set_rights(fd, nw.bits(), all.bits()), Errno::SUCCESS);
    assert_eq!(fx.fdstat(fd), (4, 0, nw, all));
    assert_eq!(fx.write(fd, &[b"x"], None), Err(Errno::BADF));
    // Adding it back, in either set, is ENOTCAPABLE and changes nothing.
    let more = (all | Rights::FD_ALLOCATE).bits();
    assert_eq!(fx.set_rights(fd, all.bits(), 0), Errno::NOTCAPABLE);
    assert_eq!(fx.set_rights(fd, nw.bits(), more), Errno::NOTCAPABLE);
    // An undefined bit is EINVAL, even alongside rights the fd has.
    assert_eq!(fx.set_rights(fd, nw.bits() | 1 << 40, 0), Errno::INVAL);
    assert_eq!(fx.set_rights(fd, 0, 1 << 40), Errno::INVAL);
    assert_eq!(fx.fdstat(fd), (4, 0, nw, all));
    // Drop FD_SEEK but keep FD_TELL: only "where am I" seeks remain.
    let tell_only = nw - Rights::FD_SEEK;
    assert_eq!(fx.set_rights(fd, tell_only.bits(), 0), Errno::SUCCESS);
    assert_eq!(fx.fdstat(fd), (4, 0, tell_only, Rights::empty()));
    assert_eq!(fx.seek(fd, 0, SET), Err(Errno::NOTCAPABLE));
    assert_eq!(fx.seek(fd, 1, CUR), Err(Errno::NOTCAPABLE));
    assert_eq!(fx.seek(fd, 0, END), Err(Errno::NOTCAPABLE));
    assert_eq!(fx.seek(fd, 0, CUR), Ok(3));
    assert_eq!(fx.tell(fd), Ok(3));
    assert_eq!(fx.read(fd, 1, Some(0)), Err(Errno::NOTCAPABLE));
    // Plain reads still work and move the offset.
    assert_eq!(fx.read(fd, 2, None), Ok(b"34".to_vec()));
    assert_eq!(fx.tell(fd), Ok(5));
    // Drop FD_TELL too: no seek at all.
    let read_only = tell_only - Rights::FD_TELL;
    assert_eq!(fx.set_rights(fd, read_only.bits(), 0), Errno::SUCCESS);
    assert_eq!(fx.seek(fd, 0, CUR), Err(Errno::NOTCAPABLE));
    assert_eq!(fx.tell(fd), Err(Errno::NOTCAPABLE));
    // Dropping everything is allowed; the fd stays open.
    assert_eq!(fx.set_rights(fd, 0, 0), Errno::SUCCESS);
    assert_eq!(fx.fdstat(fd).2, Rights::empty());
    assert_eq!(fx.read(fd, 1, None), Err(Errno::BADF));
}

fn filestat_get_describes_the_file(backing: Backing) {
    let mut fx = Fx::new("fstat", backing);
    let fd = fx.open("f", Oflags::CREAT, Rights::all()).unwrap();
    assert_eq!(fx.write(fd, &[b"0123456789"], None), Ok(10));
    let st = fx.filestat(fd);
    let meta = fx.b.stat("f");
    assert_eq!(u64_at(&st, 0), meta.dev, "dev");
    assert_eq!(u64_at(&st, 8), meta.ino, "ino");
    assert_eq!(&st[16..24], &[4, 0, 0, 0, 0, 0, 0, 0], "type, padding");
    assert_eq!(u64_at(&st, 24), 1, "nlink");
    assert_eq!(u64_at(&st, 32), 10, "size");
    assert_eq!(u64_at(&st, 40), meta.atim, "atim");
    assert_eq!(u64_at(&st, 48), meta.mtim, "mtim");
    assert_eq!(u64_at(&st, 56), meta.ctim, "ctim");
    // A second name shows in nlink.
    fx.b.hard_link("f", "g");
    assert_eq!(u64_at(&fx.filestat(fd), 24), 2);
    // A directory fd: type 3.
    let st = fx.filestat(3);
    assert_eq!(st[16], 3);
    assert_eq!(u64_at(&st, 8), fx.b.stat("").ino);
}

fn set_size_grows_and_shrinks(backing: Backing) {
    let mut fx = Fx::new("setsize", backing);
    let fd = fx.file("f", b"abcdef", Rights::all());
    assert_eq!(fx.seek(fd, 4, SET), Ok(4));
    calls! { fx; fd_filestat_set_size(fd, 100) => SUCCESS; }
    let mut want = b"abcdef".to_vec();
    want.resize(100, 0);
    assert_eq!(fx.disk("f"), want);
    assert_eq!(u64_at(&fx.filestat(fd), 32), 100);
    calls! { fx; fd_filestat_set_size(fd, 3) => SUCCESS; }
    assert_eq!(fx.disk("f"), b"abc");
    assert_eq!(fx.tell(fd), Ok(4), "the offset does not move");
    calls! { fx;
        fd_filestat_set_size(fd, 0) => SUCCESS;
        fd_filestat_set_size(fd, 1 << 63) => FBIG;
    }
    assert_eq!(fx.disk("f"), b"");
    // Without FD_FILESTAT_SET_SIZE.
    let fd2 = fx.open("f", Oflags::empty(), rw()).unwrap();
    calls! { fx; fd_filestat_set_size(fd2, 10) => NOTCAPABLE; }
    assert_eq!(fx.disk("f"), b"");
}

fn set_times_exact_now_and_refusals(backing: Backing) {
    let mut fx = Fx::new("times", backing);
    let fd = fx.file("f", b"t", Rights::all());
    let fl = |f: Fstflags| u32::from(f.bits());
    let (atim, mtim) = (fl(Fstflags::ATIM), fl(Fstflags::MTIM));
    let (a, m) = (1_000_000_000_111_111_111u64, 1_500_000_000_123_456_789u64);
    calls! { fx; fd_filestat_set_times(fd, a, m, atim | mtim) => SUCCESS; }
    let set = ((1_000_000_000, 111_111_111), (1_500_000_000, 123_456_789));
    assert_eq!(fx.times("f"), set);
    let st = fx.filestat(fd);
    assert_eq!((u64_at(&st, 40), u64_at(&st, 48)), (a, m));
    let (anow, mnow) = (fl(Fstflags::ATIM_NOW), fl(Fstflags::MTIM_NOW)); // with ATIM/MTIM: EINVAL
    calls! { fx;
        fd_filestat_set_times(fd, 5, 5, atim | anow) => INVAL;
        fd_filestat_set_times(fd, 5, 5, mtim | mnow) => INVAL;
        fd_filestat_set_times(fd, 5, 5, atim | mtim | mnow) => INVAL;
        fd_filestat_set_times(fd, 5, 5, 1 << 4) => INVAL;
        fd_filestat_set_times(fd, 5, 5, mtim | 1 << 4) => INVAL;
        fd_filestat_set_times(fd, 5, 5, 1 << 16) => INVAL;
    }
    assert_eq!(fx.times("f"), set);
    // Only MTIM: the access time stays; only ATIM: the modification time stays; neither:
    // nothing changes.
    calls! { fx; fd_filestat_set_times(fd, 7, 2_000_000_000_000_000_001, mtim) => SUCCESS; }
    assert_eq!(fx.times("f"), (set.0, (2_000_000_000, 1)));
    calls! { fx; fd_filestat_set_times(fd, 3_000_000_000, 7, atim) => SUCCESS; }
    assert_eq!(fx.times("f"), ((3, 0), (2_000_000_000, 1)));
    calls! { fx; fd_filestat_set_times(fd, 9, 9, 0) => SUCCESS; }
    assert_eq!(fx.times("f"), ((3, 0), (2_000_000_000, 1)));
    // MTIM_NOW: about now (file timestamps are coarse, so allow a second either way).
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    let now = now.unwrap().as_secs() as i64;
    calls! { fx; fd_filestat_set_times(fd, 0, 0, mnow) => SUCCESS; }
    let (at, (mt, _)) = fx.times("f");
    assert_eq!(at, (3, 0));
    assert!((now - 1..=now + 2).contains(&mt), "mtime {mt} vs {now}");
    // Without the right.
    let fd2 = fx.open("f", Oflags::empty(), rw()).unwrap();
    calls! { fx; fd_filestat_set_times(fd2, a, m, atim | mtim) => NOTCAPABLE; }
    assert_eq!(fx.times("f").0, (3, 0));
}

fn advise_allocate_and_sync(backing: Backing) {
    let mut fx = Fx::new("advise", backing);
    let fd = fx.open("f", Oflags::CREAT, Rights::all()).unwrap();
    for advice in 0..=5 {
        calls! { fx; fd_advise(fd, 0, 0, advice) => SUCCESS; }
    }
    calls! { fx;
        fd_advise(fd, 0, 10, 6) => INVAL;
        fd_advise(fd, 0, 10, 256) => INVAL;
        fd_advise(fd, 1 << 63, 10, 0) => INVAL;
    }
    // Allocate extends, never shrinks, and does not move the offset.
    calls! { fx; fd_allocate(fd, 0, 100) => SUCCESS; }
    assert_eq!(fx.disk("f"), vec![0u8; 100]);
    calls! { fx; fd_allocate(fd, 0, 10) => SUCCESS; }
    assert_eq!(fx.disk("f").len(), 100);
    calls! { fx; fd_allocate(fd, 50, 100) => SUCCESS; }
    assert_eq!(fx.disk("f").len(), 150);
    assert_eq!(fx.tell(fd), Ok(0));
    calls! { fx;
        fd_allocate(fd, 0, 0) => INVAL;
        fd_allocate(fd, u64::MAX, 2) => FBIG;
        fd_datasync(fd) => SUCCESS;
        fd_sync(fd) => SUCCESS;
    }
    assert_eq!(fx.disk("f").len(), 150);
    // Without the rights.
    let fd2 = fx.open("f", Oflags::empty(), rw()).unwrap();
    calls! { fx;
        fd_advise(fd2, 0, 0, 0) => NOTCAPABLE;
        fd_allocate(fd2, 0, 1000) => NOTCAPABLE;
        fd_datasync(fd2) => NOTCAPABLE;
        fd_sync(fd2) => NOTCAPABLE;
    }
    assert_eq!(fx.disk("f").len(), 150);
}

fn a_directory_fd_refuses_file_calls(backing: Backing) {
    let mut fx = Fx::new("dirfd", backing);
    fx.b.tree(&["d/"]);
    // Ask for every right that needs no write access: the file ones are masked away.
    let write = Rights::FD_WRITE | Rights::FD_ALLOCATE | Rights::FD_FILESTAT_SET_SIZE;
    let asked = Rights::all() - write;
    let d = fx.open("d", Oflags::DIRECTORY, asked).unwrap();
    let file_only = write | Rights::FD_READ | Rights::FD_SEEK | Rights::FD_TELL;
    for fd in [d, 3] {
        let (ty, _, base, _) = fx.fdstat(fd);
        assert_eq!(ty, 3, "directory");
        assert!(!base.intersects(file_only), "fd {fd}: {base:?}");
        fx.mem[OUT as usize..][..8].fill(0x77);
        assert_eq!(fx.read(fd, 4, None), Err(Errno::BADF), "read {fd}");
        assert_eq!(fx.write(fd, &[b"x"], None), Err(Errno::BADF), "write {fd}");
        assert_eq!(fx.read(fd, 4, Some(0)), Err(Errno::BADF), "pread {fd}");
        assert_eq!(fx.write(fd, &[b"x"], Some(0)), Err(Errno::BADF), "pwr {fd}");
        for whence in [SET, CUR, END] {
            assert_eq!(fx.seek(fd, 0, whence), Err(Errno::NOTCAPABLE), "seek {fd}");
        }
        assert_eq!(fx.tell(fd), Err(Errno::NOTCAPABLE), "tell {fd}");
        assert_eq!(&fx.mem[OUT as usize..][..8], &[0x77; 8], "out untouched");
        calls! { fx;
            fd_filestat_set_size(fd, 0) => NOTCAPABLE;
            fd_allocate(fd, 0, 10) => NOTCAPABLE;
            fd_datasync(fd) => NOTCAPABLE;
            fd_sync(fd) => SUCCESS;
        }
    }
    assert!(fx.b.is_dir("d"));
}

fn every_call_on_a_closed_fd_is_ebadf(backing: Backing) {
    let mut fx = Fx::new("closed", backing);
    let f = fx.open("f", Oflags::CREAT, Rights::all()).unwrap();
    fx.b.tree(&["d/"]);
    let d = fx.open("d", Oflags::DIRECTORY, Rights::all());
    assert_eq!(d, Err(Errno::ISDIR), "all rights ask for write access");
    let d = fx.open("d", Oflags::DIRECTORY, Rights::PATH_OPEN).unwrap();
    calls! { fx; fd_close(f) => SUCCESS; fd_close(d) => SUCCESS; }
    fx.iovs(&[b"data"]);
    fx.mem[PATH as usize..][..1].copy_from_slice(b"x");
    for fd in [f, d, 1000, u32::MAX] {
        // Closed, closed, never open, never open.
        fx.mem[OUT as usize..STAT as usize + 64].fill(0x33);
        calls! { fx;
            fd_read(fd, IOV, 1, OUT) => BADF;
            fd_write(fd, IOV, 1, OUT) => BADF;
            fd_pread(fd, IOV, 1, 0, OUT) => BADF;
            fd_pwrite(fd, IOV, 1, 0, OUT) => BADF;
            fd_seek(fd, 0, 0, OUT) => BADF;
            fd_tell(fd, OUT) => BADF;
            fd_fdstat_get(fd, STAT) => BADF;
            fd_fdstat_set_flags(fd, 0) => BADF;
            fd_fdstat_set_rights(fd, 0, 0) => BADF;
            fd_filestat_get(fd, STAT) => BADF;
            fd_filestat_set_size(fd, 0) => BADF;
            fd_filestat_set_times(fd, 0, 0, 0) => BADF;
            fd_advise(fd, 0, 0, 0) => BADF;
            fd_allocate(fd, 0, 1) => BADF;
            fd_datasync(fd) => BADF;
            fd_sync(fd) => BADF;
            fd_readdir(fd, STAT, 64, 0, OUT) => BADF;
            fd_prestat_get(fd, OUT) => BADF;
            fd_prestat_dir_name(fd, STAT, 8) => BADF;
            fd_renumber(fd, 3) => BADF;
            fd_renumber(3, fd) => BADF;
            path_open(fd, 0, PATH, 1, 1, 0, 0, 0, OUT) => BADF;
            path_create_directory(fd, PATH, 1) => BADF;
            path_filestat_get(fd, 0, PATH, 1, STAT) => BADF;
            fd_close(fd) => BADF;
        }
        let outs = &fx.mem[OUT as usize..STAT as usize + 64];
        assert_eq!(outs, &[0x33; 128][..], "out-pointers untouched");
    }
    // Nothing was created or written, and fd 3 and stdio are still there.
    assert_eq!(fx.disk("f"), b"");
    assert_eq!(fx.b.entry("x"), None);
    assert_eq!(fx.ctx.open_fds(), 4);
    assert_eq!(fx.fdstat(3).0, 3);
}
