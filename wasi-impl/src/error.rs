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
    /// A pointer argument, or a buffer it names, lies outside linear memory (or its end
    /// overflows). The witx docs: "the function shall trap".
    OutOfBounds,
    /// A pointer to a typed value is not a multiple of the type's alignment. The witx docs:
    /// "If a misaligned pointer is passed to a function, the function shall trap."
    Misaligned,
    /// `proc_raise` asked for a signal whose default action ends the process.
    Signal(Signal),
    /// The embedder's deadline ([`WasiCtxBuilder::deadline`](crate::WasiCtxBuilder::deadline))
    /// passed while the guest waited in `poll_oneoff`.
    TimeLimit,
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::OutOfBounds => f.write_str("pointer argument out of bounds of linear memory"),
            Trap::Misaligned => f.write_str("misaligned pointer argument"),
            Trap::TimeLimit => f.write_str("the time limit passed while the guest waited"),
            Trap::Signal(s) => {
                write!(
                    f,
                    "the guest raised SIG{}",
                    s.c_name().trim_start_matches("__WASI_SIGNAL_")
                )
            }
        }
    }
}

impl fmt::Display for Error {
    /// The errno (`EBADF: Bad file descriptor`), the exit (`exit with code 3`) or the trap.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Errno(errno) => errno.fmt(f),
            Error::Exit(code) => write!(f, "exit with code {code}"),
            Error::Trap(trap) => trap.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl std::error::Error for Trap {}

impl From<Errno> for Error {
    #[inline]
    fn from(e: Errno) -> Error {
        Error::Errno(e)
    }
}

/// A bad pointer traps (see `RATIONALE.md`); a string that is not UTF-8 is `EILSEQ`.
impl From<MemoryError> for Error {
    #[inline]
    fn from(e: MemoryError) -> Error {
        match e {
            MemoryError::OutOfBounds => Error::Trap(Trap::OutOfBounds),
            MemoryError::Misaligned => Error::Trap(Trap::Misaligned),
            MemoryError::InvalidUtf8 => Error::Errno(Errno::ILSEQ),
        }
    }
}

/// Why a [`WasiCtx`](crate::WasiCtx) could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    pub(crate) fn new(msg: impl Into<String>) -> BuildError {
        BuildError(msg.into())
    }

    /// A build error with the embedder's own message (e.g. a socket it could not set up).
    pub fn from_message(msg: impl Into<String>) -> BuildError {
        BuildError(msg.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trap_messages_name_the_cause() {
        assert_eq!(
            Trap::OutOfBounds.to_string(),
            "pointer argument out of bounds of linear memory"
        );
        assert_eq!(Trap::Misaligned.to_string(), "misaligned pointer argument");
        assert_eq!(
            Trap::Signal(Signal::Abrt).to_string(),
            "the guest raised SIGABRT"
        );
    }

    #[test]
    fn memory_errors_become_traps_or_eilseq() {
        assert_eq!(
            Error::from(MemoryError::OutOfBounds),
            Error::Trap(Trap::OutOfBounds)
        );
        assert_eq!(
            Error::from(MemoryError::Misaligned),
            Error::Trap(Trap::Misaligned)
        );
        assert_eq!(
            Error::from(MemoryError::InvalidUtf8),
            Error::Errno(Errno::ILSEQ)
        );
        assert_eq!(Error::from(Errno::BADF), Error::Errno(Errno::BADF));
    }
}
