//! Deterministic runs and the injection points: the virtual clock, the seeded generator,
//! anonymous stdio, any reader or writer as stdio, the deadline on waits.

mod common;
use common::poll_subs::*;
use common::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wasi_impl::determinism::{VIRTUAL_EPOCH, VIRTUAL_STEP};
use wasi_impl::{Errno, GuestMemory, Input, MemFs, Output, Reader, Trap, WasiCtx, Writer};

const REALTIME_ID: u32 = 0;

/// One scripted guest session on a deterministic context over an in-memory preopen: the
/// realtime clock, 32 random bytes, a file created and written, its filestat, and a poll
/// sleep. Returns guest memory after it, and the preopen.
fn session(seed: u64) -> (Vec<u8>, MemFs) {
    let builder = WasiCtx::builder().deterministic(seed).stdout(Output::Null);
    let fs = MemFs::with_device(builder.clock_handle(), 1);
    let mut ctx = builder.preopen(fs.root(), "/", false).build().unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.clock_time_get(&mut mem, REALTIME_ID, 0, 0)),
        Errno::SUCCESS
    );
    assert_eq!(errno(ctx.random_get(&mut mem, 16, 32)), Errno::SUCCESS);
    mem.slice_mut(100, 7).unwrap().copy_from_slice(b"out.txt");
    let create = 1; // O_CREAT
    let r = ctx.path_open(&mut mem, 3, 0, 100, 7, create, u64::MAX >> 35, 0, 0, 200);
    assert_eq!(errno(r), Errno::SUCCESS);
    let fd = mem.read::<u32>(200).unwrap();
    mem.slice_mut(300, 5).unwrap().copy_from_slice(b"hello");
    mem.write(400, [300u32, 5u32]).unwrap();
    assert_eq!(
        errno(ctx.fd_write(&mut mem, fd, 400, 1, 408)),
        Errno::SUCCESS
    );
    assert_eq!(
        errno(ctx.fd_filestat_get(&mut mem, fd, 512)),
        Errno::SUCCESS
    );
    (buf, fs)
}

#[test]
fn two_runs_with_one_seed_are_identical_and_another_seed_changes_the_random_bytes() {
    let (a, fs_a) = session(7);
    let (b, fs_b) = session(7);
    let (c, _) = session(8);
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert!(
        differ.is_empty(),
        "seed 7 twice: guest memory differs at {differ:?}"
    );
    assert_eq!(fs_a.read_file("out.txt").unwrap(), b"hello");
    assert_eq!(
        fs_a.read_file("out.txt").unwrap(),
        fs_b.read_file("out.txt").unwrap()
    );
    // The guest's first reading of the virtual clock: the epoch plus two steps (the first
    // stamped the filesystem's root).
    assert_eq!(u64_at(&a, 0), VIRTUAL_EPOCH + 2 * VIRTUAL_STEP);
    assert_ne!(
        a[16..48],
        c[16..48],
        "seeds 7 and 8 gave the same random bytes"
    );
    assert_eq!(a[..16], c[..16]);
    // The file's times come from the virtual clock: identical, and after the epoch.
    let mtim = u64_at(&a, 512 + 48);
    assert_eq!(mtim, u64_at(&b, 512 + 48));
    assert!(
        mtim > VIRTUAL_EPOCH && mtim < VIRTUAL_EPOCH + 1_000_000_000,
        "{mtim}"
    );
}

#[test]
fn a_virtual_sleep_of_an_hour_takes_no_time_and_moves_the_clock_an_hour() {
    let mut ctx = WasiCtx::builder().deterministic(0).build().unwrap();
    let hour = 3600 * 1000 * MS;
    let before = monotonic_now(&mut ctx, MONOTONIC);
    let (events, took) = timed(&mut ctx, &[Sub::Clock(5, MONOTONIC, hour, 0)]);
    let after = monotonic_now(&mut ctx, MONOTONIC);
    assert_eq!(events, vec![clock_ev(5)]);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(after >= before + hour, "{before} -> {after}");
    // An absolute deadline on the virtual clock fires at it, not before.
    let deadline = monotonic_now(&mut ctx, MONOTONIC) + 20 * MS;
    let (events, _) = timed(&mut ctx, &[Sub::Clock(6, MONOTONIC, deadline, ABSTIME)]);
    assert_eq!(events, vec![clock_ev(6)]);
    assert!(monotonic_now(&mut ctx, MONOTONIC) > deadline);
}

#[test]
fn a_deadline_stops_a_guest_waiting_in_poll() {
    let mut ctx = WasiCtx::builder()
        .deadline(Instant::now() + Duration::from_millis(100))
        .build()
        .unwrap();
    let mut buf = memory();
    lay_out(
        &mut buf,
        SUBS,
        &[Sub::Clock(1, MONOTONIC, 3600 * 1000 * MS, 0)],
    );
    let started = Instant::now();
    let r = ctx.poll_oneoff(&mut GuestMemory::new(&mut buf), SUBS, EVENTS, 1, NEVENTS);
    let took = started.elapsed();
    assert_eq!(trap(r), Trap::TimeLimit);
    assert!(
        took >= Duration::from_millis(90) && took < Duration::from_secs(2),
        "{took:?}"
    );
    // A poll that needs no wait still answers after the deadline.
    let (events, _) = timed(&mut ctx, &[Sub::Clock(2, MONOTONIC, 0, 0)]);
    assert_eq!(events, vec![clock_ev(2)]);
}

/// fd_fdstat_get of `fd`: (filetype, flags, rights_base).
fn fdstat(ctx: &mut WasiCtx, fd: u32) -> (u8, u16, u64) {
    let mut buf = memory();
    assert_eq!(
        errno(ctx.fd_fdstat_get(&mut GuestMemory::new(&mut buf), fd, 64)),
        Errno::SUCCESS
    );
    (
        buf[64],
        u16::from_le_bytes([buf[66], buf[67]]),
        u64_at(&buf, 72),
    )
}

#[test]
fn deterministic_stdio_shows_nothing_of_the_host() {
    const SEEK: u64 = 1 << 2;
    const TELL: u64 = 1 << 5;
    let mut ctx = WasiCtx::builder().deterministic(3).build().unwrap();
    for fd in 0..3 {
        let (filetype, flags, rights) = fdstat(&mut ctx, fd);
        assert_eq!((filetype, flags), (0, 0), "fd {fd}: unknown, no flags");
        assert_eq!(rights & (SEEK | TELL), 0, "fd {fd} seekable");
        let mut buf = memory();
        let r = ctx.fd_filestat_get(&mut GuestMemory::new(&mut buf), fd, 0);
        assert_eq!(errno(r), Errno::SUCCESS);
        assert!(
            buf[..64].iter().all(|&b| b == 0),
            "fd {fd}: {:?}",
            &buf[..64]
        );
    }
    // The inherited filetype can also be chosen alone.
    let mut ctx = WasiCtx::builder()
        .inherited_stdio_filetype(wasi_abi::Filetype::CharacterDevice)
        .stdout(Output::Null)
        .build()
        .unwrap();
    assert_eq!(
        fdstat(&mut ctx, 0).0,
        2,
        "inherited stdin as a character device"
    );
    assert_eq!(
        fdstat(&mut ctx, 1).0,
        0,
        "captured stdout keeps its own type"
    );
}

/// A writer the test can read back.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn any_reader_and_writer_serve_as_stdio() {
    let out = Shared::default();
    let mut ctx = WasiCtx::builder()
        .stdin(Input::Reader(Reader::new(std::io::Cursor::new(
            b"abcdef".to_vec(),
        ))))
        .stdout(Output::Writer(Writer::new(out.clone())))
        .stderr(Output::Writer(Writer::new(out.clone())))
        .build()
        .unwrap();
    assert_eq!(fd_read(&mut ctx, 0, 4), b"abcd");
    assert_eq!(fd_read(&mut ctx, 0, 4), b"ef");
    assert_eq!(fd_read(&mut ctx, 0, 4), b"");
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    mem.slice_mut(300, 13)
        .unwrap()
        .copy_from_slice(b"to out|to err");
    // Two iovecs to stdout, one to stderr.
    mem.write(400, [300u32, 3, 303, 4]).unwrap();
    mem.write(416, [307u32, 6]).unwrap();
    assert_eq!(
        errno(ctx.fd_write(&mut mem, 1, 400, 2, 500)),
        Errno::SUCCESS
    );
    assert_eq!(mem.read::<u32>(500).unwrap(), 7);
    assert_eq!(
        errno(ctx.fd_write(&mut mem, 2, 416, 1, 500)),
        Errno::SUCCESS
    );
    assert_eq!(out.0.lock().unwrap().as_slice(), b"to out|to err");
    // A reader is always reported readable; a writer is not readable.
    assert_eq!(
        poll(&mut ctx, &[Sub::Fd(9, FD_READ, 0)]),
        (Errno::SUCCESS, vec![fd_ev(9, FD_READ, 0, 0)])
    );
    assert_eq!(
        poll(&mut ctx, &[Sub::Fd(9, FD_READ, 1)]),
        (Errno::SUCCESS, vec![failed_ev(9, FD_READ, Errno::BADF)])
    );
}
