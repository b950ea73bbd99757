//! Edges of path resolution on both resolvers: the longest symlink target Linux stores
//! (4095 bytes) is followed like any other, and a path that runs through a FIFO as if it
//! were a directory answers `ENOTDIR` at once instead of opening the FIFO (which would
//! wait for a writer).

mod common;
use common::*;
use std::time::{Duration, Instant};
use wasi_abi::Lookupflags;
use wasi_impl::{Errno, GuestMemory, Resolver, WasiCtx};

fn ctx(dir: &std::path::Path, resolver: Resolver) -> WasiCtx {
    WasiCtx::builder()
        .preopen_dir(dir, "/")
        .resolver(resolver)
        .build()
        .unwrap()
}

fn check(resolver: Resolver) {
    let dir = scratch_dir("path-limits");
    // "x/x/.../x": 2048 components, 4095 bytes; x does not exist.
    let target = vec!["x"; 2048].join("/");
    assert_eq!(target.len(), 4095);
    std::os::unix::fs::symlink(&target, dir.join("long")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut ctx = ctx(&dir, resolver);
    let mut buf = memory();
    let follow = Lookupflags::SYMLINK_FOLLOW.bits();
    buf[1024..1028].copy_from_slice(b"long");
    let r = ctx.path_filestat_get(&mut GuestMemory::new(&mut buf), 3, follow, 1024, 4, 64);
    assert_eq!(
        errno(r),
        Errno::NOENT,
        "the whole target was read and walked"
    );
    let r = ctx.path_open(
        &mut GuestMemory::new(&mut buf),
        3,
        follow,
        1024,
        4,
        0,
        2,
        2,
        0,
        0,
    );
    assert_eq!(errno(r), Errno::NOENT);
    // Through a FIFO: never opened, never waited on.
    let start = Instant::now();
    buf[1024..1030].copy_from_slice(b"fifo/x");
    let r = ctx.path_create_directory(&mut GuestMemory::new(&mut buf), 3, 1024, 6);
    assert_eq!(errno(r), Errno::NOTDIR);
    let r = ctx.path_unlink_file(&mut GuestMemory::new(&mut buf), 3, 1024, 6);
    assert_eq!(errno(r), Errno::NOTDIR);
    assert!(start.elapsed() < Duration::from_secs(5));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_openat2() {
    check(Resolver::Openat2);
}

#[test]
fn on_the_walk() {
    check(Resolver::Walk);
}
