//! Laying out `poll_oneoff` subscriptions and decoding its events by hand (48 and 32 bytes),
//! so that the poll tests pin the ABI layout as well as the behaviour.

use super::*;
use std::time::{Duration, Instant};
use wasi_impl::{Errno, GuestMemory, Input, Output, OutputBuffer, WasiCtx};

/// Where the tests put the subscriptions, the events and the event count.
pub const SUBS: u32 = 1024;
pub const EVENTS: u32 = 8192;
pub const NEVENTS: u32 = 16;

pub const CLOCK: u8 = 0;
pub const FD_READ: u8 = 1;
pub const FD_WRITE: u8 = 2;
pub const ABSTIME: u16 = 1;
pub const HANGUP: u16 = 1;

pub const REALTIME: u32 = 0;
pub const MONOTONIC: u32 = 1;

pub const MS: u64 = 1_000_000;

/// A subscription as the guest lays it out.
#[derive(Clone, Copy)]
pub enum Sub {
    /// (userdata, clock id, timeout ns, flags)
    Clock(u64, u32, u64, u16),
    /// (userdata, tag, fd)
    Fd(u64, u8, u32),
    /// (userdata, tag): a tag the ABI does not define.
    Raw(u64, u8),
}

/// A decoded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ev {
    pub userdata: u64,
    pub error: Errno,
    pub kind: u8,
    pub nbytes: u64,
    pub flags: u16,
}

pub fn clock_ev(userdata: u64) -> Ev {
    Ev {
        userdata,
        error: Errno::SUCCESS,
        kind: CLOCK,
        nbytes: 0,
        flags: 0,
    }
}

pub fn fd_ev(userdata: u64, kind: u8, nbytes: u64, flags: u16) -> Ev {
    Ev {
        userdata,
        error: Errno::SUCCESS,
        kind,
        nbytes,
        flags,
    }
}

pub fn failed_ev(userdata: u64, kind: u8, error: Errno) -> Ev {
    Ev {
        userdata,
        error,
        kind,
        nbytes: 0,
        flags: 0,
    }
}

/// Writes `subs` at `at`, each 48-byte record first filled with 0x5A garbage in its padding.
pub fn lay_out(buf: &mut [u8], at: u32, subs: &[Sub]) {
    for (i, sub) in subs.iter().enumerate() {
        let a = at as usize + 48 * i;
        buf[a..a + 48].fill(0x5A);
        let (userdata, tag) = match *sub {
            Sub::Clock(u, id, timeout, flags) => {
                buf[a + 16..a + 20].copy_from_slice(&id.to_le_bytes());
                buf[a + 24..a + 32].copy_from_slice(&timeout.to_le_bytes());
                buf[a + 32..a + 40].copy_from_slice(&0u64.to_le_bytes());
                buf[a + 40..a + 42].copy_from_slice(&flags.to_le_bytes());
                (u, CLOCK)
            }
            Sub::Fd(u, tag, fd) => {
                buf[a + 16..a + 20].copy_from_slice(&fd.to_le_bytes());
                (u, tag)
            }
            Sub::Raw(u, tag) => (u, tag),
        };
        buf[a..a + 8].copy_from_slice(&userdata.to_le_bytes());
        buf[a + 8] = tag;
    }
}

pub fn decode(buf: &[u8], at: usize) -> Ev {
    let e = &buf[at..at + 32];
    assert_eq!(&e[11..16], &[0; 5], "event padding");
    assert_eq!(&e[26..32], &[0; 6], "event padding");
    let error = u16::from_le_bytes([e[8], e[9]]);
    Ev {
        userdata: u64_at(e, 0),
        error: Errno::ALL
            .into_iter()
            .find(|x| x.raw() == error)
            .unwrap_or_else(|| panic!("unknown errno {error}")),
        kind: e[10],
        nbytes: u64_at(e, 16),
        flags: u16::from_le_bytes([e[24], e[25]]),
    }
}

/// Calls poll_oneoff with `subs`; returns the errno and the events written. The event slots
/// past the reported count must be untouched (they are pre-filled with 0xEE).
pub fn poll(ctx: &mut WasiCtx, subs: &[Sub]) -> (Errno, Vec<Ev>) {
    let mut buf = memory();
    lay_out(&mut buf, SUBS, subs);
    let ev_end = EVENTS as usize + 32 * subs.len();
    buf[EVENTS as usize..ev_end].fill(0xEE);
    put_u32(&mut buf, NEVENTS as usize, 0xDEAD_BEEF);
    let mut mem = GuestMemory::new(&mut buf);
    let n = u32::try_from(subs.len()).unwrap();
    let e = errno(ctx.poll_oneoff(&mut mem, SUBS, EVENTS, n, NEVENTS));
    if e != Errno::SUCCESS {
        assert_eq!(
            u32_at(&buf, NEVENTS as usize),
            0xDEAD_BEEF,
            "count on error"
        );
        assert!(buf[EVENTS as usize..ev_end].iter().all(|&b| b == 0xEE));
        return (e, Vec::new());
    }
    let count = u32_at(&buf, NEVENTS as usize) as usize;
    assert!(count >= 1 && count <= subs.len(), "nevents {count}");
    let start = EVENTS as usize + 32 * count;
    assert!(
        buf[start..ev_end].iter().all(|&b| b == 0xEE),
        "past nevents"
    );
    let events = (0..count)
        .map(|i| decode(&buf, EVENTS as usize + 32 * i))
        .collect();
    (e, events)
}

/// Polls and returns the events and the time the call took.
pub fn timed(ctx: &mut WasiCtx, subs: &[Sub]) -> (Vec<Ev>, Duration) {
    let start = Instant::now();
    let (e, events) = poll(ctx, subs);
    let took = start.elapsed();
    assert_eq!(e, Errno::SUCCESS);
    (events, took)
}

pub fn stdio_ctx(stdin: Input) -> (WasiCtx, OutputBuffer) {
    let out = OutputBuffer::new();
    let ctx = WasiCtx::builder()
        .stdin(stdin)
        .stdout(Output::Capture(out.clone()))
        .stderr(Output::Null)
        .build()
        .unwrap();
    (ctx, out)
}

pub fn monotonic_now(ctx: &mut WasiCtx, id: u32) -> u64 {
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.clock_time_get(&mut mem, id, 0, 0)),
        Errno::SUCCESS
    );
    u64_at(&buf, 0)
}

/// Reads `len` bytes from `fd` through one iovec; returns the bytes read.
pub fn fd_read(ctx: &mut WasiCtx, fd: u32, len: u32) -> Vec<u8> {
    let mut buf = memory();
    put_u32(&mut buf, 0, 1000);
    put_u32(&mut buf, 4, len);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_read(&mut mem, fd, 0, 1, 8)), Errno::SUCCESS);
    let n = u32_at(&buf, 8) as usize;
    buf[1000..1000 + n].to_vec()
}
