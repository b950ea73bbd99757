//! `random_get`: bytes from the context's [`Random`](crate::backend::Random) source (by
//! default the host's CSPRNG, [`HostRandom`](crate::host::HostRandom)).
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).

use crate::{Result, WasiCtx};
use wasi_abi::GuestMemory;

impl WasiCtx {
    /// `random_get(buf, buf_len) -> errno`: fills `buf_len` bytes at `buf` from the
    /// context's random source (by default the OS CSPRNG, `getrandom(2)`, through a
    /// per-context pool for requests up to 4 KiB).
    ///
    /// Traps if the buffer is outside memory (nothing is written).
    pub fn random_get(&mut self, mem: &mut GuestMemory<'_>, buf: u32, buf_len: u32) -> Result {
        self.random.fill(mem.slice_mut(buf, buf_len)?)?;
        Ok(())
    }
}
