//! The project's own corpus, run in process as part of `cargo test`: every test must pass,
//! and together the tests must import every one of the 46 functions, with at least one test
//! of an error case (a `NAME-*.wat` beside `NAME.wat`, or a test expecting a trap) for each.

use std::path::Path;
use std::time::Duration;
use wasi_abi::FUNCTIONS;
use wasi_conformance::run::Runtime;
use wasi_conformance::{RunOptions, Status, report, run_all, suite};

#[test]
fn the_whole_corpus_passes_and_covers_all_46_functions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases = suite::load(&root.join("wat")).unwrap();
    cases.extend(suite::load(&root.join("c")).unwrap());
    cases.extend(suite::load(&root.join("as")).unwrap());
    let opts = RunOptions {
        runtime: Runtime::InProcess,
        jobs: 2,
        timeout: Duration::from_secs(30),
        expectations: Default::default(),
        scratch: std::env::temp_dir().join(format!("corpus-{}", std::process::id())),
    };
    let results = run_all(&cases, &opts);
    let _ = std::fs::remove_dir_all(&opts.scratch);
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| match &r.status {
            Status::Pass => None,
            other => Some(format!("{}: {other:?}", r.case.id)),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} corpus tests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(results.len(), cases.len());

    for f in FUNCTIONS.iter() {
        let importing: Vec<&str> = results
            .iter()
            .filter(|r| {
                report::imported_functions(&r.case.module)
                    .iter()
                    .any(|n| n == f.name)
            })
            .map(|r| r.case.id.as_str())
            .collect();
        assert!(!importing.is_empty(), "no corpus test imports {}", f.name);
        // An error case: a test named after the function with a suffix, or one that traps.
        let error_case = results.iter().any(|r| {
            let name = r.case.id.split_once('/').map_or("", |(_, n)| n);
            (name.starts_with(&format!("{}-", f.name)) || r.case.config.exit_code == 134)
                && importing.contains(&r.case.id.as_str())
        });
        // sched_yield has no error condition: it always succeeds.
        assert!(
            error_case || f.name == "sched_yield",
            "{} has no error-case test",
            f.name
        );
    }
}
