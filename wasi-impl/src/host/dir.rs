//! [`HostDir`]: a host directory fd behind the [`Dir`] trait.

use super::file::HostFile;
use super::fs::{self, to_stat, utime_pair};
use super::names::{c_name, c_path};
use super::sys;
use crate::backend::{Dir, DirEntry, Handle, Name, OpenHow, Opened, Result, SetTime, Stat};
use core::any::Any;
use core::ops::ControlFlow;
use std::cell::Cell;
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use wasi_abi::{Errno, Fdflags, Filetype};

/// Bytes of kernel directory entries read per `getdents64` call.
const CHUNK: usize = 32 * 1024;

/// A host directory: a preopened one, one the guest opened, or one step of a walk (an
/// `O_PATH` fd, good for the `*at` calls only).
#[derive(Debug)]
pub struct HostDir {
    fd: OwnedFd,
    cursor: DirCursor,
    /// The fd has `O_NONBLOCK` only because it was opened with it (see `opened`).
    hide_nonblock: Cell<bool>,
}

/// Where `read_dir` left off: the raw `linux_dirent64` records of the last `getdents64`
/// call, so that resuming where the previous call stopped costs no syscall. Cookies are the
/// kernel's own directory offsets (`d_off`), so resuming anywhere else is one `lseek`.
#[derive(Debug, Default)]
struct DirCursor {
    buf: Vec<u8>,
    /// Bytes of `buf` filled.
    len: usize,
    /// Offset in `buf` of the next entry to hand out.
    at: usize,
    /// The cookie of the position `at` stands for; `None` until the first call.
    cookie: Option<u64>,
}

impl HostDir {
    /// Opens the host directory `path` (for a preopen). The type is checked before opening,
    /// so a FIFO given by mistake cannot block the open.
    pub fn open(path: &std::path::Path) -> std::io::Result<HostDir> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_dir() {
            return Err(std::io::Error::other("not a directory"));
        }
        let file = std::fs::File::open(path)?;
        if !file.metadata()?.is_dir() {
            return Err(std::io::Error::other("not a directory"));
        }
        Ok(HostDir::from_fd(OwnedFd::from(file)))
    }

    pub(crate) fn from_fd(fd: OwnedFd) -> HostDir {
        HostDir {
            fd,
            cursor: DirCursor::default(),
            hide_nonblock: Cell::new(false),
        }
    }

    fn dir_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The flags a guest sees: the kernel's, less an `O_NONBLOCK` it did not ask for.
pub(crate) fn shown_flags(flags: Fdflags, hide_nonblock: &Cell<bool>) -> Result<Fdflags> {
    Ok(if hide_nonblock.get() {
        flags.difference(Fdflags::NONBLOCK)
    } else {
        flags
    })
}

/// The host directory behind `dir`, or `EXDEV` for another backend's.
fn same_backend(dir: &dyn Dir) -> Result<&HostDir> {
    dir.as_any().downcast_ref::<HostDir>().ok_or(Errno::XDEV)
}

/// The `open(2)` flags for `how` (never following a final symlink unless `follow`, never
/// blocking, never taking a controlling terminal).
fn open_flags(how: &OpenHow, follow: bool) -> libc::c_int {
    if how.path_only {
        let dir = if how.directory { libc::O_DIRECTORY } else { 0 };
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        return libc::O_PATH | dir | nofollow;
    }
    let mut flags = match (how.read, how.write) {
        (true, true) => libc::O_RDWR,
        (false, true) => libc::O_WRONLY,
        (_, false) => libc::O_RDONLY,
    };
    for (on, host) in [
        (how.create, libc::O_CREAT),
        (how.directory, libc::O_DIRECTORY),
        (how.exclusive, libc::O_EXCL),
        (how.truncate, libc::O_TRUNC),
        (how.fdflags.contains(Fdflags::APPEND), libc::O_APPEND),
        (how.fdflags.contains(Fdflags::DSYNC), libc::O_DSYNC),
        (how.fdflags.contains(Fdflags::NONBLOCK), libc::O_NONBLOCK),
        (how.fdflags.contains(Fdflags::RSYNC), libc::O_RSYNC),
        (how.fdflags.contains(Fdflags::SYNC), libc::O_SYNC),
        (!follow, libc::O_NOFOLLOW),
    ] {
        if on {
            flags |= host;
        }
    }
    // Never acquire a controlling terminal, and never block in open(2) itself (a FIFO
    // without a peer would otherwise hang the call): open non-blocking, then restore
    // blocking mode unless the guest asked for NONBLOCK (see `opened`).
    flags | libc::O_NOCTTY | libc::O_NONBLOCK
}

/// Wraps a freshly opened fd as a directory or a file, by its type.
///
/// The fd was opened with `O_NONBLOCK` so that the open itself could not block. Unless the
/// guest asked for `NONBLOCK`, a FIFO, device or socket gets blocking mode back (one
/// `F_SETFL`); a regular file or a directory keeps the flag, which Linux ignores for them,
/// and the handle hides it from `fd_fdstat_get`, saving a syscall per open.
fn opened(fd: OwnedFd, how: &OpenHow, flags: libc::c_int) -> Result<Opened> {
    let filetype = sys::filetype(fd.as_fd())?;
    let wanted_nonblock = how.fdflags.contains(Fdflags::NONBLOCK);
    let ignored = matches!(filetype, Filetype::RegularFile | Filetype::Directory);
    let hide_nonblock = !how.path_only && !wanted_nonblock && ignored;
    if !how.path_only && !wanted_nonblock && !ignored {
        // F_SETFL changes only the status flags (APPEND, NONBLOCK, ...) and ignores the
        // access mode and creation flags, so the flags just opened with serve: no F_GETFL.
        fs::set_status_flags(fd.as_fd(), flags & !libc::O_NONBLOCK)?;
    }
    Ok(match filetype {
        Filetype::Directory => Opened::Dir(Box::new(HostDir {
            fd,
            cursor: DirCursor::default(),
            hide_nonblock: Cell::new(hide_nonblock),
        })),
        other => Opened::File(Box::new(HostFile::new(fd, other, hide_nonblock))),
    })
}

impl Handle for HostDir {
    fn stat(&self) -> Result<Stat> {
        fs::fstat(self.dir_fd()).map(|st| to_stat(&st))
    }

    fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
        // utimensat on "." works on an O_PATH fd too, where futimens does not.
        fs::utimensat(self.dir_fd(), c".", &utime_pair(atim, mtim), true)
    }

    fn fdflags(&self) -> Result<Fdflags> {
        shown_flags(sys::fdflags(self.dir_fd())?, &self.hide_nonblock)
    }

    fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
        fs::set_append_nonblock(self.dir_fd(), flags)?;
        self.hide_nonblock.set(false);
        Ok(())
    }

    fn sync(&self) -> Result<()> {
        fs::fsync(self.dir_fd())
    }

    fn datasync(&self) -> Result<()> {
        fs::fdatasync(self.dir_fd())
    }
}

impl Dir for HostDir {
    fn stat_at(&self, name: Name<'_>) -> Result<Stat> {
        fs::fstatat(self.dir_fd(), &c_name(name)?, false).map(|st| to_stat(&st))
    }

    fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened> {
        let flags = open_flags(how, false);
        let fd = fs::openat(self.dir_fd(), &c_name(name)?, flags, 0o666)?;
        opened(fd, how, flags)
    }

    fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>> {
        let flags = libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW;
        let fd = fs::openat(self.dir_fd(), &c_name(name)?, flags, 0)?;
        Ok(Box::new(HostDir::from_fd(fd)))
    }

    fn reopen(&self, how: &OpenHow) -> Result<Opened> {
        let flags = open_flags(how, true) & !(libc::O_CREAT | libc::O_EXCL);
        let fd = fs::openat(self.dir_fd(), c".", flags, 0)?;
        opened(fd, how, flags)
    }

    fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize> {
        let name = c_name(name)?;
        if buf.is_empty() {
            // readlinkat refuses an empty buffer; the call still checks that it is a link.
            let st = fs::fstatat(self.dir_fd(), &name, false)?;
            return if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
                Ok(0)
            } else {
                Err(Errno::INVAL)
            };
        }
        fs::readlinkat(self.dir_fd(), &name, buf)
    }

    fn mkdir_at(&self, name: Name<'_>) -> Result<()> {
        fs::mkdirat(self.dir_fd(), &c_name(name)?)
    }

    fn rmdir_at(&self, name: Name<'_>) -> Result<()> {
        fs::unlinkat(self.dir_fd(), &c_name(name)?, libc::AT_REMOVEDIR)
    }

    fn unlink_at(&self, name: Name<'_>) -> Result<()> {
        fs::unlinkat(self.dir_fd(), &c_name(name)?, 0)
    }

    fn symlink_at(&self, target: &str, name: Name<'_>) -> Result<()> {
        fs::symlinkat(&c_path(target)?, self.dir_fd(), &c_name(name)?)
    }

    fn rename_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>, dirs: bool) -> Result<()> {
        let to = same_backend(to)?;
        if dirs {
            // The kernel's own trailing-slash rules, in its own order.
            let (old, new) = (format!("{}/", old.as_str()), format!("{}/", new.as_str()));
            return fs::renameat(self.dir_fd(), &c_path(&old)?, to.dir_fd(), &c_path(&new)?);
        }
        fs::renameat(self.dir_fd(), &c_name(old)?, to.dir_fd(), &c_name(new)?)
    }

    fn link_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>) -> Result<()> {
        let to = same_backend(to)?;
        fs::linkat(self.dir_fd(), &c_name(old)?, to.dir_fd(), &c_name(new)?)
    }

    fn set_times_at(&self, name: Name<'_>, atim: SetTime, mtim: SetTime) -> Result<()> {
        fs::utimensat(
            self.dir_fd(),
            &c_name(name)?,
            &utime_pair(atim, mtim),
            false,
        )
    }

    fn read_dir(
        &mut self,
        cookie: u64,
        each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
    ) -> Result<()> {
        let dir_fd = self.fd.as_fd();
        let cur = &mut self.cursor;
        if cookie == 0 || cur.cookie != Some(cookie) {
            let pos = i64::try_from(cookie).map_err(|_| Errno::INVAL)?;
            fs::lseek(dir_fd, pos, libc::SEEK_SET)?;
            cur.len = 0;
            cur.at = 0;
            cur.cookie = Some(cookie);
        }
        if cur.buf.len() < CHUNK {
            cur.buf.resize(CHUNK, 0);
        }
        loop {
            if cur.at >= cur.len {
                cur.len = fs::getdents64(dir_fd, &mut cur.buf)?;
                cur.at = 0;
                if cur.len == 0 {
                    // End of the directory: give the buffer back until the next listing.
                    cur.buf = Vec::new();
                    return Ok(());
                }
            }
            let record = cur
                .buf
                .get(cur.at..cur.len)
                .and_then(parse)
                .ok_or(Errno::IO)?;
            let entry = DirEntry {
                next: record.next,
                ino: record.ino,
                filetype: entry_type(dir_fd, record.d_type, record.name),
                name: record.name,
            };
            if each(&entry).is_break() {
                return Ok(());
            }
            cur.at = cur.at.saturating_add(record.reclen);
            cur.cookie = Some(record.next);
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn open_beneath(&self, path: &str, how: &OpenHow, follow: bool) -> Option<Result<Opened>> {
        let cpath = match c_path(path) {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        let flags = open_flags(how, follow);
        // openat2 refuses a mode without O_CREAT.
        let mode = if how.create { 0o666 } else { 0 };
        for _ in 0..8 {
            match fs::openat2_beneath(self.dir_fd(), &cpath, flags, mode) {
                // openat2 refuses escapes with EXDEV.
                Err(Errno::XDEV) => return Some(Err(Errno::NOTCAPABLE)),
                // A concurrent rename raced the lookup: try again, then let the core walk.
                Err(Errno::AGAIN) => continue,
                Err(e) => return Some(Err(e)),
                Ok(fd) => return Some(opened(fd, how, flags)),
            }
        }
        None
    }
}

/// One entry parsed from a `linux_dirent64` record.
struct Record<'a> {
    ino: u64,
    next: u64,
    reclen: usize,
    d_type: u8,
    name: &'a [u8],
}

/// Parses the record at the start of `bytes`; `None` if it is malformed.
fn parse(bytes: &[u8]) -> Option<Record<'_>> {
    let ino = u64::from_ne_bytes(bytes.get(0..8)?.try_into().ok()?);
    let next = i64::from_ne_bytes(bytes.get(8..16)?.try_into().ok()?);
    let reclen = usize::from(u16::from_ne_bytes(bytes.get(16..18)?.try_into().ok()?));
    let d_type = *bytes.get(18)?;
    let name_area = bytes.get(19..reclen)?;
    let name_len = name_area.iter().position(|&b| b == 0)?;
    Some(Record {
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
            .and_then(|name| fs::fstatat(dir, &name, false).ok())
            .map_or(Filetype::Unknown, |st| sys::filetype_from_mode(st.st_mode)),
        _ => Filetype::Unknown,
    }
}
