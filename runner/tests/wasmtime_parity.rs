//! What a `wasmtime run` user reaches for, on every engine this build has: the `run`
//! subcommand, `--invoke` and reactors, `--argv0`, `--inherit-env` / `-S inherit-env`,
//! `-S tcplisten`, the `-W` limits, exit codes outside 0..=125, and the one-line errors for
//! modules that cannot run.

mod support;

use std::process::{Command, Output, Stdio};
use support::{fresh_dir, repo};

/// The engines of this build.
fn engines() -> Vec<&'static str> {
    let mut list = vec!["wasmi"];
    if cfg!(feature = "wasmtime") {
        list.extend(["pulley", "wasmtime"]);
    }
    list
}

/// Runs wasi-run with `--engine engine` and `args` (a leading `run` stays first).
fn wasi_run(engine: &str, args: &[&str]) -> Output {
    let (run, args) = match args.split_first() {
        Some((&"run", rest)) => (&["run"][..], rest),
        _ => (&[][..], args),
    };
    Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args(run)
        .arg("--engine")
        .arg(engine)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `contents` to a fresh file named `name` and answers its path.
fn file(tag: &str, name: &str, contents: &[u8]) -> String {
    let path = fresh_dir(tag).join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

/// Asserts exit 2 and exactly `wasi-run: {message}` on stderr, nothing on stdout.
fn assert_refused(out: &Output, message: &str) {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    assert_eq!(stderr(out), format!("wasi-run: {message}\n"));
    assert!(out.stdout.is_empty(), "{}", stdout(out));
}

#[test]
fn invoke_calls_a_reactors_export_and_prints_its_results() {
    for engine in engines() {
        let out = wasi_run(
            engine,
            &["--invoke", "add", "examples/reactor.wat", "1", "2"],
        );
        assert_eq!(
            (out.status.code(), stdout(&out)),
            (Some(0), "3\n".into()),
            "{engine}"
        );
        assert!(out.stderr.is_empty(), "{engine}: {}", stderr(&out));
        // `_initialize` ran first: it set the global `add_base` adds.
        let out = wasi_run(engine, &["--invoke=add_base", "examples/reactor.wat", "-5"]);
        assert_eq!(stdout(&out), "95\n", "{engine}");
        // Floats in and out, two results, one per line.
        let out = wasi_run(
            engine,
            &["--invoke", "divide", "examples/reactor.wat", "7", "2"],
        );
        assert_eq!(stdout(&out), "3.5\n9\n", "{engine}");
        // The export may call WASI; its output comes before its result.
        let out = wasi_run(engine, &["--invoke", "greet", "examples/reactor.wat"]);
        assert_eq!(stdout(&out), "hello from a reactor\n0\n", "{engine}");
        // --invoke works on a command too, without running `_start`.
        let cmd = file(
            "invoke-cmd",
            "cmd.wat",
            br#"(module (func (export "_start") unreachable)
                (func (export "answer") (result i64) (i64.const -42)))"#,
        );
        let out = wasi_run(engine, &["--invoke", "answer", &cmd]);
        assert_eq!(
            (out.status.code(), stdout(&out)),
            (Some(0), "-42\n".into()),
            "{engine}"
        );
    }
}

#[test]
fn reactors_and_invoke_mistakes_get_one_line_each() {
    let reactor = "examples/reactor.wat";
    for engine in engines() {
        assert_refused(
            &wasi_run(engine, &[reactor]),
            "examples/reactor.wat: the module is a reactor (it exports `_initialize` and no \
             `_start`): name the function to call (its function exports: add, add_base, \
             divide, greet) with --invoke NAME [ARGS...]",
        );
        assert_refused(
            &wasi_run(engine, &["--invoke", "mul", reactor]),
            "examples/reactor.wat: the module exports no function `mul` (its function \
             exports: add, add_base, divide, greet)",
        );
        assert_refused(
            &wasi_run(engine, &["--invoke", "add", reactor, "1"]),
            "--invoke add: it takes 2 arguments (func (param i32 i32) (result i32)), and 1 \
             was given",
        );
        assert_refused(
            &wasi_run(engine, &["--invoke", "add", reactor, "1", "two"]),
            "--invoke add: argument 2 is \"two\", not an i32",
        );
    }
}

#[test]
fn the_run_subcommand_and_argv0() {
    for engine in engines() {
        let out = wasi_run(engine, &["run", "examples/hello.wat", "a"]);
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("arg 0: examples/hello.wat\narg 1: a\n"),
            "{engine}"
        );
        // Only the first word counts as the subcommand: later, `run` is the guest's.
        let out = wasi_run(
            engine,
            &["run", "--argv0", "tool", "examples/hello.wat", "run"],
        );
        assert!(
            stdout(&out).contains("arg 0: tool\narg 1: run\n"),
            "{engine}: {}",
            stdout(&out)
        );
        let out = wasi_run(engine, &["--argv0=", "examples/hello.wat"]);
        assert!(stdout(&out).contains("arg 0: \n"), "{engine}");
    }
}

#[test]
fn inherit_env_in_both_spellings_with_env_set_over_it() {
    for engine in engines() {
        for spelling in [
            &["--inherit-env"][..],
            &["-S", "inherit-env"],
            &["-Sinherit-env=y"],
        ] {
            let mut args = spelling.to_vec();
            args.extend(["--env", "WASI_RUN_PARITY=over", "examples/hello.wat"]);
            let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
                .current_dir(repo())
                .arg("--engine")
                .arg(engine)
                .args(&args)
                .env_clear()
                .env("WASI_RUN_PARITY", "host")
                .env("WASI_RUN_OTHER", "kept")
                .output()
                .unwrap();
            let text = stdout(&out);
            assert!(
                text.contains("env: WASI_RUN_OTHER=kept\n"),
                "{engine} {spelling:?}: {text}"
            );
            assert!(text.contains("env: WASI_RUN_PARITY=over\n"), "{text}");
            assert!(!text.contains("=host"), "{text}");
        }
        // `-S inherit-env=n` (and no flag) passes nothing of the host.
        let out = wasi_run(engine, &["-S", "inherit-env=n", "examples/hello.wat"]);
        assert!(!stdout(&out).contains("env:"), "{}", stdout(&out));
    }
}

#[test]
fn env_for_a_variable_the_host_lacks_warns() {
    let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args([
            "--env",
            "WASI_RUN_NOT_SET_ANYWHERE",
            "--env",
            "PRESENT",
            "examples/hello.wat",
        ])
        .env_remove("WASI_RUN_NOT_SET_ANYWHERE")
        .env("PRESENT", "yes")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "wasi-run: warning: --env WASI_RUN_NOT_SET_ANYWHERE: the host has no such variable, so \
         the guest does not get it\n"
    );
    assert!(stdout(&out).contains("env: PRESENT=yes\n"));
}

#[test]
fn w_and_s_spellings_map_onto_the_native_flags() {
    let spin = file(
        "w-spin",
        "spin.wat",
        br#"(module (func (export "_start") (loop (br 0))))"#,
    );
    for engine in engines() {
        let out = wasi_run(engine, &["-W", "fuel=100000", &spin]);
        assert_eq!(out.status.code(), Some(152), "{engine}: {}", stderr(&out));
        let out = wasi_run(engine, &["-W", "timeout=300ms", &spin]);
        assert_eq!(out.status.code(), Some(142), "{engine}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "wasi-run: the guest ran past --timeout 300ms\n"
        );
        let grow = file(
            "w-grow",
            "grow.wat",
            br#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
                (memory 1) (func (export "_start")
                (call $e (i32.add (i32.const 1) (memory.grow (i32.const 16))))))"#,
        );
        // 16 more pages (1 MiB) do not fit under 512 KiB: memory.grow answers -1, exit 0.
        let out = wasi_run(engine, &["-W", "max-memory-size=524288", &grow]);
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        let out = wasi_run(engine, &[&grow]);
        assert_eq!(out.status.code(), Some(2), "{engine}: grew from page 1");
    }
    // -S tcplisten= gives the guest a listening socket after the preopens, as --tcplisten.
    let out = wasi_run(
        "wasmi",
        &[
            "-S",
            "tcplisten=127.0.0.1:0",
            "--trace=fd",
            "examples/hello.wat",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("fd_prestat_get(fd=3)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_and_unsupported_s_and_w_keys_are_refused_naming_them() {
    for (args, message) in [
        (
            &["-S", "nope", "m.wasm"][..],
            "-S nope: unknown WASI option (wasi-run knows -S inherit-env and -S tcplisten=ADDR)",
        ),
        (
            &["-S", "inherit-network", "m.wasm"],
            "-S inherit-network: not supported by wasi-run (the guest's sockets are allowed rule by rule: --net-allow RULE)",
        ),
        (
            &["-S", "preview2=n", "m.wasm"],
            "-S preview2: not supported by wasi-run (wasi-run runs preview1 modules, not components)",
        ),
        (
            &["-S", "inherit-env=maybe", "m.wasm"],
            "-S inherit-env takes y or n, not \"maybe\"",
        ),
        (
            &["-S", "tcplisten", "m.wasm"],
            "-S tcplisten needs ADDR:PORT (-S tcplisten=127.0.0.1:8080)",
        ),
        (
            &["-W", "threads=y", "m.wasm"],
            "-W threads: not supported by wasi-run (it knows -W fuel=N, -W timeout=DURATION and -W max-memory-size=BYTES; each engine enables the proposals it has)",
        ),
        (
            &["-W", "fuel", "m.wasm"],
            "-W fuel needs a value (-W fuel=...)",
        ),
        (
            &["-W", "fuel=lots", "m.wasm"],
            "-W fuel takes a count, not \"lots\"",
        ),
        (&["-W"], "-W needs a value"),
    ] {
        assert_refused(&wasi_run("wasmi", args), message);
    }
}

const EXIT_WAT: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start") (call $exit (i32.const CODE))))"#;

#[test]
fn exit_codes_outside_0_to_125_are_never_passed_on_silently() {
    for engine in engines() {
        for (code, shown) in [
            ("126", "126"),
            ("134", "134"),
            ("255", "255"),
            ("256", "256"),
            ("300", "300"),
            ("-1", "4294967295 (-1 as i32)"),
        ] {
            let guest = file(
                &format!("exit{code}"),
                "exit.wat",
                EXIT_WAT.replace("CODE", code).as_bytes(),
            );
            let out = wasi_run(engine, &[&guest]);
            assert_eq!(out.status.code(), Some(1), "{engine}: proc_exit({code})");
            assert_eq!(
                stderr(&out),
                format!(
                    "wasi-run: the guest exited with code {shown}, outside 0..=125, which an exit \
                     status cannot carry unchanged: exit status 1\n"
                ),
                "{engine}"
            );
        }
        let guest = file(
            "exit125",
            "exit.wat",
            EXIT_WAT.replace("CODE", "125").as_bytes(),
        );
        let out = wasi_run(engine, &[&guest]);
        assert_eq!(
            (out.status.code(), out.stderr.len()),
            (Some(125), 0),
            "{engine}"
        );
    }
}

#[test]
fn files_that_are_not_modules_say_why_for_both_formats() {
    let empty = file("bad-empty", "empty.wasm", b"");
    let random = file(
        "bad-random",
        "random.wasm",
        &[0x9e, 0x87, 0x75, 0x4b, 0xff, 0x00, 0x13],
    );
    let prose = file("bad-prose", "prose.wasm", b"hello world\n");
    let tiny = file("bad-tiny", "tiny.wasm", b"ab");
    let broken = file("bad-text", "broken.wat", b"  (module (func");
    for engine in engines() {
        assert_refused(
            &wasi_run(engine, &[&empty]),
            &format!(
                "{empty}: nothing to run: the module is empty (0 bytes); a module is either the \
                 binary format (starting with \\0asm) or the text format"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&random]),
            &format!(
                "{random}: not a WebAssembly module: it does not start with the \\0asm magic \
                 (its first bytes are [9e, 87, 75, 4b]), and it is not the text format either \
                 (not UTF-8)"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&prose]),
            &format!(
                "{prose}: not a WebAssembly module: it does not start with the \\0asm magic \
                 (its first bytes are [68, 65, 6c, 6c]), and as the text format: expected `(` \
                 at {prose}:1:1"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&tiny]),
            &format!(
                "{tiny}: not a WebAssembly module: it is too short for the \\0asm magic (2 \
                 bytes), and as the text format: expected `(` at {tiny}:1:1"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&broken]),
            &format!("{broken}: invalid text format: expected `)` at {broken}:1:16"),
        );
    }
}

#[test]
fn modules_that_do_not_fit_preview1_are_refused_before_they_run() {
    let wrong = file(
        "fit-type",
        "wrong.wat",
        br#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32) (result i32)))
            (memory (export "memory") 1) (func (export "_start")))"#,
    );
    // `_start` would print before any call could trap: the check comes first.
    let no_memory = file(
        "fit-mem",
        "nomem.wat",
        br#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
            (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
            (memory 1) (func (export "_start") (call $e (i32.const 7))))"#,
    );
    let preview0 = file(
        "fit-p0",
        "p0.wat",
        br#"(module (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
            (import "env" "other" (func)) (memory (export "memory") 1) (func (export "_start")))"#,
    );
    for engine in engines() {
        assert_refused(
            &wasi_run(engine, &[&wrong]),
            &format!(
                "{wrong}: the module imports `wasi_snapshot_preview1`.`fd_write` as (func (param \
                 i32 i32) (result i32)), but its type is (func (param i32 i32 i32 i32) (result \
                 i32))"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&no_memory]),
            &format!(
                "{no_memory}: the module imports `args_sizes_get`, which takes pointers into \
                 linear memory, but exports no memory named `memory`"
            ),
        );
        assert_refused(
            &wasi_run(engine, &[&preview0]),
            &format!(
                "{preview0}: the module imports `wasi_unstable`.`fd_write`: that is WASI \
                 preview0, the ABI before wasi_snapshot_preview1, which this host does not \
                 provide; rebuild the guest for wasi_snapshot_preview1 (the wasm32-wasip1 \
                 target)"
            ),
        );
    }
}

#[test]
fn a_trap_names_the_trap_and_where_the_engine_reports_it() {
    let guest = file(
        "trap-where",
        "trap.wat",
        br#"(module (func $divide (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
            (func (export "_start") (drop (call $divide (i32.const 0)))))"#,
    );
    for engine in engines() {
        let out = wasi_run(engine, &[&guest]);
        assert_eq!(out.status.code(), Some(134), "{engine}");
        let want = match engine {
            // wasmi reports no frames.
            "wasmi" => "wasi-run: guest trapped: integer divide by zero\n".to_owned(),
            // The name section's `divide`, and the offset of its i32.div_s.
            _ => "wasi-run: guest trapped: wasm trap: integer divide by zero in function \
                  `divide` at offset 0x2d\n"
                .to_owned(),
        };
        assert_eq!(stderr(&out), want, "{engine}");
    }
}
