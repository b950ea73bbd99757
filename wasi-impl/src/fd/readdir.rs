//! `fd_readdir`: directory entries as packed `dirent` records.
//!
//! Cookies are the kernel's own directory offsets (`d_off` of `getdents64`), so resuming at
//! any cookie is one `lseek`, and resuming where the previous call stopped is free: the
//! entries already read from the kernel stay in a per-directory buffer with the cookie of
//! the next one. Listing a directory is linear in its size, whatever the guest's buffer.

use crate::fdtable::Descriptor;
use crate::{Result, WasiCtx, sys};
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd};
use wasi_abi::layout::DIRENT_SIZE;
use wasi_abi::{Dirent, Errno, Filetype, GuestMemory, Rights};

/// Bytes of kernel directory entries read per `getdents64` call.
const CHUNK: usize = 32 * 1024;

/// Where `fd_readdir` left off in one directory.
#[derive(Debug, Default)]
pub(crate) struct DirCursor {
    /// Raw `linux_dirent64` records from the last `getdents64` call.
    buf: Vec<u8>,
    /// Bytes of `buf` filled.
    len: usize,
    /// Offset in `buf` of the next entry to hand out.
    at: usize,
    /// The cookie of the position `at` stands for; `None` until the first call.
    cookie: Option<u64>,
}

/// One entry parsed from a `linux_dirent64` record.
struct Entry<'a> {
    ino: u64,
    next: u64,
    reclen: usize,
    d_type: u8,
    name: &'a [u8],
}

/// Parses the record at the start of `bytes`; `None` if it is malformed.
fn parse(bytes: &[u8]) -> Option<Entry<'_>> {
    let ino = u64::from_ne_bytes(bytes.get(0..8)?.try_into().ok()?);
    let next = i64::from_ne_bytes(bytes.get(8..16)?.try_into().ok()?);
    let reclen = usize::from(u16::from_ne_bytes(bytes.get(16..18)?.try_into().ok()?));
    let d_type = *bytes.get(18)?;
    let name_area = bytes.get(19..reclen)?;
    let name_len = name_area.iter().position(|&b| b == 0)?;
    Some(Entry {
        ino,
        next: u64::try_from(next).ok()?,
        reclen,
        d_type,
        name: name_area.get(..name_len)?,
    })
}

/// The WASI type of a directory entry; `DT_UNKNOWN` (some filesystems) is looked up.
fn entry_type(dir: BorrowedFd<'_>, d_type: u8, name: &[u8]) -> Filetype {
    match d_type {
        libc::DT_REG => Filetype::RegularFile,
        libc::DT_DIR => Filetype::Directory,
        libc::DT_LNK => Filetype::SymbolicLink,
        libc::DT_CHR => Filetype::CharacterDevice,
        libc::DT_BLK => Filetype::BlockDevice,
        libc::DT_SOCK => Filetype::SocketStream,
        libc::DT_UNKNOWN => CString::new(name)
            .ok()
            .and_then(|name| sys::fs::fstatat(dir, &name, false).ok())
            .map_or(Filetype::Unknown, |st| sys::filetype_from_mode(st.st_mode)),
        _ => Filetype::Unknown,
    }
}

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
    /// Errors: `EBADF` if `fd` is not open; `ENOTDIR` if it is not a directory;
    /// `ENOTCAPABLE` without `FD_READDIR`; `EINVAL` for a cookie of 2^63 or more (cookies are
    /// kernel directory offsets; another cookie no entry gave is passed to the kernel, which
    /// treats it as a position). Traps if the
    /// buffer or the out-pointer is outside memory.
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
        let dir_fd = dir.fd.as_fd();
        let cur = &mut dir.cursor;
        if cookie == 0 || cur.cookie != Some(cookie) {
            let pos = i64::try_from(cookie).map_err(|_| Errno::INVAL)?;
            sys::fs::lseek(dir_fd, pos, libc::SEEK_SET)?;
            cur.len = 0;
            cur.at = 0;
            cur.cookie = Some(cookie);
        }
        if cur.buf.len() < CHUNK {
            cur.buf.resize(CHUNK, 0);
        }
        let out = mem.as_bytes_mut().get_mut(out_range).unwrap_or_default();
        let mut used = 0usize;
        while used < out.len() {
            if cur.at >= cur.len {
                cur.len = sys::fs::getdents64(dir_fd, &mut cur.buf)?;
                cur.at = 0;
                if cur.len == 0 {
                    // End of the directory: give the buffer back until the next listing.
                    cur.buf = Vec::new();
                    break;
                }
            }
            let record = cur
                .buf
                .get(cur.at..cur.len)
                .and_then(parse)
                .ok_or(Errno::IO)?;
            let header = Dirent {
                d_next: record.next,
                d_ino: record.ino,
                d_namlen: u32::try_from(record.name.len()).map_err(|_| Errno::NAMETOOLONG)?,
                d_type: entry_type(dir_fd, record.d_type, record.name).raw(),
                ..Dirent::default()
            };
            let room = out.len().saturating_sub(used);
            let whole = (DIRENT_SIZE as usize).saturating_add(record.name.len());
            let dst = out.get_mut(used..).unwrap_or_default();
            let header_bytes = bytemuck::bytes_of(&header);
            for (d, s) in dst.iter_mut().zip(header_bytes.iter().chain(record.name)) {
                *d = *s;
            }
            used = used.saturating_add(whole.min(room));
            if whole > room {
                break; // cut off: the guest calls again with the previous d_next
            }
            cur.at = cur.at.saturating_add(record.reclen);
            cur.cookie = Some(record.next);
        }
        mem.write(bufused_out, u32::try_from(used).unwrap_or(u32::MAX))?;
        Ok(())
    }
}
