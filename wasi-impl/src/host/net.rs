//! [`HostSocket`], and the socket and readiness calls beneath it: accept, send, receive,
//! shut down, poll.

use super::file::poll_token;
use super::fs::{self, to_stat, utime_pair};
use super::sys::{self, NO_IOVECS, check_len, guest_iovecs, last_errno, retry};
use crate::backend::{Handle, OptionValue, Readiness, Result, SetTime, Socket, SocketKind, Stat};
use std::net::SocketAddr;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use wasi_abi::wasix::{SockOption, SockStatus};
use wasi_abi::{Errno, Fdflags};

/// A host socket: a TCP listener the host handed the guest (`--tcplisten`), a connection
/// accepted from one, or a TCP or UDP socket the guest opened through WASIX.
#[derive(Debug)]
pub struct HostSocket {
    pub(super) fd: OwnedFd,
    pub(super) listener: bool,
    pub(super) kind: SocketKind,
    pub(super) status: SockStatus,
}

impl From<std::net::TcpListener> for HostSocket {
    fn from(listener: std::net::TcpListener) -> HostSocket {
        HostSocket::new(OwnedFd::from(listener), SocketKind::Stream, true)
    }
}

impl HostSocket {
    /// A socket over `fd`.
    pub(super) fn new(fd: OwnedFd, kind: SocketKind, listener: bool) -> HostSocket {
        let status = if listener {
            SockStatus::Opened
        } else {
            SockStatus::Opening
        };
        HostSocket {
            fd,
            listener,
            kind,
            status,
        }
    }
}

impl Handle for HostSocket {
    fn stat(&self) -> Result<Stat> {
        fs::fstat(self.fd.as_fd()).map(|st| to_stat(&st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        fs::futimens(self.fd.as_fd(), &utime_pair(atim, mtim))
    }

    fn fdflags(&self) -> Result<Fdflags> {
        sys::fdflags(self.fd.as_fd())
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        fs::set_append_nonblock(self.fd.as_fd(), flags)
    }

    fn sync(&self) -> Result<()> {
        fs::fsync(self.fd.as_fd())
    }

    fn datasync(&self) -> Result<()> {
        fs::fdatasync(self.fd.as_fd())
    }
}

impl Socket for HostSocket {
    fn is_listener(&self) -> bool {
        self.listener
    }

    fn accept(&mut self, nonblock: bool) -> Result<Box<dyn Socket>> {
        let fd = accept(self.fd.as_fd(), nonblock)?;
        let mut conn = HostSocket::new(fd, SocketKind::Stream, false);
        conn.status = SockStatus::Opened;
        Ok(Box::new(conn))
    }

    fn recv(
        &mut self,
        mem: &mut [u8],
        ranges: &[(usize, usize)],
        peek: bool,
        wait_all: bool,
    ) -> Result<(usize, bool)> {
        let mut flags = 0;
        if peek {
            flags |= libc::MSG_PEEK;
        }
        if wait_all {
            flags |= libc::MSG_WAITALL;
        }
        recv(self.fd.as_fd(), mem, ranges, flags)
    }

    fn send(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        send(self.fd.as_fd(), mem, ranges)
    }

    fn shutdown(&mut self, read: bool, write: bool) -> Result<()> {
        let how = match (read, write) {
            (true, true) => libc::SHUT_RDWR,
            (true, false) => libc::SHUT_RD,
            (false, true) => libc::SHUT_WR,
            (false, false) => return Err(Errno::INVAL),
        };
        shutdown(self.fd.as_fd(), how)?;
        self.status = SockStatus::Closed;
        Ok(())
    }

    fn readiness(&self, _write: bool) -> Readiness {
        Readiness::Wait(poll_token(self.fd.as_fd()))
    }

    fn kind(&self) -> SocketKind {
        self.kind
    }

    fn bind(&mut self, addr: SocketAddr) -> Result<()> {
        super::socket::bind(self, addr)
    }

    fn listen(&mut self, backlog: u32) -> Result<()> {
        super::socket::listen(self, backlog)
    }

    fn connect(&mut self, addr: SocketAddr) -> Result<()> {
        super::socket::connect(self, addr)
    }

    fn local_addr(&self) -> Result<SocketAddr> {
        super::socket::local_addr(self)
    }

    fn peer_addr(&self) -> Result<SocketAddr> {
        super::socket::peer_addr(self)
    }

    fn recv_from(
        &mut self,
        mem: &mut [u8],
        ranges: &[(usize, usize)],
        peek: bool,
        wait_all: bool,
    ) -> Result<(usize, bool, SocketAddr)> {
        let mut flags = 0;
        if peek {
            flags |= libc::MSG_PEEK;
        }
        if wait_all {
            flags |= libc::MSG_WAITALL;
        }
        super::socket::recv_from(self.fd.as_fd(), mem, ranges, flags)
    }

    fn send_to(
        &mut self,
        mem: &[u8],
        ranges: &[(usize, usize)],
        addr: SocketAddr,
    ) -> Result<usize> {
        super::socket::send_to(self.fd.as_fd(), mem, ranges, addr)
    }

    fn set_option(&mut self, option: SockOption, value: OptionValue) -> Result<()> {
        super::socket::set_option(self, option, value)
    }

    fn option(&self, option: SockOption) -> Result<OptionValue> {
        super::socket::option(self, option)
    }

    fn status(&self) -> SockStatus {
        self.status
    }
}

/// `accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK?)`.
pub(crate) fn accept(fd: BorrowedFd<'_>, nonblock: bool) -> Result<OwnedFd> {
    let flags = libc::SOCK_CLOEXEC | if nonblock { libc::SOCK_NONBLOCK } else { 0 };
    retry(|| {
        // SAFETY: null address and length pointers are allowed: the peer address is not wanted.
        let ret = unsafe {
            libc::accept4(
                fd.as_raw_fd(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                flags,
            )
        };
        if ret < 0 {
            return Err(last_errno());
        }
        // SAFETY: the kernel just returned this fd; nothing else owns it.
        Ok(unsafe { OwnedFd::from_raw_fd(ret) })
    })
}

/// `recvmsg` into `ranges` of `mem`; returns the byte count and whether the message was cut
/// (`MSG_TRUNC`, datagram sockets only).
pub(crate) fn recv(
    fd: BorrowedFd<'_>,
    mem: &mut [u8],
    ranges: &[(usize, usize)],
    flags: libc::c_int,
) -> Result<(usize, bool)> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_mut_ptr(), mem.len(), ranges, &mut iov)?;
    // SAFETY: an all-zero msghdr is valid (no name, no control data).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n;
    let len = retry(|| {
        // SAFETY: `msg` points at `n` iovecs inside `mem` (checked), exclusively borrowed for
        // the call; no name or control buffer is given.
        check_len(unsafe { libc::recvmsg(fd.as_raw_fd(), &mut msg, flags) })
    })?;
    Ok((len, msg.msg_flags & libc::MSG_TRUNC != 0))
}

/// `sendmsg` of `ranges` of `mem` with `MSG_NOSIGNAL`, so a closed peer is `EPIPE` rather
/// than a `SIGPIPE` that would kill the host.
pub(crate) fn send(fd: BorrowedFd<'_>, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_ptr().cast_mut(), mem.len(), ranges, &mut iov)?;
    // SAFETY: an all-zero msghdr is valid (no name, no control data).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n;
    retry(|| {
        // SAFETY: `msg` points at `n` iovecs inside `mem` (checked), borrowed for the call;
        // sendmsg only reads them.
        check_len(unsafe { libc::sendmsg(fd.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) })
    })
}

/// `shutdown(fd, how)`.
pub(crate) fn shutdown(fd: BorrowedFd<'_>, how: libc::c_int) -> Result<()> {
    // SAFETY: plain integer arguments.
    if unsafe { libc::shutdown(fd.as_raw_fd(), how) } == 0 {
        Ok(())
    } else {
        Err(last_errno())
    }
}

/// `ppoll(fds, timeout)`; `None` waits forever. Returns how many fds are ready; `EINTR` is
/// reported as zero ready fds, so the caller re-checks its clocks and waits again.
pub(crate) fn poll(fds: &mut [libc::pollfd], timeout_ns: Option<u64>) -> Result<usize> {
    let ts = timeout_ns.map(|ns| libc::timespec {
        tv_sec: libc::time_t::try_from(ns / 1_000_000_000).unwrap_or(libc::time_t::MAX),
        tv_nsec: libc::c_long::try_from(ns % 1_000_000_000).unwrap_or(0),
    });
    let ts_ptr = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    let nfds = libc::nfds_t::try_from(fds.len()).map_err(|_| Errno::INVAL)?;
    // SAFETY: `fds` is a valid, writable array of `nfds` pollfds; `ts_ptr` is null or points
    // at a timespec alive for the call; no signal mask is given.
    let ret = unsafe { libc::ppoll(fds.as_mut_ptr(), nfds, ts_ptr, std::ptr::null()) };
    match usize::try_from(ret) {
        Ok(n) => Ok(n),
        Err(_) => match last_errno() {
            Errno::INTR => Ok(0),
            e => Err(e),
        },
    }
}

/// Bytes ready to read on fd number `fd` (`ioctl(FIONREAD)`); 0 if the fd does not say.
/// Takes a raw number because it is asked right after `poll` reported that very fd.
pub(crate) fn bytes_readable_raw(fd: std::os::fd::RawFd) -> u64 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer, which is valid for the call; a
    // stale fd number makes the call fail, which is reported as 0.
    let ret = unsafe { libc::ioctl(fd, libc::FIONREAD, &mut n) };
    if ret == 0 {
        u64::try_from(n).unwrap_or(0)
    } else {
        0
    }
}
