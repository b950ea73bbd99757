//! Golden tests of `wasi-run --trace`: the text and JSON traces of `examples/files.wat` (the
//! main fd and path calls, a failed open, an escape attempt, readdir, clock, poll, random,
//! proc_exit) are pinned in `tests/golden/`, with inode, device, time and cookie numbers
//! normalized. `BLESS=1 cargo test -p wasi-run --test trace` rewrites them after a deliberate
//! format change.

mod support;

use support::{check_golden, files_trace, fresh_dir, normalize, repo, run_traced};

#[test]
fn text_trace_of_the_tour() {
    let (stdout, trace) = files_trace(&["--trace"]);
    assert_eq!(stdout, "done\n");
    check_golden(&repo().join("runner/tests/golden/files.trace"), &trace);
}

#[test]
fn json_trace_of_the_tour() {
    let (_, trace) = files_trace(&["--trace-format=json"]);
    for line in trace.lines() {
        assert!(
            line.starts_with("{\"call\":\"") && line.ends_with('}'),
            "{line}"
        );
    }
    check_golden(
        &repo().join("runner/tests/golden/files.trace.jsonl"),
        &trace,
    );
}

#[test]
fn families_filter_the_trace() {
    let (_, trace) = files_trace(&["--trace=clock,poll"]);
    let names: Vec<&str> = trace
        .lines()
        .map(|l| l.split('(').next().unwrap_or_default())
        .collect();
    assert_eq!(names, ["clock_time_get", "poll_oneoff"]);
}

#[test]
fn trace_file_gets_the_lines_and_stderr_stays_quiet() {
    let dir = fresh_dir("tracefile");
    let file = dir.join("t.log");
    let (stdout, stderr) = run_traced(&[
        "--trace=args",
        "--trace-file",
        file.to_str().unwrap(),
        "examples/hello.wat",
        "x",
    ]);
    assert!(stdout.starts_with("hello from wasi-run\n"));
    assert_eq!(stderr, "");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        normalize(&written),
        "args_sizes_get() = SUCCESS, argc=2, argv_buf_size=21\n\
         args_get(argv=0x1000, argv_buf=0x1008) = SUCCESS, argv=[\"examples/hello.wat\", \"x\"]\n\
         environ_sizes_get() = SUCCESS, environc=0, environ_buf_size=0\n\
         environ_get(environ=0x1000, environ_buf=0x1000) = SUCCESS, environ=[]\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_traps_and_bad_arguments_are_traced() {
    let dir = fresh_dir("tracetrap");
    let guest = dir.join("bad.wat");
    std::fs::write(
        &guest,
        r#"(module
  (import "wasi_snapshot_preview1" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $seek (i32.const 1) (i64.const -5) (i32.const 7) (i32.const 8)))
    (drop (call $clock (i32.const 9) (i64.const 0) (i32.const 8)))
    (drop (call $write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 8)))))"#,
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .arg("--trace")
        .arg(&guest)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(134));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "fd_seek(fd=1, offset=-5, whence=0x7(invalid)) = EINVAL",
            "clock_time_get(id=0x9(invalid), precision=0) = EINVAL",
            "fd_write(fd=1, iovs=0xfffc) = trap: pointer argument out of bounds of linear memory",
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
