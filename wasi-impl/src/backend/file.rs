//! [`Handle`], [`File`] and [`Socket`]: what an open fd refers to.

use super::{Readiness, Result, SetTime, Stat};
use core::fmt::Debug;
use core::net::{IpAddr, SocketAddr};
use wasi_abi::wasix::{SockOption, SockStatus};
use wasi_abi::{Advice, Errno, Fdflags, Filetype, Whence};

/// What every open descriptor can be asked, whatever it is.
pub trait Handle: Send + Debug {
    /// The file's status (`fstat`).
    fn stat(&self) -> Result<Stat>;

    /// Sets its access and modification times.
    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()>;

    /// Its status flags (`APPEND`, `NONBLOCK`, and `DSYNC`/`SYNC` as it was opened).
    fn fdflags(&self) -> Result<Fdflags>;

    /// Sets `APPEND` and `NONBLOCK` as `flags` has them; the core has checked that the
    /// synchronisation flags do not change.
    fn set_fdflags(&self, flags: Fdflags) -> Result<()>;

    /// Writes its data and metadata to storage (`fsync`).
    fn sync(&self) -> Result<()>;

    /// Writes its data to storage (`fdatasync`).
    fn datasync(&self) -> Result<()>;
}

/// An open file that is not a directory: a regular file, a device, a FIFO, a stream.
///
/// Buffers are `(start, len)` ranges of the guest's memory `mem`, checked by the core and
/// possibly overlapping; a backend fills or reads them in order and returns the byte count
/// (a short count is allowed, as in POSIX).
pub trait File: Handle {
    /// What kind of file it is.
    fn filetype(&self) -> Filetype;

    /// Reads at the current offset into the ranges, in order, and moves the offset.
    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize>;

    /// Writes the ranges at the current offset (at the end with `APPEND`) and moves it.
    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize>;

    /// Reads at `offset` without using or moving the current offset (`ESPIPE` on a stream).
    fn pread(&mut self, mem: &mut [u8], ranges: &[(usize, usize)], offset: u64) -> Result<usize>;

    /// Writes at `offset` without using or moving the current offset (`ESPIPE` on a stream).
    fn pwrite(&mut self, mem: &[u8], ranges: &[(usize, usize)], offset: u64) -> Result<usize>;

    /// Moves the offset (`EINVAL` for a result below 0, `ESPIPE` on a stream); the new one.
    fn seek(&mut self, delta: i64, whence: Whence) -> Result<u64>;

    /// Truncates or extends the file to `size` bytes (`EFBIG` past what it can hold).
    fn set_size(&mut self, size: u64) -> Result<()>;

    /// Makes sure `len` bytes at `offset` have storage, extending the file if needed.
    fn allocate(&mut self, offset: u64, len: u64) -> Result<()>;

    /// Passes access-pattern advice on (a backend may ignore it).
    fn advise(&mut self, offset: u64, len: u64, advice: Advice) -> Result<()>;

    /// Whether a read (or, with `write`, a write) would be answered at once.
    fn readiness(&self, write: bool) -> Readiness;
}

/// A socket: one the host gave the guest (a listener, or a connection accepted from one), or
/// one the guest opened itself through WASIX.
pub trait Socket: Handle {
    /// A listener (accepts) rather than a connection (sends and receives).
    fn is_listener(&self) -> bool;

    /// Accepts a connection; waits unless the listener is non-blocking. `nonblock` is the
    /// new connection's own flag.
    fn accept(&mut self, nonblock: bool) -> Result<Box<dyn Socket>>;

    /// Receives into the ranges; `peek` leaves the data queued, `wait_all` waits until every
    /// range is full. Returns the count and whether a datagram was cut short.
    fn recv(
        &mut self,
        mem: &mut [u8],
        ranges: &[(usize, usize)],
        peek: bool,
        wait_all: bool,
    ) -> Result<(usize, bool)>;

    /// Sends the ranges; a peer that has gone is `EPIPE`, never a signal.
    fn send(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize>;

    /// Shuts down receiving, sending, or both.
    fn shutdown(&mut self, read: bool, write: bool) -> Result<()>;

    /// Whether a receive (or, with `write`, a send) would be answered at once.
    fn readiness(&self, write: bool) -> Readiness;

    // What a socket the guest opened itself (WASIX) can do besides. The defaults answer
    // `ENOTSUP`, for backends whose sockets are only ever handed to the guest. The core has
    // checked every address against the network policy before a backend sees it.

    /// Stream (TCP) or datagram (UDP).
    fn kind(&self) -> SocketKind {
        SocketKind::Stream
    }

    /// Binds to a local address.
    fn bind(&mut self, _addr: SocketAddr) -> Result<()> {
        Err(Errno::NOTSUP)
    }

    /// Starts listening; connections queue up to `backlog`.
    fn listen(&mut self, _backlog: u32) -> Result<()> {
        Err(Errno::NOTSUP)
    }

    /// Connects to `addr`; waits unless the socket is non-blocking (then `EINPROGRESS`).
    fn connect(&mut self, _addr: SocketAddr) -> Result<()> {
        Err(Errno::NOTSUP)
    }

    /// The address it is bound to.
    fn local_addr(&self) -> Result<SocketAddr> {
        Err(Errno::NOTSUP)
    }

    /// The address of its peer (`ENOTCONN` if it has none).
    fn peer_addr(&self) -> Result<SocketAddr> {
        Err(Errno::NOTSUP)
    }

    /// As [`recv`](Socket::recv), also answering the sender's address.
    fn recv_from(
        &mut self,
        _mem: &mut [u8],
        _ranges: &[(usize, usize)],
        _peek: bool,
        _wait_all: bool,
    ) -> Result<(usize, bool, SocketAddr)> {
        Err(Errno::NOTSUP)
    }

    /// As [`send`](Socket::send), to `addr` (a datagram socket's destination).
    fn send_to(
        &mut self,
        _mem: &[u8],
        _ranges: &[(usize, usize)],
        _addr: SocketAddr,
    ) -> Result<usize> {
        Err(Errno::NOTSUP)
    }

    /// Sets an option; the core has checked that the value is of the option's kind.
    fn set_option(&mut self, _option: SockOption, _value: OptionValue) -> Result<()> {
        Err(Errno::NOTSUP)
    }

    /// Reads an option.
    fn option(&self, _option: SockOption) -> Result<OptionValue> {
        Err(Errno::NOTSUP)
    }

    /// Where the socket stands: opening, opened (bound, listening or connected), closed
    /// (shut down) or failed.
    fn status(&self) -> SockStatus {
        SockStatus::Opened
    }
}

/// A socket's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketKind {
    /// A byte stream (TCP).
    Stream,
    /// Datagrams (UDP).
    Datagram,
}

/// The value of a socket option, of the kind the option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionValue {
    /// On or off.
    Flag(bool),
    /// A size or a count.
    Size(u64),
    /// A time in nanoseconds, or none.
    Time(Option<u64>),
}

/// The host's network, for sockets a guest opens itself (WASIX `sock_open`) and name
/// lookups. The core checks every address and name against the network policy first.
pub trait Network: Send + Debug {
    /// A new socket of `kind` for IPv6 addresses (`v6`) or IPv4 ones, not yet bound or
    /// connected.
    fn open(&self, v6: bool, kind: SocketKind) -> Result<Box<dyn Socket>>;

    /// The addresses `name` resolves to, in the resolver's order.
    fn resolve(&self, name: &str) -> Result<Vec<IpAddr>>;
}
