//! Benchmarks of this project's preview1 layer against `wasmi_wasi` and native calls.
//!
//! Each operation is a small WAT guest whose exported `run(n)` calls one syscall (or a pair)
//! `n` times, after an exported `setup` that opens what it needs. The same module runs on
//! wasmi with this project's layer and with `wasmi_wasi`; the native column makes the same
//! host call directly. `benches/preview1.rs` measures them with criterion;
//! `cargo run -p wasi-benches --bin bench-table` prints the comparison table from criterion's
//! results. `examples/hello_ratio.rs` compares whole hello-world runs.

use std::path::{Path, PathBuf};

pub mod guests;
pub mod native;

/// One benchmarked operation.
#[derive(Debug, Clone, Copy)]
pub struct Op {
    /// Row name.
    pub name: &'static str,
    /// WAT instructions run once per loop turn.
    pub body: &'static str,
    /// Loop turns per measured iteration.
    pub turns: u32,
    /// Units per measured iteration that the table divides by (calls, entries, bytes).
    pub units: u64,
    /// What a unit is, for the table.
    pub unit: &'static str,
    /// What this layer must reach on wasmi (`bench-table` says whether it does).
    pub target: Target,
}

/// A row's performance target on wasmi.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// At most this many ns per unit above native + the engine's floor.
    Overhead(f64),
    /// At most this multiple of the native time per unit.
    Native(f64),
    /// None: the row is reported, not held to a bound.
    None,
}

impl Target {
    /// The target as the table shows it.
    pub fn describe(self) -> String {
        match self {
            Target::Overhead(ns) => format!("overhead ≤ {ns} ns"),
            Target::Native(r) => format!("≤ {r:.2}x native"),
            Target::None => "—".to_owned(),
        }
    }

    /// Whether a row with these times per unit (this layer, native, floor) meets the target;
    /// `None` if the row has no target or the times needed are missing.
    pub fn met(self, ours: Option<f64>, native: Option<f64>, floor: Option<f64>) -> Option<bool> {
        match self {
            Target::Overhead(ns) => Some(overhead(ours?, native, floor?) <= ns),
            Target::Native(r) => Some(ours? <= native? * r),
            Target::None => None,
        }
    }
}

/// This layer's time per unit above what the host call costs natively (0 where a native
/// program would make none) and the engine charges for the host call(s) anyway.
pub fn overhead(ours: f64, native: Option<f64>, floor: f64) -> f64 {
    ours - native.unwrap_or(0.0) - floor
}

/// The in-memory backend's rows must be at least this many times faster than the host's
/// for `path_filestat_get` and `path_open + fd_close`.
pub const MEMORY_SPEEDUP: f64 = 3.0;

/// Whether `op` is held to [`MEMORY_SPEEDUP`].
pub fn memory_target(op: &Op) -> bool {
    op.name.starts_with("path_filestat_get") || op.name.starts_with("path_open")
}

/// The operations, in table order.
pub const OPS: &[Op] = &[
    Op {
        name: "sched_yield (no-op round trip)",
        body: "(drop (call $sched_yield))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "fd_write 16 B to /dev/null",
        body: "(drop (call $fd_write (global.get $null) (i32.const 0) (i32.const 1) (i32.const 8)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "fd_read 64 KiB from /dev/zero",
        body: "(drop (call $fd_read (global.get $zero) (i32.const 16) (i32.const 1) (i32.const 8)))",
        turns: 100,
        units: 100,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "clock_time_get",
        body: "(drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "random_get 32 B",
        body: "(drop (call $random_get (i32.const 1024) (i32.const 32)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "fd_fdstat_get",
        body: "(drop (call $fd_fdstat_get (global.get $file) (i32.const 600)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Overhead(50.0),
    },
    Op {
        name: "args_get + environ_get",
        body: "(drop (call $args_get (i32.const 2048) (i32.const 3072))) (drop (call $environ_get (i32.const 2048) (i32.const 3072)))",
        turns: 1000,
        units: 1000,
        unit: "pair",
        target: Target::None,
    },
    Op {
        name: "path_filestat_get",
        body: "(drop (call $path_filestat_get (i32.const 4) (i32.const 0) (i32.const 120) (i32.const 1) (i32.const 512)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::Native(1.25),
    },
    Op {
        name: "path_open + fd_close",
        body: "(drop (call $path_open (i32.const 4) (i32.const 0) (i32.const 120) (i32.const 1) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 72))) (drop (call $fd_close (i32.load (i32.const 72))))",
        turns: 1000,
        units: 1000,
        unit: "pair",
        target: Target::Native(1.25),
    },
    Op {
        name: "fd_readdir, 1,000 entries",
        body: "(drop (call $fd_readdir (global.get $dir) (i32.const 65536) (i32.const 65536) (i64.const 0) (i32.const 80)))",
        turns: 10,
        units: 10 * 1002,
        unit: "entry",
        target: Target::Native(1.3),
    },
    Op {
        name: "fd_seek + fd_tell",
        body: "(drop (call $fd_seek (global.get $file) (i64.const 0) (i32.const 0) (i32.const 64))) (drop (call $fd_tell (global.get $file) (i32.const 64)))",
        turns: 1000,
        units: 1000,
        unit: "pair",
        target: Target::None,
    },
    Op {
        name: "poll_oneoff on a ready fd",
        body: "(drop (call $poll_oneoff (i32.const 256) (i32.const 320) (i32.const 1) (i32.const 88)))",
        turns: 1000,
        units: 1000,
        unit: "call",
        target: Target::None,
    },
    Op {
        name: "copy 64 MiB in 64 KiB chunks",
        body: "(drop (call $fd_read (global.get $zero) (i32.const 16) (i32.const 1) (i32.const 8))) (drop (call $fd_write (global.get $null) (i32.const 16) (i32.const 1) (i32.const 8)))",
        turns: 1024,
        units: 64 << 20,
        unit: "byte",
        target: Target::Native(1.05),
    },
];

/// The guest for `op`: imports, memory layout and `setup`, then `run(n)` looping on its body.
///
/// Memory: 0 iovec {1024, 16}; 8 count out; 16 iovec {65536, 65536}; 64 u64 out; 72 fd out;
/// 80 size out; 100 "null"; 110 "zero"; 120 "f"; 130 "d"; 256 subscription (fd_write on
/// /dev/null); 320 event; 512 filestat; 600 fdstat; 2048/3072 args and env; 65536.. a 64 KiB
/// buffer.
/// Preopens: fd 3 is `/dev`, fd 4 the benchmark directory (file `f`, directory `d`).
pub fn module(op: &Op) -> String {
    format!(
        r#"(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 3)
  (global $null (mut i32) (i32.const 0))
  (global $zero (mut i32) (i32.const 0))
  (global $file (mut i32) (i32.const 0))
  (global $dir (mut i32) (i32.const 0))
  (data (i32.const 0) "\00\04\00\00\10\00\00\00")
  (data (i32.const 16) "\00\00\01\00\00\00\01\00")
  (data (i32.const 100) "null")
  (data (i32.const 110) "zero")
  (data (i32.const 120) "f")
  (data (i32.const 130) "d")
  (func $open (param $dirfd i32) (param $path i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
    (if (call $path_open (local.get $dirfd) (i32.const 0) (local.get $path) (local.get $len) (local.get $oflags)
                         (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 72))
      (then unreachable))
    (i32.load (i32.const 72)))
  (func (export "setup")
    ;; FD_READ | FD_SEEK | FD_WRITE | FD_TELL | FD_READDIR | POLL_FD_READWRITE
    (global.set $null (call $open (i32.const 3) (i32.const 100) (i32.const 4) (i32.const 0) (i64.const 0x8004066)))
    (global.set $zero (call $open (i32.const 3) (i32.const 110) (i32.const 4) (i32.const 0) (i64.const 0x8004066)))
    (global.set $file (call $open (i32.const 4) (i32.const 120) (i32.const 1) (i32.const 0) (i64.const 0x8004066)))
    (global.set $dir (call $open (i32.const 4) (i32.const 130) (i32.const 1) (i32.const 2) (i64.const 0x4000)))
    ;; The subscription: userdata 0, tag 2 (fd_write), fd = /dev/null.
    (i32.store8 (i32.const 264) (i32.const 2))
    (i32.store (i32.const 272) (global.get $null)))
  (func (export "run") (param $n i32)
    (loop $turn
      {body}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $turn (local.get $n)))))"#,
        body = op.body
    )
}

/// The arguments and environment every benchmark guest gets.
pub const ARGS: &[&str] = &["bench.wasm", "--alpha", "beta", "gamma"];
/// See [`ARGS`].
pub const ENV: &[(&str, &str)] = &[
    ("HOME", "/home/guest"),
    ("LANG", "C.UTF-8"),
    ("TERM", "dumb"),
    ("USER", "guest"),
];

/// Creates (once) the benchmark directory: a 64 KiB file `f` and a directory `d` of 1,000
/// empty files.
pub fn bench_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("wasi-benches-fixture");
    if !dir.join("d").join("999").exists() {
        std::fs::create_dir_all(dir.join("d")).expect("bench dir");
        std::fs::write(dir.join("f"), vec![7u8; 65536]).expect("bench file");
        for i in 0..1000 {
            std::fs::write(dir.join("d").join(i.to_string()), b"").expect("bench entry");
        }
    }
    dir
}

/// Where criterion keeps its results for `group`/`bench`.
pub fn estimate(target: &Path, group: &str, bench: &str) -> Option<f64> {
    let path = target
        .join("criterion")
        .join(group)
        .join(bench)
        .join("new")
        .join("estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("median")?.get("point_estimate")?.as_f64()
}

/// Criterion's directory name for a benchmark name (it replaces some characters).
pub fn dir_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
