//! Running a module on wasmtime (`--engine pulley` or `--engine wasmtime`): fuel for
//! `--fuel`, epoch interruption for `--timeout`, `StoreLimits` for `--max-memory`, and
//! wasmtime's compiled-module cache for `--cache`.

use crate::cli::Options;
use crate::invoke::{self, Value};
use crate::{Failure, build_ctx, limits, module};
use std::process::ExitCode;
use wasi_wasmtime::{Stop, WasiState};
use wasmtime::{Config, Engine, Linker, Module, Store, StoreLimits, StoreLimitsBuilder, Val};

/// The store's data: the guest's WASI state and the engine's resource limits.
struct RunState {
    wasi: WasiState,
    limits: StoreLimits,
}

/// Folds a wasmtime error (a chain of causes, maybe with a backtrace) into one line.
fn one_line(e: &wasmtime::Error) -> String {
    wasi_impl::adapter::one_line(&format!("{e:#}"))
}

/// The engine for `--engine pulley` (`pulley`) or `--engine wasmtime`, with the proposals
/// `wasmtime run` enables by default.
fn engine(opts: &Options, pulley: bool) -> Result<Engine, Failure> {
    let name = if pulley { "pulley" } else { "wasmtime" };
    let fail = |e: wasmtime::Error| Failure::Start(format!("--engine {name}: {}", one_line(&e)));
    let mut config = Config::new();
    if pulley {
        config.target("pulley64").map_err(fail)?;
    }
    // Exception handling (wasmtime's `gc` feature, collected by its reference counter) is on
    // for both; Pulley 48 has no atomics, so threads are on for Cranelift only.
    config.wasm_exceptions(true);
    config.wasm_threads(!pulley);
    config.consume_fuel(opts.limits.fuel.is_some());
    config.epoch_interruption(opts.limits.timeout.is_some());
    if opts.cache {
        config.cache(Some(wasmtime::Cache::from_file(None).map_err(fail)?));
    }
    Engine::new(&config).map_err(fail)
}

/// Runs the module `bytes` (shown as `shown`) on wasmtime's Pulley interpreter or its
/// Cranelift compiler.
pub(crate) fn run(
    opts: &Options,
    bytes: &[u8],
    shown: &str,
    pulley: bool,
) -> Result<ExitCode, Failure> {
    let limits = &opts.limits;
    let engine = engine(opts, pulley)?;
    let module = Module::new(&engine, bytes).map_err(|e| {
        let why = one_line(&e);
        let hint = match pulley && why.contains("threads") {
            true => {
                " (the pulley engine has no atomics, the threads proposal: use --engine wasmtime)"
            }
            false => "",
        };
        Failure::Start(format!("invalid module {shown}: {why}{hint}"))
    })?;
    let shape = wasi_wasmtime::shape(&module);
    let entry = module::entry(&shape, shown, opts.invoke.as_deref())?;
    let params = match &opts.invoke {
        Some(name) => invoke::parse_args(name, &entry.ty, &opts.args)?,
        None => Vec::new(),
    };
    let (_, deadline) = crate::deadline(opts);
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
    if let Some(fuel) = limits.fuel {
        store
            .set_fuel(fuel)
            .map_err(|e| Failure::Start(one_line(&e)))?;
    }
    if let Some(deadline) = deadline {
        store.set_epoch_deadline(1);
        store.epoch_deadline_trap();
        let ticker = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(deadline.saturating_duration_since(std::time::Instant::now()));
            ticker.increment_epoch();
        });
        limits::watchdog(deadline, limits.timeout_message());
    }
    let mut linker = Linker::<RunState>::new(&engine);
    wasi_wasmtime::add_to_linker(&mut linker, |state| &mut state.wasi)
        .map_err(|e| Failure::Start(format!("cannot link WASI: {}", one_line(&e))))?;
    if shape.imports_wasix() {
        wasi_wasmtime::add_wasix_to_linker(&mut linker, |state| &mut state.wasi)
            .map_err(|e| Failure::Start(format!("cannot link WASIX: {}", one_line(&e))))?;
    }
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) if e.downcast_ref::<wasmtime::Trap>().is_some() || e.is::<Stop>() => {
            return finish(&e, opts);
        }
        Err(e) if limits.max_memory.is_some() && one_line(&e).contains("memory") => {
            return Err(Failure::Start(format!(
                "cannot instantiate {shown}: its memory is larger than --max-memory ({} bytes)",
                limits.max_memory.unwrap_or(0)
            )));
        }
        Err(e) => {
            return Err(Failure::Start(format!(
                "cannot instantiate {shown}: {}",
                one_line(&e)
            )));
        }
    };
    let func = |store: &mut Store<RunState>, name: &str| {
        instance
            .get_func(&mut *store, name)
            .ok_or_else(|| Failure::Start(format!("{shown} has no `{name}` export")))
    };
    if entry.initialize {
        let init = func(&mut store, "_initialize")?;
        if let Err(e) = init.call(&mut store, &[], &mut []) {
            return finish(&e, opts);
        }
    }
    let main = func(&mut store, &entry.name)?;
    let params: Vec<Val> = params.iter().map(|v| to_val(*v)).collect();
    let mut results: Vec<Val> = entry.ty.results.iter().map(|_| Val::I32(0)).collect();
    match main.call(&mut store, &params, &mut results) {
        Ok(()) => {
            invoke::print(&results.iter().filter_map(from_val).collect::<Vec<_>>());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => finish(&e, opts),
    }
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(v) => Val::I32(v),
        Value::I64(v) => Val::I64(v),
        Value::F32(v) => Val::F32(v.to_bits()),
        Value::F64(v) => Val::F64(v.to_bits()),
    }
}

fn from_val(v: &Val) -> Option<Value> {
    match v {
        Val::I32(v) => Some(Value::I32(*v)),
        Val::I64(v) => Some(Value::I64(*v)),
        Val::F32(v) => Some(Value::F32(f32::from_bits(*v))),
        Val::F64(v) => Some(Value::F64(f64::from_bits(*v))),
        _ => None,
    }
}

/// Sorts the error that ended the guest: its `proc_exit` (see [`module::exit_status`]), a
/// limit, or a trap (exit 134) with the function and offset wasmtime's backtrace gives.
fn finish(e: &wasmtime::Error, opts: &Options) -> Result<ExitCode, Failure> {
    let limits = &opts.limits;
    match e.downcast_ref::<Stop>() {
        Some(Stop::Exit(code)) => return module::exit_status(*code),
        Some(Stop::Trap {
            trap: wasi_impl::Trap::TimeLimit,
            ..
        }) => {
            return Err(Failure::Limit(
                limits.timeout_message(),
                limits::EXIT_TIMEOUT,
            ));
        }
        _ => {}
    }
    match e.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::OutOfFuel) => {
            Err(Failure::Limit(limits.fuel_message(), limits::EXIT_FUEL))
        }
        Some(wasmtime::Trap::Interrupt) => Err(Failure::Limit(
            limits.timeout_message(),
            limits::EXIT_TIMEOUT,
        )),
        _ => match wasi_wasmtime::exit_or_trap(e) {
            Ok(code) => module::exit_status(code),
            Err(wasi_impl::adapter::RunError::Trap(trap)) => Err(Failure::Trap(trap.to_string())),
            Err(other) => Err(Failure::Start(other.to_string())),
        },
    }
}
