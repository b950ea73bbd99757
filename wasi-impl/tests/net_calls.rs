//! The `wasix_32v1` socket calls in process, against hostile arguments and the policy:
//! exact errnos and traps, the guest memory they leave, sockets that stay governed after
//! `fd_renumber`, and denied datagrams that never reach guest memory.

mod common;
use common::*;
use std::net::UdpSocket;
use std::time::Duration;
use wasi_abi::wasix::AddrPort;
use wasi_impl::net::{NetPolicy, Rule};
use wasi_impl::{Errno, GuestMemory, Trap, WasiCtx};

fn ctx(rules: &[&str]) -> WasiCtx {
    let policy = rules.iter().fold(NetPolicy::deny_all(), |p, r| {
        p.allow(Rule::parse(r).unwrap())
    });
    WasiCtx::builder().net_policy(policy).build().unwrap()
}

/// Writes the address record for `addr` at `at`.
fn put_addr(mem: &mut [u8], at: usize, addr: &str) {
    let record = AddrPort::from_socket_addr(addr.parse().unwrap());
    mem[at..at + 110].copy_from_slice(bytemuck::bytes_of(&record));
}

fn addr_at(mem: &[u8], at: usize) -> std::net::SocketAddr {
    let record: AddrPort = bytemuck::pod_read_unaligned(&mem[at..at + 110]);
    record.to_socket_addr().unwrap()
}

/// Opens a socket (`af`, `ty`) and answers its fd.
fn open(ctx: &mut WasiCtx, buf: &mut [u8], af: u32, ty: u32) -> u32 {
    let mut mem = GuestMemory::new(buf);
    assert_eq!(errno(ctx.sock_open(&mut mem, af, ty, 0, 0)), Errno::SUCCESS);
    u32_at(buf, 0)
}

#[test]
fn sock_open_refuses_what_the_abi_does_not_define_or_this_host_lacks() {
    let mut c = ctx(&[]);
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    for (af, ty, proto, want) in [
        (0, 1, 0, Errno::AFNOSUPPORT),
        (3, 1, 0, Errno::AFNOSUPPORT),
        (4, 1, 0, Errno::INVAL),
        (u32::MAX, 1, 0, Errno::INVAL),
        (1, 0, 0, Errno::INVAL),
        (1, 3, 0, Errno::NOTSUP),
        (1, 4, 0, Errno::NOTSUP),
        (1, 5, 0, Errno::INVAL),
        (1, 1, 17, Errno::PROTONOSUPPORT),
        (1, 2, 6, Errno::PROTONOSUPPORT),
        (1, 1, 1, Errno::PROTONOSUPPORT),
        (1, 1, 65536, Errno::INVAL),
    ] {
        assert_eq!(
            errno(c.sock_open(&mut mem, af, ty, proto, 0)),
            want,
            "{af} {ty} {proto}"
        );
    }
    assert_eq!(c.open_fds(), 3, "nothing was opened");
    assert_eq!(
        trap(c.sock_open(&mut mem, 1, 1, 0, 65536)),
        Trap::OutOfBounds
    );
    assert_eq!(trap(c.sock_open(&mut mem, 1, 1, 0, 2)), Trap::Misaligned);
    assert_eq!(c.open_fds(), 3, "a trapping call opens nothing");
    assert_eq!(errno(c.sock_open(&mut mem, 2, 2, 17, 0)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 0), 3);
}

#[test]
fn addresses_are_checked_before_the_policy_and_the_policy_before_the_network() {
    let mut c = ctx(&["bind:127.0.0.1:9"]);
    let mut buf = memory();
    let fd = open(&mut c, &mut buf, 1, 1);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(trap(c.sock_bind(&mut mem, fd, 65500)), Trap::OutOfBounds);
    assert_eq!(trap(c.sock_bind(&mut mem, fd, 101)), Trap::Misaligned);
    // Tag 0 (unspec) and 3 (unix) are not supported; 9 is no family.
    for (tag, want) in [
        (0u8, Errno::AFNOSUPPORT),
        (3, Errno::AFNOSUPPORT),
        (9, Errno::INVAL),
    ] {
        buf[200] = tag;
        let mut mem = GuestMemory::new(&mut buf);
        assert_eq!(errno(c.sock_bind(&mut mem, fd, 200)), want, "tag {tag}");
    }
    put_addr(&mut buf, 200, "127.0.0.1:0");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.sock_bind(&mut mem, fd, 200)),
        Errno::ACCES,
        "port 0 is not port 9"
    );
    assert_eq!(errno(c.sock_addr_local(&mut mem, fd, 400)), Errno::SUCCESS);
    assert_eq!(
        addr_at(&buf, 400),
        "0.0.0.0:0".parse().unwrap(),
        "still unbound"
    );
    // Not a socket, not an fd.
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_bind(&mut mem, 0, 200)), Errno::NOTSOCK);
    assert_eq!(errno(c.sock_connect(&mut mem, 77, 200)), Errno::BADF);
    // Listening without a bind would take every address: that needs a bind rule for it.
    assert_eq!(errno(c.sock_listen(&mut mem, fd, 5)), Errno::ACCES);
    let dgram = open(&mut c, &mut buf, 1, 2);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_listen(&mut mem, dgram, 5)), Errno::NOTSUP);
}

#[test]
fn a_renumbered_socket_is_still_under_the_policy() {
    let mut c = ctx(&[]);
    let mut buf = memory();
    let fd = open(&mut c, &mut buf, 1, 1);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.fd_renumber(&mut mem, fd, 0)), Errno::SUCCESS);
    put_addr(&mut buf, 200, "127.0.0.1:1");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_connect(&mut mem, 0, 200)), Errno::ACCES);
    // And its preview1 face: an unconnected stream sends nothing (the host says EPIPE).
    put_u32(&mut buf, 300, 1000);
    put_u32(&mut buf, 304, 4);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_send(&mut mem, 0, 300, 1, 0, 308)), Errno::PIPE);
}

#[test]
fn a_datagram_from_a_denied_peer_never_reaches_guest_memory() {
    let allowed = UdpSocket::bind("127.0.0.1:0").unwrap();
    let denied = UdpSocket::bind("127.0.0.1:0").unwrap();
    let accept = format!(
        "accept/udp:127.0.0.1:{}",
        allowed.local_addr().unwrap().port()
    );
    let mut c = ctx(&["bind:127.0.0.1", &accept]);
    let mut buf = memory();
    let fd = open(&mut c, &mut buf, 1, 2);
    put_addr(&mut buf, 200, "127.0.0.1:0");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_bind(&mut mem, fd, 200)), Errno::SUCCESS);
    assert_eq!(errno(c.sock_addr_local(&mut mem, fd, 400)), Errno::SUCCESS);
    let guest = addr_at(&buf, 400);
    denied.send_to(b"secret", guest).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    allowed.send_to(b"ok", guest).unwrap();
    buf[1000..1016].fill(0xaa);
    put_u32(&mut buf, 300, 1000);
    put_u32(&mut buf, 304, 16);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.sock_recv_from(&mut mem, fd, 300, 1, 0, 308, 312, 600)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 308), 2);
    assert_eq!(&buf[1000..1002], b"ok");
    assert!(
        buf[1002..1016].iter().all(|b| *b == 0xaa),
        "no byte of the denied datagram"
    );
    assert_eq!(addr_at(&buf, 600), allowed.local_addr().unwrap());
    // The preview1 face drops them too.
    denied.send_to(b"secret", guest).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    allowed.send_to(b"k2", guest).unwrap();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.fd_read(&mut mem, fd, 300, 1, 308)), Errno::SUCCESS);
    assert_eq!((&buf[1000..1002], u32_at(&buf, 308)), (&b"k2"[..], 2));
}

#[test]
fn options_take_only_their_own_kind_of_value() {
    let mut c = ctx(&[]);
    let mut buf = memory();
    let fd = open(&mut c, &mut buf, 1, 1);
    let mut mem = GuestMemory::new(&mut buf);
    // 2 is REUSE_ADDR (a flag), 15 RECV_BUF_SIZE (a size), 19 RECV_TIMEOUT (a time).
    assert_eq!(
        errno(c.sock_set_opt_flag(&mut mem, fd, 15, 1)),
        Errno::INVAL
    );
    assert_eq!(errno(c.sock_set_opt_size(&mut mem, fd, 2, 1)), Errno::INVAL);
    assert_eq!(errno(c.sock_set_opt_flag(&mut mem, fd, 2, 2)), Errno::INVAL);
    assert_eq!(
        errno(c.sock_set_opt_flag(&mut mem, fd, 27, 1)),
        Errno::INVAL
    );
    assert_eq!(
        errno(c.sock_set_opt_flag(&mut mem, fd, 10, 1)),
        Errno::INVAL,
        "LISTENING"
    );
    assert_eq!(
        errno(c.sock_set_opt_size(&mut mem, fd, 25, 1)),
        Errno::INVAL,
        "TYPE"
    );
    assert_eq!(
        errno(c.sock_set_opt_size(&mut mem, fd, 15, 1 << 31)),
        Errno::INVAL
    );
    assert_eq!(
        errno(c.sock_set_opt_flag(&mut mem, fd, 9, 1)),
        Errno::NOTSUP,
        "PROMISCUOUS"
    );
    assert_eq!(
        errno(c.sock_set_opt_flag(&mut mem, 0, 2, 1)),
        Errno::NOTSOCK
    );
    // A time record with tag 2 is no option_timestamp; out of bounds traps.
    buf[64] = 2;
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.sock_set_opt_time(&mut mem, fd, 19, 64)),
        Errno::INVAL
    );
    assert_eq!(
        trap(c.sock_set_opt_time(&mut mem, fd, 19, 65528)),
        Trap::OutOfBounds
    );
    assert_eq!(
        trap(c.sock_get_opt_size(&mut mem, fd, 15, 65536)),
        Trap::OutOfBounds
    );
    buf[72] = 9;
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.sock_get_opt_flag(&mut mem, fd, 10, 72)),
        Errno::SUCCESS
    );
    assert_eq!(buf[72], 0, "not listening");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(c.sock_status(&mut mem, fd, 73)), Errno::SUCCESS);
    assert_eq!(buf[73], 0, "OPENING: neither bound nor connected");
}

#[test]
fn resolve_checks_its_name_and_array_without_allocating_for_them() {
    let mut c = ctx(&["resolve:localhost", "connect:127.0.0.1"]);
    let mut buf = memory();
    buf[100..109].copy_from_slice(b"localhost");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 0, 0, 2000, 4, 0)),
        Errno::INVAL,
        "empty"
    );
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 255, 0, 2000, 4, 0)),
        Errno::INVAL,
        "too long"
    );
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 9, 65536, 2000, 4, 0)),
        Errno::INVAL,
        "port"
    );
    assert_eq!(
        trap(c.resolve(&mut mem, 100, 9, 0, 2000, u32::MAX, 0)),
        Trap::OutOfBounds
    );
    assert_eq!(
        trap(c.resolve(&mut mem, 100, 9, 0, 2001, 1, 0)),
        Trap::Misaligned
    );
    assert_eq!(
        trap(c.resolve(&mut mem, 65530, 9, 0, 2000, 1, 0)),
        Trap::OutOfBounds
    );
    buf[100] = 0xff;
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 9, 0, 2000, 4, 0)),
        Errno::ILSEQ
    );
    buf[100] = b'l';
    let mut mem = GuestMemory::new(&mut buf);
    // Room for none: success, none stored.
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 9, 0, 2000, 0, 0)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 0), 0);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(c.resolve(&mut mem, 100, 9, 0, 2000, 4, 0)),
        Errno::SUCCESS
    );
    assert_eq!(u32_at(&buf, 0), 1);
    assert_eq!(&buf[2000..2006], &[1, 0, 127, 0, 0, 1]);
    let mut denied = ctx(&[]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(denied.resolve(&mut mem, 100, 9, 0, 2000, 4, 0)),
        Errno::ACCES
    );
}
