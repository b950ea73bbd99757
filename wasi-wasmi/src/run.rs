//! The common case in a few lines: run a command module with a context and get its exit code
//! or what stopped it, with the checks of [`wasi_impl::adapter::ModuleShape`] done first.

use crate::{Stopped, WasiState, add_to_linker};
use wasi_impl::WasiCtx;
use wasi_impl::adapter::{
    ExternKind, FuncType, ModuleShape, RunError, TrapReport, ValueType, describe_invalid, one_line,
};
use wasmi::{Engine, Linker, Module, Store};

/// Runs the command module `module` (the binary format, or the text format) with `ctx` on
/// a fresh wasmi engine and store: checks its imports and its `_start`, instantiates it,
/// calls `_start`, and answers the exit code (0 when `_start` returns).
///
/// Captured output stays readable through the [`OutputBuffer`](wasi_impl::OutputBuffer)
/// clones the context was built with.
///
/// # Errors
/// [`RunError::Invalid`] for bytes wasmi refuses (saying, for bytes that are not a module
/// at all, what they are not), [`RunError::Module`] for a module that
/// does not fit preview1 (see [`ModuleShape::check_imports`]), [`RunError::Instantiate`],
/// and [`RunError::Trap`] when the guest traps (in `_start` or in the module's start
/// function), or a syscall makes it trap.
pub fn run(module: &[u8], ctx: WasiCtx) -> Result<u32, RunError> {
    let engine = Engine::default();
    let module = Module::new(&engine, module)
        .map_err(|e| RunError::Invalid(describe_invalid(module, &e.to_string())))?;
    let shape = shape(&module);
    shape.check_imports()?;
    shape.entry(None)?;
    let mut store = Store::new(&engine, WasiState::new(ctx));
    let mut linker = Linker::<WasiState>::new(&engine);
    add_to_linker(&mut linker, |state| state).map_err(|e| RunError::Instantiate(e.to_string()))?;
    if shape.imports_wasix() {
        crate::add_wasix_to_linker(&mut linker, |state| state)
            .map_err(|e| RunError::Instantiate(e.to_string()))?;
    }
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) if is_trap(&e) => return exit_or_trap(e),
        Err(e) => return Err(RunError::Instantiate(one_line(&e.to_string()))),
    };
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .map_err(|e| RunError::Instantiate(e.to_string()))?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(0),
        Err(e) => exit_or_trap(e),
    }
}

/// Whether `e`, from instantiating or calling, means the guest ran and stopped (an exit, a
/// trap, a syscall's stop), rather than that it could not be set up.
pub fn is_trap(e: &wasmi::Error) -> bool {
    use wasmi::errors::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::TrapCode(_)
            | ErrorKind::Message(_)
            | ErrorKind::Host(_)
            | ErrorKind::I32ExitStatus(_)
    )
}

/// Sorts the error a call into the guest ended with: `proc_exit`'s code, or a trap. A trap
/// a syscall raised has the syscall at the start of its message (`fd_write: pointer
/// argument out of bounds of linear memory`); wasmi reports no guest function or offset.
///
/// # Errors
/// The trap, as [`RunError::Trap`].
pub fn exit_or_trap(e: wasmi::Error) -> Result<u32, RunError> {
    if let Some(code) = e.i32_exit_status() {
        return Ok(u32::from_ne_bytes(code.to_ne_bytes()));
    }
    let message = match e.downcast_ref::<Stopped>() {
        Some(stopped) => stopped.to_string(),
        None => one_line(&e.to_string()),
    };
    Err(RunError::Trap(TrapReport {
        message,
        function: None,
        offset: None,
    }))
}

fn value_type(ty: &wasmi::ValType) -> ValueType {
    match ty {
        wasmi::ValType::I32 => ValueType::I32,
        wasmi::ValType::I64 => ValueType::I64,
        wasmi::ValType::F32 => ValueType::F32,
        wasmi::ValType::F64 => ValueType::F64,
        wasmi::ValType::V128 => ValueType::V128,
        wasmi::ValType::FuncRef | wasmi::ValType::ExternRef => ValueType::Ref,
    }
}

fn func_type(ty: &wasmi::FuncType) -> FuncType {
    FuncType {
        params: ty.params().iter().map(value_type).collect(),
        results: ty.results().iter().map(value_type).collect(),
    }
}

fn kind(ty: &wasmi::ExternType) -> ExternKind {
    match ty {
        wasmi::ExternType::Func(f) => ExternKind::Func(func_type(f)),
        wasmi::ExternType::Memory(_) => ExternKind::Memory,
        _ => ExternKind::Other,
    }
}

/// The imports and exports of a compiled module, for the checks of [`ModuleShape`].
pub fn shape(module: &Module) -> ModuleShape {
    ModuleShape {
        imports: module
            .imports()
            .map(|i| (i.module().to_owned(), i.name().to_owned(), kind(i.ty())))
            .collect(),
        exports: module
            .exports()
            .map(|e| (e.name().to_owned(), kind(e.ty())))
            .collect(),
    }
}
