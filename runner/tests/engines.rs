//! `--engine`: without the `wasmtime` feature, a clear refusal; with it, every engine runs the
//! same guests with the same exit statuses, messages and limits.

mod support;

use std::process::{Command, Output, Stdio};
#[cfg(feature = "wasmtime")]
use support::fresh_dir;
use support::repo;

fn wasi_run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[cfg(feature = "wasmtime")]
fn guest(tag: &str, wat: &str) -> String {
    let path = fresh_dir(tag).join(format!("{tag}.wat"));
    std::fs::write(&path, wat).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn an_unknown_engine_is_a_one_line_error() {
    let out = wasi_run(&["--engine", "v8", "examples/hello.wat"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "wasi-run: --engine takes wasmi, pulley or wasmtime, not \"v8\"\n"
    );
}

#[cfg(not(feature = "wasmtime"))]
#[test]
fn without_the_feature_wasmtime_engines_are_refused_with_the_build_command() {
    for engine in ["pulley", "wasmtime"] {
        let out = wasi_run(&["--engine", engine, "examples/hello.wat"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "wasi-run: --engine {engine}: this wasi-run was built without wasmtime (build \
                 it with `cargo build --release -p wasi-run --features wasmtime`)\n"
            )
        );
    }
}

#[cfg(feature = "wasmtime")]
#[test]
fn every_engine_gives_the_same_output_statuses_and_messages() {
    let exit = guest(
        "exit",
        r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
            (memory (export "memory") 1) (func (export "_start") (call $e (i32.const 300))))"#,
    );
    let trap = guest(
        "trap",
        r#"(module (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
            (memory (export "memory") 1)
            (func (export "_start") (drop (call $w (i32.const 1) (i32.const 65536) (i32.const 1) (i32.const 0)))))"#,
    );
    let spin = guest(
        "spin",
        r#"(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))"#,
    );
    let hello = wasi_run(&["examples/hello.wat", "a"]);
    for engine in ["wasmi", "pulley", "wasmtime"] {
        let run = |args: &[&str]| {
            let mut all = vec!["--engine", engine];
            all.extend_from_slice(args);
            wasi_run(&all)
        };
        let out = run(&["examples/hello.wat", "a"]);
        assert_eq!(out.stdout, hello.stdout, "{engine}");
        let out = run(&[&exit]);
        assert_eq!(out.status.code(), Some(1), "{engine}: 300 is refused");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .starts_with("wasi-run: the guest exited with code 300,"),
            "{engine}"
        );
        let out = run(&[&trap]);
        assert_eq!(out.status.code(), Some(134), "{engine}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("wasi-run: guest trapped: fd_write: pointer argument out of bounds")
                && stderr.lines().count() == 1,
            "{engine}: {stderr}"
        );
        let out = run(&["--fuel", "100000", &spin]);
        assert_eq!(out.status.code(), Some(152), "{engine}");
        let out = run(&["--timeout", "300ms", &spin]);
        assert_eq!(out.status.code(), Some(142), "{engine}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "wasi-run: the guest ran past --timeout 300ms\n"
        );
    }
}

#[cfg(feature = "wasmtime")]
#[test]
fn pulley_refuses_atomics_naming_the_engine_and_the_proposal() {
    let atomic = guest(
        "atomic",
        r#"(module (memory (export "memory") 1 1 shared)
            (func (export "_start") (drop (i32.atomic.load (i32.const 0)))))"#,
    );
    let out = wasi_run(&["--engine", "pulley", &atomic]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("wasi-run: invalid module {atomic}: "))
            && stderr.ends_with(
                " (the pulley engine has no atomics, the threads proposal: use --engine wasmtime)\n"
            )
            && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[cfg(feature = "wasmtime")]
#[test]
fn the_cache_flag_runs_the_same_guest_twice() {
    let home = fresh_dir("cache-home");
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
            .current_dir(repo())
            .env("HOME", &home)
            .env("XDG_CACHE_HOME", home.join("cache"))
            .args(["--engine", "wasmtime", "--cache", "examples/hello.wat", "a"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("hello from wasi-run\n"));
    }
    // The compiled module was written under the cache directory.
    let cached = walk_count(&home);
    assert!(cached >= 1, "nothing cached under {}", home.display());
}

#[cfg(feature = "wasmtime")]
fn walk_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => walk_count(&e.path()),
                    Ok(_) => 1,
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
