//! `fd_read` and `fd_write`.

use crate::fdtable::{Descriptor, StdinCursor};
use crate::iov::{IovList, guest_size};
use crate::stdio::{Input, Output};
use crate::sys::HostStream;
use crate::{Result, WasiCtx, sys};
use wasi_abi::{Errno, GuestMemory, Rights};

impl WasiCtx {
    /// `fd_write(fd, iovs: ciovec_array) -> size`: writes the buffers the `iovs_len` ciovecs
    /// at `iovs` name, in order, and writes the byte count as a `u32` at `nwritten_out`.
    ///
    /// The buffers go straight from guest memory to `writev(2)`; at most 64 non-empty
    /// buffers are passed per call, so a longer list can be a short write, as POSIX allows.
    ///
    /// Errors: `EBADF` if `fd` is not open or not open for writing; host errors as mapped
    /// (`EPIPE`, `EAGAIN`, `ENOSPC`, ...). Traps if the list or any buffer it names is
    /// outside memory, or `iovs` is not 4-aligned; nothing is written then.
    pub fn fd_write(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nwritten_out: u32,
    ) -> Result {
        let entry = self.fds.get(fd)?.require(Rights::FD_WRITE, Errno::BADF)?;
        let list = IovList::gather(mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nwritten_out, 1)?;
        let written = match &entry.desc {
            Descriptor::Stdout(Output::Inherit, host) => {
                sys::with_host_stream(*host, |fd| sys::writev(fd, mem.as_bytes(), list.ranges()))?
            }
            Descriptor::Stdout(Output::Capture(buffer), _) => buffer.with(|out| {
                for &(start, len) in list.ranges() {
                    let bytes = mem.as_bytes().get(start..start.saturating_add(len));
                    out.extend_from_slice(bytes.unwrap_or_default());
                }
                list.total()
            }),
            Descriptor::Stdout(Output::Null, _) => list.total(),
            Descriptor::Stdin(..) | Descriptor::Dir(_) => return Err(Errno::BADF.into()),
        };
        mem.write(nwritten_out, guest_size(written))?;
        Ok(())
    }

    /// `fd_read(fd, iovs: iovec_array) -> size`: fills the buffers the `iovs_len` iovecs at
    /// `iovs` name, in order, and writes the byte count as a `u32` at `nread_out`; 0 means
    /// end of file.
    ///
    /// The host's `readv(2)` writes guest memory directly (no copy); at most 64 non-empty
    /// buffers are passed per call.
    ///
    /// Errors: `EBADF` if `fd` is not open or not open for reading; host errors as mapped
    /// (`EAGAIN` on a non-blocking stdin, ...). Traps if the list or any buffer it names is
    /// outside memory, or `iovs` is not 4-aligned; nothing is read then.
    pub fn fd_read(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nread_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_READ, Errno::BADF)?;
        let list = IovList::gather(mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nread_out, 1)?;
        let read = match &mut entry.desc {
            Descriptor::Stdin(Input::Inherit, _) => {
                sys::with_host_stream(HostStream::Stdin, |fd| {
                    sys::readv(fd, mem.as_bytes_mut(), list.ranges())
                })?
            }
            Descriptor::Stdin(Input::Bytes(data), cursor) => copy_in(data, cursor, mem, &list),
            Descriptor::Stdin(Input::Null, _) => 0,
            Descriptor::Stdout(..) | Descriptor::Dir(_) => return Err(Errno::BADF.into()),
        };
        mem.write(nread_out, guest_size(read))?;
        Ok(())
    }
}

/// Copies the unread part of an in-memory stdin into the guest's buffers.
fn copy_in(
    data: &[u8],
    cursor: &mut StdinCursor,
    mem: &mut GuestMemory<'_>,
    list: &IovList,
) -> usize {
    let mut copied = 0usize;
    for &(start, len) in list.ranges() {
        let rest = data.get(cursor.0..).unwrap_or_default();
        let n = len.min(rest.len());
        if n == 0 {
            break;
        }
        if let (Some(dst), Some(src)) = (
            mem.as_bytes_mut().get_mut(start..start.saturating_add(n)),
            rest.get(..n),
        ) {
            dst.copy_from_slice(src);
            cursor.0 = cursor.0.saturating_add(n);
            copied = copied.saturating_add(n);
        }
    }
    copied
}
