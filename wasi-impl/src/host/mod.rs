//! The host backend: the preview1 seam over Linux, and the only module of wasi-impl with
//! `libc`, `std::os` and `unsafe` (every `unsafe` block carries a `SAFETY:` comment).
//!
//! - [`HostDir`] and [`HostFile`]: directories and files as host fds. Names arrive one
//!   checked component at a time and go to the `*at` calls relative to the directory's fd;
//!   [`HostDir`] also offers the one-syscall fast path, `openat2(RESOLVE_BENEATH)`.
//! - [`HostStdio`]: the host process's own stdin, stdout and stderr, inherited by a guest.
//! - [`HostSocket`]: TCP listeners and the connections they accept, and the TCP and UDP
//!   sockets a guest opens through WASIX with [`HostNetwork`].
//! - [`HostPoller`], [`HostClock`], [`HostRandom`]: `ppoll`, `clock_gettime`, `getrandom`.
//!
//! Underneath, `sys`, `fs` and `net` are thin safe wrappers over the libc calls, and `errno`
//! is the one table from host errnos to WASI errnos.

mod dir;
mod errno;
mod file;
mod fs;
mod memfs_io;
mod names;
mod net;
mod poll;
mod socket;
mod stdio;
mod sys;
mod time;

pub use dir::HostDir;
pub use errno::{HOST_ERRNO_TABLE, errno_from_host};
pub use file::HostFile;
pub use net::HostSocket;
pub use poll::HostPoller;
pub use socket::HostNetwork;
pub use stdio::{HostStdio, StdStream};
pub use sys::prepare_host_process;
pub use time::{HostClock, HostRandom};

pub(crate) use sys::{fd_soft_limit, sched_yield};

/// Whether this kernel has `openat2` (Linux 5.6+, not forbidden by seccomp): probed once on
/// `/`.
pub(crate) fn has_openat2() -> bool {
    use std::os::fd::AsFd;
    let Ok(root) = std::fs::File::open("/") else {
        return false;
    };
    fs::openat2_beneath(root.as_fd(), c".", libc::O_PATH | libc::O_DIRECTORY, 0).is_ok()
}
