//! Runs one benchmark row's guest on wasmi with this project's layer, for a profiler:
//!
//! ```text
//! cargo build --release -p wasi-benches --example profile
//! valgrind --tool=callgrind target/release/examples/profile "fd_write" 20 [mem|floor]
//! perf stat -e instructions target/release/examples/profile "path_open" 200
//! ```
//!
//! Arguments: the start of a row's name, how many batches of the row's turns to run (after
//! one to warm up), and optionally `mem` (in-memory preopens) or `floor` (no-op imports).

use wasi_benches::guests::{floor, ours, ours_mem, rewind_null};
use wasi_benches::{OPS, module};

fn main() {
    let mut args = std::env::args().skip(1);
    let row = args.next().unwrap_or_else(|| "fd_write".to_owned());
    let batches: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let variant = args.next().unwrap_or_default();
    let Some(op) = OPS.iter().find(|op| op.name.starts_with(&row)) else {
        eprintln!("profile: no row's name starts with {row:?}");
        std::process::exit(2);
    };
    let engine = wasmi::Engine::default();
    let wasm = wat::parse_str(module(op)).expect("the benchmark module");
    match variant.as_str() {
        "floor" => {
            let mut guest = floor(&engine, &wasm);
            (0..=batches).for_each(|_| guest.turns(op.turns));
        }
        "mem" => {
            let mut guest = ours_mem(&engine, &wasm);
            (0..=batches).for_each(|_| {
                guest.turns(op.turns);
                rewind_null(&mut guest);
            });
        }
        _ => {
            let mut guest = ours(&engine, &wasm);
            (0..=batches).for_each(|_| guest.turns(op.turns));
        }
    }
}
