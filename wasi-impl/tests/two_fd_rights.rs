//! The calls that take two directory fds check each right on its own fd: `path_rename` needs
//! `PATH_RENAME_SOURCE` on the old path's fd and `PATH_RENAME_TARGET` on the new path's;
//! `path_link` needs `PATH_LINK_SOURCE` and `PATH_LINK_TARGET` the same way.

#[macro_use]
mod common;
use common::rx::*;
use wasi_abi::Rights;
use wasi_impl::Errno;

/// Puts `old` at PATH and `new` at PATH + 512; their lengths.
fn paths(rx: &mut Rx, old: &str, new: &str) -> (u32, u32) {
    rx.mem[PATH as usize..][..old.len()].copy_from_slice(old.as_bytes());
    rx.mem[PATH as usize + 512..][..new.len()].copy_from_slice(new.as_bytes());
    (old.len() as u32, new.len() as u32)
}

/// Directories `src` and `dst` under the preopen, opened with exactly `src_rights` and
/// `dst_rights`; `src/f` holds "f".
fn two_dirs(rx: &mut Rx, src_rights: Rights, dst_rights: Rights) -> (u32, u32) {
    std::fs::create_dir(rx.host("src")).unwrap();
    std::fs::create_dir(rx.host("dst")).unwrap();
    std::fs::write(rx.host("src/f"), b"f").unwrap();
    let src = rx.open("src", DIRECTORY, src_rights).unwrap();
    let dst = rx.open("dst", DIRECTORY, dst_rights).unwrap();
    (src, dst)
}

#[test]
fn path_rename_checks_source_on_the_old_fd_and_target_on_the_new_fd() {
    let _g = serial();
    let mut rx = Rx::new("rename-rights", 64);
    let (src, dst) = two_dirs(
        &mut rx,
        Rights::PATH_RENAME_SOURCE,
        Rights::PATH_RENAME_TARGET,
    );
    let (ol, nl) = paths(&mut rx, "f", "g");
    // The wrong way round: src lacks TARGET, dst lacks SOURCE.
    assert_eq!(
        x!(rx.path_rename(dst, PATH, ol, src, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    // Each fd with only the other's right.
    assert_eq!(
        x!(rx.path_rename(src, PATH, ol, src, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        x!(rx.path_rename(dst, PATH, ol, dst, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    assert!(rx.host("src/f").exists() && !rx.host("src/g").exists());
    assert_eq!(
        x!(rx.path_rename(src, PATH, ol, dst, PATH + 512, nl)),
        Errno::SUCCESS
    );
    assert!(!rx.host("src/f").exists());
    assert_eq!(std::fs::read(rx.host("dst/g")).unwrap(), b"f");
}

#[test]
fn path_link_checks_source_on_the_old_fd_and_target_on_the_new_fd() {
    let _g = serial();
    let mut rx = Rx::new("link-rights", 64);
    let (src, dst) = two_dirs(&mut rx, Rights::PATH_LINK_SOURCE, Rights::PATH_LINK_TARGET);
    let (ol, nl) = paths(&mut rx, "f", "g");
    assert_eq!(
        x!(rx.path_link(dst, 0, PATH, ol, src, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        x!(rx.path_link(src, 0, PATH, ol, src, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    assert_eq!(
        x!(rx.path_link(dst, 0, PATH, ol, dst, PATH + 512, nl)),
        Errno::NOTCAPABLE
    );
    assert!(!rx.host("src/g").exists() && !rx.host("dst/g").exists());
    assert_eq!(
        x!(rx.path_link(src, 0, PATH, ol, dst, PATH + 512, nl)),
        Errno::SUCCESS
    );
    assert_eq!(std::fs::read(rx.host("dst/g")).unwrap(), b"f");
    assert_eq!(std::fs::read(rx.host("src/f")).unwrap(), b"f");
}
