//! `random_get`: bytes from the host's CSPRNG.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).

use crate::{Result, WasiCtx, sys};
use wasi_abi::GuestMemory;

impl WasiCtx {
    /// `random_get(buf, buf_len) -> errno`: fills `buf_len` bytes at `buf` from the OS
    /// CSPRNG (`getrandom(2)`), writing the guest memory directly.
    ///
    /// Traps if the buffer is outside memory (nothing is written).
    pub fn random_get(&mut self, mem: &mut GuestMemory<'_>, buf: u32, buf_len: u32) -> Result {
        sys::fill_random(mem.slice_mut(buf, buf_len)?)?;
        Ok(())
    }
}
