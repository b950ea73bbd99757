//! The project's own corpus, run in process as part of `cargo test`: every test must pass,
//! and together the tests must import every one of the 46 functions, with at least one test
//! of an error case (a `NAME-*.wat` beside `NAME.wat`, or a test expecting a trap) for each.

use std::path::Path;
use std::time::Duration;
use wasi_abi::FUNCTIONS;
use wasi_conformance::run::{Backend, Runtime};
use wasi_conformance::{RunOptions, Status, report, run_all, suite};

/// Every corpus test, run in process with its fixtures on `backend`.
fn run_on(backend: Backend) -> (Vec<suite::TestCase>, Vec<wasi_conformance::TestResult>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut cases = suite::load(&root.join("wat")).unwrap();
    cases.extend(suite::load(&root.join("c")).unwrap());
    cases.extend(suite::load(&root.join("as")).unwrap());
    let opts = RunOptions {
        runtime: Runtime::InProcess(backend),
        jobs: 2,
        timeout: Duration::from_secs(30),
        expectations: Default::default(),
        scratch: std::env::temp_dir().join(format!(
            "corpus-{}-{}",
            backend.name(),
            std::process::id()
        )),
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
        "{} corpus tests failed on the {} backend:\n{}",
        failures.len(),
        backend.name(),
        failures.join("\n")
    );
    assert_eq!(results.len(), cases.len());
    (cases, results)
}

/// The same guests, the same answers, whatever the preopens are: an in-memory copy of each
/// fixture, and a copy-on-write overlay over it.
#[test]
fn the_whole_corpus_passes_on_the_memory_and_overlay_backends() {
    run_on(Backend::Mem);
    run_on(Backend::Overlay);
}

#[test]
fn the_whole_corpus_passes_and_covers_all_46_functions() {
    let (_, results) = run_on(Backend::Host);

    // Each module's imports, parsed once (a .wat module is compiled to find them).
    let imports: Vec<(&str, Vec<String>)> = results
        .iter()
        .map(|r| {
            (
                r.case.id.as_str(),
                report::imported_functions(&r.case.module),
            )
        })
        .collect();
    for f in FUNCTIONS.iter() {
        let importing: Vec<&str> = imports
            .iter()
            .filter(|(_, names)| names.iter().any(|n| n == f.name))
            .map(|(id, _)| *id)
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

/// Every stdout or stderr expectation of the corpus is compared whole: the expected bytes
/// pass, and the same bytes with one stray byte added (or, when there are any, one removed)
/// fail. An expectation of `""` therefore fails on any output at all.
#[test]
fn output_expectations_are_exact() {
    use wasi_conformance::run::{RunOutput, judge};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (mut checked, mut empty) = (0, 0);
    for suite_dir in ["wat", "c", "as"] {
        for case in suite::load(&root.join(suite_dir)).unwrap() {
            let c = &case.config;
            let expected = RunOutput {
                exit_code: c.exit_code,
                stdout: c.stdout.clone().unwrap_or_default().into_bytes(),
                stderr: c.stderr.clone().unwrap_or_default().into_bytes(),
            };
            assert_eq!(judge(&case, &expected), None, "{}", case.id);
            for (stream, want) in [("stdout", &c.stdout), ("stderr", &c.stderr)] {
                let Some(want) = want else { continue };
                let with = |bytes: Vec<u8>| {
                    let mut out = expected.clone();
                    *(if stream == "stdout" {
                        &mut out.stdout
                    } else {
                        &mut out.stderr
                    }) = bytes;
                    out
                };
                let mut stray = want.clone().into_bytes();
                stray.push(b'x');
                assert!(
                    judge(&case, &with(stray)).is_some(),
                    "{}: a stray byte on {stream} passes",
                    case.id
                );
                if let Some((_, shorter)) = want.as_bytes().split_last() {
                    assert!(
                        judge(&case, &with(shorter.to_vec())).is_some(),
                        "{}: a short {stream} passes",
                        case.id
                    );
                }
                checked += 1;
                empty += usize::from(want.is_empty());
            }
        }
    }
    // The seven guests that must write nothing to stdout are among them.
    assert!(empty >= 7, "{empty} empty expectations");
    eprintln!("{checked} output expectations checked, {empty} of them empty");
}
