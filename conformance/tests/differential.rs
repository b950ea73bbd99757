//! Differential check: every test of the project's corpus runs on wasmi with this project's
//! layer and with `wasmi_wasi` (wasi-common), each on a fresh copy of its fixture; the exit
//! codes, stdout and the files left behind are compared. Where they differ, the test must be
//! listed in `conformance/corpus/differential.txt` with the reason (RATIONALE.md explains
//! each choice); an unlisted divergence, or a listed test that no longer diverges, fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wasi_conformance::run::{self, RunOutput};
use wasi_conformance::suite::{self, TestCase};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/wat")
}

/// Runs `case` on wasmi + wasmi_wasi with the given preopens.
fn wasmi_wasi_run(case: &TestCase, preopens: &[(PathBuf, String)]) -> Result<RunOutput, String> {
    use wasmi_wasi::wasi_common::pipe::WritePipe;
    let bytes = std::fs::read(&case.module).map_err(|e| e.to_string())?;
    let (stdout, stderr) = (WritePipe::new_in_memory(), WritePipe::new_in_memory());
    let mut b = wasmi_wasi::WasiCtxBuilder::new();
    let mut argv = vec![run::module_name(case)];
    argv.extend(case.config.args.iter().cloned());
    b.args(&argv).map_err(|e| e.to_string())?;
    for (k, v) in &case.config.env {
        b.env(k, v).map_err(|e| e.to_string())?;
    }
    for (host, guest) in preopens {
        let dir = wasmi_wasi::Dir::open_ambient_dir(host, wasmi_wasi::ambient_authority())
            .map_err(|e| e.to_string())?;
        b.preopened_dir(dir, guest).map_err(|e| e.to_string())?;
    }
    b.stdout(Box::new(stdout.clone()))
        .stderr(Box::new(stderr.clone()));
    let ctx = b.build();
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let engine = wasmi::Engine::default();
        let code = (|| {
            let module = wasmi::Module::new(&engine, &bytes).ok()?;
            let mut store = wasmi::Store::new(&engine, ctx);
            let mut linker = wasmi::Linker::new(&engine);
            wasmi_wasi::add_to_linker(&mut linker, |c| c).ok()?;
            let outcome = linker
                .instantiate_and_start(&mut store, &module)
                .and_then(|instance| {
                    instance
                        .get_typed_func::<(), ()>(&store, "_start")?
                        .call(&mut store, ())
                });
            Some(match outcome {
                Ok(()) => (0, String::new()),
                Err(e) => match e.i32_exit_status() {
                    Some(code) => (code, String::new()),
                    None => (134, e.to_string()),
                },
            })
        })()
        .unwrap_or((2, "could not start".to_owned()));
        let _ = done.send(code);
    });
    let (exit_code, trap) = wait
        .recv_timeout(Duration::from_secs(20))
        .map_err(|_| "timed out".to_owned())?;
    let take = |p: WritePipe<std::io::Cursor<Vec<u8>>>| {
        p.try_into_inner()
            .map(|c| c.into_inner())
            .unwrap_or_default()
    };
    let mut stderr = take(stderr);
    stderr.extend_from_slice(trap.as_bytes());
    Ok(RunOutput {
        exit_code,
        stdout: take(stdout),
        stderr,
    })
}

/// Relative path -> (kind, contents or link target) for everything under `root`.
fn tree(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let meta = match path.symlink_metadata() {
                Ok(m) => m,
                Err(_) => continue,
            };
            let what = if meta.is_symlink() {
                format!("link {:?}", std::fs::read_link(&path).unwrap_or_default())
            } else if meta.is_dir() {
                stack.push(path.clone());
                "dir".to_owned()
            } else {
                format!("file {:?}", std::fs::read(&path).unwrap_or_default())
            };
            out.insert(rel, what);
        }
    }
    out
}

/// How the two runs of `case` differ, if they do.
fn divergence(case: &TestCase, scratch: &Path) -> Option<String> {
    let ours_dir = scratch.join("ours");
    let theirs_dir = scratch.join("theirs");
    let ours_pre = run::prepare(case, &ours_dir).ok()?;
    let theirs_pre = run::prepare(case, &theirs_dir).ok()?;
    let ours = run::in_process(case, &ours_pre, Duration::from_secs(20));
    let theirs = wasmi_wasi_run(case, &theirs_pre);
    let why = match (ours, theirs) {
        (Ok(a), Ok(b)) if a.exit_code != b.exit_code => Some(format!(
            "exit {} vs {}; wasmi_wasi stderr: {:?}",
            a.exit_code,
            b.exit_code,
            String::from_utf8_lossy(&b.stderr)
                .chars()
                .take(160)
                .collect::<String>()
        )),
        (Ok(a), Ok(b)) if a.stdout != b.stdout => Some("stdout differs".to_owned()),
        (Ok(_), Ok(_)) if tree(&ours_dir) != tree(&theirs_dir) => Some("files differ".to_owned()),
        (Ok(_), Ok(_)) => None,
        (a, b) => Some(format!("ours {:?} / wasmi_wasi {:?}", a.err(), b.err())),
    };
    let _ = std::fs::remove_dir_all(scratch);
    why
}

#[test]
fn corpus_divergences_from_wasmi_wasi_are_exactly_the_listed_ones() {
    let cases = suite::load(&corpus()).unwrap();
    assert!(!cases.is_empty());
    let listed_text =
        std::fs::read_to_string(corpus().parent().unwrap().join("differential.txt")).unwrap();
    let listed = wasi_conformance::parse_expectations(&listed_text).unwrap();
    let scratch = std::env::temp_dir().join(format!("differential-{}", std::process::id()));
    let mut problems = Vec::new();
    let mut diverging = 0;
    for (i, case) in cases.iter().enumerate() {
        let found = divergence(case, &scratch.join(i.to_string()));
        match (&found, listed.contains_key(&case.id)) {
            (Some(why), false) => {
                problems.push(format!("{}: diverges ({why}) but is not listed", case.id))
            }
            (None, true) => problems.push(format!("{}: listed, but no longer diverges", case.id)),
            _ => {}
        }
        diverging += usize::from(found.is_some());
    }
    let _ = std::fs::remove_dir_all(&scratch);
    eprintln!(
        "{} of {} corpus tests diverge from wasmi_wasi (all listed)",
        diverging,
        cases.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
