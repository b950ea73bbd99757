//! Every function of the table, called through the adapter with random arguments: random fds,
//! pointers, lengths, flags and enum values, in random sequences on one instance. The host
//! must never panic; every errno-returning call must answer a defined errno; a guest is
//! stopped only by proc_exit (with its code) or by a trap that names the function and a bad
//! pointer.

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use std::cell::Cell;
use wasi_abi::{FUNCTIONS, Function, ValType};
use wasi_impl::{Input, Output, OutputBuffer, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store, Val};

/// The preview1 table, as (import module, function).
fn preview1() -> Vec<(&'static str, &'static Function)> {
    FUNCTIONS.iter().map(|f| (wasi_abi::MODULE, f)).collect()
}

/// The WASIX socket calls, with the preview1 calls that act on any fd, under `wasix_32v1`.
/// Accepting and receiving are left out: on a socket the sequence opened they would wait
/// for a peer that never comes.
fn wasix() -> Vec<(&'static str, &'static Function)> {
    let extra = [
        "fd_close",
        "fd_renumber",
        "fd_fdstat_get",
        "fd_fdstat_set_flags",
        "sock_shutdown",
        "sock_send",
    ];
    wasi_abi::wasix::FUNCTIONS
        .iter()
        .filter(|f| !matches!(f.name, "sock_accept_v2" | "sock_recv_from"))
        .chain(FUNCTIONS.iter().filter(|f| extra.contains(&f.name)))
        .map(|f| (wasi_abi::wasix::MODULE, f))
        .collect()
}

/// A module that imports every function of `table` and re-exports each, plus its memory, so
/// the test calls the real adapter closures with arguments of its choosing.
fn reexporting_module(table: &[(&str, &Function)]) -> String {
    let mut text = String::from("(module\n");
    for (module, f) in table {
        let params: Vec<&str> = f.params.iter().map(|p| p.ty.name()).collect();
        let params = if params.is_empty() {
            String::new()
        } else {
            format!("(param {})", params.join(" "))
        };
        let result = if f.returns_errno { "(result i32)" } else { "" };
        text += &format!(
            "  (import \"{module}\" \"{n}\" (func ${n} {params} {result}))\n  (export \"{n}\" (func ${n}))\n",
            n = f.name
        );
    }
    text += "  (memory (export \"memory\") 1))\n";
    text
}

fn scratch_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wasi-wasmi-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An i32 argument: often plausible (an open fd, an 8-aligned in-bounds pointer, a small
/// length), sometimes anything, sometimes at the edges (memory end, -1, i32::MIN).
fn arg_i32() -> impl Strategy<Value = i32> {
    prop_oneof![
        4 => (0i32..8192).prop_map(|x| x * 8),
        3 => 0i32..6,
        2 => 0i32..300,
        1 => any::<i32>(),
        1 => (65_536i32 - 80)..(65_536 + 16),
        1 => Just(-1),
        1 => Just(i32::MIN),
    ]
}

fn arg_i64() -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>(), 0i64..1_000_000, Just(-1), Just(i64::MAX)]
}

/// One call: a function index and enough raw arguments for any signature (at most 9).
fn call(functions: usize) -> impl Strategy<Value = (usize, Vec<i32>, Vec<i64>)> {
    (
        0..functions,
        prop::collection::vec(arg_i32(), 9),
        prop::collection::vec(arg_i64(), 9),
    )
}

/// Runs one sequence of calls on a fresh instance; returns how many calls succeeded after
/// writing through an out-pointer (proof that the calls reached guest memory).
fn run_sequence(
    table: &[(&str, &'static Function)],
    calls: &[(usize, Vec<i32>, Vec<i64>)],
    memory_seed: &[u8],
) -> Result<usize, TestCaseError> {
    let engine = Engine::default();
    let module = Module::new(&engine, reexporting_module(table)).unwrap();
    // Loopback only: binds, and connects to port 1, where nothing listens.
    let policy = wasi_impl::net::NetPolicy::deny_all()
        .allow(wasi_impl::net::Rule::parse("bind:127.0.0.1").unwrap())
        .allow(wasi_impl::net::Rule::parse("connect:127.0.0.1:1").unwrap());
    let dir = scratch_dir();
    let ctx = WasiCtx::builder()
        .arg("hostile")
        .env("K", "V")
        .preopen_dir(&dir, "/")
        .stdin(Input::Bytes(b"some input".to_vec()))
        .stdout(Output::Null)
        .stderr(Output::Capture(OutputBuffer::new()))
        .net_policy(policy)
        .build()
        .unwrap();
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let mut linker = Linker::new(&engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    wasi_wasmi::add_wasix_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let memory = instance.get_memory(&store, "memory").unwrap();
    // The test calls the imports from the host, where no instance is current, so the adapter
    // cannot find the export itself: hand it the memory.
    store.data_mut().set_memory(memory);
    // Plausible-looking structures in memory: the seed repeated over the first page.
    for (i, b) in memory.data_mut(&mut store).iter_mut().enumerate() {
        *b = memory_seed[i % memory_seed.len()];
    }
    let mut reached_memory = 0usize;
    for (index, ints, longs) in calls {
        let f = table[*index].1;
        let func = instance.get_func(&store, f.name).unwrap();
        let params: Vec<Val> = f
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| match p.ty {
                ValType::I32 => Val::I32(ints[i]),
                ValType::I64 => Val::I64(longs[i]),
            })
            .collect();
        let mut results = vec![Val::I32(-1); usize::from(f.returns_errno)];
        match func.call(&mut store, &params, &mut results) {
            Ok(()) => {
                prop_assert!(f.returns_errno, "{} returned", f.name);
                let errno = results[0].i32().unwrap();
                prop_assert!(
                    (0..=76).contains(&errno),
                    "{} answered errno {}",
                    f.name,
                    errno
                );
                if errno == 0 && f.params.iter().any(|p| p.name.ends_with("_out")) {
                    reached_memory += 1;
                }
            }
            Err(e) if f.name == "proc_raise" => {
                let msg = e.to_string();
                prop_assert!(
                    msg.starts_with("proc_raise: the guest raised SIG"),
                    "{}",
                    msg
                );
            }
            Err(e) if f.name == "proc_exit" => {
                prop_assert_eq!(e.i32_exit_status(), Some(ints[0]));
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(
                    msg == format!(
                        "{}: pointer argument out of bounds of linear memory",
                        f.name
                    ) || msg == format!("{}: misaligned pointer argument", f.name),
                    "{} stopped the guest: {}",
                    f.name,
                    msg
                );
            }
        }
    }
    Ok(reached_memory)
}

#[test]
fn random_calls_never_panic_and_answer_defined_errnos() {
    let mut runner = TestRunner::new(ProptestConfig::with_cases(400));
    let reached = Cell::new(0usize);
    let table = preview1();
    let strategy = (
        prop::collection::vec(call(table.len()), 1..24),
        prop::collection::vec(any::<u8>(), 256),
    );
    runner
        .run(&strategy, |(calls, seed)| {
            reached.set(reached.get() + run_sequence(&table, &calls, &seed)?);
            Ok(())
        })
        .unwrap();
    // The arguments are biased towards small fds and in-bounds pointers, so many calls must
    // get through to guest memory; otherwise the test exercised only the refusal paths.
    let _ = std::fs::remove_dir_all(scratch_dir());
    assert!(
        reached.get() >= 30,
        "only {} calls wrote guest memory",
        reached.get()
    );
}

#[test]
fn a_module_without_memory_traps_only_on_pointers() {
    let engine = Engine::default();
    let wat = r#"(module
        (import "wasi_snapshot_preview1" "args_sizes_get" (func $f (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
        (func (export "sizes") (result i32) (call $f (i32.const 0) (i32.const 4)))
        (func (export "yield") (result i32) (call $y)))"#;
    let module = Module::new(&engine, wat).unwrap();
    let ctx = WasiCtx::builder().arg("x").build().unwrap();
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let mut linker = Linker::new(&engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let sizes = instance.get_typed_func::<(), i32>(&store, "sizes").unwrap();
    let err = sizes.call(&mut store, ()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "args_sizes_get: pointer argument out of bounds of linear memory"
    );
    let yield_ = instance.get_typed_func::<(), i32>(&store, "yield").unwrap();
    assert_eq!(yield_.call(&mut store, ()).unwrap(), 0);
}

#[test]
fn proc_exit_becomes_the_engine_exit_with_the_exact_code() {
    let engine = Engine::default();
    let wat = r#"(module
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "run") (param i32) (call $exit (local.get 0)) unreachable))"#;
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, WasiState::new(WasiCtx::builder().build().unwrap()));
    let mut linker = Linker::new(&engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    let run = instance.get_typed_func::<i32, ()>(&store, "run").unwrap();
    for code in [0, 1, 42, 255, 256, -1, i32::MIN] {
        let err = run.call(&mut store, code).unwrap_err();
        assert_eq!(err.i32_exit_status(), Some(code));
    }
}

#[test]
fn random_wasix_calls_never_panic_and_answer_defined_errnos() {
    let mut runner = TestRunner::new(ProptestConfig::with_cases(300));
    let reached = Cell::new(0usize);
    let table = wasix();
    let strategy = (
        prop::collection::vec(call(table.len()), 1..24),
        prop::collection::vec(any::<u8>(), 256),
    );
    // Every sequence starts by opening a TCP socket (fd 4, after the preopen) and a UDP one
    // (fd 5), so that the random calls find sockets to act on.
    let open = table
        .iter()
        .position(|(_, f)| f.name == "sock_open")
        .unwrap();
    let opening = |af: i32, ty: i32, out: i32| {
        let mut ints = vec![af, ty, 0, out];
        ints.resize(9, 0);
        (open, ints, vec![0i64; 9])
    };
    runner
        .run(&strategy, |(calls, seed)| {
            let mut all = vec![opening(1, 1, 0), opening(2, 2, 8)];
            all.extend(calls);
            reached.set(reached.get() + run_sequence(&table, &all, &seed)?);
            Ok(())
        })
        .unwrap();
    let _ = std::fs::remove_dir_all(scratch_dir());
    assert!(
        reached.get() >= 600,
        "only {} calls wrote guest memory",
        reached.get()
    );
}
