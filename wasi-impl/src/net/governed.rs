//! [`Governed`]: a socket the guest opened, with the network policy between it and the
//! network. Every path to the socket (the WASIX calls, `fd_read`, `fd_write`, `sock_recv`,
//! `sock_accept`, `poll_oneoff`, after any `fd_renumber`) goes through this wrapper, so no
//! call can reach an address the policy has not allowed.

use super::policy::{Direction, NetPolicy, Protocol, destination};
use crate::backend::{Handle, OptionValue, Readiness, Result, SetTime, Socket, SocketKind, Stat};
use core::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use wasi_abi::wasix::{SockOption, SockStatus};
use wasi_abi::{Errno, Fdflags};

/// Where policy decisions are written down for the trace, one call's worth at a time; a
/// context without a tracer keeps none.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes(Option<Arc<Mutex<Vec<String>>>>);

/// The most notes one call keeps (an accept that closes many denied connections).
const MAX_NOTES: usize = 16;

impl Notes {
    /// Notes that are kept (`true`) or dropped at once.
    pub(crate) fn new(kept: bool) -> Notes {
        Notes(kept.then(Arc::default))
    }

    pub(crate) fn push(&self, note: String) {
        if let Some(notes) = &self.0 {
            let mut notes = notes.lock().unwrap_or_else(PoisonError::into_inner);
            match notes.len() {
                n if n < MAX_NOTES => notes.push(note),
                MAX_NOTES => notes.push("(more decisions not shown)".to_owned()),
                _ => {}
            }
        }
    }

    /// The notes since the last call, emptied.
    pub(crate) fn take(&self) -> Vec<String> {
        match &self.0 {
            Some(notes) => {
                core::mem::take(&mut *notes.lock().unwrap_or_else(PoisonError::into_inner))
            }
            None => Vec::new(),
        }
    }
}

/// A socket under the policy.
#[derive(Debug)]
pub(crate) struct Governed {
    inner: Box<dyn Socket>,
    policy: Arc<NetPolicy>,
    notes: Notes,
    /// Whether a datagram socket is connected (the kernel then only delivers its peer's).
    connected: bool,
}

impl Governed {
    pub(crate) fn new(inner: Box<dyn Socket>, policy: Arc<NetPolicy>, notes: Notes) -> Governed {
        Governed {
            inner,
            policy,
            notes,
            connected: false,
        }
    }

    fn protocol(&self) -> Protocol {
        match self.inner.kind() {
            SocketKind::Stream => Protocol::Tcp,
            SocketKind::Datagram => Protocol::Udp,
        }
    }

    /// Checks `direction` with `addr`, notes the verdict, and answers `EACCES` if denied.
    fn check(&self, direction: Direction, addr: SocketAddr) -> Result<()> {
        let verdict = self.policy.check(direction, self.protocol(), addr);
        let what = match direction {
            Direction::Connect => "connect",
            Direction::Bind => "bind",
            Direction::Accept => "accept",
        };
        self.notes.push(format!("{what} {addr}: {verdict}"));
        if verdict.allowed {
            Ok(())
        } else {
            Err(Errno::ACCES)
        }
    }

    /// For an unconnected datagram socket, drops queued datagrams from peers the policy
    /// does not accept, without letting their bytes reach guest memory: each sender is read
    /// with a zero-length peek first. Answers once the next datagram is from an allowed
    /// peer (or the receive fails: nothing queued on a non-blocking socket, ...).
    fn skip_denied(&mut self, mem: &mut [u8]) -> Result<()> {
        if self.inner.kind() != SocketKind::Datagram || self.connected {
            return Ok(());
        }
        loop {
            let (_, _, from) = self.inner.recv_from(mem, &[], true, false)?;
            let verdict = self.policy.check(Direction::Accept, Protocol::Udp, from);
            if verdict.allowed {
                return Ok(());
            }
            self.notes
                .push(format!("dropped a datagram from {from}: {verdict}"));
            self.inner.recv_from(mem, &[], false, false)?;
        }
    }
}

impl Handle for Governed {
    fn stat(&self) -> Result<Stat> {
        self.inner.stat()
    }
    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        self.inner.set_times(atim, mtim)
    }
    fn fdflags(&self) -> Result<Fdflags> {
        self.inner.fdflags()
    }
    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.inner.set_fdflags(flags)
    }
    fn sync(&self) -> Result<()> {
        self.inner.sync()
    }
    fn datasync(&self) -> Result<()> {
        self.inner.datasync()
    }
}

impl Socket for Governed {
    fn is_listener(&self) -> bool {
        self.inner.is_listener()
    }

    /// Accepts the next connection from a peer the policy accepts; connections from other
    /// peers are closed at once (the guest never sees them) and the wait goes on.
    fn accept(&mut self, nonblock: bool) -> Result<Box<dyn Socket>> {
        loop {
            let conn = self.inner.accept(nonblock)?;
            let peer = conn.peer_addr()?;
            let verdict = self.policy.check(Direction::Accept, Protocol::Tcp, peer);
            if verdict.allowed {
                self.notes.push(format!("accept {peer}: {verdict}"));
                let mut conn = Governed::new(conn, Arc::clone(&self.policy), self.notes.clone());
                conn.connected = true;
                return Ok(Box::new(conn));
            }
            self.notes
                .push(format!("closed a connection from {peer}: {verdict}"));
        }
    }

    fn recv(
        &mut self,
        mem: &mut [u8],
        ranges: &[(usize, usize)],
        peek: bool,
        wait_all: bool,
    ) -> Result<(usize, bool)> {
        self.skip_denied(mem)?;
        self.inner.recv(mem, ranges, peek, wait_all)
    }

    fn send(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.inner.send(mem, ranges)
    }

    fn shutdown(&mut self, read: bool, write: bool) -> Result<()> {
        self.inner.shutdown(read, write)
    }

    fn readiness(&self, write: bool) -> Readiness {
        self.inner.readiness(write)
    }

    fn kind(&self) -> SocketKind {
        self.inner.kind()
    }

    fn bind(&mut self, addr: SocketAddr) -> Result<()> {
        self.check(Direction::Bind, addr)?;
        self.inner.bind(addr)
    }

    /// Listens where the socket is bound; a socket never bound would listen on every
    /// address at a port the kernel picks, which is checked as such a bind.
    fn listen(&mut self, backlog: u32) -> Result<()> {
        let local = self.inner.local_addr()?;
        self.check(Direction::Bind, local)?;
        self.inner.listen(backlog)
    }

    fn connect(&mut self, addr: SocketAddr) -> Result<()> {
        let (checked, to) = destination(addr);
        self.check(Direction::Connect, checked)?;
        let done = self.inner.connect(to);
        if matches!(done, Ok(()) | Err(Errno::INPROGRESS)) {
            self.connected = true;
        }
        done
    }

    fn local_addr(&self) -> Result<SocketAddr> {
        self.inner.local_addr()
    }

    fn peer_addr(&self) -> Result<SocketAddr> {
        self.inner.peer_addr()
    }

    fn recv_from(
        &mut self,
        mem: &mut [u8],
        ranges: &[(usize, usize)],
        peek: bool,
        wait_all: bool,
    ) -> Result<(usize, bool, SocketAddr)> {
        self.skip_denied(mem)?;
        self.inner.recv_from(mem, ranges, peek, wait_all)
    }

    fn send_to(
        &mut self,
        mem: &[u8],
        ranges: &[(usize, usize)],
        addr: SocketAddr,
    ) -> Result<usize> {
        let (checked, to) = destination(addr);
        self.check(Direction::Connect, checked)?;
        self.inner.send_to(mem, ranges, to)
    }

    fn set_option(&mut self, option: SockOption, value: OptionValue) -> Result<()> {
        self.inner.set_option(option, value)
    }

    fn option(&self, option: SockOption) -> Result<OptionValue> {
        self.inner.option(option)
    }

    fn status(&self) -> SockStatus {
        self.inner.status()
    }
}
