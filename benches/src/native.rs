//! The native column: what each benchmarked operation costs when a native program makes the
//! same host call itself, the cheapest way POSIX offers (the physical limit this layer is
//! measured against): the same syscall on the same kind of fd, relative to an open directory
//! where the guest's call is, and no more.
//!
//! | row | native call(s) per turn |
//! |---|---|
//! | `sched_yield` | none: this layer returns at once (see RATIONALE.md), so the row measures the adapter alone |
//! | `fd_write` | `write(null, 16 bytes)` |
//! | `fd_read` | `read(zero, 64 KiB)` |
//! | `clock_time_get` | `clock_gettime(CLOCK_MONOTONIC)` (vDSO) |
//! | `random_get` | `getrandom(32 bytes)` |
//! | `fd_fdstat_get` | `fcntl(F_GETFL)` (the flags are the only host state the call needs) |
//! | `args_get + environ_get` | copying the same strings and pointer arrays into a buffer |
//! | `path_filestat_get` | `fstatat(dir, "f", AT_SYMLINK_NOFOLLOW)` |
//! | `path_open + fd_close` | `openat(dir, "f", O_RDONLY)` and `close` |
//! | `fd_readdir` | `lseek(dir, 0)` and `getdents64` into 64 KiB until the end (1,000 files, `.`, `..`) |
//! | `fd_seek + fd_tell` | `lseek(SEEK_SET)` and `lseek(SEEK_CUR)` |
//! | `poll_oneoff` | `poll` of one pollfd (`POLLOUT` on `/dev/null`), timeout 0 |
//! | `copy` | `read(zero, 64 KiB)` and `write(null, 64 KiB)` |
// The native rows call libc directly: that is what they measure. The fds and buffers every
// call gets are owned by the closure that makes it, and live as long as it.
#![allow(
    unsafe_code,
    reason = "the native rows call libc directly: that is what they measure"
)]

use crate::{ARGS, ENV, Op, bench_dir};
use std::ffi::CString;
use std::fs::File;
use std::hint::black_box;
use std::os::fd::AsRawFd;

/// A native operation: runs its call(s) `turns` times.
pub type Native = Box<dyn FnMut(u32)>;

/// The native call(s) of `op`, `turns` times; `None` where a native program would do
/// nothing (the `sched_yield` row).
pub fn native(op: &Op) -> Option<Native> {
    let dir_path = bench_dir();
    let null = File::options().write(true).open("/dev/null").ok()?;
    let zero = File::open("/dev/zero").ok()?;
    let dir = File::open(&dir_path).ok()?;
    let listing = File::open(dir_path.join("d")).ok()?;
    let file = File::open(dir_path.join("f")).ok()?;
    let name = CString::new("f").ok()?;
    let mut buf = vec![0u8; 65536];
    let f: Native = match op.name {
        n if n.starts_with("fd_write ") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: `buf` holds 65536 bytes; the fd is open for the closure's life.
                black_box(unsafe { libc::write(null.as_raw_fd(), buf.as_ptr().cast(), 16) });
            }
        }),
        n if n.starts_with("fd_read ") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: as above, for writing into `buf`.
                black_box(unsafe { libc::read(zero.as_raw_fd(), buf.as_mut_ptr().cast(), 65536) });
            }
        }),
        n if n.starts_with("clock_time_get") => Box::new(|t| {
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            for _ in 0..t {
                // SAFETY: `ts` is a valid timespec to write.
                black_box(unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) });
                black_box(ts.tv_nsec);
            }
        }),
        n if n.starts_with("random_get") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: `buf` holds at least 32 bytes.
                black_box(unsafe { libc::getrandom(buf.as_mut_ptr().cast(), 32, 0) });
            }
        }),
        n if n.starts_with("fd_fdstat_get") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: F_GETFL takes no argument; the fd is open.
                black_box(unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) });
            }
        }),
        n if n.starts_with("args_get") => {
            let blob = |items: Vec<String>| items.join("\0").into_bytes();
            let args = blob(ARGS.iter().map(|a| a.to_string()).collect());
            let env = blob(ENV.iter().map(|(k, v)| format!("{k}={v}")).collect());
            Box::new(move |t| {
                for _ in 0..t {
                    for (strings, count) in [(&args, ARGS.len()), (&env, ENV.len())] {
                        buf[..strings.len()].copy_from_slice(strings);
                        for i in 0..count {
                            buf[4096 + 4 * i..4100 + 4 * i]
                                .copy_from_slice(&(i as u32).to_le_bytes());
                        }
                        black_box(&mut buf);
                    }
                }
            })
        }
        n if n.starts_with("path_filestat_get") => Box::new(move |t| {
            // SAFETY: `st` is a valid stat to write; `name` is NUL-terminated.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            for _ in 0..t {
                // SAFETY: as above; the directory fd is open.
                black_box(unsafe {
                    libc::fstatat(
                        dir.as_raw_fd(),
                        name.as_ptr(),
                        &mut st,
                        libc::AT_SYMLINK_NOFOLLOW,
                    )
                });
            }
        }),
        n if n.starts_with("path_open") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: `name` is NUL-terminated; the directory fd is open; the fd opened
                // is closed at once.
                unsafe {
                    let fd = libc::openat(
                        dir.as_raw_fd(),
                        name.as_ptr(),
                        libc::O_RDONLY | libc::O_CLOEXEC,
                    );
                    black_box(libc::close(black_box(fd)));
                }
            }
        }),
        n if n.starts_with("fd_readdir") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: `buf` holds 65536 bytes; the directory fd is open.
                unsafe {
                    libc::lseek(listing.as_raw_fd(), 0, libc::SEEK_SET);
                    while libc::syscall(
                        libc::SYS_getdents64,
                        listing.as_raw_fd(),
                        buf.as_mut_ptr(),
                        buf.len(),
                    ) > 0
                    {}
                }
                black_box(&mut buf);
            }
        }),
        n if n.starts_with("fd_seek") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: lseek on an open fd.
                unsafe {
                    black_box(libc::lseek(file.as_raw_fd(), 0, libc::SEEK_SET));
                    black_box(libc::lseek(file.as_raw_fd(), 0, libc::SEEK_CUR));
                }
            }
        }),
        n if n.starts_with("poll_oneoff") => Box::new(move |t| {
            let mut fds = [libc::pollfd {
                fd: null.as_raw_fd(),
                events: libc::POLLOUT,
                revents: 0,
            }];
            for _ in 0..t {
                // SAFETY: one valid pollfd.
                black_box(unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) });
            }
        }),
        n if n.starts_with("copy") => Box::new(move |t| {
            for _ in 0..t {
                // SAFETY: `buf` holds 65536 bytes; both fds are open.
                unsafe {
                    let n = libc::read(zero.as_raw_fd(), buf.as_mut_ptr().cast(), 65536);
                    black_box(libc::write(
                        null.as_raw_fd(),
                        buf.as_ptr().cast(),
                        n.max(0) as usize,
                    ));
                }
            }
        }),
        _ => return None,
    };
    Some(f)
}
