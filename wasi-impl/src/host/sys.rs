//! Thin, safe wrappers over the general libc calls: errors, iovecs, reads and writes,
//! clocks, random bytes, fd types and flags, process limits.
//!
//! Each wrapper returns a WASI [`Errno`] on failure, converted from the host errno in one
//! place ([`last_errno`]), and retries on `EINTR` where the call is restartable.

use super::errno::errno_from_host;
use std::os::fd::{AsRawFd, BorrowedFd};
use wasi_abi::{Clockid, Errno, Fdflags, Filetype};

/// Most iovecs handed to one `readv`/`writev` (the core gathers no more).
pub(crate) use crate::iov::MAX_IOVECS;

/// The host errno of the last failed libc call, as a WASI errno.
pub(crate) fn last_errno() -> Errno {
    errno_from_host(
        std::io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EIO),
    )
}

/// Converts a libc `ssize_t` result into a byte count or the errno.
pub(crate) fn check_len(ret: isize) -> Result<usize, Errno> {
    usize::try_from(ret).map_err(|_| last_errno())
}

/// Fills `iov` with one entry per `(start, len)` range of the memory at `base` (`len` bytes
/// long), checking each range against it; returns how many entries were filled. No Rust
/// reference to any range is formed, so ranges may overlap (a guest may name the same bytes
/// twice) and the kernel may write them.
pub(crate) fn guest_iovecs(
    base: *mut u8,
    mem_len: usize,
    ranges: &[(usize, usize)],
    iov: &mut [libc::iovec; MAX_IOVECS],
) -> Result<usize, Errno> {
    let mut n = 0usize;
    for (slot, &(start, len)) in iov.iter_mut().zip(ranges) {
        if start.checked_add(len).is_none_or(|end| end > mem_len) {
            return Err(Errno::FAULT);
        }
        *slot = libc::iovec {
            iov_base: base.wrapping_add(start).cast(),
            iov_len: len,
        };
        n = n.saturating_add(1);
    }
    Ok(n)
}

/// An empty iovec array for [`guest_iovecs`].
pub(crate) const NO_IOVECS: [libc::iovec; MAX_IOVECS] = [libc::iovec {
    iov_base: std::ptr::null_mut(),
    iov_len: 0,
}; MAX_IOVECS];

/// Retries a call while it fails with `EINTR`.
pub(crate) fn retry<T>(mut call: impl FnMut() -> Result<T, Errno>) -> Result<T, Errno> {
    loop {
        match call() {
            Err(Errno::INTR) => continue,
            other => return other,
        }
    }
}

/// `writev` of the given `(start, len)` ranges of `mem`, which the caller has bounds-checked.
/// One range (the common case) is a plain `write(2)`, which spares the kernel the iovec copy.
pub(crate) fn writev(
    fd: BorrowedFd<'_>,
    mem: &[u8],
    ranges: &[(usize, usize)],
) -> Result<usize, Errno> {
    if let [(start, len)] = *ranges {
        let buf = start
            .checked_add(len)
            .and_then(|end| mem.get(start..end))
            .ok_or(Errno::FAULT)?;
        return retry(|| {
            // SAFETY: `buf` is a live shared slice for the whole call; write only reads it.
            check_len(unsafe { libc::write(fd.as_raw_fd(), buf.as_ptr().cast(), buf.len()) })
        });
    }
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_ptr().cast_mut(), mem.len(), ranges, &mut iov)?;
    retry(|| {
        // SAFETY: the first `n` entries of `iov` point inside `mem` (checked by guest_iovecs),
        // which is borrowed for the whole call; writev only reads them. n <= 64.
        check_len(unsafe { libc::writev(fd.as_raw_fd(), iov.as_ptr(), n as libc::c_int) })
    })
}

/// `readv` into the given `(start, len)` ranges of `mem`, which may overlap. One range is a
/// plain `read(2)`.
pub(crate) fn readv(
    fd: BorrowedFd<'_>,
    mem: &mut [u8],
    ranges: &[(usize, usize)],
) -> Result<usize, Errno> {
    if let [(start, len)] = *ranges {
        let buf = start
            .checked_add(len)
            .and_then(|end| mem.get_mut(start..end))
            .ok_or(Errno::FAULT)?;
        return retry(|| {
            // SAFETY: `buf` is a live exclusive slice for the whole call; read writes at most
            // `buf.len()` bytes into it.
            check_len(unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) })
        });
    }
    let mut iov = NO_IOVECS;
    let n = guest_iovecs(mem.as_mut_ptr(), mem.len(), ranges, &mut iov)?;
    retry(|| {
        // Overlapping entries are fine for the kernel and no Rust reference aliases them.
        // SAFETY: every entry points inside `mem` (checked by guest_iovecs), exclusively
        // borrowed for the whole call, so the kernel may write there. n <= 64.
        check_len(unsafe { libc::readv(fd.as_raw_fd(), iov.as_ptr(), n as libc::c_int) })
    })
}

fn host_clock(id: Clockid) -> libc::clockid_t {
    match id {
        Clockid::Realtime => libc::CLOCK_REALTIME,
        Clockid::Monotonic => libc::CLOCK_MONOTONIC,
        Clockid::ProcessCputimeId => libc::CLOCK_PROCESS_CPUTIME_ID,
        Clockid::ThreadCputimeId => libc::CLOCK_THREAD_CPUTIME_ID,
    }
}

/// A timespec as nanoseconds; a negative time (before 1970) or one past year 2554 is
/// `EOVERFLOW`, since a WASI timestamp is an unsigned 64-bit count.
fn timespec_ns(ts: libc::timespec) -> Result<u64, Errno> {
    let secs = u64::try_from(ts.tv_sec).map_err(|_| Errno::OVERFLOW)?;
    let nanos = u64::try_from(ts.tv_nsec).map_err(|_| Errno::OVERFLOW)?;
    secs.checked_mul(1_000_000_000)
        .and_then(|ns| ns.checked_add(nanos))
        .ok_or(Errno::OVERFLOW)
}

/// `clock_gettime` in nanoseconds.
pub(crate) fn clock_time(id: Clockid) -> Result<u64, Errno> {
    read_clock(id, libc::clock_gettime)
}

/// `clock_getres` in nanoseconds.
pub(crate) fn clock_res(id: Clockid) -> Result<u64, Errno> {
    read_clock(id, libc::clock_getres)
}

/// Calls `clock_gettime` or `clock_getres`, which share a signature.
fn read_clock(
    id: Clockid,
    call: unsafe extern "C" fn(libc::clockid_t, *mut libc::timespec) -> libc::c_int,
) -> Result<u64, Errno> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `call` is clock_gettime or clock_getres; `ts` is a valid, writable timespec for
    // the duration of the call and the clock id is one of the four constants above.
    let ret = unsafe { call(host_clock(id), &mut ts) };
    if ret != 0 {
        return Err(last_errno());
    }
    timespec_ns(ts)
}

/// Fills `buf` from the OS CSPRNG (`getrandom(2)`, blocking until the pool is initialised).
pub(crate) fn fill_random(mut buf: &mut [u8]) -> Result<(), Errno> {
    while !buf.is_empty() {
        // SAFETY: `buf` is a valid writable region of `buf.len()` bytes for the call.
        let ret = unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), 0) };
        match check_len(ret) {
            Ok(n) => buf = std::mem::take(&mut buf).get_mut(n..).unwrap_or_default(),
            Err(Errno::INTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `sched_yield(2)`; it cannot fail on Linux.
pub(crate) fn sched_yield() {
    // SAFETY: no arguments, no memory is touched.
    unsafe { libc::sched_yield() };
}

/// The WASI filetype of an open host fd (`fstat`).
pub(crate) fn filetype(fd: BorrowedFd<'_>) -> Result<Filetype, Errno> {
    // SAFETY: an all-zero `stat` is a valid value of this plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable stat buffer for the call; `fd` is a live borrowed fd.
    let ret = unsafe { libc::fstat(fd.as_raw_fd(), &mut st) };
    if ret != 0 {
        return Err(last_errno());
    }
    Ok(filetype_from_mode(st.st_mode))
}

/// The WASI filetype for a host `st_mode`. Pipes and FIFOs have no preview1 type: `unknown`.
pub(crate) fn filetype_from_mode(mode: libc::mode_t) -> Filetype {
    match mode & libc::S_IFMT {
        libc::S_IFREG => Filetype::RegularFile,
        libc::S_IFDIR => Filetype::Directory,
        libc::S_IFCHR => Filetype::CharacterDevice,
        libc::S_IFBLK => Filetype::BlockDevice,
        libc::S_IFLNK => Filetype::SymbolicLink,
        libc::S_IFSOCK => Filetype::SocketStream,
        _ => Filetype::Unknown,
    }
}

/// The WASI fdflags of an open host fd (`fcntl(F_GETFL)`).
pub(crate) fn fdflags(fd: BorrowedFd<'_>) -> Result<Fdflags, Errno> {
    let fl = super::fs::status_flags(fd)?;
    let mut flags = Fdflags::empty();
    flags.set(Fdflags::APPEND, fl & libc::O_APPEND != 0);
    flags.set(Fdflags::NONBLOCK, fl & libc::O_NONBLOCK != 0);
    if fl & libc::O_SYNC == libc::O_SYNC {
        flags |= Fdflags::SYNC;
    } else if fl & libc::O_DSYNC != 0 {
        flags |= Fdflags::DSYNC;
    }
    Ok(flags)
}

/// The soft `RLIMIT_NOFILE`: how many fds this process may have open.
pub(crate) fn fd_soft_limit() -> Option<u64> {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid, writable rlimit for the call.
    let ret = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) };
    (ret == 0).then_some(lim.rlim_cur)
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit and ignores `SIGPIPE` and `SIGXFSZ`, so
/// that a guest writing to a closed pipe or past a file-size limit gets `EPIPE`/`EFBIG`
/// instead of killing the host. Process-wide: for command-line hosts like `wasi-run`.
pub fn prepare_host_process() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid, writable rlimit for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0 && lim.rlim_cur < lim.rlim_max
    {
        lim.rlim_cur = lim.rlim_max;
        // SAFETY: `lim` is a valid rlimit; raising the soft limit up to the hard one is allowed.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lim) };
    }
    for signal in [libc::SIGPIPE, libc::SIGXFSZ] {
        // SAFETY: SIG_IGN is a valid disposition for these signals; no handler code runs.
        unsafe { libc::signal(signal, libc::SIG_IGN) };
    }
}
