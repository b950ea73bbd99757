//! Deterministic runs: a virtual clock, a seeded generator and stdio that reports nothing of
//! the host, which [`WasiCtxBuilder::deterministic`](crate::WasiCtxBuilder::deterministic)
//! installs together. Each is also usable alone through the builder's injection points.
//!
//! With these and in-memory preopens, two runs of the same guest with the same seed and
//! inputs make the same calls with the same answers: the same stdout, files and trace.

use crate::backend::{Clock, File, Handle, Random, Readiness, Result, SetTime, Stat};
use core::sync::atomic::{AtomicU64, Ordering};
use rand_chacha::ChaCha12Rng;
use rand_core::{RngCore, SeedableRng};
use std::cell::Cell;
use wasi_abi::{Advice, Clockid, Fdflags, Filetype, Whence};

/// Where a [`VirtualClock`]'s realtime starts: 2024-01-01T00:00:00Z, in ns since 1970.
pub const VIRTUAL_EPOCH: u64 = 1_704_067_200_000_000_000;

/// How far a [`VirtualClock`] moves at each reading, and its resolution: 1 µs.
pub const VIRTUAL_STEP: u64 = 1_000;

/// A clock that moves only when it is read (by [`VIRTUAL_STEP`]) or waited on (by the wait,
/// at once). All four preview1 clocks read the same virtual time: realtime as
/// [`VIRTUAL_EPOCH`] plus it, the monotonic and CPU-time clocks as it, from 0.
///
/// A busy-wait loop on any clock makes progress; `poll_oneoff` sleeps take no real time.
///
/// ```
/// use wasi_impl::backend::Clock;
/// use wasi_impl::determinism::{VirtualClock, VIRTUAL_EPOCH, VIRTUAL_STEP};
/// use wasi_abi::Clockid;
///
/// let clock = VirtualClock::new();
/// assert_eq!(clock.now(Clockid::Monotonic), Ok(VIRTUAL_STEP));
/// clock.advance(5_000_000_000); // a 5-second sleep, at once
/// assert_eq!(clock.now(Clockid::Realtime), Ok(VIRTUAL_EPOCH + 5_000_000_000 + 2 * VIRTUAL_STEP));
/// ```
#[derive(Debug, Default)]
pub struct VirtualClock {
    /// Virtual nanoseconds since the start.
    elapsed: AtomicU64,
}

impl VirtualClock {
    /// A clock at virtual time 0.
    pub fn new() -> VirtualClock {
        VirtualClock::default()
    }

    /// Adds `ns` and returns the new time (saturating at `u64::MAX`).
    fn bump(&self, ns: u64) -> u64 {
        let before = self
            .elapsed
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                Some(t.saturating_add(ns))
            })
            .unwrap_or_else(|t| t);
        before.saturating_add(ns)
    }
}

impl Clock for VirtualClock {
    fn now(&self, id: Clockid) -> Result<u64> {
        let t = self.bump(VIRTUAL_STEP);
        Ok(match id {
            Clockid::Realtime => VIRTUAL_EPOCH.saturating_add(t),
            Clockid::Monotonic | Clockid::ProcessCputimeId | Clockid::ThreadCputimeId => t,
        })
    }

    fn resolution(&self, _id: Clockid) -> Result<u64> {
        Ok(VIRTUAL_STEP)
    }

    fn is_virtual(&self) -> bool {
        true
    }

    fn advance(&self, ns: u64) {
        self.bump(ns);
    }
}

/// Random bytes from ChaCha12 keyed by a 64-bit seed: the same seed gives the same bytes on
/// every run and every host. **Not cryptographic**: anyone who knows the seed knows every
/// byte. For reproducible runs only; the default source is [`HostRandom`](crate::host::HostRandom).
///
/// ```
/// use wasi_impl::backend::Random;
/// use wasi_impl::determinism::SeededRandom;
///
/// let (mut a, mut b) = (SeededRandom::new(7), SeededRandom::new(7));
/// let (mut x, mut y) = ([0u8; 16], [0u8; 16]);
/// a.fill(&mut x).unwrap();
/// b.fill(&mut y).unwrap();
/// assert_eq!(x, y);
/// ```
#[derive(Debug)]
pub struct SeededRandom(ChaCha12Rng);

impl SeededRandom {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> SeededRandom {
        SeededRandom(ChaCha12Rng::seed_from_u64(seed))
    }
}

impl Random for SeededRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
        self.0.fill_bytes(buf);
        Ok(())
    }
}

/// One of the guest's stdio streams seen without the host's details: a fixed filetype, a
/// `fd_filestat_get` with no device, inode, size or times, and the status flags the guest
/// set (starting empty) rather than the host's. Reads and writes go to the stream.
#[derive(Debug)]
pub struct AnonymousStdio {
    inner: Box<dyn File>,
    filetype: Filetype,
    flags: Cell<Fdflags>,
}

impl AnonymousStdio {
    /// `inner`, reported as a file of type `filetype`.
    pub fn new(inner: Box<dyn File>, filetype: Filetype) -> AnonymousStdio {
        AnonymousStdio {
            inner,
            filetype,
            flags: Cell::new(Fdflags::empty()),
        }
    }
}

impl Handle for AnonymousStdio {
    fn stat(&self) -> Result<Stat> {
        Ok(Stat::unknown(self.filetype))
    }

    fn set_times(&self, _: SetTime, _: SetTime) -> Result<()> {
        Err(wasi_abi::Errno::NOTSUP)
    }

    fn fdflags(&self) -> Result<Fdflags> {
        Ok(self.flags.get())
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        self.inner.set_fdflags(flags)?;
        self.flags.set(flags);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        Ok(())
    }

    fn datasync(&self) -> Result<()> {
        Ok(())
    }
}

impl File for AnonymousStdio {
    fn filetype(&self) -> Filetype {
        self.filetype
    }

    fn read(&mut self, mem: &mut [u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.inner.read(mem, ranges)
    }

    fn write(&mut self, mem: &[u8], ranges: &[(usize, usize)]) -> Result<usize> {
        self.inner.write(mem, ranges)
    }

    fn pread(&mut self, _: &mut [u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn pwrite(&mut self, _: &[u8], _: &[(usize, usize)], _: u64) -> Result<usize> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn seek(&mut self, _: i64, _: Whence) -> Result<u64> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn set_size(&mut self, _: u64) -> Result<()> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn allocate(&mut self, _: u64, _: u64) -> Result<()> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn advise(&mut self, _: u64, _: u64, _: Advice) -> Result<()> {
        Err(wasi_abi::Errno::SPIPE)
    }

    fn readiness(&self, write: bool) -> Readiness {
        self.inner.readiness(write)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_moves_the_clock_one_step_and_a_wait_moves_it_at_once() {
        let clock = VirtualClock::new();
        assert_eq!(clock.now(Clockid::Monotonic), Ok(1_000));
        assert_eq!(clock.now(Clockid::ProcessCputimeId), Ok(2_000));
        clock.advance(1_000_000);
        assert_eq!(clock.now(Clockid::Realtime), Ok(VIRTUAL_EPOCH + 1_003_000));
        assert_eq!(clock.resolution(Clockid::ThreadCputimeId), Ok(1_000));
        clock.advance(u64::MAX);
        assert_eq!(clock.now(Clockid::Monotonic), Ok(u64::MAX));
    }

    #[test]
    fn a_seed_gives_the_same_bytes_and_another_seed_others() {
        let bytes = |seed| {
            let mut buf = [0u8; 32];
            SeededRandom::new(seed).fill(&mut buf).map(|()| buf)
        };
        assert_eq!(bytes(7), bytes(7));
        assert_ne!(bytes(7), bytes(8));
        // ChaCha12 keyed by seed_from_u64(7): fixed by rand_core's portable seeding, so a
        // guest's random bytes never change with a crate upgrade unnoticed.
        assert_eq!(
            bytes(7).map(|b| b[..4].to_vec()),
            Ok(vec![190, 251, 168, 106])
        );
    }
}
