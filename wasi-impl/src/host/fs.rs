//! Filesystem calls: `*at` operations relative to a directory fd, stat, times, sizes, sync,
//! positioned and vectored I/O, directory entries.
//!
//! Every function takes borrowed fds and checked Rust values; pointers handed to the kernel
//! come from live Rust buffers. Paths are `CStr`s built by the caller.

use super::sys::{NO_IOVECS, check_len, filetype_from_mode, guest_iovecs, last_errno, retry};
use crate::backend::{SetTime, Stat};
use std::ffi::CStr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use wasi_abi::{Errno, Fdflags};

/// Nanoseconds since the epoch for a host time; times before 1970 clamp to 0, since a WASI
/// timestamp is unsigned.
fn ns(secs: i64, nanos: i64) -> u64 {
    let secs = u64::try_from(secs).unwrap_or(0);
    let nanos = u64::try_from(nanos).unwrap_or(0);
    secs.saturating_mul(1_000_000_000).saturating_add(nanos)
}

/// The backend [`Stat`] of a host `stat`.
pub(crate) fn to_stat(st: &libc::stat) -> Stat {
    Stat {
        dev: st.st_dev,
        ino: st.st_ino,
        filetype: filetype_from_mode(st.st_mode),
        nlink: st.st_nlink,
        size: u64::try_from(st.st_size).unwrap_or(0),
        atim: ns(st.st_atime, st.st_atime_nsec),
        mtim: ns(st.st_mtime, st.st_mtime_nsec),
        ctim: ns(st.st_ctime, st.st_ctime_nsec),
    }
}

/// The `timespec` `utimensat`/`futimens` take for one [`SetTime`].
fn utime(time: SetTime) -> libc::timespec {
    match time {
        SetTime::Keep => libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_OMIT,
        },
        SetTime::Now => libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_NOW,
        },
        // ns / 1e9 < 2^35 and ns % 1e9 < 1e9 fit both fields on every target.
        SetTime::At(ns) => libc::timespec {
            tv_sec: libc::time_t::try_from(ns / 1_000_000_000).unwrap_or(libc::time_t::MAX),
            tv_nsec: libc::c_long::try_from(ns % 1_000_000_000).unwrap_or(0),
        },
    }
}

/// The `[atime, mtime]` pair for `utimensat`/`futimens`.
pub(crate) fn utime_pair(atim: SetTime, mtim: SetTime) -> [libc::timespec; 2] {
    [utime(atim), utime(mtim)]
}

/// Sets `O_APPEND` and `O_NONBLOCK` as `flags` has them, keeping the other status flags.
pub(crate) fn set_append_nonblock(fd: BorrowedFd<'_>, flags: Fdflags) -> Result<(), Errno> {
    let mut fl = status_flags(fd)?;
    fl &= !(libc::O_APPEND | libc::O_NONBLOCK);
    if flags.contains(Fdflags::APPEND) {
        fl |= libc::O_APPEND;
    }
    if flags.contains(Fdflags::NONBLOCK) {
        fl |= libc::O_NONBLOCK;
    }
    set_status_flags(fd, fl)
}

/// Converts a libc `int` result (0 or -1) into `Ok(())` or the errno.
fn check_unit(ret: libc::c_int) -> Result<(), Errno> {
    if ret == 0 { Ok(()) } else { Err(last_errno()) }
}

/// Converts a libc fd result into an owned fd or the errno.
fn check_fd(ret: libc::c_int) -> Result<OwnedFd, Errno> {
    if ret < 0 {
        return Err(last_errno());
    }
    // SAFETY: the kernel just returned this fd to us; nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(ret) })
}

/// The kernel's `struct open_how` (libc's is `non_exhaustive`, so it cannot be built here).
#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}

/// `openat2(dir, path, how)` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS`: the kernel
/// resolves `path` refusing absolute paths, `..` above `dir`, and symlinks that leave it
/// (`EXDEV`). `ENOSYS` if the kernel is older than 5.6 (or seccomp forbids the call).
pub(crate) fn openat2_beneath(
    dir: BorrowedFd<'_>,
    path: &CStr,
    flags: libc::c_int,
    mode: libc::mode_t,
) -> Result<OwnedFd, Errno> {
    let how = OpenHow {
        flags: u64::try_from(flags | libc::O_CLOEXEC).unwrap_or(0),
        mode: u64::from(mode),
        resolve: libc::RESOLVE_BENEATH | libc::RESOLVE_NO_MAGICLINKS,
    };
    retry(|| {
        // SAFETY: `path` is a NUL-terminated string and `how` a valid open_how, both alive for
        // the call; the size passed is the struct's.
        let ret = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir.as_raw_fd(),
                path.as_ptr(),
                &how as *const OpenHow,
                std::mem::size_of::<OpenHow>(),
            )
        };
        check_fd(libc::c_int::try_from(ret).unwrap_or(-1))
    })
}

/// `openat(dir, name, flags, mode)`; the caller passes single components with `O_NOFOLLOW`
/// when walking by hand.
pub(crate) fn openat(
    dir: BorrowedFd<'_>,
    name: &CStr,
    flags: libc::c_int,
    mode: libc::mode_t,
) -> Result<OwnedFd, Errno> {
    retry(|| {
        // SAFETY: `name` is NUL-terminated and alive for the call.
        check_fd(unsafe {
            libc::openat(
                dir.as_raw_fd(),
                name.as_ptr(),
                flags | libc::O_CLOEXEC,
                mode,
            )
        })
    })
}

/// `fstat(fd)`.
pub(crate) fn fstat(fd: BorrowedFd<'_>) -> Result<libc::stat, Errno> {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable stat buffer for the call.
    check_unit(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) })?;
    Ok(st)
}

/// `fstatat(dir, name, AT_SYMLINK_NOFOLLOW?)`.
pub(crate) fn fstatat(dir: BorrowedFd<'_>, name: &CStr, follow: bool) -> Result<libc::stat, Errno> {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `name` is NUL-terminated; `st` is a valid, writable stat buffer for the call.
    check_unit(unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), &mut st, flags) })?;
    Ok(st)
}

/// `mkdirat(dir, name, 0o777)` (the process umask applies).
pub(crate) fn mkdirat(dir: BorrowedFd<'_>, name: &CStr) -> Result<(), Errno> {
    // SAFETY: `name` is NUL-terminated and alive for the call.
    check_unit(unsafe { libc::mkdirat(dir.as_raw_fd(), name.as_ptr(), 0o777) })
}

/// `unlinkat(dir, name, flags)` (`AT_REMOVEDIR` for a directory).
pub(crate) fn unlinkat(dir: BorrowedFd<'_>, name: &CStr, flags: libc::c_int) -> Result<(), Errno> {
    // SAFETY: `name` is NUL-terminated and alive for the call.
    check_unit(unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), flags) })
}

/// `renameat(old_dir, old, new_dir, new)`.
pub(crate) fn renameat(
    old_dir: BorrowedFd<'_>,
    old: &CStr,
    new_dir: BorrowedFd<'_>,
    new: &CStr,
) -> Result<(), Errno> {
    // SAFETY: both names are NUL-terminated and alive for the call.
    check_unit(unsafe {
        libc::renameat(
            old_dir.as_raw_fd(),
            old.as_ptr(),
            new_dir.as_raw_fd(),
            new.as_ptr(),
        )
    })
}

/// `linkat(old_dir, old, new_dir, new, 0)`: never follows `old` if it is a symlink.
pub(crate) fn linkat(
    old_dir: BorrowedFd<'_>,
    old: &CStr,
    new_dir: BorrowedFd<'_>,
    new: &CStr,
) -> Result<(), Errno> {
    // SAFETY: both names are NUL-terminated and alive for the call.
    check_unit(unsafe {
        libc::linkat(
            old_dir.as_raw_fd(),
            old.as_ptr(),
            new_dir.as_raw_fd(),
            new.as_ptr(),
            0,
        )
    })
}

/// `symlinkat(target, dir, name)`.
pub(crate) fn symlinkat(target: &CStr, dir: BorrowedFd<'_>, name: &CStr) -> Result<(), Errno> {
    // SAFETY: both strings are NUL-terminated and alive for the call.
    check_unit(unsafe { libc::symlinkat(target.as_ptr(), dir.as_raw_fd(), name.as_ptr()) })
}

/// `readlinkat(dir, name)` into `buf`; returns the length (the target is cut to `buf`).
pub(crate) fn readlinkat(dir: BorrowedFd<'_>, name: &CStr, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: `name` is NUL-terminated; `buf` is writable for `buf.len()` bytes.
    let ret = unsafe {
        libc::readlinkat(
            dir.as_raw_fd(),
            name.as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    check_len(ret)
}

/// `utimensat(dir, name, times, AT_SYMLINK_NOFOLLOW?)`.
pub(crate) fn utimensat(
    dir: BorrowedFd<'_>,
    name: &CStr,
    times: &[libc::timespec; 2],
    follow: bool,
) -> Result<(), Errno> {
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `name` is NUL-terminated and `times` points at two timespecs, both alive.
    check_unit(unsafe { libc::utimensat(dir.as_raw_fd(), name.as_ptr(), times.as_ptr(), flags) })
}

/// `futimens(fd, times)`.
pub(crate) fn futimens(fd: BorrowedFd<'_>, times: &[libc::timespec; 2]) -> Result<(), Errno> {
    // SAFETY: `times` points at two valid timespecs for the call.
    check_unit(unsafe { libc::futimens(fd.as_raw_fd(), times.as_ptr()) })
}

/// `ftruncate(fd, len)`.
pub(crate) fn ftruncate(fd: BorrowedFd<'_>, len: i64) -> Result<(), Errno> {
    // SAFETY: plain integer arguments.
    retry(|| check_unit(unsafe { libc::ftruncate(fd.as_raw_fd(), len) }))
}

/// `posix_fallocate(fd, offset, len)`; it returns the error number instead of setting errno.
pub(crate) fn posix_fallocate(fd: BorrowedFd<'_>, offset: i64, len: i64) -> Result<(), Errno> {
    retry(|| {
        // SAFETY: plain integer arguments.
        let ret = unsafe { libc::posix_fallocate(fd.as_raw_fd(), offset, len) };
        if ret == 0 {
            Ok(())
        } else {
            Err(super::errno::errno_from_host(ret))
        }
    })
}

/// `posix_fadvise(fd, offset, len, advice)`; returns the error number like `posix_fallocate`.
pub(crate) fn posix_fadvise(
    fd: BorrowedFd<'_>,
    offset: i64,
    len: i64,
    advice: libc::c_int,
) -> Result<(), Errno> {
    // SAFETY: plain integer arguments.
    let ret = unsafe { libc::posix_fadvise(fd.as_raw_fd(), offset, len, advice) };
    if ret == 0 {
        Ok(())
    } else {
        Err(super::errno::errno_from_host(ret))
    }
}

/// `fsync(fd)`.
pub(crate) fn fsync(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    // SAFETY: plain integer argument.
    retry(|| check_unit(unsafe { libc::fsync(fd.as_raw_fd()) }))
}

/// `fdatasync(fd)`.
pub(crate) fn fdatasync(fd: BorrowedFd<'_>) -> Result<(), Errno> {
    // SAFETY: plain integer argument.
    retry(|| check_unit(unsafe { libc::fdatasync(fd.as_raw_fd()) }))
}

/// `lseek(fd, offset, whence)`; returns the new offset.
pub(crate) fn lseek(fd: BorrowedFd<'_>, offset: i64, whence: libc::c_int) -> Result<u64, Errno> {
    // SAFETY: plain integer arguments.
    let ret = unsafe { libc::lseek(fd.as_raw_fd(), offset, whence) };
    u64::try_from(ret).map_err(|_| last_errno())
}

/// `fcntl(fd, F_SETFL, flags)`.
pub(crate) fn set_status_flags(fd: BorrowedFd<'_>, flags: libc::c_int) -> Result<(), Errno> {
    // SAFETY: F_SETFL takes an integer argument.
    check_unit(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags) })
}

/// `fcntl(fd, F_GETFL)`.
pub(crate) fn status_flags(fd: BorrowedFd<'_>) -> Result<libc::c_int, Errno> {
    // SAFETY: F_GETFL takes no pointer argument.
    let fl = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) };
    if fl < 0 { Err(last_errno()) } else { Ok(fl) }
}

/// `preadv2(fd, ranges of mem, offset, 0)`: positioned scatter read into guest memory.
pub(crate) fn preadv(
    fd: BorrowedFd<'_>,
    mem: &mut [u8],
    ranges: &[(usize, usize)],
    offset: i64,
) -> Result<usize, Errno> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_mut_ptr(), mem.len(), ranges, &mut iov)?;
    retry(|| {
        // SAFETY: the first `n` iovecs point inside `mem` (checked), which is exclusively
        // borrowed for the call; the kernel writes only there.
        check_len(unsafe {
            libc::preadv2(fd.as_raw_fd(), iov.as_ptr(), n as libc::c_int, offset, 0)
        })
    })
}

/// `pwritev2(fd, ranges of mem, offset, 0)`: positioned gather write from guest memory.
pub(crate) fn pwritev(
    fd: BorrowedFd<'_>,
    mem: &[u8],
    ranges: &[(usize, usize)],
    offset: i64,
) -> Result<usize, Errno> {
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_ptr().cast_mut(), mem.len(), ranges, &mut iov)?;
    retry(|| {
        // SAFETY: the first `n` iovecs point inside `mem` (checked), borrowed for the call;
        // pwritev only reads them.
        check_len(unsafe {
            libc::pwritev2(fd.as_raw_fd(), iov.as_ptr(), n as libc::c_int, offset, 0)
        })
    })
}

/// `getdents64(fd)` into `buf`; returns the number of bytes filled (0 at the end).
pub(crate) fn getdents64(fd: BorrowedFd<'_>, buf: &mut [u8]) -> Result<usize, Errno> {
    retry(|| {
        // SAFETY: `buf` is writable for `buf.len()` bytes for the call.
        let ret = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                fd.as_raw_fd(),
                buf.as_mut_ptr(),
                buf.len(),
            )
        };
        check_len(isize::try_from(ret).unwrap_or(-1))
    })
}
