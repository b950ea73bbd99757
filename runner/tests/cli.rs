//! The `wasi-run` command, run as a process: what the guest sees and every exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wasi_run() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wasi-run"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A temp dir removed when dropped.
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh temp dir holding `files` (name, contents).
fn workdir(tag: &str, files: &[(&str, &[u8])]) -> TempDir {
    let dir = std::env::temp_dir().join(format!("wasi-run-cli-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
    TempDir(dir)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts a start failure: exit 2 and exactly one line on stderr containing `needle`.
fn assert_start_failure(out: &Output, needle: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line expected: {stderr}");
    assert!(stderr.starts_with("wasi-run: "), "{stderr}");
    assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
    assert!(out.stdout.is_empty());
}

/// Copies stdin to stdout in 7-byte reads through two iovecs, then exits with the
/// `fs_filetype` of fd 1 as `fd_fdstat_get` reports it.
const ECHO_WAT: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1000)) (i32.store (i32.const 4) (i32.const 3))
    (i32.store (i32.const 8) (i32.const 1003)) (i32.store (i32.const 12) (i32.const 4))
    (block $eof (loop $more
      (if (call $read (i32.const 0) (i32.const 0) (i32.const 2) (i32.const 32))
        (then (call $exit (i32.const 99))))
      (br_if $eof (i32.eqz (i32.load (i32.const 32))))
      (i32.store (i32.const 16) (i32.const 1000))
      (i32.store (i32.const 20) (i32.load (i32.const 32)))
      (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 36)))
      (br $more)))
    (drop (call $fdstat (i32.const 1) (i32.const 64)))
    (call $exit (i32.load8_u (i32.const 64)))))"#;

const EXIT_WAT: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const CODE))))"#;

#[test]
fn guest_sees_exactly_the_given_args_env_and_preopens() {
    let hello = std::fs::read(repo().join("examples/hello.wat")).unwrap();
    let dir = workdir("exact", &[("m.wasm", &hello)]);
    std::fs::create_dir(dir.join("X")).unwrap();
    let out = wasi_run()
        .current_dir(&dir)
        .env("HOST_ONLY_VARIABLE", "must not leak")
        .args(["--dir", "X::/", "--env", "A=b", "m.wasm", "x", "y"])
        .output()
        .unwrap();
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "hello from wasi-run\narg 0: m.wasm\narg 1: x\narg 2: y\nenv: A=b\npreopen 3: /\n"
    );
}

#[test]
fn args_after_the_module_are_the_guests_even_when_they_look_like_options() {
    let hello = repo().join("examples/hello.wat");
    let out = wasi_run()
        .arg("--env=PASSED")
        .arg(&hello)
        .args(["--", "--dir", "-x", "--"])
        .env("PASSED", "through")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = format!(
        "hello from wasi-run\narg 0: {}\narg 1: --dir\narg 2: -x\narg 3: --\nenv: PASSED=through\n",
        hello.display()
    );
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn several_preopens_get_fds_in_order_and_guest_names_default_to_the_host_path() {
    let dir = workdir("preopens", &[]);
    std::fs::create_dir(dir.join("a")).unwrap();
    let out = wasi_run()
        .current_dir(&dir)
        .args(["--dir", "a::/data", "--dir", "a", "--dir", ".::."])
        .arg(repo().join("examples/hello.wat"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.ends_with("preopen 3: /data\npreopen 4: a\npreopen 5: .\n"),
        "{stdout}"
    );
}

#[test]
fn the_c_example_runs() {
    let out = wasi_run()
        .args(["--env", "A=b"])
        .arg(repo().join("examples/c/hello.wasm"))
        .args(["x", "y"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("hello from C on wasi-run\nargv[0] = "),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("hello.wasm\nargv[1] = x\nargv[2] = y\nenv: A=b\nclock: ok\nrandom: ok\n"),
        "{stdout}"
    );
}

#[test]
fn exit_status_is_the_proc_exit_code() {
    // Codes outside 0..=125 are refused instead (tests/wasmtime_parity.rs).
    for (code, status) in [(0, 0), (1, 1), (42, 42), (125, 125)] {
        let wat = EXIT_WAT.replace("CODE", &code.to_string());
        let dir = workdir(&format!("exit{code}"), &[("exit.wat", wat.as_bytes())]);
        let out = wasi_run().arg(dir.join("exit.wat")).output().unwrap();
        assert_eq!(out.status.code(), Some(status), "proc_exit({code})");
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }
}

#[test]
fn exit_status_is_0_when_start_returns() {
    let wat = r#"(module (memory (export "memory") 1) (func (export "_start")))"#;
    let dir = workdir("return", &[("ok.wat", wat.as_bytes())]);
    let out = wasi_run().arg(dir.join("ok.wat")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn a_trap_exits_134_with_a_message() {
    let run = r#"(module (func (export "_start") unreachable))"#;
    let start = r#"(module (func $s (i32.div_u (i32.const 1) (i32.const 0)) drop) (start $s)
        (func (export "_start")))"#;
    let dir = workdir(
        "trap",
        &[("run.wat", run.as_bytes()), ("start.wat", start.as_bytes())],
    );
    for (name, needle) in [("run.wat", "unreachable"), ("start.wat", "divi")] {
        let out = wasi_run().arg(dir.join(name)).output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(134), "{name}: {stderr}");
        assert!(stderr.starts_with("wasi-run: guest trapped: "), "{stderr}");
        assert!(
            stderr.to_lowercase().contains(needle),
            "{needle} not in {stderr}"
        );
    }
}

#[test]
fn a_missing_module_file_exits_2() {
    let out = wasi_run()
        .arg("/definitely/not/here.wasm")
        .output()
        .unwrap();
    assert_start_failure(&out, "cannot read module /definitely/not/here.wasm");
}

#[test]
fn a_bad_module_exits_2() {
    let dir = workdir(
        "bad",
        &[
            ("junk.wasm", b"\0asm\x01\0\0\0\xff\xff"),
            ("bad.wat", b"(module (func"),
        ],
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("junk.wasm")).output().unwrap(),
        "invalid module",
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("bad.wat")).output().unwrap(),
        "bad.wat: invalid text format: expected `)` at ",
    );
}

#[test]
fn a_module_without_start_exits_2() {
    let dir = workdir(
        "nostart",
        &[
            ("lib.wat", br#"(module (func (export "main")))"#),
            (
                "odd.wat",
                br#"(module (func (export "_start") (param i32)))"#,
            ),
        ],
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("lib.wat")).output().unwrap(),
        "no `_start`",
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("odd.wat")).output().unwrap(),
        "`_start` is not",
    );
}

#[test]
fn an_unknown_import_exits_2_naming_it() {
    let other = r#"(module (import "env" "foo" (func)) (func (export "_start")))"#;
    let typo =
        r#"(module (import "wasi_snapshot_preview1" "fd_wirte" (func)) (func (export "_start")))"#;
    let wrong_type = r#"(module (import "wasi_snapshot_preview1" "fd_close" (func (param i64))) (func (export "_start")))"#;
    let dir = workdir(
        "imports",
        &[
            ("other.wat", other.as_bytes()),
            ("typo.wat", typo.as_bytes()),
            ("type.wat", wrong_type.as_bytes()),
        ],
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("other.wat")).output().unwrap(),
        "unknown import `env`.`foo`",
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("typo.wat")).output().unwrap(),
        "the module imports `wasi_snapshot_preview1`.`fd_wirte`, which is not a \
         wasi_snapshot_preview1 function",
    );
    assert_start_failure(
        &wasi_run().arg(dir.join("type.wat")).output().unwrap(),
        "type.wat: the module imports `wasi_snapshot_preview1`.`fd_close` as (func (param \
         i64)), but its type is (func (param i32) (result i32))",
    );
}

#[test]
fn a_bad_flag_exits_2() {
    let hello = repo().join("examples/hello.wat");
    assert_start_failure(
        &wasi_run().arg("--frobnicate").arg(&hello).output().unwrap(),
        "unknown option `--frobnicate`",
    );
    assert_start_failure(
        &wasi_run().arg("--dir").output().unwrap(),
        "--dir needs a value",
    );
    assert_start_failure(&wasi_run().output().unwrap(), "no MODULE");
    assert_start_failure(
        &wasi_run()
            .args(["--dir", "/no/such/dir::/"])
            .arg(&hello)
            .output()
            .unwrap(),
        "cannot preopen directory /no/such/dir",
    );
    assert_start_failure(
        &wasi_run()
            .args(["--env", "=x"])
            .arg(&hello)
            .output()
            .unwrap(),
        "empty name",
    );
}

#[test]
fn memory_and_overlay_preopen_failures_exit_2_naming_the_cause() {
    let hello = repo().join("examples/hello.wat");
    let run = |args: &[&str]| wasi_run().args(args).arg(&hello).output().unwrap();
    assert_start_failure(
        &run(&["--dir-mem", "/no/such/dir::/m"]),
        "--dir-mem: cannot load /no/such/dir: not a directory",
    );
    assert_start_failure(
        &run(&["--dir-overlay", "/no/such/dir::/o"]),
        "--dir-overlay: cannot open /no/such/dir",
    );
    let dir = workdir("mem-limit", &[("big", &[0u8; 5000])]);
    let spec = format!("{}::/m", dir.display());
    assert_start_failure(
        &run(&["--dir-mem-limit", "4K", "--dir-mem", &spec]),
        "the tree holds more than --dir-mem-limit (4096 bytes)",
    );
    assert_start_failure(
        &run(&["--dir-mem-limit", "lots", "--dir-mem", &spec]),
        "--dir-mem-limit takes a byte count",
    );
    assert_start_failure(
        &run(&["--dir-overlay", "::/o"]),
        "--dir-overlay needs a host directory",
    );
    // Within the limit it loads, and an empty in-memory directory needs no host path.
    let out = run(&[
        "--dir-mem-limit",
        "8K",
        "--dir-mem",
        &spec,
        "--dir-mem",
        "::/scratch",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("preopen 3: /m") && stdout.contains("preopen 4: /scratch"),
        "{stdout}"
    );
}

#[test]
fn help_and_version() {
    let out = wasi_run().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.starts_with("Usage: wasi-run [run] [OPTIONS] MODULE [--] [ARGS...]"));
    // Every option is in --help and in the README's copy of it.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for flag in [
        "--engine",
        "--cache",
        "--dir ",
        "--dir-ro",
        "--dir-mem ",
        "--dir-overlay",
        "--dir-mem-limit",
        "--path-resolver",
        "--tcplisten",
        "--yield-host-thread",
        "--trace",
        "--trace-file",
        "--trace-format",
        "--deterministic",
        "--fuel",
        "--timeout",
        "--max-memory",
        "--max-fds",
        "--env KEY=VALUE",
        "--env KEY ",
        "--inherit-env",
        "--argv0",
        "--net-allow",
        "--net-deny",
        "--invoke",
        "-S KEY",
        "-W KEY",
        "-C cache",
        "-h, --help",
        "-V, --version",
    ] {
        assert!(help.contains(&format!("  {flag}")), "--help lacks {flag}");
        assert!(readme.contains(&format!("  {flag}")), "README lacks {flag}");
    }
    let out = wasi_run().arg("-V").output().unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("wasi-run {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn inherited_stdin_and_stdout_through_pipes_and_a_file() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = workdir("echo", &[("echo.wat", ECHO_WAT.as_bytes())]);
    let input: Vec<u8> = (0..2000u32).map(|i| (i % 251) as u8).collect();
    // Stdout is a pipe: the bytes come back and fd 1's type is `unknown` (0).
    let mut child = wasi_run()
        .arg(dir.join("echo.wat"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.stdout, input);
    assert_eq!(out.status.code(), Some(0), "pipe is filetype unknown");
    // Stdout is a regular file: type `regular_file` (4).
    let file = std::fs::File::create(dir.join("out.bin")).unwrap();
    let status = wasi_run()
        .arg(dir.join("echo.wat"))
        .stdin(std::fs::File::open(dir.join("echo.wat")).unwrap())
        .stdout(file)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4));
    assert_eq!(
        std::fs::read(dir.join("out.bin")).unwrap(),
        ECHO_WAT.as_bytes()
    );
}

#[test]
fn a_bad_pointer_traps_naming_the_function() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")
        (i32.store (i32.const 0) (i32.const 65530)) (i32.store (i32.const 4) (i32.const 10))
        (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;
    let dir = workdir("badptr", &[("bad.wat", wat.as_bytes())]);
    let out = wasi_run().arg(dir.join("bad.wat")).output().unwrap();
    assert_eq!(out.status.code(), Some(134));
    assert!(out.stdout.is_empty(), "nothing may be written");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("fd_write: pointer argument out of bounds of linear memory"),
        "{stderr}"
    );
}

#[test]
fn a_guest_starts_under_a_low_fd_limit() {
    // `ulimit -n` sets the hard limit too, so wasi-run cannot raise its soft limit past 64.
    let dir = workdir("lowfds", &[]);
    std::fs::create_dir(dir.join("a")).unwrap();
    let out = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg("ulimit -n 64 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_wasi-run"))
        .args(["--dir", "a::/data", "--dir", ".::.", "--env", "A=b"])
        .arg(repo().join("examples/hello.wat"))
        .arg("x")
        .output()
        .unwrap();
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!(
            "hello from wasi-run\narg 0: {}\narg 1: x\nenv: A=b\npreopen 3: /data\npreopen 4: .\n",
            repo().join("examples/hello.wat").display()
        )
    );
}
