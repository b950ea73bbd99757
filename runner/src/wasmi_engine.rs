//! Running a module on wasmi, the default engine: fuel slices for `--fuel` and `--timeout`,
//! `StoreLimits` for `--max-memory`.

use crate::cli::Options;
use crate::{Failure, build_ctx, check_imports, limits, one_line};
use std::process::ExitCode;
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder};

/// The store's data: the guest's WASI state and the engine's resource limits.
struct RunState {
    wasi: WasiState,
    limits: StoreLimits,
}

/// Runs the module `bytes` (shown as `shown`) on wasmi.
pub(crate) fn run(opts: &Options, bytes: &[u8], shown: &str) -> Result<ExitCode, Failure> {
    let shown = shown.to_owned();
    let limits = &opts.limits;
    let mut config = wasmi::Config::default();
    config.consume_fuel(limits.needs_fuel());
    let engine = Engine::new(&config);
    // wasmi accepts both the binary format and the text format (.wat).
    let module = Module::new(&engine, bytes).map_err(|e| {
        Failure::Start(format!(
            "invalid module {shown}: {}",
            one_line(&e.to_string(), &shown)
        ))
    })?;
    check_imports(module.imports().map(|i| (i.module(), i.name())))?;
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

    let (started, deadline) = crate::deadline(opts);
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
