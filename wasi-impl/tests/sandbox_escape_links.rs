//! No path operation reaches outside its directory fd, part 2: `path_create_directory`,
//! `path_remove_directory`, `path_unlink_file`, `path_rename`, `path_link`, `path_symlink`,
//! `path_readlink`; NUL bytes and bad UTF-8 in the paths of every call; a directory fd opened
//! through the preopen as its own boundary; two preopens. Part 1 is `sandbox_escape.rs`.
//!
//! These calls resolve the *parent* of a path beneath the fd and act on the last component
//! without following it. So an escape anywhere before the last component is `ENOTCAPABLE`,
//! while a last component that is an escape symlink names the link itself, which lies inside
//! the sandbox: the host call then acts on (or refuses) the link, never its target. Every
//! test runs once per resolver and ends with `Jail::assert_outside_intact`.

mod common;
use common::*;
use std::os::unix::ffi::OsStringExt;
use wasi_abi::{Filetype, Oflags, Rights};
use wasi_impl::Errno;

crate::on_every_backend! {
    create_directory_escapes_are_refused;
    remove_directory_escapes_are_refused;
    unlink_escapes_are_refused_and_unlinking_a_link_keeps_its_target;
    rename_escapes_are_refused;
    link_escapes_are_refused;
    symlink_escapes_are_refused_and_planted_links_cannot_be_followed;
    readlink_escapes_are_refused_and_link_contents_are_not;
    nul_and_bad_utf8_paths_for_every_call;
    directory_fd_is_its_own_boundary;
    two_preopens_reach_each_other_only_through_their_fds;
}

const READ: Rights = Rights::FD_READ.union(Rights::FD_FILESTAT_GET);
const WRITE: Rights = READ.union(Rights::FD_WRITE);
/// Everything but the rights that would open a directory for writing (`EISDIR`).
const DIR: Rights = Rights::all()
    .difference(Rights::FD_WRITE)
    .difference(Rights::FD_ALLOCATE)
    .difference(Rights::FD_FILESTAT_SET_SIZE);
const MODES: [(&str, Oflags, Rights); 3] = [
    ("read", Oflags::empty(), READ),
    (
        "write|creat|trunc",
        Oflags::CREAT.union(Oflags::TRUNC),
        WRITE,
    ),
    ("directory", Oflags::DIRECTORY, DIR),
];
/// Stdio and the two preopens.
const BASE_FDS: usize = 5;
const NC: Errno = Errno::NOTCAPABLE;

fn show(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

/// [`Jail::escape_paths`] plus `<link>/<name>` for every escape link and `<way out>/<name>`.
fn escapes_with(fx: &Jail, name: &str) -> Vec<Vec<u8>> {
    let mut paths = fx.escape_paths();
    for link in JAIL_ESCAPE_LINKS {
        paths.push(format!("{link}/{name}").into_bytes());
    }
    for prefix in ["..", "../outside", "up/outside", "sub/../../outside", "/"] {
        paths.push(format!("{prefix}/{name}").into_bytes());
    }
    paths.push(format!("{}/outside/{name}", fx.root.display()).into_bytes());
    paths
}

/// Every escape link, looping link and their slashed forms: the last component is the link.
fn links_as_last_component() -> Vec<&'static str> {
    let mut all = JAIL_ESCAPE_LINKS.to_vec();
    all.extend(JAIL_SLASHED_LINKS);
    all.extend(JAIL_LOOP_LINKS);
    all.extend(JAIL_THROUGH_LOOPS.iter().filter(|p| p.ends_with('/')));
    all
}

/// Paths through a looping link that is not their last component.
fn through_loops() -> impl Iterator<Item = &'static str> {
    JAIL_THROUGH_LOOPS.into_iter().filter(|p| !p.ends_with('/'))
}

/// Every link of the fixture is still the same symlink.
fn assert_links_kept(fx: &mut Jail) {
    let all = JAIL_ESCAPE_LINKS.iter().chain(&JAIL_LOOP_LINKS);
    for link in all {
        assert_eq!(
            fx.kind(link),
            Some(Filetype::SymbolicLink),
            "{link} is gone"
        );
    }
}

fn create_directory_escapes_are_refused(fx: &mut Jail) {
    for path in escapes_with(fx, "newdir") {
        let got = fx.mkdir(3, &path);
        assert_eq!(got, NC, "{:?}: mkdir {:?}", fx.resolver, show(&path));
    }
    // The link itself exists, slash or not: EEXIST, and nothing is made at its target (the
    // dangling `dangling_out` would otherwise create `outside/nonexistent`).
    for link in links_as_last_component() {
        assert_eq!(fx.mkdir(3, link.as_bytes()), Errno::EXIST, "mkdir {link}");
    }
    for path in through_loops() {
        assert_eq!(fx.mkdir(3, path.as_bytes()), Errno::LOOP, "mkdir {path}");
    }
    assert_links_kept(fx);
    // Inside, through `..` that stays inside.
    assert_eq!(fx.mkdir(3, b"sub/../made"), Errno::SUCCESS);
    assert_eq!(fx.mkdir(3, b"sub/newdir/"), Errno::SUCCESS);
    assert_eq!(fx.kind("made"), Some(Filetype::Directory));
    assert_eq!(fx.kind("sub/newdir"), Some(Filetype::Directory));
    assert_eq!(fx.kind("newdir"), None);
}

fn remove_directory_escapes_are_refused(fx: &mut Jail) {
    for path in escapes_with(fx, "secret_dir") {
        let got = fx.rmdir(3, &path);
        assert_eq!(got, NC, "{:?}: rmdir {:?}", fx.resolver, show(&path));
    }
    // A link, even to a directory and even with a slash, is not a directory to remove.
    for link in links_as_last_component() {
        assert_eq!(fx.rmdir(3, link.as_bytes()), Errno::NOTDIR, "rmdir {link}");
    }
    for path in through_loops() {
        assert_eq!(fx.rmdir(3, path.as_bytes()), Errno::LOOP, "rmdir {path}");
    }
    assert_links_kept(fx);
    // Paths ending in dots inside the sandbox.
    assert_eq!(fx.rmdir(3, b"sub/.."), Errno::NOTEMPTY);
    assert_eq!(fx.rmdir(3, b"sub/../.."), NC);
    assert_eq!(fx.rmdir(3, b"."), Errno::INVAL);
    assert_eq!(fx.rmdir(3, b"sub/."), Errno::INVAL);
    assert_eq!(fx.kind("sub"), Some(Filetype::Directory));
    assert_eq!(fx.mkdir(3, b"empty"), Errno::SUCCESS);
    assert_eq!(fx.rmdir(3, b"sub/../empty"), Errno::SUCCESS);
    assert_eq!(fx.kind("empty"), None);
}

fn unlink_escapes_are_refused_and_unlinking_a_link_keeps_its_target(fx: &mut Jail) {
    for path in escapes_with(fx, "canary") {
        let got = fx.unlink(3, &path);
        assert_eq!(got, NC, "{:?}: unlink {:?}", fx.resolver, show(&path));
    }
    // `name/` must be a directory; a link is not one (the kernel does not follow it here).
    for link in JAIL_SLASHED_LINKS {
        assert_eq!(
            fx.unlink(3, link.as_bytes()),
            Errno::NOTDIR,
            "unlink {link}"
        );
    }
    for path in through_loops() {
        assert_eq!(fx.unlink(3, path.as_bytes()), Errno::LOOP, "unlink {path}");
    }
    assert_links_kept(fx);
    // Unlinking an escape link itself is allowed: only the link goes, never its target
    // (assert_outside_intact checks the canary and `outside/`).
    let all = JAIL_ESCAPE_LINKS.iter().chain(&JAIL_LOOP_LINKS);
    for link in all {
        assert_eq!(
            fx.unlink(3, link.as_bytes()),
            Errno::SUCCESS,
            "unlink {link}"
        );
        assert!(fx.kind(link).is_none(), "{link} still there");
    }
    assert_eq!(fx.unlink(3, b"sub/../ok_link"), Errno::SUCCESS);
    assert_eq!(fx.bytes_of("inside.txt").unwrap(), JAIL_INSIDE);
}

fn rename_escapes_are_refused(fx: &mut Jail) {
    // Source outside.
    for path in escapes_with(fx, "canary") {
        let got = fx.rename(3, &path, 3, b"stolen");
        assert_eq!(
            got,
            NC,
            "{:?}: rename {:?} -> stolen",
            fx.resolver,
            show(&path)
        );
    }
    // Target outside, for a file and for a directory (`sub` over `..`, over the outside's
    // empty `secret_dir`, ...).
    for path in escapes_with(fx, "planted") {
        for source in ["inside.txt", "sub"] {
            let got = fx.rename(3, source.as_bytes(), 3, &path);
            let p = show(&path);
            assert_eq!(got, NC, "{:?}: rename {source} -> {p:?}", fx.resolver);
        }
    }
    assert_eq!(fx.kind("stolen"), None);
    assert_eq!(fx.kind("inside.txt"), Some(Filetype::RegularFile));
    assert_eq!(fx.kind("sub"), Some(Filetype::Directory));
    // Dots inside the sandbox cannot be renamed or replaced.
    assert_eq!(fx.rename(3, b"sub", 3, b"sub/.."), Errno::BUSY);
    assert_eq!(fx.rename(3, b"sub/..", 3, b"y"), Errno::BUSY);
    assert_eq!(fx.rename(3, b".", 3, b"y"), Errno::BUSY);
    // A slashed link as either name must be a directory, which a link is not.
    for link in JAIL_SLASHED_LINKS {
        assert_eq!(
            fx.rename(3, link.as_bytes(), 3, b"stolen"),
            Errno::NOTDIR,
            "{link}"
        );
        for source in ["inside.txt", "sub"] {
            let got = fx.rename(3, source.as_bytes(), 3, link.as_bytes());
            // `sub` into `sub/deep_up/`: a directory into itself, which comes first.
            let want = if source == "sub" && link.starts_with("sub/") {
                Errno::INVAL
            } else {
                Errno::NOTDIR
            };
            assert_eq!(got, want, "{source} -> {link}");
        }
    }
    for path in through_loops() {
        assert_eq!(
            fx.rename(3, path.as_bytes(), 3, b"s"),
            Errno::LOOP,
            "{path}"
        );
        assert_eq!(fx.rename(3, b"inside.txt", 3, path.as_bytes()), Errno::LOOP);
    }
    // A directory cannot replace a link (to a directory or not).
    assert_eq!(fx.rename(3, b"sub", 3, b"up"), Errno::NOTDIR);
    assert_eq!(fx.rename(3, b"sub", 3, b"dangling_out"), Errno::NOTDIR);
    assert_links_kept(fx);
    // Renaming the links themselves moves only the links; a file may replace a link, and
    // replacing `dangling_out` creates nothing at its target.
    assert_eq!(fx.rename(3, b"abs_canary", 3, b"sub/moved"), Errno::SUCCESS);
    assert_eq!(fx.target_of("sub/moved"), Some(fx.outside.join("canary")));
    assert_eq!(
        fx.rename(3, b"inside.txt", 3, b"dangling_out"),
        Errno::SUCCESS
    );
    assert_eq!(fx.bytes_of("dangling_out").unwrap(), JAIL_INSIDE);
    assert_eq!(fx.rename(3, b"sub/deep_up", 3, b"deep"), Errno::SUCCESS);
    assert_eq!(fx.kind("deep"), Some(Filetype::SymbolicLink));
}

fn link_escapes_are_refused(fx: &mut Jail) {
    // Old path outside, following or not.
    for path in escapes_with(fx, "canary") {
        for follow in [false, true] {
            let got = fx.link(3, follow, &path, 3, b"hard");
            let p = show(&path);
            assert_eq!(got, NC, "{:?}: link {p:?} follow={follow}", fx.resolver);
        }
    }
    // Following an escape link (or any link behind a slash) leaves the sandbox.
    for link in JAIL_ESCAPE_LINKS {
        assert_eq!(fx.link(3, true, link.as_bytes(), 3, b"hard"), NC, "{link}");
    }
    for link in JAIL_SLASHED_LINKS {
        for follow in [false, true] {
            let got = fx.link(3, follow, link.as_bytes(), 3, b"hard");
            assert_eq!(got, NC, "{link} follow={follow}");
        }
    }
    for link in JAIL_LOOP_LINKS.into_iter().chain(JAIL_THROUGH_LOOPS) {
        assert_eq!(fx.link(3, true, link.as_bytes(), 3, b"hard"), Errno::LOOP);
    }
    // New path outside.
    for path in escapes_with(fx, "hard") {
        let got = fx.link(3, false, b"inside.txt", 3, &path);
        assert_eq!(got, NC, "{:?}: link -> {:?}", fx.resolver, show(&path));
    }
    // A new path that is an existing link, even dangling or slashed, exists.
    for link in links_as_last_component() {
        let got = fx.link(3, false, b"inside.txt", 3, link.as_bytes());
        assert_eq!(got, Errno::EXIST, "link -> {link}");
    }
    assert_eq!(fx.kind("hard"), None);
    assert_eq!(fx.nlink_of("inside.txt"), 1);
    assert_links_kept(fx);
    // Linking the escape link itself (no follow) links the link's own inode: the canary
    // keeps one link (checked by assert_outside_intact).
    assert_eq!(fx.link(3, false, b"abs_canary", 3, b"hard"), Errno::SUCCESS);
    assert_eq!(fx.target_of("hard"), Some(fx.outside.join("canary")));
    let (hard, link) = (fx.ino_of("hard"), fx.ino_of("abs_canary"));
    assert_eq!((hard, fx.nlink_of("hard")), (link, 2));
    // Following links that stay inside links their targets.
    assert_eq!(fx.link(3, true, b"ok_link", 3, b"hard2"), Errno::SUCCESS);
    assert_eq!(
        fx.link(3, true, b"sub/ok_up", 3, b"sub/hard3"),
        Errno::SUCCESS
    );
    assert_eq!(fx.nlink_of("inside.txt"), 3);
    assert_eq!(fx.ino_of("sub/hard3"), fx.ino_of("inside.txt"));
}

fn symlink_escapes_are_refused_and_planted_links_cannot_be_followed(fx: &mut Jail) {
    // An absolute target could never be followed inside a sandbox: refused.
    let r = fx.root.display().to_string();
    let absolute = ["/etc/passwd", "/", "//x", &format!("{r}/outside/canary")];
    for target in absolute {
        assert_eq!(fx.symlink(target.as_bytes(), 3, b"evil"), NC, "{target}");
    }
    assert_eq!(fx.kind("evil"), None);
    // New path outside.
    for path in escapes_with(fx, "evil") {
        let got = fx.symlink(b"inside.txt", 3, &path);
        assert_eq!(got, NC, "{:?}: symlink {:?}", fx.resolver, show(&path));
    }
    for link in links_as_last_component() {
        let got = fx.symlink(b"inside.txt", 3, link.as_bytes());
        assert_eq!(got, Errno::EXIST, "symlink -> {link}");
    }
    assert_links_kept(fx);
    // A relative target is just a string: a link that escapes may be made, but following it
    // is refused like any other escape link.
    let planted: [(&[u8], &[u8]); 4] = [
        (b"../outside/canary", b"evil"),
        (b"../../outside", b"sub/evil2"),
        (b"up/outside/canary", b"evil3"),
        (b"chain1", b"evil4"),
    ];
    for (target, name) in planted {
        assert_eq!(fx.symlink(target, 3, name), Errno::SUCCESS);
        assert_eq!(fx.readlink(3, name).unwrap(), target);
    }
    let follow: [&[u8]; 6] = [
        b"evil",
        b"evil/",
        b"sub/evil2/canary",
        b"sub/evil2",
        b"evil3",
        b"evil4",
    ];
    for path in follow {
        let p = show(path);
        for (mode, oflags, rights) in MODES {
            let got = fx.open(3, true, path, oflags, rights);
            // Both resolvers refuse CREAT with a trailing slash before following anything;
            // see `creat_with_trailing_slash_is_eisdir` in part 1.
            let slashed_creat = path.ends_with(b"/") && oflags.contains(Oflags::CREAT);
            let want = if slashed_creat { Errno::ISDIR } else { NC };
            assert_eq!(got, Err(want), "{:?}: open {p} {mode}", fx.resolver);
        }
        assert_eq!(fx.stat(3, true, path).map(|s| s.ino), Err(NC), "stat {p}");
        assert_eq!(fx.set_mtime(3, true, path, 1), NC, "set_times {p}");
        assert_eq!(fx.link(3, true, path, 3, b"hard"), NC, "link {p}");
    }
    assert_eq!(fx.mkdir(3, b"sub/evil2/newdir"), NC);
    assert_eq!(fx.unlink(3, b"sub/evil2/canary"), NC);
    // A link that stays inside works.
    assert_eq!(fx.symlink(b"sub/nested.txt", 3, b"good"), Errno::SUCCESS);
    let fd = fx.open(3, true, b"good", Oflags::empty(), READ).unwrap();
    assert_eq!(fx.read_fd(fd), b"nested");
    fx.close(fd);
}

fn readlink_escapes_are_refused_and_link_contents_are_not(fx: &mut Jail) {
    for path in escapes_with(fx, "x") {
        let got = fx.readlink(3, &path);
        assert_eq!(
            got,
            Err(NC),
            "{:?}: readlink {:?}",
            fx.resolver,
            show(&path)
        );
    }
    // The content of a link inside the sandbox is the guest's to read, even when it names a
    // host path: that reveals a string, not a way out.
    for link in JAIL_ESCAPE_LINKS.into_iter().chain(JAIL_LOOP_LINKS) {
        let host = std::fs::read_link(fx.sb(link)).unwrap();
        let want = host.into_os_string().into_vec();
        assert_eq!(fx.readlink(3, link.as_bytes()), Ok(want), "readlink {link}");
    }
    // `name/` names what the link leads to, never the link: it is resolved with the sandbox
    // rules, so an escaping link is refused and a looping one is ELOOP.
    for link in JAIL_SLASHED_LINKS {
        assert_eq!(
            fx.readlink(3, link.as_bytes()),
            Err(Errno::NOTCAPABLE),
            "{link}"
        );
    }
    for link in ["loop_b/", "selfloop/"] {
        assert_eq!(fx.readlink(3, link.as_bytes()), Err(Errno::LOOP), "{link}");
    }
    // A slashed name that resolves inside is a directory: not a link to read.
    assert_eq!(fx.readlink(3, b"sub/"), Err(Errno::INVAL));
    for path in through_loops() {
        assert_eq!(fx.readlink(3, path.as_bytes()), Err(Errno::LOOP), "{path}");
    }
    assert_eq!(
        fx.readlink(3, b"sub/../sub/ok_up"),
        Ok(b"../inside.txt".to_vec())
    );
    assert_eq!(fx.readlink(3, b"inside.txt"), Err(Errno::INVAL));
}

fn nul_and_bad_utf8_paths_for_every_call(fx: &mut Jail) {
    // A NUL would cut the path short on the host ("inside.txt\0/../../outside/canary" would
    // become "inside.txt"), so it is refused (EINVAL) before anything is looked up; path_len
    // counts the NUL. Bytes that are not UTF-8 are EILSEQ.
    let bad: [(&[u8], Errno); 6] = [
        (b"inside.txt\0", Errno::INVAL),
        (b"\0", Errno::INVAL),
        (b"new\0", Errno::INVAL),
        (b"inside.txt\0/../../outside/canary", Errno::INVAL),
        (b"../outside/canary\0", Errno::INVAL),
        (b"inside\xff.txt", Errno::ILSEQ),
    ];
    for (path, want) in bad {
        let p = show(path);
        for follow in [false, true] {
            for (mode, oflags, rights) in MODES {
                let got = fx.open(3, follow, path, oflags, rights);
                assert_eq!(got, Err(want), "open {p:?} {mode}");
            }
            assert_eq!(fx.stat(3, follow, path).map(|s| s.ino), Err(want), "{p:?}");
            assert_eq!(fx.set_mtime(3, follow, path, 1), want, "set_times {p:?}");
            assert_eq!(fx.link(3, follow, path, 3, b"l"), want, "link old {p:?}");
            assert_eq!(
                fx.link(3, follow, b"inside.txt", 3, path),
                want,
                "link new {p:?}"
            );
        }
        assert_eq!(fx.mkdir(3, path), want, "mkdir {p:?}");
        assert_eq!(fx.rmdir(3, path), want, "rmdir {p:?}");
        assert_eq!(fx.unlink(3, path), want, "unlink {p:?}");
        assert_eq!(fx.rename(3, path, 3, b"r"), want, "rename old {p:?}");
        assert_eq!(
            fx.rename(3, b"inside.txt", 3, path),
            want,
            "rename new {p:?}"
        );
        assert_eq!(fx.symlink(path, 3, b"s"), want, "symlink target {p:?}");
        assert_eq!(
            fx.symlink(b"inside.txt", 3, path),
            want,
            "symlink new {p:?}"
        );
        assert_eq!(fx.readlink(3, path), Err(want), "readlink {p:?}");
    }
    // Nothing was created, removed or touched in the sandbox.
    for name in ["new", "l", "r", "s"] {
        assert_eq!(fx.kind(name), None, "{name}");
    }
    assert_eq!(fx.bytes_of("inside.txt").unwrap(), JAIL_INSIDE);
    // set_times(1 ns) would have reached "inside.txt" had the NUL cut the path short.
    assert_ne!(fx.mtime_of("inside.txt"), (0, 1));
    assert_eq!(fx.ctx.open_fds(), BASE_FDS);
}

fn directory_fd_is_its_own_boundary(fx: &mut Jail) {
    // `sub`, opened through the preopen, is a boundary of its own: `..` from it is refused
    // even though it would land in the preopen.
    let sub = fx.open(3, false, b"sub", Oflags::DIRECTORY, DIR).unwrap();
    let up: [&[u8]; 6] = [
        b"../inside.txt",
        b"..",
        b"./..",
        b"ok_up", // -> ../inside.txt: inside the preopen, outside `sub`
        b"deep_up/canary",
        b"nested.txt/../../inside.txt",
    ];
    for path in up {
        let p = show(path);
        // "nested.txt/.." fails (ENOTDIR: a file has no `..`) before the `..` that would
        // leave `sub`.
        let want_open = if path.starts_with(b"nested") {
            Errno::NOTDIR
        } else {
            NC
        };
        let got = fx.open(sub, true, path, Oflags::empty(), READ);
        assert_eq!(got, Err(want_open), "{p}");
        assert_eq!(
            fx.stat(sub, true, path).map(|s| s.ino),
            Err(want_open),
            "{p}"
        );
    }
    assert_eq!(fx.set_mtime(sub, true, b"ok_up", 1), NC);
    assert_eq!(fx.set_mtime(sub, false, b"../inside.txt", 1), NC);
    assert_eq!(fx.mkdir(sub, b"../made"), NC);
    assert_eq!(fx.rmdir(sub, b"../sub"), NC);
    assert_eq!(fx.unlink(sub, b"../inside.txt"), NC);
    assert_eq!(fx.rename(sub, b"../inside.txt", sub, b"x"), NC);
    assert_eq!(fx.rename(sub, b"nested.txt", sub, b"../moved"), NC);
    assert_eq!(fx.link(sub, true, b"ok_up", sub, b"hard"), NC);
    assert_eq!(fx.link(sub, false, b"../inside.txt", sub, b"h"), NC);
    assert_eq!(fx.link(sub, false, b"nested.txt", sub, b"../h"), NC);
    assert_eq!(fx.symlink(b"x", sub, b"../made"), NC);
    assert_eq!(fx.readlink(sub, b"../ok_link"), Err(NC));
    // The link `ok_up` itself lies inside `sub`: its own stat and content are fine.
    let st = fx.stat(sub, false, b"ok_up").unwrap();
    assert_eq!(st.filetype, Filetype::SymbolicLink as u8);
    assert_eq!(fx.readlink(sub, b"ok_up").unwrap(), b"../inside.txt");
    let fd = fx
        .open(sub, true, b"ok_sib", Oflags::empty(), READ)
        .unwrap();
    assert_eq!(fx.read_fd(fd), b"nested");
    fx.close(fd);
    for name in ["sub/made", "sub/moved", "sub/h", "made", "moved", "h"] {
        assert_eq!(fx.kind(name), None, "{name}");
    }
    assert_eq!(fx.bytes_of("inside.txt").unwrap(), JAIL_INSIDE);
    fx.close(sub);
}

fn two_preopens_reach_each_other_only_through_their_fds(fx: &mut Jail) {
    // fd 3 is R/sandbox, fd 4 is R/sandbox2: `..` from one never reaches the other.
    let theirs: &[u8] = b"../sandbox2/theirs.txt";
    assert_eq!(fx.open(3, true, theirs, Oflags::empty(), READ), Err(NC));
    let mine: &[u8] = b"../sandbox/inside.txt";
    assert_eq!(fx.open(4, true, mine, Oflags::empty(), READ), Err(NC));
    assert_eq!(fx.stat(3, true, theirs).map(|s| s.ino), Err(NC));
    assert_eq!(fx.rename(3, theirs, 3, b"stolen"), NC);
    assert_eq!(fx.rename(4, b"theirs.txt", 4, b"../sandbox/planted"), NC);
    assert_eq!(fx.rename(3, b"inside.txt", 3, b"../sandbox2/x"), NC);
    assert_eq!(fx.link(3, false, theirs, 3, b"h"), NC);
    assert_eq!(fx.unlink(3, theirs), NC);
    assert_eq!(fx.mkdir(4, b"../sandbox/made"), NC);
    assert_eq!(dir_names(&fx.sandbox2), ["theirs.txt"]);
    // Through their own fds, a rename and a link across the two preopens work on the host.
    // Two in-memory or overlay preopens are two filesystems: EXDEV, as between two host
    // filesystems.
    if !fx.backing.writes_host() {
        assert_eq!(fx.rename(3, b"inside.txt", 4, b"moved"), Errno::XDEV);
        assert_eq!(fx.link(4, false, b"theirs.txt", 3, b"linked"), Errno::XDEV);
        assert_eq!(fx.kind("inside.txt"), Some(Filetype::RegularFile));
        return;
    }
    assert_eq!(fx.rename(3, b"inside.txt", 4, b"moved"), Errno::SUCCESS);
    assert!(!fx.sb("inside.txt").exists());
    assert_eq!(
        std::fs::read(fx.sandbox2.join("moved")).unwrap(),
        JAIL_INSIDE
    );
    assert_eq!(fx.rename(4, b"moved", 3, b"sub/back"), Errno::SUCCESS);
    assert_eq!(std::fs::read(fx.sb("sub/back")).unwrap(), JAIL_INSIDE);
    assert_eq!(
        fx.link(4, false, b"theirs.txt", 3, b"linked"),
        Errno::SUCCESS
    );
    assert_eq!(host_state(&fx.sb("linked")).nlink, 2);
    assert_eq!(dir_names(&fx.sandbox2), ["theirs.txt"]);
    assert_eq!(
        std::fs::read(fx.sandbox2.join("theirs.txt")).unwrap(),
        JAIL_THEIRS
    );
}
