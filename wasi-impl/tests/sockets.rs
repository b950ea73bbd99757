//! `sock_accept`, `sock_recv`, `sock_send` and `sock_shutdown` on a loopback connection: the
//! bytes and counts in guest memory, the `roflags` word, `RECV_PEEK`, `RECV_WAITALL`, each
//! direction of `sock_shutdown`, and the refusals.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;
use wasi_abi::{Fdflags, Riflags, Rights, Sdflags};
use wasi_impl::{Errno, GuestMemory, WasiCtx};

const OUT: u32 = 64;
const FLAGS: u32 = 72;
const STAT: u32 = 128;
const IOV: u32 = 256;
const BUF: u32 = 1024;

/// A context whose fd 3 is a loopback listener, a client connected to it, and the guest's
/// fd for the accepted connection.
struct Conn {
    ctx: WasiCtx,
    mem: Vec<u8>,
    client: TcpStream,
    fd: u32,
}

impl Conn {
    /// Accepts with `flags` (0 or `NONBLOCK`).
    fn new(flags: Fdflags) -> Conn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut ctx = WasiCtx::builder().tcp_listener(listener).build().unwrap();
        let client = TcpStream::connect(addr).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut mem = memory();
        let r = ctx.sock_accept(
            &mut GuestMemory::new(&mut mem),
            3,
            u32::from(flags.bits()),
            OUT,
        );
        assert_eq!(errno(r), Errno::SUCCESS);
        let fd = u32_at(&mem, OUT as usize);
        assert_eq!(fd, 4);
        Conn {
            ctx,
            mem,
            client,
            fd,
        }
    }

    /// `sock_recv(fd, iovecs of `lens` from BUF, flags)`: the errno, the count, the roflags
    /// (preset to 0xFFFF) and the bytes of each buffer. Checks that the byte after the roflags
    /// word and the bytes after the last buffer are untouched.
    fn recv(&mut self, lens: &[u32], flags: Riflags) -> (Errno, u32, u16, Vec<Vec<u8>>) {
        let mut at = BUF;
        for (i, len) in lens.iter().enumerate() {
            put_u32(&mut self.mem, IOV as usize + 8 * i, at);
            put_u32(&mut self.mem, IOV as usize + 8 * i + 4, *len);
            at += len;
        }
        self.mem[BUF as usize..at as usize + 16].fill(0xEE);
        put_u32(&mut self.mem, OUT as usize, 0xDEAD_BEEF);
        put_u32(&mut self.mem, FLAGS as usize, 0xFFFF_FFFF);
        let r = self.ctx.sock_recv(
            &mut GuestMemory::new(&mut self.mem),
            self.fd,
            IOV,
            lens.len() as u32,
            u32::from(flags.bits()),
            OUT,
            FLAGS,
        );
        assert_eq!(
            &self.mem[FLAGS as usize + 2..][..2],
            &[0xFF, 0xFF],
            "past roflags"
        );
        assert!(
            self.mem[at as usize..][..16].iter().all(|&b| b == 0xEE),
            "written past the buffers"
        );
        let mut bufs = Vec::new();
        let mut at = BUF as usize;
        for len in lens {
            bufs.push(self.mem[at..at + *len as usize].to_vec());
            at += *len as usize;
        }
        let flags = u16::from_le_bytes([self.mem[FLAGS as usize], self.mem[FLAGS as usize + 1]]);
        (errno(r), u32_at(&self.mem, OUT as usize), flags, bufs)
    }

    /// `sock_send(fd, one ciovec of `data`, si_flags)`: the errno and the count.
    fn send(&mut self, data: &[u8], si_flags: u32) -> (Errno, u32) {
        self.mem[BUF as usize..][..data.len()].copy_from_slice(data);
        put_u32(&mut self.mem, IOV as usize, BUF);
        put_u32(&mut self.mem, IOV as usize + 4, data.len() as u32);
        put_u32(&mut self.mem, OUT as usize, 0xDEAD_BEEF);
        let r = self.ctx.sock_send(
            &mut GuestMemory::new(&mut self.mem),
            self.fd,
            IOV,
            1,
            si_flags,
            OUT,
        );
        (errno(r), u32_at(&self.mem, OUT as usize))
    }

    fn shutdown(&mut self, fd: u32, how: u32) -> Errno {
        errno(
            self.ctx
                .sock_shutdown(&mut GuestMemory::new(&mut self.mem), fd, how),
        )
    }

    /// Waits until the client's bytes have reached the guest's socket.
    fn settle(&self) {
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_accepted_connection_is_a_stream_socket_with_connection_rights() {
    let mut c = Conn::new(Fdflags::empty());
    c.mem[STAT as usize..][..24].fill(0xEE);
    let r = c
        .ctx
        .fd_fdstat_get(&mut GuestMemory::new(&mut c.mem), c.fd, STAT);
    assert_eq!(errno(r), Errno::SUCCESS);
    let want = Rights::FD_READ
        | Rights::FD_WRITE
        | Rights::POLL_FD_READWRITE
        | Rights::SOCK_SHUTDOWN
        | Rights::FD_FDSTAT_SET_FLAGS
        | Rights::FD_FILESTAT_GET;
    assert_eq!(c.mem[STAT as usize], 6, "SOCKET_STREAM");
    assert_eq!(u64_at(&c.mem, STAT as usize + 8), want.bits());
    assert_eq!(u64_at(&c.mem, STAT as usize + 16), want.bits());
    assert_eq!(c.ctx.open_fds(), 5);
}

#[test]
fn recv_fills_the_buffers_in_order_and_clears_roflags() {
    let mut c = Conn::new(Fdflags::empty());
    c.client.write_all(b"hello world").unwrap();
    c.settle();
    let (e, n, flags, bufs) = c.recv(&[5, 3], Riflags::empty());
    assert_eq!((e, n, flags), (Errno::SUCCESS, 8, 0));
    assert_eq!(bufs, [b"hello".to_vec(), b" wo".to_vec()]);
    // The rest is still queued.
    let (e, n, flags, bufs) = c.recv(&[16], Riflags::empty());
    assert_eq!((e, n, flags), (Errno::SUCCESS, 3, 0));
    assert_eq!(&bufs[0][..3], b"rld");
    assert!(
        bufs[0][3..].iter().all(|&b| b == 0xEE),
        "written past the count"
    );
}

#[test]
fn recv_peek_leaves_the_data_queued() {
    let mut c = Conn::new(Fdflags::empty());
    c.client.write_all(b"peekaboo").unwrap();
    c.settle();
    let (e, n, flags, bufs) = c.recv(&[4], Riflags::RECV_PEEK);
    assert_eq!(
        (e, n, flags, bufs),
        (Errno::SUCCESS, 4, 0, vec![b"peek".to_vec()])
    );
    let (e, n, _, bufs) = c.recv(&[8], Riflags::empty());
    assert_eq!(
        (e, n, bufs),
        (Errno::SUCCESS, 8, vec![b"peekaboo".to_vec()])
    );
}

#[test]
fn recv_waitall_waits_until_every_buffer_is_full() {
    let mut c = Conn::new(Fdflags::empty());
    let mut client = c.client.try_clone().unwrap();
    client.write_all(b"ab").unwrap();
    let late = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        client.write_all(b"cdef").unwrap();
    });
    c.settle();
    let (e, n, flags, bufs) = c.recv(&[3, 3], Riflags::RECV_WAITALL);
    late.join().unwrap();
    assert_eq!((e, n, flags), (Errno::SUCCESS, 6, 0));
    assert_eq!(bufs, [b"abc".to_vec(), b"def".to_vec()]);
}

#[test]
fn without_waitall_recv_returns_what_has_arrived() {
    let mut c = Conn::new(Fdflags::empty());
    c.client.write_all(b"ab").unwrap();
    c.settle();
    let (e, n, _, bufs) = c.recv(&[3, 3], Riflags::empty());
    assert_eq!((e, n), (Errno::SUCCESS, 2));
    assert_eq!(&bufs[0][..2], b"ab");
}

#[test]
fn send_writes_the_bytes_and_their_count() {
    let mut c = Conn::new(Fdflags::empty());
    assert_eq!(c.send(b"to the peer", 0), (Errno::SUCCESS, 11));
    let mut got = [0u8; 11];
    c.client.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"to the peer");
}

#[test]
fn shutdown_rd_ends_receiving_and_keeps_sending() {
    // Non-blocking, so that a receive that is not at end of stream answers EAGAIN at once.
    let mut c = Conn::new(Fdflags::NONBLOCK);
    let (e, ..) = c.recv(&[4], Riflags::empty());
    assert_eq!(e, Errno::AGAIN, "nothing sent yet");
    assert_eq!(c.shutdown(c.fd, Sdflags::RD.bits().into()), Errno::SUCCESS);
    let (e, n, flags, _) = c.recv(&[4], Riflags::empty());
    assert_eq!((e, n, flags), (Errno::SUCCESS, 0, 0), "end of stream");
    assert_eq!(c.send(b"still", 0), (Errno::SUCCESS, 5));
    let mut got = [0u8; 5];
    c.client.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"still");
}

#[test]
fn shutdown_wr_ends_sending_and_keeps_receiving() {
    let mut c = Conn::new(Fdflags::empty());
    assert_eq!(c.shutdown(c.fd, Sdflags::WR.bits().into()), Errno::SUCCESS);
    let mut rest = Vec::new();
    c.client.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the peer sees end of stream");
    assert_eq!(c.send(b"late", 0).0, Errno::PIPE);
    c.client.write_all(b"in").unwrap();
    c.settle();
    let (e, n, _, bufs) = c.recv(&[2], Riflags::empty());
    assert_eq!((e, n, bufs), (Errno::SUCCESS, 2, vec![b"in".to_vec()]));
}

#[test]
fn shutdown_both_ends_both_directions() {
    let mut c = Conn::new(Fdflags::NONBLOCK);
    let both = (Sdflags::RD | Sdflags::WR).bits().into();
    assert_eq!(c.shutdown(c.fd, both), Errno::SUCCESS);
    let (e, n, ..) = c.recv(&[4], Riflags::empty());
    assert_eq!((e, n), (Errno::SUCCESS, 0));
    assert_eq!(c.send(b"x", 0).0, Errno::PIPE);
    let mut rest = Vec::new();
    c.client.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty());
}

#[test]
fn refusals() {
    let mut c = Conn::new(Fdflags::empty());
    // Flags: unknown recv flags, any send flag, no or unknown shutdown flags.
    let (e, n, flags, _) = c.recv(&[4], Riflags::from_bits_retain(4));
    assert_eq!(
        (e, n, flags),
        (Errno::INVAL, 0xDEAD_BEEF, 0xFFFF),
        "nothing written"
    );
    assert_eq!(c.send(b"x", 1), (Errno::INVAL, 0xDEAD_BEEF));
    assert_eq!(c.shutdown(c.fd, 0), Errno::INVAL);
    assert_eq!(c.shutdown(c.fd, 4), Errno::INVAL);
    // The listener is not a connection.
    let fd = c.fd;
    c.fd = 3;
    assert_eq!(c.recv(&[4], Riflags::empty()).0, Errno::NOTCONN);
    assert_eq!(c.send(b"x", 0).0, Errno::NOTCONN);
    // A listener has no SOCK_SHUTDOWN right.
    assert_eq!(c.shutdown(3, Sdflags::RD.bits().into()), Errno::NOTCAPABLE);
    // Not a socket, not open.
    c.fd = 1;
    assert_eq!(c.recv(&[4], Riflags::empty()).0, Errno::NOTSOCK);
    assert_eq!(c.send(b"x", 0).0, Errno::NOTSOCK);
    assert_eq!(c.shutdown(1, Sdflags::RD.bits().into()), Errno::NOTSOCK);
    c.fd = 9;
    assert_eq!(c.recv(&[4], Riflags::empty()).0, Errno::BADF);
    assert_eq!(c.shutdown(9, Sdflags::RD.bits().into()), Errno::BADF);
    // Without the rights: receiving and sending are EBADF, shutting down ENOTCAPABLE.
    c.fd = fd;
    let keep = Rights::POLL_FD_READWRITE.bits();
    let r = c
        .ctx
        .fd_fdstat_set_rights(&mut GuestMemory::new(&mut c.mem), fd, keep, 0);
    assert_eq!(errno(r), Errno::SUCCESS);
    assert_eq!(c.recv(&[4], Riflags::empty()).0, Errno::BADF);
    assert_eq!(c.send(b"x", 0).0, Errno::BADF);
    assert_eq!(c.shutdown(fd, Sdflags::RD.bits().into()), Errno::NOTCAPABLE);
}

#[test]
fn accept_refusals() {
    let mut c = Conn::new(Fdflags::empty());
    let accept = |c: &mut Conn, fd, flags| {
        put_u32(&mut c.mem, OUT as usize, 0xDEAD);
        let r = c
            .ctx
            .sock_accept(&mut GuestMemory::new(&mut c.mem), fd, flags, OUT);
        (errno(r), u32_at(&c.mem, OUT as usize))
    };
    let nonblock = u32::from(Fdflags::NONBLOCK.bits());
    // No connection waits: on a non-blocking listener, accept answers at once (the flag
    // argument is for the new fd, not for the wait).
    assert_eq!(
        errno(
            c.ctx
                .fd_fdstat_set_flags(&mut GuestMemory::new(&mut c.mem), 3, nonblock)
        ),
        Errno::SUCCESS
    );
    assert_eq!(accept(&mut c, 3, 0), (Errno::AGAIN, 0xDEAD));
    assert_eq!(
        accept(&mut c, 3, u32::from(Fdflags::APPEND.bits())),
        (Errno::INVAL, 0xDEAD)
    );
    assert_eq!(
        accept(&mut c, 4, 0),
        (Errno::INVAL, 0xDEAD),
        "not a listener"
    );
    assert_eq!(accept(&mut c, 1, 0), (Errno::NOTSOCK, 0xDEAD));
    assert_eq!(accept(&mut c, 9, 0), (Errno::BADF, 0xDEAD));
    let r = c
        .ctx
        .fd_fdstat_set_rights(&mut GuestMemory::new(&mut c.mem), 3, 0, 0);
    assert_eq!(errno(r), Errno::SUCCESS);
    assert_eq!(accept(&mut c, 3, nonblock), (Errno::NOTCAPABLE, 0xDEAD));
    assert_eq!(c.ctx.open_fds(), 5);
}

#[test]
fn an_accepted_connection_gets_no_more_than_the_listeners_inheriting_rights() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut ctx = WasiCtx::builder().tcp_listener(listener).build().unwrap();
    let mut mem = memory();
    // Keep the listener's base rights; inheriting: reading and shutting down only.
    let r = ctx.fd_fdstat_get(&mut GuestMemory::new(&mut mem), 3, STAT);
    assert_eq!(errno(r), Errno::SUCCESS);
    let base = u64_at(&mem, STAT as usize + 8);
    let inheriting = (Rights::FD_READ | Rights::SOCK_SHUTDOWN).bits();
    let r = ctx.fd_fdstat_set_rights(&mut GuestMemory::new(&mut mem), 3, base, inheriting);
    assert_eq!(errno(r), Errno::SUCCESS);
    let client = TcpStream::connect(addr).unwrap();
    let r = ctx.sock_accept(&mut GuestMemory::new(&mut mem), 3, 0, OUT);
    assert_eq!(errno(r), Errno::SUCCESS);
    let fd = u32_at(&mem, OUT as usize);
    let r = ctx.fd_fdstat_get(&mut GuestMemory::new(&mut mem), fd, STAT);
    assert_eq!(errno(r), Errno::SUCCESS);
    assert_eq!(u64_at(&mem, STAT as usize + 8), inheriting, "base");
    assert_eq!(u64_at(&mem, STAT as usize + 16), inheriting, "inheriting");
    let mut c = Conn {
        ctx,
        mem,
        client,
        fd,
    };
    assert_eq!(c.send(b"x", 0).0, Errno::BADF, "no FD_WRITE");
}

#[test]
fn fd_read_and_fd_write_work_on_a_connection_not_on_the_listener() {
    let mut c = Conn::new(Fdflags::empty());
    // fd_write: the peer receives exactly the bytes.
    c.mem[BUF as usize..][..5].copy_from_slice(b"write");
    put_u32(&mut c.mem, IOV as usize, BUF);
    put_u32(&mut c.mem, IOV as usize + 4, 5);
    let r = c
        .ctx
        .fd_write(&mut GuestMemory::new(&mut c.mem), c.fd, IOV, 1, OUT);
    assert_eq!(
        (errno(r), u32_at(&c.mem, OUT as usize)),
        (Errno::SUCCESS, 5)
    );
    let mut got = [0u8; 5];
    c.client.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"write");
    // fd_read: what the peer sent.
    c.client.write_all(b"read").unwrap();
    c.settle();
    put_u32(&mut c.mem, IOV as usize + 4, 16);
    let r = c
        .ctx
        .fd_read(&mut GuestMemory::new(&mut c.mem), c.fd, IOV, 1, OUT);
    assert_eq!(
        (errno(r), u32_at(&c.mem, OUT as usize)),
        (Errno::SUCCESS, 4)
    );
    assert_eq!(&c.mem[BUF as usize..][..4], b"read");
    // The listener can do neither.
    let r = c
        .ctx
        .fd_write(&mut GuestMemory::new(&mut c.mem), 3, IOV, 1, OUT);
    assert_eq!(errno(r), Errno::BADF);
    let r = c
        .ctx
        .fd_read(&mut GuestMemory::new(&mut c.mem), 3, IOV, 1, OUT);
    assert_eq!(errno(r), Errno::BADF);
}
