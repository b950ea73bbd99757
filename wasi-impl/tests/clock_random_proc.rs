//! clock_*, random_get, proc_exit, sched_yield.

mod common;
use common::*;
use wasi_impl::{Errno, Error, GuestMemory, Output, OutputBuffer, Trap, WasiCtx};

#[test]
fn clock_time_get_on_every_clock() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    for id in 0..4u32 {
        let mut mem = GuestMemory::new(&mut buf);
        assert_eq!(
            errno(ctx.clock_time_get(&mut mem, id, 1, 8 * (id + 1))),
            Errno::SUCCESS
        );
        let mut mem = GuestMemory::new(&mut buf);
        assert_eq!(
            errno(ctx.clock_res_get(&mut mem, id, 64 + 8 * id)),
            Errno::SUCCESS
        );
        let res = u64_at(&buf, 64 + 8 * id as usize);
        assert!(
            res > 0 && res <= 1_000_000_000,
            "clock {id} resolution {res}"
        );
    }
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let realtime = u64_at(&buf, 8);
    assert!(
        before <= realtime && realtime <= after,
        "{before} <= {realtime} <= {after}"
    );
    // Monotonic never goes backwards.
    let mut mem = GuestMemory::new(&mut buf);
    ctx.clock_time_get(&mut mem, 1, 0, 200).unwrap();
    assert!(u64_at(&buf, 200) >= u64_at(&buf, 16));
}

#[test]
fn clock_refusals() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    for bad_id in [4, 5, 0x100, u32::MAX] {
        assert_eq!(
            errno(ctx.clock_time_get(&mut mem, bad_id, 0, 0)),
            Errno::INVAL
        );
        assert_eq!(errno(ctx.clock_res_get(&mut mem, bad_id, 0)), Errno::INVAL);
    }
    assert_eq!(
        trap(ctx.clock_time_get(&mut mem, 0, 0, 4)),
        Trap::Misaligned,
        "misaligned"
    );
    assert_eq!(
        trap(ctx.clock_time_get(&mut mem, 0, 0, 65536 - 4)),
        Trap::Misaligned
    );
    assert_eq!(
        trap(ctx.clock_time_get(&mut mem, 0, 0, 65536)),
        Trap::OutOfBounds
    );
    assert_eq!(
        trap(ctx.clock_res_get(&mut mem, 1, u32::MAX - 7)),
        Trap::OutOfBounds
    );
    assert!(buf.iter().all(|&b| b == 0));
}

#[test]
fn random_get_fills_exactly_the_buffer() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.random_get(&mut mem, 1000, 4096)), Errno::SUCCESS);
    assert!(buf[..1000].iter().all(|&b| b == 0));
    assert!(buf[5096..].iter().all(|&b| b == 0));
    // 4096 random bytes are all zero with probability 2^-32768; and they vary.
    let first = buf[1000..5096].to_vec();
    assert!(first.iter().any(|&b| b != 0));
    let mut mem = GuestMemory::new(&mut buf);
    ctx.random_get(&mut mem, 1000, 4096).unwrap();
    assert_ne!(first, buf[1000..5096].to_vec());
    // The whole memory and an empty buffer at its end are fine.
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.random_get(&mut mem, 0, 65536)), Errno::SUCCESS);
    assert_eq!(errno(ctx.random_get(&mut mem, 65536, 0)), Errno::SUCCESS);
}

#[test]
fn random_get_out_of_bounds_writes_nothing() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(trap(ctx.random_get(&mut mem, 65535, 2)), Trap::OutOfBounds);
    assert_eq!(
        trap(ctx.random_get(&mut mem, 1, u32::MAX)),
        Trap::OutOfBounds
    );
    assert_eq!(
        trap(ctx.random_get(&mut mem, u32::MAX, 1)),
        Trap::OutOfBounds
    );
    assert!(buf.iter().all(|&b| b == 0));
}

#[test]
fn proc_exit_and_sched_yield() {
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(ctx.proc_exit(&mut mem, 7), Err(Error::Exit(7)));
    assert_eq!(
        ctx.proc_exit(&mut mem, u32::MAX),
        Err(Error::Exit(u32::MAX))
    );
    assert_eq!(ctx.sched_yield(&mut mem), Ok(()));
    let mut yielding = WasiCtx::builder().yield_host_thread(true).build().unwrap();
    assert_eq!(yielding.sched_yield(&mut mem), Ok(()));
    assert!(buf_untouched(&mem));
}

/// sched_yield takes no pointer: memory stays all zero.
fn buf_untouched(mem: &GuestMemory<'_>) -> bool {
    mem.as_bytes().iter().all(|&b| b == 0)
}

#[test]
fn builder_settings_survive_the_calls_after_them() {
    // Each builder method keeps what was set before it.
    let out = OutputBuffer::new();
    let mut ctx = WasiCtx::builder()
        .arg("prog")
        .env("K", "V")
        .stdout(Output::Capture(out.clone()))
        .yield_host_thread(true)
        .max_open_fds(64)
        .build()
        .unwrap();
    let mut mem = memory();
    let mut m = GuestMemory::new(&mut mem);
    assert_eq!(errno(ctx.args_sizes_get(&mut m, 0, 4)), Errno::SUCCESS);
    assert_eq!(errno(ctx.environ_sizes_get(&mut m, 8, 12)), Errno::SUCCESS);
    assert_eq!(errno(ctx.sched_yield(&mut m)), Errno::SUCCESS);
    assert_eq!(
        [
            u32_at(&mem, 0),
            u32_at(&mem, 4),
            u32_at(&mem, 8),
            u32_at(&mem, 12)
        ],
        [1, 5, 1, 4]
    );
    assert_eq!(ctx.open_fds(), 3);
}
