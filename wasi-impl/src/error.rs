//! The outcome of a syscall besides success.

use core::fmt;
use wasi_abi::{Errno, MemoryError, Signal};

/// Why a syscall did not answer `SUCCESS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// An errno the guest receives as the function's result.
    Errno(Errno),
    /// The guest called `proc_exit` with this code; the engine must stop the guest.
    Exit(u32),
    /// The guest must be stopped with a trap; see [`Trap`].
    Trap(Trap),
}

/// Why a guest is stopped with a trap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trap {
    /// `proc_raise` asked for a signal whose default action ends the process.
    Signal(Signal),
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::Signal(s) => write!(f, "proc_raise: the guest raised {}", s.c_name()),
        }
    }
}

impl From<Errno> for Error {
    #[inline]
    fn from(e: Errno) -> Error {
        Error::Errno(e)
    }
}

impl From<MemoryError> for Error {
    #[inline]
    fn from(e: MemoryError) -> Error {
        Error::Errno(e.into())
    }
}
