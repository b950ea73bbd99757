//! WASIX networking against real peers on loopback: the guest `tests/guests/net.wasm`
//! (raw `wasix_32v1` imports, built by examples/c/build.sh) connects, listens and accepts,
//! exchanges UDP datagrams and looks names up, each with and without `--trace`, and is
//! denied by the policy, in which case the test's server sees no connection.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::repo;

const GUEST: &str = "runner/tests/guests/net.wasm";

fn wasi_run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A TCP server on 127.0.0.1 that answers one connection with `world:` and what it read.
fn tcp_server() -> (u16, std::thread::JoinHandle<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((mut conn, _)) => {
                    conn.set_nonblocking(false).unwrap();
                    let mut buf = [0u8; 64];
                    let n = conn.read(&mut buf).unwrap_or(0);
                    let got = String::from_utf8_lossy(&buf[..n]).into_owned();
                    let _ = conn.write_all(format!("world:{got}").as_bytes());
                    return Some(got);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        None
    });
    (port, handle)
}

/// A server that records whether anything connected within `wait`.
fn watching_server(wait: Duration) -> (u16, std::thread::JoinHandle<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if listener.accept().is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    });
    (port, handle)
}

#[test]
fn a_guest_connects_to_a_tcp_server_and_exchanges_bytes() {
    for trace in [false, true] {
        let (port, server) = tcp_server();
        let rule = format!("connect:127.0.0.1:{port}");
        let p = port.to_string();
        let mut args = vec!["--net-allow", &rule, GUEST, "connect", &p, "hello"];
        if trace {
            args.insert(0, "--trace=sock");
        }
        let out = wasi_run(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert_eq!(
            text(&out.stdout),
            format!("connected to 127.0.0.1:{port}\nstatus 1, reply: world:hello\n")
        );
        assert_eq!(server.join().unwrap().as_deref(), Some("hello"));
        let stderr = text(&out.stderr);
        if trace {
            assert!(
                stderr.contains(&format!(
                    "sock_connect(fd=3, addr=127.0.0.1:{port}) = SUCCESS [connect \
                     127.0.0.1:{port}: allowed by connect:127.0.0.1:{port}]"
                )),
                "{stderr}"
            );
            assert!(stderr.contains(
                "sock_open(af=INET4, socktype=SOCKET_STREAM, sock_proto=IP) = SUCCESS, fd=3"
            ));
        } else {
            assert!(stderr.is_empty(), "{stderr}");
        }
    }
}

#[test]
fn a_guest_listens_and_accepts_a_host_client() {
    for trace in [false, true] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wasi-run"));
        cmd.current_dir(repo());
        if trace {
            cmd.arg("--trace=sock");
        }
        let mut child = cmd
            .args([
                "--net-allow",
                "bind:127.0.0.1",
                "--net-allow",
                "accept:127.0.0.1",
            ])
            .args(["--timeout", "20s", GUEST, "serve"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let port: u16 = first.strip_prefix("listening ").unwrap().parse().unwrap();
        let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let client_port = client.local_addr().unwrap().port();
        client.write_all(b"ping").unwrap();
        let mut reply = [0u8; 4];
        client.read_exact(&mut reply).unwrap();
        assert_eq!(&reply, b"PING");
        let rest: Vec<String> = lines.map(Result::unwrap).collect();
        assert_eq!(
            rest,
            [
                format!("peer 127.0.0.1:{client_port}"),
                "echoed PING".to_owned()
            ]
        );
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stderr = text(&out.stderr);
        if trace {
            assert!(stderr.contains("sock_bind(fd=3, addr=127.0.0.1:0) = SUCCESS [bind 127.0.0.1:0: allowed by bind:127.0.0.1]"), "{stderr}");
            assert!(stderr.contains(&format!("sock_listen(fd=3, backlog=4) = SUCCESS [bind 127.0.0.1:{port}: allowed by bind:127.0.0.1]")), "{stderr}");
            assert!(stderr.contains(&format!("addr=127.0.0.1:{client_port} [accept 127.0.0.1:{client_port}: allowed by accept:127.0.0.1]")), "{stderr}");
        } else {
            assert!(stderr.is_empty(), "{stderr}");
        }
    }
}

#[test]
fn a_guest_sends_and_receives_udp_datagrams() {
    for trace in [false, true] {
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        server
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let port = server.local_addr().unwrap().port();
        let echo = std::thread::spawn(move || {
            let mut buf = [0u8; 16];
            let (n, from) = server.recv_from(&mut buf).unwrap();
            server.send_to(b"pong", from).unwrap();
            (buf[..n].to_vec(), from)
        });
        let to = format!("connect/udp:127.0.0.1:{port}");
        let from = format!("accept/udp:127.0.0.1:{port}");
        let p = port.to_string();
        let mut args = vec![
            "--net-allow",
            "bind/udp:127.0.0.1",
            "--net-allow",
            &to,
            "--net-allow",
            &from,
            GUEST,
            "udp",
            &p,
        ];
        if trace {
            args.insert(0, "--trace=sock");
        }
        let out = wasi_run(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert_eq!(
            text(&out.stdout),
            format!("sent 4, got pong\nfrom 127.0.0.1:{port}\n")
        );
        let (got, guest_addr) = echo.join().unwrap();
        assert_eq!(got, b"ping");
        if trace {
            let stderr = text(&out.stderr);
            assert!(stderr.contains(&format!("sock_send_to(fd=3, si_data=[4], si_flags=0, addr=127.0.0.1:{port}) = SUCCESS, so_datalen=4 [connect 127.0.0.1:{port}: allowed by connect/udp:127.0.0.1:{port}]")), "{stderr}");
            assert!(
                stderr.contains(&format!("ro_flags=0, addr=127.0.0.1:{port}")),
                "{stderr}"
            );
            assert!(guest_addr.ip().is_loopback());
        }
    }
}

#[test]
fn a_denied_connect_never_reaches_its_server() {
    let cases: [&[&str]; 4] = [
        // No rule at all.
        &[],
        // A rule for another port.
        &["--net-allow", "connect:127.0.0.1:1-2"],
        // Allowed, then denied: deny wins.
        &[
            "--net-allow",
            "connect:127.0.0.0/8",
            "--net-deny",
            "connect:127.0.0.1",
        ],
        // bind and accept rules do not allow connecting.
        &[
            "--net-allow",
            "bind:127.0.0.1",
            "--net-allow",
            "accept:127.0.0.1",
        ],
    ];
    for rules in cases {
        for trace in [false, true] {
            let (port, server) = watching_server(Duration::from_millis(700));
            let p = port.to_string();
            let mut args: Vec<&str> = rules.to_vec();
            if trace {
                args.push("--trace=sock");
            }
            args.extend([GUEST, "connect", &p, "hello"]);
            let out = wasi_run(&args);
            assert_eq!(out.status.code(), Some(1), "{rules:?}");
            assert_eq!(
                text(&out.stdout),
                "sock_connect: errno 2\n",
                "{rules:?}: EACCES"
            );
            assert!(
                !server.join().unwrap(),
                "{rules:?}: the server saw a connection"
            );
            let stderr = text(&out.stderr);
            if trace {
                let why = match rules.len() {
                    4 if rules[3] == "connect:127.0.0.1" => {
                        "denied by connect:127.0.0.1".to_owned()
                    }
                    _ => "denied: no rule allows it".to_owned(),
                };
                assert!(
                    stderr.contains(&format!("sock_connect(fd=3, addr=127.0.0.1:{port}) = EACCES [connect 127.0.0.1:{port}: {why}]")),
                    "{rules:?}: {stderr}"
                );
            } else {
                assert!(stderr.is_empty(), "{stderr}");
            }
        }
    }
}

#[test]
fn ipv4_mapped_addresses_and_the_unspecified_address_do_not_bypass_the_policy() {
    // [::ffff:127.0.0.1] is 127.0.0.1: a deny for it holds, and an IPv6-only allow does not
    // cover it.
    for rules in [
        &[
            "--net-allow",
            "connect:[::/0]",
            "--net-deny",
            "connect:127.0.0.1",
        ][..],
        &["--net-allow", "connect:[::1]"],
    ] {
        let (port, server) = watching_server(Duration::from_millis(700));
        let p = port.to_string();
        let mut args = rules.to_vec();
        args.extend(["--trace=sock", GUEST, "connect6", &p]);
        let out = wasi_run(&args);
        assert_eq!(text(&out.stdout), "sock_connect: errno 2\n", "{rules:?}");
        assert!(!server.join().unwrap(), "{rules:?}");
        assert!(
            text(&out.stderr).contains(&format!("[connect 127.0.0.1:{port}: denied")),
            "{}",
            text(&out.stderr)
        );
    }
    // Allowed as IPv4, it connects through the IPv6 socket.
    let (port, server) = watching_server(Duration::from_secs(10));
    let p = port.to_string();
    let out = wasi_run(&[
        "--net-allow",
        &format!("connect:127.0.0.1:{port}"),
        GUEST,
        "connect6",
        &p,
    ]);
    assert_eq!(
        text(&out.stdout),
        "connected over IPv6\n",
        "{}",
        text(&out.stderr)
    );
    assert!(server.join().unwrap());
}

#[test]
fn a_denied_peer_is_closed_before_the_guest_sees_it() {
    // bind is allowed, accept is not: the client is cut off, the guest keeps waiting.
    let mut child = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args([
            "--net-allow",
            "bind:127.0.0.1",
            "--timeout",
            "3s",
            "--trace=sock",
            GUEST,
            "serve",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let port: u16 = first
        .trim()
        .strip_prefix("listening ")
        .unwrap()
        .parse()
        .unwrap();
    let mut client = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let client_port = client.local_addr().unwrap().port();
    let _ = client.write_all(b"ping");
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0u8; 8];
    let n = client.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "the denied client got bytes");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(142),
        "the guest waited until --timeout"
    );
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "the guest saw no connection");
    assert!(
        text(&out.stderr).contains(&format!(
            "closed a connection from 127.0.0.1:{client_port}: denied: no rule allows it"
        )) || text(&out.stderr).contains("timeout"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn lookups_need_a_rule_and_answer_only_connectable_addresses() {
    let out = wasi_run(&[GUEST, "resolve", "localhost", "80"]);
    assert_eq!(text(&out.stdout), "resolve: errno 2\n");
    let out = wasi_run(&[
        "--net-allow",
        "resolve:*.invalid",
        GUEST,
        "resolve",
        "localhost",
        "80",
    ]);
    assert_eq!(
        text(&out.stdout),
        "resolve: errno 2\n",
        "*.invalid does not cover localhost"
    );
    // Allowed, but no connect rule: no address is answered.
    let out = wasi_run(&[
        "--net-allow",
        "resolve:localhost",
        GUEST,
        "resolve",
        "localhost",
        "80",
    ]);
    assert_eq!(text(&out.stdout), "0 addresses\n");
    let out = wasi_run(&[
        "--net-allow",
        "resolve:localhost",
        "--net-allow",
        "connect:127.0.0.1:80",
        "--trace=sock",
        GUEST,
        "resolve",
        "localhost",
        "80",
    ]);
    assert_eq!(text(&out.stdout), "1 addresses\n127.0.0.1\n");
    assert!(
        text(&out.stderr).contains(
            "naddrs=1, addrs=[127.0.0.1] [resolve localhost: allowed by resolve:localhost]"
        ),
        "{}",
        text(&out.stderr)
    );
    // The port matters: connect is allowed on 80 only.
    let out = wasi_run(&[
        "--net-allow",
        "resolve:localhost",
        "--net-allow",
        "connect:127.0.0.1:80",
        GUEST,
        "resolve",
        "localhost",
        "81",
    ]);
    assert_eq!(text(&out.stdout), "0 addresses\n");
    // An address literal is no lookup: no resolve rule needed, still filtered.
    let out = wasi_run(&[
        "--net-allow",
        "connect:127.0.0.1",
        GUEST,
        "resolve",
        "127.0.0.1",
        "0",
    ]);
    assert_eq!(text(&out.stdout), "1 addresses\n127.0.0.1\n");
}

#[test]
fn socket_options_read_back_what_was_set() {
    let out = wasi_run(&[GUEST, "options"]);
    assert_eq!(
        text(&out.stdout),
        "reuse_addr 1\nno_delay 1\ntype 1\nrecv_buf_size set: yes\nrecv_timeout 1 1500000000\n\
         flag as size: errno 28\nflag 2: errno 28\nunknown option: errno 28\n"
    );
}

#[test]
fn malformed_rules_are_start_up_errors() {
    for (rule, message) in [
        (
            "connect",
            "--net-allow \"connect\": a rule is DIR:ADDR[:PORTS] or resolve:NAME (see --help for the rule grammar)",
        ),
        (
            "dial:127.0.0.1",
            "--net-allow \"dial:127.0.0.1\": the direction \"dial\" is not connect, bind, accept or resolve (see --help for the rule grammar)",
        ),
        (
            "connect:localhost:80",
            "--net-allow \"connect:localhost:80\": \"localhost\" is not an IP address (IPv6 goes in brackets: [::1]) (see --help for the rule grammar)",
        ),
        (
            "connect:::1",
            "--net-allow \"connect:::1\": \"\" is not an IP address (IPv6 goes in brackets: [::1]) (see --help for the rule grammar)",
        ),
        (
            "connect:10.0.0.0/33",
            "--net-allow \"connect:10.0.0.0/33\": \"33\" is not a prefix length from 0 to 32 (see --help for the rule grammar)",
        ),
        (
            "bind:127.0.0.1:9-1",
            "--net-allow \"bind:127.0.0.1:9-1\": the port range 9-1 is empty (see --help for the rule grammar)",
        ),
        (
            "bind:127.0.0.1:70000",
            "--net-allow \"bind:127.0.0.1:70000\": \"70000\" is not a port (0 to 65535) (see --help for the rule grammar)",
        ),
        (
            "connect/sctp:127.0.0.1",
            "--net-allow \"connect/sctp:127.0.0.1\": the protocol \"sctp\" is not tcp or udp (see --help for the rule grammar)",
        ),
        (
            "resolve:bad name",
            "--net-allow \"resolve:bad name\": \"bad name\" is not a host name (or *.suffix) (see --help for the rule grammar)",
        ),
        (
            "connect:[::1",
            "--net-allow \"connect:[::1\": an IPv6 address needs its closing `]` (see --help for the rule grammar)",
        ),
    ] {
        let out = wasi_run(&["--net-allow", rule, GUEST]);
        assert_eq!(out.status.code(), Some(2), "{rule}");
        assert_eq!(text(&out.stderr), format!("wasi-run: {message}\n"));
    }
    let out = wasi_run(&["--net-deny=connect", GUEST]);
    assert!(
        text(&out.stderr).starts_with("wasi-run: --net-deny \"connect\": "),
        "{}",
        text(&out.stderr)
    );
}

#[cfg(feature = "wasmtime")]
#[test]
fn every_engine_connects_and_is_denied_alike() {
    for engine in ["pulley", "wasmtime"] {
        let (port, server) = tcp_server();
        let rule = format!("connect:127.0.0.1:{port}");
        let p = port.to_string();
        let out = wasi_run(&[
            "--engine",
            engine,
            "--net-allow",
            &rule,
            GUEST,
            "connect",
            &p,
            "hi",
        ]);
        assert_eq!(
            text(&out.stdout),
            format!("connected to 127.0.0.1:{port}\nstatus 1, reply: world:hi\n"),
            "{engine}: {}",
            text(&out.stderr)
        );
        assert_eq!(server.join().unwrap().as_deref(), Some("hi"));
        let (port, server) = watching_server(Duration::from_millis(500));
        let p = port.to_string();
        let out = wasi_run(&["--engine", engine, GUEST, "connect", &p, "hi"]);
        assert_eq!(text(&out.stdout), "sock_connect: errno 2\n", "{engine}");
        assert!(!server.join().unwrap());
    }
}

#[test]
fn the_json_trace_carries_each_decision() {
    let (port, server) = watching_server(Duration::from_millis(300));
    let p = port.to_string();
    let out = wasi_run(&[
        "--trace=sock",
        "--trace-format=json",
        GUEST,
        "connect",
        &p,
        "x",
    ]);
    assert!(!server.join().unwrap());
    let line = text(&out.stderr)
        .lines()
        .find(|l| l.contains("\"call\":\"sock_connect\""))
        .unwrap()
        .to_owned();
    assert_eq!(
        line,
        format!(
            "{{\"call\":\"sock_connect\",\"family\":\"sock\",\"args\":{{\"fd\":3,\"addr\":\"127.0.0.1:{port}\"}},\
             \"errno\":\"EACCES\",\"policy\":[\"connect 127.0.0.1:{port}: denied: no rule allows it\"]}}"
        )
    );
}

#[test]
fn without_a_rule_binds_and_sends_are_denied_too() {
    let out = wasi_run(&[GUEST, "serve"]);
    assert_eq!(text(&out.stdout), "sock_bind: errno 2\n");
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    server.set_nonblocking(true).unwrap();
    let p = server.local_addr().unwrap().port().to_string();
    // The bind is allowed; the send to the server is not, and nothing arrives there.
    let out = wasi_run(&["--net-allow", "bind:127.0.0.1", GUEST, "udp", &p]);
    assert_eq!(text(&out.stdout), "sock_send_to: errno 2\n");
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        server.recv_from(&mut [0u8; 8]).is_err(),
        "a datagram arrived"
    );
}
