//! `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! Preview1 cannot create or connect sockets: a guest gets listening sockets from its host
//! (`--tcplisten`, [`crate::WasiCtxBuilder::tcp_listener`]) and accepts connections on them.
//! Calls on an fd that is not a socket answer `ENOTSOCK` before any rights check.

use crate::fdtable::{Descriptor, FdEntry, Socket};
use crate::iov::{IovList, guest_size};
use crate::{Result, WasiCtx, rights, sys};
use std::os::fd::{AsFd, BorrowedFd};
use wasi_abi::{Errno, Fdflags, Filetype, GuestMemory, Riflags, Rights, Roflags, Sdflags, Siflags};

/// The socket behind `entry`: `ENOTSOCK` for anything else.
fn socket(entry: &FdEntry) -> core::result::Result<&Socket, Errno> {
    match &entry.desc {
        Descriptor::Socket(sock) => Ok(sock),
        Descriptor::Stdin(..)
        | Descriptor::Stdout(..)
        | Descriptor::File(_)
        | Descriptor::Dir(_) => Err(Errno::NOTSOCK),
    }
}

/// A connected socket (not a listener): `ENOTCONN` for a listener.
fn connection(entry: &FdEntry) -> core::result::Result<BorrowedFd<'_>, Errno> {
    let sock = socket(entry)?;
    if sock.listener {
        Err(Errno::NOTCONN)
    } else {
        Ok(sock.fd.as_fd())
    }
}

impl WasiCtx {
    /// `sock_accept(fd, flags) -> fd`: accepts a connection on the listening socket `fd` and
    /// stores the new fd as a `u32` at `fd_out`. `flags` may hold `NONBLOCK` (for the new fd).
    /// Whether the call waits follows the listener's own `NONBLOCK` flag.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTSOCK` if it is not a socket; `EINVAL` if it is
    /// not listening or for a flag other than `NONBLOCK`; `ENOTCAPABLE` without
    /// `SOCK_ACCEPT`; `EAGAIN` if non-blocking and no connection waits. Traps if the
    /// out-pointer is outside memory or misaligned.
    pub fn sock_accept(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        fd_out: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let sock = socket(entry)?;
        let flags = Fdflags::decode(flags)?;
        if !flags.difference(Fdflags::NONBLOCK).is_empty() || !sock.listener {
            return Err(Errno::INVAL.into());
        }
        entry.require(Rights::SOCK_ACCEPT, Errno::NOTCAPABLE)?;
        mem.array_range::<u32>(fd_out, 1)?;
        self.fds.check_room()?;
        let conn = sys::net::accept(sock.fd.as_fd(), flags.contains(Fdflags::NONBLOCK))?;
        let base = rights::CONNECTION & entry.rights_inheriting;
        let new = FdEntry::new(
            Descriptor::Socket(Socket {
                fd: conn,
                listener: false,
            }),
            Filetype::SocketStream,
            base,
            base,
        );
        let new_fd = self.fds.insert(new)?;
        mem.write(fd_out, new_fd)?;
        Ok(())
    }

    /// `sock_recv(fd, ri_data: iovec_array, ri_flags) -> (size, roflags)`: receives into the
    /// buffers the iovecs name, storing the byte count as a `u32` at `ro_datalen_out` and the
    /// `roflags` as a `u16` at `ro_flags_out`. `RECV_PEEK` leaves the data queued;
    /// `RECV_WAITALL` waits until every buffer is full (or the peer shuts down). 0 bytes means
    /// the peer shut down.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `ENOTCONN` on a listener; `EINVAL` for unknown flags;
    /// `EBADF` without `FD_READ`; host errors as mapped (`EAGAIN`, `ECONNRESET`, ...). Traps if
    /// a buffer or out-pointer is outside memory or misaligned.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the preview1 function's"
    )]
    pub fn sock_recv(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        ri_data: u32,
        ri_data_len: u32,
        ri_flags: u32,
        ro_datalen_out: u32,
        ro_flags_out: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let conn = connection(entry)?;
        let flags = Riflags::decode(ri_flags)?;
        entry.require(Rights::FD_READ, Errno::BADF)?;
        let list = IovList::gather(&mut self.iov_scratch, mem, ri_data, ri_data_len)?;
        mem.array_range::<u32>(ro_datalen_out, 1)?;
        mem.array_range::<u16>(ro_flags_out, 1)?;
        let mut host_flags = 0;
        if flags.contains(Riflags::RECV_PEEK) {
            host_flags |= libc::MSG_PEEK;
        }
        if flags.contains(Riflags::RECV_WAITALL) {
            host_flags |= libc::MSG_WAITALL;
        }
        let (n, truncated) = sys::net::recv(conn, mem.as_bytes_mut(), list.ranges(), host_flags)?;
        let ro = if truncated {
            Roflags::RECV_DATA_TRUNCATED
        } else {
            Roflags::empty()
        };
        mem.write(ro_datalen_out, guest_size(n))?;
        mem.write(ro_flags_out, ro.bits())?;
        Ok(())
    }

    /// `sock_send(fd, si_data: ciovec_array, si_flags) -> size`: sends the buffers the
    /// ciovecs name and stores the byte count as a `u32` at `so_datalen_out`. A peer that has
    /// gone is `EPIPE` (never a signal to the host).
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `ENOTCONN` on a listener; `EINVAL` for any `si_flags` bit
    /// (none is defined); `EBADF` without `FD_WRITE`; host errors as mapped. Traps if a buffer
    /// or the out-pointer is outside memory or misaligned.
    pub fn sock_send(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        si_data: u32,
        si_data_len: u32,
        si_flags: u32,
        so_datalen_out: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?;
        let conn = connection(entry)?;
        Siflags::decode(si_flags)?;
        entry.require(Rights::FD_WRITE, Errno::BADF)?;
        let list = IovList::gather(&mut self.iov_scratch, mem, si_data, si_data_len)?;
        mem.array_range::<u32>(so_datalen_out, 1)?;
        let n = sys::net::send(conn, mem.as_bytes(), list.ranges())?;
        mem.write(so_datalen_out, guest_size(n))?;
        Ok(())
    }

    /// `sock_shutdown(fd, how) -> errno`: shuts down receiving (`RD`), sending (`WR`) or
    /// both.
    ///
    /// Errors: `EBADF`; `ENOTSOCK` if `fd` is not a socket (checked first); `EINVAL` for no
    /// or unknown flags; `ENOTCAPABLE` without `SOCK_SHUTDOWN`; `ENOTCONN` if not connected.
    pub fn sock_shutdown(&mut self, _mem: &mut GuestMemory<'_>, fd: u32, how: u32) -> Result {
        let entry = self.fds.get(fd)?;
        let sock = socket(entry)?;
        let how = Sdflags::decode(how)?;
        let host_how = match (how.contains(Sdflags::RD), how.contains(Sdflags::WR)) {
            (true, true) => libc::SHUT_RDWR,
            (true, false) => libc::SHUT_RD,
            (false, true) => libc::SHUT_WR,
            (false, false) => return Err(Errno::INVAL.into()),
        };
        entry.require(Rights::SOCK_SHUTDOWN, Errno::NOTCAPABLE)?;
        sys::net::shutdown(sock.fd.as_fd(), host_how)?;
        Ok(())
    }
}
