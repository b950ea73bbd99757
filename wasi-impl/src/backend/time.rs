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

    /// Whether the clock is virtual: its time moves only when it is read or
    /// [advanced](Self::advance), so a wait is a jump forward instead of a real wait. A real
    /// clock (the default) answers `false`, and `poll_oneoff` waits for it on the host.
    fn is_virtual(&self) -> bool {
        false
    }

    /// Moves a virtual clock forward by `ns` nanoseconds, as a wait of that long would. A
    /// real clock ignores it.
    fn advance(&self, ns: u64) {
        let _ = ns;
    }
}

/// Where `random_get`'s bytes come from.
pub trait Random: Send + Debug {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]) -> Result<()>;
}
