//! How `poll_oneoff` waits: for fd subscriptions alone, in the kernel until one is ready; for
//! clocks, asleep until the deadline, never spinning.

mod common;
use common::poll_subs::*;
use common::*;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::time::Duration;
use wasi_impl::{Errno, GuestMemory, WasiCtx};

const THREAD_CPUTIME: u32 = 3;

/// A context whose fd 3 is a loopback listener, a connected client, and the guest's fd 4
/// for the accepted connection.
fn connection() -> (WasiCtx, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut ctx = WasiCtx::builder().tcp_listener(listener).build().unwrap();
    let client = TcpStream::connect(addr).unwrap();
    let mut buf = memory();
    let r = ctx.sock_accept(&mut GuestMemory::new(&mut buf), 3, 0, 0);
    assert_eq!((errno(r), u32_at(&buf, 0)), (Errno::SUCCESS, 4));
    (ctx, client)
}

#[test]
fn fd_subscriptions_alone_wait_until_one_is_ready() {
    let (mut ctx, mut client) = connection();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        client.write_all(b"late").unwrap();
        client
    });
    // No clock: the call may only return when the connection becomes readable.
    let (events, took) = timed(&mut ctx, &[Sub::Fd(7, FD_READ, 4)]);
    let _client = writer.join().unwrap();
    assert_eq!(events, vec![fd_ev(7, FD_READ, 4, 0)]);
    assert!(
        took >= Duration::from_millis(50),
        "returned before the data came: {took:?}"
    );
}

#[test]
fn a_clock_subscription_sleeps_instead_of_spinning() {
    let (mut ctx, _client) = connection();
    for subs in [
        vec![Sub::Clock(1, MONOTONIC, 200 * MS, 0)],
        // With an fd that never becomes ready beside it.
        vec![
            Sub::Fd(2, FD_READ, 4),
            Sub::Clock(1, MONOTONIC, 200 * MS, 0),
        ],
    ] {
        let cpu_before = monotonic_now(&mut ctx, THREAD_CPUTIME);
        let (events, took) = timed(&mut ctx, &subs);
        let cpu = monotonic_now(&mut ctx, THREAD_CPUTIME).saturating_sub(cpu_before);
        assert_eq!(events, vec![clock_ev(1)]);
        assert!(took >= Duration::from_millis(200), "{took:?}");
        // Asleep, the calling thread uses microseconds of CPU; a busy loop would use up to
        // 200 ms (half of that with the other core busy).
        assert!(
            cpu < 20 * MS,
            "{} ms of CPU during a 200 ms sleep",
            cpu / MS
        );
    }
}
