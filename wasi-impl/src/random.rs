//! `random_get`: bytes from the host's CSPRNG.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! Small requests are served from a per-context pool of bytes drawn from `getrandom(2)`, so
//! that a guest asking for 32 bytes at a time does not pay a syscall each time. Every byte
//! comes from the kernel's CSPRNG, is handed out once, and is overwritten in the pool as it is
//! handed out. Requests larger than the pool go straight from the kernel into guest memory.

use crate::{Result, WasiCtx, sys};
use wasi_abi::GuestMemory;

/// Bytes drawn from the kernel at a time.
const POOL: usize = 4096;

/// Random bytes not yet handed out; `next..` of `bytes` is unused.
#[derive(Debug)]
pub(crate) struct RandomPool {
    bytes: Box<[u8; POOL]>,
    next: usize,
}

impl Default for RandomPool {
    fn default() -> Self {
        // Empty: the first request fills it.
        RandomPool {
            bytes: Box::new([0; POOL]),
            next: POOL,
        }
    }
}

impl RandomPool {
    /// Fills `dst` with random bytes.
    fn fill(&mut self, mut dst: &mut [u8]) -> core::result::Result<(), wasi_abi::Errno> {
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

impl WasiCtx {
    /// `random_get(buf, buf_len) -> errno`: fills `buf_len` bytes at `buf` from the OS
    /// CSPRNG (`getrandom(2)`, through a per-context pool for requests up to 4 KiB).
    ///
    /// Traps if the buffer is outside memory (nothing is written).
    pub fn random_get(&mut self, mem: &mut GuestMemory<'_>, buf: u32, buf_len: u32) -> Result {
        self.random.fill(mem.slice_mut(buf, buf_len)?)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_hands_out_each_byte_once_and_keeps_none() -> core::result::Result<(), wasi_abi::Errno> {
        let mut pool = RandomPool::default();
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
