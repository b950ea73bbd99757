//! How a run of a guest ends, in terms that are the same on every engine, for the
//! high-level `run` entry points of the adapters.

use super::shape::ModuleError;
use core::fmt;

/// Why a guest did not run to an exit: the module was refused, or the guest trapped.
///
/// An exit (`proc_exit`, or `_start` returning, which is exit 0) is not an error: the `run`
/// functions answer it as `Ok(code)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The engine refused the bytes: not a module, or an invalid one (its message, one line).
    Invalid(String),
    /// The module does not fit a preview1 host (a wrong import, no `_start`, ...).
    Module(ModuleError),
    /// The module could not be instantiated (its message, one line).
    Instantiate(String),
    /// The guest trapped.
    Trap(TrapReport),
}

/// A trap: what it was and, where the engine reports them, where it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrapReport {
    /// What the trap was: the engine's trap message (`integer divide by zero`), or, for a
    /// trap a syscall raised, `function: why` (`fd_write: pointer argument out of bounds of
    /// linear memory`).
    pub message: String,
    /// The guest function executing when it happened (from the name section, else
    /// `function[N]`), where the engine reports it.
    pub function: Option<String>,
    /// The byte offset in the module's code where it happened, where the engine reports it.
    pub offset: Option<usize>,
}

impl fmt::Display for TrapReport {
    /// `message`, then ` in function F at offset 0x…` with what is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(function) = &self.function {
            write!(f, " in function `{function}`")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " at offset {offset:#x}")?;
        }
        Ok(())
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Invalid(why) => write!(f, "invalid module: {why}"),
            RunError::Module(e) => e.fmt(f),
            RunError::Instantiate(why) => write!(f, "cannot instantiate the module: {why}"),
            RunError::Trap(trap) => write!(f, "the guest trapped: {trap}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<ModuleError> for RunError {
    fn from(e: ModuleError) -> RunError {
        RunError::Module(e)
    }
}

/// Folds a message that spans lines (a backtrace, a caret under a source line) into one.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
