//! `--deterministic`, `--fuel`, `--timeout`, `--max-memory` and `--max-fds` through the
//! `wasi-run` binary: exit statuses, messages, timing, and reproducible output and traces.

mod support;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::{fresh_dir, repo};

/// A WAT guest written to a fresh file.
fn guest(tag: &str, wat: &str) -> String {
    let path = fresh_dir(tag).join(format!("{tag}.wat"));
    std::fs::write(&path, wat).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs wasi-run in the repository root; returns its output and how long it took.
fn wasi_run(args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out, started.elapsed())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LOOP: &str = r#"(module (memory (export "memory") 1)
  (func (export "_start") (loop $l (br $l))))"#;

/// Sleeps for an hour in poll_oneoff (one relative monotonic clock subscription at 0),
/// then exits with poll's errno.
const SLEEP_AN_HOUR: &str = r#"(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "\01\00\00\00")
  (data (i32.const 24) "\00\a0\b8\30\46\03\00\00")
  (func (export "_start")
    (call $exit (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))"#;

/// Reads stdin (fd 0) once, then exits 0.
const READ_STDIN: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\00\00\00\01\00\00")
  (func (export "_start") (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

/// Grows memory by 1 GiB: exits 7 if refused, 9 if granted.
const GROW_A_GIB: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 16384)) (i32.const -1)) (then (call $exit (i32.const 7))))
    (call $exit (i32.const 9))))"#;

/// Writes 16 random bytes and the monotonic clock to stdout, raw.
const RANDOM_OUT: &str = r#"(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\18\00\00\00")
  (func (export "_start")
    (drop (call $random (i32.const 16) (i32.const 16)))
    (drop (call $clock (i32.const 1) (i64.const 0) (i32.const 32)))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 64)))))"#;

#[test]
fn fuel_stops_an_infinite_loop() {
    let wat = guest("fuel", LOOP);
    let (out, _) = wasi_run(&["--fuel", "1_000_000", &wat]);
    assert_eq!(out.status.code(), Some(152));
    assert_eq!(
        stderr(&out),
        "wasi-run: the guest ran out of fuel (--fuel 1000000)\n"
    );
}

#[test]
fn timeout_stops_a_busy_loop_a_sleep_and_a_blocked_read_on_time() {
    let busy = guest("busy", LOOP);
    let sleep = guest("sleep", SLEEP_AN_HOUR);
    for wat in [&busy, &sleep] {
        let (out, took) = wasi_run(&["--timeout", "1s", wat]);
        assert_eq!(out.status.code(), Some(142), "{wat}: {}", stderr(&out));
        assert_eq!(stderr(&out), "wasi-run: the guest ran past --timeout 1s\n");
        assert!(
            took >= Duration::from_millis(950) && took < Duration::from_secs(3),
            "{wat}: {took:?}"
        );
    }
    // Blocked in a read from a pipe no one writes to: the watchdog ends it.
    let read = guest("read", READ_STDIN);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .args(["--timeout", "500ms", &read])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _pipe_kept_open = child.stdin.take();
    let out = child.wait_with_output().unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(142));
    assert_eq!(
        stderr(&out),
        "wasi-run: the guest ran past --timeout 500ms\n"
    );
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

#[test]
fn deterministic_sleeps_take_no_time() {
    let sleep = guest("vsleep", SLEEP_AN_HOUR);
    let (out, took) = wasi_run(&["--deterministic", &sleep]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn max_memory_makes_a_grow_fail_in_the_guest_and_a_big_module_fail_to_start() {
    let grow = guest("grow", GROW_A_GIB);
    let (out, _) = wasi_run(&["--max-memory", "64M", &grow]);
    assert_eq!(out.status.code(), Some(7), "refused: {}", stderr(&out));
    let (out, _) = wasi_run(&[&grow]);
    assert_eq!(out.status.code(), Some(9), "granted without the limit");
    let big = guest(
        "big",
        r#"(module (memory (export "memory") 2000) (func (export "_start")))"#,
    );
    let (out, _) = wasi_run(&["--max-memory=64MiB", &big]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "wasi-run: cannot instantiate {big}: its memory is larger than --max-memory \
             (67108864 bytes)\n"
        )
    );
}

#[test]
fn max_fds_caps_the_table() {
    // stdio and one preopen are 4 fds: opening "." from the preopen is the fifth.
    let open = guest(
        "open",
        r#"(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) ".")
  (func (export "_start")
    (call $exit (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1)
      (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 8)))))"#,
    );
    let (out, _) = wasi_run(&["--max-fds", "4", "--dir-mem", "::/", &open]);
    assert_eq!(out.status.code(), Some(33), "EMFILE: {}", stderr(&out));
    let (out, _) = wasi_run(&["--max-fds", "5", "--dir-mem", "::/", &open]);
    assert_eq!(out.status.code(), Some(0));
    let (out, _) = wasi_run(&["--max-fds", "3", "--dir-mem", "::/", &open]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "wasi-run: max_open_fds is too small for the preopens\n"
    );
}

/// Two runs of `args` (after `--deterministic=SEED --trace-format json --trace-file F`):
/// (stdout, trace) of each.
fn twice(seed: &str, args: &[&str]) -> [(Vec<u8>, String); 2] {
    let dir = fresh_dir("det");
    [0, 1].map(|i| {
        let trace = dir.join(format!("trace{i}.json"));
        let trace_arg = trace.to_string_lossy().into_owned();
        let mut all = vec!["--deterministic=".to_owned() + seed];
        all.extend(["--trace-format", "json", "--trace-file", &trace_arg].map(String::from));
        all.extend(args.iter().map(|a| a.to_string()));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let (out, _) = wasi_run(&refs);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        (out.stdout, std::fs::read_to_string(&trace).unwrap())
    })
}

#[test]
fn deterministic_runs_give_identical_stdout_and_traces_on_real_guests() {
    let wat = guest("random", RANDOM_OUT);
    let guests: [&[&str]; 4] = [
        &["examples/c/hello.wasm", "x", "y"],
        &[
            "--dir-mem",
            "examples::/ex",
            "examples/c/readdir.wasm",
            "/ex",
        ],
        &["conformance/corpus/as/clock_random.wasm"],
        &[&wat],
    ];
    for args in guests {
        let [(out1, trace1), (out2, trace2)] = twice("7", args);
        assert_eq!(out1, out2, "{args:?}: stdout differs");
        assert_eq!(trace1, trace2, "{args:?}: trace differs");
        assert!(trace1.lines().count() >= 3, "{args:?}: {trace1}");
    }
    // The random bytes depend on the seed; the clock does not.
    let [(seven, _), _] = twice("7", &[&wat]);
    let [(eight, _), _] = twice("8", &[&wat]);
    assert_eq!(seven.len(), 24);
    assert_ne!(seven[..16], eight[..16]);
    assert_eq!(seven[16..], eight[16..]);
    let [(zero, _), _] = twice("0", &[&wat]);
    let (plain, _) = wasi_run(&["--deterministic", &wat]);
    assert_eq!(plain.stdout, zero, "--deterministic is seed 0");
}

#[test]
fn deterministic_with_a_host_directory_warns_in_one_line() {
    let wat = guest("warn", r#"(module (func (export "_start")))"#);
    let (out, _) = wasi_run(&["--deterministic", "--dir", "examples::/ex", &wat]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "wasi-run: warning: --deterministic with a host directory (examples): the guest \
         sees its inode numbers and times; --dir-mem HOST::GUEST is reproducible\n"
    );
    let (out, _) = wasi_run(&["--deterministic", "--dir-mem", "examples::/ex", &wat]);
    assert_eq!(stderr(&out), "");
}

#[test]
fn bad_limit_values_are_one_line_errors() {
    let wat = guest("bad", r#"(module (func (export "_start")))"#);
    for (args, message) in [
        (["--fuel", "lots"], "--fuel takes a count, not \"lots\""),
        (
            ["--timeout", "0s"],
            "--timeout takes a duration (like 500ms, 10s, 2m), not \"0s\"",
        ),
        (
            ["--timeout", "5x"],
            "--timeout takes a duration (like 500ms, 10s, 2m), not \"5x\"",
        ),
        (
            ["--max-memory", "1X"],
            "--max-memory takes a byte count (like 4096, 64K, 2M, 1GiB), not \"1X\"",
        ),
        (["--max-fds", "-1"], "--max-fds takes a count, not \"-1\""),
    ] {
        let (out, _) = wasi_run(&[args[0], args[1], &wat]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), format!("wasi-run: {message}\n"), "{args:?}");
    }
    let (out, _) = wasi_run(&["--deterministic=x", &wat]);
    assert_eq!(
        stderr(&out),
        "wasi-run: --deterministic takes a seed (0 to 2^64-1), not \"x\"\n"
    );
}
