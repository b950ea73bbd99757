//! Running one test: in this process on wasmi + this project's layer, or through any
//! external runtime command, on a fresh copy of its fixture directories.

use crate::suite::{TestCase, copy_tree};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use wasi_impl::{Input, Output, OutputBuffer, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store};

/// What the in-process runs give the guest as its preopened directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The fixture copies on the host's filesystem.
    Host,
    /// An in-memory filesystem ([`wasi_impl::MemFs`]) loaded from each fixture copy.
    Mem,
    /// A copy-on-write [`wasi_impl::Overlay`] over each fixture copy.
    Overlay,
}

impl Backend {
    /// Every backend, for the matrix.
    pub const ALL: [Backend; 3] = [Backend::Host, Backend::Mem, Backend::Overlay];

    /// The name `--backend` takes.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Host => "host",
            Backend::Mem => "mem",
            Backend::Overlay => "overlay",
        }
    }

    /// The backend named `name`.
    pub fn from_name(name: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// How to run the guests.
#[derive(Debug, Clone)]
pub enum Runtime {
    /// In this process, on wasmi with this project's preview1 layer, over this backend.
    InProcess(Backend),
    /// An external command. The template is split on spaces; `{dirs}` expands to one
    /// `dir_template` per preopen (`{host}`, `{guest}`), `{env}` to one `env_template` per
    /// variable (`{key}`, `{value}`), `{wasm}` to the module (`.wat` compiled to `.wasm`
    /// first), `{args}` to the arguments.
    External {
        template: String,
        dir_template: String,
        env_template: String,
    },
}

/// What a run produced.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    /// Exit status (the guest's `proc_exit` code, 0 on return, 134 on a trap, 2 if it could
    /// not start).
    pub exit_code: i32,
    /// Captured stdout.
    pub stdout: Vec<u8>,
    /// Captured stderr.
    pub stderr: Vec<u8>,
}

/// Runs `case` with `runtime` in a fresh scratch directory under `scratch`; `Err` is a
/// reason the test could not be run at all (setup failure, timeout).
pub fn run(
    case: &TestCase,
    runtime: &Runtime,
    scratch: &Path,
    timeout: Duration,
) -> Result<RunOutput, String> {
    std::fs::create_dir_all(scratch).map_err(|e| format!("scratch dir: {e}"))?;
    let mut preopens = Vec::new();
    for (i, (fixture, guest)) in case.config.preopens.iter().enumerate() {
        let host = scratch.join(format!("preopen{i}"));
        copy_tree(&case.dir.join(fixture), &host)
            .map_err(|e| format!("copying fixture {fixture}: {e}"))?;
        preopens.push((host, guest.clone()));
    }
    let result = match runtime {
        Runtime::InProcess(backend) => in_process_on(case, &preopens, timeout, *backend, None),
        Runtime::External {
            template,
            dir_template,
            env_template,
        } => external(
            case,
            &preopens,
            scratch,
            timeout,
            template,
            dir_template,
            env_template,
        ),
    };
    let _ = std::fs::remove_dir_all(scratch);
    result
}

/// Copies `case`'s fixture directories under `scratch`; returns `(host copy, guest name)`
/// per preopen.
pub fn prepare(case: &TestCase, scratch: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    std::fs::create_dir_all(scratch).map_err(|e| format!("scratch dir: {e}"))?;
    let mut preopens = Vec::new();
    for (i, (fixture, guest)) in case.config.preopens.iter().enumerate() {
        let host = scratch.join(format!("preopen{i}"));
        copy_tree(&case.dir.join(fixture), &host)
            .map_err(|e| format!("copying fixture {fixture}: {e}"))?;
        preopens.push((host, guest.clone()));
    }
    Ok(preopens)
}

/// The guest's `argv[0]`: the module's file name.
pub fn module_name(case: &TestCase) -> String {
    case.module
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs `case` in this process with the given preopens (see [`prepare`]).
pub fn in_process(
    case: &TestCase,
    preopens: &[(PathBuf, String)],
    timeout: Duration,
) -> Result<RunOutput, String> {
    in_process_on(case, preopens, timeout, Backend::Host, None)
}

/// [`in_process`], with every call traced to `tracer` when one is given.
pub fn in_process_traced(
    case: &TestCase,
    preopens: &[(PathBuf, String)],
    timeout: Duration,
    tracer: Option<wasi_impl::Tracer>,
) -> Result<RunOutput, String> {
    in_process_on(case, preopens, timeout, Backend::Host, tracer)
}

/// [`in_process`] over `backend`, traced to `tracer` when one is given.
pub fn in_process_on(
    case: &TestCase,
    preopens: &[(PathBuf, String)],
    timeout: Duration,
    backend: Backend,
    tracer: Option<wasi_impl::Tracer>,
) -> Result<RunOutput, String> {
    let bytes =
        std::fs::read(&case.module).map_err(|e| format!("{}: {e}", case.module.display()))?;
    let (stdout, stderr) = (OutputBuffer::new(), OutputBuffer::new());
    let mut builder = WasiCtx::builder()
        .arg(module_name(case))
        .args(&case.config.args)
        .stdin(Input::Null)
        .stdout(Output::Capture(stdout.clone()))
        .stderr(Output::Capture(stderr.clone()));
    for (k, v) in &case.config.env {
        builder = builder.env(k, v);
    }
    for (host, guest) in preopens {
        builder = match backend {
            Backend::Host => builder.preopen_dir(host, guest.clone()),
            Backend::Mem => {
                let fs = wasi_impl::MemFs::new();
                fs.import(host)
                    .map_err(|e| format!("loading {} into memory: {e}", host.display()))?;
                builder.preopen(fs.root(), guest.clone(), false)
            }
            Backend::Overlay => {
                let lower = wasi_impl::host::HostDir::open(host)
                    .map_err(|e| format!("opening {}: {e}", host.display()))?;
                let overlay = wasi_impl::Overlay::new(Box::new(lower));
                builder.preopen(overlay.root(), guest.clone(), false)
            }
        };
    }
    if let Some(tracer) = tracer {
        builder = builder.trace(tracer);
    }
    let ctx = builder.build().map_err(|e| e.to_string())?;
    let (done, wait) = mpsc::channel();
    // The guest runs on its own thread so that a guest that never ends cannot stop the run;
    // such a thread is abandoned when the timeout passes.
    std::thread::Builder::new()
        .name(case.id.clone())
        .spawn(move || {
            let _ = done.send(execute(&bytes, ctx));
        })
        .map_err(|e| format!("spawning the guest thread: {e}"))?;
    let exit_code = wait
        .recv_timeout(timeout)
        .map_err(|_| format!("timed out after {timeout:?}"))?;
    Ok(RunOutput {
        exit_code,
        stdout: stdout.contents(),
        stderr: stderr.contents(),
    })
}

/// Compiles, links and runs a command module; returns its exit status as `wasi-run` would.
fn execute(bytes: &[u8], ctx: WasiCtx) -> i32 {
    let engine = Engine::default();
    let Ok(module) = Module::new(&engine, bytes) else {
        return 2;
    };
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let mut linker = Linker::new(&engine);
    if wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).is_err() {
        return 2;
    }
    let outcome = linker
        .instantiate_and_start(&mut store, &module)
        .and_then(|instance| {
            let start = instance.get_typed_func::<(), ()>(&store, "_start")?;
            start.call(&mut store, ())
        });
    match outcome {
        Ok(()) => 0,
        // A trap exits 134, as wasi-run does.
        Err(e) => e.i32_exit_status().unwrap_or(134),
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the pieces of an external run, passed through once"
)]
fn external(
    case: &TestCase,
    preopens: &[(PathBuf, String)],
    scratch: &Path,
    timeout: Duration,
    template: &str,
    dir_template: &str,
    env_template: &str,
) -> Result<RunOutput, String> {
    let wasm = if case.module.extension().is_some_and(|e| e == "wat") {
        let binary =
            wat::parse_file(&case.module).map_err(|e| format!("{}: {e}", case.module.display()))?;
        let path = scratch.join(format!(
            "{}.wasm",
            module_name(case).trim_end_matches(".wat")
        ));
        std::fs::write(&path, binary).map_err(|e| e.to_string())?;
        path
    } else {
        case.module.clone()
    };
    let mut argv: Vec<String> = Vec::new();
    for token in template.split_whitespace() {
        match token {
            "{dirs}" => {
                for (host, guest) in preopens {
                    let host = host.to_string_lossy();
                    let expanded = dir_template
                        .replace("{host}", &host)
                        .replace("{guest}", guest);
                    argv.extend(expanded.split_whitespace().map(str::to_owned));
                }
            }
            "{env}" => {
                for (k, v) in &case.config.env {
                    // Values may hold spaces: expand each template token on its own.
                    for t in env_template.split_whitespace() {
                        argv.push(t.replace("{key}", k).replace("{value}", v));
                    }
                }
            }
            "{wasm}" => argv.push(wasm.to_string_lossy().into_owned()),
            "{args}" => argv.extend(case.config.args.iter().cloned()),
            other => argv.push(other.to_owned()),
        }
    }
    let (program, rest) = argv.split_first().ok_or("empty --runtime command")?;
    let mut child = Command::new(program)
        .args(rest)
        .current_dir(scratch)
        .env_clear()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let started = Instant::now();
    // Drain the pipes on threads so a chatty guest cannot block on a full pipe.
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out = std::thread::spawn(move || read_all(out_pipe.as_mut()));
    let err = std::thread::spawn(move || read_all(err_pipe.as_mut()));
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    use std::os::unix::process::ExitStatusExt;
    let exit_code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    Ok(RunOutput {
        exit_code,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

fn read_all(pipe: Option<&mut impl std::io::Read>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(pipe) = pipe {
        let _ = pipe.read_to_end(&mut buf);
    }
    buf
}

/// Why `out` does not meet `case`'s expectations, or `None` if it does. An expected stdout or
/// stderr must match the whole output, byte for byte, as the upstream runner compares it: an
/// expectation of `""` means the guest wrote nothing there.
pub fn judge(case: &TestCase, out: &RunOutput) -> Option<String> {
    let c = &case.config;
    if out.exit_code != c.exit_code {
        let tail = String::from_utf8_lossy(&out.stderr);
        let tail: String = tail
            .chars()
            .rev()
            .take(200)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Some(format!(
            "exit code {}, expected {}; stderr: {:?}",
            out.exit_code,
            c.exit_code,
            tail.trim_end()
        ));
    }
    for (what, want, got) in [
        ("stdout", &c.stdout, &out.stdout),
        ("stderr", &c.stderr, &out.stderr),
    ] {
        if let Some(want) = want {
            if got.as_slice() != want.as_bytes() {
                return Some(format!(
                    "{what} {:?}, expected {want:?}",
                    String::from_utf8_lossy(got)
                ));
            }
        }
    }
    None
}
