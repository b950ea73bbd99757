//! Resolving guest paths without leaving the directory they are relative to, over any
//! backend.
//!
//! Every path a guest passes is relative to a directory fd and must stay beneath it: no
//! absolute paths, no `..` above it, no symlink (relative, absolute, chained, dangling,
//! looping, behind a trailing `/`) whose expansion leaves it. The walk here enforces this
//! for every backend, asking each directory about one checked [`Name`] at a time
//! ([`Dir::lookup`], [`Dir::open_at`], [`Dir::stat_at`], [`Dir::readlink_at`]): `..` pops a
//! trail of the directories walked into and may not pop past the start, symlinks are read
//! and expanded in place (40 at most, then `ELOOP`), an absolute target is `ENOTCAPABLE`.
//! The trail keeps every level's name but at most [`WALK_OPEN_DIRS`](super::trail::WALK_OPEN_DIRS) of them open, so any
//! depth that fits in the path (and its expansions) can be walked with a fixed number of
//! host fds; a level let go is looked up again by name when `..` returns to it.
//!
//! [`Resolver::Openat2`] lets a backend that can resolve a whole path with the same rules in
//! one step do so first ([`Dir::open_beneath`]; the host: `openat2(RESOLVE_BENEATH)`, whose
//! escapes are `ENOTCAPABLE`); [`Resolver::Walk`] always walks.
//!
//! Operations that act on a name inside a directory (mkdir, unlink, rename, link, symlink,
//! readlink, set times without following) resolve the *parent* with these rules and act on
//! the last component ([`parent`]). Operations that follow a final symlink without opening it
//! (link and set times with `SYMLINK_FOLLOW`) walk to the end, following the last component
//! too ([`parent_following`]).

use super::trail::Trail;
use crate::backend::{Dir, Name, OpenHow, Opened};
use std::collections::VecDeque;
use wasi_abi::{Errno, Filetype};

/// Most symlinks expanded while resolving one path (Linux's `MAXSYMLINKS`).
pub(crate) const MAX_SYMLINKS: usize = 40;
/// Longest path accepted, in bytes (Linux's `PATH_MAX` less its NUL).
pub(crate) const MAX_PATH: usize = 4095;
/// Which resolver a context uses; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolver {
    /// A backend's one-step resolution where it has one (the host: `openat2` with
    /// `RESOLVE_BENEATH`, Linux 5.6 or later), the walk otherwise.
    Openat2,
    /// The component-by-component walk, for every backend.
    Walk,
}

impl Resolver {
    /// `Openat2` if this kernel supports it (probed once on `/`), otherwise `Walk`.
    pub fn detect() -> Resolver {
        if crate::host::has_openat2() {
            Resolver::Openat2
        } else {
            Resolver::Walk
        }
    }
}

/// Checks a guest path: at most [`MAX_PATH`] bytes and no NUL; `EINVAL` for a NUL byte (the
/// path would otherwise be cut short), `ENAMETOOLONG` for length.
pub(crate) fn check(path: &str) -> Result<(), Errno> {
    if path.len() > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    if path.as_bytes().contains(&0) {
        return Err(Errno::INVAL);
    }
    Ok(())
}

/// A directory that resolution reached: the starting one, or one the walk opened.
pub(crate) enum At<'a> {
    /// The directory the path was relative to.
    Base(&'a dyn Dir),
    /// A directory beneath it.
    Owned(Box<dyn Dir>),
}

impl<'a> std::ops::Deref for At<'a> {
    type Target = dyn Dir + 'a;

    fn deref(&self) -> &(dyn Dir + 'a) {
        match self {
            At::Base(dir) => *dir,
            At::Owned(dir) => dir.as_ref(),
        }
    }
}

impl std::fmt::Debug for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("At").field(&&**self).finish()
    }
}

/// Opens `path` beneath `dir` as `how` says, following a final symlink only if `follow`.
pub(crate) fn open(
    resolver: Resolver,
    dir: &dyn Dir,
    path: &str,
    how: &OpenHow,
    follow: bool,
) -> Result<Opened, Errno> {
    check(path)?;
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    // The fast path: one plain name (no `/`, not `.` or `..`) is an entry of `dir` itself,
    // and `open_at` never follows a final symlink, so one `open_at` cannot leave `dir` (it is
    // the walk's own last step). Without `follow` that is the whole answer. With it, only a
    // symlink answers differently (`ELOOP`, or `ENOTDIR` under `DIRECTORY`): then, and for a
    // path-only open (which would open the link itself), the resolver decides.
    if is_plain_name(path) && (!follow || !how.path_only) {
        match dir.open_at(Name::new(path)?, how) {
            Err(Errno::LOOP | Errno::NOTDIR) if follow => {}
            result => return result,
        }
    }
    if resolver == Resolver::Openat2 {
        if let Some(result) = dir.open_beneath(path, how, follow) {
            return result;
        }
    }
    match walk(dir, path, Goal::Open { how, follow })? {
        Reached::Opened(opened) => Ok(opened),
        Reached::Parent(_) => Err(Errno::IO),
    }
}

/// Opens the directory `path` beneath `dir` to resolve names in it (following symlinks).
fn open_dir<'a>(resolver: Resolver, dir: &'a dyn Dir, path: &str) -> Result<At<'a>, Errno> {
    if path == "." {
        return Ok(At::Base(dir));
    }
    match open(resolver, dir, path, &OpenHow::path_only(true), true)? {
        Opened::Dir(d) => Ok(At::Owned(d)),
        Opened::File(_) => Err(Errno::NOTDIR),
    }
}

/// Where a walk stops.
#[derive(Debug, Clone, Copy)]
enum Goal<'h> {
    /// Open the last component as `how` says, following it if it is a symlink and `follow`.
    Open { how: &'h OpenHow, follow: bool },
    /// Follow every symlink, the last component's too, and stop at the directory holding
    /// the last component.
    Parent,
}

/// What a walk reached.
#[derive(Debug)]
enum Reached<'a> {
    Opened(Opened),
    Parent(Parent<'a>),
}

/// Whether `path` is one plain name: not empty, no `/`, not `.` or `..`.
pub(crate) fn is_plain_name(path: &str) -> bool {
    !path.is_empty() && !path.contains('/') && path != "." && path != ".."
}

/// Whether `name` in `dir` is a symlink.
fn is_symlink(dir: &dyn Dir, name: Name<'_>) -> bool {
    dir.stat_at(name)
        .is_ok_and(|st| st.filetype == Filetype::SymbolicLink)
}

/// Replaces a symlink component by its target's components, spending one unit of `budget`
/// (`ELOOP` when it is spent, `ENOTCAPABLE` for an absolute target).
fn expand(
    queue: &mut VecDeque<String>,
    dir: &dyn Dir,
    name: Name<'_>,
    budget: &mut usize,
) -> Result<(), Errno> {
    *budget = budget.checked_sub(1).ok_or(Errno::LOOP)?;
    let target = read_link(dir, name)?;
    push_components(queue, &target, true)
}

/// The target of the symlink `name` in `dir`, whole. A target that is not UTF-8 (a host
/// symlink the guest did not make) cannot be walked: `EILSEQ`.
fn read_link(dir: &dyn Dir, name: Name<'_>) -> Result<String, Errno> {
    let mut buf = vec![0u8; MAX_PATH.saturating_add(1)];
    let n = dir.readlink_at(name, &mut buf)?;
    if n > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    buf.truncate(n);
    String::from_utf8(buf).map_err(|_| Errno::ILSEQ)
}

/// The directory a walk is in, as the end of a resolution.
fn into_at(mut trail: Trail<'_>) -> Result<At<'_>, Errno> {
    trail.current()?;
    match trail.into_last() {
        (Some(level), _) => level.map(At::Owned).ok_or(Errno::IO),
        (None, base) => Ok(At::Base(base)),
    }
}

/// The walk: one component at a time, a [`Trail`] of the directories walked into for `..`,
/// symlinks expanded in place from one budget of [`MAX_SYMLINKS`].
fn walk<'a>(base: &'a dyn Dir, path: &str, goal: Goal<'_>) -> Result<Reached<'a>, Errno> {
    let (how, follow) = match goal {
        Goal::Open { how, follow } => (Some(how), follow),
        Goal::Parent => (None, true),
    };
    // As open(2): `CREAT` on a name with a trailing slash is `EISDIR`, and `CREAT | EXCL`
    // never follows a final symlink (it fails with `EEXIST` instead). A final `.` or `..` is
    // resolved, and checked, first; creating it is then `EISDIR` too.
    let creating = how.is_some_and(|h| h.create);
    let last_name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if creating && path.ends_with('/') && !matches!(last_name, "" | "." | "..") {
        return Err(Errno::ISDIR);
    }
    let exclusive = how.is_some_and(|h| h.create && h.exclusive);
    let follow_last = follow && !exclusive;
    let mut budget = MAX_SYMLINKS;
    let mut queue: VecDeque<String> = VecDeque::new();
    push_components(&mut queue, path, false)?;
    let mut trail = Trail::new(base);
    loop {
        let Some(component) = queue.pop_front() else {
            // The path named the directory we are in (".", "a/..", ...).
            return at_directory(trail, goal, DotKind::Dot);
        };
        let last = queue.is_empty();
        let kind = match component.as_str() {
            "." => DotKind::Dot,
            ".." => {
                if !trail.pop() {
                    return Err(Errno::NOTCAPABLE);
                }
                DotKind::DotDot
            }
            name => {
                let name = Name::new(name)?;
                let current = trail.current()?;
                // A last component to be followed is checked first: opening never follows.
                if last && follow_last && is_symlink(current, name) {
                    expand(&mut queue, current, name, &mut budget)?;
                    continue;
                }
                if last {
                    return match goal {
                        Goal::Parent => Ok(Reached::Parent(Parent {
                            last: Last::Name(name.as_str().to_owned()),
                            dir: into_at(trail)?,
                            trailing_slash: false,
                        })),
                        Goal::Open { how, .. } => current.open_at(name, how).map(Reached::Opened),
                    };
                }
                match current.lookup(name) {
                    Ok(dir) => trail.push(name.as_str().to_owned(), dir),
                    Err(e @ (Errno::LOOP | Errno::NOTDIR)) => {
                        if !is_symlink(current, name) {
                            return Err(e);
                        }
                        expand(&mut queue, current, name, &mut budget)?;
                    }
                    Err(e) => return Err(e),
                }
                continue;
            }
        };
        // "." or "..": the last component names the directory now current.
        if last {
            return at_directory(trail, goal, kind);
        }
    }
}

/// The end of a walk that stopped at a directory (the path ended in `.` or `..`).
fn at_directory<'a>(
    mut trail: Trail<'a>,
    goal: Goal<'_>,
    kind: DotKind,
) -> Result<Reached<'a>, Errno> {
    match goal {
        Goal::Parent => Ok(Reached::Parent(Parent {
            dir: into_at(trail)?,
            last: Last::Dot(kind),
            trailing_slash: false,
        })),
        // As open(2) on ".": it exists (EEXIST with EXCL), and it is a directory.
        Goal::Open { how, .. } if how.create && how.exclusive => Err(Errno::EXIST),
        Goal::Open { how, .. } if how.create => Err(Errno::ISDIR),
        Goal::Open { how, .. } => trail.current()?.reopen(how).map(Reached::Opened),
    }
}

/// Adds the components of `path` to the front (`front`) or back of `queue`. A trailing `/`
/// becomes a final `.` component, so the name before it must be (or lead to) a directory.
/// An absolute path is `ENOTCAPABLE`.
fn push_components(queue: &mut VecDeque<String>, path: &str, front: bool) -> Result<(), Errno> {
    if path.starts_with('/') {
        return Err(Errno::NOTCAPABLE);
    }
    let mut parts: Vec<String> = path
        .split('/')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if path.ends_with('/') {
        parts.push(".".to_owned());
    }
    if front {
        for part in parts.into_iter().rev() {
            queue.push_front(part);
        }
    } else {
        queue.extend(parts);
    }
    Ok(())
}

/// The last component of a path, as [`parent`] returns it.
#[derive(Debug)]
pub(crate) enum Last {
    /// A name to act on in the parent.
    Name(String),
    /// The path ends in `.` or `..`: it names a directory that exists (and is beneath the
    /// starting directory), which the operation may not create, remove or rename.
    Dot(DotKind),
}

/// Which of `.` and `..` a path ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DotKind {
    Dot,
    DotDot,
}

/// A path split into its resolved parent directory and its last component.
#[derive(Debug)]
pub(crate) struct Parent<'a> {
    /// The parent directory, beneath the starting directory.
    pub(crate) dir: At<'a>,
    pub(crate) last: Last,
    /// The path ended in one or more `/`.
    pub(crate) trailing_slash: bool,
}

/// Resolves everything but the last component of `path` beneath `dir`.
pub(crate) fn parent<'a>(
    resolver: Resolver,
    dir: &'a dyn Dir,
    path: &str,
) -> Result<Parent<'a>, Errno> {
    check(path)?;
    let trimmed = path.trim_end_matches('/');
    let trailing_slash = trimmed.len() != path.len();
    if trimmed.is_empty() {
        // "" is ENOENT; "/" (or "//") is absolute.
        return Err(if path.is_empty() {
            Errno::NOENT
        } else {
            Errno::NOTCAPABLE
        });
    }
    let (head, last) = match trimmed.rfind('/') {
        // "/name" is absolute; "a//b" keeps a harmless "a/" head.
        Some(0) => return Err(Errno::NOTCAPABLE),
        Some(i) => (
            trimmed.get(..i).unwrap_or_default(),
            trimmed.get(i.saturating_add(1)..).unwrap_or_default(),
        ),
        None => (".", trimmed),
    };
    match last {
        "." | ".." => {
            // Resolving the whole path checks that it stays beneath `dir`.
            let whole = open_dir(resolver, dir, trimmed)?;
            let kind = if last == "." {
                DotKind::Dot
            } else {
                DotKind::DotDot
            };
            Ok(Parent {
                dir: whole,
                last: Last::Dot(kind),
                trailing_slash,
            })
        }
        name => {
            Name::new(name)?;
            Ok(Parent {
                dir: open_dir(resolver, dir, head)?,
                last: Last::Name(name.to_owned()),
                trailing_slash,
            })
        }
    }
}

/// Resolves `path` beneath `dir` following every symlink, the last component's too, and
/// returns the directory holding what it names and that name (or `.`/`..`). All expansions,
/// in the directories and at the end, share one budget of [`MAX_SYMLINKS`], as in the
/// kernel. This is the walk whatever the context's resolver, since a one-step resolution
/// cannot stop at the parent of a followed name; both resolvers therefore agree on these
/// calls.
pub(crate) fn parent_following<'a>(dir: &'a dyn Dir, path: &str) -> Result<Parent<'a>, Errno> {
    check(path)?;
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    match walk(dir, path, Goal::Parent)? {
        Reached::Parent(parent) => Ok(parent),
        Reached::Opened(_) => Err(Errno::IO),
    }
}

impl Parent<'_> {
    /// The last component as a [`Name`]; `EINVAL` for a path ending in `.` or `..` (callers
    /// answer those first).
    pub(crate) fn name(&self) -> Result<Name<'_>, Errno> {
        match &self.last {
            Last::Name(name) => Name::new(name),
            Last::Dot(_) => Err(Errno::INVAL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Resolver, open};
    use crate::MemFs;
    use crate::backend::{Dir, DirEntry, Handle, Name, OpenHow, Opened, Result, SetTime, Stat};
    use crate::path::trail::WALK_OPEN_DIRS;
    use core::any::Any;
    use core::ops::ControlFlow;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use wasi_abi::{Errno, Fdflags};

    /// How many [`Counted`] handles are alive, and the most there ever were.
    #[derive(Debug, Default)]
    struct Count {
        live: AtomicUsize,
        most: AtomicUsize,
        /// `open_at` calls, and the calls only the resolver makes (`stat_at`, `lookup`,
        /// `readlink_at`).
        opens: AtomicUsize,
        resolving: AtomicUsize,
    }

    /// A directory that counts its live handles (lookups are counted; opens are not).
    #[derive(Debug)]
    struct Counted {
        inner: Box<dyn Dir>,
        count: Arc<Count>,
    }

    impl Counted {
        fn new(inner: Box<dyn Dir>, count: &Arc<Count>) -> Counted {
            let live = count.live.fetch_add(1, Ordering::Relaxed) + 1;
            count.most.fetch_max(live, Ordering::Relaxed);
            Counted {
                inner,
                count: Arc::clone(count),
            }
        }
    }

    impl Drop for Counted {
        fn drop(&mut self) {
            self.count.live.fetch_sub(1, Ordering::Relaxed);
        }
    }

    impl Handle for Counted {
        fn stat(&self) -> Result<Stat> {
            self.inner.stat()
        }
        fn set_times(&self, atim: SetTime, mtim: SetTime) -> Result<()> {
            self.inner.set_times(atim, mtim)
        }
        fn fdflags(&self) -> Result<Fdflags> {
            self.inner.fdflags()
        }
        fn set_fdflags(&self, flags: Fdflags) -> Result<()> {
            self.inner.set_fdflags(flags)
        }
        fn sync(&self) -> Result<()> {
            self.inner.sync()
        }
        fn datasync(&self) -> Result<()> {
            self.inner.datasync()
        }
    }

    impl Dir for Counted {
        fn stat_at(&self, name: Name<'_>) -> Result<Stat> {
            self.count.resolving.fetch_add(1, Ordering::Relaxed);
            self.inner.stat_at(name)
        }
        fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened> {
            self.count.opens.fetch_add(1, Ordering::Relaxed);
            self.inner.open_at(name, how)
        }
        fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>> {
            self.count.resolving.fetch_add(1, Ordering::Relaxed);
            let inner = self.inner.lookup(name)?;
            Ok(Box::new(Counted::new(inner, &self.count)))
        }
        fn reopen(&self, how: &OpenHow) -> Result<Opened> {
            self.inner.reopen(how)
        }
        fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize> {
            self.count.resolving.fetch_add(1, Ordering::Relaxed);
            self.inner.readlink_at(name, buf)
        }
        fn mkdir_at(&self, name: Name<'_>) -> Result<()> {
            self.inner.mkdir_at(name)
        }
        fn rmdir_at(&self, name: Name<'_>) -> Result<()> {
            self.inner.rmdir_at(name)
        }
        fn unlink_at(&self, name: Name<'_>) -> Result<()> {
            self.inner.unlink_at(name)
        }
        fn symlink_at(&self, target: &str, name: Name<'_>) -> Result<()> {
            self.inner.symlink_at(target, name)
        }
        fn rename_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>, dirs: bool) -> Result<()> {
            self.inner.rename_at(old, to, new, dirs)
        }
        fn link_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>) -> Result<()> {
            self.inner.link_at(old, to, new)
        }
        fn set_times_at(&self, name: Name<'_>, atim: SetTime, mtim: SetTime) -> Result<()> {
            self.inner.set_times_at(name, atim, mtim)
        }
        fn read_dir(
            &mut self,
            cookie: u64,
            each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
        ) -> Result<()> {
            self.inner.read_dir(cookie, each)
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    }

    #[test]
    fn one_plain_name_is_one_open_and_a_followed_symlink_is_resolved() {
        let fs = MemFs::new();
        fs.write_file("f", b"file").unwrap();
        let root = fs.root();
        root.symlink_at("f", Name::new("l").unwrap()).unwrap();
        let count = Arc::new(Count::default());
        let base = Counted::new(root, &count);
        let how = OpenHow {
            read: true,
            ..OpenHow::default()
        };
        let calls = |count: &Count| {
            let opens = count.opens.swap(0, Ordering::Relaxed);
            (opens, count.resolving.swap(0, Ordering::Relaxed))
        };
        // A file, followed or not: one open_at, nothing else.
        for follow in [false, true] {
            assert!(matches!(
                open(Resolver::Walk, &base, "f", &how, follow),
                Ok(Opened::File(_))
            ));
            assert_eq!(calls(&count), (1, 0), "follow: {follow}");
        }
        // A symlink not followed: the open's own ELOOP, with no second try.
        assert!(matches!(
            open(Resolver::Walk, &base, "l", &how, false),
            Err(Errno::LOOP)
        ));
        assert_eq!(calls(&count), (1, 0));
        // Followed: the fast open fails, then the resolver reads the link and opens `f`.
        assert!(matches!(
            open(Resolver::Walk, &base, "l", &how, true),
            Ok(Opened::File(_))
        ));
        let (opens, resolving) = calls(&count);
        assert_eq!(opens, 2);
        assert!(
            resolving >= 2,
            "the walk stats and reads the link: {resolving}"
        );
        // A path-only open that follows is resolved at once (an O_PATH open of the name would
        // be the link itself).
        match open(Resolver::Walk, &base, "l", &OpenHow::path_only(false), true) {
            Ok(Opened::File(file)) => {
                assert_eq!(
                    file.stat().unwrap().filetype,
                    wasi_abi::Filetype::RegularFile
                );
            }
            other => panic!("expected the file behind the link, got {other:?}"),
        }
        assert_eq!(calls(&count).0, 1);
        // `..` is never a plain name: it leaves the base.
        assert!(matches!(
            open(Resolver::Walk, &base, "..", &how, false),
            Err(Errno::NOTCAPABLE)
        ));
    }

    /// Opens `path` in `fs` through the walk; its bytes, and the most directory handles the
    /// walk held at once.
    fn walk_read(fs: &MemFs, path: &str) -> (Result<Vec<u8>>, usize) {
        let count = Arc::new(Count::default());
        let base = Counted::new(fs.root(), &count);
        let how = OpenHow {
            read: true,
            ..OpenHow::default()
        };
        let read = match open(Resolver::Walk, &base, path, &how, true) {
            Ok(Opened::File(mut file)) => {
                let mut buf = [0u8; 64];
                file.read(&mut buf, &[(0, 64)])
                    .map(|n| buf.get(..n).unwrap_or_default().to_vec())
            }
            Ok(Opened::Dir(_)) => Err(wasi_abi::Errno::ISDIR),
            Err(e) => Err(e),
        };
        drop(base);
        assert_eq!(count.live.load(Ordering::Relaxed), 0, "a handle leaked");
        // Less the base, which the caller holds.
        (read, count.most.load(Ordering::Relaxed) - 1)
    }

    #[test]
    fn a_deep_walk_holds_a_bounded_number_of_directories() {
        let fs = MemFs::new();
        let chain = "d/".repeat(2000);
        fs.create_dir_all(chain.trim_end_matches('/')).unwrap();
        fs.write_file(&format!("{chain}f"), b"bottom").unwrap();
        fs.write_file("d/d/g", b"top").unwrap();
        for depth in [1, 8, 9, 17, 100, 2000] {
            fs.write_file(&format!("{}h", "d/".repeat(depth)), b"h")
                .unwrap();
            let (read, most) = walk_read(&fs, &format!("{}h", "d/".repeat(depth)));
            assert_eq!(read.as_deref(), Ok(&b"h"[..]), "depth {depth}");
            assert!(most <= WALK_OPEN_DIRS, "{most} open at depth {depth}");
            if depth <= 8 {
                assert_eq!(most, depth, "every level of a shallow walk stays open");
            }
        }
        let (read, most) = walk_read(&fs, &format!("{chain}f"));
        assert_eq!(
            (read.as_deref(), most <= WALK_OPEN_DIRS),
            (Ok(&b"bottom"[..]), true)
        );
        // Down 500, back up to level 2, down again to level 202 and up again:
        // every level reopened on the way back is right.
        let bounce = format!(
            "{}{}{}{}g",
            "d/".repeat(500),
            "../".repeat(498),
            "d/".repeat(200),
            "../".repeat(200)
        );
        assert!(bounce.len() <= super::MAX_PATH);
        let (read, most) = walk_read(&fs, &bounce);
        assert_eq!(
            (read.as_deref(), most <= WALK_OPEN_DIRS),
            (Ok(&b"top"[..]), true)
        );
        fs.write_file(&format!("{}f2", "d/".repeat(1200)), b"f2")
            .unwrap();
        let zigzag = format!("{}{}f2", "d/".repeat(1200), "../d/".repeat(300));
        let (read, most) = walk_read(&fs, &zigzag);
        assert_eq!(
            (read.as_deref(), most <= WALK_OPEN_DIRS),
            (Ok(&b"f2"[..]), true)
        );
        // One `..` too many, however deep: refused.
        let above = format!("{}{}g", "d/".repeat(800), "../".repeat(801));
        assert_eq!(walk_read(&fs, &above).0, Err(wasi_abi::Errno::NOTCAPABLE));
    }
}
