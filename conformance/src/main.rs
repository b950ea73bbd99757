//! `conformance`: runs suites in the WASI testsuite layout against this project (in process)
//! or any runtime command, with known failures listed in an expectations file.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use wasi_conformance::run::{Backend, Runtime};
use wasi_conformance::{RunOptions, parse_expectations, report, run_all, suite, summary, to_json};

const USAGE: &str = "\
Usage: conformance --suite [LABEL=]DIR [--suite [LABEL=]DIR ...] [OPTIONS]

Runs every test of each suite (a directory with manifest.json, NAME.wasm or NAME.wat, and
optional NAME.json) and prints one line per test and `N passed, M failed`. Test ids are
LABEL/NAME; LABEL defaults to the directory's name (for the testsuite's
tests/LANG/testsuite/wasm32-wasip1 layout, LANG).

Options:
  --runtime CMD        Run guests with an external command instead of in process. CMD is
                       split on spaces; {dirs}, {env}, {wasm}, {args} are expanded, e.g.
                       'wasmtime run {dirs} {env} {wasm} {args}'.
  --backend host|mem|overlay
                       In process: preopen the fixtures as host directories (default),
                       load each into an in-memory filesystem, or put a copy-on-write
                       overlay over each.
  --dir-template T     How {dirs} expands per preopen (default '--dir {host}::{guest}').
  --env-template T     How {env} expands per variable (default '--env {key}={value}').
  --expect FILE        Known failures, one `suite/name: reason` per line.
  --json FILE          Write per-test results as JSON.
  --report FILE        Write the function coverage matrix into FILE (a markdown document).
  --filter TEXT        Run only tests whose id contains TEXT.
  --jobs N             Parallel tests (default: the number of CPUs).
  --timeout SECS       Per-test timeout (default 30).
Exit status: 0 if every test passed or failed as expected, 1 otherwise, 2 on a usage error.";

fn main() -> ExitCode {
    match real_main() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(msg) => {
            eprintln!("conformance: {msg}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<bool, String> {
    let mut args = std::env::args().skip(1);
    let (mut suites, mut runtime_cmd, mut expect, mut json, mut report_to, mut filter) =
        (Vec::new(), None, None, None, None, None);
    let mut dir_template = "--dir {host}::{guest}".to_owned();
    let mut env_template = "--env {key}={value}".to_owned();
    let mut jobs = std::thread::available_parallelism().map_or(2, usize::from);
    let mut timeout = Duration::from_secs(30);
    let mut backend = Backend::Host;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(true);
            }
            "--suite" => suites.push(PathBuf::from(value("--suite")?)),
            "--runtime" => runtime_cmd = Some(value("--runtime")?),
            "--backend" => {
                let name = value("--backend")?;
                backend = Backend::from_name(&name)
                    .ok_or(format!("unknown backend `{name}` (host, mem, overlay)"))?;
            }
            "--dir-template" => dir_template = value("--dir-template")?,
            "--env-template" => env_template = value("--env-template")?,
            "--expect" => expect = Some(PathBuf::from(value("--expect")?)),
            "--json" => json = Some(PathBuf::from(value("--json")?)),
            "--report" => report_to = Some(PathBuf::from(value("--report")?)),
            "--filter" => filter = Some(value("--filter")?),
            "--jobs" => {
                jobs = value("--jobs")?
                    .parse()
                    .map_err(|_| "--jobs needs a number")?
            }
            "--timeout" => {
                let secs: u64 = value("--timeout")?
                    .parse()
                    .map_err(|_| "--timeout needs seconds")?;
                timeout = Duration::from_secs(secs);
            }
            other => return Err(format!("unknown argument `{other}` (see --help)")),
        }
    }
    if suites.is_empty() {
        return Err("no --suite given (see --help)".into());
    }
    let expectations = match &expect {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse_expectations(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Default::default(),
    };
    let mut cases = Vec::new();
    for arg in &suites {
        // `LABEL=DIR` names the suite; a plain DIR is labelled after its directory.
        let text = arg.to_string_lossy();
        match text.split_once('=') {
            Some((label, dir)) if !label.is_empty() && !label.contains('/') => {
                cases.extend(suite::load_labelled(std::path::Path::new(dir), label)?);
            }
            _ => cases.extend(suite::load(arg)?),
        }
    }
    if let Some(text) = &filter {
        cases.retain(|c| c.id.contains(text.as_str()));
    }
    let runtime = match runtime_cmd {
        Some(template) => Runtime::External {
            template,
            dir_template,
            env_template,
        },
        None => Runtime::InProcess(backend),
    };
    let scratch = std::env::temp_dir().join(format!("conformance-{}", std::process::id()));
    let opts = RunOptions {
        runtime,
        jobs,
        timeout,
        expectations,
        scratch: scratch.clone(),
    };
    let results = run_all(&cases, &opts);
    let _ = std::fs::remove_dir_all(&scratch);
    print!("{}", summary(&results));
    if let Some(path) = json {
        std::fs::write(&path, to_json(&results)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = report_to {
        let doc = std::fs::read_to_string(&path).unwrap_or_default();
        let updated = report::splice(&doc, &report::matrix(&results));
        std::fs::write(&path, updated).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(!results.iter().any(|r| r.status.is_failure()))
}
