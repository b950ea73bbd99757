//! The host's side of WASIX sockets: [`HostNetwork`] opens TCP and UDP sockets and looks
//! names up; the functions here bind, listen, connect, exchange datagrams with addresses, and
//! read and set options on a [`HostSocket`]. socket2 makes the calls that take no guest
//! buffer; `recvmsg`/`sendmsg` with an address work on the guest's memory in place, as the
//! other socket calls of this backend do.

use super::errno::errno_from_host;
use super::net::HostSocket;
use super::sys::{NO_IOVECS, check_len, guest_iovecs, retry};
use crate::backend::{Network, OptionValue, Result, Socket, SocketKind};
use socket2::{Domain, SockAddr, SockAddrStorage, SockRef, Type};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;
use wasi_abi::Errno;
use wasi_abi::wasix::{SockOption, SockStatus};

/// The host's network: real sockets, and the host's resolver (`getaddrinfo`).
#[derive(Debug, Default, Clone, Copy)]
pub struct HostNetwork;

/// An `io::Error` from socket2 or std as the WASI errno of its OS error (`EIO` without one).
fn errno(e: &std::io::Error) -> Errno {
    e.raw_os_error().map_or(Errno::IO, errno_from_host)
}

impl Network for HostNetwork {
    fn open(&self, v6: bool, kind: SocketKind) -> Result<Box<dyn Socket>> {
        let domain = if v6 { Domain::IPV6 } else { Domain::IPV4 };
        let ty = match kind {
            SocketKind::Stream => Type::STREAM,
            SocketKind::Datagram => Type::DGRAM,
        };
        // socket2 sets close-on-exec.
        let socket = socket2::Socket::new(domain, ty, None).map_err(|e| errno(&e))?;
        Ok(Box::new(HostSocket::new(
            OwnedFd::from(socket),
            kind,
            false,
        )))
    }

    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>> {
        let found = (name, 0u16)
            .to_socket_addrs()
            .map_err(|e| match e.raw_os_error() {
                Some(code) => errno_from_host(code),
                // getaddrinfo's own failures (no such name, no answer) have no errno.
                None => Errno::NOENT,
            })?;
        let mut out: Vec<IpAddr> = Vec::new();
        for addr in found {
            if !out.contains(&addr.ip()) {
                out.push(addr.ip());
            }
        }
        Ok(out)
    }
}

fn sock(s: &HostSocket) -> SockRef<'_> {
    SockRef::from(&s.fd)
}

pub(super) fn bind(s: &mut HostSocket, addr: SocketAddr) -> Result<()> {
    sock(s).bind(&SockAddr::from(addr)).map_err(|e| errno(&e))?;
    if s.kind == SocketKind::Datagram {
        s.status = SockStatus::Opened;
    }
    Ok(())
}

pub(super) fn listen(s: &mut HostSocket, backlog: u32) -> Result<()> {
    let backlog = i32::try_from(backlog).unwrap_or(i32::MAX);
    sock(s).listen(backlog).map_err(|e| errno(&e))?;
    s.listener = true;
    s.status = SockStatus::Opened;
    Ok(())
}

pub(super) fn connect(s: &mut HostSocket, addr: SocketAddr) -> Result<()> {
    match sock(s).connect(&SockAddr::from(addr)) {
        Ok(()) => {
            s.status = SockStatus::Opened;
            Ok(())
        }
        Err(e) => {
            let e = errno(&e);
            s.status = match e {
                Errno::INPROGRESS | Errno::ALREADY | Errno::INTR => SockStatus::Opening,
                _ => SockStatus::Failed,
            };
            Err(e)
        }
    }
}

fn std_addr(addr: &SockAddr) -> Result<SocketAddr> {
    addr.as_socket().ok_or(Errno::AFNOSUPPORT)
}

pub(super) fn local_addr(s: &HostSocket) -> Result<SocketAddr> {
    std_addr(&sock(s).local_addr().map_err(|e| errno(&e))?)
}

pub(super) fn peer_addr(s: &HostSocket) -> Result<SocketAddr> {
    std_addr(&sock(s).peer_addr().map_err(|e| errno(&e))?)
}

/// `recvmsg` into `ranges` of `mem` with the sender's address.
pub(super) fn recv_from(
    fd: BorrowedFd<'_>,
    mem: &mut [u8],
    ranges: &[(usize, usize)],
    flags: libc::c_int,
) -> Result<(usize, bool, SocketAddr)> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_mut_ptr(), mem.len(), ranges, &mut iov)?;
    let mut name = SockAddrStorage::zeroed();
    let name_len = name.size_of();
    // SAFETY: an all-zero msghdr is valid (no name, no control data).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n;
    let len = retry(|| {
        // SockAddrStorage is a transparent sockaddr_storage.
        msg.msg_name = (&raw mut name).cast();
        msg.msg_namelen = name_len;
        // SAFETY: `msg` points at `n` iovecs inside `mem` (checked), exclusively borrowed for
        // the call, and at `name`, a sockaddr_storage of the length given; no control buffer.
        check_len(unsafe { libc::recvmsg(fd.as_raw_fd(), &mut msg, flags) })
    })?;
    // SAFETY: the kernel wrote `msg_namelen` bytes of an address into `name`, a
    // sockaddr_storage, large and aligned enough for any address family.
    let from = unsafe { SockAddr::new(name, msg.msg_namelen) };
    // A connected stream socket reports no address: its peer is the sender.
    let from = match from.as_socket() {
        Some(addr) => addr,
        None => SockRef::from(&fd)
            .peer_addr()
            .ok()
            .and_then(|a| a.as_socket())
            .ok_or(Errno::NOTCONN)?,
    };
    Ok((len, msg.msg_flags & libc::MSG_TRUNC != 0, from))
}

/// `sendmsg` of `ranges` of `mem` to `addr`, with `MSG_NOSIGNAL`.
pub(super) fn send_to(
    fd: BorrowedFd<'_>,
    mem: &[u8],
    ranges: &[(usize, usize)],
    addr: SocketAddr,
) -> Result<usize> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_ptr().cast_mut(), mem.len(), ranges, &mut iov)?;
    let to = SockAddr::from(addr);
    // SAFETY: an all-zero msghdr is valid (no name, no control data).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n;
    msg.msg_name = to.as_ptr().cast_mut().cast();
    msg.msg_namelen = to.len();
    retry(|| {
        // SAFETY: `msg` points at `n` iovecs inside `mem` (checked) and at `to`, alive for
        // the call; sendmsg only reads them.
        check_len(unsafe { libc::sendmsg(fd.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) })
    })
}

fn duration(ns: Option<u64>) -> Option<Duration> {
    ns.map(Duration::from_nanos)
}

fn nanos(d: Option<Duration>) -> Option<u64> {
    d.map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn size(value: u64) -> Result<u32> {
    u32::try_from(value)
        .ok()
        .filter(|v| i32::try_from(*v).is_ok())
        .ok_or(Errno::INVAL)
}

pub(super) fn set_option(s: &mut HostSocket, option: SockOption, value: OptionValue) -> Result<()> {
    let r = sock(s);
    let v6 = matches!(local_family(&r), Some(true));
    let done = match (option, value) {
        (SockOption::ReuseAddr, OptionValue::Flag(on)) => r.set_reuse_address(on),
        (SockOption::ReusePort, OptionValue::Flag(on)) => r.set_reuse_port(on),
        (SockOption::NoDelay, OptionValue::Flag(on)) => r.set_tcp_nodelay(on),
        (SockOption::OnlyV6, OptionValue::Flag(on)) => r.set_only_v6(on),
        (SockOption::Broadcast, OptionValue::Flag(on)) => r.set_broadcast(on),
        (SockOption::KeepAlive, OptionValue::Flag(on)) => r.set_keepalive(on),
        (SockOption::OobInline, OptionValue::Flag(on)) => r.set_out_of_band_inline(on),
        (SockOption::MulticastLoopV4, OptionValue::Flag(on)) => r.set_multicast_loop_v4(on),
        (SockOption::MulticastLoopV6, OptionValue::Flag(on)) => r.set_multicast_loop_v6(on),
        (SockOption::RecvBufSize, OptionValue::Size(n)) => {
            r.set_recv_buffer_size(size(n)? as usize)
        }
        (SockOption::SendBufSize, OptionValue::Size(n)) => {
            r.set_send_buffer_size(size(n)? as usize)
        }
        (SockOption::Ttl, OptionValue::Size(n)) if v6 => r.set_unicast_hops_v6(size(n)?),
        (SockOption::Ttl, OptionValue::Size(n)) => r.set_ttl_v4(size(n)?),
        (SockOption::MulticastTtlV4, OptionValue::Size(n)) => r.set_multicast_ttl_v4(size(n)?),
        (SockOption::Linger, OptionValue::Time(t)) => r.set_linger(duration(t)),
        (SockOption::RecvTimeout, OptionValue::Time(t)) => r.set_read_timeout(duration(t)),
        (SockOption::SendTimeout, OptionValue::Time(t)) => r.set_write_timeout(duration(t)),
        _ => return Err(Errno::NOTSUP),
    };
    done.map_err(|e| errno(&e))
}

/// Whether the socket is IPv6 (`Some(true)`), IPv4, or unknown.
fn local_family(r: &SockRef<'_>) -> Option<bool> {
    r.local_addr().ok().map(|a| a.is_ipv6())
}

pub(super) fn option(s: &HostSocket, option: SockOption) -> Result<OptionValue> {
    let r = sock(s);
    let v6 = matches!(local_family(&r), Some(true));
    let flag = |v: std::io::Result<bool>| v.map(OptionValue::Flag);
    let count = |v: std::io::Result<u32>| v.map(|n| OptionValue::Size(u64::from(n)));
    let got = match option {
        SockOption::ReuseAddr => flag(r.reuse_address()),
        SockOption::ReusePort => flag(r.reuse_port()),
        SockOption::NoDelay => flag(r.tcp_nodelay()),
        SockOption::OnlyV6 => flag(r.only_v6()),
        SockOption::Broadcast => flag(r.broadcast()),
        SockOption::KeepAlive => flag(r.keepalive()),
        SockOption::OobInline => flag(r.out_of_band_inline()),
        SockOption::MulticastLoopV4 => flag(r.multicast_loop_v4()),
        SockOption::MulticastLoopV6 => flag(r.multicast_loop_v6()),
        SockOption::Listening => Ok(OptionValue::Flag(s.listener)),
        SockOption::LastError => r.take_error().map(|e| OptionValue::Flag(e.is_some())),
        SockOption::RecvBufSize => r.recv_buffer_size().map(|n| OptionValue::Size(n as u64)),
        SockOption::SendBufSize => r.send_buffer_size().map(|n| OptionValue::Size(n as u64)),
        SockOption::Ttl if v6 => count(r.unicast_hops_v6()),
        SockOption::Ttl => count(r.ttl_v4()),
        SockOption::MulticastTtlV4 => count(r.multicast_ttl_v4()),
        SockOption::Linger => r.linger().map(|d| OptionValue::Time(nanos(d))),
        SockOption::RecvTimeout => r.read_timeout().map(|d| OptionValue::Time(nanos(d))),
        SockOption::SendTimeout => r.write_timeout().map(|d| OptionValue::Time(nanos(d))),
        SockOption::Type => Ok(OptionValue::Size(match s.kind {
            SocketKind::Stream => 1,
            SocketKind::Datagram => 2,
        })),
        SockOption::Proto => Ok(OptionValue::Size(match s.kind {
            SocketKind::Stream => 6,
            SocketKind::Datagram => 17,
        })),
        _ => return Err(Errno::NOTSUP),
    };
    got.map_err(|e| errno(&e))
}
