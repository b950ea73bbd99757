//! `proc_exit` and `sched_yield`.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).

use crate::{Error, Result, WasiCtx, sys};
use wasi_abi::GuestMemory;

impl WasiCtx {
    /// `proc_exit(rval)`: ends the guest with exit code `rval`. Never returns to the guest:
    /// the result is [`Error::Exit`], which the engine adapter turns into the engine's exit.
    pub fn proc_exit(&mut self, _mem: &mut GuestMemory<'_>, rval: u32) -> Result {
        Err(Error::Exit(rval))
    }

    /// `sched_yield() -> errno`: yields the host thread (`sched_yield(2)`). Always succeeds.
    pub fn sched_yield(&mut self, _mem: &mut GuestMemory<'_>) -> Result {
        sys::sched_yield();
        Ok(())
    }
}
