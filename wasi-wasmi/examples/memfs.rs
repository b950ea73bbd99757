//! Embedding the layer with an in-memory filesystem: the guest gets a `/data` that lives in
//! memory, filled by the embedder, and the embedder reads back what the guest wrote. The
//! host's files are never touched.
//!
//! `cargo run -p wasi-wasmi --example memfs` runs `examples/copy_upper.wat`, which upper-cases
//! `/data/in.txt` into `/data/out.txt`.

use wasi_impl::{MemFs, Output, OutputBuffer, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The guest's /data: built in memory, with a 1 MiB cap on what the guest may store.
    let data = MemFs::new();
    data.set_quota(Some(1 << 20));
    data.write_file("in.txt", b"hello from the embedder\n")?;

    // Its stdout is captured too; nothing of the host is visible to it.
    let stdout = OutputBuffer::new();
    let ctx = WasiCtx::builder()
        .arg("copy_upper")
        .preopen(data.root(), "/data", false)
        .stdout(Output::Capture(stdout.clone()))
        .build()?;

    let engine = Engine::default();
    let wasm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/copy_upper.wat"
    ))?;
    let module = Module::new(&engine, &wasm)?;
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let mut linker = Linker::new(&engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s)?;
    let instance = linker.instantiate_and_start(&mut store, &module)?;
    let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
    match start.call(&mut store, ()) {
        Ok(()) => {}
        Err(e) => match e.i32_exit_status() {
            Some(0) => {}
            Some(code) => return Err(format!("the guest exited with {code}").into()),
            None => return Err(e.into()),
        },
    }

    // What the guest wrote, read back from memory.
    let out = data.read_file("out.txt")?;
    print!("guest: {}", stdout.to_string_lossy());
    print!("/data/out.txt: {}", String::from_utf8_lossy(&out));
    println!(
        "/data now holds {:?}, {} bytes",
        data.list("")?,
        data.used_bytes()
    );
    Ok(())
}
