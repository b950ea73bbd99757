//! `fd_readdir`: exact `dirent` records, truncation and resuming, cookie 0, large
//! directories; on the host, in memory and through an overlay (the entry types of devices
//! and sockets on the host alone).

#[macro_use]
mod common;
use common::rx::*;
use common::*;
use std::collections::BTreeSet;

crate::on_backings! {
    an_empty_directory_has_exactly_dot_and_dotdot;
    entries_carry_name_type_inode_and_a_cookie_to_resume_after_them;
    a_small_buffer_cuts_the_last_entry_and_resuming_lists_each_entry_once;
    cookie_zero_rereads_the_current_contents;
    readdir_refusals;
    a_directory_of_20000_entries_lists_completely;
    cookie_zero_after_a_cut_off_or_empty_read_rereads_the_directory;
}
use wasi_abi::Rights;
use wasi_impl::Errno;

fn an_empty_directory_has_exactly_dot_and_dotdot(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-empty", 64, backing);
    rx.put_dir("e");
    let e = rx.open_dir("e");
    let bytes = rx.readdir(e, 256, 0).unwrap();
    assert_eq!(bytes.len(), 24 + 1 + 24 + 2);
    let (ents, rest) = parse(&bytes);
    assert!(rest.is_empty());
    assert_eq!(names(&ents), [".", ".."]);
    let dot = ents.iter().find(|e| e.name == ".").unwrap();
    let dotdot = ents.iter().find(|e| e.name == "..").unwrap();
    assert_eq!((dot.ty, dotdot.ty), (3, 3), "directories");
    assert_eq!(dot.ino, rx.ino_of(e));
    assert_eq!(dot.ino, rx.backing_ino("e"));
    assert_eq!(dotdot.ino, rx.backing_ino(""));
    // The preopen itself, also empty but for "e".
    let ents = rx.list(3, 256);
    assert_eq!(names(&ents), [".", "..", "e"]);
    let dot = ents.iter().find(|e| e.name == ".").unwrap();
    assert_eq!(dot.ino, rx.ino_of(3));
    // Past the end: nothing.
    let last = ents.last().unwrap().next;
    assert_eq!(rx.readdir(3, 256, last), Ok(vec![]));
}

fn entries_carry_name_type_inode_and_a_cookie_to_resume_after_them(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-ents", 64, backing);
    rx.put("a.txt", b"a");
    rx.put_dir("sub");
    rx.put_link("a.txt", "ln");
    rx.put_link("nowhere", "dangling");
    rx.put(&"long-name-".repeat(20), b"");
    let ents = rx.list(3, 4096);
    let long = "long-name-".repeat(20);
    let want = [".", "..", "a.txt", "dangling", "ln", long.as_str(), "sub"];
    assert_eq!(names(&ents), want);
    for ent in &ents[..] {
        let ty = match ent.name.as_str() {
            "." | ".." | "sub" => 3,
            "ln" | "dangling" => 7,
            _ => 4,
        };
        assert_eq!(ent.ty, ty, "{}", ent.name);
        if ent.name != ".." {
            let rel = if ent.name == "." {
                ""
            } else {
                ent.name.as_str()
            };
            assert_eq!(ent.ino, rx.backing_ino(rel), "{}", ent.name);
        }
    }
    // Each entry's d_next resumes exactly after it.
    for pair in ents.windows(2) {
        let bytes = rx.readdir(3, 4096, pair[0].next).unwrap();
        assert_eq!(parse(&bytes).0[0], pair[1], "after {}", pair[0].name);
    }
    let cookies: BTreeSet<u64> = ents.iter().map(|e| e.next).collect();
    assert_eq!(cookies.len(), ents.len(), "distinct cookies");
}

fn a_small_buffer_cuts_the_last_entry_and_resuming_lists_each_entry_once(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-small", 64, backing);
    rx.put_dir("d");
    for i in 0..150 {
        rx.put(&format!("d/file-{i:03}"), b"");
    }
    let d = rx.open_dir("d");
    let whole = rx.readdir(d, 32768, 0).unwrap();
    assert!(whole.len() < 32768);
    // 30 bytes: the start of the listing, the last entry cut off (the kernel's order is
    // its own: the first entry may be "." or a 32-byte "file-NNN").
    let first = parse(&whole).0[0].clone();
    let first_len = 24 + first.name.len();
    let bytes = rx.readdir(d, 30, 0).unwrap();
    assert_eq!(
        bytes[..],
        whole[..30],
        "the same bytes as in a large buffer"
    );
    assert_eq!(parse(&bytes).0.len(), usize::from(first_len <= 30));
    // One entry and 6 bytes of the next.
    let len = first_len as u32 + 6;
    let bytes = rx.readdir(d, len, 0).unwrap();
    let (ents, cut) = parse(&bytes);
    assert_eq!((ents, cut), (vec![first], &whole[first_len..first_len + 6]));
    // 10 bytes: not even one header.
    assert_eq!(rx.readdir(d, 10, 0).unwrap()[..], whole[..10]);
    assert_eq!(rx.readdir(d, 0, 0), Ok(vec![]));
    // 256 bytes at a time: every entry exactly once.
    let ents = rx.list(d, 256);
    let mut want: Vec<String> = (0..150).map(|i| format!("file-{i:03}")).collect();
    want.extend([".".to_string(), "..".to_string()]);
    want.sort();
    assert_eq!(names(&ents), want);
    assert_eq!(ents, parse(&whole).0, "the same entries, in the same order");
}

fn cookie_zero_rereads_the_current_contents(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-reread", 64, backing);
    rx.put("a", b"");
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "a"]);
    rx.put("b", b"");
    rx.rm("a");
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b"]);
    // Created through the guest, seen by the next listing.
    rx.open("c", CREAT, Rights::FD_READ).unwrap();
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b", "c"]);
}

fn readdir_refusals(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-err", 64, backing);
    rx.put("f", b"");
    rx.put_dir("d");
    let f = rx.open("f", 0, Rights::all()).unwrap();
    assert_eq!(rx.readdir(f, 256, 0), Err(Errno::NOTDIR));
    let d = rx.open("d", DIRECTORY, Rights::PATH_OPEN).unwrap();
    assert_eq!(rx.readdir(d, 256, 0), Err(Errno::NOTCAPABLE));
    assert_eq!(rx.readdir(1, 256, 0), Err(Errno::NOTDIR), "stdout");
    assert_eq!(rx.readdir(3, 256, 1 << 63), Err(Errno::INVAL));
    assert_eq!(rx.readdir(3, 256, u64::MAX), Err(Errno::INVAL));
    // Dropping FD_READDIR from the preopen.
    let base = (Rights::all() - Rights::FD_READDIR).bits();
    assert_eq!(x!(rx.fd_fdstat_set_rights(3, base, 0)), Errno::NOTCAPABLE);
    assert_eq!(x!(rx.fd_fdstat_get(3, STAT)), Errno::SUCCESS);
    let base = u64_at(&rx.mem, STAT as usize + 8) & !Rights::FD_READDIR.bits();
    assert_eq!(x!(rx.fd_fdstat_set_rights(3, base, 0)), Errno::SUCCESS);
    assert_eq!(rx.readdir(3, 256, 0), Err(Errno::NOTCAPABLE));
}

fn a_directory_of_20000_entries_lists_completely(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-big", 64, backing);
    rx.put_dir("big");
    for i in 0..20_000 {
        rx.put(&format!("big/{i}"), b"");
    }
    let d = rx.open_dir("big");
    let ents = rx.list(d, 32768);
    assert_eq!(ents.len(), 20_002);
    let set: BTreeSet<&str> = ents.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(set.len(), 20_002, "no entry twice");
    assert!((0..20_000).all(|i| set.contains(format!("{i}").as_str())));
    // A smaller buffer gives the same listing.
    assert_eq!(rx.list(d, 4000), ents);
}

fn cookie_zero_after_a_cut_off_or_empty_read_rereads_the_directory(backing: Backing) {
    let _g = serial();
    let mut rx = Rx::on("rd-reread-cut", 64, backing);
    rx.put("a", b"");
    // A read that hands out no whole entry (cut off in the first header), then one into an
    // empty buffer: both at cookie 0, so the position stays at cookie 0.
    assert_eq!(rx.readdir(3, 10, 0).map(|b| b.len()), Ok(10));
    assert_eq!(rx.readdir(3, 0, 0), Ok(vec![]));
    rx.put("b", b"");
    rx.rm("a");
    // Cookie 0 again: the directory as it is now, not what was read before.
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b"]);
    // The same after a listing that reached the end.
    rx.put("c", b"");
    assert_eq!(rx.readdir(3, 0, 0), Ok(vec![]));
    assert_eq!(names(&rx.list(3, 4096)), [".", "..", "b", "c"]);
}

#[test]
fn entries_of_every_kind_report_their_type() {
    use std::os::unix::fs::FileTypeExt;
    let _g = serial();
    // A socket file and a FIFO-free directory made here; devices from the host's /dev.
    let mut rx = Rx::new("rd-kinds", 64);
    let _socket = std::os::unix::net::UnixListener::bind(rx.host("sock")).unwrap();
    std::fs::create_dir(rx.host("d")).unwrap();
    std::fs::write(rx.host("f"), b"").unwrap();
    std::os::unix::fs::symlink("f", rx.host("l")).unwrap();
    let ents = rx.list(3, 4096);
    let ty = |name: &str| ents.iter().find(|e| e.name == name).map(|e| e.ty);
    assert_eq!(
        [ty("sock"), ty("d"), ty("f"), ty("l")],
        [Some(6), Some(3), Some(4), Some(7)],
        "SOCKET_STREAM, DIRECTORY, REGULAR_FILE, SYMBOLIC_LINK"
    );
    let ctx = wasi_impl::WasiCtx::builder()
        .preopen_dir_readonly("/dev", "/dev")
        .build()
        .unwrap();
    rx.ctx = ctx;
    let dev = rx.list(3, 32768);
    let null = dev.iter().find(|e| e.name == "null").expect("/dev/null");
    assert_eq!(null.ty, 2, "CHARACTER_DEVICE");
    // A block device, where the host has one.
    let block = std::fs::read_dir("/dev")
        .unwrap()
        .flatten()
        .find(|e| e.file_type().is_ok_and(|t| t.is_block_device()));
    if let Some(block) = block {
        let name = block.file_name().into_string().unwrap();
        let ent = dev.iter().find(|e| e.name == name).unwrap();
        assert_eq!(ent.ty, 1, "BLOCK_DEVICE: /dev/{name}");
    } else {
        eprintln!("no block device in /dev: BLOCK_DEVICE not checked");
    }
}
