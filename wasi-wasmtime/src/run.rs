//! The common case in a few lines: run a command module with a context and get its exit code
//! or what stopped it, with the checks of [`wasi_impl::adapter::ModuleShape`] done first.

use crate::{Stop, WasiState, add_to_linker};
use wasi_impl::WasiCtx;
use wasi_impl::adapter::{
    ExternKind, FuncType, ModuleShape, RunError, TrapReport, ValueType, describe_invalid, one_line,
};
use wasmtime::{Engine, Linker, Module, Store};

/// Runs the command module `module` (the binary format, or the text format) with `ctx` on
/// `engine` (Pulley or Cranelift, as its `Config` says) in a fresh store: checks its imports
/// and its `_start`, instantiates it, calls `_start`, and answers the exit code (0 when
/// `_start` returns).
///
/// # Errors
/// [`RunError::Invalid`] for bytes wasmtime refuses, [`RunError::Module`] for a module that
/// does not fit preview1, [`RunError::Instantiate`], and [`RunError::Trap`] (with the guest
/// function and code offset from wasmtime's backtrace).
pub fn run(engine: &Engine, module: &[u8], ctx: WasiCtx) -> Result<u32, RunError> {
    let module = Module::new(engine, module)
        .map_err(|e| RunError::Invalid(describe_invalid(module, &format!("{e:#}"))))?;
    let shape = shape(&module);
    shape.check_imports()?;
    shape.entry(None)?;
    let mut store = Store::new(engine, WasiState::new(ctx));
    let mut linker = Linker::<WasiState>::new(engine);
    add_to_linker(&mut linker, |state| state).map_err(|e| RunError::Instantiate(text(&e)))?;
    if shape.imports_wasix() {
        crate::add_wasix_to_linker(&mut linker, |state| state)
            .map_err(|e| RunError::Instantiate(text(&e)))?;
    }
    let instance = match linker.instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) if is_trap(&e) => return exit_or_trap(&e),
        Err(e) => return Err(RunError::Instantiate(text(&e))),
    };
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(|e| RunError::Instantiate(text(&e)))?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(0),
        Err(e) => exit_or_trap(&e),
    }
}

/// A wasmtime error (a chain of causes) on one line.
fn text(e: &wasmtime::Error) -> String {
    one_line(&format!("{e:#}"))
}

/// Whether `e` means the guest ran and stopped (an exit, a trap, a syscall's stop), rather
/// than that it could not be set up.
pub fn is_trap(e: &wasmtime::Error) -> bool {
    e.is::<Stop>() || e.is::<wasmtime::Trap>()
}

/// Sorts the error a call into the guest ended with: `proc_exit`'s code, or a trap with
/// the guest function executing and its code offset when wasmtime's backtrace has them. A
/// trap a syscall raised has the syscall at the start of its message.
///
/// # Errors
/// The trap, as [`RunError::Trap`].
pub fn exit_or_trap(e: &wasmtime::Error) -> Result<u32, RunError> {
    let message = match e.downcast_ref::<Stop>() {
        Some(Stop::Exit(code)) => return Ok(*code),
        Some(stop) => stop.to_string(),
        None => e.root_cause().to_string(),
    };
    let frame = e
        .downcast_ref::<wasmtime::WasmBacktrace>()
        .and_then(|trace| trace.frames().first());
    Err(RunError::Trap(TrapReport {
        message,
        function: frame.map(|f| match f.func_name() {
            Some(name) => name.to_owned(),
            None => format!("function[{}]", f.func_index()),
        }),
        offset: frame.and_then(|f| f.module_offset()),
    }))
}

fn value_type(ty: &wasmtime::ValType) -> ValueType {
    match ty {
        wasmtime::ValType::I32 => ValueType::I32,
        wasmtime::ValType::I64 => ValueType::I64,
        wasmtime::ValType::F32 => ValueType::F32,
        wasmtime::ValType::F64 => ValueType::F64,
        wasmtime::ValType::V128 => ValueType::V128,
        wasmtime::ValType::Ref(_) => ValueType::Ref,
    }
}

fn func_type(ty: &wasmtime::FuncType) -> FuncType {
    FuncType {
        params: ty.params().map(|t| value_type(&t)).collect(),
        results: ty.results().map(|t| value_type(&t)).collect(),
    }
}

fn kind(ty: &wasmtime::ExternType) -> ExternKind {
    match ty {
        wasmtime::ExternType::Func(f) => ExternKind::Func(func_type(f)),
        wasmtime::ExternType::Memory(_) => ExternKind::Memory,
        _ => ExternKind::Other,
    }
}

/// The imports and exports of a compiled module, for the checks of [`ModuleShape`].
pub fn shape(module: &Module) -> ModuleShape {
    ModuleShape {
        imports: module
            .imports()
            .map(|i| (i.module().to_owned(), i.name().to_owned(), kind(&i.ty())))
            .collect(),
        exports: module
            .exports()
            .map(|e| (e.name().to_owned(), kind(&e.ty())))
            .collect(),
    }
}
