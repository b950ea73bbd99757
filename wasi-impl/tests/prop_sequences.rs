//! Property test: random sequences of calls with random fds, pointers, lengths, flags and
//! paths, in a scratch preopen. Invariants, checked after every sequence:
//!
//! - the host never panics (a panic fails the test);
//! - nothing outside the preopen changes: a canary file keeps its bytes and metadata, and the
//!   directory around the preopen gains and loses nothing;
//! - on the in-memory and overlay backends, the host directory behind the preopen does not
//!   change either (each sequence picks a backend: the host's with either resolver, an
//!   in-memory copy, or an overlay);
//! - after the guest closes every fd, the context has none open and the host process's own
//!   open-fd count is back where it started.
//!
//! This file holds a single test so that no other test of the process opens or closes fds
//! while the fd count is compared.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::{Path, PathBuf};
use wasi_impl::{GuestMemory, Resolver, WasiCtx};

/// Path components a hostile guest likes.
const COMPONENTS: &[&str] = &[
    "a", "b", "sub", "..", ".", "", "link", "up", "abs", "loop", "f.txt", "a/b", "..\0",
];

/// Where the path argument lives in guest memory.
const PATH_AT: u32 = 4096;
const PATH2_AT: u32 = 8192;

#[derive(Debug, Clone)]
enum Op {
    Open {
        fd: u32,
        follow: bool,
        path: String,
        oflags: u32,
        rights: u64,
        fdflags: u32,
    },
    Mkdir {
        fd: u32,
        path: String,
    },
    Rmdir {
        fd: u32,
        path: String,
    },
    Unlink {
        fd: u32,
        path: String,
    },
    Symlink {
        target: String,
        fd: u32,
        path: String,
    },
    Link {
        fd: u32,
        follow: bool,
        old: String,
        new_fd: u32,
        new: String,
    },
    Rename {
        fd: u32,
        old: String,
        new_fd: u32,
        new: String,
    },
    Readlink {
        fd: u32,
        path: String,
        len: u32,
    },
    Stat {
        fd: u32,
        follow: bool,
        path: String,
    },
    SetTimes {
        fd: u32,
        follow: bool,
        path: String,
        flags: u32,
    },
    Write {
        fd: u32,
        len: u32,
    },
    Read {
        fd: u32,
        len: u32,
    },
    Pwrite {
        fd: u32,
        len: u32,
        offset: u64,
    },
    Seek {
        fd: u32,
        offset: i64,
        whence: u32,
    },
    Readdir {
        fd: u32,
        len: u32,
        cookie: u64,
    },
    SetSize {
        fd: u32,
        size: u64,
    },
    Allocate {
        fd: u32,
        offset: u64,
        len: u64,
    },
    SetRights {
        fd: u32,
        base: u64,
    },
    SetFlags {
        fd: u32,
        flags: u32,
    },
    Renumber {
        fd: u32,
        to: u32,
    },
    Close {
        fd: u32,
    },
    Fdstat {
        fd: u32,
        at: u32,
    },
    Raw {
        which: u8,
        a: u32,
        b: u32,
        c: u32,
    },
}

fn path() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(COMPONENTS), 1..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(parts, absolute, slash)| {
            let mut p = parts.join("/");
            if absolute {
                p.insert(0, '/');
            }
            if slash {
                p.push('/');
            }
            p
        })
}

fn fd() -> impl Strategy<Value = u32> {
    prop_oneof![6 => 0u32..10, 1 => any::<u32>()]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (fd(), any::<bool>(), path(), 0u32..20, any::<u64>(), 0u32..40).prop_map(|(fd, follow, path, oflags, rights, fdflags)| Op::Open { fd, follow, path, oflags, rights, fdflags }),
        2 => (fd(), path()).prop_map(|(fd, path)| Op::Mkdir { fd, path }),
        1 => (fd(), path()).prop_map(|(fd, path)| Op::Rmdir { fd, path }),
        1 => (fd(), path()).prop_map(|(fd, path)| Op::Unlink { fd, path }),
        2 => (path(), fd(), path()).prop_map(|(target, fd, path)| Op::Symlink { target, fd, path }),
        1 => (fd(), any::<bool>(), path(), fd(), path()).prop_map(|(fd, follow, old, new_fd, new)| Op::Link { fd, follow, old, new_fd, new }),
        1 => (fd(), path(), fd(), path()).prop_map(|(fd, old, new_fd, new)| Op::Rename { fd, old, new_fd, new }),
        1 => (fd(), path(), 0u32..64).prop_map(|(fd, path, len)| Op::Readlink { fd, path, len }),
        1 => (fd(), any::<bool>(), path()).prop_map(|(fd, follow, path)| Op::Stat { fd, follow, path }),
        1 => (fd(), any::<bool>(), path(), 0u32..32).prop_map(|(fd, follow, path, flags)| Op::SetTimes { fd, follow, path, flags }),
        2 => (fd(), 0u32..300).prop_map(|(fd, len)| Op::Write { fd, len }),
        2 => (fd(), 0u32..300).prop_map(|(fd, len)| Op::Read { fd, len }),
        1 => (fd(), 0u32..300, prop_oneof![0u64..1000, any::<u64>()]).prop_map(|(fd, len, offset)| Op::Pwrite { fd, len, offset }),
        1 => (fd(), any::<i64>(), 0u32..4).prop_map(|(fd, offset, whence)| Op::Seek { fd, offset, whence }),
        2 => (fd(), 0u32..200, prop_oneof![Just(0u64), any::<u64>()]).prop_map(|(fd, len, cookie)| Op::Readdir { fd, len, cookie }),
        1 => (fd(), prop_oneof![0u64..5000, any::<u64>()]).prop_map(|(fd, size)| Op::SetSize { fd, size }),
        1 => (fd(), 0u64..5000, 0u64..5000).prop_map(|(fd, offset, len)| Op::Allocate { fd, offset, len }),
        1 => (fd(), any::<u64>()).prop_map(|(fd, base)| Op::SetRights { fd, base }),
        1 => (fd(), 0u32..40).prop_map(|(fd, flags)| Op::SetFlags { fd, flags }),
        1 => (fd(), fd()).prop_map(|(fd, to)| Op::Renumber { fd, to }),
        2 => fd().prop_map(|fd| Op::Close { fd }),
        1 => (fd(), any::<u32>()).prop_map(|(fd, at)| Op::Fdstat { fd, at }),
        1 => (any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(which, a, b, c)| Op::Raw { which, a, b, c }),
    ]
}

/// Puts `path` at `at` and returns its length.
fn put(mem: &mut [u8], at: u32, path: &str) -> u32 {
    let at = at as usize;
    mem[at..at + path.len()].copy_from_slice(path.as_bytes());
    path.len() as u32
}

fn apply(ctx: &mut WasiCtx, buf: &mut [u8], op: &Op) {
    // iovec at 0: 300 bytes at 1024.
    buf[0..4].copy_from_slice(&1024u32.to_le_bytes());
    let r = |ctx: &mut WasiCtx,
             buf: &mut [u8],
             f: &dyn Fn(&mut WasiCtx, &mut GuestMemory<'_>) -> wasi_impl::Result| {
        let mut mem = GuestMemory::new(buf);
        let _ = f(ctx, &mut mem);
    };
    match op.clone() {
        Op::Open {
            fd,
            follow,
            path,
            oflags,
            rights,
            fdflags,
        } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_open(
                    m,
                    fd,
                    u32::from(follow),
                    PATH_AT,
                    len,
                    oflags,
                    rights,
                    rights,
                    fdflags,
                    16,
                )
            });
        }
        Op::Mkdir { fd, path } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_create_directory(m, fd, PATH_AT, len)
            });
        }
        Op::Rmdir { fd, path } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_remove_directory(m, fd, PATH_AT, len)
            });
        }
        Op::Unlink { fd, path } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| c.path_unlink_file(m, fd, PATH_AT, len));
        }
        Op::Symlink { target, fd, path } => {
            let (tl, pl) = (put(buf, PATH2_AT, &target), put(buf, PATH_AT, &path));
            r(ctx, buf, &|c, m| {
                c.path_symlink(m, PATH2_AT, tl, fd, PATH_AT, pl)
            });
        }
        Op::Link {
            fd,
            follow,
            old,
            new_fd,
            new,
        } => {
            let (ol, nl) = (put(buf, PATH_AT, &old), put(buf, PATH2_AT, &new));
            r(ctx, buf, &|c, m| {
                c.path_link(m, fd, u32::from(follow), PATH_AT, ol, new_fd, PATH2_AT, nl)
            });
        }
        Op::Rename {
            fd,
            old,
            new_fd,
            new,
        } => {
            let (ol, nl) = (put(buf, PATH_AT, &old), put(buf, PATH2_AT, &new));
            r(ctx, buf, &|c, m| {
                c.path_rename(m, fd, PATH_AT, ol, new_fd, PATH2_AT, nl)
            });
        }
        Op::Readlink { fd, path, len } => {
            let pl = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_readlink(m, fd, PATH_AT, pl, 2048, len, 24)
            });
        }
        Op::Stat { fd, follow, path } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_filestat_get(m, fd, u32::from(follow), PATH_AT, len, 512)
            });
        }
        Op::SetTimes {
            fd,
            follow,
            path,
            flags,
        } => {
            let len = put(buf, PATH_AT, &path);
            r(ctx, buf, &|c, m| {
                c.path_filestat_set_times(m, fd, u32::from(follow), PATH_AT, len, 1, 2, flags)
            });
        }
        Op::Write { fd, len } => {
            buf[4..8].copy_from_slice(&len.to_le_bytes());
            r(ctx, buf, &|c, m| c.fd_write(m, fd, 0, 1, 16));
        }
        Op::Read { fd, len } => {
            buf[4..8].copy_from_slice(&len.to_le_bytes());
            r(ctx, buf, &|c, m| c.fd_read(m, fd, 0, 1, 16));
        }
        Op::Pwrite { fd, len, offset } => {
            buf[4..8].copy_from_slice(&len.to_le_bytes());
            r(ctx, buf, &|c, m| c.fd_pwrite(m, fd, 0, 1, offset, 16));
        }
        Op::Seek { fd, offset, whence } => r(ctx, buf, &|c, m| {
            c.fd_seek(m, fd, offset as u64, whence, 16)
        }),
        Op::Readdir { fd, len, cookie } => {
            r(ctx, buf, &|c, m| c.fd_readdir(m, fd, 2048, len, cookie, 24))
        }
        Op::SetSize { fd, size } => r(ctx, buf, &|c, m| c.fd_filestat_set_size(m, fd, size)),
        Op::Allocate { fd, offset, len } => r(ctx, buf, &|c, m| c.fd_allocate(m, fd, offset, len)),
        Op::SetRights { fd, base } => {
            r(ctx, buf, &|c, m| c.fd_fdstat_set_rights(m, fd, base, base))
        }
        Op::SetFlags { fd, flags } => r(ctx, buf, &|c, m| c.fd_fdstat_set_flags(m, fd, flags)),
        Op::Renumber { fd, to } => r(ctx, buf, &|c, m| c.fd_renumber(m, fd, to)),
        Op::Close { fd } => r(ctx, buf, &|c, m| c.fd_close(m, fd)),
        Op::Fdstat { fd, at } => r(ctx, buf, &|c, m| c.fd_fdstat_get(m, fd, at)),
        Op::Raw { which, a, b, c: x } => r(ctx, buf, &|c, m| match which % 6 {
            0 => c.fd_filestat_get(m, a, b),
            1 => c.fd_tell(m, a, b),
            2 => c.fd_prestat_dir_name(m, a, b, x),
            3 => c.fd_advise(m, a, u64::from(b), u64::from(x), a % 7),
            4 => c.fd_sync(m, a),
            _ => c.fd_pread(m, a, b, x, u64::from(b), x),
        }),
    }
}

/// A snapshot of a directory tree: (relative path, kind, size, mtime) for every entry.
fn snapshot(root: &Path) -> Vec<(PathBuf, String, u64, i128)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let meta = e.path().symlink_metadata().unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            out.push((rel, format!("{:?}", meta.file_type()), meta.len(), mtime));
            if meta.is_dir() {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

fn host_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn random_sequences_keep_the_sandbox_and_release_every_fd() {
    let base = std::env::temp_dir().join(format!("wasi-prop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(base.join("outside/secret")).unwrap();
    std::fs::write(base.join("outside/canary"), b"do not touch").unwrap();
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let counter = std::cell::Cell::new(0u32);
    let fds_before = host_fds();
    let result = runner.run(
        &(prop::collection::vec(op(), 1..12), 0..4u8),
        |(ops, backend)| {
            counter.set(counter.get() + 1);
            let sandbox = base.join(format!("sandbox{}", counter.get()));
            std::fs::create_dir_all(sandbox.join("sub")).unwrap();
            std::fs::write(sandbox.join("f.txt"), b"inside").unwrap();
            std::os::unix::fs::symlink("../outside", sandbox.join("up")).unwrap();
            std::os::unix::fs::symlink(base.join("outside"), sandbox.join("abs")).unwrap();
            std::os::unix::fs::symlink("loop", sandbox.join("loop")).unwrap();
            std::os::unix::fs::symlink("f.txt", sandbox.join("link")).unwrap();
            let outside_before = snapshot(&base.join("outside"));
            let sandbox_before = snapshot(&sandbox);
            let resolver = if backend == 1 {
                Resolver::Walk
            } else {
                Resolver::Openat2
            };
            let preopen = |b: wasi_impl::WasiCtxBuilder, dir: &Path, guest: &str| match backend {
                2 => {
                    let fs = wasi_impl::MemFs::new();
                    fs.import(dir).unwrap();
                    b.preopen(fs.root(), guest, false)
                }
                3 => {
                    let lower = wasi_impl::host::HostDir::open(dir).unwrap();
                    b.preopen(
                        wasi_impl::Overlay::new(Box::new(lower)).root(),
                        guest,
                        false,
                    )
                }
                _ => b.preopen_dir(dir, guest),
            };
            let builder = preopen(WasiCtx::builder(), &sandbox, "/");
            let mut ctx = preopen(builder, &sandbox.join("sub"), "sub")
                .stdin(wasi_impl::Input::Null)
                .stdout(wasi_impl::Output::Null)
                .stderr(wasi_impl::Output::Null)
                .resolver(resolver)
                .build()
                .unwrap();
            let mut buf = vec![0u8; 65536];
            for op in &ops {
                apply(&mut ctx, &mut buf, op);
            }
            prop_assert_eq!(
                &snapshot(&base.join("outside")),
                &outside_before,
                "outside changed: {:?}",
                ops
            );
            prop_assert_eq!(
                std::fs::read(base.join("outside/canary")).unwrap(),
                b"do not touch".to_vec()
            );
            if backend >= 2 {
                prop_assert_eq!(
                    &snapshot(&sandbox),
                    &sandbox_before,
                    "the host sandbox changed under backend {}: {:?}",
                    backend,
                    ops
                );
            }
            let mut names: Vec<_> = std::fs::read_dir(&base)
                .unwrap()
                .flatten()
                .map(|e| e.file_name())
                .collect();
            names.retain(|n| !n.to_string_lossy().starts_with("sandbox"));
            prop_assert_eq!(
                names,
                vec![std::ffi::OsString::from("outside")],
                "something appeared beside the sandbox"
            );
            // Close everything the guest can reach.
            for fd in 0..64u32 {
                let mut mem = GuestMemory::new(&mut buf);
                let _ = ctx.fd_close(&mut mem, fd);
            }
            prop_assert_eq!(ctx.open_fds(), 0);
            drop(ctx);
            prop_assert_eq!(host_fds(), fds_before, "host fds leaked: {:?}", ops);
            let _ = std::fs::remove_dir_all(&sandbox);
            Ok(())
        },
    );
    let _ = std::fs::remove_dir_all(&base);
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        counter.get() >= cases,
        "ran {} of {cases} cases",
        counter.get()
    );
}
