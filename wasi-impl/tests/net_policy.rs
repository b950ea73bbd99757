//! The network policy: the rule grammar (each form, and the one-line refusals), what a rule
//! covers, deny over allow, IPv4-mapped and unspecified addresses, name patterns, and the
//! filter `resolve` applies to its answers.

use std::net::{IpAddr, SocketAddr};
use wasi_impl::net::policy::destination;
use wasi_impl::net::{Direction, NetPolicy, Protocol, Rule};

fn rule(text: &str) -> Rule {
    Rule::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn sa(text: &str) -> SocketAddr {
    text.parse().unwrap()
}

#[test]
fn every_form_parses_and_prints_back() {
    for text in [
        "connect:127.0.0.1",
        "connect:127.0.0.1:80",
        "connect:10.0.0.0/8:8000-8100",
        "connect/tcp:[::1]:443",
        "bind/udp:[fd00::/8]",
        "accept:0.0.0.0/0",
        "resolve:example.com",
        "resolve:*.example.com",
    ] {
        assert_eq!(rule(text).to_string(), text);
    }
    // Canonical forms: every port is no port; names in lower case, without a trailing dot.
    assert_eq!(
        rule("connect:1.2.3.4:0-65535").to_string(),
        "connect:1.2.3.4"
    );
    assert_eq!(
        rule("resolve:Example.COM.").to_string(),
        "resolve:example.com"
    );
    assert_eq!(rule("connect:[::1/128]").to_string(), "connect:[::1]");
    assert_eq!(
        rule("connect:1.2.3.4:9-9").to_string(),
        "connect:1.2.3.4:9",
        "a range of one"
    );
}

#[test]
fn malformed_rules_say_what_is_wrong() {
    for (text, why) in [
        ("", "a rule is DIR:ADDR[:PORTS] or resolve:NAME"),
        ("connect:", "\"\" is not an IP address"),
        ("connect:1.2.3.4:", "\"\" is not a port"),
        ("connect:1.2.3.4:-5", "\"\" is not a port"),
        (
            "connect:1.2.3.4/",
            "\"\" is not a prefix length from 0 to 32",
        ),
        ("connect:[::1]/64", "\"/64\" after `]` is not :PORTS"),
        (
            "connect:[::1/129]",
            "\"129\" is not a prefix length from 0 to 128",
        ),
        ("resolve:", "\"\" is not a host name"),
        ("resolve:*.", "\"\" is not a host name"),
        ("resolve:a..b", "\"a..b\" is not a host name"),
        ("listen:1.2.3.4", "the direction \"listen\""),
    ] {
        let err = Rule::parse(text).unwrap_err();
        assert!(err.starts_with(&format!("{text:?}: ")), "{err}");
        assert!(err.contains(why), "{text}: {err}");
    }
    let long = format!("resolve:{}.com", "a".repeat(64));
    assert!(Rule::parse(&long).is_err(), "a label of 64 bytes");
}

#[test]
fn a_rule_covers_its_direction_protocol_range_and_ports_only() {
    let p = NetPolicy::deny_all().allow(rule("connect/tcp:10.0.0.0/8:8000-8100"));
    let tcp = |a: &str| p.check(Direction::Connect, Protocol::Tcp, sa(a)).allowed;
    assert!(tcp("10.1.2.3:8000") && tcp("10.255.255.255:8100"));
    assert!(!tcp("10.1.2.3:7999") && !tcp("10.1.2.3:8101") && !tcp("11.0.0.1:8000"));
    assert!(
        !p.check(Direction::Connect, Protocol::Udp, sa("10.1.2.3:8000"))
            .allowed
    );
    assert!(
        !p.check(Direction::Bind, Protocol::Tcp, sa("10.1.2.3:8000"))
            .allowed
    );
    let v6 = NetPolicy::deny_all().allow(rule("bind:[fd00::/8]"));
    assert!(
        v6.check(Direction::Bind, Protocol::Udp, sa("[fd12::1]:9"))
            .allowed
    );
    assert!(
        !v6.check(Direction::Bind, Protocol::Udp, sa("[fe80::1]:9"))
            .allowed
    );
    assert!(
        !v6.check(Direction::Bind, Protocol::Udp, sa("127.0.0.1:9"))
            .allowed
    );
    let all = NetPolicy::deny_all().allow(rule("accept:0.0.0.0/0"));
    assert!(
        all.check(Direction::Accept, Protocol::Tcp, sa("203.0.113.9:1"))
            .allowed
    );
    assert!(
        !all.check(Direction::Accept, Protocol::Tcp, sa("[2001:db8::1]:1"))
            .allowed
    );
}

#[test]
fn deny_wins_and_every_verdict_names_its_rule() {
    let p = NetPolicy::deny_all()
        .allow(rule("connect:127.0.0.0/8"))
        .deny(rule("connect:127.0.0.1:22"));
    let v = p.check(Direction::Connect, Protocol::Tcp, sa("127.0.0.1:22"));
    assert_eq!(
        (v.allowed, v.to_string()),
        (false, "denied by connect:127.0.0.1:22".into())
    );
    let v = p.check(Direction::Connect, Protocol::Tcp, sa("127.0.0.1:23"));
    assert_eq!(
        (v.allowed, v.to_string()),
        (true, "allowed by connect:127.0.0.0/8".into())
    );
    let v = NetPolicy::deny_all().check(Direction::Bind, Protocol::Udp, sa("0.0.0.0:0"));
    assert_eq!(
        (v.allowed, v.to_string()),
        (false, "denied: no rule allows it".into())
    );
    assert!(!NetPolicy::deny_all().allows_anything() && p.allows_anything());
}

#[test]
fn mapped_and_unspecified_addresses_are_what_they_reach() {
    let p = NetPolicy::deny_all()
        .allow(rule("connect:[::/0]"))
        .deny(rule("connect:127.0.0.1"));
    // ::ffff:127.0.0.1 is 127.0.0.1, which is denied, though [::/0] would allow an IPv6 one.
    assert!(
        !p.check(
            Direction::Connect,
            Protocol::Tcp,
            sa("[::ffff:127.0.0.1]:80")
        )
        .allowed
    );
    assert!(
        p.check(Direction::Connect, Protocol::Tcp, sa("[::1]:80"))
            .allowed
    );
    // A connect to 0.0.0.0 reaches 127.0.0.1, so it is checked and made as one.
    assert_eq!(
        destination(sa("0.0.0.0:80")),
        (sa("127.0.0.1:80"), sa("127.0.0.1:80"))
    );
    assert_eq!(destination(sa("[::]:80")), (sa("[::1]:80"), sa("[::1]:80")));
    assert_eq!(
        destination(sa("[::ffff:0.0.0.0]:80")),
        (sa("127.0.0.1:80"), sa("[::ffff:127.0.0.1]:80"))
    );
    assert_eq!(destination(sa("[::ffff:10.0.0.1]:5")).0, sa("10.0.0.1:5"));
    // Any other address is itself.
    assert_eq!(
        destination(sa("10.0.0.1:5")),
        (sa("10.0.0.1:5"), sa("10.0.0.1:5"))
    );
    assert_eq!(
        destination(sa("[fd00::1]:5")),
        (sa("[fd00::1]:5"), sa("[fd00::1]:5"))
    );
    // A bind rule for one address does not cover binding every address.
    let b = NetPolicy::deny_all().allow(rule("bind:127.0.0.1"));
    assert!(
        !b.check(Direction::Bind, Protocol::Tcp, sa("0.0.0.0:9000"))
            .allowed
    );
    assert!(
        !b.check(Direction::Bind, Protocol::Tcp, sa("[::]:9000"))
            .allowed
    );
}

#[test]
fn names_match_exactly_or_by_suffix() {
    let p = NetPolicy::deny_all()
        .allow(rule("resolve:example.com"))
        .allow(rule("resolve:*.test"))
        .deny(rule("resolve:*.evil.test"));
    let ok = |n: &str| p.check_name(n).allowed;
    assert!(ok("example.com") && ok("EXAMPLE.com.") && ok("a.test") && ok("a.b.test"));
    assert!(!ok("www.example.com") && !ok("test") && !ok("atest") && !ok("x.evil.test"));
    assert!(
        !ok("xxtest") && !ok(".test"),
        "the suffix starts after a dot, a label before it"
    );
    // Hyphens and underscores are name characters; 253 bytes is the longest name.
    let label = "a".repeat(63);
    let longest = format!("{label}.{label}.{label}.{}", "b".repeat(61));
    assert_eq!(longest.len(), 253);
    assert!(Rule::parse(&format!("resolve:{longest}")).is_ok());
    assert!(
        Rule::parse(&format!("resolve:{longest}b")).is_err(),
        "254 bytes"
    );
    for name in ["my-host.example", "_srv._tcp.example", "x1"] {
        assert!(Rule::parse(&format!("resolve:{name}")).is_ok(), "{name}");
    }
    for name in ["a b", "a/b", "a:b", "é.example"] {
        assert!(Rule::parse(&format!("resolve:{name}")).is_err(), "{name}");
    }
    assert_eq!(
        p.check_name("x.evil.test").to_string(),
        "denied by resolve:*.evil.test"
    );
}

#[test]
fn resolve_answers_only_what_a_connect_rule_could_allow() {
    let ip = |t: &str| t.parse::<IpAddr>().unwrap();
    let p = NetPolicy::deny_all()
        .allow(rule("connect/udp:10.0.0.0/8:53"))
        .allow(rule("connect:[::1]"))
        .deny(rule("connect:10.9.9.9"));
    assert!(p.could_connect(ip("10.1.1.1"), 53) && p.could_connect(ip("10.1.1.1"), 0));
    assert!(
        !p.could_connect(ip("10.1.1.1"), 80),
        "the rule is for port 53"
    );
    assert!(!p.could_connect(ip("10.9.9.9"), 0), "denied on every port");
    assert!(p.could_connect(ip("::1"), 443) && p.could_connect(ip("::ffff:10.1.1.1"), 53));
    assert!(!p.could_connect(ip("192.0.2.1"), 0));
    assert!(!NetPolicy::deny_all().could_connect(ip("127.0.0.1"), 0));
    // A deny rule for some ports, or for one protocol, leaves the address reachable.
    let q = NetPolicy::deny_all()
        .allow(rule("connect:10.0.0.0/8"))
        .deny(rule("connect:10.1.1.1:22"))
        .deny(rule("connect/udp:10.2.2.2"));
    assert!(q.could_connect(ip("10.1.1.1"), 0) && q.could_connect(ip("10.1.1.1"), 23));
    assert!(!q.could_connect(ip("10.1.1.1"), 22));
    assert!(
        q.could_connect(ip("10.2.2.2"), 0) && q.could_connect(ip("10.2.2.2"), 53),
        "over TCP"
    );
    let udp_only = NetPolicy::deny_all()
        .allow(rule("connect/udp:10.0.0.0/8"))
        .deny(rule("connect/udp:10.2.2.2"));
    assert!(
        !udp_only.could_connect(ip("10.2.2.2"), 0) && !udp_only.could_connect(ip("10.2.2.2"), 53)
    );
    let other_dir = NetPolicy::deny_all()
        .allow(rule("connect:10.0.0.0/8"))
        .deny(rule("bind:10.2.2.2"));
    assert!(
        other_dir.could_connect(ip("10.2.2.2"), 0),
        "a bind rule denies no connect"
    );
}
