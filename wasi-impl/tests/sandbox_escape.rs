//! No path operation reaches outside its directory fd, part 1: `path_open`,
//! `path_filestat_get`, `path_filestat_set_times`, and the host swapping a directory for an
//! escape symlink while the guest walks through it. Part 2 (`sandbox_escape_links.rs`)
//! covers the calls that create, remove, rename and read names, NUL bytes in paths, a
//! directory fd as its own boundary, and two preopens.
//!
//! Every test runs once per resolver and ends with `Jail::assert_outside_intact`: the
//! canary's bytes, mode, mtime, ctime, inode and link count, the exact tree of `outside/`
//! and the entries of the sandbox's parent are as before. See `Jail` in `common/mod.rs` for
//! the layout and the escape symlinks (`up -> ..`, `abs -> <R>/outside`, ...).

mod common;
use common::*;
use wasi_abi::{Filetype, Oflags, Rights};
use wasi_impl::{Errno, Resolver};

crate::on_every_backend! {
    open_escape_paths_are_refused;
    open_final_escape_links;
    open_slashed_escape_links_are_refused;
    open_loops_are_eloop;
    open_links_that_stay_inside_work;
    filestat_get_escapes_are_refused;
    filestat_set_times_escapes_are_refused;
}

/// A race with the host's own renames: only a host directory can change under the guest.
mod host_only {
    use super::*;
    crate::on_both_resolvers! {
        host_swapping_a_directory_for_an_escape_link_never_lets_a_call_out;
    }
}

/// The fixture itself: on the host, where nothing is sandboxed, the escape routes really do
/// lead out (so each refusal in these tests refuses a real way out), and the links that stay
/// inside lead inside.
#[test]
fn the_escape_routes_lead_out_on_the_host() {
    let fx = Jail::new(Resolver::Walk);
    let mut canary_routes = 0;
    for path in fx.escape_paths() {
        let path = String::from_utf8(path).unwrap();
        let on_host = fx.sandbox.join(&path);
        if path.ends_with("/canary") {
            assert_eq!(std::fs::read(&on_host).unwrap(), JAIL_CANARY, "{path}");
            canary_routes += 1;
        } else if path.ends_with("sandbox/inside.txt") {
            assert_eq!(std::fs::read(&on_host).unwrap(), JAIL_INSIDE, "{path}");
        } else if path.ends_with("secret_dir") {
            assert!(on_host.is_dir(), "{path}");
        }
    }
    assert_eq!(canary_routes, 9);
    for link in ["abs_canary", "chain1", "chain2"] {
        assert_eq!(std::fs::read(fx.sb(link)).unwrap(), JAIL_CANARY, "{link}");
    }
    for link in ["up", "abs", "sub/deep_up", "up/", "abs/", "sub/deep_up/"] {
        let dir = std::fs::canonicalize(fx.sb(link)).unwrap();
        assert!(!dir.starts_with(&fx.sandbox), "{link} stays inside");
    }
    for link in ["ok_link", "sub/ok_up"] {
        assert_eq!(std::fs::read(fx.sb(link)).unwrap(), JAIL_INSIDE, "{link}");
    }
    let err = std::fs::read(fx.sb("loop_a")).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(libc::ELOOP));
    fx.assert_outside_intact();
}

// Two resolver divergences in `path_open` that are not escapes (the walk still refuses every
// escape) but make a guest's results depend on the host kernel. Bugs in the walk.

#[test]
fn openat2_creat_excl_never_follows_a_final_symlink() {
    jail_run(Resolver::Openat2, creat_excl_never_follows_a_final_symlink);
}

#[test]
fn walk_creat_excl_never_follows_a_final_symlink() {
    jail_run(Resolver::Walk, creat_excl_never_follows_a_final_symlink);
}

/// `O_CREAT|O_EXCL` fails with `EEXIST` if the name exists, a symlink included, "regardless
/// of where it points" (open(2)); that is what makes exclusive creation safe against planted
/// links. SYMLINK_FOLLOW does not change it.
fn creat_excl_never_follows_a_final_symlink(fx: &mut Jail) {
    std::os::unix::fs::symlink("sub/created.txt", fx.sb("dangle_in")).unwrap();
    let excl = Oflags::CREAT | Oflags::EXCL;
    for path in ["dangle_in", "ok_link", "abs_canary", "dangling_out", "up"] {
        for follow in [false, true] {
            let got = fx.open(3, follow, path.as_bytes(), excl, WRITE);
            assert_eq!(got, Err(Errno::EXIST), "{path} follow={follow}");
        }
    }
    assert!(
        !fx.sb("sub/created.txt").exists(),
        "created through the link"
    );
    assert_eq!(fx.ctx.open_fds(), BASE_FDS);
}

#[test]
fn openat2_creat_with_trailing_slash_is_eisdir() {
    jail_run(Resolver::Openat2, creat_with_trailing_slash_is_eisdir);
}

#[test]
fn walk_creat_with_trailing_slash_is_eisdir() {
    jail_run(Resolver::Walk, creat_with_trailing_slash_is_eisdir);
}

/// Linux's open(2) refuses O_CREAT on a name with a trailing slash with EISDIR before it
/// resolves the last component (fs/namei.c, `open_last_lookups`), whatever the name is.
fn creat_with_trailing_slash_is_eisdir(fx: &mut Jail) {
    for path in [
        "newname/",
        "sub/",
        "inside.txt/",
        "ok_link/",
        "up/",
        "loop_a/",
    ] {
        for follow in [false, true] {
            let got = fx.open(3, follow, path.as_bytes(), Oflags::CREAT, WRITE);
            assert_eq!(got, Err(Errno::ISDIR), "{path} follow={follow}");
        }
    }
    assert!(!fx.sb("newname").exists());
}

const READ: Rights = Rights::FD_READ.union(Rights::FD_FILESTAT_GET);
const WRITE: Rights = READ.union(Rights::FD_WRITE);
/// Everything but the rights that would open a directory for writing (`EISDIR`).
const DIR: Rights = Rights::all()
    .difference(Rights::FD_WRITE)
    .difference(Rights::FD_ALLOCATE)
    .difference(Rights::FD_FILESTAT_SET_SIZE);
const CREATE: Oflags = Oflags::CREAT.union(Oflags::TRUNC);
/// The three ways a test opens: plain read, write|CREAT|TRUNC, and DIRECTORY.
const MODES: [(&str, Oflags, Rights); 3] = [
    ("read", Oflags::empty(), READ),
    ("write|creat|trunc", CREATE, WRITE),
    ("directory", Oflags::DIRECTORY, DIR),
];
/// Stdio and the two preopens.
const BASE_FDS: usize = 5;
const NEW_MTIME: u64 = 1_000_000_000_000_000_000;

fn show(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

fn check_open(fx: &mut Jail, path: &[u8], follow: bool, want: Errno) {
    check_open3(fx, path, follow, [want; 3]);
}

/// `check_open` with an errno per mode of [`MODES`].
fn check_open3(fx: &mut Jail, path: &[u8], follow: bool, want: [Errno; 3]) {
    for ((mode, oflags, rights), want) in MODES.into_iter().zip(want) {
        let got = fx.open(3, follow, path, oflags, rights);
        assert_eq!(
            got,
            Err(want),
            "{:?}: path_open({:?}, follow={follow}, {mode})",
            fx.resolver,
            show(path)
        );
    }
    assert_eq!(fx.ctx.open_fds(), BASE_FDS, "a refused open left an fd");
}

fn open_escape_paths_are_refused(fx: &mut Jail) {
    for path in fx.escape_paths() {
        for follow in [false, true] {
            check_open(fx, &path, follow, Errno::NOTCAPABLE);
        }
    }
    // Nothing was created in the sandbox either (a create that "succeeded" somewhere else).
    assert!(!fx.sb("canary").exists() && !fx.sb("nonexistent").exists());
}

fn open_final_escape_links(fx: &mut Jail) {
    for link in JAIL_ESCAPE_LINKS {
        // Following the link leaves the sandbox.
        check_open(fx, link.as_bytes(), true, Errno::NOTCAPABLE);
        // Not following it: a final symlink cannot be opened at all, which is not an escape
        // either (ELOOP; ENOTDIR when a directory was asked for).
        let plain = fx.open(3, false, link.as_bytes(), Oflags::empty(), READ);
        assert_eq!(plain, Err(Errno::LOOP), "{link} nofollow read");
        let create = fx.open(3, false, link.as_bytes(), CREATE, WRITE);
        assert_eq!(create, Err(Errno::LOOP), "{link} nofollow creat");
        let dir = fx.open(3, false, link.as_bytes(), Oflags::DIRECTORY, DIR);
        assert_eq!(dir, Err(Errno::NOTDIR), "{link} nofollow directory");
        // CREAT|EXCL sees the link itself and refuses, dangling or not, with or without
        // SYMLINK_FOLLOW (see `creat_excl_never_follows_a_final_symlink`).
        let excl = Oflags::CREAT | Oflags::EXCL;
        for follow in [false, true] {
            let got = fx.open(3, follow, link.as_bytes(), excl, WRITE);
            assert_eq!(got, Err(Errno::EXIST), "{link} excl follow={follow}");
        }
        assert!(fx.sb(link).symlink_metadata().unwrap().is_symlink());
    }
    // Creating through the dangling escape link made nothing at its target (checked again
    // by assert_outside_intact).
    assert!(!fx.outside.join("nonexistent").exists());
    assert_eq!(fx.ctx.open_fds(), BASE_FDS);
}

/// What `path_open(name/, CREAT)` answers, whatever resolving `name/` would give: both
/// resolvers refuse to create with a trailing slash (`EISDIR`) before following anything
/// (see `creat_with_trailing_slash_is_eisdir`).
fn slashed_creat(_fx: &Jail, _would_be: Errno) -> Errno {
    Errno::ISDIR
}

fn open_slashed_escape_links_are_refused(fx: &mut Jail) {
    // A trailing slash makes the lookup follow the link even without SYMLINK_FOLLOW.
    let nc = Errno::NOTCAPABLE;
    let creat = slashed_creat(fx, nc);
    for link in JAIL_SLASHED_LINKS {
        for follow in [false, true] {
            check_open3(fx, link.as_bytes(), follow, [nc, creat, nc]);
        }
    }
}

fn open_loops_are_eloop(fx: &mut Jail) {
    for link in JAIL_LOOP_LINKS {
        check_open(fx, link.as_bytes(), true, Errno::LOOP);
        let plain = fx.open(3, false, link.as_bytes(), Oflags::empty(), READ);
        assert_eq!(plain, Err(Errno::LOOP), "{link} nofollow");
        let dir = fx.open(3, false, link.as_bytes(), Oflags::DIRECTORY, DIR);
        assert_eq!(dir, Err(Errno::NOTDIR), "{link} nofollow directory");
    }
    for path in JAIL_THROUGH_LOOPS {
        let lp = Errno::LOOP;
        let creat = if path.ends_with('/') {
            slashed_creat(fx, lp)
        } else {
            lp
        };
        for follow in [false, true] {
            check_open3(fx, path.as_bytes(), follow, [lp, creat, lp]);
        }
    }
    assert!(!fx.sb("x").exists());
}

fn open_links_that_stay_inside_work(fx: &mut Jail) {
    let cases: [(&str, &[u8]); 7] = [
        ("ok_link", JAIL_INSIDE),
        ("sub/ok_up", JAIL_INSIDE),
        ("sub/ok_sib", b"nested"),
        ("sub/../inside.txt", JAIL_INSIDE),
        ("./sub/./../sub//ok_up", JAIL_INSIDE),
        ("sub/../ok_link", JAIL_INSIDE),
        ("inside.txt", JAIL_INSIDE),
    ];
    for (path, want) in cases {
        let fd = fx.open(3, true, path.as_bytes(), Oflags::empty(), READ);
        let fd = fd.unwrap_or_else(|e| panic!("{:?}: open {path}: {e:?}", fx.resolver));
        assert_eq!(fx.read_fd(fd), want, "{path}");
        fx.close(fd);
    }
    // The same links are not followed without SYMLINK_FOLLOW.
    for path in ["ok_link", "sub/ok_up"] {
        let got = fx.open(3, false, path.as_bytes(), Oflags::empty(), READ);
        assert_eq!(got, Err(Errno::LOOP), "{path}");
    }
    // Directories inside: the preopen itself, and `sub/..`.
    for path in [".", "sub/..", "sub", "sub/", "./sub/../sub"] {
        let fd = fx.open(3, true, path.as_bytes(), Oflags::DIRECTORY, DIR);
        let fd = fd.unwrap_or_else(|e| panic!("{:?}: open {path}: {e:?}", fx.resolver));
        fx.close(fd);
    }
    // Creating through a dangling link that stays inside creates the file inside.
    fx.add_symlink("sub/created.txt", "dangle_in");
    let fd = fx.open(3, true, b"dangle_in", CREATE, WRITE).unwrap();
    fx.close(fd);
    assert_eq!(fx.bytes_of("sub/created.txt"), Some(vec![]));
    // Writing through an inside link reaches the inside file.
    let fd = fx.open(3, true, b"sub/ok_up", CREATE, WRITE).unwrap();
    fx.close(fd);
    assert_eq!(fx.bytes_of("inside.txt"), Some(vec![]), "truncated");
    assert_eq!(fx.ctx.open_fds(), BASE_FDS);
}

fn filestat_get_escapes_are_refused(fx: &mut Jail) {
    for path in fx.escape_paths() {
        for follow in [false, true] {
            let got = fx.stat(3, follow, &path).map(|s| s.ino);
            let msg = format!("{:?}: stat {:?} follow={follow}", fx.resolver, show(&path));
            assert_eq!(got, Err(Errno::NOTCAPABLE), "{msg}");
        }
    }
    for link in JAIL_SLASHED_LINKS {
        for follow in [false, true] {
            let got = fx.stat(3, follow, link.as_bytes()).map(|s| s.ino);
            assert_eq!(got, Err(Errno::NOTCAPABLE), "{link} follow={follow}");
        }
    }
    for link in JAIL_ESCAPE_LINKS {
        let got = fx.stat(3, true, link.as_bytes()).map(|s| s.ino);
        assert_eq!(got, Err(Errno::NOTCAPABLE), "{link} follow");
        // Not following, the last component is the link itself, which lies inside the
        // sandbox: describing it is no escape. Its size is the length of its target.
        let st = fx.stat(3, false, link.as_bytes()).unwrap();
        let host = host_state(&fx.sb(link));
        assert_eq!(st.filetype, Filetype::SymbolicLink as u8, "{link}");
        assert_eq!(st.ino, fx.ino_of(link), "{link}");
        let target_len = host.target.unwrap().as_os_str().len() as u64;
        assert_eq!(st.size, target_len, "{link}");
    }
    for link in JAIL_LOOP_LINKS {
        let got = fx.stat(3, true, link.as_bytes()).map(|s| s.ino);
        assert_eq!(got, Err(Errno::LOOP), "{link}");
        let st = fx.stat(3, false, link.as_bytes()).unwrap();
        assert_eq!(st.filetype, Filetype::SymbolicLink as u8, "{link}");
    }
    for path in JAIL_THROUGH_LOOPS {
        for follow in [false, true] {
            let got = fx.stat(3, follow, path.as_bytes()).map(|s| s.ino);
            assert_eq!(got, Err(Errno::LOOP), "{path} follow={follow}");
        }
    }
    // Inside: the links that stay inside describe their targets; `sub/..` is the sandbox.
    let inside = fx.ino_of("inside.txt");
    for path in ["ok_link", "sub/ok_up"] {
        let st = fx.stat(3, true, path.as_bytes()).unwrap();
        assert_eq!((st.filetype, st.ino), (Filetype::RegularFile as u8, inside));
        assert_eq!(st.size, JAIL_INSIDE.len() as u64);
    }
    let sandbox = fx.ino_of(".");
    for path in [".", "sub/..", "sub/../."] {
        let st = fx.stat(3, false, path.as_bytes()).unwrap();
        assert_eq!((st.filetype, st.ino), (Filetype::Directory as u8, sandbox));
    }
}

fn filestat_set_times_escapes_are_refused(fx: &mut Jail) {
    let mt = NEW_MTIME;
    for path in fx.escape_paths() {
        for follow in [false, true] {
            let got = fx.set_mtime(3, follow, &path, mt);
            let msg = format!(
                "{:?}: set_times {:?} follow={follow}",
                fx.resolver,
                show(&path)
            );
            assert_eq!(got, Errno::NOTCAPABLE, "{msg}");
        }
    }
    for link in JAIL_ESCAPE_LINKS {
        assert_eq!(
            fx.set_mtime(3, true, link.as_bytes(), mt),
            Errno::NOTCAPABLE
        );
    }
    // A trailing slash follows the link, SYMLINK_FOLLOW or not.
    for link in JAIL_SLASHED_LINKS {
        for follow in [false, true] {
            let got = fx.set_mtime(3, follow, link.as_bytes(), mt);
            assert_eq!(got, Errno::NOTCAPABLE, "{link} follow={follow}");
        }
    }
    for link in JAIL_LOOP_LINKS {
        assert_eq!(fx.set_mtime(3, true, link.as_bytes(), mt), Errno::LOOP);
    }
    for path in JAIL_THROUGH_LOOPS {
        for follow in [false, true] {
            let got = fx.set_mtime(3, follow, path.as_bytes(), mt);
            assert_eq!(got, Errno::LOOP, "{path} follow={follow}");
        }
    }
    // Without SYMLINK_FOLLOW the times of the link itself (inside) are set, not the
    // canary's: allowed.
    assert_eq!(fx.set_mtime(3, false, b"abs_canary", mt), Errno::SUCCESS);
    assert_eq!(fx.mtime_of("abs_canary"), (1_000_000_000, 0));
    assert_eq!(fx.set_mtime(3, false, b"loop_a", mt), Errno::SUCCESS);
    assert_eq!(fx.mtime_of("loop_a"), (1_000_000_000, 0));
    // Following an inside link sets its target's times.
    assert_eq!(fx.set_mtime(3, true, b"sub/ok_up", mt), Errno::SUCCESS);
    assert_eq!(fx.mtime_of("inside.txt"), (1_000_000_000, 0));
}

fn host_swapping_a_directory_for_an_escape_link_never_lets_a_call_out(fx: &mut Jail) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    // `racy` is in turn a real directory holding a decoy `canary`, missing, a symlink to
    // `../outside` and a symlink to `<R>/outside`; each swap is one rename on the host. A
    // resolver that checks a component and then uses it by name would sooner or later touch
    // the real canary; both resolvers hold the directories they walk open.
    let sb = fx.sandbox.clone();
    std::fs::create_dir(sb.join("racy")).unwrap();
    std::fs::write(sb.join("racy/canary"), b"decoy").unwrap();
    std::os::unix::fs::symlink("../outside", sb.join("park_rel")).unwrap();
    std::os::unix::fs::symlink(&fx.outside, sb.join("park_abs")).unwrap();
    let canary = fx.outside.join("canary");
    let canary_before = host_state(&canary);
    let decoy_ino = host_state(&fx.sb("racy/canary")).ino;
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mv = |a: &str, b: &str| std::fs::rename(sb.join(a), sb.join(b)).unwrap();
            while !stop.load(Ordering::Relaxed) {
                for link in ["park_rel", "park_abs"] {
                    mv("racy", "park_dir");
                    mv(link, "racy");
                    mv("racy", link);
                    mv("park_dir", "racy");
                }
            }
        })
    };
    // Stops the swapper before the jail is removed, also when an assertion below fails.
    let _swapper = Joined(stop, Some(swapper));
    let mut seen = Tally::default();
    // At least 2000 rounds, then on until both outcomes were seen (so the swaps really
    // raced the calls), within a generous cap.
    for i in 0..20_000u64 {
        let follow = i % 2 == 0;
        match fx.open(3, follow, b"racy/canary", CREATE, WRITE) {
            Ok(fd) => {
                assert_eq!(fd_ino(fx, fd), decoy_ino, "opened the real canary");
                fx.close(fd);
                seen.add(Errno::SUCCESS);
            }
            Err(e) => seen.add(e),
        }
        seen.add(fx.set_mtime(3, follow, b"racy/canary", 7_000_000_000));
        let st = fx.stat(3, follow, b"racy/canary");
        seen.add(st.map_or_else(
            |e| e,
            |st| {
                assert_ne!(st.ino, canary_before.ino, "stat reached the real canary");
                Errno::SUCCESS
            },
        ));
        match fx.link(3, follow, b"racy/canary", 3, b"grab") {
            Errno::SUCCESS => {
                let g = host_state(&fx.sb("grab"));
                assert_eq!(g.ino, decoy_ino, "linked the canary");
                std::fs::remove_file(fx.sb("grab")).unwrap();
                seen.add(Errno::SUCCESS);
            }
            e => seen.add(e),
        }
        let planted = format!("planted{i}");
        seen.add(fx.mkdir(3, format!("racy/{planted}").as_bytes()));
        assert!(!fx.outside.join(&planted).exists(), "mkdir reached outside");
        assert_eq!(host_state(&canary), canary_before, "the canary changed");
        if i >= 2000 && seen.both() {
            break;
        }
    }
    assert!(seen.both(), "the swaps never raced the calls: {seen:?}");
}

/// Sets the flag and joins the thread when dropped.
struct Joined(
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    Option<std::thread::JoinHandle<()>>,
);

impl Drop for Joined {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.1.take() {
            let failed = thread.join().is_err();
            assert!(!failed || std::thread::panicking(), "the swapper failed");
        }
    }
}

/// Outcomes of the calls racing the swaps.
#[derive(Debug, Default)]
struct Tally {
    inside: u32,
    refused: u32,
}

impl Tally {
    fn add(&mut self, e: Errno) {
        match e {
            Errno::SUCCESS => self.inside += 1,
            Errno::NOTCAPABLE => self.refused += 1,
            // The name was missing, or was the link when the call did not follow it; or
            // (the walk) it was a link when checked and a directory when read (EINVAL from
            // readlinkat). All refusals that reach nothing.
            Errno::NOENT | Errno::NOTDIR | Errno::LOOP | Errno::INVAL => {}
            other => panic!("unexpected {other:?}"),
        }
    }

    fn both(&self) -> bool {
        self.inside > 0 && self.refused > 0
    }
}

/// The inode of open fd `fd` (`fd_filestat_get`).
fn fd_ino(fx: &mut Jail, fd: u32) -> u64 {
    let mut mem = wasi_impl::GuestMemory::new(&mut fx.mem);
    let r = fx.ctx.fd_filestat_get(&mut mem, fd, JAIL_STAT);
    assert_eq!(errno(r), Errno::SUCCESS);
    mem.read::<wasi_abi::Filestat>(JAIL_STAT).unwrap().ino
}
