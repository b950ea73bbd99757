//! A bounds-checked view of a guest's linear memory.
//!
//! Every address a guest passes is hostile. [`GuestMemory`] turns each one into a checked
//! range before it touches a byte: `ptr + len` is computed without overflow, the end must lie
//! inside the memory, and typed accesses must be aligned to the type's alignment. A failure is
//! a [`MemoryError`] value; what the guest sees is the host's decision. The witx docs say a
//! call given an out-of-bounds or misaligned pointer traps, and this project does so (see
//! `RATIONALE.md`); [`MemoryError::errno_equivalent`] names the errno a runtime that answers
//! instead of trapping would use. There is deliberately no `From<MemoryError> for Errno`, so
//! that `?` cannot turn a fault into an errno by accident.

use crate::Errno;
use crate::structs::Iovec;
use bytemuck::Pod;
use core::mem::{align_of, size_of};
use core::ops::Range;

/// Why a guest address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryError {
    /// The range does not lie inside linear memory, or its end overflows.
    OutOfBounds,
    /// A typed access at an address that is not a multiple of the type's alignment.
    Misaligned,
    /// A string argument that is not valid UTF-8.
    InvalidUtf8,
}

impl core::fmt::Display for MemoryError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            MemoryError::OutOfBounds => "address out of bounds of linear memory",
            MemoryError::Misaligned => "misaligned address",
            MemoryError::InvalidUtf8 => "string is not valid UTF-8",
        })
    }
}

impl core::error::Error for MemoryError {}

impl MemoryError {
    /// The errno a runtime that answers bad pointers instead of trapping would return:
    /// `EFAULT` out of bounds, `EINVAL` misaligned, `EILSEQ` for bad UTF-8.
    pub fn errno_equivalent(self) -> Errno {
        match self {
            MemoryError::OutOfBounds => Errno::FAULT,
            MemoryError::Misaligned => Errno::INVAL,
            MemoryError::InvalidUtf8 => Errno::ILSEQ,
        }
    }
}

/// A view of a guest's linear memory. Addresses are wasm32 pointers (`u32`).
#[derive(Debug)]
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of a linear memory.
    #[inline]
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    /// Size of the memory in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True if the memory has no bytes (a module without memory).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The whole memory, for the host to hand validated ranges to the OS (readv, writev).
    #[inline]
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        self.bytes
    }

    /// The whole memory, read-only.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
    }

    /// Checks that `len` bytes at `ptr` lie inside memory and returns them as a host range.
    #[inline]
    pub fn range(&self, ptr: u32, len: u32) -> Result<Range<usize>, MemoryError> {
        checked_range(self.bytes.len(), ptr, len)
    }

    /// Checks an array of `count` values of `T` at `ptr` (alignment, overflow, bounds).
    #[inline]
    pub fn array_range<T: Pod>(&self, ptr: u32, count: u32) -> Result<Range<usize>, MemoryError> {
        check_align::<T>(ptr)?;
        let bytes = u64::from(count)
            .checked_mul(size_of::<T>() as u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or(MemoryError::OutOfBounds)?;
        self.range(ptr, bytes)
    }

    /// `len` bytes at `ptr`.
    #[inline]
    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], MemoryError> {
        let r = self.range(ptr, len)?;
        self.bytes.get(r).ok_or(MemoryError::OutOfBounds)
    }

    /// `len` bytes at `ptr`, writable.
    #[inline]
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], MemoryError> {
        let r = self.range(ptr, len)?;
        self.bytes.get_mut(r).ok_or(MemoryError::OutOfBounds)
    }

    /// `len` bytes at `ptr` as UTF-8 (paths, names).
    #[inline]
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, MemoryError> {
        core::str::from_utf8(self.slice(ptr, len)?).map_err(|_| MemoryError::InvalidUtf8)
    }

    /// Reads a `T` at `ptr`, which must be aligned to `T`'s alignment.
    #[inline]
    pub fn read<T: Pod>(&self, ptr: u32) -> Result<T, MemoryError> {
        check_align::<T>(ptr)?;
        let bytes = self.slice(ptr, size_of_u32::<T>())?;
        Ok(bytemuck::pod_read_unaligned(bytes))
    }

    /// Writes a `T` at `ptr`, which must be aligned to `T`'s alignment.
    #[inline]
    pub fn write<T: Pod>(&mut self, ptr: u32, value: T) -> Result<(), MemoryError> {
        check_align::<T>(ptr)?;
        let dst = self.slice_mut(ptr, size_of_u32::<T>())?;
        dst.copy_from_slice(bytemuck::bytes_of(&value));
        Ok(())
    }

    /// Checks and returns an array of `count` values of `T` at `ptr`, read lazily.
    ///
    /// The whole array is validated up front, so iterating cannot fail.
    #[inline]
    pub fn read_array<T: Pod>(
        &self,
        ptr: u32,
        count: u32,
    ) -> Result<ArrayIter<'_, T>, MemoryError> {
        let r = self.array_range::<T>(ptr, count)?;
        let bytes = self.bytes.get(r).ok_or(MemoryError::OutOfBounds)?;
        // No ABI type is zero-sized; for one, the (empty) range yields no items instead of
        // panicking in `chunks_exact(0)`.
        Ok(ArrayIter {
            chunks: bytes.chunks_exact(size_of::<T>().max(1)),
            _ty: core::marker::PhantomData,
        })
    }

    /// Reads an iovec/ciovec list and checks every buffer it names, yielding host ranges.
    ///
    /// Each buffer is checked when the iterator reaches it; an iterator item is an error for the
    /// first buffer outside memory.
    #[inline]
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<IovecRanges<'_>, MemoryError> {
        Ok(IovecRanges {
            memory_len: self.bytes.len(),
            list: self.read_array::<Iovec>(ptr, count)?,
        })
    }
}

#[inline]
fn check_align<T>(ptr: u32) -> Result<(), MemoryError> {
    // align_of is a power of two and at most 8 for every ABI type, so the mask is exact.
    let mask = (align_of::<T>() as u32).wrapping_sub(1);
    if ptr & mask == 0 {
        Ok(())
    } else {
        Err(MemoryError::Misaligned)
    }
}

#[inline]
const fn size_of_u32<T>() -> u32 {
    // ABI types are at most 64 bytes.
    size_of::<T>() as u32
}

/// Iterator over a validated guest array, see [`GuestMemory::read_array`].
#[derive(Debug)]
pub struct ArrayIter<'m, T> {
    chunks: core::slice::ChunksExact<'m, u8>,
    _ty: core::marker::PhantomData<T>,
}

impl<T: Pod> Iterator for ArrayIter<'_, T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        self.chunks.next().map(bytemuck::pod_read_unaligned)
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.chunks.size_hint()
    }
}

impl<T: Pod> ExactSizeIterator for ArrayIter<'_, T> {}

/// Iterator over the host ranges an iovec list names, see [`GuestMemory::iovecs`].
#[derive(Debug)]
pub struct IovecRanges<'m> {
    memory_len: usize,
    list: ArrayIter<'m, Iovec>,
}

impl Iterator for IovecRanges<'_> {
    type Item = Result<Range<usize>, MemoryError>;
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let iov = self.list.next()?;
        Some(checked_range(self.memory_len, iov.buf, iov.buf_len))
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.list.size_hint()
    }
}

impl ExactSizeIterator for IovecRanges<'_> {}

/// `ptr..ptr + len` if it lies inside a memory of `memory_len` bytes.
#[inline]
fn checked_range(memory_len: usize, ptr: u32, len: u32) -> Result<Range<usize>, MemoryError> {
    let start = usize::try_from(ptr).map_err(|_| MemoryError::OutOfBounds)?;
    let len = usize::try_from(len).map_err(|_| MemoryError::OutOfBounds)?;
    let end = start.checked_add(len).ok_or(MemoryError::OutOfBounds)?;
    if end > memory_len {
        Err(MemoryError::OutOfBounds)
    } else {
        Ok(start..end)
    }
}
