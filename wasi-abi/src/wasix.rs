//! The socket subset of WASIX (`wasix_32v1`), as typed Rust: the enums, the address records
//! exactly as they sit in guest memory, and the table of the functions this project answers.
//!
//! The source of truth is wasix-libc's `libc-bottom-half/headers/public/wasi/api_wasix.h`
//! (generated from WASIX's witx) and its import declarations in
//! `libc-bottom-half/sources/__wasixlibc_real.c`. Sizes, alignments and offsets are
//! asserted at compile time in [`crate::layout`].
//!
//! Byte order: a port is stored in the guest's own order (little-endian), as wasix-libc's
//! `sockaddr_to_wasi` writes it (`ntohs(sin_port)`); the address octets are in network
//! order, copied from `sin_addr`/`sin6_addr`. This host writes ports back the same way.

use crate::Errno;
use crate::enums::wasi_enum;
use bytemuck::{Pod, Zeroable};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// The import module of WASIX's 32-bit ABI.
pub const MODULE: &str = "wasix_32v1";

wasi_enum! {
    /// An address family (`address_family`, u8).
    AddressFamily: u8 {
        /// No family.
        Unspec = 0, "__WASI_ADDRESS_FAMILY_UNSPEC";
        /// IPv4.
        Inet4 = 1, "__WASI_ADDRESS_FAMILY_INET4";
        /// IPv6.
        Inet6 = 2, "__WASI_ADDRESS_FAMILY_INET6";
        /// Unix domain sockets (not provided here).
        Unix = 3, "__WASI_ADDRESS_FAMILY_UNIX";
    }
}

wasi_enum! {
    /// A socket type (`sock_type`, u8).
    SockType: u8 {
        /// Not a type.
        Unused = 0, "__WASI_SOCK_TYPE_SOCKET_UNUSED";
        /// A byte stream (TCP).
        Stream = 1, "__WASI_SOCK_TYPE_SOCKET_STREAM";
        /// Datagrams (UDP).
        Dgram = 2, "__WASI_SOCK_TYPE_SOCKET_DGRAM";
        /// Raw packets (not provided here).
        Raw = 3, "__WASI_SOCK_TYPE_SOCKET_RAW";
        /// Sequenced packets (not provided here).
        Seqpacket = 4, "__WASI_SOCK_TYPE_SOCKET_SEQPACKET";
    }
}

wasi_enum! {
    /// The protocols a socket may name (`sock_proto`, u16; the subset this host knows: the
    /// others are `EPROTONOSUPPORT`).
    SockProto: u16 {
        /// The default for the type.
        Ip = 0, "__WASI_SOCK_PROTO_IP";
        /// TCP.
        Tcp = 6, "__WASI_SOCK_PROTO_TCP";
        /// UDP.
        Udp = 17, "__WASI_SOCK_PROTO_UDP";
    }
}

wasi_enum! {
    /// A socket's state (`sock_status`, u8).
    SockStatus: u8 {
        /// Opened but not yet bound or connected (or connecting).
        Opening = 0, "__WASI_SOCK_STATUS_OPENING";
        /// Bound, listening or connected.
        Opened = 1, "__WASI_SOCK_STATUS_OPENED";
        /// Shut down.
        Closed = 2, "__WASI_SOCK_STATUS_CLOSED";
        /// A connect failed.
        Failed = 3, "__WASI_SOCK_STATUS_FAILED";
    }
}

wasi_enum! {
    /// A socket option (`sock_option`, u8).
    SockOption: u8 {
        /// No option.
        Noop = 0, "__WASI_SOCK_OPTION_NOOP";
        /// `SO_REUSEPORT` (a flag).
        ReusePort = 1, "__WASI_SOCK_OPTION_REUSE_PORT";
        /// `SO_REUSEADDR` (a flag).
        ReuseAddr = 2, "__WASI_SOCK_OPTION_REUSE_ADDR";
        /// `TCP_NODELAY` (a flag).
        NoDelay = 3, "__WASI_SOCK_OPTION_NO_DELAY";
        /// `SO_DONTROUTE` (a flag).
        DontRoute = 4, "__WASI_SOCK_OPTION_DONT_ROUTE";
        /// `IPV6_V6ONLY` (a flag).
        OnlyV6 = 5, "__WASI_SOCK_OPTION_ONLY_V6";
        /// `SO_BROADCAST` (a flag).
        Broadcast = 6, "__WASI_SOCK_OPTION_BROADCAST";
        /// `IP_MULTICAST_LOOP` (a flag).
        MulticastLoopV4 = 7, "__WASI_SOCK_OPTION_MULTICAST_LOOP_V4";
        /// `IPV6_MULTICAST_LOOP` (a flag).
        MulticastLoopV6 = 8, "__WASI_SOCK_OPTION_MULTICAST_LOOP_V6";
        /// Promiscuous mode (a flag).
        Promiscuous = 9, "__WASI_SOCK_OPTION_PROMISCUOUS";
        /// `SO_ACCEPTCONN` (a flag, read only).
        Listening = 10, "__WASI_SOCK_OPTION_LISTENING";
        /// `SO_ERROR` (a flag: whether an error is pending).
        LastError = 11, "__WASI_SOCK_OPTION_LAST_ERROR";
        /// `SO_KEEPALIVE` (a flag).
        KeepAlive = 12, "__WASI_SOCK_OPTION_KEEP_ALIVE";
        /// `SO_LINGER` (a time).
        Linger = 13, "__WASI_SOCK_OPTION_LINGER";
        /// `SO_OOBINLINE` (a flag).
        OobInline = 14, "__WASI_SOCK_OPTION_OOB_INLINE";
        /// `SO_RCVBUF` (a size).
        RecvBufSize = 15, "__WASI_SOCK_OPTION_RECV_BUF_SIZE";
        /// `SO_SNDBUF` (a size).
        SendBufSize = 16, "__WASI_SOCK_OPTION_SEND_BUF_SIZE";
        /// `SO_RCVLOWAT` (a size).
        RecvLowat = 17, "__WASI_SOCK_OPTION_RECV_LOWAT";
        /// `SO_SNDLOWAT` (a size).
        SendLowat = 18, "__WASI_SOCK_OPTION_SEND_LOWAT";
        /// `SO_RCVTIMEO` (a time).
        RecvTimeout = 19, "__WASI_SOCK_OPTION_RECV_TIMEOUT";
        /// `SO_SNDTIMEO` (a time).
        SendTimeout = 20, "__WASI_SOCK_OPTION_SEND_TIMEOUT";
        /// A connect timeout (a time).
        ConnectTimeout = 21, "__WASI_SOCK_OPTION_CONNECT_TIMEOUT";
        /// An accept timeout (a time).
        AcceptTimeout = 22, "__WASI_SOCK_OPTION_ACCEPT_TIMEOUT";
        /// `IP_TTL` (a size).
        Ttl = 23, "__WASI_SOCK_OPTION_TTL";
        /// `IP_MULTICAST_TTL` (a size).
        MulticastTtlV4 = 24, "__WASI_SOCK_OPTION_MULTICAST_TTL_V4";
        /// `SO_TYPE` (a size, read only).
        Type = 25, "__WASI_SOCK_OPTION_TYPE";
        /// `SO_PROTOCOL` (a size, read only).
        Proto = 26, "__WASI_SOCK_OPTION_PROTO";
    }
}

/// An address with a port (`addr_port`): 110 bytes, align 2. A tag, then a union at 2.
///
/// ```text
/// 0   1   2       4                                   110
/// |tag|pad|port   | address: inet4 4 octets at 4,     |
/// |   |   |(LE)   | inet6 16 octets at 4, flow_info    |
/// |   |   |       | at 20, scope_id at 24 (u16 pairs,  |
/// |   |   |       | high half first)                   |
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct AddrPort {
    /// An [`AddressFamily`].
    pub tag: u8,
    /// Padding before the union (its alignment is 2).
    pub pad: u8,
    /// The port, in the guest's (little-endian) order.
    pub port: u16,
    /// The address bytes (see the diagram); the rest is unused.
    pub addr: [u8; 106],
}

impl Default for AddrPort {
    fn default() -> AddrPort {
        Zeroable::zeroed()
    }
}

/// Reads a u16 stored in guest (little-endian) order at `at` of `bytes`.
fn le16(bytes: &[u8], at: usize) -> u16 {
    let pair = [
        bytes.get(at).copied(),
        bytes.get(at.wrapping_add(1)).copied(),
    ];
    u16::from_le_bytes([pair[0].unwrap_or(0), pair[1].unwrap_or(0)])
}

/// The address part of an IPv6 record: the 16 octets of `bytes[..16]`.
fn octets16(bytes: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    if let Some(src) = bytes.get(..16) {
        out.copy_from_slice(src);
    }
    out
}

impl AddrPort {
    /// The socket address this record holds. `EAFNOSUPPORT` for the unspecified and Unix
    /// families, `EINVAL` for an unknown tag.
    pub fn to_socket_addr(&self) -> Result<SocketAddr, Errno> {
        match AddressFamily::decode(u32::from(self.tag))? {
            AddressFamily::Inet4 => {
                let [a, b, c, d, ..] = self.addr;
                Ok(SocketAddr::V4(SocketAddrV4::new(
                    Ipv4Addr::new(a, b, c, d),
                    self.port,
                )))
            }
            AddressFamily::Inet6 => {
                let ip = Ipv6Addr::from(octets16(&self.addr));
                let pair = |at: usize| {
                    u32::from(le16(&self.addr, at)) << 16
                        | u32::from(le16(&self.addr, at.wrapping_add(2)))
                };
                Ok(SocketAddr::V6(SocketAddrV6::new(
                    ip,
                    self.port,
                    pair(16),
                    pair(20),
                )))
            }
            AddressFamily::Unspec | AddressFamily::Unix => Err(Errno::AFNOSUPPORT),
        }
    }

    /// The record for `addr`.
    pub fn from_socket_addr(addr: SocketAddr) -> AddrPort {
        let mut out = AddrPort {
            port: addr.port(),
            ..AddrPort::default()
        };
        match addr {
            SocketAddr::V4(v4) => {
                out.tag = AddressFamily::Inet4.raw();
                if let Some(dst) = out.addr.get_mut(..4) {
                    dst.copy_from_slice(&v4.ip().octets());
                }
            }
            SocketAddr::V6(v6) => {
                out.tag = AddressFamily::Inet6.raw();
                if let Some(dst) = out.addr.get_mut(..16) {
                    dst.copy_from_slice(&v6.ip().octets());
                }
                let halves = |v: u32| [((v >> 16) as u16).to_le_bytes(), (v as u16).to_le_bytes()];
                for (at, v) in [(16usize, v6.flowinfo()), (20, v6.scope_id())] {
                    let [hi, lo] = halves(v);
                    if let Some(dst) = out.addr.get_mut(at..at.wrapping_add(4)) {
                        dst.copy_from_slice(&[hi[0], hi[1], lo[0], lo[1]]);
                    }
                }
            }
        }
        out
    }
}

/// An IP address without a port (`addr_ip`), as `resolve` writes them: 18 bytes, align 2.
///
/// ```text
/// 0   1   2                                   18
/// |tag|pad| inet4: 4 octets; inet6: 16 octets |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct AddrIp {
    /// An [`AddressFamily`].
    pub tag: u8,
    /// Padding before the union (its alignment is 2).
    pub pad: u8,
    /// The address octets in network order: 4 for inet4, 16 for inet6.
    pub octets: [u8; 16],
    /// Gives the record the union's alignment, 2, without taking room.
    pub align: [u16; 0],
}

impl AddrIp {
    /// The record for `ip`.
    pub fn from_ip(ip: IpAddr) -> AddrIp {
        let mut out = AddrIp::default();
        match ip {
            IpAddr::V4(v4) => {
                out.tag = AddressFamily::Inet4.raw();
                if let Some(dst) = out.octets.get_mut(..4) {
                    dst.copy_from_slice(&v4.octets());
                }
            }
            IpAddr::V6(v6) => {
                out.tag = AddressFamily::Inet6.raw();
                out.octets = v6.octets();
            }
        }
        out
    }
}

/// An optional timestamp (`option_timestamp`): 16 bytes, align 8.
///
/// ```text
/// 0   1               8               16
/// |tag|     pad       | nanoseconds   |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct OptionTimestamp {
    /// 0: none; 1: some.
    pub tag: u8,
    /// Padding before the value.
    pub pad: [u8; 7],
    /// The time in nanoseconds when `tag` is 1.
    pub value: u64,
}

impl OptionTimestamp {
    /// The time it holds: `None` for tag 0, `EINVAL` for a tag other than 0 and 1.
    pub fn get(&self) -> Result<Option<u64>, Errno> {
        match self.tag {
            0 => Ok(None),
            1 => Ok(Some(self.value)),
            _ => Err(Errno::INVAL),
        }
    }

    /// The record for `time`.
    pub fn new(time: Option<u64>) -> OptionTimestamp {
        OptionTimestamp {
            tag: u8::from(time.is_some()),
            value: time.unwrap_or(0),
            ..OptionTimestamp::default()
        }
    }
}

/// Calls `$callback!` with the list of the `wasix_32v1` socket functions this host answers
/// beside the preview1 ones, in the form of [`for_each_function!`](crate::for_each_function).
/// The 46 preview1 functions are also answered under `wasix_32v1`, where WASIX programs
/// import them; `sock_shutdown`, which WASIX lists among its socket calls, is preview1's.
#[macro_export]
macro_rules! for_each_wasix_function {
    ($callback:ident) => {
        $callback! {
            sock_open(Sock) [af: i32, socktype: i32, sock_proto: i32, fd_out: i32] -> errno;
            sock_bind(Sock) [fd: i32, addr: i32] -> errno;
            sock_listen(Sock) [fd: i32, backlog: i32] -> errno;
            sock_accept_v2(Sock) [fd: i32, flags: i32, fd_out: i32, addr_out: i32] -> errno;
            sock_connect(Sock) [fd: i32, addr: i32] -> errno;
            sock_recv_from(Sock) [fd: i32, ri_data: i32, ri_data_len: i32, ri_flags: i32, ro_datalen_out: i32, ro_flags_out: i32, addr_out: i32] -> errno;
            sock_send_to(Sock) [fd: i32, si_data: i32, si_data_len: i32, si_flags: i32, addr: i32, so_datalen_out: i32] -> errno;
            sock_addr_local(Sock) [fd: i32, addr_out: i32] -> errno;
            sock_addr_peer(Sock) [fd: i32, addr_out: i32] -> errno;
            sock_status(Sock) [fd: i32, status_out: i32] -> errno;
            sock_set_opt_flag(Sock) [fd: i32, sockopt: i32, flag: i32] -> errno;
            sock_get_opt_flag(Sock) [fd: i32, sockopt: i32, flag_out: i32] -> errno;
            sock_set_opt_size(Sock) [fd: i32, sockopt: i32, size: i64] -> errno;
            sock_get_opt_size(Sock) [fd: i32, sockopt: i32, size_out: i32] -> errno;
            sock_set_opt_time(Sock) [fd: i32, sockopt: i32, time: i32] -> errno;
            sock_get_opt_time(Sock) [fd: i32, sockopt: i32, time_out: i32] -> errno;
            resolve(Sock) [host: i32, host_len: i32, port: i32, addrs: i32, naddrs: i32, naddrs_out: i32] -> errno;
        }
    };
}

use crate::functions::{Family, Function, Param, ValType, function_array, returns_errno, valtype};

/// The 17 `wasix_32v1` socket functions this host answers beside the preview1 ones.
pub static FUNCTIONS: [Function; 17] = crate::for_each_wasix_function!(function_array);

/// Looks a `wasix_32v1` socket function up by its import name (the preview1 functions,
/// which WASIX also exports, are in [`crate::functions::function`]).
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv4_record_is_tag_port_le_and_network_order_octets() {
        let addr: SocketAddr = "127.0.0.1:9000".parse().unwrap();
        let rec = AddrPort::from_socket_addr(addr);
        let bytes = bytemuck::bytes_of(&rec);
        assert_eq!(bytes.len(), 110);
        // tag 1, pad, port 9000 = 0x2328 little-endian, then 127.0.0.1.
        assert_eq!(&bytes[..8], &[1, 0, 0x28, 0x23, 127, 0, 0, 1]);
        assert!(bytes[8..].iter().all(|b| *b == 0));
        assert_eq!(rec.to_socket_addr(), Ok(addr));
    }

    #[test]
    fn an_ipv6_record_keeps_flowinfo_and_scope_as_u16_pairs() {
        let ip: Ipv6Addr = "fd00::1:2".parse().unwrap();
        let addr = SocketAddr::V6(SocketAddrV6::new(ip, 443, 0x0001_0002, 0x0003_0004));
        let rec = AddrPort::from_socket_addr(addr);
        let bytes = bytemuck::bytes_of(&rec);
        assert_eq!(&bytes[..4], &[2, 0, 0xbb, 0x01]);
        assert_eq!(&bytes[4..20], &ip.octets());
        // flow_info1, flow_info0, scope_id1, scope_id0: the high half first, each LE.
        assert_eq!(&bytes[20..28], &[1, 0, 2, 0, 3, 0, 4, 0]);
        assert_eq!(rec.to_socket_addr(), Ok(addr));
    }

    #[test]
    fn unknown_and_unsupported_families() {
        let mut rec = AddrPort::default();
        assert_eq!(rec.to_socket_addr(), Err(Errno::AFNOSUPPORT), "unspec");
        rec.tag = 3;
        assert_eq!(rec.to_socket_addr(), Err(Errno::AFNOSUPPORT), "unix");
        rec.tag = 4;
        assert_eq!(rec.to_socket_addr(), Err(Errno::INVAL));
        rec.tag = 255;
        assert_eq!(rec.to_socket_addr(), Err(Errno::INVAL));
    }

    #[test]
    fn ip_records_and_optional_times() {
        let v4 = AddrIp::from_ip("10.1.2.3".parse().unwrap());
        assert_eq!(&bytemuck::bytes_of(&v4)[..6], &[1, 0, 10, 1, 2, 3]);
        let v6 = AddrIp::from_ip("::1".parse().unwrap());
        let b = bytemuck::bytes_of(&v6);
        assert_eq!((b.len(), b[0], b[17]), (18, 2, 1));
        let t = OptionTimestamp::new(Some(5_000));
        assert_eq!(
            bytemuck::bytes_of(&t),
            &[1, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x13, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(t.get(), Ok(Some(5_000)));
        assert_eq!(OptionTimestamp::new(None).get(), Ok(None));
        let bad = OptionTimestamp { tag: 2, ..t };
        assert_eq!(bad.get(), Err(Errno::INVAL));
    }

    #[test]
    fn the_table_and_its_pointers() {
        assert_eq!(FUNCTIONS.len(), 17);
        let resolve = function("resolve").unwrap();
        assert_eq!(
            resolve.wasm_type().to_string(),
            "(func (param i32 i32 i32 i32 i32 i32) (result i32))"
        );
        let no_memory: Vec<&str> = FUNCTIONS
            .iter()
            .filter(|f| !f.uses_memory())
            .map(|f| f.name)
            .collect();
        assert_eq!(
            no_memory,
            ["sock_listen", "sock_set_opt_flag", "sock_set_opt_size"]
        );
        assert!(function("sock_set_opt_size").unwrap().params[2].ty == ValType::I64);
        assert!(function("fd_write").is_none());
    }
}
