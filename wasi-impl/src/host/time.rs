//! [`HostClock`] and [`HostRandom`]: the host's clocks and CSPRNG.

use super::sys;
use crate::backend::{Clock, Random, Result};
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

/// Bytes drawn from the kernel at a time.
const POOL: usize = 4096;

/// The kernel's CSPRNG (`getrandom(2)`). Small requests are served from a pool of bytes
/// drawn 4 KiB at a time, so that a guest asking for 32 bytes at a time does not pay a
/// syscall each time; every byte is handed out once and overwritten in the pool as it is.
/// Requests larger than the pool go straight from the kernel into guest memory.
#[derive(Debug)]
pub struct HostRandom {
    bytes: Box<[u8; POOL]>,
    /// `next..` of `bytes` is not handed out yet.
    next: usize,
}

impl Default for HostRandom {
    fn default() -> Self {
        // Empty: the first request fills it.
        HostRandom {
            bytes: Box::new([0; POOL]),
            next: POOL,
        }
    }
}

impl Random for HostRandom {
    fn fill(&mut self, mut dst: &mut [u8]) -> Result<()> {
        if dst.len() > POOL {
            return sys::fill_random(dst);
        }
        while !dst.is_empty() {
            if self.next >= POOL {
                sys::fill_random(&mut self.bytes[..])?;
                self.next = 0;
            }
            let available = self.bytes.get_mut(self.next..).unwrap_or_default();
            let n = available.len().min(dst.len());
            let (src, _) = available.split_at_mut(n);
            let (head, tail) = core::mem::take(&mut dst).split_at_mut(n);
            head.copy_from_slice(src);
            src.fill(0); // handed out: not kept
            self.next = self.next.saturating_add(n);
            dst = tail;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_hands_out_each_byte_once_and_keeps_none() -> core::result::Result<(), wasi_abi::Errno> {
        let mut pool = HostRandom::default();
        let mut seen = Vec::new();
        // 100 requests of 100 bytes cross the 4096-byte refill boundary twice.
        for _ in 0..100 {
            let mut out = [0u8; 100];
            pool.fill(&mut out)?;
            assert!(out.iter().any(|&b| b != 0), "100 random bytes all zero");
            seen.push(out);
            // Everything handed out so far is cleared in the pool.
            assert!(pool.bytes[..pool.next].iter().all(|&b| b == 0));
        }
        seen.dedup();
        assert_eq!(seen.len(), 100, "two requests got the same bytes");
        // Larger than the pool: straight from the kernel, the pool untouched.
        let next = pool.next;
        let mut big = vec![0u8; POOL + 1];
        pool.fill(&mut big)?;
        assert_eq!(pool.next, next);
        assert!(big.iter().any(|&b| b != 0));
        // Exactly the pool's size is served from the pool (as the docs say, up to 4 KiB): it
        // uses up what is left, refills, and the refilled bytes not handed out are new.
        let left_before = pool.bytes[pool.next..].to_vec();
        let mut whole = vec![0u8; POOL];
        pool.fill(&mut whole)?;
        assert_eq!(
            &whole[..left_before.len()],
            &left_before[..],
            "the pool's bytes first"
        );
        assert_ne!(
            &pool.bytes[pool.next..],
            &left_before[..],
            "the pool was not refilled"
        );
        // Empty requests are fine.
        pool.fill(&mut [])
    }
}
