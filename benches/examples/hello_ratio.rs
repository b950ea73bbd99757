//! Compares the hello-world examples on wasmi + this project's layer with wasmi + `wasmi_wasi`.
//!
//! Each run is the whole life of a command: compile the module, build the context, link,
//! instantiate, run `_start` with stdout captured in memory. Runs alternate between the two
//! layers; the medians are compared. Both layers must print the same bytes.
//!
//! `cargo run --release -p wasi-benches --example hello_ratio`

#[path = "../shared/hello.rs"]
mod hello;

use hello::{ours, theirs};
use std::time::{Duration, Instant};
use wasmi::Engine;

const RUNS: usize = 300;

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
    for (name, wasm) in hello::guests() {
        compare(name, &wasm);
    }
}
