//! poll_oneoff: clocks, in-memory stdio, regular files, sockets, and the pointer checks.
//!
//! Subscriptions are laid out by hand (48 bytes each) and events decoded by hand (32 bytes
//! each), so the test pins the ABI layout as well as the behaviour.

mod common;
use common::poll_subs::*;
use common::*;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};
use wasi_impl::{Errno, GuestMemory, Input, Resolver, Trap, WasiCtx};

#[test]
fn no_subscriptions_is_einval() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    assert_eq!(poll(&mut ctx, &[]).0, Errno::INVAL);
}

#[test]
fn an_unknown_tag_or_clock_flag_is_einval_without_waiting() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let long = Sub::Clock(1, MONOTONIC, 10_000 * MS, 0);
    for bad in [
        Sub::Raw(7, 3),
        Sub::Raw(7, 0xFF),
        Sub::Clock(7, MONOTONIC, 0, 2),
        Sub::Clock(7, MONOTONIC, 0, 0x8001),
    ] {
        let start = Instant::now();
        assert_eq!(poll(&mut ctx, &[long, bad]).0, Errno::INVAL);
        assert_eq!(poll(&mut ctx, &[bad]).0, Errno::INVAL);
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}

#[test]
fn a_relative_clock_on_each_clock_id_sleeps_at_least_its_timeout() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    for id in 0..4u32 {
        let userdata = 0x1122_3344_5566_7700 | u64::from(id);
        let (events, took) = timed(&mut ctx, &[Sub::Clock(userdata, id, 30 * MS, 0)]);
        assert_eq!(events, vec![clock_ev(userdata)], "clock {id}");
        assert!(took >= Duration::from_millis(30), "clock {id}: {took:?}");
        assert!(took < Duration::from_secs(2), "clock {id}: {took:?}");
    }
}

#[test]
fn a_zero_relative_timeout_fires_at_once() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let (events, took) = timed(&mut ctx, &[Sub::Clock(5, MONOTONIC, 0, 0)]);
    assert_eq!(events, vec![clock_ev(5)]);
    assert!(took < Duration::from_secs(1));
}

#[test]
fn absolute_deadlines() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    // Realtime in the past (a minute ago, and the epoch itself) fires at once.
    let now = monotonic_now(&mut ctx, REALTIME);
    for past in [now - 60_000 * MS, 0] {
        let (events, took) = timed(&mut ctx, &[Sub::Clock(9, REALTIME, past, ABSTIME)]);
        assert_eq!(events, vec![clock_ev(9)]);
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
    // A monotonic deadline 30 ms ahead is waited for.
    let start = Instant::now();
    let deadline = monotonic_now(&mut ctx, MONOTONIC) + 30 * MS;
    let (e, events) = poll(&mut ctx, &[Sub::Clock(10, MONOTONIC, deadline, ABSTIME)]);
    let took = start.elapsed();
    assert_eq!(e, Errno::SUCCESS);
    assert_eq!(events, vec![clock_ev(10)]);
    assert!(took >= Duration::from_millis(30), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(monotonic_now(&mut ctx, MONOTONIC) >= deadline);
    // A realtime deadline 30 ms ahead too.
    let start = Instant::now();
    let deadline = monotonic_now(&mut ctx, REALTIME) + 30 * MS;
    let (events, _) = timed(&mut ctx, &[Sub::Clock(11, REALTIME, deadline, ABSTIME)]);
    assert_eq!(events, vec![clock_ev(11)]);
    assert!(start.elapsed() >= Duration::from_millis(29));
}

#[test]
fn the_nearest_clock_wins_and_expired_clocks_all_report() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let (events, took) = timed(
        &mut ctx,
        &[
            Sub::Clock(1, MONOTONIC, 10_000 * MS, 0),
            Sub::Clock(2, MONOTONIC, 30 * MS, 0),
        ],
    );
    assert_eq!(events, vec![clock_ev(2)]);
    assert!(took >= Duration::from_millis(30) && took < Duration::from_secs(2));
    let (events, _) = timed(
        &mut ctx,
        &[
            Sub::Clock(3, MONOTONIC, 0, 0),
            Sub::Clock(4, REALTIME, 10_000 * MS, 0),
            Sub::Clock(5, MONOTONIC, 0, 0),
        ],
    );
    assert_eq!(events, vec![clock_ev(3), clock_ev(5)]);
}

#[test]
fn an_unknown_clock_id_is_an_einval_event_at_once() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let (events, took) = timed(
        &mut ctx,
        &[
            Sub::Clock(1, MONOTONIC, 10_000 * MS, 0),
            Sub::Clock(2, 7, 10_000 * MS, 0),
            Sub::Clock(3, 4, 0, ABSTIME),
        ],
    );
    assert_eq!(
        events,
        vec![
            failed_ev(2, CLOCK, Errno::INVAL),
            failed_ev(3, CLOCK, Errno::INVAL)
        ]
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
}

#[test]
fn stdin_bytes_are_ready_at_once_with_the_bytes_left() {
    let (mut ctx, _) = stdio_ctx(Input::Bytes(b"hello".to_vec()));
    let clock = Sub::Clock(1, MONOTONIC, 10_000 * MS, 0);
    let (events, took) = timed(&mut ctx, &[clock, Sub::Fd(2, FD_READ, 0)]);
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(events, vec![fd_ev(2, FD_READ, 5, 0)]);
    assert_eq!(fd_read(&mut ctx, 0, 2), b"he");
    // Even next to a clock that would never fire (the longest timeout there is).
    let never = Sub::Clock(1, MONOTONIC, u64::MAX, 0);
    let (events, _) = timed(&mut ctx, &[Sub::Fd(3, FD_READ, 0), never]);
    assert_eq!(events, vec![fd_ev(3, FD_READ, 3, 0)]);
    assert_eq!(fd_read(&mut ctx, 0, 100), b"llo");
    // At end of input: ready, nothing to read, hung up.
    let (events, _) = timed(&mut ctx, &[clock, Sub::Fd(4, FD_READ, 0)]);
    assert_eq!(events, vec![fd_ev(4, FD_READ, 0, HANGUP)]);
}

#[test]
fn null_stdin_is_hung_up_and_captured_stdout_is_writable() {
    let (mut ctx, out) = stdio_ctx(Input::Null);
    let (events, took) = timed(
        &mut ctx,
        &[
            Sub::Fd(1, FD_READ, 0),
            Sub::Clock(2, MONOTONIC, 10_000 * MS, 0),
            Sub::Fd(3, FD_WRITE, 1),
            Sub::Fd(4, FD_WRITE, 2),
        ],
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(
        events,
        vec![
            fd_ev(1, FD_READ, 0, HANGUP),
            fd_ev(3, FD_WRITE, 0, 0),
            fd_ev(4, FD_WRITE, 0, 0)
        ]
    );
    assert!(out.contents().is_empty());
}

#[test]
fn stdio_polled_the_wrong_way_is_a_badf_event() {
    let (mut ctx, _) = stdio_ctx(Input::Bytes(b"x".to_vec()));
    let (events, _) = timed(&mut ctx, &[Sub::Fd(1, FD_WRITE, 0), Sub::Fd(2, FD_READ, 1)]);
    assert_eq!(
        events,
        vec![
            failed_ev(1, FD_WRITE, Errno::BADF),
            failed_ev(2, FD_READ, Errno::BADF)
        ]
    );
    // The same for an empty stdin, and for stdout discarded rather than captured.
    let ctx = WasiCtx::builder()
        .stdin(Input::Null)
        .stdout(wasi_impl::Output::Null)
        .build()
        .unwrap();
    let mut ctx = ctx;
    let (events, _) = timed(&mut ctx, &[Sub::Fd(1, FD_WRITE, 0), Sub::Fd(2, FD_READ, 1)]);
    assert_eq!(
        events,
        vec![
            failed_ev(1, FD_WRITE, Errno::BADF),
            failed_ev(2, FD_READ, Errno::BADF)
        ]
    );
}

#[test]
fn closed_and_never_opened_fds_are_badf_events() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_close(&mut mem, 1)), Errno::SUCCESS);
    let clock = Sub::Clock(9, MONOTONIC, 10_000 * MS, 0);
    let (events, took) = timed(
        &mut ctx,
        &[
            clock,
            Sub::Fd(1, FD_WRITE, 1),
            Sub::Fd(2, FD_READ, 77),
            Sub::Fd(3, FD_WRITE, u32::MAX),
        ],
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(
        events,
        vec![
            failed_ev(1, FD_WRITE, Errno::BADF),
            failed_ev(2, FD_READ, Errno::BADF),
            failed_ev(3, FD_WRITE, Errno::BADF)
        ]
    );
}

/// Opens `path` under the preopen fd 3 with `rights`; returns the new fd.
fn open(ctx: &mut WasiCtx, path: &str, oflags: u32, rights: u64) -> u32 {
    let mut buf = memory();
    buf[100..100 + path.len()].copy_from_slice(path.as_bytes());
    let mut mem = GuestMemory::new(&mut buf);
    let len = path.len() as u32;
    let r = ctx.path_open(&mut mem, 3, 0, 100, len, oflags, rights, rights, 0, 200);
    assert_eq!(errno(r), Errno::SUCCESS, "open {path}");
    u32_at(&buf, 200)
}

/// Removes the directory when dropped, also when the test fails.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn regular_files_are_ready_with_the_bytes_left_and_dirs_cannot_be_polled() {
    use wasi_abi::{Oflags, Rights};
    let dir = Scratch(scratch_dir("poll-file"));
    let dir = &dir.0;
    let data: Vec<u8> = (0..100u8).collect();
    std::fs::write(dir.join("f"), &data).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    for resolver in [Resolver::Walk, Resolver::Openat2] {
        let mut ctx = WasiCtx::builder()
            .preopen_dir(dir, "/")
            .resolver(resolver)
            .stdin(Input::Null)
            .build()
            .unwrap();
        let all = u64::MAX;
        let f = open(&mut ctx, "f", 0, all);
        assert_eq!(fd_read(&mut ctx, f, 30), &data[..30]);
        let clock = Sub::Clock(9, MONOTONIC, 10_000 * MS, 0);
        let (events, took) = timed(
            &mut ctx,
            &[Sub::Fd(1, FD_READ, f), clock, Sub::Fd(2, FD_WRITE, f)],
        );
        assert!(took < Duration::from_secs(1));
        assert_eq!(
            events,
            vec![fd_ev(1, FD_READ, 70, 0), fd_ev(2, FD_WRITE, 0, 0)]
        );
        // At end of file: ready with 0 bytes, and no hangup for a file.
        assert_eq!(fd_read(&mut ctx, f, 1000), &data[30..]);
        let (events, _) = timed(&mut ctx, &[Sub::Fd(3, FD_READ, f)]);
        assert_eq!(events, vec![fd_ev(3, FD_READ, 0, 0)]);
        // Without POLL_FD_READWRITE the subscription fails with ENOTCAPABLE.
        let no_poll = (Rights::FD_READ | Rights::FD_SEEK).bits();
        let g = open(&mut ctx, "f", 0, no_poll);
        // Directories (the preopen, and one opened through it) cannot be polled: EISDIR, the
        // kind of fd being checked before rights (RATIONALE.md).
        let dir_rights =
            (Rights::FD_READDIR | Rights::PATH_OPEN | Rights::POLL_FD_READWRITE).bits();
        let sub = open(&mut ctx, "sub", Oflags::DIRECTORY.bits().into(), dir_rights);
        let (events, _) = timed(
            &mut ctx,
            &[
                Sub::Fd(4, FD_READ, g),
                Sub::Fd(5, FD_READ, 3),
                Sub::Fd(6, FD_WRITE, sub),
            ],
        );
        assert_eq!(
            events,
            vec![
                failed_ev(4, FD_READ, Errno::NOTCAPABLE),
                failed_ev(5, FD_READ, Errno::ISDIR),
                failed_ev(6, FD_WRITE, Errno::ISDIR)
            ],
            "{resolver:?}"
        );
        // A closed file is EBADF.
        let mut buf = memory();
        assert_eq!(
            errno(ctx.fd_close(&mut GuestMemory::new(&mut buf), f)),
            Errno::SUCCESS
        );
        let (events, _) = timed(&mut ctx, &[Sub::Fd(7, FD_READ, f)]);
        assert_eq!(events, vec![failed_ev(7, FD_READ, Errno::BADF)]);
    }
}

#[test]
fn sockets_listener_and_connection_readiness() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut ctx = WasiCtx::builder().tcp_listener(listener).build().unwrap();
    let ctx = &mut ctx;
    let short = Sub::Clock(50, MONOTONIC, 50 * MS, 0);
    let safety = Sub::Clock(99, MONOTONIC, 5_000 * MS, 0);
    // Nobody is connecting: only the clock fires.
    let (events, took) = timed(ctx, &[Sub::Fd(1, FD_READ, 3), short]);
    assert_eq!(events, vec![clock_ev(50)]);
    assert!(took >= Duration::from_millis(50), "{took:?}");
    // A pending connection makes the listener readable (POLLIN); FIONREAD says nothing on a
    // listener, so nbytes is 0.
    let mut client = TcpStream::connect(addr).unwrap();
    let (events, took) = timed(ctx, &[Sub::Fd(2, FD_READ, 3), safety]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(events, vec![fd_ev(2, FD_READ, 0, 0)]);

    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.sock_accept(&mut mem, 3, 0, 0)), Errno::SUCCESS);
    let conn = u32_at(&buf, 0);
    assert_eq!(conn, 4);
    // Connected, nothing sent yet: not readable (only the clock), but writable at once.
    let (events, took) = timed(ctx, &[Sub::Fd(3, FD_READ, conn), short]);
    assert_eq!(events, vec![clock_ev(50)]);
    assert!(took >= Duration::from_millis(50), "{took:?}");
    let (events, took) = timed(ctx, &[safety, Sub::Fd(4, FD_WRITE, conn)]);
    assert_eq!(events, vec![fd_ev(4, FD_WRITE, 0, 0)]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    // The client writes: readable with exactly what it wrote.
    client.write_all(b"hello world").unwrap();
    let (events, took) = timed(ctx, &[Sub::Fd(5, FD_READ, conn), safety]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(events, vec![fd_ev(5, FD_READ, 11, 0)]);
    // Polling consumes nothing.
    let (events, _) = timed(ctx, &[Sub::Fd(6, FD_READ, conn), safety]);
    assert_eq!(events, vec![fd_ev(6, FD_READ, 11, 0)]);
    // Drain it with sock_recv.
    let mut buf = memory();
    put_u32(&mut buf, 0, 1000);
    put_u32(&mut buf, 4, 64);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.sock_recv(&mut mem, conn, 0, 1, 0, 8, 12)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 8), 11);
    assert_eq!(&buf[1000..1011], b"hello world");
    // Once both directions are shut down on our side the kernel reports POLLHUP: readable
    // (end of stream, 0 bytes) with the hangup flag.
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.sock_shutdown(&mut mem, conn, 3)), Errno::SUCCESS);
    let (events, took) = timed(ctx, &[Sub::Fd(7, FD_READ, conn), safety]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(events, vec![fd_ev(7, FD_READ, 0, HANGUP)]);
}

#[test]
fn a_socket_whose_peer_closed_is_readable_with_hangup() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut ctx = WasiCtx::builder().tcp_listener(listener).build().unwrap();
    let client = TcpStream::connect(addr).unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.sock_accept(&mut mem, 3, 0, 0)), Errno::SUCCESS);
    let conn = u32_at(&buf, 0);
    drop(client);
    let safety = Sub::Clock(99, MONOTONIC, 5_000 * MS, 0);
    let (events, took) = timed(&mut ctx, &[Sub::Fd(1, FD_READ, conn), safety]);
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert_eq!(events, vec![fd_ev(1, FD_READ, 0, HANGUP)]);
}

#[test]
fn bad_event_or_subscription_pointers_trap_before_waiting() {
    let (mut ctx, _) = stdio_ctx(Input::Null);
    let mut buf = memory();
    let long = [Sub::Clock(1, MONOTONIC, 10_000 * MS, 0)];
    lay_out(&mut buf, SUBS, &long);
    lay_out(&mut buf, 65536 - 48, &long);
    let start = Instant::now();
    let mut mem = GuestMemory::new(&mut buf);
    let cases = [
        // (subscriptions, events, nsubscriptions, nevents_out, trap)
        (65536 - 40, EVENTS, 1, NEVENTS, Trap::OutOfBounds),
        (65536 - 48, EVENTS, 2, NEVENTS, Trap::OutOfBounds),
        (SUBS, EVENTS, u32::MAX, NEVENTS, Trap::OutOfBounds),
        (SUBS, 65536 - 16, 1, NEVENTS, Trap::OutOfBounds),
        // The events array must hold one event per subscription, even if fewer fire.
        (SUBS, 65536 - 32, 2, NEVENTS, Trap::OutOfBounds),
        (SUBS, EVENTS, 1, 65536, Trap::OutOfBounds),
        (SUBS, EVENTS, 1, u32::MAX - 3, Trap::OutOfBounds),
        (SUBS + 4, EVENTS, 1, NEVENTS, Trap::Misaligned),
        (SUBS, EVENTS + 4, 1, NEVENTS, Trap::Misaligned),
        (SUBS, EVENTS, 1, NEVENTS + 2, Trap::Misaligned),
    ];
    for (subs, events, n, out, want) in cases {
        assert_eq!(
            trap(ctx.poll_oneoff(&mut mem, subs, events, n, out)),
            want,
            "subs {subs} events {events} n {n} out {out}"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    // The last subscription that fits exactly is fine (a zero timeout fires at once).
    lay_out(&mut buf, 65536 - 48, &[Sub::Clock(8, MONOTONIC, 0, 0)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.poll_oneoff(&mut mem, 65536 - 48, 65536 - 96, 1, 65536 - 100)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 65536 - 100), 1);
    assert_eq!(decode(&buf, 65536 - 96), clock_ev(8));
}
