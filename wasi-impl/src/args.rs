//! `args_*` and `environ_*`: the guest's command line and environment.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! Both lists are stored the way the guest receives them: one buffer of NUL-terminated
//! strings and the offset of each, so the `*_get` calls are two copies.

use crate::error::BuildError;
use crate::{Result, WasiCtx};
use wasi_abi::{Errno, GuestMemory, MemoryError};

/// NUL-terminated strings packed in one buffer, with their start offsets.
#[derive(Debug, Default)]
pub(crate) struct StringList {
    buf: Vec<u8>,
    offsets: Vec<u32>,
}

impl StringList {
    /// Packs `items`; a NUL byte inside one, or a total over 4 GiB, is an error naming `what`.
    pub(crate) fn new(items: Vec<Vec<u8>>, what: &str) -> core::result::Result<Self, BuildError> {
        let mut list = StringList::default();
        for item in items {
            if item.contains(&0) {
                let shown = String::from_utf8_lossy(&item).into_owned();
                return Err(BuildError::new(format!(
                    "{what} {shown:?} contains a NUL byte"
                )));
            }
            let offset = u32::try_from(list.buf.len())
                .map_err(|_| BuildError::new(format!("{what}s exceed 4 GiB")))?;
            list.offsets.push(offset);
            list.buf.extend_from_slice(&item);
            list.buf.push(0);
        }
        u32::try_from(list.buf.len())
            .map_err(|_| BuildError::new(format!("{what}s exceed 4 GiB")))?;
        Ok(list)
    }

    /// The strings, in order, without their NULs.
    pub(crate) fn items(&self) -> impl Iterator<Item = &[u8]> {
        self.buf.split(|&b| b == 0).take(self.offsets.len())
    }

    /// Writes the count and the buffer size (both `u32`, 4-aligned); both out-pointers are
    /// checked before either is written.
    fn sizes_get(&self, mem: &mut GuestMemory<'_>, count_out: u32, size_out: u32) -> Result {
        mem.array_range::<u32>(count_out, 1)?;
        mem.array_range::<u32>(size_out, 1)?;
        mem.write(
            count_out,
            u32::try_from(self.offsets.len()).map_err(|_| Errno::OVERFLOW)?,
        )?;
        mem.write(
            size_out,
            u32::try_from(self.buf.len()).map_err(|_| Errno::OVERFLOW)?,
        )?;
        Ok(())
    }

    /// Writes one pointer per string at `ptrs` (`u32` each) and the packed strings at `buf`.
    ///
    /// Both regions are checked before anything is written, so a bad pointer leaves guest
    /// memory untouched.
    fn get(&self, mem: &mut GuestMemory<'_>, ptrs: u32, buf: u32) -> Result {
        let count = u32::try_from(self.offsets.len()).map_err(|_| Errno::OVERFLOW)?;
        let buf_len = u32::try_from(self.buf.len()).map_err(|_| Errno::OVERFLOW)?;
        let ptr_range = mem.array_range::<u32>(ptrs, count)?;
        mem.range(buf, buf_len)?;
        let ptr_bytes = mem
            .as_bytes_mut()
            .get_mut(ptr_range)
            .ok_or(MemoryError::OutOfBounds)?;
        for (slot, &offset) in ptr_bytes.chunks_exact_mut(4).zip(&self.offsets) {
            // buf + offset < buf + buf_len <= memory size, which the range check bounded.
            let addr = buf.checked_add(offset).ok_or(MemoryError::OutOfBounds)?;
            slot.copy_from_slice(&addr.to_le_bytes());
        }
        mem.slice_mut(buf, buf_len)?.copy_from_slice(&self.buf);
        Ok(())
    }
}

impl WasiCtx {
    /// `args_get(argv, argv_buf) -> errno`: writes the argument pointers at `argv` (a `u32`
    /// per argument) and the NUL-terminated arguments at `argv_buf`. The guest sizes both
    /// buffers with [`args_sizes_get`](Self::args_sizes_get).
    ///
    /// Traps if either buffer is outside memory or `argv` is not 4-aligned; nothing is
    /// written then.
    pub fn args_get(&mut self, mem: &mut GuestMemory<'_>, argv: u32, argv_buf: u32) -> Result {
        self.args.get(mem, argv, argv_buf)
    }

    /// `args_sizes_get() -> (argc, argv_buf_size)`: writes the number of arguments at
    /// `argc_out` and the total size of the NUL-terminated arguments at `argv_buf_size_out`.
    ///
    /// Traps if an out-pointer is out of bounds or misaligned.
    pub fn args_sizes_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        argc_out: u32,
        argv_buf_size_out: u32,
    ) -> Result {
        self.args.sizes_get(mem, argc_out, argv_buf_size_out)
    }

    /// `environ_get(environ, environ_buf) -> errno`: like [`args_get`](Self::args_get) for
    /// the `KEY=VALUE` environment entries.
    pub fn environ_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        environ: u32,
        environ_buf: u32,
    ) -> Result {
        self.env.get(mem, environ, environ_buf)
    }

    /// `environ_sizes_get() -> (count, buf_size)`: like
    /// [`args_sizes_get`](Self::args_sizes_get) for the environment.
    pub fn environ_sizes_get(
        &mut self,
        mem: &mut GuestMemory<'_>,
        environc_out: u32,
        environ_buf_size_out: u32,
    ) -> Result {
        self.env.sizes_get(mem, environc_out, environ_buf_size_out)
    }
}
