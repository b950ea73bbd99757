//! Conversions shared by the `fd_*` and `path_*` families: a backend's [`Stat`] to the
//! guest's `filestat`, and `fstflags` + timestamps to the pair of [`SetTime`]s.

use crate::backend::{SetTime, Stat};
use wasi_abi::{Errno, Filestat, Fstflags};

/// The 64-byte `filestat` for a backend's [`Stat`].
pub(crate) fn filestat(st: &Stat) -> Filestat {
    Filestat {
        dev: st.dev,
        ino: st.ino,
        filetype: st.filetype.raw(),
        nlink: st.nlink,
        size: st.size,
        atim: st.atim,
        mtim: st.mtim,
        ctim: st.ctim,
        ..Filestat::default()
    }
}

/// The access and modification [`SetTime`]s `fst_flags` asks for. `ATIM` with `ATIM_NOW`
/// (or `MTIM` with `MTIM_NOW`) is `EINVAL`; a time whose flags are both clear is kept.
pub(crate) fn times(atim: u64, mtim: u64, fst_flags: u32) -> Result<(SetTime, SetTime), Errno> {
    let flags = Fstflags::decode(fst_flags)?;
    let pick = |value: u64, set: Fstflags, now: Fstflags| -> Result<SetTime, Errno> {
        match (flags.contains(set), flags.contains(now)) {
            (true, true) => Err(Errno::INVAL),
            (true, false) => Ok(SetTime::At(value)),
            (false, true) => Ok(SetTime::Now),
            (false, false) => Ok(SetTime::Keep),
        }
    };
    Ok((
        pick(atim, Fstflags::ATIM, Fstflags::ATIM_NOW)?,
        pick(mtim, Fstflags::MTIM, Fstflags::MTIM_NOW)?,
    ))
}
