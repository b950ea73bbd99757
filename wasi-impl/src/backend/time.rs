//! [`Clock`] and [`Random`]: the smallest seams.

use super::Result;
use core::fmt::Debug;
use wasi_abi::Clockid;

/// The four preview1 clocks, in nanoseconds. Shared by the context and the backends that
/// stamp times (the in-memory filesystem), so one clock answers for both.
pub trait Clock: Send + Sync + Debug {
    /// The current time of clock `id` (realtime: since 1970; monotonic: since an unspecified
    /// point; the CPU-time clocks: the process's or thread's CPU time).
    fn now(&self, id: Clockid) -> Result<u64>;

    /// The resolution of clock `id`.
    fn resolution(&self, id: Clockid) -> Result<u64>;
}

/// Where `random_get`'s bytes come from.
pub trait Random: Send + Debug {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<()>;
}
