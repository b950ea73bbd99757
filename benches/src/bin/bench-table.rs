//! Prints the comparison table from criterion's results (run `cargo bench -p wasi-benches`
//! first): per operation, the time per unit natively, on wasmi + wasmi_wasi, on wasmi + this
//! project, and of this project's layer alone (no engine), with the ratios; then the whole
//! hello-world commands.

use std::path::PathBuf;
use wasi_benches::{OPS, dir_name, estimate};

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let fmt = |ns: Option<f64>, unit: &str| match ns {
        Some(v) if unit == "byte" => format!("{:.2} GB/s", 1.0 / v),
        Some(v) if v >= 1000.0 => format!("{:.2} µs", v / 1000.0),
        Some(v) => format!("{v:.1} ns"),
        None => "—".to_owned(),
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "—".to_owned(),
    };
    println!(
        "| operation | per | native | wasmi_wasi | this project | layer alone | in memory | this / wasmi_wasi | this / native | host / memory |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for op in OPS {
        let group = dir_name(op.name);
        let per_unit =
            |bench: &str| estimate(&target, &group, bench).map(|ns| ns / op.units as f64);
        let (native, theirs, ours) = (per_unit("native"), per_unit("wasmi_wasi"), per_unit("ours"));
        let mem = per_unit("ours_mem");
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            op.name,
            op.unit,
            fmt(native, op.unit),
            fmt(theirs, op.unit),
            fmt(ours, op.unit),
            fmt(per_unit("layer"), op.unit),
            fmt(mem, op.unit),
            ratio(ours, theirs),
            ratio(ours, native),
            ratio(ours, mem)
        );
    }
    for name in ["examples/hello.wat", "examples/c/hello.wasm"] {
        let group = dir_name(&format!("hello-world {name}"));
        let (theirs, ours) = (
            estimate(&target, &group, "wasmi_wasi"),
            estimate(&target, &group, "ours"),
        );
        println!(
            "| hello-world `{name}` (compile + instantiate + run) | run | — | {} | {} | — | — | {} | — | — |",
            fmt(theirs, "run"),
            fmt(ours, "run"),
            ratio(ours, theirs)
        );
    }
    // The wasmtime rows, when `cargo bench --features wasmtime --bench engines` has run.
    let engine_rows = OPS
        .iter()
        .any(|op| estimate(&target, &dir_name(op.name), "ours_pulley").is_some());
    if engine_rows {
        println!();
        println!(
            "| operation | per | wasmi: this project | Pulley: this project | Pulley: wasmtime-wasi | this / wasmtime-wasi (Pulley) | Cranelift: this project | Cranelift: wasmtime-wasi | this / wasmtime-wasi (Cranelift) |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for op in OPS {
            let group = dir_name(op.name);
            let per_unit =
                |bench: &str| estimate(&target, &group, bench).map(|ns| ns / op.units as f64);
            let (pulley, peer_pulley) = (per_unit("ours_pulley"), per_unit("wasmtime_wasi_pulley"));
            let (clif, peer_clif) = (
                per_unit("ours_cranelift"),
                per_unit("wasmtime_wasi_cranelift"),
            );
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                op.name,
                op.unit,
                fmt(per_unit("ours"), op.unit),
                fmt(pulley, op.unit),
                fmt(peer_pulley, op.unit),
                ratio(pulley, peer_pulley),
                fmt(clif, op.unit),
                fmt(peer_clif, op.unit),
                ratio(clif, peer_clif)
            );
        }
    }
}
