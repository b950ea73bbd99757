//! `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! Preview1 cannot create or connect sockets: a guest gets listening sockets from its host
//! (`--tcplisten`, [`crate::WasiCtxBuilder::tcp_listener`]) and accepts connections on them.
//! Calls on an fd that is not a socket answer `ENOTSOCK` before any rights check.

use crate::backend::Socket;
use crate::fdtable::{Descriptor, FdEntry};
use crate::iov::{IovList, guest_size};
use crate::{Result, WasiCtx, rights};
use wasi_abi::{Errno, Fdflags, Filetype, GuestMemory, Riflags, Rights, Roflags, Sdflags, Siflags};

/// The socket behind `entry`: `ENOTSOCK` for anything else.
pub(crate) fn socket(entry: &mut FdEntry) -> core::result::Result<&mut dyn Socket, Errno> {
    match &mut entry.desc {
        Descriptor::Socket(sock) => Ok(sock.as_mut()),
        Descriptor::File(_) | Descriptor::Dir(_) => Err(Errno::NOTSOCK),
    }
}

/// A connected socket (not a listener): `ENOTCONN` for a listener.
fn connection(entry: &mut FdEntry) -> core::result::Result<&mut dyn Socket, Errno> {
    let sock = socket(entry)?;
    if sock.is_listener() {
        Err(Errno::NOTCONN)
    } else {
        Ok(sock)
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
        let room = self.fds.check_room();
        let entry = self.fds.get_mut(fd)?;
        let inheriting = entry.rights_inheriting;
        let rights_ok = entry.rights_base.contains(Rights::SOCK_ACCEPT);
        let sock = socket(entry)?;
        let flags = Fdflags::decode(flags)?;
        if !flags.difference(Fdflags::NONBLOCK).is_empty() || !sock.is_listener() {
            return Err(Errno::INVAL.into());
        }
        if !rights_ok {
            return Err(Errno::NOTCAPABLE.into());
        }
        mem.array_range::<u32>(fd_out, 1)?;
        room?;
        let conn = sock.accept(flags.contains(Fdflags::NONBLOCK))?;
        let base = rights::CONNECTION & inheriting;
        let new = FdEntry::new(Descriptor::Socket(conn), Filetype::SocketStream, base, base);
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
        let out = (ro_datalen_out, ro_flags_out);
        self.receive(mem, fd, (ri_data, ri_data_len), ri_flags, out, None)
    }

    /// Receives for `sock_recv` and (with `addr_out`) WASIX `sock_recv_from`: the checks in
    /// their order, then one receive, then the out-values.
    pub(crate) fn receive(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        (ri_data, ri_data_len): (u32, u32),
        ri_flags: u32,
        (ro_datalen_out, ro_flags_out): (u32, u32),
        addr_out: Option<u32>,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let can_read = entry.rights_base.contains(Rights::FD_READ);
        let conn = connection(entry)?;
        let flags = Riflags::decode(ri_flags)?;
        if !can_read {
            return Err(Errno::BADF.into());
        }
        let list = IovList::gather(&mut self.iov_scratch, mem, ri_data, ri_data_len)?;
        mem.array_range::<u32>(ro_datalen_out, 1)?;
        mem.array_range::<u16>(ro_flags_out, 1)?;
        let (peek, wait_all) = (
            flags.contains(Riflags::RECV_PEEK),
            flags.contains(Riflags::RECV_WAITALL),
        );
        let (n, truncated, from) = match addr_out {
            Some(at) => {
                crate::net::check_addr_out(mem, at)?;
                let (n, cut, from) =
                    conn.recv_from(mem.as_bytes_mut(), list.ranges(), peek, wait_all)?;
                (n, cut, Some((at, from)))
            }
            None => {
                let (n, cut) = conn.recv(mem.as_bytes_mut(), list.ranges(), peek, wait_all)?;
                (n, cut, None)
            }
        };
        let ro = if truncated {
            Roflags::RECV_DATA_TRUNCATED
        } else {
            Roflags::empty()
        };
        mem.write(ro_datalen_out, guest_size(n))?;
        mem.write(ro_flags_out, ro.bits())?;
        if let Some((at, from)) = from {
            crate::net::write_addr(mem, at, from)?;
        }
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
        self.transmit(
            mem,
            fd,
            (si_data, si_data_len),
            si_flags,
            None,
            so_datalen_out,
        )
    }

    /// Sends for `sock_send` and (with `addr`, the guest address of a destination record)
    /// WASIX `sock_send_to`.
    pub(crate) fn transmit(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        (si_data, si_data_len): (u32, u32),
        si_flags: u32,
        addr: Option<u32>,
        so_datalen_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let can_write = entry.rights_base.contains(Rights::FD_WRITE);
        let conn = match addr {
            Some(_) => socket(entry)?,
            None => connection(entry)?,
        };
        Siflags::decode(si_flags)?;
        if !can_write {
            return Err(Errno::BADF.into());
        }
        let list = IovList::gather(&mut self.iov_scratch, mem, si_data, si_data_len)?;
        mem.array_range::<u32>(so_datalen_out, 1)?;
        let n = match addr {
            Some(at) => {
                let to = crate::net::read_addr(mem, at)?;
                conn.send_to(mem.as_bytes(), list.ranges(), to)?
            }
            None => conn.send(mem.as_bytes(), list.ranges())?,
        };
        mem.write(so_datalen_out, guest_size(n))?;
        Ok(())
    }

    /// `sock_shutdown(fd, how) -> errno`: shuts down receiving (`RD`), sending (`WR`) or
    /// both.
    ///
    /// Errors: `EBADF`; `ENOTSOCK` if `fd` is not a socket (checked first); `EINVAL` for no
    /// or unknown flags; `ENOTCAPABLE` without `SOCK_SHUTDOWN`; `ENOTCONN` if not connected.
    pub fn sock_shutdown(&mut self, _mem: &mut GuestMemory<'_>, fd: u32, how: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let can_shut = entry.rights_base.contains(Rights::SOCK_SHUTDOWN);
        let sock = socket(entry)?;
        let how = Sdflags::decode(how)?;
        let (read, write) = (how.contains(Sdflags::RD), how.contains(Sdflags::WR));
        if !read && !write {
            return Err(Errno::INVAL.into());
        }
        if !can_shut {
            return Err(Errno::NOTCAPABLE.into());
        }
        sock.shutdown(read, write)?;
        Ok(())
    }
}
