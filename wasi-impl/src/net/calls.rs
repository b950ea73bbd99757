//! The `wasix_32v1` socket functions, one method each on [`WasiCtx`].

use super::Governed;
use super::policy::canonical;
use crate::backend::{OptionValue, SocketKind};
use crate::fdtable::{Descriptor, FdEntry};
use crate::sock::socket;
use crate::{Result, WasiCtx, rights};
use core::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use wasi_abi::wasix::{
    AddrIp, AddrPort, AddressFamily, OptionTimestamp, SockOption, SockProto, SockType,
};
use wasi_abi::{Errno, Filetype, GuestMemory, Rights};

/// The longest host name `resolve` takes (253 bytes, and a trailing dot).
const MAX_HOST_NAME: u32 = 254;

/// What kind of value each option takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OptKind {
    Flag,
    Size,
    Time,
}

fn kind_of(option: SockOption) -> OptKind {
    match option {
        SockOption::RecvBufSize
        | SockOption::SendBufSize
        | SockOption::RecvLowat
        | SockOption::SendLowat
        | SockOption::Ttl
        | SockOption::MulticastTtlV4
        | SockOption::Type
        | SockOption::Proto => OptKind::Size,
        SockOption::Linger
        | SockOption::RecvTimeout
        | SockOption::SendTimeout
        | SockOption::ConnectTimeout
        | SockOption::AcceptTimeout => OptKind::Time,
        SockOption::Noop
        | SockOption::ReusePort
        | SockOption::ReuseAddr
        | SockOption::NoDelay
        | SockOption::DontRoute
        | SockOption::OnlyV6
        | SockOption::Broadcast
        | SockOption::MulticastLoopV4
        | SockOption::MulticastLoopV6
        | SockOption::Promiscuous
        | SockOption::Listening
        | SockOption::LastError
        | SockOption::KeepAlive
        | SockOption::OobInline => OptKind::Flag,
    }
}

/// The option `raw` names, if it takes values of `kind`: `EINVAL` otherwise.
fn option_of(raw: u32, kind: OptKind) -> core::result::Result<SockOption, Errno> {
    let option = SockOption::decode(raw)?;
    if kind_of(option) == kind {
        Ok(option)
    } else {
        Err(Errno::INVAL)
    }
}

/// Reads the address record at `ptr` (a trap if it is outside memory or misaligned).
pub(crate) fn read_addr(mem: &GuestMemory<'_>, ptr: u32) -> Result<SocketAddr> {
    let record: AddrPort = mem.read(ptr)?;
    Ok(record.to_socket_addr()?)
}

/// Checks that an address record fits at `ptr` before anything happens.
pub(crate) fn check_addr_out(mem: &GuestMemory<'_>, ptr: u32) -> Result {
    mem.array_range::<AddrPort>(ptr, 1)?;
    Ok(())
}

pub(crate) fn write_addr(mem: &mut GuestMemory<'_>, ptr: u32, addr: SocketAddr) -> Result {
    let addr = SocketAddr::new(canonical(addr.ip()), addr.port());
    mem.write(ptr, AddrPort::from_socket_addr(addr))?;
    Ok(())
}

impl WasiCtx {
    /// `sock_open(af, socktype, sock_proto) -> fd`: opens a TCP (`SOCKET_STREAM`) or UDP
    /// (`SOCKET_DGRAM`) socket for IPv4 (`INET4`) or IPv6 (`INET6`) and stores the new fd
    /// as a `u32` at `fd_out`. Opening touches no network: binding, connecting and sending
    /// are checked against the policy.
    ///
    /// Errors: `EINVAL` for values the ABI does not define; `EAFNOSUPPORT` for `UNSPEC` and
    /// `UNIX`; `ENOTSUP` for raw and seqpacket sockets; `EPROTONOSUPPORT` for a protocol
    /// that is not the type's (TCP for streams, UDP for datagrams) or that this host does
    /// not know; `EMFILE` when the fd table is full. Traps if `fd_out` is outside memory
    /// or misaligned.
    pub fn sock_open(
        &mut self,
        mem: &mut GuestMemory<'_>,
        af: u32,
        socktype: u32,
        sock_proto: u32,
        fd_out: u32,
    ) -> Result {
        let v6 = match AddressFamily::decode(af)? {
            AddressFamily::Inet4 => false,
            AddressFamily::Inet6 => true,
            AddressFamily::Unspec | AddressFamily::Unix => return Err(Errno::AFNOSUPPORT.into()),
        };
        let kind = match SockType::decode(socktype)? {
            SockType::Stream => SocketKind::Stream,
            SockType::Dgram => SocketKind::Datagram,
            SockType::Raw | SockType::Seqpacket => return Err(Errno::NOTSUP.into()),
            SockType::Unused => return Err(Errno::INVAL.into()),
        };
        let proto = match SockProto::decode(sock_proto) {
            Ok(p) => p,
            Err(_) if sock_proto <= u32::from(u16::MAX) => {
                return Err(Errno::PROTONOSUPPORT.into());
            }
            Err(e) => return Err(e.into()),
        };
        match (kind, proto) {
            (_, SockProto::Ip)
            | (SocketKind::Stream, SockProto::Tcp)
            | (SocketKind::Datagram, SockProto::Udp) => {}
            _ => return Err(Errno::PROTONOSUPPORT.into()),
        }
        mem.array_range::<u32>(fd_out, 1)?;
        self.fds.check_room()?;
        let inner = self.network.open(v6, kind)?;
        let sock = Governed::new(inner, Arc::clone(&self.net_policy), self.net_notes.clone());
        let filetype = match kind {
            SocketKind::Stream => Filetype::SocketStream,
            SocketKind::Datagram => Filetype::SocketDgram,
        };
        let base = rights::CONNECTION | Rights::SOCK_ACCEPT;
        let entry = FdEntry::new(
            Descriptor::Socket(Box::new(sock)),
            filetype,
            base,
            rights::CONNECTION,
        );
        let fd = self.fds.insert(entry)?;
        mem.write(fd_out, fd)?;
        Ok(())
    }

    /// `sock_bind(fd, addr: *addr_port)`: binds the socket to the local address at `addr`.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EAFNOSUPPORT` for an address that is not IPv4 or IPv6;
    /// `EACCES` if no `bind` rule allows the address (or a deny rule covers it); host
    /// errors (`EADDRINUSE`, `EINVAL` if already bound, ...). Traps if the record is outside
    /// memory or misaligned.
    pub fn sock_bind(&mut self, mem: &mut GuestMemory<'_>, fd: u32, addr: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let sock = socket(entry)?;
        let addr = read_addr(mem, addr)?;
        sock.bind(addr)?;
        Ok(())
    }

    /// `sock_listen(fd, backlog)`: starts listening for connections on a stream socket.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EACCES` if no `bind` rule allows where it is bound (a
    /// socket never bound would listen on every address); host errors (`EOPNOTSUPP` on a
    /// datagram socket, ...).
    pub fn sock_listen(&mut self, _mem: &mut GuestMemory<'_>, fd: u32, backlog: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let sock = socket(entry)?;
        if sock.kind() != SocketKind::Stream {
            return Err(Errno::NOTSUP.into());
        }
        sock.listen(backlog)?;
        Ok(())
    }

    /// `sock_accept_v2(fd, flags) -> (fd, addr_port)`: accepts a connection, as
    /// [`sock_accept`](Self::sock_accept), and also stores the peer's address at
    /// `addr_out`. On a socket the guest opened, connections from peers no `accept` rule
    /// covers are closed unseen and the wait goes on.
    ///
    /// Errors: as `sock_accept`. Traps if an out-pointer is outside memory or misaligned.
    pub fn sock_accept_v2(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        flags: u32,
        fd_out: u32,
        addr_out: u32,
    ) -> Result {
        check_addr_out(mem, addr_out)?;
        mem.array_range::<u32>(fd_out, 1)?;
        self.sock_accept(mem, fd, flags, fd_out)?;
        let new_fd: u32 = mem.read(fd_out)?;
        let peer = match self.fds.get_mut(new_fd).map(socket) {
            Ok(Ok(conn)) => conn.peer_addr()?,
            _ => return Err(Errno::NOTSOCK.into()),
        };
        write_addr(mem, addr_out, peer)
    }

    /// `sock_connect(fd, addr: *addr_port)`: connects to the address at `addr` (for a
    /// datagram socket: sets its only peer). Waits unless the socket is non-blocking, then
    /// `EINPROGRESS`.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EAFNOSUPPORT`; `EACCES` if no `connect` rule allows the
    /// destination; host errors (`ECONNREFUSED`, `ETIMEDOUT`, ...). Traps if the record is
    /// outside memory or misaligned.
    pub fn sock_connect(&mut self, mem: &mut GuestMemory<'_>, fd: u32, addr: u32) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let sock = socket(entry)?;
        let addr = read_addr(mem, addr)?;
        sock.connect(addr)?;
        Ok(())
    }

    /// `sock_recv_from(fd, ri_data: iovec_array, ri_flags) -> (size, roflags, addr_port)`:
    /// as `sock_recv`, also storing the sender's address at `addr_out`. On a datagram
    /// socket the guest opened, datagrams from peers no `accept` rule covers are dropped
    /// unread.
    ///
    /// Errors: as `sock_recv`. Traps if a buffer or out-pointer is outside memory or
    /// misaligned.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the WASIX function's"
    )]
    pub fn sock_recv_from(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        ri_data: u32,
        ri_data_len: u32,
        ri_flags: u32,
        ro_datalen_out: u32,
        ro_flags_out: u32,
        addr_out: u32,
    ) -> Result {
        let out = (ro_datalen_out, ro_flags_out);
        self.receive(
            mem,
            fd,
            (ri_data, ri_data_len),
            ri_flags,
            out,
            Some(addr_out),
        )
    }

    /// `sock_send_to(fd, si_data: ciovec_array, si_flags, addr: *addr_port) -> size`: sends
    /// the buffers as one datagram (or, on a stream, as bytes) to the address at `addr`.
    ///
    /// Errors: `EBADF` without `FD_WRITE`; `ENOTSOCK`; `EINVAL` for any `si_flags` bit;
    /// `EAFNOSUPPORT`; `EACCES` if no `connect` rule allows the destination; host errors
    /// (`EMSGSIZE`, `EISCONN`, ...). Traps if a buffer, the record or the out-pointer is
    /// outside memory or misaligned.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the WASIX function's"
    )]
    pub fn sock_send_to(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        si_data: u32,
        si_data_len: u32,
        si_flags: u32,
        addr: u32,
        so_datalen_out: u32,
    ) -> Result {
        let data = (si_data, si_data_len);
        self.transmit(mem, fd, data, si_flags, Some(addr), so_datalen_out)
    }

    /// `sock_addr_local(fd) -> addr_port`: stores the address the socket is bound to.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`. Traps if `addr_out` is outside memory or misaligned.
    pub fn sock_addr_local(&mut self, mem: &mut GuestMemory<'_>, fd: u32, addr_out: u32) -> Result {
        check_addr_out(mem, addr_out)?;
        let addr = socket(self.fds.get_mut(fd)?)?.local_addr()?;
        write_addr(mem, addr_out, addr)
    }

    /// `sock_addr_peer(fd) -> addr_port`: stores the address of the socket's peer.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `ENOTCONN` without a peer. Traps if `addr_out` is
    /// outside memory or misaligned.
    pub fn sock_addr_peer(&mut self, mem: &mut GuestMemory<'_>, fd: u32, addr_out: u32) -> Result {
        check_addr_out(mem, addr_out)?;
        let addr = socket(self.fds.get_mut(fd)?)?.peer_addr()?;
        write_addr(mem, addr_out, addr)
    }

    /// `sock_status(fd) -> sock_status`: stores, as a `u8`, whether the socket is opening,
    /// opened (bound, listening or connected), closed (shut down) or failed.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`. Traps if `status_out` is outside memory.
    pub fn sock_status(&mut self, mem: &mut GuestMemory<'_>, fd: u32, status_out: u32) -> Result {
        mem.array_range::<u8>(status_out, 1)?;
        let status = socket(self.fds.get_mut(fd)?)?.status();
        mem.write(status_out, status.raw())?;
        Ok(())
    }

    /// `sock_set_opt_flag(fd, sockopt, flag: bool)`: turns a flag option on (1) or off (0).
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EINVAL` for an unknown option, one that is not a flag,
    /// a read-only one (`LISTENING`, `LAST_ERROR`), or a flag other than 0 and 1; `ENOTSUP`
    /// for a flag this host does not set (`PROMISCUOUS`, `DONT_ROUTE`, `NOOP`).
    pub fn sock_set_opt_flag(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        flag: u32,
    ) -> Result {
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Flag)?;
        let on = match flag {
            0 => false,
            1 => true,
            _ => return Err(Errno::INVAL.into()),
        };
        if matches!(option, SockOption::Listening | SockOption::LastError) {
            return Err(Errno::INVAL.into());
        }
        sock.set_option(option, OptionValue::Flag(on))?;
        Ok(())
    }

    /// `sock_get_opt_flag(fd, sockopt) -> bool`: stores a flag option as a `u8` (0 or 1).
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EINVAL` for an unknown option or one that is not a
    /// flag; `ENOTSUP` for one this host does not read. Traps if `flag_out` is outside
    /// memory.
    pub fn sock_get_opt_flag(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        flag_out: u32,
    ) -> Result {
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Flag)?;
        mem.array_range::<u8>(flag_out, 1)?;
        match sock.option(option)? {
            OptionValue::Flag(on) => mem.write(flag_out, u8::from(on))?,
            _ => return Err(Errno::INVAL.into()),
        }
        Ok(())
    }

    /// `sock_set_opt_size(fd, sockopt, size: filesize)`: sets a size option (buffer sizes,
    /// TTLs).
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EINVAL` for an unknown option, one that is not a size,
    /// a read-only one (`TYPE`, `PROTO`), or a size past 2^31 - 1; `ENOTSUP` for one this
    /// host does not set (`RECV_LOWAT`, `SEND_LOWAT`).
    pub fn sock_set_opt_size(
        &mut self,
        _mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        size: u64,
    ) -> Result {
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Size)?;
        if matches!(option, SockOption::Type | SockOption::Proto) || size > i32::MAX as u64 {
            return Err(Errno::INVAL.into());
        }
        sock.set_option(option, OptionValue::Size(size))?;
        Ok(())
    }

    /// `sock_get_opt_size(fd, sockopt) -> filesize`: stores a size option as a `u64`.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EINVAL` for an unknown option or one that is not a
    /// size; `ENOTSUP` for one this host does not read. Traps if `size_out` is outside
    /// memory or misaligned.
    pub fn sock_get_opt_size(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        size_out: u32,
    ) -> Result {
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Size)?;
        mem.array_range::<u64>(size_out, 1)?;
        match sock.option(option)? {
            OptionValue::Size(n) => mem.write(size_out, n)?,
            _ => return Err(Errno::INVAL.into()),
        }
        Ok(())
    }

    /// `sock_set_opt_time(fd, sockopt, time: *option_timestamp)`: sets a time option
    /// (`LINGER`, `RECV_TIMEOUT`, `SEND_TIMEOUT`) to the time at `time`, or clears it.
    ///
    /// Errors: `EBADF`; `ENOTSOCK`; `EINVAL` for an unknown option, one that is not a time,
    /// or a record whose tag is not 0 or 1; `ENOTSUP` for `CONNECT_TIMEOUT` and
    /// `ACCEPT_TIMEOUT`. Traps if the record is outside memory or misaligned.
    pub fn sock_set_opt_time(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        time: u32,
    ) -> Result {
        let record: OptionTimestamp = mem.read(time)?;
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Time)?;
        let value = record.get()?;
        sock.set_option(option, OptionValue::Time(value))?;
        Ok(())
    }

    /// `sock_get_opt_time(fd, sockopt) -> option_timestamp`: stores a time option.
    ///
    /// Errors: as `sock_set_opt_time`. Traps if `time_out` is outside memory or misaligned.
    pub fn sock_get_opt_time(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        sockopt: u32,
        time_out: u32,
    ) -> Result {
        let sock = socket(self.fds.get_mut(fd)?)?;
        let option = option_of(sockopt, OptKind::Time)?;
        mem.array_range::<OptionTimestamp>(time_out, 1)?;
        match sock.option(option)? {
            OptionValue::Time(t) => mem.write(time_out, OptionTimestamp::new(t))?,
            _ => return Err(Errno::INVAL.into()),
        }
        Ok(())
    }

    /// `resolve(host: string, port, addrs: *addr_ip, naddrs) -> size`: looks `host` up and
    /// stores up to `naddrs` 18-byte address records at `addrs`, and how many it stored as
    /// a `u32` at `naddrs_out`. Only the addresses a `connect` rule could allow (on `port`,
    /// or on any port when `port` is 0) are answered; an IP address as `host` is answered
    /// as itself, without a lookup.
    ///
    /// Errors: `EILSEQ` if `host` is not UTF-8; `EINVAL` for an empty name, one longer than
    /// 254 bytes, or a port past 65535; `EACCES` if no `resolve` rule allows the name;
    /// `ENOENT` if the name does not resolve. Traps if the name, the array or `naddrs_out`
    /// is outside memory or misaligned.
    #[allow(
        clippy::too_many_arguments,
        reason = "the signature is the WASIX function's"
    )]
    pub fn resolve(
        &mut self,
        mem: &mut GuestMemory<'_>,
        host: u32,
        host_len: u32,
        port: u32,
        addrs: u32,
        naddrs: u32,
        naddrs_out: u32,
    ) -> Result {
        let range = mem.array_range::<AddrIp>(addrs, naddrs)?;
        mem.array_range::<u32>(naddrs_out, 1)?;
        if host_len == 0 || host_len > MAX_HOST_NAME {
            mem.slice(host, host_len)?;
            return Err(Errno::INVAL.into());
        }
        let name = mem.str(host, host_len)?.to_owned();
        let port = u16::try_from(port).map_err(|_| Errno::INVAL)?;
        let found: Vec<IpAddr> = match name.parse::<IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => {
                let verdict = self.net_policy.check_name(&name);
                self.net_notes.push(format!("resolve {name}: {verdict}"));
                if !verdict.allowed {
                    return Err(Errno::ACCES.into());
                }
                self.network.resolve(&name)?
            }
        };
        let allowed: Vec<IpAddr> = found
            .into_iter()
            .map(canonical)
            .filter(|ip| self.net_policy.could_connect(*ip, port))
            .collect();
        let room = usize::try_from(naddrs).unwrap_or(0);
        debug_assert_eq!(
            range.len(),
            room.saturating_mul(core::mem::size_of::<AddrIp>())
        );
        let mut stored = 0u32;
        for (ip, at) in allowed
            .iter()
            .take(room)
            .zip((addrs..).step_by(core::mem::size_of::<AddrIp>()))
        {
            mem.write(at, AddrIp::from_ip(*ip))?;
            stored = stored.saturating_add(1);
        }
        if allowed.len() > room {
            self.net_notes.push(format!(
                "resolve {name}: {} more addresses than room for",
                allowed.len().saturating_sub(room)
            ));
        }
        mem.write(naddrs_out, stored)?;
        Ok(())
    }
}
