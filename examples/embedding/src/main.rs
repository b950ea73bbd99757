//! Embedding wasi-run's preview1 layer in a Rust program: `cargo run --release -p embedding`.
//!
//! Runs the C guest `examples/c/greet.wasm` (source beside it) with
//! - an argument and an environment variable,
//! - a preopened directory `/data`, in memory, holding `name.txt`,
//! - stdout and stderr captured in buffers capped at 64 KiB,
//!
//! then prints the exit code, what the guest wrote, and the file it left in `/data`.
//! The book's chapter "Embedding" (`docs/embedding.md`) walks through each step.

use wasi_impl::{MemFs, Output, OutputBuffer, WasiCtx};

/// The guest, compiled into this program.
const GUEST: &[u8] = include_bytes!("../../c/greet.wasm");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The guest's directory: in memory, so the run touches nothing on the host.
    let data = MemFs::new();
    data.write_file("name.txt", b"world\n")?;

    // Captured output: each buffer is shared with the context and readable after the run.
    let stdout = OutputBuffer::with_limit(64 * 1024);
    let stderr = OutputBuffer::with_limit(64 * 1024);

    let ctx = WasiCtx::builder()
        .arg("greet") // argv[0]
        .arg("the embedding example")
        .env("GREETING", "Hello")
        .preopen(data.root(), "/data", false)
        .stdout(Output::Capture(stdout.clone()))
        .stderr(Output::Capture(stderr.clone()))
        .build()?;

    // Checks the module, instantiates it on wasmi, calls `_start`: the exit code, or why
    // it could not run (a bad module, a trap) as one error.
    let code = wasi_wasmi::run(GUEST, ctx)?;

    println!("exit code: {code}");
    println!("stdout: {}", stdout.to_string_lossy().trim_end());
    if !stderr.contents().is_empty() {
        println!("stderr: {}", stderr.to_string_lossy().trim_end());
    }
    let note = data.read_file("greeted.txt")?;
    println!(
        "/data/greeted.txt: {}",
        String::from_utf8_lossy(&note).trim_end()
    );
    Ok(())
}
