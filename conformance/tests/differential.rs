//! Differential check: every test of the project's WAT corpus runs on wasmi with this project's
//! layer and with `wasmi_wasi` (wasi-common 36), each on a fresh copy of its fixture, and the two
//! runs are compared call by call: the sequence of preview1 calls with each call's answer (an
//! errno, an exit or a trap), then the exit code, stdout and the files left behind.
//!
//! `wasmi_wasi` traps on a `path_open` whose rights have bits outside the 29 the witx defines
//! (`-1` for "every right"); this project masks them. So that one decoding difference does not
//! end the comparison at the first `path_open`, the `wasmi_wasi` side is given the rights it
//! accepts (the same mask this project applies) and the run goes on to the end.
//!
//! Where the runs differ, the test must be listed in `conformance/corpus/differential.txt` as
//! `wat/NAME: [FAMILY] SIGNATURE — reason`: FAMILY is a heading of RATIONALE.md's "Where
//! wasmi_wasi differs" (whose `[N]` counts the tests listed under it) and SIGNATURE is exactly
//! the first difference this test finds. An unlisted divergence, a listed test that no longer
//! diverges or diverges differently, an unknown family, a wrong count, or a fixture that
//! cannot be prepared fails the test. `BLESS=1` prints the signature of every divergence.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use wasi_abi::{Errno, Rights};
use wasi_conformance::run;
use wasi_conformance::suite::{self, TestCase};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/wat")
}

/// How one call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// It returned this errno (by name; `SUCCESS` included).
    Errno(String),
    /// The guest exited with this code.
    Exit(i32),
    /// It trapped (the messages differ between the layers and are not compared).
    Trap,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Errno(name) => f.write_str(name),
            Outcome::Exit(code) => write!(f, "exit({code})"),
            Outcome::Trap => f.write_str("trap"),
        }
    }
}

/// One preview1 call: the function's name and how it ended.
type Call = (String, Outcome);

/// Everything a run is compared on.
#[derive(Debug)]
struct Run {
    calls: Vec<Call>,
    exit_code: i32,
    stdout: Vec<u8>,
    /// The guest's stderr (its "check N failed: got G" line), shown by `BLESS=1`.
    stderr: Vec<u8>,
    files: BTreeMap<PathBuf, String>,
}

/// A shared byte sink (the trace of this project's run).
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The calls of this project's run, read back from its JSON trace.
fn calls_from_trace(trace: &[u8]) -> Result<Vec<Call>, String> {
    let text = String::from_utf8_lossy(trace);
    text.lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("trace line {line:?}: {e}"))?;
            let name = v["call"].as_str().ok_or("trace line without a call")?;
            let outcome = if let Some(errno) = v["errno"].as_str() {
                Outcome::Errno(errno.to_owned())
            } else if let Some(code) = v["exit"].as_i64() {
                // The trace shows the u32 the guest passed; the exit status is its i32.
                Outcome::Exit(code as u32 as i32)
            } else if v["trap"].is_string() {
                Outcome::Trap
            } else {
                return Err(format!("trace line without an outcome: {line}"));
            };
            Ok((name.to_owned(), outcome))
        })
        .collect()
}

/// Runs `case` with this project's layer, tracing every call.
fn ours(case: &TestCase, scratch: &Path) -> Result<Run, String> {
    let preopens = run::prepare(case, scratch)?;
    let sink = Sink::default();
    let tracer = wasi_impl::Tracer::new(sink.clone(), wasi_impl::TraceFormat::Json);
    let out = run::in_process_traced(case, &preopens, Duration::from_secs(20), Some(tracer))?;
    let trace = sink
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    Ok(Run {
        calls: calls_from_trace(&trace)?,
        exit_code: out.exit_code,
        stdout: out.stdout,
        stderr: out.stderr,
        files: tree(scratch),
    })
}

/// The calls of one `wasmi_wasi` run, in order.
type CallLog = Arc<Mutex<Vec<Call>>>;

/// A raw argument as `wasmi_wasi` accepts it: `path_open`'s rights masked to the defined
/// bits (see the module docs); every other argument unchanged.
fn accepted<A: Masked>(function: &str, param: &str, value: A) -> A {
    if function == "path_open" && param.starts_with("fs_rights") {
        value.masked()
    } else {
        value
    }
}

/// Masking a rights argument (only `i64`s carry rights).
trait Masked {
    fn masked(self) -> Self;
}
impl Masked for i32 {
    fn masked(self) -> Self {
        self
    }
}
impl Masked for i64 {
    fn masked(self) -> Self {
        self & Rights::all().bits() as i64
    }
}

/// An errno number as its name.
fn errno_name(raw: i32) -> String {
    Errno::ALL
        .iter()
        .find(|e| i32::from(e.raw()) == raw)
        .map_or_else(|| format!("errno {raw}"), |e| e.name().to_owned())
}

/// How a `wasmi_wasi` call that did not return an errno ended.
fn stopped(error: &wasmi::Error) -> Outcome {
    match error.i32_exit_status() {
        Some(code) => Outcome::Exit(code),
        None => Outcome::Trap,
    }
}

macro_rules! link_theirs {
    ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        /// Defines the 46 functions of `wasmi_wasi` in `linker`, each recording its call in
        /// `log`.
        fn link_theirs(linker: &mut wasmi::Linker<wasmi_wasi::WasiCtx>, log: &CallLog) {
            $( link_theirs!(@one linker, log, $name [$($p : $t),*] -> $ret); )*
        }
    };
    (@one $linker:ident, $log:ident, $name:ident [$($p:ident : $t:ident),*] -> $ret:ident) => {
        let inner = wasmi_wasi::snapshots::preview_1::wrapped::$name::<
            wasmi_wasi::WasiCtx,
            wasmi_wasi::WasiCtx,
        >(|ctx| ctx);
        let log = Arc::clone($log);
        $linker
            .func_wrap(
                wasi_abi::MODULE,
                stringify!($name),
                move |caller: wasmi::Caller<'_, wasmi_wasi::WasiCtx>, $($p: $t),*| {
                    let result = inner(caller, $(accepted(stringify!($name), stringify!($p), $p)),*);
                    let outcome = match &result {
                        Ok(value) => link_theirs!(@returned $ret value),
                        Err(e) => stopped(e),
                    };
                    log.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push((stringify!($name).to_owned(), outcome));
                    result
                },
            )
            .unwrap();
    };
    (@returned errno $value:ident) => { Outcome::Errno(errno_name(*$value)) };
    (@returned never $value:ident) => {{ let () = *$value; Outcome::Exit(0) }};
}

wasi_abi::for_each_function!(link_theirs);

/// Runs `case` on wasmi with `wasmi_wasi`, recording every call.
fn theirs(case: &TestCase, scratch: &Path) -> Result<Run, String> {
    use wasmi_wasi::wasi_common::pipe::WritePipe;
    let preopens = run::prepare(case, scratch)?;
    let bytes = std::fs::read(&case.module).map_err(|e| e.to_string())?;
    let (stdout, stderr) = (WritePipe::new_in_memory(), WritePipe::new_in_memory());
    let mut b = wasmi_wasi::WasiCtxBuilder::new();
    let mut argv = vec![run::module_name(case)];
    argv.extend(case.config.args.iter().cloned());
    b.args(&argv).map_err(|e| e.to_string())?;
    for (k, v) in &case.config.env {
        b.env(k, v).map_err(|e| e.to_string())?;
    }
    for (host, guest) in &preopens {
        let dir = wasmi_wasi::Dir::open_ambient_dir(host, wasmi_wasi::ambient_authority())
            .map_err(|e| e.to_string())?;
        b.preopened_dir(dir, guest).map_err(|e| e.to_string())?;
    }
    b.stdout(Box::new(stdout.clone()))
        .stderr(Box::new(stderr.clone()));
    let ctx = b.build();
    let log = CallLog::default();
    let (done, wait) = std::sync::mpsc::channel();
    let thread_log = Arc::clone(&log);
    std::thread::spawn(move || {
        let engine = wasmi::Engine::default();
        let code = (|| {
            let module = wasmi::Module::new(&engine, &bytes).ok()?;
            let mut store = wasmi::Store::new(&engine, ctx);
            let mut linker = wasmi::Linker::new(&engine);
            link_theirs(&mut linker, &thread_log);
            let outcome = linker
                .instantiate_and_start(&mut store, &module)
                .and_then(|instance| {
                    instance
                        .get_typed_func::<(), ()>(&store, "_start")?
                        .call(&mut store, ())
                });
            Some(match outcome {
                Ok(()) => 0,
                Err(e) => e.i32_exit_status().unwrap_or(134),
            })
        })()
        .unwrap_or(2);
        let _ = done.send(code);
    });
    let exit_code = wait
        .recv_timeout(Duration::from_secs(20))
        .map_err(|_| "timed out".to_owned())?;
    let calls = log.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let take = |p: WritePipe<std::io::Cursor<Vec<u8>>>| {
        p.try_into_inner()
            .map(|c| c.into_inner())
            .unwrap_or_default()
    };
    Ok(Run {
        calls,
        exit_code,
        stdout: take(stdout),
        stderr: take(stderr),
        files: tree(scratch),
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

/// The first difference between the two runs, as the signature `differential.txt` lists, or
/// `None` if they agree on every call, the exit code, stdout and the files.
fn first_difference(ours: &Run, theirs: &Run) -> Option<String> {
    let exits = if ours.exit_code == theirs.exit_code {
        String::new()
    } else {
        format!("; exit {} / {}", ours.exit_code, theirs.exit_code)
    };
    let longest = ours.calls.len().max(theirs.calls.len());
    for i in 0..longest {
        let (a, b) = (ours.calls.get(i), theirs.calls.get(i));
        if a == b {
            continue;
        }
        let n = i + 1;
        // Where both answered the same and only the next call differs, the difference is
        // in what the previous call wrote (the guest checked it and failed).
        let after = match i.checked_sub(1).and_then(|p| ours.calls.get(p)) {
            Some((f, o)) => format!("call {i} {f}: {o} on both, then "),
            None => "first call: ".to_owned(),
        };
        let show =
            |c: Option<&Call>| c.map_or_else(|| "none".to_owned(), |(f, o)| format!("{f} = {o}"));
        return Some(match (a, b) {
            (Some((fa, oa)), Some((fb, ob))) if fa == fb => {
                format!("call {n} {fa}: {oa} / {ob}{exits}")
            }
            _ => format!("{after}{} / {}{exits}", show(a), show(b)),
        });
    }
    if !exits.is_empty() {
        return Some(exits.trim_start_matches("; ").to_owned());
    }
    if ours.stdout != theirs.stdout {
        return Some("stdout differs".to_owned());
    }
    if ours.files != theirs.files {
        return Some("files differ".to_owned());
    }
    None
}

/// Both runs of one test (this layer's, wasmi_wasi's), or why they could not be made.
type RunPair = Result<(Run, Run), String>;

/// One entry of `differential.txt`.
#[derive(Debug)]
struct Listed {
    family: String,
    signature: String,
}

/// Parses `wat/NAME: [FAMILY] SIGNATURE — reason` lines (`#` comments and blank lines
/// skipped).
fn parse_listing(text: &str) -> Result<BTreeMap<String, Listed>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = || format!("differential.txt line {}: {line:?}", i + 1);
        let (id, rest) = line.split_once(": [").ok_or_else(bad)?;
        let (family, rest) = rest.split_once("] ").ok_or_else(bad)?;
        let (signature, reason) = rest.split_once(" — ").ok_or_else(bad)?;
        if reason.trim().is_empty() {
            return Err(bad());
        }
        let listed = Listed {
            family: family.to_owned(),
            signature: signature.to_owned(),
        };
        if out.insert(id.to_owned(), listed).is_some() {
            return Err(format!("{id} is listed twice"));
        }
    }
    Ok(out)
}

/// The `### NAME [N]` headings of RATIONALE.md's "Where wasmi_wasi differs": NAME -> N.
fn rationale_families() -> BTreeMap<String, usize> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../RATIONALE.md");
    let text = std::fs::read_to_string(path).unwrap();
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with("Where wasmi_wasi differs"))
        .expect("RATIONALE.md has a section \"Where wasmi_wasi differs\"");
    section
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .filter_map(|h| {
            let (name, count) = h.rsplit_once(" [")?;
            Some((name.to_owned(), count.strip_suffix(']')?.parse().ok()?))
        })
        .collect()
}

#[test]
fn corpus_divergences_from_wasmi_wasi_are_exactly_the_listed_ones() {
    let cases = suite::load(&corpus()).unwrap();
    assert!(!cases.is_empty());
    let listed_text =
        std::fs::read_to_string(corpus().parent().unwrap().join("differential.txt")).unwrap();
    let bless = std::env::var_os("BLESS").is_some();
    let listed = match parse_listing(&listed_text) {
        Ok(listed) => listed,
        Err(e) if bless => {
            eprintln!("{e}");
            BTreeMap::new()
        }
        Err(e) => panic!("{e}"),
    };
    let families = rationale_families();
    let scratch = std::env::temp_dir().join(format!("differential-{}", std::process::id()));
    let mut problems = Vec::new();
    let mut per_family: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut diverging, mut compared_calls) = (0, 0);
    // Both runs of each test, on as many threads as there are cores, in corpus order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut outcomes: Vec<(usize, RunPair)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = cases.get(i) else { break done };
                        let dir = scratch.join(i.to_string());
                        let runs = ours(case, &dir.join("ours"))
                            .and_then(|a| Ok((a, theirs(case, &dir.join("theirs"))?)));
                        let _ = std::fs::remove_dir_all(&dir);
                        done.push((i, runs));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    outcomes.sort_by_key(|(i, _)| *i);
    for (i, runs) in outcomes {
        let case = &cases[i];
        let (a, b) = match runs {
            Ok(runs) => runs,
            Err(e) => {
                problems.push(format!("{}: could not run: {e}", case.id));
                continue;
            }
        };
        compared_calls += a.calls.len().min(b.calls.len());
        let found = first_difference(&a, &b);
        if bless {
            if let Some(sig) = &found {
                eprintln!(
                    "BLESS {}: {sig} ## ours: {:?} theirs: {:?}",
                    case.id,
                    String::from_utf8_lossy(&a.stderr).trim(),
                    String::from_utf8_lossy(&b.stderr).trim()
                );
            }
        }
        diverging += usize::from(found.is_some());
        match (&found, listed.get(&case.id)) {
            (Some(sig), None) => {
                problems.push(format!("{}: diverges ({sig}) but is not listed", case.id))
            }
            (None, Some(_)) => {
                problems.push(format!("{}: listed, but no longer diverges", case.id))
            }
            (Some(sig), Some(entry)) if *sig != entry.signature => problems.push(format!(
                "{}: diverges as `{sig}`, listed as `{}`",
                case.id, entry.signature
            )),
            _ => {}
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    for (id, entry) in &listed {
        if !cases.iter().any(|c| c.id == *id) {
            problems.push(format!("{id}: listed, but no such corpus test"));
        }
        if !families.contains_key(&entry.family) {
            problems.push(format!(
                "{id}: family [{}] is not a heading of RATIONALE.md's \"Where wasmi_wasi differs\"",
                entry.family
            ));
        }
        *per_family.entry(&entry.family).or_default() += 1;
    }
    for (family, count) in &families {
        let listed_here = per_family.get(family.as_str()).copied().unwrap_or(0);
        if listed_here != *count {
            problems.push(format!(
                "RATIONALE.md counts [{count}] under \"{family}\", differential.txt lists {listed_here}"
            ));
        }
    }
    eprintln!(
        "{diverging} of {} corpus tests diverge from wasmi_wasi; {compared_calls} calls compared",
        cases.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
