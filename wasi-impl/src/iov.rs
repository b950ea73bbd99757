//! Gathering a guest's iovec list into host ranges, without copying any data.

use crate::sys::MAX_IOVECS;
use wasi_abi::GuestMemory;

/// The validated buffers of an iovec/ciovec list: at most [`MAX_IOVECS`] non-empty ranges of
/// guest memory whose lengths add up to at most `u32::MAX` (the widest `size` a guest can be
/// told). Longer lists are cut, which makes the call a short read or write.
#[derive(Debug)]
pub(crate) struct IovList {
    ranges: [(usize, usize); MAX_IOVECS],
    len: usize,
    total: usize,
}

impl IovList {
    /// Reads and checks the list at `ptr`: the array must be aligned and inside memory, and
    /// so must every buffer it names, used or not; otherwise the call traps.
    pub(crate) fn gather(mem: &GuestMemory<'_>, ptr: u32, count: u32) -> crate::Result<IovList> {
        let max_total = usize::try_from(u32::MAX).unwrap_or(usize::MAX);
        let mut list = IovList {
            ranges: [(0, 0); MAX_IOVECS],
            len: 0,
            total: 0,
        };
        for range in mem.iovecs(ptr, count)? {
            let range = range?;
            let room = max_total.saturating_sub(list.total);
            let len = range.len().min(room);
            if len == 0 {
                continue;
            }
            if let Some(slot) = list.ranges.get_mut(list.len) {
                *slot = (range.start, len);
                list.len = list.len.saturating_add(1);
                list.total = list.total.saturating_add(len);
            }
        }
        Ok(list)
    }

    /// The `(start, len)` ranges, in order.
    #[inline]
    pub(crate) fn ranges(&self) -> &[(usize, usize)] {
        self.ranges.get(..self.len).unwrap_or_default()
    }

    /// Sum of the lengths of [`IovList::ranges`]; fits in a `u32`.
    #[inline]
    pub(crate) fn total(&self) -> usize {
        self.total
    }
}

/// A byte count the host moved, as the guest's `size` (at most `u32::MAX` by construction).
#[inline]
pub(crate) fn guest_size(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
