//! `wasi-run`: runs a `wasi_snapshot_preview1` module on the wasmi interpreter.
//!
//! See `wasi-run --help` and the README for the options and exit statuses.

mod cli;
mod compat;
mod invoke;
mod limits;
mod module;
mod usage;
mod wasmi_engine;
#[cfg(feature = "wasmtime")]
mod wasmtime_engine;

use cli::{Command, Options};
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;
use std::sync::Arc;
use wasi_impl::WasiCtx;

/// Exit status when wasi-run cannot start the guest.
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit status when the guest traps (as a shell reports SIGABRT: 128 + 6).
pub(crate) const EXIT_TRAP: u8 = 134;

fn main() -> ExitCode {
    // Room for the guest's fds, and EPIPE/EFBIG instead of signals that would kill us.
    wasi_impl::prepare_host_process();
    match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!("wasi-run {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Ok(Command::Run(opts)) => match warn_then_run(&opts) {
            Ok(code) => code,
            Err(Failure::Start(msg)) => {
                eprintln!("wasi-run: {msg}");
                ExitCode::from(EXIT_USAGE)
            }
            Err(Failure::Trap(msg)) => {
                eprintln!("wasi-run: guest trapped: {msg}");
                ExitCode::from(EXIT_TRAP)
            }
            Err(Failure::Limit(msg, status)) => {
                eprintln!("wasi-run: {msg}");
                ExitCode::from(status)
            }
        },
        Err(msg) => {
            eprintln!("wasi-run: {msg}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Prints the warnings parsing found, then runs the module.
fn warn_then_run(opts: &Options) -> Result<ExitCode, Failure> {
    for warning in &opts.warnings {
        eprintln!("wasi-run: warning: {warning}");
    }
    run(opts)
}

#[derive(Debug)]
pub(crate) enum Failure {
    /// The guest could not be started (exit 2).
    Start(String),
    /// The guest trapped (exit 134).
    Trap(String),
    /// A limit stopped the guest, or its exit code cannot be passed on: the message and
    /// the exit status.
    Limit(String, u8),
}

/// Reads the module and runs it on the engine `--engine` names.
fn run(opts: &Options) -> Result<ExitCode, Failure> {
    let shown = opts.module.to_string_lossy().into_owned();
    let bytes = module::load(&opts.module, &shown)?;
    match opts.engine {
        cli::EngineKind::Wasmi => wasmi_engine::run(opts, &bytes, &shown),
        #[cfg(feature = "wasmtime")]
        kind => wasmtime_engine::run(opts, &bytes, &shown, kind == cli::EngineKind::Pulley),
        #[cfg(not(feature = "wasmtime"))]
        kind => Err(Failure::Start(format!(
            "--engine {}: this wasi-run was built without wasmtime (build it with \
             `cargo build --release -p wasi-run --features wasmtime`)",
            kind.name()
        ))),
    }
}

/// The guest's start time and the deadline `--timeout` sets from it.
fn deadline(opts: &Options) -> (std::time::Instant, Option<std::time::Instant>) {
    let started = std::time::Instant::now();
    let deadline = opts
        .limits
        .timeout
        .as_ref()
        .and_then(|(d, _)| started.checked_add(*d));
    (started, deadline)
}

/// The device number of the first in-memory filesystem of a deterministic run.
const MEM_DEV_BASE: u64 = 0x6d65_6d00_0000_0001;

/// Adds one preopen of any kind to `builder`; `index` is its place among the preopens.
fn preopen(
    builder: wasi_impl::WasiCtxBuilder,
    dir: &cli::Preopen,
    index: u64,
    opts: &Options,
) -> Result<wasi_impl::WasiCtxBuilder, wasi_impl::BuildError> {
    let (mem_limit, deterministic) = (opts.mem_limit, opts.deterministic.is_some());
    // In-memory files are stamped by the guest's clock (virtual when --deterministic), and
    // numbered by their place on the command line when the run must be reproducible.
    let clock = builder.clock_handle();
    let new_fs = || match deterministic {
        true => wasi_impl::MemFs::with_device(Arc::clone(&clock), MEM_DEV_BASE + index),
        false => wasi_impl::MemFs::with_clock(Arc::clone(&clock)),
    };
    use cli::DirKind;
    let host = std::path::Path::new(&dir.host);
    let fail = |what: &str, why: &dyn std::fmt::Display| {
        wasi_impl::BuildError::from_message(format!("{what} {}: {why}", host.display()))
    };
    let guest = dir.guest.clone();
    Ok(match dir.kind {
        DirKind::Host => builder.preopen_dir(host, guest),
        DirKind::ReadOnly => builder.preopen_dir_readonly(host, guest),
        DirKind::Mem => {
            let fs = new_fs();
            fs.set_quota(mem_limit);
            if !dir.host.is_empty() {
                if !host.is_dir() {
                    return Err(fail("--dir-mem: cannot load", &"not a directory"));
                }
                fs.import(host).map_err(|e| match (e.kind(), mem_limit) {
                    (std::io::ErrorKind::StorageFull, Some(limit)) => fail(
                        "--dir-mem: cannot load",
                        &format!("the tree holds more than --dir-mem-limit ({limit} bytes)"),
                    ),
                    _ => fail("--dir-mem: cannot load", &e),
                })?;
            }
            builder.preopen(fs.root(), guest, false)
        }
        DirKind::Overlay => {
            let lower = wasi_impl::host::HostDir::open(host)
                .map_err(|e| fail("--dir-overlay: cannot open", &e))?;
            let upper = new_fs();
            upper.set_quota(mem_limit);
            let overlay = wasi_impl::Overlay::with_upper(Box::new(lower), upper);
            builder.preopen(overlay.root(), guest, false)
        }
    })
}

pub(crate) fn build_ctx(
    opts: &Options,
    deadline: Option<std::time::Instant>,
) -> Result<WasiCtx, wasi_impl::BuildError> {
    let argv0 = opts.argv0.as_ref().unwrap_or(&opts.module);
    let mut builder = WasiCtx::builder().arg(argv0.as_bytes());
    if let Some(seed) = opts.deterministic {
        builder = builder.deterministic(seed);
        if let Some(dir) = opts.dirs.iter().find(|d| d.kind != cli::DirKind::Mem) {
            eprintln!(
                "wasi-run: warning: --deterministic with a host directory ({}): the guest \
                 sees its inode numbers and times; --dir-mem HOST::GUEST is reproducible",
                std::path::Path::new(&dir.host).display()
            );
        }
    }
    if let Some(deadline) = deadline {
        builder = builder.deadline(deadline);
    }
    if let Some(max) = opts.limits.max_fds {
        builder = builder.max_open_fds(max);
    }
    builder = builder.args(opts.args.iter().map(|a: &OsString| a.as_bytes()));
    for (key, value) in environment(opts) {
        builder = builder.env(key.as_bytes(), value.as_bytes());
    }
    for (index, dir) in (0u64..).zip(&opts.dirs) {
        builder = preopen(builder, dir, index, opts)?;
    }
    if opts.deterministic.is_none() {
        builder = builder.yield_host_thread(opts.yield_host_thread);
    }
    if let Some(families) = &opts.trace {
        let format = if opts.trace_json {
            wasi_impl::TraceFormat::Json
        } else {
            wasi_impl::TraceFormat::Text
        };
        let tracer = match &opts.trace_file {
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|e| {
                    wasi_impl::BuildError::from_message(format!(
                        "cannot create trace file {}: {e}",
                        std::path::Path::new(path).display()
                    ))
                })?;
                wasi_impl::Tracer::new(std::io::LineWriter::new(file), format)
            }
            None => wasi_impl::Tracer::new(std::io::stderr(), format),
        };
        builder = builder.trace(tracer.only(families));
    }
    match opts.walk {
        Some(true) => builder = builder.resolver(wasi_impl::Resolver::Walk),
        Some(false) => builder = builder.resolver(wasi_impl::Resolver::Openat2),
        None => {}
    }
    builder = builder.net_policy(opts.net.clone());
    for addr in &opts.listen {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            wasi_impl::BuildError::from_message(format!("cannot listen on {addr}: {e}"))
        })?;
        builder = builder.tcp_listener(listener);
    }
    builder.build()
}

/// The guest's environment: with `--inherit-env`, the host's, each `--env` variable set over
/// it (a name set twice keeps its first place and its last value); else the `--env`
/// variables alone.
fn environment(opts: &Options) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = match opts.inherit_env {
        true => std::env::vars_os().collect(),
        false => Vec::new(),
    };
    for (key, value) in &opts.env {
        match env.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.clone(),
            None => env.push((key.clone(), value.clone())),
        }
    }
    env
}
