//! args_* and environ_*: exact bytes in guest memory, and refusals.

mod common;
use common::*;
use wasi_impl::{Errno, GuestMemory, Trap, WasiCtx};

fn ctx() -> WasiCtx {
    WasiCtx::builder()
        .arg("prog.wasm")
        .args(["x", ""])
        .arg([0xffu8, b'z'])
        .env("A", "b")
        .env("EMPTY", "")
        .env("K", "v=w")
        .build()
        .unwrap()
}

#[test]
fn args_sizes_and_get_write_exact_bytes() {
    let mut ctx = ctx();
    let mut buf = memory();
    buf.fill(0xaa);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.args_sizes_get(&mut mem, 100, 104)),
        Errno::SUCCESS
    );
    assert_eq!(errno(ctx.args_get(&mut mem, 200, 300)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 100), 4);
    assert_eq!(u32_at(&buf, 104), 10 + 2 + 1 + 3);
    let ptrs: Vec<u32> = (0..4).map(|i| u32_at(&buf, 200 + 4 * i)).collect();
    assert_eq!(ptrs, vec![300, 310, 312, 313]);
    assert_eq!(&buf[300..316], b"prog.wasm\0x\0\0\xffz\0");
    // Nothing is written outside the two regions.
    assert_eq!(buf[316], 0xaa);
    assert_eq!(&buf[216..220], &[0xaa; 4]);
    assert_eq!(&buf[296..300], &[0xaa; 4]);
    assert_eq!(&buf[108..112], &[0xaa; 4]);
}

#[test]
fn environ_sizes_and_get_write_exact_bytes() {
    let mut ctx = ctx();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.environ_sizes_get(&mut mem, 8, 12)),
        Errno::SUCCESS
    );
    assert_eq!(errno(ctx.environ_get(&mut mem, 1000, 2000)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 3);
    assert_eq!(u32_at(&buf, 12), 4 + 7 + 6);
    assert_eq!(
        [u32_at(&buf, 1000), u32_at(&buf, 1004), u32_at(&buf, 1008)],
        [2000, 2004, 2011]
    );
    assert_eq!(&buf[2000..2017], b"A=b\0EMPTY=\0K=v=w\0");
}

#[test]
fn empty_lists() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    buf[0..8].fill(0xaa);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.environ_sizes_get(&mut mem, 0, 4)), Errno::SUCCESS);
    // A zero-length list at the very end of memory is fine.
    assert_eq!(
        errno(ctx.environ_get(&mut mem, 65536, 65536)),
        Errno::SUCCESS
    );
    assert_eq!(&buf[0..8], &[0; 8]);
}

#[test]
fn bad_pointers_trap_and_write_nothing() {
    let mut ctx = ctx();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    // The pointer array runs off the end of memory.
    assert_eq!(
        trap(ctx.args_get(&mut mem, 65536 - 8, 0)),
        Trap::OutOfBounds
    );
    // The string buffer runs off the end.
    assert_eq!(
        trap(ctx.args_get(&mut mem, 0, 65536 - 15)),
        Trap::OutOfBounds
    );
    assert_eq!(
        trap(ctx.args_get(&mut mem, u32::MAX - 3, 0)),
        Trap::OutOfBounds
    );
    assert_eq!(trap(ctx.args_get(&mut mem, 0, u32::MAX)), Trap::OutOfBounds);
    // Misaligned pointer array and out-pointers.
    assert_eq!(trap(ctx.args_get(&mut mem, 2, 100)), Trap::Misaligned);
    assert_eq!(trap(ctx.args_sizes_get(&mut mem, 1, 8)), Trap::Misaligned);
    assert_eq!(
        trap(ctx.args_sizes_get(&mut mem, 8, 65536)),
        Trap::OutOfBounds,
        "2nd pointer"
    );
    assert_eq!(
        trap(ctx.environ_sizes_get(&mut mem, 16, 6)),
        Trap::Misaligned,
        "2nd pointer"
    );
    assert_eq!(
        trap(ctx.environ_sizes_get(&mut mem, 65536, 0)),
        Trap::OutOfBounds
    );
    assert_eq!(trap(ctx.environ_get(&mut mem, 0, 65530)), Trap::OutOfBounds);
    assert!(
        buf.iter().all(|&b| b == 0),
        "a refused call wrote guest memory"
    );
}

#[test]
fn builder_refuses_nul_bytes_and_bad_env_names() {
    let err = WasiCtx::builder().arg("a\0b").build().unwrap_err();
    assert!(err.to_string().contains("NUL"), "{err}");
    let err = WasiCtx::builder().env("K", "v\0").build().unwrap_err();
    assert!(err.to_string().contains("NUL"), "{err}");
    let err = WasiCtx::builder().env("A=B", "c").build().unwrap_err();
    assert!(err.to_string().contains("A=B"), "{err}");
    let err = WasiCtx::builder().env("", "c").build().unwrap_err();
    assert!(err.to_string().contains("empty name"), "{err}");
}
