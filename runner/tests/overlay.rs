//! `--dir-overlay` and `--dir-mem` never change the host tree: a guest that tries to change
//! everything (`guests/vandal.c`: truncate, write, extend, set times, link, rename, remove
//! every file, replace every symlink, rename and remove every directory, then delete the
//! whole tree) leaves it byte for byte and metadata for metadata as it was. The same guest
//! on a plain `--dir` copy shows that it really does change everything.

mod support;

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{fresh_dir, repo};

/// Everything `lstat` says about a file but its access time (reading a file may change
/// that), and its bytes or symlink target.
#[derive(Debug, PartialEq, Eq)]
struct Meta {
    mode: u32,
    ino: u64,
    nlink: u64,
    uid: u32,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    content: Vec<u8>,
}

/// The tree under `root`, by relative path (the root itself included).
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Meta> {
    let mut out = BTreeMap::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let path = root.join(&rel);
        let m = std::fs::symlink_metadata(&path).unwrap();
        let content = if m.file_type().is_symlink() {
            std::fs::read_link(&path)
                .unwrap()
                .into_os_string()
                .into_encoded_bytes()
        } else if m.is_file() {
            std::fs::read(&path).unwrap()
        } else {
            let mut names: Vec<_> = std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            for name in &names {
                todo.push(rel.join(name));
            }
            names.join(std::ffi::OsStr::new("/")).into_encoded_bytes()
        };
        out.insert(
            rel,
            Meta {
                mode: m.mode(),
                ino: m.ino(),
                nlink: m.nlink(),
                uid: m.uid(),
                size: m.size(),
                mtime: (m.mtime(), m.mtime_nsec()),
                ctime: (m.ctime(), m.ctime_nsec()),
                content,
            },
        );
    }
    out
}

/// A tree with files, an empty file, nested and empty directories, hard links, symlinks
/// (inside, escaping, dangling, absolute) and a 1 MiB file.
fn make_tree(tag: &str) -> PathBuf {
    let root = fresh_dir(tag);
    let t = root.join("tree");
    std::fs::create_dir_all(t.join("a/b/c")).unwrap();
    std::fs::create_dir(t.join("empty")).unwrap();
    std::fs::write(t.join("top.txt"), b"top\n").unwrap();
    std::fs::write(t.join("zero"), b"").unwrap();
    std::fs::write(t.join("a/one.txt"), b"one\n").unwrap();
    std::fs::write(t.join("a/b/c/deep.txt"), b"deep\n").unwrap();
    std::fs::write(t.join("big.bin"), vec![7u8; 1 << 20]).unwrap();
    std::fs::hard_link(t.join("a/one.txt"), t.join("a/b/one-again.txt")).unwrap();
    symlink("top.txt", t.join("to-top")).unwrap();
    symlink("../..", t.join("a/escape")).unwrap();
    symlink("nowhere", t.join("dangling")).unwrap();
    symlink("/etc/passwd", t.join("absolute")).unwrap();
    t
}

fn vandal(dir_flag: &str, tree: &Path) -> String {
    let guest = repo().join("runner/tests/guests/vandal.wasm");
    let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .arg(dir_flag)
        .arg(format!("{}::/data", tree.display()))
        .arg(&guest)
        .arg("/data")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{dir_flag}: {}\n{stderr}", out.status);
    String::from_utf8(out.stdout).unwrap()
}

/// The guest's report: changes before the deletion, in all, failed; entries left.
fn report(stdout: &str) -> [u32; 4] {
    let numbers: Vec<u32> = stdout
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    numbers
        .try_into()
        .unwrap_or_else(|n| panic!("report {stdout:?}: {n:?}"))
}

#[test]
fn an_overlay_or_memory_preopen_leaves_the_host_tree_exactly_as_it_was() {
    for flag in ["--dir-overlay", "--dir-mem"] {
        let tree = make_tree(flag.trim_start_matches('-'));
        let before = snapshot(&tree);
        let [changed, all, _failed, left] = report(&vandal(flag, &tree));
        // The guest saw its changes: dozens succeeded, and the tree it saw is gone.
        assert!(changed >= 40, "{flag}: only {changed} changes");
        assert!(all > changed, "{flag}: the deletion removed nothing");
        assert_eq!(left, 0, "{flag}: the guest's tree is not empty");
        // The host saw none of them.
        let after = snapshot(&tree);
        for (path, meta) in &before {
            assert_eq!(after.get(path), Some(meta), "{flag}: {}", path.display());
        }
        assert_eq!(after.len(), before.len(), "{flag}: entries appeared");
    }
}

#[test]
fn the_same_guest_on_a_plain_dir_changes_everything() {
    let tree = make_tree("plain-dir");
    let before = snapshot(&tree);
    let [changed, _, _, left] = report(&vandal("--dir", &tree));
    assert!(changed >= 40);
    assert_eq!(left, 0);
    let after = snapshot(&tree);
    assert_eq!(after.len(), 1, "only the (now empty) root is left");
    assert_ne!(after, before);
}
