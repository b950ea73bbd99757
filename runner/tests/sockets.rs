//! `wasi-run --tcplisten`, run as a process: a guest accepts, receives and sends on a real
//! loopback connection made by the test, and the `sock_*` refusals as a guest sees them.
//!
//! Every guest fails with its own exit status per failing call and writes that call's errno
//! as one byte to stdout, so a failure says which call failed and why.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A temp dir removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh temp dir holding `guest.wat`.
fn guest_dir(wat: &str) -> TempDir {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wasi-run-sockets-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("guest.wat"), wat).unwrap();
    TempDir(dir)
}

/// A loopback port nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// True if wasi-run exited 2 because the port it was given got taken meanwhile.
fn lost_the_port(out: &Output) -> bool {
    out.status.code() == Some(2) && text(&out.stderr).contains("cannot listen on")
}

/// A running wasi-run, killed if the test ends before it does.
struct Running {
    child: Option<Child>,
    _dir: TempDir,
}

impl Running {
    /// Waits up to `limit` for the guest to end; kills it and panics past that.
    fn finish(mut self, limit: Duration) -> Output {
        let mut child = self.child.take().unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > limit {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!("guest still running after {limit:?}: {out:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        child.wait_with_output().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn spawn(wat: &str, port: u16) -> Running {
    spawn_with(wat, port, &[])
}

fn spawn_with(wat: &str, port: u16, options: &[&str]) -> Running {
    let dir = guest_dir(wat);
    let child = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .args(options)
        .arg("--tcplisten")
        .arg(format!("127.0.0.1:{port}"))
        .arg(dir.0.join("guest.wat"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Running {
        child: Some(child),
        _dir: dir,
    }
}

/// True once process `pid` holds a socket listening on 127.0.0.1:`port` (read from /proc:
/// the listening sockets' inodes in /proc/net/tcp, matched against the process's fds).
fn listens(pid: u32, port: u16) -> bool {
    let Ok(table) = std::fs::read_to_string("/proc/net/tcp") else {
        return false;
    };
    let local = format!("0100007F:{port:04X}");
    let sockets: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (f.len() > 9 && f[1] == local && f[3] == "0A").then(|| format!("socket:[{}]", f[9]))
        })
        .collect();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten().any(|fd| {
        std::fs::read_link(fd.path())
            .is_ok_and(|target| sockets.iter().any(|s| target.as_os_str() == s.as_str()))
    })
}

/// Starts `wat` listening on a fresh loopback port and connects to it (the connection is
/// queued by the kernel until the guest accepts). The client connects only once this very
/// wasi-run listens on the port, so it cannot reach another process that took the port in
/// between; if wasi-run could not bind it (exit 2), another port is tried.
fn start_and_connect(wat: &str) -> (Running, TcpStream) {
    start_and_connect_with(wat, &[])
}

/// [`start_and_connect`] with extra wasi-run options.
fn start_and_connect_with(wat: &str, options: &[&str]) -> (Running, TcpStream) {
    for _ in 0..5 {
        let port = free_port();
        let mut running = spawn_with(wat, port, options);
        let child = running.child.as_mut().unwrap();
        let pid = child.id();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let start = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                let out = running.finish(Duration::from_secs(1));
                assert!(lost_the_port(&out), "wasi-run ended early: {out:?}");
                break;
            }
            if listens(pid, port) {
                let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                stream
                    .set_write_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                return (running, stream);
            }
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "wasi-run does not listen on {addr}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    panic!("no free loopback port in 5 tries");
}

/// Runs `wat` listening on a fresh loopback port, without connecting, to its end.
fn run_listening(wat: &str) -> Output {
    for _ in 0..5 {
        let out = spawn(wat, free_port()).finish(Duration::from_secs(20));
        if !lost_the_port(&out) {
            return out;
        }
    }
    panic!("no free loopback port in 5 tries");
}

/// The imports every guest uses, and `$check`: on a non-zero errno, writes it as one byte
/// to stdout and exits with `code`. Memory: bytes 0..256 are the guests' scratch.
const PRELUDE: &str = r#"
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $setflags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 3)
  (func $check (param $errno i32) (param $code i32)
    (if (local.get $errno) (then
      (i32.store8 (i32.const 240) (local.get $errno))
      (i32.store (i32.const 248) (i32.const 240))
      (i32.store (i32.const 252) (i32.const 1))
      (drop (call $write (i32.const 1) (i32.const 248) (i32.const 1) (i32.const 236)))
      (call $exit (local.get $code)))))
  ;; Sends n bytes at p on fd, however many sock_send calls it takes (exit 12 on an error,
  ;; 15 on a send that makes no progress).
  (func $send_all (param $fd i32) (param $p i32) (param $n i32)
    (block $done (loop $more
      (br_if $done (i32.eqz (local.get $n)))
      (i32.store (i32.const 24) (local.get $p))
      (i32.store (i32.const 28) (local.get $n))
      (call $check
        (call $send (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 0) (i32.const 32))
        (i32.const 12))
      (if (i32.eqz (i32.load (i32.const 32))) (then (call $exit (i32.const 15))))
      (local.set $p (i32.add (local.get $p) (i32.load (i32.const 32))))
      (local.set $n (i32.sub (local.get $n) (i32.load (i32.const 32))))
      (br $more))))
"#;

fn guest(body: &str) -> String {
    format!(
        "(module {PRELUDE}\n  (func (export \"_start\") (local $fd i32) (local $n i32)\n{body}))"
    )
}

/// Accepts one connection on fd 3 and echoes it, 64 KiB at a time received through two
/// iovecs (1000 + 64536 bytes at 65536), until the peer shuts down its sending side; then
/// shuts down its own, closes the connection and returns.
const ECHO: &str = r#"
    (call $check (call $accept (i32.const 3) (i32.const 0) (i32.const 0)) (i32.const 10))
    (local.set $fd (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 65536)) (i32.store (i32.const 12) (i32.const 1000))
    (i32.store (i32.const 48) (i32.const 66536)) (i32.store (i32.const 52) (i32.const 64536))
    (block $eof (loop $more
      (call $check
        (call $recv (local.get $fd) (i32.const 8) (i32.const 2) (i32.const 0) (i32.const 16) (i32.const 20))
        (i32.const 11))
      (if (i32.load16_u (i32.const 20)) (then (call $exit (i32.const 16))))
      (local.set $n (i32.load (i32.const 16)))
      (br_if $eof (i32.eqz (local.get $n)))
      (if (i32.gt_u (local.get $n) (i32.const 65536)) (then (call $exit (i32.const 17))))
      (call $send_all (local.get $fd) (i32.const 65536) (local.get $n))
      (br $more)))
    (call $check (call $shutdown (local.get $fd) (i32.const 2)) (i32.const 13))
    (call $check (call $close (local.get $fd)) (i32.const 14))"#;

/// Sends `messages` (a writer thread) while reading everything back until the guest shuts
/// down its side; returns what came back, or why the exchange failed.
fn exchange(stream: TcpStream, messages: Vec<Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || -> std::io::Result<()> {
        for m in &messages {
            writer.write_all(m)?;
        }
        writer.shutdown(Shutdown::Write)
    });
    let mut reader = stream;
    let mut back = Vec::new();
    let read = reader.read_to_end(&mut back);
    let sent = sender
        .join()
        .map_err(|_| "the sender panicked".to_string())?;
    sent.map_err(|e| format!("sending: {e}"))?;
    read.map_err(|e| format!("reading the echo (timeout?): {e}"))?;
    Ok(back)
}

#[test]
fn a_guest_echoes_a_loopback_connection_including_a_mebibyte() {
    let (running, stream) = start_and_connect(&guest(ECHO));
    let big: Vec<u8> = (0..1 << 20).map(|i: u32| (i * 7 % 251) as u8).collect();
    let messages = vec![
        b"hello".to_vec(),
        b", world\n".to_vec(),
        big,
        vec![0u8; 3],
        b"the end".to_vec(),
    ];
    let sent = messages.concat();
    let back = exchange(stream, messages);
    let out = running.finish(Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let back = back.unwrap();
    assert_eq!(back.len(), sent.len());
    assert!(back == sent, "the echo differs from what was sent");
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn an_empty_connection_is_echoed_as_nothing() {
    let (running, stream) = start_and_connect(&guest(ECHO));
    let back = exchange(stream, Vec::new());
    let out = running.finish(Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(back.unwrap(), b"");
}

#[test]
fn a_peek_leaves_the_data_for_the_next_recv() {
    // Peeks up to 8 bytes into 1024, then receives up to 8 into 2048, and sends back
    // both: the peeked bytes followed by the received ones.
    let body = r#"
    (call $check (call $accept (i32.const 3) (i32.const 0) (i32.const 0)) (i32.const 10))
    (local.set $fd (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 1024)) (i32.store (i32.const 12) (i32.const 8))
    (call $check
      (call $recv (local.get $fd) (i32.const 8) (i32.const 1) (i32.const 1) (i32.const 16) (i32.const 20))
      (i32.const 20))
    (local.set $n (i32.load (i32.const 16)))
    (i32.store (i32.const 8) (i32.const 2048))
    (call $check
      (call $recv (local.get $fd) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 16) (i32.const 20))
      (i32.const 21))
    (call $send_all (local.get $fd) (i32.const 1024) (local.get $n))
    (call $send_all (local.get $fd) (i32.const 2048) (i32.load (i32.const 16)))
    (call $check (call $shutdown (local.get $fd) (i32.const 2)) (i32.const 13))"#;
    let (running, stream) = start_and_connect_with(&guest(body), &["--trace=sock"]);
    let back = exchange(stream, vec![b"peekaboo".to_vec()]);
    let out = running.finish(Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&back.unwrap()), "peekaboopeekaboo");
    // The sock family's trace: flags by name, iovec lengths, what each call wrote.
    assert_eq!(
        text(&out.stderr),
        "sock_accept(fd=3, flags=0) = SUCCESS, fd=4\n\
         sock_recv(fd=4, ri_data=[8], ri_flags=RECV_PEEK) = SUCCESS, ro_datalen=8, ro_flags=0\n\
         sock_recv(fd=4, ri_data=[8], ri_flags=0) = SUCCESS, ro_datalen=8, ro_flags=0\n\
         sock_send(fd=4, si_data=[8], si_flags=0) = SUCCESS, so_datalen=8\n\
         sock_send(fd=4, si_data=[8], si_flags=0) = SUCCESS, so_datalen=8\n\
         sock_shutdown(fd=4, how=WR) = SUCCESS\n"
    );
}

#[test]
fn accept_on_a_nonblocking_listener_with_nobody_connecting_is_eagain() {
    let body = r#"
    (call $check (call $setflags (i32.const 3) (i32.const 4)) (i32.const 30))
    (call $exit (call $accept (i32.const 3) (i32.const 0) (i32.const 0)))"#;
    let out = run_listening(&guest(body));
    assert_eq!(out.status.code(), Some(6), "EAGAIN expected: {out:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn sock_calls_on_what_they_cannot_act_on() {
    // (call, expected errno). fd 1 is stdout (a pipe here), fd 3 the listener, fd 9 not open.
    // The buffers and out-pointers are valid (64.. is scratch), so only the fd is wrong.
    let calls: &[(&str, u8)] = &[
        ("(call $shutdown (i32.const 1) (i32.const 2))", 57),
        (
            "(call $send (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 80))",
            57,
        ),
        (
            "(call $recv (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 80) (i32.const 84))",
            57,
        ),
        (
            "(call $accept (i32.const 1) (i32.const 0) (i32.const 80))",
            57,
        ),
        // Not a socket is checked before the flags.
        ("(call $shutdown (i32.const 1) (i32.const 0))", 57),
        // how = 0 (neither RD nor WR) and an unknown bit are EINVAL.
        ("(call $shutdown (i32.const 3) (i32.const 0))", 28),
        ("(call $shutdown (i32.const 3) (i32.const 4))", 28),
        // A listener has no SOCK_SHUTDOWN right.
        ("(call $shutdown (i32.const 3) (i32.const 2))", 76),
        // A listener is not connected.
        (
            "(call $recv (i32.const 3) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 80) (i32.const 84))",
            53,
        ),
        (
            "(call $send (i32.const 3) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 80))",
            53,
        ),
        // Accept takes only NONBLOCK (4); APPEND is EINVAL.
        (
            "(call $accept (i32.const 3) (i32.const 1) (i32.const 80))",
            28,
        ),
        (
            "(call $accept (i32.const 9) (i32.const 0) (i32.const 80))",
            8,
        ),
        ("(call $shutdown (i32.const 9) (i32.const 2))", 8),
        (
            "(call $recv (i32.const 9) (i32.const 64) (i32.const 1) (i32.const 0) (i32.const 80) (i32.const 84))",
            8,
        ),
    ];
    // Each result goes to byte 128 + i; then all of them to stdout in one write.
    let mut body = String::from("    (i32.store (i32.const 64) (i32.const 1024))\n");
    body.push_str("    (i32.store (i32.const 68) (i32.const 16))\n");
    for (i, (call, _)) in calls.iter().enumerate() {
        body.push_str(&format!(
            "    (i32.store8 (i32.const {}) {call})\n",
            128 + i
        ));
    }
    body.push_str(&format!(
        "    (i32.store (i32.const 96) (i32.const 128)) (i32.store (i32.const 100) (i32.const {}))
    (call $check (call $write (i32.const 1) (i32.const 96) (i32.const 1) (i32.const 104)) (i32.const 40))",
        calls.len()
    ));
    let out = run_listening(&guest(&body));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout.len(), calls.len(), "{out:?}");
    for ((call, want), got) in calls.iter().zip(&out.stdout) {
        assert_eq!(got, want, "{call}");
    }
}

#[test]
fn a_listen_address_that_cannot_be_bound_exits_2() {
    let dir = guest_dir(&guest(""));
    // 203.0.113.0/24 is TEST-NET-3: no host has it, so bind fails (EADDRNOTAVAIL) before any
    // packet could be sent. The other two fail to parse (no DNS lookup is involved).
    for addr in ["203.0.113.1:9", "127.0.0.1", "127.0.0.1:70000"] {
        let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
            .args(["--tcplisten", addr])
            .arg(dir.0.join("guest.wat"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{addr}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{addr}: {stderr}");
        assert!(
            stderr.starts_with(&format!("wasi-run: cannot listen on {addr}: ")),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_connection_accepted_nonblocking_answers_eagain_when_nothing_is_queued() {
    // accept(NONBLOCK) gives a non-blocking connection: with the client silent, a recv
    // answers at once (its errno goes to stdout) instead of waiting.
    let body = r#"
    (call $check (call $accept (i32.const 3) (i32.const 4) (i32.const 0)) (i32.const 10))
    (local.set $fd (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 1024)) (i32.store (i32.const 12) (i32.const 8))
    (i32.store8 (i32.const 128)
      (call $recv (local.get $fd) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 16) (i32.const 20)))
    (i32.store (i32.const 96) (i32.const 128)) (i32.store (i32.const 100) (i32.const 1))
    (call $check (call $write (i32.const 1) (i32.const 96) (i32.const 1) (i32.const 104)) (i32.const 40))
    (call $check (call $close (local.get $fd)) (i32.const 14))
    (call $check (call $close (i32.const 3)) (i32.const 18))"#;
    let (running, stream) = start_and_connect(&guest(body));
    let mut reader = stream;
    let mut back = Vec::new();
    let read = reader.read_to_end(&mut back);
    let out = running.finish(Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(out.stdout, [6], "EAGAIN expected");
    // The guest closed the connection without sending: end of stream.
    read.expect("reading the closed connection failed");
    assert!(back.is_empty());
}
