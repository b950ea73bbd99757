//! Gathering a guest's iovec list into host ranges, without copying any data.

use wasi_abi::GuestMemory;

/// Most iovecs handed to one read or write; a longer list is a short read or write, which
/// POSIX and preview1 both allow.
pub(crate) const MAX_IOVECS: usize = 64;

/// The validated buffers of an iovec/ciovec list: at most [`MAX_IOVECS`] non-empty ranges of
/// guest memory whose lengths add up to at most `u32::MAX` (the widest `size` a guest can be
/// told). Longer lists are cut, which makes the call a short read or write. The ranges live in
/// a buffer the context reuses, so gathering allocates nothing after the first call.
#[derive(Debug)]
pub(crate) struct IovList<'a> {
    ranges: &'a [(usize, usize)],
}

impl<'a> IovList<'a> {
    /// Reads and checks the list at `ptr` into `scratch`: the array must be aligned and
    /// inside memory, and so must every buffer it names, used or not; otherwise the call traps.
    pub(crate) fn gather(
        scratch: &'a mut Vec<(usize, usize)>,
        mem: &GuestMemory<'_>,
        ptr: u32,
        count: u32,
    ) -> crate::Result<IovList<'a>> {
        let max_total = usize::try_from(u32::MAX).unwrap_or(usize::MAX);
        scratch.clear();
        let mut total = 0usize;
        for range in mem.iovecs(ptr, count)? {
            let range = range?;
            let room = max_total.saturating_sub(total);
            let len = range.len().min(room);
            if len == 0 || scratch.len() >= MAX_IOVECS {
                continue;
            }
            scratch.push((range.start, len));
            total = total.saturating_add(len);
        }
        Ok(IovList { ranges: scratch })
    }

    /// The `(start, len)` ranges, in order.
    #[inline]
    pub(crate) fn ranges(&self) -> &[(usize, usize)] {
        self.ranges
    }
}

/// A byte count the host moved, as the guest's `size` (at most `u32::MAX` by construction).
#[inline]
pub(crate) fn guest_size(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
