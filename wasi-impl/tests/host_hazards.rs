//! Things a guest must not be able to do to its host: hang it in open(2), make it wait on a
//! FIFO it thinks is ready, or make one call cost unbounded memory.

mod common;
use common::*;
use std::time::{Duration, Instant};
use wasi_abi::{Oflags, Rights};
use wasi_impl::{Errno, GuestMemory, WasiCtx};

const RW: u64 = Rights::FD_READ.bits() | Rights::FD_WRITE.bits() | Rights::POLL_FD_READWRITE.bits();

/// Test setup on the host (the project's own code never creates FIFOs).
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Writes `path` at 100 and opens it relative to fd 3; returns the errno and the new fd.
fn open(
    ctx: &mut WasiCtx,
    buf: &mut [u8],
    path: &str,
    oflags: Oflags,
    rights: u64,
) -> (Errno, u32) {
    buf[100..100 + path.len()].copy_from_slice(path.as_bytes());
    let mut mem = GuestMemory::new(buf);
    let r = ctx.path_open(
        &mut mem,
        3,
        0,
        100,
        path.len() as u32,
        oflags.bits().into(),
        rights,
        0,
        0,
        200,
    );
    (errno(r), u32_at(buf, 200))
}

#[test]
fn opening_a_fifo_never_blocks_the_host() {
    let dir = scratch_dir("fifo-open");
    mkfifo(&dir.join("fifo"));
    let mut ctx = WasiCtx::builder().preopen_dir(&dir, "/").build().unwrap();
    let mut buf = memory();
    let start = Instant::now();
    // For writing, with no reader: refused at once instead of waiting for a reader forever.
    let (e, _) = open(
        &mut ctx,
        &mut buf,
        "fifo",
        Oflags::empty(),
        Rights::FD_WRITE.bits(),
    );
    assert_eq!(e, Errno::NXIO);
    // For reading: opens at once.
    let (e, fd) = open(
        &mut ctx,
        &mut buf,
        "fifo",
        Oflags::empty(),
        RW & !Rights::FD_WRITE.bits(),
    );
    assert_eq!(e, Errno::SUCCESS);
    assert!(start.elapsed() < Duration::from_secs(2));
    // The fd is back in blocking mode (the guest did not ask for NONBLOCK).
    let mut mem = GuestMemory::new(&mut buf);
    ctx.fd_fdstat_get(&mut mem, fd, 64).unwrap();
    assert_eq!(
        u16::from_le_bytes([buf[66], buf[67]]) & 4,
        0,
        "NONBLOCK cleared"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_fifo_is_polled_not_reported_ready() {
    let dir = scratch_dir("fifo-poll");
    mkfifo(&dir.join("fifo"));
    let mut ctx = WasiCtx::builder().preopen_dir(&dir, "/").build().unwrap();
    let mut buf = memory();
    let (e, fd) = open(
        &mut ctx,
        &mut buf,
        "fifo",
        Oflags::empty(),
        RW & !Rights::FD_WRITE.bits(),
    );
    assert_eq!(e, Errno::SUCCESS);
    // A writer that writes nothing yet: the FIFO is open at both ends and empty.
    let writer = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("fifo"))
        .unwrap();
    // Subscriptions at 1024: fd_read on the FIFO (userdata 1), a 50 ms clock (userdata 2).
    buf[1024..1024 + 96].fill(0);
    buf[1024..1032].copy_from_slice(&1u64.to_le_bytes());
    buf[1032] = 1;
    put_u32(&mut buf, 1040, fd);
    buf[1072..1080].copy_from_slice(&2u64.to_le_bytes());
    buf[1080] = 0;
    put_u32(&mut buf, 1088, 1); // monotonic
    buf[1096..1104].copy_from_slice(&50_000_000u64.to_le_bytes());
    let mut mem = GuestMemory::new(&mut buf);
    let start = Instant::now();
    assert_eq!(
        errno(ctx.poll_oneoff(&mut mem, 1024, 2048, 2, 300)),
        Errno::SUCCESS
    );
    assert!(
        start.elapsed() >= Duration::from_millis(50),
        "an empty FIFO is not ready"
    );
    assert_eq!(u32_at(&buf, 300), 1);
    assert_eq!(u64_at(&buf, 2048), 2, "only the clock fired");
    // Once written, it is ready with the byte count.
    use std::io::Write;
    (&writer).write_all(b"abc").unwrap();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.poll_oneoff(&mut mem, 1024, 2048, 2, 300)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 300), 1);
    assert_eq!(u64_at(&buf, 2048), 1, "the FIFO fired");
    assert_eq!(u64_at(&buf, 2048 + 16), 3, "nbytes");
    drop(writer);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn creat_with_directory_is_einval_and_creates_nothing() {
    let dir = scratch_dir("creat-dir");
    let mut ctx = WasiCtx::builder().preopen_dir(&dir, "/").build().unwrap();
    let mut buf = memory();
    let (e, _) = open(
        &mut ctx,
        &mut buf,
        "newdir",
        Oflags::CREAT | Oflags::DIRECTORY,
        0,
    );
    assert_eq!(e, Errno::INVAL);
    assert!(!dir.join("newdir").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn too_many_subscriptions_is_einval_without_waiting() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    // 65,537 subscriptions of 48 bytes and as many 32-byte events fit in 6 MiB.
    let mut buf = vec![0u8; 6 << 20];
    let n = wasi_impl::MAX_SUBSCRIPTIONS + 1;
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.poll_oneoff(&mut mem, 0, 48 * n, n, 8)),
        Errno::INVAL
    );
    // At the cap it is accepted: every subscription is a clock of timeout 0 (zeroed memory).
    let n = wasi_impl::MAX_SUBSCRIPTIONS;
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.poll_oneoff(&mut mem, 0, 48 * n, n, 8)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 8), n);
}

#[test]
fn readlink_with_a_trailing_slash_resolves_the_name() {
    let dir = scratch_dir("readlink-slash");
    std::fs::create_dir(dir.join("d")).unwrap();
    std::fs::write(dir.join("f"), b"x").unwrap();
    std::os::unix::fs::symlink("d", dir.join("to_dir")).unwrap();
    std::os::unix::fs::symlink("f", dir.join("to_file")).unwrap();
    std::os::unix::fs::symlink("nowhere", dir.join("dangling")).unwrap();
    let mut ctx = WasiCtx::builder().preopen_dir(&dir, "/").build().unwrap();
    let mut buf = memory();
    for (path, want) in [
        ("to_dir/", Errno::INVAL),
        ("to_file/", Errno::NOTDIR),
        ("dangling/", Errno::NOENT),
        ("to_dir", Errno::SUCCESS),
    ] {
        buf[100..100 + path.len()].copy_from_slice(path.as_bytes());
        let mut mem = GuestMemory::new(&mut buf);
        let r = ctx.path_readlink(&mut mem, 3, 100, path.len() as u32, 400, 64, 500);
        assert_eq!(errno(r), want, "{path}");
    }
    // The last call read "d": one byte, no NUL, the next byte untouched.
    assert_eq!(u32_at(&buf, 500), 1);
    assert_eq!(&buf[400..402], b"d\0");
    std::fs::remove_dir_all(dir).unwrap();
}
