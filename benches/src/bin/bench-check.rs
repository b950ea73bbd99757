//! The benchmark regression check CI runs: every per-call row of `wasi_benches::OPS` on wasmi
//! (host preopens, and in-memory ones where the row has them), measured quickly, each as a
//! ratio to what the same run measures for native + the engine's floor, against the ratios in
//! `benches/baseline.json`. A row more than 25% slower than its baseline fails the check.
//!
//! ```text
//! cargo run --release -p wasi-benches --bin bench-check [-- OPTIONS]
//!   --bless          write the measured ratios to the baseline instead of comparing
//!   --baseline FILE  the baseline (default benches/baseline.json)
//!   --slow ROW       make the row whose name starts with ROW do half as much work again per
//!                    measured turn (a deliberate slowdown, to show the check fails)
//! ```
//!
//! Why ratios: this machine and CI's are noisy and differ; a ratio of two times measured in
//! the same run, interleaved round by round, moves with the machine far less than either time.
//! Why native + floor: that is what a call cannot avoid costing, so the ratio is this layer's
//! whole cost in units of its physical limit (the `sched_yield` row, with no native call, is
//! a ratio to the floor alone). A row that fails is measured twice more, and fails only if it
//! is slow every time: one descheduled stretch must not fail CI.
//!
//! Exit status: 0 if every row is within 25% of its baseline (or with `--bless`), 1 if one is
//! not, 2 for a usage or baseline error (one line on stderr).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use wasi_benches::guests::{floor, has_memory_row, ours, ours_mem, rewind_null};
use wasi_benches::native::native;
use wasi_benches::{OPS, Op, module};

/// How much slower than its baseline ratio a row may get before the check fails.
const TOLERANCE: f64 = 1.25;
/// Measurement rounds per row; each round times every variant once, interleaved.
const ROUNDS: usize = 101;
/// Each timed sample repeats the row's batch until it lasts at least this long.
const SAMPLE: Duration = Duration::from_micros(300);
/// Measurements of a failing row, the first included; and of every row with `--bless`,
/// whose median attempt is the baseline.
const ATTEMPTS: usize = 3;

/// One measured row: its key in the baseline and its ratio to native + floor.
#[derive(Debug, Clone, PartialEq)]
struct Measured {
    key: String,
    ratio: f64,
    ns_per_unit: f64,
    limit_ns_per_unit: f64,
}

/// A row's verdict against its baseline ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    /// Within the tolerance.
    Ok,
    /// More than [`TOLERANCE`] times its baseline.
    Slower,
    /// Not in the baseline (a new row: bless it).
    New,
}

/// Compares a measured ratio with the baseline's.
fn verdict(baseline: Option<f64>, ratio: f64) -> Verdict {
    match baseline {
        None => Verdict::New,
        Some(base) if ratio > base * TOLERANCE => Verdict::Slower,
        Some(_) => Verdict::Ok,
    }
}

/// The median of `samples` (sorted in place); 0 for none.
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(0.0)
}

/// Times `f` (one batch) repeated `reps` times, in ns per batch.
fn time(reps: u32, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..reps {
        f();
    }
    start.elapsed().as_nanos() as f64 / f64::from(reps)
}

/// How many batches of `f` one sample needs to last [`SAMPLE`].
fn calibrate(f: &mut dyn FnMut()) -> u32 {
    f();
    let once = time(1, f).max(1.0);
    ((SAMPLE.as_nanos() as f64 / once).ceil() as u32).clamp(1, 10_000)
}

/// One timed batch of a variant.
type Batch<'a> = Box<dyn FnMut() + 'a>;

/// Measures `op`'s variants interleaved, round by round: the median ns per unit of each.
/// `slow` makes this layer's variants do 1.5 times the work per measured batch.
fn measure(op: &Op, slow: bool) -> Vec<Measured> {
    let engine = wasmi::Engine::default();
    let wasm = wat::parse_str(module(op)).expect("the benchmark module");
    let extra = if slow { op.turns / 2 } else { 0 };
    let mut host = ours(&engine, &wasm);
    let mut empty = floor(&engine, &wasm);
    let mut native_call = native(op);
    let mut mem = has_memory_row(op).then(|| ours_mem(&engine, &wasm));
    let turns = op.turns;
    let mut variants: Vec<(&str, Batch<'_>)> = vec![
        ("floor", Box::new(|| empty.turns(turns))),
        (
            "ours",
            Box::new(|| {
                host.turns(turns);
                if extra > 0 {
                    host.turns(extra);
                }
            }),
        ),
    ];
    if let Some(native_call) = native_call.as_mut() {
        variants.push(("native", Box::new(move || native_call(turns))));
    }
    if let Some(mem) = mem.as_mut() {
        variants.push((
            "ours_mem",
            Box::new(move || {
                mem.turns(turns);
                if extra > 0 {
                    mem.turns(extra);
                }
                rewind_null(mem);
            }),
        ));
    }
    let reps: Vec<u32> = variants.iter_mut().map(|(_, f)| calibrate(f)).collect();
    let mut samples = vec![Vec::with_capacity(ROUNDS); variants.len()];
    for _ in 0..ROUNDS {
        for ((_, f), (reps, out)) in variants.iter_mut().zip(reps.iter().zip(&mut samples)) {
            out.push(time(*reps, f));
        }
    }
    let units = op.units as f64;
    let per_unit: BTreeMap<&str, f64> = variants
        .iter()
        .zip(&mut samples)
        .map(|((name, _), s)| (*name, black_box(median(s)) / units))
        .collect();
    let limit = per_unit.get("native").copied().unwrap_or(0.0) + per_unit["floor"];
    ["ours", "ours_mem"]
        .iter()
        .filter_map(|bench| {
            let ns = *per_unit.get(bench)?;
            Some(Measured {
                key: format!("{}/{bench}", op.name),
                ratio: ns / limit,
                ns_per_unit: ns,
                limit_ns_per_unit: limit,
            })
        })
        .collect()
}

/// A time per unit, with enough digits for the byte rows' fractions of a ns.
fn ns(v: f64) -> String {
    if v < 1.0 {
        format!("{v:.4} ns")
    } else {
        format!("{v:.1} ns")
    }
}

/// The command line.
struct Options {
    bless: bool,
    baseline: PathBuf,
    slow: Option<String>,
}

fn options() -> Result<Options, String> {
    let mut opts = Options {
        bless: false,
        baseline: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("baseline.json"),
        slow: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bless" => opts.bless = true,
            "--baseline" => {
                opts.baseline = args.next().ok_or("--baseline needs a file")?.into();
            }
            "--slow" => {
                let row = args.next().ok_or("--slow needs a row name")?;
                if !OPS.iter().any(|op| op.name.starts_with(&row)) {
                    return Err(format!("--slow {row}: no row's name starts with it"));
                }
                opts.slow = Some(row);
            }
            other => return Err(format!("unknown argument {other:?} (see the file's docs)")),
        }
    }
    Ok(opts)
}

/// The baseline's ratios by row key.
fn read_baseline(path: &PathBuf) -> Result<BTreeMap<String, f64>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("the baseline {} is not JSON: {e}", path.display()))?;
    let rows = value
        .get("ratios")
        .and_then(|r| r.as_object())
        .ok_or_else(|| format!("the baseline {} has no \"ratios\" object", path.display()))?;
    rows.iter()
        .map(|(k, v)| {
            v.as_f64()
                .map(|r| (k.clone(), r))
                .ok_or_else(|| format!("the baseline's {k:?} is not a number"))
        })
        .collect()
}

fn write_baseline(path: &PathBuf, rows: &[Measured]) -> Result<(), String> {
    let ratios: serde_json::Map<String, serde_json::Value> = rows
        .iter()
        .map(|m| {
            (
                m.key.clone(),
                serde_json::json!((m.ratio * 1000.0).round() / 1000.0),
            )
        })
        .collect();
    let doc = serde_json::json!({
        "about": "Each row's time on wasmi as a multiple of native + the engine's floor, measured by bench-check (benches/src/bin/bench-check.rs); rewrite with `cargo run --release -p wasi-benches --bin bench-check -- --bless`.",
        "ratios": ratios,
    });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("bench-check: {e}");
            return ExitCode::from(2);
        }
    };
    let baseline = if opts.bless {
        BTreeMap::new()
    } else {
        match read_baseline(&opts.baseline) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("bench-check: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let started = Instant::now();
    let mut all = Vec::new();
    let mut failed = Vec::new();
    println!("| row | this layer | native + floor | ratio | baseline | change | verdict |");
    println!("|---|---|---|---|---|---|---|");
    for op in OPS {
        let slow = opts.slow.as_deref().is_some_and(|s| op.name.starts_with(s));
        let mut rows = measure(op, slow);
        if opts.bless {
            let attempts: Vec<Vec<Measured>> = (1..ATTEMPTS).map(|_| measure(op, slow)).collect();
            for row in &mut rows {
                let mut all: Vec<Measured> = attempts
                    .iter()
                    .flatten()
                    .filter(|m| m.key == row.key)
                    .cloned()
                    .chain([row.clone()])
                    .collect();
                all.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
                if let Some(mid) = all.get(all.len() / 2) {
                    *row = mid.clone();
                }
            }
        } else {
            for _ in 1..ATTEMPTS {
                let slower: Vec<usize> = (0..rows.len())
                    .filter(|&i| {
                        verdict(baseline.get(&rows[i].key).copied(), rows[i].ratio)
                            == Verdict::Slower
                    })
                    .collect();
                if slower.is_empty() {
                    break;
                }
                // Keep each row's best attempt: a regression is slow every time.
                for again in measure(op, slow) {
                    if let Some(row) = rows.iter_mut().find(|r| r.key == again.key) {
                        if again.ratio < row.ratio {
                            *row = again;
                        }
                    }
                }
            }
        }
        for row in rows {
            let base = baseline.get(&row.key).copied();
            let v = verdict(base, row.ratio);
            let (base_cell, change) = match base {
                Some(b) => (
                    format!("{b:.3}"),
                    format!("{:+.1}%", 100.0 * (row.ratio / b - 1.0)),
                ),
                None => ("—".to_owned(), "—".to_owned()),
            };
            let v_cell = match (opts.bless, v) {
                (true, _) => "blessed",
                (false, Verdict::Ok) => "ok",
                (false, Verdict::Slower) => "SLOWER",
                (false, Verdict::New) => "new (not in the baseline)",
            };
            println!(
                "| {} | {} | {} | {:.3} | {base_cell} | {change} | {v_cell} |",
                row.key,
                ns(row.ns_per_unit),
                ns(row.limit_ns_per_unit),
                row.ratio
            );
            if !opts.bless && v == Verdict::Slower {
                failed.push(row.key.clone());
            }
            all.push(row);
        }
    }
    println!("measured in {:.1} s", started.elapsed().as_secs_f64());
    if opts.bless {
        if let Err(e) = write_baseline(&opts.baseline, &all) {
            eprintln!("bench-check: {e}");
            return ExitCode::from(2);
        }
        println!("wrote {}", opts.baseline.display());
        return ExitCode::SUCCESS;
    }
    let missing: Vec<&String> = baseline
        .keys()
        .filter(|k| !all.iter().any(|m| &m.key == *k))
        .collect();
    if !missing.is_empty() {
        eprintln!("bench-check: the baseline has rows this build does not measure: {missing:?}");
        return ExitCode::from(2);
    }
    if failed.is_empty() {
        println!("bench-check: every row within {TOLERANCE}x of its baseline ratio");
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "bench-check: {} row(s) more than 25% slower than the baseline, relative to native + floor: {}",
            failed.len(),
            failed.join(", ")
        );
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_fails_only_past_the_tolerance() {
        assert_eq!(verdict(Some(2.0), 2.0), Verdict::Ok);
        assert_eq!(verdict(Some(2.0), 2.5), Verdict::Ok);
        assert_eq!(verdict(Some(2.0), 2.51), Verdict::Slower);
        assert_eq!(verdict(Some(2.0), 1.0), Verdict::Ok);
        assert_eq!(verdict(None, 9.0), Verdict::New);
    }

    #[test]
    fn the_median_is_the_middle_sample() {
        assert_eq!(median(&mut [5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median(&mut []), 0.0);
    }
}
