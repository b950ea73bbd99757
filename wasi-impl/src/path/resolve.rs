//! Resolving guest paths without leaving the directory they are relative to.
//!
//! Every path a guest passes is relative to a directory fd and must stay beneath it: no
//! absolute paths, no `..` above it, no symlink (relative, absolute, chained, dangling,
//! looping, behind a trailing `/`) whose expansion leaves it. Two resolvers enforce this:
//!
//! - [`Resolver::Openat2`]: one `openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)` call; the
//!   kernel refuses escapes with `EXDEV`, answered as `ENOTCAPABLE`.
//! - [`Resolver::Walk`]: a component-by-component walk for kernels without `openat2` (before
//!   5.6, or where seccomp forbids it): each component is opened with `O_NOFOLLOW` relative to
//!   the previous one, `..` pops a stack of opened directories and may not pop the last,
//!   symlinks are read with `readlinkat` and expanded in place (40 at most, then `ELOOP`).
//!
//! Operations that act on a name inside a directory (mkdir, unlink, rename, link, symlink,
//! readlink, set times without following) resolve the *parent* with these rules and act on
//! the last component with an `*at` call that does not follow it ([`parent`]). Operations that
//! follow a final symlink without opening it (link and set times with `SYMLINK_FOLLOW`) use
//! the walk to the end, following the last component too ([`parent_following`]).

use crate::sys::fs as sysfs;
use std::collections::VecDeque;
use std::ffi::{CStr, CString};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use wasi_abi::Errno;

/// Most symlinks expanded while resolving one path (Linux's `MAXSYMLINKS`).
pub(crate) const MAX_SYMLINKS: usize = 40;
/// Longest path accepted, in bytes (Linux's `PATH_MAX` less its NUL).
pub(crate) const MAX_PATH: usize = 4095;
/// Deepest directory nesting the hand-written walk holds open at once.
const MAX_WALK_DEPTH: usize = 256;

/// Which resolver a context uses; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolver {
    /// `openat2` with `RESOLVE_BENEATH`; needs Linux 5.6 or later.
    Openat2,
    /// The component-by-component walk.
    Walk,
}

impl Resolver {
    /// `Openat2` if this kernel supports it (probed once on `/`), otherwise `Walk`.
    pub fn detect() -> Resolver {
        let Ok(root) = std::fs::File::open("/") else {
            return Resolver::Walk;
        };
        match sysfs::openat2_beneath(root.as_fd(), c".", libc::O_PATH | libc::O_DIRECTORY, 0) {
            Ok(_) => Resolver::Openat2,
            Err(_) => Resolver::Walk,
        }
    }
}

/// Paths up to this many bytes are turned into C strings on the stack.
const INLINE_PATH: usize = 255;

/// A checked guest path as a C string: on the stack when it is short (the common case, so a
/// path call allocates nothing), on the heap otherwise.
#[allow(
    clippy::large_enum_variant,
    reason = "the inline variant is the point: it lives on the stack for one call"
)]
pub(crate) enum CPath {
    /// The path's bytes and at least one NUL after them.
    Inline([u8; INLINE_PATH + 1]),
    /// A longer path.
    Heap(CString),
}

impl std::ops::Deref for CPath {
    type Target = CStr;

    fn deref(&self) -> &CStr {
        match self {
            // The buffer always holds a NUL (its last byte is never written).
            CPath::Inline(buf) => CStr::from_bytes_until_nul(buf).unwrap_or_default(),
            CPath::Heap(path) => path,
        }
    }
}

/// Checks a guest path: at most [`MAX_PATH`] bytes and no NUL; `EINVAL` for a NUL byte (the
/// path would otherwise be cut short), `ENAMETOOLONG` for length.
pub(crate) fn c_path(path: &str) -> Result<CPath, Errno> {
    if path.len() > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    let bytes = path.as_bytes();
    if bytes.contains(&0) {
        return Err(Errno::INVAL);
    }
    let mut buf = [0u8; INLINE_PATH + 1];
    match buf.get_mut(..bytes.len()) {
        Some(head) if bytes.len() <= INLINE_PATH => {
            head.copy_from_slice(bytes);
            Ok(CPath::Inline(buf))
        }
        _ => CString::new(path)
            .map(CPath::Heap)
            .map_err(|_| Errno::INVAL),
    }
}

/// Opens `path` beneath `dir` with `flags` (`O_NOFOLLOW` is added unless `follow`; it affects
/// only the last component; `O_CLOEXEC` is added by the syscall wrappers).
pub(crate) fn open(
    resolver: Resolver,
    dir: BorrowedFd<'_>,
    path: &str,
    flags: libc::c_int,
    mode: libc::mode_t,
    follow: bool,
) -> Result<OwnedFd, Errno> {
    let flags = flags | if follow { 0 } else { libc::O_NOFOLLOW };
    // openat2 refuses a mode without O_CREAT.
    let mode = if flags & libc::O_CREAT != 0 { mode } else { 0 };
    let cpath = c_path(path)?;
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    if resolver == Resolver::Openat2 {
        for _ in 0..8 {
            match sysfs::openat2_beneath(dir, &cpath, flags, mode) {
                // openat2 refuses escapes with EXDEV.
                Err(Errno::XDEV) => return Err(Errno::NOTCAPABLE),
                // A concurrent rename raced the lookup: try again, then walk by hand.
                Err(Errno::AGAIN) => continue,
                other => return other,
            }
        }
    }
    match walk(dir, path, Goal::Open { flags, mode })? {
        Reached::Fd(fd) => Ok(fd),
        Reached::Parent(_) => Err(Errno::IO),
    }
}

/// Where a walk stops.
#[derive(Debug, Clone, Copy)]
enum Goal {
    /// Open the last component with these flags (`O_NOFOLLOW` in `flags` leaves a final
    /// symlink unfollowed).
    Open {
        flags: libc::c_int,
        mode: libc::mode_t,
    },
    /// Follow every symlink, the last component's too, and stop at the directory holding
    /// the last component.
    Parent,
}

/// What a walk reached.
#[derive(Debug)]
enum Reached {
    Fd(OwnedFd),
    Parent(Parent),
}

/// Opens `.` in `dir` for a path that ended at a directory, as `flags` asks but never
/// creating (`O_CREAT` on such a path is refused by the caller).
fn open_here(
    dir: BorrowedFd<'_>,
    flags: libc::c_int,
    mode: libc::mode_t,
) -> Result<OwnedFd, Errno> {
    let flags = flags & !(libc::O_NOFOLLOW | libc::O_CREAT | libc::O_EXCL);
    sysfs::openat(dir, c".", flags, mode)
}

/// Replaces a symlink component by its target's components, spending one unit of `budget`
/// (`ELOOP` when it is spent, `ENOTCAPABLE` for an absolute target).
fn expand(
    queue: &mut VecDeque<Vec<u8>>,
    dir: BorrowedFd<'_>,
    name: &CStr,
    budget: &mut usize,
) -> Result<(), Errno> {
    *budget = budget.checked_sub(1).ok_or(Errno::LOOP)?;
    let target = read_link(dir, name)?;
    push_components(queue, &target, true)
}

/// The hand-written resolver: one component at a time with `O_NOFOLLOW`, a stack of opened
/// directories for `..`, symlinks expanded in place from one budget of [`MAX_SYMLINKS`].
fn walk(dir: BorrowedFd<'_>, path: &str, goal: Goal) -> Result<Reached, Errno> {
    let (flags, mode) = match goal {
        Goal::Open { flags, mode } => (flags, mode),
        Goal::Parent => (libc::O_PATH, 0),
    };
    // As open(2): `O_CREAT` on a name with a trailing slash is `EISDIR`, and `O_CREAT | O_EXCL`
    // never follows a final symlink (it fails with `EEXIST` instead). A final `.` or `..` is
    // resolved, and checked, first; creating it is then `EISDIR` too.
    let creating = flags & libc::O_CREAT != 0;
    let last_name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if creating && path.ends_with('/') && !matches!(last_name, "" | "." | "..") {
        return Err(Errno::ISDIR);
    }
    let exclusive = flags & (libc::O_CREAT | libc::O_EXCL) == libc::O_CREAT | libc::O_EXCL;
    let follow_last = flags & libc::O_NOFOLLOW == 0 && !exclusive;
    let mut budget = MAX_SYMLINKS;
    let mut queue: VecDeque<Vec<u8>> = VecDeque::new();
    push_components(&mut queue, path.as_bytes(), false)?;
    let mut stack: Vec<OwnedFd> = Vec::new();
    // The directory the walk ended in, as an owned fd (the caller's `dir` is only borrowed).
    let take_current = |stack: &mut Vec<OwnedFd>| match stack.pop() {
        Some(fd) => Ok(fd),
        None => sysfs::openat(dir, c".", libc::O_PATH | libc::O_DIRECTORY, 0),
    };
    loop {
        let current = stack.last().map_or(dir, |fd| fd.as_fd());
        let Some(component) = queue.pop_front() else {
            // The path named the directory we are in (".", "a/..", ...).
            return match goal {
                Goal::Parent => Ok(Reached::Parent(Parent {
                    dir: take_current(&mut stack)?,
                    last: Last::Dot(DotKind::Dot),
                    trailing_slash: false,
                })),
                Goal::Open { .. } if creating => Err(Errno::ISDIR),
                Goal::Open { .. } => open_here(current, flags, mode).map(Reached::Fd),
            };
        };
        let last = queue.is_empty();
        let kind = match component.as_slice() {
            b"." => DotKind::Dot,
            b".." => {
                if stack.pop().is_none() {
                    return Err(Errno::NOTCAPABLE);
                }
                DotKind::DotDot
            }
            name => {
                let cname = CString::new(name).map_err(|_| Errno::INVAL)?;
                // `O_PATH | O_NOFOLLOW` opens a final symlink itself rather than failing, so
                // a last component to be followed is checked first. (Were it swapped for a
                // link in between, the open below would get the link, never its target.)
                if last && follow_last && kind_at(current, &cname) == Some(libc::S_IFLNK) {
                    expand(&mut queue, current, &cname, &mut budget)?;
                    continue;
                }
                if last && matches!(goal, Goal::Parent) {
                    let dir = take_current(&mut stack)?;
                    return Ok(Reached::Parent(Parent {
                        dir,
                        last: Last::Name(cname),
                        trailing_slash: false,
                    }));
                }
                let (open_flags, open_mode) = if last {
                    (flags | libc::O_NOFOLLOW, mode)
                } else {
                    (libc::O_PATH | libc::O_DIRECTORY | libc::O_NOFOLLOW, 0)
                };
                match sysfs::openat(current, &cname, open_flags, open_mode) {
                    Ok(fd) if last => return Ok(Reached::Fd(fd)),
                    Ok(fd) => {
                        if stack.len() >= MAX_WALK_DEPTH {
                            return Err(Errno::NAMETOOLONG);
                        }
                        stack.push(fd);
                    }
                    Err(e @ (Errno::LOOP | Errno::NOTDIR)) => {
                        let follow = !last || follow_last;
                        if !follow || kind_at(current, &cname) != Some(libc::S_IFLNK) {
                            return Err(e);
                        }
                        expand(&mut queue, current, &cname, &mut budget)?;
                    }
                    Err(e) => return Err(e),
                }
                continue;
            }
        };
        // "." or "..": the last component names the directory now current.
        if last {
            return match goal {
                Goal::Parent => Ok(Reached::Parent(Parent {
                    dir: take_current(&mut stack)?,
                    last: Last::Dot(kind),
                    trailing_slash: false,
                })),
                Goal::Open { .. } if creating => Err(Errno::ISDIR),
                Goal::Open { .. } => {
                    let current = stack.last().map_or(dir, |fd| fd.as_fd());
                    open_here(current, flags, mode).map(Reached::Fd)
                }
            };
        }
    }
}

/// Adds the components of `path` to the front (`front`) or back of `queue`. A trailing `/`
/// becomes a final `.` component, so the name before it must be (or lead to) a directory.
/// An absolute path is `ENOTCAPABLE`.
fn push_components(queue: &mut VecDeque<Vec<u8>>, path: &[u8], front: bool) -> Result<(), Errno> {
    if path.first() == Some(&b'/') {
        return Err(Errno::NOTCAPABLE);
    }
    let mut parts: Vec<Vec<u8>> = path
        .split(|&b| b == b'/')
        .filter(|c| !c.is_empty())
        .map(<[u8]>::to_vec)
        .collect();
    if path.last() == Some(&b'/') {
        parts.push(b".".to_vec());
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

/// The `S_IFMT` type bits of `name` in `dir`, not following a symlink; `None` if it cannot
/// be stat'ed.
pub(crate) fn kind_at(dir: BorrowedFd<'_>, name: &CStr) -> Option<libc::mode_t> {
    sysfs::fstatat(dir, name, false)
        .ok()
        .map(|st| st.st_mode & libc::S_IFMT)
}

/// The target of the symlink `name` in `dir`, whole.
pub(crate) fn read_link(dir: BorrowedFd<'_>, name: &CStr) -> Result<Vec<u8>, Errno> {
    let mut buf = vec![0u8; MAX_PATH.saturating_add(1)];
    let n = sysfs::readlinkat(dir, name, &mut buf)?;
    if n > MAX_PATH {
        return Err(Errno::NAMETOOLONG);
    }
    buf.truncate(n);
    Ok(buf)
}

/// The last component of a path, as [`parent`] returns it.
#[derive(Debug)]
pub(crate) enum Last {
    /// A name to act on with an `*at` call in the parent.
    Name(CString),
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
pub(crate) struct Parent {
    /// The parent directory, opened `O_PATH` beneath the starting directory.
    pub(crate) dir: OwnedFd,
    pub(crate) last: Last,
    /// The path ended in one or more `/`.
    pub(crate) trailing_slash: bool,
}

impl Parent {
    /// The last component with a trailing `/` if the path had one, for the `*at` calls whose
    /// kernel semantics depend on it and that never follow the last component (unlink,
    /// rmdir, mkdir, rename, symlink, the new name of link).
    pub(crate) fn name_as_given(&self) -> Result<CString, Errno> {
        match &self.last {
            Last::Name(name) if self.trailing_slash => {
                let mut bytes = name.as_bytes().to_vec();
                bytes.push(b'/');
                CString::new(bytes).map_err(|_| Errno::INVAL)
            }
            Last::Name(name) => Ok(name.clone()),
            Last::Dot(_) => Err(Errno::INVAL),
        }
    }
}

/// Resolves everything but the last component of `path` beneath `dir`.
pub(crate) fn parent(resolver: Resolver, dir: BorrowedFd<'_>, path: &str) -> Result<Parent, Errno> {
    c_path(path)?;
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
    let flags = libc::O_PATH | libc::O_DIRECTORY;
    match last {
        "." | ".." => {
            // Resolving the whole path checks that it stays beneath `dir`.
            let whole = open(resolver, dir, trimmed, flags, 0, true)?;
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
            let parent_dir = open(resolver, dir, head, flags, 0, true)?;
            let name = CString::new(name).map_err(|_| Errno::INVAL)?;
            Ok(Parent {
                dir: parent_dir,
                last: Last::Name(name),
                trailing_slash,
            })
        }
    }
}

/// Resolves `path` beneath `dir` following every symlink, the last component's too, and
/// returns the directory holding what it names and that name (or `.`/`..`). All expansions,
/// in the directories and at the end, share one budget of [`MAX_SYMLINKS`], as in the
/// kernel. This is the hand-written walk whatever the context's resolver, since openat2 cannot
/// stop at the parent of a followed name; both resolvers therefore agree on these calls.
pub(crate) fn parent_following(dir: BorrowedFd<'_>, path: &str) -> Result<Parent, Errno> {
    c_path(path)?;
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    match walk(dir, path, Goal::Parent)? {
        Reached::Parent(parent) => Ok(parent),
        Reached::Fd(_) => Err(Errno::IO),
    }
}
