//! Paths as deep as `PATH_MAX` allows, on every backing: a file 300 directories down opens,
//! stats and gets a sibling directory through either resolver (the walk once refused more
//! than 256 levels with `ENAMETOOLONG`), `..` and a symlink climb back up from the bottom
//! and are still refused above the fd, and length alone decides `ENAMETOOLONG`: 4095 bytes
//! are walked, 4096 are not.

mod common;
use common::*;
use wasi_abi::{Filetype, Oflags, Rights};
use wasi_impl::Errno;

crate::on_every_backend! {
    a_file_300_directories_down_opens;
    dot_dot_and_symlinks_climb_back_from_the_bottom;
    only_the_length_of_a_path_makes_it_too_long;
}

/// Levels of the chain `d/d/.../d` made in the sandbox.
const DEPTH: usize = 300;

/// `d/` repeated `n` times.
fn down(n: usize) -> String {
    "d/".repeat(n)
}

/// The sandbox with the chain `d/` x 300, `bottom.txt` at its end and `d/g.txt` at its top.
fn chain(j: &mut Jail) {
    j.add_dirs(down(DEPTH).trim_end_matches('/'));
    j.add_file(&format!("{}bottom.txt", down(DEPTH)), b"at the bottom");
    j.add_file("d/g.txt", b"one level down");
}

fn read_file(j: &mut Jail, path: &str) -> Result<Vec<u8>, Errno> {
    let fd = j.open(3, true, path.as_bytes(), Oflags::empty(), Rights::FD_READ)?;
    let bytes = j.read_fd(fd);
    j.close(fd);
    Ok(bytes)
}

fn a_file_300_directories_down_opens(j: &mut Jail) {
    chain(j);
    let bottom = format!("{}bottom.txt", down(DEPTH));
    assert_eq!(read_file(j, &bottom).as_deref(), Ok(&b"at the bottom"[..]));
    let st = j.stat(3, true, bottom.as_bytes()).unwrap();
    assert_eq!((st.filetype, st.size), (Filetype::RegularFile.raw(), 13));
    // The directory at the bottom, and a new one made in it.
    let dir = j.open(
        3,
        true,
        down(DEPTH).as_bytes(),
        Oflags::DIRECTORY,
        Rights::FD_READDIR,
    );
    j.close(dir.unwrap());
    let new = format!("{}new", down(DEPTH));
    assert_eq!(j.mkdir(3, new.as_bytes()), Errno::SUCCESS);
    let st = j.stat(3, false, new.as_bytes()).unwrap();
    assert_eq!(st.filetype, Filetype::Directory.raw());
    if j.backing.writes_host() {
        assert!(j.sb(&new).is_dir());
    }
    // One level deeper than the chain: nothing there.
    let missing = format!("{}d/x", down(DEPTH));
    assert_eq!(read_file(j, &missing), Err(Errno::NOENT));
}

fn dot_dot_and_symlinks_climb_back_from_the_bottom(j: &mut Jail) {
    chain(j);
    // Down 300, up 299: `d/g.txt`.
    let bounce = format!("{}{}g.txt", down(DEPTH), "../".repeat(DEPTH - 1));
    assert_eq!(read_file(j, &bounce).as_deref(), Ok(&b"one level down"[..]));
    // Up and down again, deep below the top.
    let zigzag = format!(
        "{}{}{}bottom.txt",
        down(DEPTH - 100),
        "../".repeat(150),
        down(250)
    );
    assert_eq!(read_file(j, &zigzag).as_deref(), Ok(&b"at the bottom"[..]));
    // A symlink at the bottom back up to `d/g.txt`.
    let back = format!("{}g.txt", "../".repeat(DEPTH - 1));
    j.add_symlink(&back, &format!("{}back", down(DEPTH)));
    let through = format!("{}back", down(DEPTH));
    assert_eq!(
        read_file(j, &through).as_deref(),
        Ok(&b"one level down"[..])
    );
    // One `..` more than the way down is above the fd, however deep the way was.
    let above = format!("{}{}sandbox/d/g.txt", down(DEPTH), "../".repeat(DEPTH + 1));
    assert_eq!(read_file(j, &above), Err(Errno::NOTCAPABLE));
    let above = format!("{}{}", down(DEPTH), "../".repeat(DEPTH + 1));
    assert_eq!(j.mkdir(3, above.as_bytes()), Errno::NOTCAPABLE);
    let up = format!("{}{}x", down(DEPTH), "../".repeat(DEPTH));
    assert_eq!(j.mkdir(3, up.as_bytes()), Errno::SUCCESS);
    assert_eq!(j.kind("x"), Some(Filetype::Directory));
}

fn only_the_length_of_a_path_makes_it_too_long(j: &mut Jail) {
    chain(j);
    // 4095 bytes, 2048 levels: walked down the chain to where it ends.
    let longest = format!("{}d", down(2047));
    assert_eq!(longest.len(), 4095);
    assert_eq!(read_file(j, &longest), Err(Errno::NOENT));
    // 4096 bytes: refused before anything is looked at.
    let too_long = down(2048);
    assert_eq!(read_file(j, &too_long), Err(Errno::NAMETOOLONG));
    assert_eq!(j.mkdir(3, too_long.as_bytes()), Errno::NAMETOOLONG);
    let too_long = format!("{}bottom.txt{}", down(DEPTH), "/.".repeat(1743));
    assert_eq!(too_long.len(), 4096);
    assert_eq!(read_file(j, &too_long), Err(Errno::NAMETOOLONG));
}
