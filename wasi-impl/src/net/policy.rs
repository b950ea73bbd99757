//! The host's network policy: which addresses a guest may connect to, bind, accept from,
//! and which names it may look up. Denied unless a rule allows it; a deny rule wins over any
//! allow rule.
//!
//! A rule's text form (the `--net-allow` / `--net-deny` grammar):
//!
//! ```text
//! RULE  = DIR[/PROTO]:ADDR[:PORTS] | resolve:NAME
//! DIR   = connect | bind | accept
//! PROTO = tcp | udp                     (default: both)
//! ADDR  = an IPv4 address or CIDR (127.0.0.1, 10.0.0.0/8), or an IPv6 one in brackets
//!         ([::1], [fd00::/8])
//! PORTS = a port or LO-HI               (default: every port)
//! NAME  = a host name (example.com) or *.SUFFIX (any name that ends in .SUFFIX)
//! ```
//!
//! `connect` covers TCP connects and UDP sends (and UDP connects) to the address; `bind`
//! covers binding and listening on a local address; `accept` covers the peers whose TCP
//! connections are accepted and whose UDP datagrams are received. Addresses are compared
//! after IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) become IPv4, and a connect to the
//! unspecified address (`0.0.0.0`, `::`), which reaches the local host, is checked (and
//! made) as one to the loopback address.

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// What a socket does with an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Connect to it, or send a datagram to it.
    Connect,
    /// Bind to it (and listen there).
    Bind,
    /// Accept a connection, or receive a datagram, from it.
    Accept,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Direction::Connect => "connect",
            Direction::Bind => "bind",
            Direction::Accept => "accept",
        }
    }
}

/// A transport protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// TCP (stream sockets).
    Tcp,
    /// UDP (datagram sockets).
    Udp,
}

/// An address range: an address and a prefix length (32 or 128 for one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// The range of addresses that share the first `prefix` bits of `addr`; `None` if
    /// `prefix` is longer than the address.
    pub fn new(addr: IpAddr, prefix: u8) -> Option<IpNet> {
        let max = if addr.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(IpNet {
            addr: canonical(addr),
            prefix,
        })
    }

    /// Whether `ip` is in the range (IPv4 and IPv6 ranges never contain each other's
    /// addresses, after IPv4-mapped addresses are made IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        // The top `prefix` bits of a `width`-bit address (all of them shifted out is 0).
        let bits = |a: u128, width: u32| {
            width
                .checked_sub(u32::from(self.prefix))
                .and_then(|shift| a.checked_shr(shift))
                .unwrap_or(0)
        };
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                bits(u128::from(u32::from(net)), 32) == bits(u128::from(u32::from(ip)), 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                bits(u128::from(net), 128) == bits(u128::from(ip), 128)
            }
            _ => false,
        }
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = if self.addr.is_ipv4() { 32 } else { 128 };
        match (self.addr, self.prefix == full) {
            (IpAddr::V4(a), true) => write!(f, "{a}"),
            (IpAddr::V4(a), false) => write!(f, "{a}/{}", self.prefix),
            (IpAddr::V6(a), true) => write!(f, "[{a}]"),
            (IpAddr::V6(a), false) => write!(f, "[{a}/{}]", self.prefix),
        }
    }
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is; any other address unchanged.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// Where a connect or send to `addr` goes: `(checked, used)`, the address the policy is
/// asked about (IPv4-mapped addresses as IPv4) and the one the socket is given (in the
/// socket's own family). The unspecified address reaches the local host, so both are the
/// loopback address for it.
pub fn destination(addr: SocketAddr) -> (SocketAddr, SocketAddr) {
    let used = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some_and(|v4| v4.is_unspecified()) => {
            IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped())
        }
        other => other,
    };
    let used = SocketAddr::new(used, addr.port());
    (SocketAddr::new(canonical(used.ip()), used.port()), used)
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Addresses and ports in one direction, for one protocol or both.
    Address {
        /// What the socket does.
        direction: Direction,
        /// `None`: TCP and UDP.
        protocol: Option<Protocol>,
        /// The addresses.
        net: IpNet,
        /// The ports, inclusive.
        ports: (u16, u16),
    },
    /// Name lookups: an exact name, or (`*.suffix`) any name ending in `.suffix`.
    Resolve {
        /// The name, lower case, without a trailing dot.
        name: String,
        /// Whether it was `*.name`.
        wildcard: bool,
    },
}

impl fmt::Display for Rule {
    /// The rule's text form, as it parses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Address {
                direction,
                protocol,
                net,
                ports,
            } => {
                f.write_str(direction.name())?;
                match protocol {
                    Some(Protocol::Tcp) => f.write_str("/tcp")?,
                    Some(Protocol::Udp) => f.write_str("/udp")?,
                    None => {}
                }
                write!(f, ":{net}")?;
                match ports {
                    (0, u16::MAX) => Ok(()),
                    (lo, hi) if lo == hi => write!(f, ":{lo}"),
                    (lo, hi) => write!(f, ":{lo}-{hi}"),
                }
            }
            Rule::Resolve {
                name,
                wildcard: true,
            } => write!(f, "resolve:*.{name}"),
            Rule::Resolve {
                name,
                wildcard: false,
            } => write!(f, "resolve:{name}"),
        }
    }
}

impl Rule {
    /// Parses a rule in the grammar of the module docs.
    ///
    /// # Errors
    /// A one-line message naming what is wrong.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let (head, rest) = text
            .split_once(':')
            .ok_or_else(|| format!("{text:?}: a rule is DIR:ADDR[:PORTS] or resolve:NAME"))?;
        if head == "resolve" {
            return Rule::parse_name(rest).map_err(|why| format!("{text:?}: {why}"));
        }
        let (dir, proto) = match head.split_once('/') {
            Some((dir, proto)) => (dir, Some(proto)),
            None => (head, None),
        };
        let direction = match dir {
            "connect" => Direction::Connect,
            "bind" => Direction::Bind,
            "accept" => Direction::Accept,
            _ => {
                return Err(format!(
                    "{text:?}: the direction {dir:?} is not connect, bind, accept or resolve"
                ));
            }
        };
        let protocol = match proto {
            None => None,
            Some("tcp") => Some(Protocol::Tcp),
            Some("udp") => Some(Protocol::Udp),
            Some(other) => {
                return Err(format!(
                    "{text:?}: the protocol {other:?} is not tcp or udp"
                ));
            }
        };
        let (addr, ports) = split_address(rest).map_err(|why| format!("{text:?}: {why}"))?;
        let net = parse_net(addr).map_err(|why| format!("{text:?}: {why}"))?;
        let ports = match ports {
            None => (0, u16::MAX),
            Some(p) => parse_ports(p).map_err(|why| format!("{text:?}: {why}"))?,
        };
        Ok(Rule::Address {
            direction,
            protocol,
            net,
            ports,
        })
    }

    fn parse_name(name: &str) -> Result<Rule, String> {
        let (wildcard, name) = match name.strip_prefix("*.") {
            Some(suffix) => (true, suffix),
            None => (false, name),
        };
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if name.is_empty() || name.len() > 253 || !name.split('.').all(label_ok) {
            return Err(format!("{name:?} is not a host name (or *.suffix)"));
        }
        Ok(Rule::Resolve { name, wildcard })
    }

    /// Whether the rule covers `direction` to `addr` over `protocol`.
    fn covers(&self, direction: Direction, protocol: Protocol, addr: SocketAddr) -> bool {
        match self {
            Rule::Address {
                direction: d,
                protocol: p,
                net,
                ports,
            } => {
                *d == direction
                    && p.is_none_or(|p| p == protocol)
                    && net.contains(addr.ip())
                    && (ports.0..=ports.1).contains(&addr.port())
            }
            Rule::Resolve { .. } => false,
        }
    }

    /// Whether the rule covers looking up `name` (lower case, no trailing dot).
    fn covers_name(&self, looked_up: &str) -> bool {
        match self {
            Rule::Resolve {
                name,
                wildcard: false,
            } => looked_up == name,
            Rule::Resolve {
                name,
                wildcard: true,
            } => looked_up
                .strip_suffix(name.as_str())
                .is_some_and(|head| head.len() > 1 && head.ends_with('.')),
            Rule::Address { .. } => false,
        }
    }
}

/// `ADDR[:PORTS]` split in two; an IPv6 address is in brackets.
fn split_address(text: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(inner) = text.strip_prefix('[') {
        let (addr, after) = inner
            .split_once(']')
            .ok_or_else(|| "an IPv6 address needs its closing `]`".to_owned())?;
        return match after {
            "" => Ok((addr, None)),
            _ => match after.strip_prefix(':') {
                Some(ports) => Ok((addr, Some(ports))),
                None => Err(format!("{after:?} after `]` is not :PORTS")),
            },
        };
    }
    Ok(match text.split_once(':') {
        Some((addr, ports)) => (addr, Some(ports)),
        None => (text, None),
    })
}

fn parse_net(text: &str) -> Result<IpNet, String> {
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let addr: IpAddr = addr
        .parse()
        .map_err(|_| format!("{addr:?} is not an IP address (IPv6 goes in brackets: [::1])"))?;
    let full = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        None => full,
        Some(p) => p
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= full)
            .ok_or_else(|| format!("{p:?} is not a prefix length from 0 to {full}"))?,
    };
    IpNet::new(addr, prefix).ok_or_else(|| "bad prefix".to_owned())
}

fn parse_ports(text: &str) -> Result<(u16, u16), String> {
    let port = |p: &str| {
        p.parse::<u16>()
            .map_err(|_| format!("{p:?} is not a port (0 to 65535)"))
    };
    match text.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (port(lo)?, port(hi)?);
            if lo > hi {
                return Err(format!("the port range {lo}-{hi} is empty"));
            }
            Ok((lo, hi))
        }
        None => port(text).map(|p| (p, p)),
    }
}

/// What the policy said, and which rule said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the call may go ahead.
    pub allowed: bool,
    /// The rule that decided (`None`: no rule matched, so the default denied it).
    pub rule: Option<Rule>,
}

impl fmt::Display for Verdict {
    /// `allowed by connect:127.0.0.1:8000`, `denied by bind:0.0.0.0/0`, or `denied: no rule
    /// allows it`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.rule, self.allowed) {
            (Some(rule), true) => write!(f, "allowed by {rule}"),
            (Some(rule), false) => write!(f, "denied by {rule}"),
            (None, _) => f.write_str("denied: no rule allows it"),
        }
    }
}

/// The rules a context's network calls are checked against. The default policy has none,
/// so it denies everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetPolicy {
    allow: Vec<Rule>,
    deny: Vec<Rule>,
}

impl NetPolicy {
    /// A policy that denies everything.
    pub fn deny_all() -> NetPolicy {
        NetPolicy::default()
    }

    /// Adds a rule that allows what it covers (unless a deny rule covers it too).
    pub fn allow(mut self, rule: Rule) -> NetPolicy {
        self.allow.push(rule);
        self
    }

    /// Adds a rule that denies what it covers, whatever the allow rules say.
    pub fn deny(mut self, rule: Rule) -> NetPolicy {
        self.deny.push(rule);
        self
    }

    /// Whether any rule allows anything (a policy without allow rules denies every call).
    pub fn allows_anything(&self) -> bool {
        !self.allow.is_empty()
    }

    fn decide(&self, covers: impl Fn(&Rule) -> bool) -> Verdict {
        if let Some(rule) = self.deny.iter().find(|r| covers(r)) {
            return Verdict {
                allowed: false,
                rule: Some(rule.clone()),
            };
        }
        match self.allow.iter().find(|r| covers(r)) {
            Some(rule) => Verdict {
                allowed: true,
                rule: Some(rule.clone()),
            },
            None => Verdict {
                allowed: false,
                rule: None,
            },
        }
    }

    /// Checks `direction` with `addr` over `protocol` (the address made canonical first).
    pub fn check(&self, direction: Direction, protocol: Protocol, addr: SocketAddr) -> Verdict {
        let addr = SocketAddr::new(canonical(addr.ip()), addr.port());
        self.decide(|r| r.covers(direction, protocol, addr))
    }

    /// Checks a lookup of `name` (compared in lower case, without a trailing dot).
    pub fn check_name(&self, name: &str) -> Verdict {
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        self.decide(|r| r.covers_name(&name))
    }

    /// Whether a connect to `ip` (on `port`, or on any port when `port` is 0) over either
    /// protocol could be allowed: the filter on `resolve`'s answers.
    pub fn could_connect(&self, ip: IpAddr, port: u16) -> bool {
        let ip = canonical(ip);
        let covers = |r: &Rule, proto: Protocol| match (r, port) {
            (
                Rule::Address {
                    direction: Direction::Connect,
                    protocol,
                    net,
                    ..
                },
                0,
            ) => protocol.is_none_or(|p| p == proto) && net.contains(ip),
            _ => r.covers(Direction::Connect, proto, SocketAddr::new(ip, port)),
        };
        [Protocol::Tcp, Protocol::Udp].into_iter().any(|proto| {
            let allowed = self.allow.iter().any(|r| covers(r, proto));
            // A deny rule removes the address only when it covers it whole (every port).
            let denied = self.deny.iter().any(|r| match r {
                Rule::Address {
                    direction: Direction::Connect,
                    protocol,
                    net,
                    ports,
                } => {
                    protocol.is_none_or(|p| p == proto)
                        && net.contains(ip)
                        && (port == 0 && *ports == (0, u16::MAX)
                            || port != 0 && (ports.0..=ports.1).contains(&port))
                }
                _ => false,
            });
            allowed && !denied
        })
    }
}
