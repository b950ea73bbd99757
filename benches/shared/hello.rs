//! Whole hello-world commands on wasmi with this project's layer and with `wasmi_wasi`:
//! compile, build the context, link, instantiate, run `_start` with stdout captured in memory.
//! Shared by `benches/preview1.rs` (the criterion row) and `examples/hello_ratio.rs`.

use wasi_impl::{Output, OutputBuffer, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store};

/// Runs `wasm` once with this project's layer; returns what it printed.
pub fn ours(engine: &Engine, wasm: &[u8]) -> Vec<u8> {
    let module = Module::new(engine, wasm).expect("module");
    let out = OutputBuffer::new();
    let ctx = WasiCtx::builder()
        .args(["hello.wasm", "x", "y"])
        .env("A", "b")
        .stdout(Output::Capture(out.clone()))
        .build()
        .expect("ctx");
    let mut store = Store::new(engine, WasiState::new(ctx));
    let mut linker = Linker::new(engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).expect("link");
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .expect("instantiate");
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .expect("_start");
    match start.call(&mut store, ()) {
        Ok(()) => {}
        Err(e) => assert_eq!(e.i32_exit_status(), Some(0), "{e}"),
    }
    out.contents()
}

/// Runs `wasm` once with `wasmi_wasi`; returns what it printed.
pub fn theirs(engine: &Engine, wasm: &[u8]) -> Vec<u8> {
    use wasmi_wasi::wasi_common::pipe::WritePipe;
    let module = Module::new(engine, wasm).expect("module");
    let stdout = WritePipe::new_in_memory();
    let ctx = wasmi_wasi::WasiCtxBuilder::new()
        .args(&["hello.wasm".into(), "x".into(), "y".into()])
        .expect("args")
        .env("A", "b")
        .expect("env")
        .stdout(Box::new(stdout.clone()))
        .build();
    let mut store = Store::new(engine, ctx);
    let mut linker = Linker::new(engine);
    wasmi_wasi::add_to_linker(&mut linker, |ctx| ctx).expect("link");
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .expect("instantiate");
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .expect("_start");
    match start.call(&mut store, ()) {
        Ok(()) => {}
        Err(e) => assert_eq!(e.i32_exit_status(), Some(0), "{e}"),
    }
    drop(store);
    stdout.try_into_inner().expect("sole owner").into_inner()
}

/// The two hello-world guests: the WAT example and the zig-built C example.
pub fn guests() -> [(&'static str, Vec<u8>); 2] {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let wat = std::fs::read_to_string(root.join("examples/hello.wat")).expect("hello.wat");
    let c = std::fs::read(root.join("examples/c/hello.wasm")).expect("hello.wasm");
    [
        ("examples/hello.wat", wat::parse_str(&wat).expect("wat")),
        ("examples/c/hello.wasm", c),
    ]
}
