//! Compares the hello-world examples on wasmi + this project's layer with wasmi + `wasmi_wasi`.
//!
//! Each run is the whole life of a command: compile the module, build the context, link,
//! instantiate, run `_start` with stdout captured in memory. Runs alternate between the two
//! layers; the medians are compared. Both layers must print the same bytes.
//!
//! `cargo run --release -p wasi-benches --example hello_ratio`

use std::time::{Duration, Instant};
use wasi_impl::{Output, OutputBuffer, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store};

const RUNS: usize = 300;

fn ours(engine: &Engine, wasm: &[u8]) -> Vec<u8> {
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

fn theirs(engine: &Engine, wasm: &[u8]) -> Vec<u8> {
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

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn compare(name: &str, wasm: &[u8]) {
    let engine = Engine::default();
    let (a, b) = (ours(&engine, wasm), theirs(&engine, wasm));
    assert_eq!(
        String::from_utf8_lossy(&a),
        String::from_utf8_lossy(&b),
        "outputs differ"
    );
    let (mut ours_t, mut theirs_t) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(ours(&engine, wasm));
        ours_t.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(theirs(&engine, wasm));
        theirs_t.push(t.elapsed());
    }
    let (o, t) = (median(ours_t), median(theirs_t));
    println!(
        "{name}: this project {o:?}, wasmi_wasi {t:?} (median of {RUNS}); ratio {:.2}",
        o.as_secs_f64() / t.as_secs_f64()
    );
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let wat = std::fs::read_to_string(root.join("examples/hello.wat")).expect("hello.wat");
    compare("examples/hello.wat", &wat::parse_str(&wat).expect("wat"));
    let c = std::fs::read(root.join("examples/c/hello.wasm")).expect("hello.wasm");
    compare("examples/c/hello.wasm", &c);
}
