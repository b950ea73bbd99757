//! fd_write / fd_read on stdio, fd_fdstat_get, fd_prestat_*, fd_close, and ENOSYS for the
//! functions of later milestones.

mod common;
use common::*;
use wasi_impl::{Errno, GuestMemory, Input, Output, Trap, WasiCtx};

/// Lays out iovecs at `at`: (buf, len) pairs.
fn iovecs(mem: &mut [u8], at: usize, list: &[(u32, u32)]) {
    for (i, &(buf, len)) in list.iter().enumerate() {
        put_u32(mem, at + 8 * i, buf);
        put_u32(mem, at + 8 * i + 4, len);
    }
}

#[test]
fn fd_write_gathers_iovecs_in_order_to_the_captured_stream() {
    let (mut ctx, out, err) = captured(b"");
    let mut buf = memory();
    buf[1000..1005].copy_from_slice(b"hello");
    buf[2000..2007].copy_from_slice(b", world");
    iovecs(&mut buf, 16, &[(1000, 5), (3000, 0), (2000, 7), (1000, 1)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 4, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 13);
    assert_eq!(out.contents(), b"hello, worldh");
    assert_eq!(out.to_string_lossy(), "hello, worldh");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 2, 16, 1, 8)), Errno::SUCCESS);
    assert_eq!(err.contents(), b"hello");
    // Zero iovecs write nothing and report 0.
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 0, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 0);
}

#[test]
fn a_capped_capture_takes_what_fits_then_refuses_with_enospc() {
    let out = wasi_impl::OutputBuffer::with_limit(8);
    assert_eq!(out.limit(), Some(8));
    let mut ctx = WasiCtx::builder()
        .stdout(Output::Capture(out.clone()))
        .build()
        .unwrap();
    let mut buf = memory();
    buf[1000..1005].copy_from_slice(b"hello");
    buf[2000..2007].copy_from_slice(b", world");
    iovecs(&mut buf, 16, &[(1000, 5), (2000, 7)]);
    let mut mem = GuestMemory::new(&mut buf);
    // 12 bytes asked for, 8 fit: a short write, cut inside the second iovec.
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 2, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 8);
    assert_eq!(out.contents(), b"hello, w");
    assert_eq!(out.dropped(), 4);
    // Full: any byte more is ENOSPC and nothing changes; an empty write still succeeds.
    put_u32(&mut buf, 8, 77);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 1, 8)), Errno::NOSPC);
    assert_eq!(u32_at(&buf, 8), 77, "nwritten untouched on failure");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 0, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 0);
    assert_eq!(out.contents(), b"hello, w");
    assert_eq!(out.dropped(), 9, "the refused 5 bytes count too");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.fd_write(&mut mem, 1, 16, 2, 8)),
        Errno::NOSPC,
        "every later write"
    );
    assert_eq!(out.dropped(), 21);
    // A buffer without a limit has none.
    assert_eq!(wasi_impl::OutputBuffer::new().limit(), None);
}

#[test]
fn fd_write_refusals() {
    let (mut ctx, out, _) = captured(b"");
    let mut buf = memory();
    iovecs(&mut buf, 16, &[(1000, 5), (65530, 7)]);
    let mut mem = GuestMemory::new(&mut buf);
    // The second buffer runs off the end of memory: nothing is written at all.
    assert_eq!(trap(ctx.fd_write(&mut mem, 1, 16, 2, 8)), Trap::OutOfBounds);
    assert_eq!(
        trap(ctx.fd_write(&mut mem, 1, 65532, 1, 8)),
        Trap::OutOfBounds,
        "iovec array"
    );
    assert_eq!(
        trap(ctx.fd_write(&mut mem, 1, 18, 1, 8)),
        Trap::Misaligned,
        "misaligned array"
    );
    assert_eq!(
        trap(ctx.fd_write(&mut mem, 1, 16, u32::MAX, 8)),
        Trap::OutOfBounds
    );
    assert_eq!(
        errno(ctx.fd_write(&mut mem, 0, 16, 1, 8)),
        Errno::BADF,
        "stdin"
    );
    assert_eq!(
        errno(ctx.fd_write(&mut mem, 3, 16, 1, 8)),
        Errno::BADF,
        "not open"
    );
    assert_eq!(
        errno(ctx.fd_write(&mut mem, u32::MAX, 16, 1, 8)),
        Errno::BADF
    );
    assert!(out.contents().is_empty());
    // A bad nwritten pointer is caught before anything is written.
    assert_eq!(
        trap(ctx.fd_write(&mut mem, 1, 16, 1, 65536)),
        Trap::OutOfBounds
    );
    assert_eq!(trap(ctx.fd_write(&mut mem, 1, 16, 1, 6)), Trap::Misaligned);
    assert!(out.contents().is_empty());
}

#[test]
fn fd_write_to_null_counts_bytes() {
    let mut ctx = WasiCtx::builder().stdout(Output::Null).build().unwrap();
    let mut buf = memory();
    iovecs(&mut buf, 16, &[(100, 50), (200, 25)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 2, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 75);
}

#[test]
fn fd_write_on_more_iovecs_than_one_call_takes_is_a_short_write() {
    let (mut ctx, out, _) = captured(b"");
    let mut buf = memory();
    let list: Vec<(u32, u32)> = (0..100).map(|i| (1000 + i, 1)).collect();
    for i in 0..100 {
        buf[1000 + i] = i as u8;
    }
    iovecs(&mut buf, 16, &list);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 100, 8)), Errno::SUCCESS);
    let n = u32_at(&buf, 8) as usize;
    assert_eq!(n, 64, "at most 64 buffers per call");
    assert_eq!(out.contents(), (0..n as u8).collect::<Vec<u8>>());
}

#[test]
fn fd_read_scatters_stdin_bytes_then_reports_eof() {
    let (mut ctx, _, _) = captured(b"abcdefghij");
    let mut buf = memory();
    iovecs(&mut buf, 16, &[(1000, 3), (2000, 0), (3000, 4)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_read(&mut mem, 0, 16, 3, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 7);
    assert_eq!(&buf[1000..1004], b"abc\0");
    assert_eq!(&buf[3000..3005], b"defg\0");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_read(&mut mem, 0, 16, 3, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 3);
    assert_eq!(&buf[1000..1004], b"hij\0");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_read(&mut mem, 0, 16, 3, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 0, "end of file");
}

#[test]
fn fd_read_refusals_and_null_stdin() {
    let (mut ctx, _, _) = captured(b"abc");
    let mut buf = memory();
    iovecs(&mut buf, 16, &[(65535, 2)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(trap(ctx.fd_read(&mut mem, 0, 16, 1, 8)), Trap::OutOfBounds);
    assert_eq!(
        errno(ctx.fd_read(&mut mem, 1, 16, 1, 8)),
        Errno::BADF,
        "stdout"
    );
    assert_eq!(errno(ctx.fd_read(&mut mem, 9, 16, 1, 8)), Errno::BADF);
    assert_eq!(trap(ctx.fd_read(&mut mem, 0, 17, 1, 8)), Trap::Misaligned);
    let mut null = WasiCtx::builder().stdin(Input::Null).build().unwrap();
    iovecs(&mut buf, 16, &[(100, 10)]);
    put_u32(&mut buf, 8, 99);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(null.fd_read(&mut mem, 0, 16, 1, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 8), 0);
}

#[test]
fn fd_fdstat_get_on_stdio_writes_the_exact_record() {
    let (mut ctx, _, _) = captured(b"");
    let mut buf = memory();
    buf[64..88].fill(0xee);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_fdstat_get(&mut mem, 1, 64)), Errno::SUCCESS);
    // filetype unknown (captured), padding zeroed, flags 0.
    assert_eq!(&buf[64..72], &[0, 0, 0, 0, 0, 0, 0, 0]);
    let base = u64_at(&buf, 72);
    assert_eq!(base & (1 << 6), 1 << 6, "FD_WRITE");
    assert_eq!(base & (1 << 1), 0, "no FD_READ on stdout");
    assert_eq!(
        base & ((1 << 2) | (1 << 5)),
        0,
        "no FD_SEEK/FD_TELL: not seekable"
    );
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_fdstat_get(&mut mem, 0, 64)), Errno::SUCCESS);
    assert_eq!(u64_at(&buf, 72) & (1 << 1), 1 << 1, "FD_READ on stdin");
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_fdstat_get(&mut mem, 3, 64)), Errno::BADF);
    assert_eq!(
        trap(ctx.fd_fdstat_get(&mut mem, 1, 60)),
        Trap::Misaligned,
        "needs 8-alignment"
    );
    assert_eq!(
        trap(ctx.fd_fdstat_get(&mut mem, 1, 65536 - 16)),
        Trap::OutOfBounds
    );
}

#[test]
fn preopens_prestat_dir_name_and_fdstat() {
    let dir = scratch_dir("preopen");
    let mut ctx = WasiCtx::builder()
        .preopen_dir(&dir, "/sandbox")
        .preopen_dir(&dir, ".")
        .build()
        .unwrap();
    let mut buf = memory();
    buf[0..8].fill(0xee);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_prestat_get(&mut mem, 3, 0)), Errno::SUCCESS);
    assert_eq!(&buf[0..8], &[0, 0, 0, 0, 8, 0, 0, 0]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.fd_prestat_dir_name(&mut mem, 3, 100, 20)),
        Errno::SUCCESS
    );
    assert_eq!(
        &buf[100..109],
        b"/sandbox\0",
        "no NUL written, nothing past the name"
    );
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(
        errno(ctx.fd_prestat_dir_name(&mut mem, 3, 200, 7)),
        Errno::NAMETOOLONG
    );
    assert_eq!(buf[200], 0);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_prestat_get(&mut mem, 4, 8)), Errno::SUCCESS);
    assert_eq!(u32_at(&buf, 12), 1);
    let mut mem = GuestMemory::new(&mut buf);
    for fd in [0, 1, 2, 5, u32::MAX] {
        assert_eq!(
            errno(ctx.fd_prestat_get(&mut mem, fd, 16)),
            Errno::BADF,
            "fd {fd}"
        );
        assert_eq!(
            errno(ctx.fd_prestat_dir_name(&mut mem, fd, 16, 8)),
            Errno::BADF
        );
    }
    assert_eq!(trap(ctx.fd_prestat_get(&mut mem, 3, 2)), Trap::Misaligned);
    assert_eq!(
        trap(ctx.fd_prestat_dir_name(&mut mem, 3, 65530, 8)),
        Trap::OutOfBounds
    );
    // fdstat of a preopen: a directory with directory rights and full inheriting rights.
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_fdstat_get(&mut mem, 3, 64)), Errno::SUCCESS);
    assert_eq!(buf[64], 3, "filetype directory");
    assert_eq!(u64_at(&buf, 72) & (1 << 13), 1 << 13, "PATH_OPEN");
    assert_eq!(u64_at(&buf, 72) & (1 << 1), 0, "no FD_READ on a directory");
    assert_eq!(
        u64_at(&buf, 80) & (1 << 1),
        1 << 1,
        "files opened through it may read"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fd_close_frees_the_lowest_number_and_closes_once() {
    let dir = scratch_dir("close");
    let mut ctx = WasiCtx::builder()
        .preopen_dir(&dir, "a")
        .preopen_dir(&dir, "b")
        .build()
        .unwrap();
    let mut buf = memory();
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(ctx.open_fds(), 5);
    assert_eq!(errno(ctx.fd_close(&mut mem, 3)), Errno::SUCCESS);
    assert_eq!(
        errno(ctx.fd_close(&mut mem, 3)),
        Errno::BADF,
        "closing twice"
    );
    assert_eq!(errno(ctx.fd_prestat_get(&mut mem, 3, 0)), Errno::BADF);
    assert_eq!(
        errno(ctx.fd_prestat_get(&mut mem, 4, 0)),
        Errno::SUCCESS,
        "fd 4 untouched"
    );
    assert_eq!(
        errno(ctx.fd_close(&mut mem, 1)),
        Errno::SUCCESS,
        "stdout may be closed"
    );
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 0, 0, 8)), Errno::BADF);
    assert_eq!(errno(ctx.fd_close(&mut mem, u32::MAX)), Errno::BADF);
    assert_eq!(ctx.open_fds(), 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn preopen_of_a_missing_path_or_a_file_is_refused() {
    let dir = scratch_dir("bad-preopen");
    let err = WasiCtx::builder()
        .preopen_dir(dir.join("missing"), "/")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
    std::fs::write(dir.join("file"), b"x").unwrap();
    let err = WasiCtx::builder()
        .preopen_dir(dir.join("file"), "/")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("not a directory"), "{err}");
    let err = WasiCtx::builder()
        .max_open_fds(3)
        .preopen_dir(&dir, "/")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("max_open_fds"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_captured_stream_reads_back_as_lossy_utf8() {
    let (mut ctx, out, _) = captured(b"");
    let mut buf = memory();
    buf[1000..1004].copy_from_slice(b"a\xFFb\n");
    iovecs(&mut buf, 16, &[(1000, 4)]);
    let mut mem = GuestMemory::new(&mut buf);
    assert_eq!(errno(ctx.fd_write(&mut mem, 1, 16, 1, 8)), Errno::SUCCESS);
    assert_eq!(out.contents(), b"a\xFFb\n");
    assert_eq!(out.to_string_lossy(), "a\u{FFFD}b\n");
}
