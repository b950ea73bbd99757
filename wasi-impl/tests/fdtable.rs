//! The fd table: lowest free number, `fd_renumber` (onto an open fd, into a hole, of a
//! preopen), the open-fd cap, and that closing every fd or dropping the context releases every
//! host fd.

#[macro_use]
mod common;
use common::rx::*;
use common::*;
use wasi_abi::Rights;
use wasi_impl::Errno;

#[test]
fn new_fds_take_the_lowest_free_number() {
    let _g = serial();
    let mut rx = Rx::new("fdt-lowest", 64);
    let open = |rx: &mut Rx, name: &str| rx.open(name, CREAT, Rights::FD_READ).unwrap();
    assert_eq!(
        [open(&mut rx, "a"), open(&mut rx, "b"), open(&mut rx, "c")],
        [4, 5, 6]
    );
    assert_eq!(x!(rx.fd_close(5)), Errno::SUCCESS);
    assert_eq!(open(&mut rx, "d"), 5);
    assert_eq!(x!(rx.fd_close(4)), Errno::SUCCESS);
    assert_eq!(x!(rx.fd_close(6)), Errno::SUCCESS);
    assert_eq!(
        [open(&mut rx, "e"), open(&mut rx, "f"), open(&mut rx, "g")],
        [4, 6, 7]
    );
    // Closing stdio frees its numbers too.
    assert_eq!(x!(rx.fd_close(0)), Errno::SUCCESS);
    assert_eq!(open(&mut rx, "h"), 0);
    assert_eq!(rx.ctx.open_fds(), 8);
}

#[test]
fn closing_the_highest_fd_past_holes_keeps_numbers_lowest_first() {
    let _g = serial();
    let mut rx = Rx::new("fdt-top", 64);
    let open = |rx: &mut Rx, name: &str| rx.open(name, CREAT, Rights::FD_READ).unwrap();
    assert_eq!(
        [open(&mut rx, "a"), open(&mut rx, "b"), open(&mut rx, "c")],
        [4, 5, 6]
    );
    // A hole at 5, then the top (6) closes: the table shrinks past the hole.
    assert_eq!(x!(rx.fd_close(5)), Errno::SUCCESS);
    assert_eq!(x!(rx.fd_close(6)), Errno::SUCCESS);
    assert_eq!(x!(rx.fd_close(6)), Errno::BADF);
    assert_eq!([open(&mut rx, "d"), open(&mut rx, "e")], [5, 6]);
    // Opening and closing the top again and again reuses the same number.
    for _ in 0..3 {
        assert_eq!(open(&mut rx, "f"), 7);
        assert_eq!(x!(rx.fd_close(7)), Errno::SUCCESS);
    }
    assert_eq!(x!(rx.fd_close(4)), Errno::SUCCESS);
    assert_eq!([open(&mut rx, "g"), open(&mut rx, "h")], [4, 7]);
    assert_eq!(rx.ctx.open_fds(), 8);
}

#[test]
fn renumber_moves_the_entry_and_closes_the_source() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    std::fs::write(rx.host("B"), b"bbb").unwrap();
    let a_rights = Rights::FD_READ | Rights::FD_SEEK;
    let a = rx.open("A", 0, a_rights).unwrap();
    let b = rx.open("B", 0, Rights::FD_READ | Rights::FD_WRITE).unwrap();
    assert_eq!((a, b, rx.ctx.open_fds()), (4, 5, 6));
    let fds = host_fds();
    assert_eq!(x!(rx.fd_renumber(a, b)), Errno::SUCCESS);
    assert_eq!(rx.read(b), Ok(b"aaa".to_vec()));
    assert_eq!(rx.filetype(a), Err(Errno::BADF));
    assert_eq!(rx.read(a), Err(Errno::BADF));
    assert_eq!(rx.ctx.open_fds(), 5);
    assert_eq!(host_fds(), fds - 1, "B's host fd was closed");
    // The rights moved with it.
    assert_eq!(x!(rx.fd_fdstat_get(b, STAT)), Errno::SUCCESS);
    assert_eq!(u64_at(&rx.mem, STAT as usize + 8), a_rights.bits());
    // The source's number is free again.
    assert_eq!(rx.open("B", 0, Rights::FD_READ), Ok(4));
}

#[test]
fn renumber_refusals_change_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-err", 64);
    std::fs::write(rx.host("A"), b"0123").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ).unwrap();
    let (open, fds) = (rx.ctx.open_fds(), host_fds());
    // Onto a number that is not open, from one that is not open.
    assert_eq!(x!(rx.fd_renumber(a, 9)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(a, 5)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(9, a)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(9, 9)), Errno::BADF);
    assert_eq!(rx.filetype(9), Err(Errno::BADF));
    assert_eq!(rx.read(a), Ok(b"0123".to_vec()));
    // Onto itself: nothing happens.
    assert_eq!(x!(rx.fd_renumber(a, a)), Errno::SUCCESS);
    assert_eq!(rx.read(a), Ok(vec![]), "same open file, offset kept");
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open, fds));
    assert_eq!(rx.filetype(3), Ok(3));
}

#[test]
fn renumber_onto_the_preopen_and_onto_stdout() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-std", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ | Rights::FD_WRITE).unwrap();
    let (open, fds) = (rx.ctx.open_fds(), host_fds());
    // Onto the preopen: the directory is closed, fd 3 is the file.
    assert_eq!(x!(rx.fd_renumber(a, 3)), Errno::SUCCESS);
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open - 1, fds - 1));
    assert_eq!(rx.filetype(3), Ok(4));
    assert_eq!(rx.read(3), Ok(b"aaa".to_vec()));
    assert_eq!(
        x!(rx.fd_prestat_get(3, OUT)),
        Errno::BADF,
        "no longer a preopen"
    );
    assert_eq!(rx.open("A", 0, Rights::FD_READ), Err(Errno::NOTDIR));
    // Onto stdout: writes to fd 1 go to the file, not to the captured stream.
    assert_eq!(x!(rx.fd_renumber(3, 1)), Errno::SUCCESS);
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open - 2, fds - 1));
    assert_eq!(rx.filetype(3), Err(Errno::BADF));
    rx.mem[DATA as usize..][..3].copy_from_slice(b"out");
    put_u32(&mut rx.mem, IOV as usize, DATA);
    put_u32(&mut rx.mem, IOV as usize + 4, 3);
    assert_eq!(x!(rx.fd_write(1, IOV, 1, OUT)), Errno::SUCCESS);
    assert_eq!(std::fs::read(rx.host("A")).unwrap(), b"aaaout");
    assert_eq!(
        rx.stdout.contents(),
        b"",
        "nothing reached the captured stdout"
    );
    assert_eq!(rx.filetype(1), Ok(4));
}

#[test]
fn the_open_fd_cap_is_emfile_and_leaks_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-cap", 5);
    std::fs::write(rx.host("f"), b"f").unwrap();
    assert_eq!(rx.ctx.open_fds(), 4, "stdio and the preopen");
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Ok(4));
    let fds = host_fds();
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Err(Errno::MFILE));
    assert_eq!(
        rx.open(".", DIRECTORY, Rights::FD_READDIR),
        Err(Errno::MFILE)
    );
    assert_eq!(
        (rx.ctx.open_fds(), host_fds()),
        (5, fds),
        "no host fd leaked"
    );
    assert_eq!(x!(rx.fd_close(4)), Errno::SUCCESS);
    assert_eq!(rx.open("f", 0, Rights::FD_READ), Ok(4));
    assert_eq!(rx.read(4), Ok(b"f".to_vec()));
}

#[test]
fn emfile_creates_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-cap-creat", 4);
    assert_eq!(rx.open("new", CREAT, Rights::FD_READ), Err(Errno::MFILE));
    assert!(!rx.host("new").exists(), "a failed open created a file");
}

#[test]
fn closing_every_fd_or_dropping_the_context_releases_every_host_fd() {
    let _g = serial();
    let before = host_fds();
    let mut rx = Rx::new("fdt-close", 64);
    std::fs::create_dir(rx.host("d")).unwrap();
    assert_eq!(host_fds(), before + 1, "the preopen");
    for name in ["a", "b", "c"] {
        rx.open(name, CREAT, Rights::FD_READ | Rights::FD_WRITE)
            .unwrap();
    }
    rx.open_dir("d");
    assert_eq!((rx.ctx.open_fds(), host_fds()), (8, before + 5));
    for fd in 0..8 {
        assert_eq!(x!(rx.fd_close(fd)), Errno::SUCCESS, "fd {fd}");
    }
    assert_eq!(rx.ctx.open_fds(), 0);
    assert_eq!(host_fds(), before, "every host fd closed");
    for fd in 0..8 {
        assert_eq!(x!(rx.fd_close(fd)), Errno::BADF);
    }
    drop(rx);
    // Dropping a context with fds still open closes them too.
    let mut rx = Rx::new("fdt-drop", 64);
    for name in ["a", "b"] {
        rx.open(name, CREAT, Rights::FD_READ).unwrap();
    }
    assert_eq!(host_fds(), before + 3);
    drop(rx);
    assert_eq!(host_fds(), before);
}

#[test]
fn renumber_into_a_hole_is_ebadf_and_changes_nothing() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-hole", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ).unwrap();
    let b = rx.open("A", 0, Rights::FD_READ).unwrap();
    let c = rx.open("A", 0, Rights::FD_READ).unwrap();
    assert_eq!((a, b, c), (4, 5, 6));
    // fd 5 is a hole below the highest open fd: not open, so not a target.
    assert_eq!(x!(rx.fd_close(b)), Errno::SUCCESS);
    let (open, fds) = (rx.ctx.open_fds(), host_fds());
    assert_eq!(x!(rx.fd_renumber(a, b)), Errno::BADF);
    assert_eq!(x!(rx.fd_renumber(b, a)), Errno::BADF);
    assert_eq!((rx.ctx.open_fds(), host_fds()), (open, fds));
    assert_eq!(rx.filetype(b), Err(Errno::BADF), "the hole stays empty");
    assert_eq!(rx.read(a), Ok(b"aaa".to_vec()), "the source is still open");
    // The hole is still the lowest free number.
    assert_eq!(rx.open("A", 0, Rights::FD_READ), Ok(b));
    assert_eq!(rx.open("A", 0, Rights::FD_READ), Ok(7));
}

#[test]
fn a_renumbered_preopen_keeps_its_name() {
    let _g = serial();
    let mut rx = Rx::new("fdt-renum-preopen", 64);
    std::fs::write(rx.host("A"), b"aaa").unwrap();
    let a = rx.open("A", 0, Rights::FD_READ).unwrap();
    assert_eq!(x!(rx.fd_renumber(3, a)), Errno::SUCCESS);
    // fd 4 is the preopen now: a directory named "/" (prestat tag 0, name length 1).
    put_u32(&mut rx.mem, OUT as usize, 0xFFFF_FFFF);
    put_u32(&mut rx.mem, OUT as usize + 4, 0xFFFF_FFFF);
    assert_eq!(x!(rx.fd_prestat_get(a, OUT)), Errno::SUCCESS);
    assert_eq!(&rx.mem[OUT as usize..][..8], &[0, 0, 0, 0, 1, 0, 0, 0]);
    rx.mem[DATA as usize..][..4].fill(0xAA);
    assert_eq!(x!(rx.fd_prestat_dir_name(a, DATA, 1)), Errno::SUCCESS);
    assert_eq!(&rx.mem[DATA as usize..][..4], b"/\xAA\xAA\xAA");
    assert_eq!(x!(rx.fd_prestat_get(3, OUT)), Errno::BADF, "fd 3 is closed");
    // It still resolves paths.
    put_u32(&mut rx.mem, OUT as usize, 0);
    rx.mem[PATH as usize..][..1].copy_from_slice(b"A");
    let r = Rights::FD_READ.bits();
    assert_eq!(
        x!(rx.path_open(a, 0, PATH, 1, 0, r, r, 0, OUT)),
        Errno::SUCCESS
    );
    let fd = u32_at(&rx.mem, OUT as usize);
    assert_eq!((fd, rx.read(fd)), (3, Ok(b"aaa".to_vec())));
}
