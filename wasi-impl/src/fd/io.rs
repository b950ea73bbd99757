//! `fd_read`, `fd_write`, `fd_pread` and `fd_pwrite`.
//!
//! Guest buffers go to the backend as checked ranges of guest memory (the host hands them
//! straight to `readv`/`writev` or their positioned and socket forms, with no copy); at most
//! 64 non-empty buffers per call (a longer list is a short transfer).

use crate::fdtable::Descriptor;
use crate::iov::{IovList, guest_size};
use crate::{Result, WasiCtx};
use wasi_abi::{Errno, GuestMemory, Rights};

impl WasiCtx {
    /// `fd_write(fd, iovs: ciovec_array) -> size`: writes the buffers the `iovs_len` ciovecs
    /// at `iovs` name, in order, and stores the byte count as a `u32` at `nwritten_out`. On an
    /// fd opened with `APPEND` every write goes to the end of the file.
    ///
    /// Errors: `EBADF` if `fd` is not open or not open for writing (no `FD_WRITE` right: stdin,
    /// directories, files opened read-only); host errors as mapped (`EPIPE`, `EAGAIN`,
    /// `ENOSPC`, ...). Traps if the list or any buffer it names is outside memory or `iovs` is
    /// not 4-aligned; nothing is written then.
    pub fn fd_write(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        nwritten_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry.require(Rights::FD_WRITE, Errno::BADF)?;
        let list = IovList::gather(&mut self.iov_scratch, mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nwritten_out, 1)?;
        let written = match &mut entry.desc {
            Descriptor::File(file) => file.write(mem.as_bytes(), list.ranges())?,
            Descriptor::Socket(sock) if !sock.is_listener() => {
                sock.send(mem.as_bytes(), list.ranges())?
            }
            Descriptor::Socket(_) | Descriptor::Dir(_) => return Err(Errno::BADF.into()),
        };
        mem.write(nwritten_out, guest_size(written))?;
        Ok(())
    }

    /// `fd_read(fd, iovs: iovec_array) -> size`: fills the buffers the `iovs_len` iovecs at
    /// `iovs` name, in order, and stores the byte count as a `u32` at `nread_out`; 0 means end
    /// of file.
    ///
    /// Errors: `EBADF` if `fd` is not open or not open for reading (no `FD_READ` right:
    /// stdout, directories, files opened write-only); host errors as mapped (`EAGAIN` on a
    /// non-blocking fd, ...). Traps if the list or any buffer it names is outside memory or
    /// `iovs` is not 4-aligned; nothing is read then.
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
        let list = IovList::gather(&mut self.iov_scratch, mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nread_out, 1)?;
        let read = match &mut entry.desc {
            Descriptor::File(file) => file.read(mem.as_bytes_mut(), list.ranges())?,
            Descriptor::Socket(sock) if !sock.is_listener() => {
                sock.recv(mem.as_bytes_mut(), list.ranges(), false, false)?
                    .0
            }
            Descriptor::Socket(_) | Descriptor::Dir(_) => return Err(Errno::BADF.into()),
        };
        mem.write(nread_out, guest_size(read))?;
        Ok(())
    }

    /// `fd_pread(fd, iovs: iovec_array, offset) -> size`: like [`fd_read`](Self::fd_read)
    /// from file offset `offset`, without using or moving the fd's own offset.
    ///
    /// Errors: `EBADF` without `FD_READ`; `ENOTCAPABLE` without `FD_SEEK`; `ESPIPE` on a
    /// stream that has `FD_SEEK` (a FIFO opened with it; stdio and sockets lack the right); `EINVAL` for an offset past 2^63 - 1. Traps as `fd_read`.
    pub fn fd_pread(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nread_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry
            .require(Rights::FD_READ, Errno::BADF)?
            .require(Rights::FD_SEEK, Errno::NOTCAPABLE)?;
        let list = IovList::gather(&mut self.iov_scratch, mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nread_out, 1)?;
        if i64::try_from(offset).is_err() {
            return Err(Errno::INVAL.into());
        }
        let read = match &mut entry.desc {
            Descriptor::File(file) => file.pread(mem.as_bytes_mut(), list.ranges(), offset)?,
            Descriptor::Dir(_) => return Err(Errno::ISDIR.into()),
            Descriptor::Socket(_) => return Err(Errno::SPIPE.into()),
        };
        mem.write(nread_out, guest_size(read))?;
        Ok(())
    }

    /// `fd_pwrite(fd, iovs: ciovec_array, offset) -> size`: like [`fd_write`](Self::fd_write)
    /// at file offset `offset`, without using or moving the fd's own offset. (On an `APPEND`
    /// fd Linux writes at the end of the file, as POSIX allows.)
    ///
    /// Errors: `EBADF` without `FD_WRITE`; `ENOTCAPABLE` without `FD_SEEK`; `ESPIPE` on a
    /// stream; `EINVAL` for an offset past 2^63 - 1. Traps as `fd_write`.
    pub fn fd_pwrite(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        iovs: u32,
        iovs_len: u32,
        offset: u64,
        nwritten_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        entry
            .require(Rights::FD_WRITE, Errno::BADF)?
            .require(Rights::FD_SEEK, Errno::NOTCAPABLE)?;
        let list = IovList::gather(&mut self.iov_scratch, mem, iovs, iovs_len)?;
        mem.array_range::<u32>(nwritten_out, 1)?;
        if i64::try_from(offset).is_err() {
            return Err(Errno::INVAL.into());
        }
        let written = match &mut entry.desc {
            Descriptor::File(file) => file.pwrite(mem.as_bytes(), list.ranges(), offset)?,
            Descriptor::Dir(_) => return Err(Errno::ISDIR.into()),
            Descriptor::Socket(_) => return Err(Errno::SPIPE.into()),
        };
        mem.write(nwritten_out, guest_size(written))?;
        Ok(())
    }
}
