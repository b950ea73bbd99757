//! `clock_res_get` and `clock_time_get` on the four preview1 clocks.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).

use crate::{Result, WasiCtx};
use wasi_abi::{Clockid, GuestMemory};

impl WasiCtx {
    /// `clock_res_get(id) -> timestamp`: writes the resolution of clock `id`, in
    /// nanoseconds, as a `u64` at `resolution_out` (8-aligned).
    ///
    /// Errors: `EINVAL` for an unknown clock id (4 and up). Traps if the out-pointer is out
    /// of bounds or misaligned.
    pub fn clock_res_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        id: u32,
        resolution_out: u32,
    ) -> Result {
        let id = Clockid::decode(id)?;
        mem.write(resolution_out, self.clock.resolution(id)?)?;
        Ok(())
    }

    /// `clock_time_get(id, precision) -> timestamp`: writes the time of clock `id`, in
    /// nanoseconds, as a `u64` at `time_out` (8-aligned). `precision` is a hint and ignored:
    /// the host clock is always read at its best resolution.
    ///
    /// Clocks: `realtime` counts from 1970-01-01T00:00:00Z; `monotonic` from an unspecified
    /// point; `process_cputime_id` / `thread_cputime_id` the host process's / thread's CPU time.
    ///
    /// Errors: `EINVAL` for an unknown clock id; `EOVERFLOW` if the host time is before 1970;
    /// traps if the out-pointer is out of bounds or misaligned.
    pub fn clock_time_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        id: u32,
        precision: u64,
        time_out: u32,
    ) -> Result {
        let _ = precision;
        let id = Clockid::decode(id)?;
        mem.write(time_out, self.clock.now(id)?)?;
        Ok(())
    }
}
