//! What every engine adapter does with a syscall's outcome, written once: an errno for the
//! guest, or a [`Stop`] the adapter turns into its engine's exit or trap.
//!
//! An adapter (see `wasi-wasmi` and `wasi-wasmtime`) defines each import from
//! [`wasi_abi::for_each_function!`]; per call it finds the guest's memory, calls the
//! [`WasiCtx`](crate::WasiCtx) method through [`WasiCtx::traced`](crate::WasiCtx::traced)
//! with the arguments as [`wasi_abi::raw_arg!`] gives them to the tracer, and hands the
//! result to [`errno_or_stop`] (or, for `proc_exit`, [`stop_of`]).
//!
//! Before a module runs, an adapter describes it as a [`ModuleShape`] and checks it
//! ([`ModuleShape::check_imports`], [`ModuleShape::entry`]), so that every engine refuses
//! the same modules with the same one-line [`ModuleError`]; its high-level `run` answers an
//! exit code or a [`RunError`].

mod outcome;
mod shape;

pub use outcome::{RunError, TrapReport, WASM_MAGIC, describe_invalid, one_line};
pub use shape::{Entry, ExternKind, FuncType, ModuleError, ModuleShape, ValueType};

use crate::{Error, Result, Trap};
use core::fmt;
use wasi_abi::Errno;

/// Why a syscall stops the guest instead of returning to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The guest called `proc_exit` with this code.
    Exit(u32),
    /// The guest must trap, in `function`, for this reason.
    Trap {
        /// The preview1 function that trapped.
        function: &'static str,
        /// Why.
        trap: Trap,
    },
    /// A function that never returns (`proc_exit`) failed with an errno.
    Failed {
        /// The function.
        function: &'static str,
        /// Its errno.
        errno: Errno,
    },
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Exit(code) => write!(f, "the guest exited with code {code}"),
            Stop::Trap { function, trap } => write!(f, "{function}: {trap}"),
            Stop::Failed { function, errno } => write!(f, "{function} failed: {errno}"),
        }
    }
}

impl std::error::Error for Stop {}

/// The result of an errno-returning import: the errno's number (0 for success), or why the
/// guest stops.
#[inline]
pub fn errno_or_stop(function: &'static str, result: Result) -> core::result::Result<i32, Stop> {
    match result {
        Ok(()) => Ok(0),
        Err(Error::Errno(errno)) => Ok(i32::from(errno.raw())),
        Err(other) => Err(stop_of(function, Err(other))),
    }
}

/// How a never-returning import (`proc_exit`) ends the guest, whatever its result.
#[cold]
pub fn stop_of(function: &'static str, result: Result) -> Stop {
    match result {
        Ok(()) => Stop::Exit(0),
        Err(Error::Exit(code)) => Stop::Exit(code),
        Err(Error::Trap(trap)) => Stop::Trap { function, trap },
        Err(Error::Errno(errno)) => Stop::Failed { function, errno },
    }
}

/// What an adapter keeps in its engine's store: the guest's context and the handle of its
/// memory, `M` being the engine's memory handle type.
///
/// One `WasiState` serves one instance: the memory found on the first call (the instance's
/// `memory` export) is the one every later call uses. Absence is not cached: a caller
/// without an instance (the host calling an import directly) must not hide the memory from
/// later calls.
#[derive(Debug)]
pub struct WasiState<M> {
    /// The guest's WASI context.
    pub ctx: crate::WasiCtx,
    memory: Option<M>,
}

impl<M: Copy> WasiState<M> {
    /// Wraps a context; the memory is found on the first call.
    pub fn new(ctx: crate::WasiCtx) -> WasiState<M> {
        WasiState { ctx, memory: None }
    }

    /// Sets the memory the syscalls read and write, instead of the instance's `memory`
    /// export. The memory must belong to the same store.
    pub fn set_memory(&mut self, memory: M) {
        self.memory = Some(memory);
    }

    /// The memory found so far, if any.
    #[inline]
    pub fn memory(&self) -> Option<M> {
        self.memory
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_map_to_errnos_exits_and_traps() {
        assert_eq!(errno_or_stop("f", Ok(())), Ok(0));
        assert_eq!(errno_or_stop("f", Err(Error::Errno(Errno::NOENT))), Ok(44));
        assert_eq!(errno_or_stop("f", Err(Error::Exit(3))), Err(Stop::Exit(3)));
        let trap = Stop::Trap {
            function: "fd_write",
            trap: Trap::OutOfBounds,
        };
        assert_eq!(
            errno_or_stop("fd_write", Err(Error::Trap(Trap::OutOfBounds))),
            Err(trap)
        );
        assert_eq!(
            trap.to_string(),
            "fd_write: pointer argument out of bounds of linear memory"
        );
        assert_eq!(stop_of("proc_exit", Ok(())), Stop::Exit(0));
        assert_eq!(
            stop_of("proc_exit", Err(Error::Errno(Errno::INVAL))).to_string(),
            format!("proc_exit failed: {}", Errno::INVAL)
        );
    }
}
