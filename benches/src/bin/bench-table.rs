//! Prints the comparison table from criterion's results (run `cargo bench -p wasi-benches`
//! first). Per operation, the time per unit: natively (the same host call made directly), the
//! engine's floor (the same guest with imports that return at once), this project, and its
//! overhead above native + floor, with the row's target and whether it is met; then the
//! in-memory backend, the peer (`wasmi_wasi`) and the layer alone (no engine); then whole
//! hello-world commands; then, when the `engines` bench has run, the same on wasmtime's
//! Pulley and Cranelift.

use std::path::{Path, PathBuf};
use wasi_benches::{MEMORY_SPEEDUP, OPS, Op, Target, dir_name, estimate, memory_target, overhead};

/// A time per unit as the table shows it (bytes as throughput).
fn fmt(ns: Option<f64>, unit: &str) -> String {
    match ns {
        Some(v) if unit == "byte" => format!("{:.2} GB/s", 1.0 / v),
        Some(v) if v.abs() >= 1000.0 => format!("{:.2} µs", v / 1000.0),
        Some(v) => format!("{v:.1} ns"),
        None => "—".to_owned(),
    }
}

/// `a / b` as a multiple.
fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}x", a / b),
        _ => "—".to_owned(),
    }
}

/// The overhead above native + floor: ns per unit, or for byte rows the time above native
/// as a share of it (the floor of two calls per 64 KiB is below a rounding error there).
fn fmt_overhead(op: &Op, ours: Option<f64>, native: Option<f64>, floor: Option<f64>) -> String {
    match (ours, floor) {
        (Some(ours), Some(_)) if op.unit == "byte" => match native {
            Some(n) if n > 0.0 => format!("{:+.1}%", 100.0 * (ours - n) / n),
            _ => "—".to_owned(),
        },
        (Some(ours), Some(floor)) => format!("{:.1} ns", overhead(ours, native, floor)),
        _ => "—".to_owned(),
    }
}

/// The target cell: the target, and whether the row meets it.
fn fmt_target(target: Target, met: Option<bool>) -> String {
    match met {
        Some(true) => format!("{}: met", target.describe()),
        Some(false) => format!("{}: **missed**", target.describe()),
        None => target.describe(),
    }
}

fn main() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    wasmi_table(&target);
    let engine_rows = OPS
        .iter()
        .any(|op| estimate(&target, &dir_name(op.name), "ours_pulley").is_some());
    if engine_rows {
        println!();
        wasmtime_table(&target);
    }
}

/// The wasmi rows and the hello-world commands.
fn wasmi_table(target: &Path) {
    if let Some(floor) = estimate(target, &dir_name(OPS[0].name), "floor") {
        println!(
            "Engine floor on wasmi (a host call that returns at once, no arguments): {:.1} ns per call.",
            floor / f64::from(OPS[0].turns)
        );
        println!();
    }
    println!(
        "| operation | per | native | floor | this project | overhead | target | in memory | host / memory | wasmi_wasi | this / wasmi_wasi | layer alone |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for op in OPS {
        let group = dir_name(op.name);
        let per_unit = |bench: &str| estimate(target, &group, bench).map(|ns| ns / op.units as f64);
        let (native, floor, ours) = (per_unit("native"), per_unit("floor"), per_unit("ours"));
        let (mem, theirs) = (per_unit("ours_mem"), per_unit("wasmi_wasi"));
        let speedup = match (ours, mem) {
            (Some(o), Some(m)) if memory_target(op) => {
                let met = if o >= m * MEMORY_SPEEDUP {
                    "met"
                } else {
                    "**missed**"
                };
                format!("{} (≥ {MEMORY_SPEEDUP}x: {met})", ratio(ours, mem))
            }
            _ => ratio(ours, mem),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            op.name,
            op.unit,
            fmt(native, op.unit),
            fmt(floor, op.unit),
            fmt(ours, op.unit),
            fmt_overhead(op, ours, native, floor),
            fmt_target(op.target, op.target.met(ours, native, floor)),
            fmt(mem, op.unit),
            speedup,
            fmt(theirs, op.unit),
            ratio(ours, theirs),
            fmt(per_unit("layer"), op.unit),
        );
    }
    for name in ["examples/hello.wat", "examples/c/hello.wasm"] {
        let group = dir_name(&format!("hello-world {name}"));
        let (theirs, ours) = (
            estimate(target, &group, "wasmi_wasi"),
            estimate(target, &group, "ours"),
        );
        println!(
            "| hello-world `{name}` (compile + instantiate + run) | run | — | — | {} | — | — | — | — | {} | {} | — |",
            fmt(ours, "run"),
            fmt(theirs, "run"),
            ratio(ours, theirs)
        );
    }
}

/// The rows on wasmtime's Pulley and Cranelift, with each engine's floor and this layer's
/// overhead above native + that floor (the native column is the wasmi bench's).
fn wasmtime_table(target: &Path) {
    println!(
        "| operation | per | native | wasmi: overhead | Pulley: floor | Pulley: this project | Pulley: overhead | Pulley: wasmtime-wasi | this / wasmtime-wasi (Pulley) | Cranelift: floor | Cranelift: this project | Cranelift: overhead | Cranelift: wasmtime-wasi | this / wasmtime-wasi (Cranelift) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for op in OPS {
        let group = dir_name(op.name);
        let per_unit = |bench: &str| estimate(target, &group, bench).map(|ns| ns / op.units as f64);
        let native = per_unit("native");
        let mut cells = vec![
            op.name.to_owned(),
            op.unit.to_owned(),
            fmt(native, op.unit),
            fmt_overhead(op, per_unit("ours"), native, per_unit("floor")),
        ];
        for engine in ["pulley", "cranelift"] {
            let floor = per_unit(&format!("floor_{engine}"));
            let ours = per_unit(&format!("ours_{engine}"));
            let peer = per_unit(&format!("wasmtime_wasi_{engine}"));
            cells.extend([
                fmt(floor, op.unit),
                fmt(ours, op.unit),
                fmt_overhead(op, ours, native, floor),
                fmt(peer, op.unit),
                ratio(ours, peer),
            ]);
        }
        println!("| {} |", cells.join(" | "));
    }
}
