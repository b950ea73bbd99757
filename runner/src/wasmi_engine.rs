//! Running a module on wasmi, the default engine: fuel slices for `--fuel` and `--timeout`,
//! `StoreLimits` for `--max-memory`.

use crate::cli::Options;
use crate::invoke::{self, Value};
use crate::{Failure, build_ctx, limits, module};
use std::process::ExitCode;
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Val};

/// The store's data: the guest's WASI state and the engine's resource limits.
struct RunState {
    wasi: WasiState,
    limits: StoreLimits,
}

/// Runs the module `bytes` (the binary format; shown as `shown`) on wasmi.
pub(crate) fn run(opts: &Options, bytes: &[u8], shown: &str) -> Result<ExitCode, Failure> {
    let limits = &opts.limits;
    let mut config = wasmi::Config::default();
    config.consume_fuel(limits.needs_fuel());
    let engine = Engine::new(&config);
    let module = Module::new(&engine, bytes).map_err(|e| {
        Failure::Start(format!(
            "invalid module {shown}: {}",
            wasi_impl::adapter::one_line(&e.to_string())
        ))
    })?;
    let shape = wasi_wasmi::shape(&module);
    let entry = module::entry(&shape, shown, opts.invoke.as_deref())?;
    let params = match &opts.invoke {
        Some(name) => invoke::parse_args(name, &entry.ty, &opts.args)?,
        None => Vec::new(),
    };

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
    if shape.imports_wasix() {
        wasi_wasmi::add_wasix_to_linker(&mut linker, |state| &mut state.wasi)
            .map_err(|e| Failure::Start(format!("cannot link WASIX: {e}")))?;
    }
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) if limits.max_memory.is_some() && is_memory_limit(&e) => {
            return Err(Failure::Start(format!(
                "cannot instantiate {shown}: its memory is larger than --max-memory ({} bytes)",
                limits.max_memory.unwrap_or(0)
            )));
        }
        Err(e) => return finish(meter.sort(e), opts, shown),
    };
    let func = |name: &str| {
        instance
            .get_func(&store, name)
            .ok_or_else(|| Failure::Start(format!("{shown} has no `{name}` export")))
    };
    let (init, main) = (func("_initialize"), func(&entry.name)?);
    if entry.initialize {
        let ended = meter.run(&mut store, init?, &[], &mut []);
        if !matches!(ended, limits::Ended::Engine(Ok(()))) {
            return finish(ended, opts, shown);
        }
    }
    let params: Vec<Val> = params.iter().map(|v| to_val(*v)).collect();
    let mut results: Vec<Val> = entry.ty.results.iter().map(|_| Val::I32(0)).collect();
    match meter.run(&mut store, main, &params, &mut results) {
        limits::Ended::Engine(Ok(())) => {
            invoke::print(&results.iter().filter_map(from_val).collect::<Vec<_>>());
            Ok(ExitCode::SUCCESS)
        }
        ended => finish(ended, opts, shown),
    }
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(v) => Val::I32(v),
        Value::I64(v) => Val::I64(v),
        Value::F32(v) => Val::F32(v.into()),
        Value::F64(v) => Val::F64(v.into()),
    }
}

fn from_val(v: &Val) -> Option<Value> {
    match v {
        Val::I32(v) => Some(Value::I32(*v)),
        Val::I64(v) => Some(Value::I64(*v)),
        Val::F32(v) => Some(Value::F32(f32::from(*v))),
        Val::F64(v) => Some(Value::F64(f64::from(*v))),
        _ => None,
    }
}

/// Whether instantiation failed because a memory is larger than the store's limiter allows.
/// wasmi reports that as an instantiation error whose kind does not say why, only its text.
fn is_memory_limit(e: &wasmi::Error) -> bool {
    matches!(e.kind(), wasmi::errors::ErrorKind::Memory(_))
        || e.to_string().contains("resource limiter denied")
}

/// Sorts how the guest ended that is not a return: its `proc_exit` (see
/// [`module::exit_status`]), a limit, a trap (exit 134), or a failure to instantiate (2).
fn finish(ended: limits::Ended, opts: &Options, shown: &str) -> Result<ExitCode, Failure> {
    let limits = &opts.limits;
    let e = match ended {
        limits::Ended::Engine(Ok(())) => return Ok(ExitCode::SUCCESS),
        limits::Ended::Engine(Err(e)) => e,
        limits::Ended::OutOfFuel => {
            return Err(Failure::Limit(limits.fuel_message(), limits::EXIT_FUEL));
        }
        limits::Ended::TimedOut => {
            return Err(Failure::Limit(
                limits.timeout_message(),
                limits::EXIT_TIMEOUT,
            ));
        }
    };
    if !wasi_wasmi::is_trap(&e) {
        return Err(Failure::Start(format!("cannot instantiate {shown}: {e}")));
    }
    match wasi_wasmi::exit_or_trap(e) {
        Ok(code) => module::exit_status(code),
        Err(wasi_impl::adapter::RunError::Trap(trap)) => Err(Failure::Trap(trap.to_string())),
        Err(other) => Err(Failure::Start(other.to_string())),
    }
}
