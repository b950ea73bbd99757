//! Inherited stdio takes its type from the host stream: a regular file reports
//! `REGULAR_FILE` and may seek and tell, a pipe reports `UNKNOWN` and may not. Each case runs
//! in a child process of this test binary whose stdio the test sets up.

mod common;
use common::*;
use std::process::{Command, Stdio};
use wasi_abi::Rights;
use wasi_impl::{Errno, GuestMemory, WasiCtx};

/// The variable that makes [`child`] run its checks.
const CHILD: &str = "WASI_IMPL_STDIO_CHILD";

/// `fd_fdstat_get(fd)`: the filetype and base rights.
fn fdstat(ctx: &mut WasiCtx, mem: &mut [u8], fd: u32) -> (u8, Rights) {
    assert_eq!(
        errno(ctx.fd_fdstat_get(&mut GuestMemory::new(mem), fd, 0)),
        Errno::SUCCESS
    );
    (mem[0], Rights::from_bits_retain(u64_at(mem, 8)))
}

/// The entry point of the child; without [`CHILD`] set it has nothing to do. Its stdin is
/// `/dev/null`, its stdout a regular file, its stderr a pipe.
#[test]
fn child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let mut ctx = WasiCtx::builder().build().unwrap();
    let mut mem = memory();
    let seek = Rights::FD_SEEK | Rights::FD_TELL;
    // stdout, a regular file: seekable.
    let (ty, rights) = fdstat(&mut ctx, &mut mem, 1);
    assert_eq!(ty, 4, "REGULAR_FILE");
    assert!(rights.contains(seek | Rights::FD_WRITE), "{rights:?}");
    // The test harness has written to the file already: the guest's bytes go after that.
    let r = ctx.fd_tell(&mut GuestMemory::new(&mut mem), 1, 304);
    assert_eq!(errno(r), Errno::SUCCESS);
    let before = u64_at(&mem, 304);
    mem[100..103].copy_from_slice(b"abc");
    put_u32(&mut mem, 200, 100);
    put_u32(&mut mem, 204, 3);
    let r = ctx.fd_write(&mut GuestMemory::new(&mut mem), 1, 200, 1, 300);
    assert_eq!(errno(r), Errno::SUCCESS);
    let r = ctx.fd_tell(&mut GuestMemory::new(&mut mem), 1, 304);
    assert_eq!((errno(r), u64_at(&mem, 304)), (Errno::SUCCESS, before + 3));
    // Its flags are the host's: setting them to what they are succeeds, changing them is
    // ENOTSUP.
    let r = ctx.fd_fdstat_get(&mut GuestMemory::new(&mut mem), 1, 0);
    assert_eq!(errno(r), Errno::SUCCESS);
    let flags = u32::from(u16::from_le_bytes([mem[2], mem[3]]));
    let r = ctx.fd_fdstat_set_flags(&mut GuestMemory::new(&mut mem), 1, flags);
    assert_eq!(errno(r), Errno::SUCCESS);
    let append = u32::from(wasi_abi::Fdflags::APPEND.bits());
    let r = ctx.fd_fdstat_set_flags(&mut GuestMemory::new(&mut mem), 1, flags ^ append);
    assert_eq!(errno(r), Errno::NOTSUP);
    // stderr, a pipe: a stream of unknown type, not seekable.
    let (ty, rights) = fdstat(&mut ctx, &mut mem, 2);
    assert_eq!(ty, 0, "UNKNOWN");
    assert!(!rights.intersects(seek), "{rights:?}");
    let r = ctx.fd_tell(&mut GuestMemory::new(&mut mem), 2, 304);
    assert_eq!(errno(r), Errno::NOTCAPABLE);
    // stdin, /dev/null: a character device, not seekable.
    let (ty, rights) = fdstat(&mut ctx, &mut mem, 0);
    assert_eq!(ty, 2, "CHARACTER_DEVICE");
    assert!(!rights.intersects(seek), "{rights:?}");
    eprintln!("stdio child: ok");
}

#[test]
fn a_regular_file_as_stdout_may_seek_a_pipe_may_not() {
    let dir = scratch_dir("stdio-child");
    let out = dir.join("stdout");
    let status = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        status.status.success() && stderr.contains("stdio child: ok"),
        "{stderr}"
    );
    // The guest's write went to the file.
    let written = String::from_utf8(std::fs::read(&out).unwrap()).unwrap();
    assert!(written.contains("abc"), "{written:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
