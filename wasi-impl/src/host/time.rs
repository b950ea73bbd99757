//! [`HostClock`] and [`HostRandom`]: the host's clocks and CSPRNG.

use super::sys;
use crate::backend::{Clock, Random, Result};
use rand_chacha::ChaCha12Rng;
use rand_core::{RngCore, SeedableRng};
use wasi_abi::Clockid;

/// The host's clocks (`clock_gettime`, `clock_getres`).
#[derive(Debug, Default, Clone, Copy)]
pub struct HostClock;

impl Clock for HostClock {
    fn now(&self, id: Clockid) -> Result<u64> {
        sys::clock_time(id)
    }

    fn resolution(&self, id: Clockid) -> Result<u64> {
        sys::clock_res(id)
    }
}

/// Bytes a [`HostRandom`] hands out before it takes a new key from the kernel.
pub const RESEED_BYTES: usize = 1 << 20;

/// The default source of `random_get`: a ChaCha12 stream (the generator behind `rand`'s
/// `StdRng`) keyed with 32 bytes from the kernel's CSPRNG (`getrandom(2)`) on first use and
/// again after every 1 MiB it hands out. A 32-byte request costs a few dozen
/// nanoseconds instead of a syscall's share; RATIONALE.md ("`random_get`") has the security
/// reasoning. The key and stream state stay in host memory, out of the guest's reach, and
/// are not shown by `Debug`. It starts unkeyed: the first request takes a key, so a guest
/// that never asks costs no syscall.
#[derive(Default)]
pub struct HostRandom {
    rng: Option<ChaCha12Rng>,
    /// Bytes left before the next reseed.
    left: usize,
}

impl core::fmt::Debug for HostRandom {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HostRandom")
            .field("left", &self.left)
            .finish_non_exhaustive()
    }
}

impl HostRandom {
    /// Keys the generator anew from the kernel when it has none or its bytes are used up.
    fn keyed(&mut self) -> Result<()> {
        if self.left == 0 || self.rng.is_none() {
            let mut key = [0u8; 32];
            sys::fill_random(&mut key)?;
            self.rng = Some(ChaCha12Rng::from_seed(key));
            key.fill(0);
            self.left = RESEED_BYTES;
        }
        Ok(())
    }
}

impl Random for HostRandom {
    fn fill(&mut self, mut dst: &mut [u8]) -> Result<()> {
        while !dst.is_empty() {
            self.keyed()?;
            let n = dst.len().min(self.left);
            let (head, tail) = core::mem::take(&mut dst).split_at_mut(n);
            if let Some(rng) = self.rng.as_mut() {
                rng.fill_bytes(head);
            }
            self.left = self.left.saturating_sub(n);
            dst = tail;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_gets_new_bytes_and_the_key_is_renewed()
    -> core::result::Result<(), wasi_abi::Errno> {
        let mut random = HostRandom::default();
        assert!(random.rng.is_none(), "keyed before the first request");
        let mut seen = Vec::new();
        for _ in 0..100 {
            let mut out = [0u8; 100];
            random.fill(&mut out)?;
            assert!(out.iter().any(|&b| b != 0), "100 random bytes all zero");
            seen.push(out);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 100, "two requests got the same bytes");
        assert_eq!(random.left, RESEED_BYTES - 100 * 100);
        // A request across the reseed point is served from two keys, and the count restarts.
        let mut big = vec![0u8; RESEED_BYTES];
        random.fill(&mut big)?;
        assert_eq!(random.left, RESEED_BYTES - 100 * 100);
        // Two generators are keyed apart.
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        HostRandom::default().fill(&mut a)?;
        HostRandom::default().fill(&mut b)?;
        assert_ne!(a, b);
        random.fill(&mut [])
    }
}
