//! Conformance checks for preview1 runtimes.
//!
//! - [`suite`]: loading suites in the WASI testsuite layout (`manifest.json`, `NAME.wasm` or
//!   `NAME.wat`, optional `NAME.json`);
//! - [`run`]: running one test in this process or through any external runtime command;
//! - this module: running whole suites in parallel against an expectations file, and the
//!   reports (`--json`, the coverage matrix in `docs/conformance.md`).
//!
//! The `conformance` binary is the command-line front end; `scripts/run-upstream-suite.py`
//! is the older script that drives `wasi-run` only.

pub mod report;
pub mod run;
pub mod suite;

use run::{RunOutput, Runtime};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use suite::TestCase;

/// How a test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It met every expectation.
    Pass,
    /// It did not, and no expectation explains it.
    Fail(String),
    /// It failed as the expectations file says it does (the reason given there).
    ExpectedFail(String),
    /// It passed although the expectations file says it fails: the entry is stale.
    UnexpectedPass,
}

impl Status {
    /// True for the outcomes that make a run fail (`Fail`, `UnexpectedPass`).
    pub fn is_failure(&self) -> bool {
        matches!(self, Status::Fail(_) | Status::UnexpectedPass)
    }
}

/// The result of one test.
#[derive(Debug, Clone)]
pub struct TestResult {
    /// The test.
    pub case: TestCase,
    /// How it ended.
    pub status: Status,
    /// What it printed, when it ran.
    pub output: Option<RunOutput>,
    /// Wall time.
    pub duration: Duration,
}

/// Known failures: test id -> reason. File format: one `suite/name: reason` per line;
/// blank lines and lines starting with `#` are ignored.
pub fn parse_expectations(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once(':')
            .ok_or(format!("line {}: expected `suite/name: reason`", n + 1))?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(format!(
                "line {}: every known failure needs a reason",
                n + 1
            ));
        }
        map.insert(id.trim().to_owned(), reason.to_owned());
    }
    Ok(map)
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How to run guests.
    pub runtime: Runtime,
    /// Parallel workers.
    pub jobs: usize,
    /// Per-test timeout.
    pub timeout: Duration,
    /// Known failures.
    pub expectations: BTreeMap<String, String>,
    /// Where scratch directories go.
    pub scratch: PathBuf,
}

/// Runs `cases` in parallel and returns their results in the order given.
pub fn run_all(cases: &[TestCase], opts: &RunOptions) -> Vec<TestResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<TestResult>>> = Mutex::new(vec![None; cases.len()]);
    std::thread::scope(|scope| {
        for worker in 0..opts.jobs.max(1) {
            let (next, results) = (&next, &results);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let scratch = opts.scratch.join(format!("w{worker}-{i}"));
                    let result = run_one(case, opts, &scratch);
                    if let Ok(mut all) = results.lock() {
                        all[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn run_one(case: &TestCase, opts: &RunOptions, scratch: &std::path::Path) -> TestResult {
    let started = Instant::now();
    let (verdict, output) = match run::run(case, &opts.runtime, scratch, opts.timeout) {
        Ok(out) => (run::judge(case, &out), Some(out)),
        Err(why) => (Some(why), None),
    };
    let status = match (verdict, opts.expectations.get(&case.id)) {
        (None, None) => Status::Pass,
        (None, Some(_)) => Status::UnexpectedPass,
        (Some(why), None) => Status::Fail(why),
        (Some(_), Some(reason)) => Status::ExpectedFail(reason.clone()),
    };
    TestResult {
        case: case.clone(),
        status,
        output,
        duration: started.elapsed(),
    }
}

/// One line per test, then the closing `N passed, M failed[, K skipped]` line (known failures
/// are counted as skipped).
pub fn summary(results: &[TestResult]) -> String {
    let mut out = String::new();
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for r in results {
        let line = match &r.status {
            Status::Pass => {
                passed += 1;
                format!("PASS {}", r.case.id)
            }
            Status::Fail(why) => {
                failed += 1;
                format!("FAIL {}: {why}", r.case.id)
            }
            Status::ExpectedFail(reason) => {
                skipped += 1;
                format!("KNOWN {}: {reason}", r.case.id)
            }
            Status::UnexpectedPass => {
                failed += 1;
                format!(
                    "FAIL {}: passes, but the expectations file lists it as failing",
                    r.case.id
                )
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    if skipped > 0 {
        out.push_str(&format!(
            "{passed} passed, {failed} failed, {skipped} skipped\n"
        ));
    } else {
        out.push_str(&format!("{passed} passed, {failed} failed\n"));
    }
    out
}

/// The results as a JSON array, one object per test.
pub fn to_json(results: &[TestResult]) -> String {
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let (status, reason) = match &r.status {
                Status::Pass => ("pass", None),
                Status::Fail(why) => ("fail", Some(why.clone())),
                Status::ExpectedFail(why) => ("known-failure", Some(why.clone())),
                Status::UnexpectedPass => ("unexpected-pass", None),
            };
            serde_json::json!({
                "test": r.case.id,
                "status": status,
                "reason": reason,
                "exit_code": r.output.as_ref().map(|o| o.exit_code),
                "expected_exit_code": r.case.config.exit_code,
                "duration_ms": r.duration.as_secs_f64() * 1000.0,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_need_reasons() {
        let map = parse_expectations("# known\n\nc/foo: needs X\n rust/bar : why \n").unwrap();
        assert_eq!(map.get("c/foo").map(String::as_str), Some("needs X"));
        assert_eq!(map.get("rust/bar").map(String::as_str), Some("why"));
        assert!(
            parse_expectations("c/foo:\n")
                .unwrap_err()
                .contains("needs a reason")
        );
        assert!(
            parse_expectations("c/foo\n")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
