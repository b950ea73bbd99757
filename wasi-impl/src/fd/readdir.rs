//! `fd_readdir`: directory entries as packed `dirent` records.
//!
//! The backend streams entries ([`Dir::read_dir`](crate::backend::Dir::read_dir)) and the
//! core packs them into the guest's buffer, cutting the last one off where the buffer ends;
//! the cut entry is not consumed, so the guest's next call, with the last whole entry's
//! cookie, gets it whole. Listing a directory is linear in its size, whatever the guest's
//! buffer.

use crate::fdtable::Descriptor;
use crate::{Result, WasiCtx};
use core::ops::ControlFlow;
use wasi_abi::layout::DIRENT_SIZE;
use wasi_abi::{Dirent, Errno, GuestMemory, Rights};

impl WasiCtx {
    /// `fd_readdir(fd, buf, buf_len, cookie) -> size`: fills `buf_len` bytes at `buf` with
    /// directory entries starting after `cookie` (0 = the start; `.` and `..` included) and
    /// stores the bytes used as a `u32` at `bufused_out`. Each entry is a 24-byte `dirent`
    /// header followed by the name (no NUL, no padding):
    ///
    /// ```text
    /// 0        8        16         20     21   24
    /// | d_next | d_ino  | d_namlen | type | 0 0 0 | name ...
    /// ```
    ///
    /// Entries are packed whole until one does not fit; that one is written cut off at the
    /// end of the buffer, so `bufused == buf_len` tells the guest to call again with the
    /// last whole entry's `d_next`; `bufused < buf_len` means the end was reached. Cookie 0
    /// rereads the directory from the start and sees its current contents.
    ///
    /// Cookies are the backend's, always below 2^63 (`EINVAL` otherwise): on the host the
    /// kernel's directory offsets (another cookie no entry gave is a position to the kernel),
    /// in memory a per-directory sequence number.
    ///
    /// Errors: `EBADF` if `fd` is not open; `ENOTDIR` if it is not a directory;
    /// `ENOTCAPABLE` without `FD_READDIR`; `EINVAL` for a cookie the backend cannot resume at.
    /// Traps if the buffer or the out-pointer is outside memory.
    pub fn fd_readdir(
        &mut self,
        mem: &mut GuestMemory<'_>,
        fd: u32,
        buf: u32,
        buf_len: u32,
        cookie: u64,
        bufused_out: u32,
    ) -> Result {
        let entry = self.fds.get_mut(fd)?;
        let Descriptor::Dir(dir) = &mut entry.desc else {
            return Err(Errno::NOTDIR.into());
        };
        if !entry.rights_base.contains(Rights::FD_READDIR) {
            return Err(Errno::NOTCAPABLE.into());
        }
        let out_range = mem.range(buf, buf_len)?;
        mem.array_range::<u32>(bufused_out, 1)?;
        if i64::try_from(cookie).is_err() {
            return Err(Errno::INVAL.into());
        }
        let out = mem.as_bytes_mut().get_mut(out_range).unwrap_or_default();
        let mut used = 0usize;
        let mut failed = None;
        dir.dir.read_dir(cookie, &mut |e| {
            let Ok(d_namlen) = u32::try_from(e.name.len()) else {
                failed = Some(Errno::NAMETOOLONG);
                return ControlFlow::Break(());
            };
            let header = Dirent {
                d_next: e.next,
                d_ino: e.ino,
                d_namlen,
                d_type: e.filetype.raw(),
                ..Dirent::default()
            };
            let room = out.len().saturating_sub(used);
            let whole = (DIRENT_SIZE as usize).saturating_add(e.name.len());
            let dst = out.get_mut(used..).unwrap_or_default();
            let header_bytes = bytemuck::bytes_of(&header);
            for (d, s) in dst.iter_mut().zip(header_bytes.iter().chain(e.name)) {
                *d = *s;
            }
            used = used.saturating_add(whole.min(room));
            if whole > room {
                // Cut off (or no room at all): not consumed; the guest calls again with
                // the previous d_next.
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        mem.write(bufused_out, u32::try_from(used).unwrap_or(u32::MAX))?;
        Ok(())
    }
}
