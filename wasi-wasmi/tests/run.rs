//! `wasi_wasmi::run`, the high-level entry point: an exit code, or a `RunError` that says
//! what went wrong without any wasmi type.

use wasi_impl::adapter::{ModuleError, RunError};
use wasi_impl::{Output, OutputBuffer, WasiCtx};

fn ctx() -> WasiCtx {
    WasiCtx::builder().build().unwrap()
}

#[test]
fn exit_codes_come_through_whole() {
    for code in [0u32, 3, 256, u32::MAX] {
        let wat = format!(
            r#"(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
               (func (export "_start") (call $e (i32.const {}))))"#,
            code as i32
        );
        assert_eq!(wasi_wasmi::run(wat.as_bytes(), ctx()), Ok(code));
    }
    let returns = br#"(module (func (export "_start")))"#;
    assert_eq!(wasi_wasmi::run(returns, ctx()), Ok(0));
}

#[test]
fn refusals_and_traps_are_told_apart_without_engine_types() {
    let random = [0x9e, 0x87, 0x75, 0x4b, 0xff, 0x00];
    match wasi_wasmi::run(&random, ctx()) {
        Err(RunError::Invalid(why)) => assert!(why.contains("(not UTF-8)"), "{why}"),
        other => panic!("{other:?}"),
    }
    let reactor = br#"(module (func (export "_initialize")) (func (export "f")))"#;
    assert!(matches!(
        wasi_wasmi::run(reactor, ctx()),
        Err(RunError::Module(ModuleError::NoEntry { reactor: true, .. }))
    ));
    let unreachable = br#"(module (func (export "_start") unreachable))"#;
    match wasi_wasmi::run(unreachable, ctx()) {
        Err(RunError::Trap(t)) => {
            assert!(t.message.contains("unreachable"), "{t}");
            assert_eq!((t.function, t.offset), (None, None));
        }
        other => panic!("{other:?}"),
    }
    // A trap in the start function is a trap too, not a failure to instantiate.
    let start = br#"(module (func $s unreachable) (start $s) (func (export "_start")))"#;
    assert!(matches!(
        wasi_wasmi::run(start, ctx()),
        Err(RunError::Trap(_))
    ));
    // A syscall's trap names the syscall first.
    let bad_pointer = br#"(module
        (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (func (export "_start") (drop (call $w (i32.const 1) (i32.const 65536) (i32.const 1) (i32.const 0)))))"#;
    match wasi_wasmi::run(bad_pointer, ctx()) {
        Err(RunError::Trap(t)) => assert!(t.message.starts_with("fd_write: pointer"), "{t}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_capped_capture_counts_what_it_dropped() {
    let out = OutputBuffer::with_limit(4);
    let ctx = WasiCtx::builder()
        .stdout(Output::Capture(out.clone()))
        .build()
        .unwrap();
    let guest = br#"(module
        (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))
        (memory (export "memory") 1) (data (i32.const 8) "hello!")
        (func (export "_start")
          (i32.store (i32.const 0) (i32.const 8)) (i32.store (i32.const 4) (i32.const 6))
          (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
          ;; exit with the second write's errno: ENOSPC (51)
          (call $e (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))"#;
    assert_eq!(wasi_wasmi::run(guest, ctx), Ok(51));
    assert_eq!(out.contents(), b"hell");
    assert_eq!(out.dropped(), 2 + 6);
}
