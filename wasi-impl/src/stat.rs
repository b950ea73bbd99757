//! Conversions shared by the `fd_*` and `path_*` families: host `stat` to `filestat`, and
//! `fstflags` + timestamps to the `timespec` pair `utimensat` takes.

use crate::sys;
use wasi_abi::{Errno, Filestat, Fstflags};

/// Nanoseconds since the epoch for a host time; times before 1970 clamp to 0, since a WASI
/// timestamp is unsigned.
fn ns(secs: i64, nanos: i64) -> u64 {
    let secs = u64::try_from(secs).unwrap_or(0);
    let nanos = u64::try_from(nanos).unwrap_or(0);
    secs.saturating_mul(1_000_000_000).saturating_add(nanos)
}

/// The 64-byte `filestat` for a host `stat`.
pub(crate) fn filestat(st: &libc::stat) -> Filestat {
    Filestat {
        dev: st.st_dev,
        ino: st.st_ino,
        filetype: sys::filetype_from_mode(st.st_mode).raw(),
        nlink: st.st_nlink,
        size: u64::try_from(st.st_size).unwrap_or(0),
        atim: ns(st.st_atime, st.st_atime_nsec),
        mtim: ns(st.st_mtime, st.st_mtime_nsec),
        ctim: ns(st.st_ctime, st.st_ctime_nsec),
        ..Filestat::default()
    }
}

/// A WASI timestamp as a `timespec`.
fn timespec(ns: u64) -> libc::timespec {
    // ns / 1e9 < 2^35 and ns % 1e9 < 1e9 fit both fields on every target.
    libc::timespec {
        tv_sec: libc::time_t::try_from(ns / 1_000_000_000).unwrap_or(libc::time_t::MAX),
        tv_nsec: libc::c_long::try_from(ns % 1_000_000_000).unwrap_or(0),
    }
}

const fn special(nsec: libc::c_long) -> libc::timespec {
    libc::timespec {
        tv_sec: 0,
        tv_nsec: nsec,
    }
}

/// The `[atime, mtime]` pair for `utimensat`/`futimens`. `ATIM` with `ATIM_NOW` (or `MTIM`
/// with `MTIM_NOW`) is `EINVAL`; a time whose flags are both clear is left as it is
/// (`UTIME_OMIT`).
pub(crate) fn times(atim: u64, mtim: u64, fst_flags: u32) -> Result<[libc::timespec; 2], Errno> {
    let flags = Fstflags::decode(fst_flags)?;
    let pick = |value: u64, set: Fstflags, now: Fstflags| -> Result<libc::timespec, Errno> {
        match (flags.contains(set), flags.contains(now)) {
            (true, true) => Err(Errno::INVAL),
            (true, false) => Ok(timespec(value)),
            (false, true) => Ok(special(libc::UTIME_NOW)),
            (false, false) => Ok(special(libc::UTIME_OMIT)),
        }
    };
    Ok([
        pick(atim, Fstflags::ATIM, Fstflags::ATIM_NOW)?,
        pick(mtim, Fstflags::MTIM, Fstflags::MTIM_NOW)?,
    ])
}
