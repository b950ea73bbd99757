//! `wasi-run`: runs a `wasi_snapshot_preview1` module on the wasmi interpreter.
//!
//! See `wasi-run --help` and the README for the options and exit statuses.

mod cli;
mod limits;

use cli::{Command, Options};
use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;
use std::sync::Arc;
use wasi_impl::WasiCtx;
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};

/// Exit status when wasi-run cannot start the guest.
const EXIT_USAGE: u8 = 2;
/// Exit status when the guest traps (as a shell reports SIGABRT: 128 + 6).
const EXIT_TRAP: u8 = 134;

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
        Ok(Command::Run(opts)) => match run(&opts) {
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

enum Failure {
    /// The guest could not be started (exit 2).
    Start(String),
    /// The guest trapped (exit 134).
    Trap(String),
    /// A limit stopped the guest: the message and the exit status.
    Limit(String, u8),
}

/// The store's data: the guest's WASI state and the engine's resource limits.
struct RunState {
    wasi: WasiState,
    limits: StoreLimits,
}

fn run(opts: &Options) -> Result<ExitCode, Failure> {
    let shown = opts.module.to_string_lossy().into_owned();
    let bytes = std::fs::read(&opts.module)
        .map_err(|e| Failure::Start(format!("cannot read module {shown}: {e}")))?;
    let limits = &opts.limits;
    let mut config = wasmi::Config::default();
    config.consume_fuel(limits.needs_fuel());
    let engine = Engine::new(&config);
    // wasmi accepts both the binary format and the text format (.wat).
    let module = Module::new(&engine, &bytes).map_err(|e| {
        Failure::Start(format!(
            "invalid module {shown}: {}",
            one_line(&e.to_string(), &shown)
        ))
    })?;
    check_imports(&module)?;
    match module.get_export("_start") {
        Some(wasmi::ExternType::Func(ty)) if ty.params().is_empty() && ty.results().is_empty() => {}
        Some(_) => {
            return Err(Failure::Start(format!(
                "{shown}: `_start` is not a function () -> ()"
            )));
        }
        None => {
            return Err(Failure::Start(format!(
                "{shown} has no `_start` export (not a WASI command)"
            )));
        }
    }

    let started = std::time::Instant::now();
    let deadline = limits
        .timeout
        .as_ref()
        .and_then(|(d, _)| started.checked_add(*d));
    let ctx = build_ctx(opts, deadline).map_err(|e| Failure::Start(e.to_string()))?;
    let mut store_limits = StoreLimitsBuilder::new();
    if let Some(max) = limits.max_memory {
        store_limits = store_limits.memory_size(usize::try_from(max).unwrap_or(usize::MAX));
    }
    let state = RunState {
        wasi: WasiState::new(ctx),
        limits: store_limits.build(),
    };
    let mut store = Store::new(&engine, state);
    store.limiter(|state| &mut state.limits);
    let mut meter = limits::Meter::start(limits, started, &mut store);
    if let Some(deadline) = meter.deadline() {
        limits::watchdog(deadline, limits.timeout_message());
    }
    let mut linker = Linker::<RunState>::new(&engine);
    wasi_wasmi::add_to_linker(&mut linker, |state| &mut state.wasi)
        .map_err(|e| Failure::Start(format!("cannot link WASI: {e}")))?;
    let ended = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => match instance.get_func(&store, "_start") {
            Some(start) => meter.run(&mut store, start),
            None => return Err(Failure::Start(format!("{shown} has no `_start` export"))),
        },
        Err(e) if limits.max_memory.is_some() && is_memory_limit(&e) => {
            return Err(Failure::Start(format!(
                "cannot instantiate {shown}: its memory is larger than --max-memory ({} bytes)",
                limits.max_memory.unwrap_or(0)
            )));
        }
        Err(e) => meter.sort(e),
    };
    match ended {
        limits::Ended::Engine(Ok(())) => Ok(ExitCode::SUCCESS),
        limits::Ended::Engine(Err(e)) => finish(e, &shown),
        limits::Ended::OutOfFuel => Err(Failure::Limit(limits.fuel_message(), limits::EXIT_FUEL)),
        limits::Ended::TimedOut => Err(Failure::Limit(
            limits.timeout_message(),
            limits::EXIT_TIMEOUT,
        )),
    }
}

/// Whether instantiation failed because a memory is larger than the store's limiter allows.
/// wasmi reports that as an instantiation error whose kind does not say why, only its text.
fn is_memory_limit(e: &wasmi::Error) -> bool {
    matches!(e.kind(), wasmi::errors::ErrorKind::Memory(_))
        || e.to_string().contains("resource limiter denied")
}

/// Sorts the engine error that ended the guest: its `proc_exit` (exit status: the code's low
/// 8 bits, as POSIX reports it), a failure to instantiate (exit 2), or a trap (exit 134).
fn finish(e: wasmi::Error, shown: &str) -> Result<ExitCode, Failure> {
    if let Some(code) = e.i32_exit_status() {
        return Ok(ExitCode::from(code.to_le_bytes()[0]));
    }
    // A trap of the running guest or of a host function stops a started guest (exit 134);
    // anything else means the module could not be set up (exit 2).
    match e.kind() {
        wasmi::errors::ErrorKind::TrapCode(_)
        | wasmi::errors::ErrorKind::Message(_)
        | wasmi::errors::ErrorKind::Host(_) => Err(Failure::Trap(e.to_string())),
        _ => Err(Failure::Start(format!("cannot instantiate {shown}: {e}"))),
    }
}

/// Folds a multi-line engine message (the text parser's errors draw the source line and a
/// caret) into one line: the first line, plus where it points.
fn one_line(msg: &str, file: &str) -> String {
    let mut lines = msg.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("unknown error").to_owned();
    match lines.find_map(|l| l.strip_prefix("-->")) {
        Some(at) => format!("{first} at {}", at.trim().replace("<anon>", file)),
        None => first,
    }
}

/// Refuses imports wasi-run does not provide, naming the first one.
fn check_imports(module: &Module) -> Result<(), Failure> {
    for import in module.imports() {
        let known = import.module() == wasi_abi::MODULE
            && wasi_abi::functions::function(import.name()).is_some();
        if !known {
            return Err(Failure::Start(format!(
                "unknown import `{}`.`{}`: wasi-run provides only the {} functions of {}",
                import.module(),
                import.name(),
                wasi_abi::FUNCTIONS.len(),
                wasi_abi::MODULE
            )));
        }
    }
    Ok(())
}

/// Adds one preopen of any kind to `builder`.
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

fn build_ctx(
    opts: &Options,
    deadline: Option<std::time::Instant>,
) -> Result<WasiCtx, wasi_impl::BuildError> {
    let mut builder = WasiCtx::builder().arg(opts.module.as_bytes());
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
    for (key, value) in &opts.env {
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
    for addr in &opts.listen {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            wasi_impl::BuildError::from_message(format!("cannot listen on {addr}: {e}"))
        })?;
        builder = builder.tcp_listener(listener);
    }
    builder.build()
}
