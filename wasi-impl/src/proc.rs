//! `proc_exit`, `proc_raise` and `sched_yield`.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).

use crate::{Error, Result, Trap, WasiCtx};
use wasi_abi::{Errno, GuestMemory, Signal};

impl WasiCtx {
    /// `proc_exit(rval)`: ends the guest with exit code `rval`. Never returns to the guest:
    /// the result is [`Error::Exit`], which the engine adapter turns into the engine's exit.
    pub fn proc_exit(&mut self, _mem: &mut GuestMemory<'_>, rval: u32) -> Result {
        Err(Error::Exit(rval))
    }

    /// `proc_raise(sig) -> errno`: a sandboxed guest may not signal its host, so no host
    /// signal is ever raised. Instead the signal's default action is applied to the guest:
    ///
    /// - `NONE` (0), and signals ignored by default (`CHLD`, `CONT`, `URG`, `WINCH`): nothing
    ///   happens, the call succeeds;
    /// - stop signals (`STOP`, `TSTP`, `TTIN`, `TTOU`): a guest cannot be stopped: `ENOTSUP`;
    /// - every other signal terminates: the guest stops with a trap naming the signal
    ///   ([`Trap::Signal`]).
    ///
    /// Errors: `EINVAL` for a number that is not a signal (31 and up).
    pub fn proc_raise(&mut self, _mem: &mut GuestMemory<'_>, sig: u32) -> Result {
        match Signal::decode(sig)? {
            Signal::None | Signal::Chld | Signal::Cont | Signal::Urg | Signal::Winch => Ok(()),
            Signal::Stop | Signal::Tstp | Signal::Ttin | Signal::Ttou => Err(Errno::NOTSUP.into()),
            terminating => Err(Error::Trap(Trap::Signal(terminating))),
        }
    }

    /// `sched_yield() -> errno`: returns at once, since a preview1 guest has no other thread
    /// to make way for; with [`yield_host_thread`](crate::WasiCtxBuilder::yield_host_thread)
    /// it yields the host thread (`sched_yield(2)`). Always succeeds.
    pub fn sched_yield(&mut self, _mem: &mut GuestMemory<'_>) -> Result {
        if self.yield_host_thread {
            crate::host::sched_yield();
        }
        Ok(())
    }
}
