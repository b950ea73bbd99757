//! [`Dir`]: a directory, asked about one name at a time.

use super::{File, Handle, Name, OpenHow, Result, SetTime, Stat};
use core::any::Any;
use core::ops::ControlFlow;
use wasi_abi::Filetype;

/// What [`Dir::open_at`] opened.
#[derive(Debug)]
pub enum Opened {
    /// A file that is not a directory: a regular file, a device, a FIFO.
    File(Box<dyn File>),
    /// A directory.
    Dir(Box<dyn Dir>),
}

/// One entry of a directory listing, as [`Dir::read_dir`] hands it to the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirEntry<'a> {
    /// The cookie that resumes the listing after this entry (`d_next`).
    pub next: u64,
    /// The entry's serial number (`d_ino`).
    pub ino: u64,
    /// What kind of file it names.
    pub filetype: Filetype,
    /// The name, without a NUL.
    pub name: &'a [u8],
}

/// A directory.
///
/// The core resolves every path, component by component, over these methods: each takes a
/// [`Name`] (one checked component) and acts on that entry of `self` alone. None of them
/// follows a symlink: a symlink is resolved by the core, which reads it with
/// [`readlink_at`](Dir::readlink_at) and walks its target under the same rules as any path.
///
/// Errors are POSIX's for the `*at` call each method mirrors: `ENOENT` for a missing name,
/// `EEXIST` for one that must not exist, `ENOTDIR`, `EISDIR`, `ENOTEMPTY`, `EPERM`, `EXDEV`
/// for a rename or link between directories of different filesystems (another backend, or
/// another device), `EROFS` where nothing may be written.
pub trait Dir: Handle {
    /// The status of the entry `name`, not following a symlink (`fstatat` with
    /// `AT_SYMLINK_NOFOLLOW`).
    fn stat_at(&self, name: Name<'_>) -> Result<Stat>;

    /// Opens the entry `name` as `how` says. A symlink is not followed: `ELOOP`, or
    /// `ENOTDIR` when `how.directory` is set; with `how.path_only` the symlink itself is
    /// opened (to be stat'ed). With `how.create` a missing name becomes an
    /// empty regular file; with `how.exclusive` too, an existing one (a dangling symlink
    /// included) is `EEXIST`. `EISDIR` to open a directory for writing.
    fn open_at(&self, name: Name<'_>, how: &OpenHow) -> Result<Opened>;

    /// One step of a walk: the directory `name`, opened only to resolve names in it (it need
    /// not be readable). `ENOTDIR` if it is not a directory; a symlink is `ELOOP` or
    /// `ENOTDIR` (the core then checks with [`stat_at`](Dir::stat_at) and expands it).
    fn lookup(&self, name: Name<'_>) -> Result<Box<dyn Dir>>;

    /// Opens this directory itself as `how` says, for a path that ends at it (`.`, `a/..`,
    /// `name/`): `EISDIR` for writing; `how.create` and `how.exclusive` are not set.
    fn reopen(&self, how: &OpenHow) -> Result<Opened>;

    /// Copies the target of the symlink `name` into `buf`; returns the target's length, cut
    /// to `buf.len()`. `EINVAL` if `name` is not a symlink.
    fn readlink_at(&self, name: Name<'_>, buf: &mut [u8]) -> Result<usize>;

    /// Creates the directory `name`.
    fn mkdir_at(&self, name: Name<'_>) -> Result<()>;

    /// Removes the empty directory `name` (`ENOTDIR` for anything else, a symlink included).
    fn rmdir_at(&self, name: Name<'_>) -> Result<()>;

    /// Removes the name `name` of a file or symlink (`EISDIR` for a directory).
    fn unlink_at(&self, name: Name<'_>) -> Result<()>;

    /// Creates the symlink `name` with the target `target`, stored as given (the core has
    /// refused absolute targets).
    fn symlink_at(&self, target: &str, name: Name<'_>) -> Result<()>;

    /// Renames `old` in `self` to `new` in `to`, replacing a file by a file or an empty
    /// directory by a directory, as `renameat(2)`: `ENOTDIR` for a directory onto a
    /// non-directory, `EISDIR` for the reverse, `ENOTEMPTY`, `EINVAL` for a directory into
    /// itself, `EXDEV` if `to` belongs to another filesystem. With `dirs` (either guest path
    /// ended in `/`), `old` must be a directory and so must `new` if it exists (`ENOTDIR`),
    /// checked after the directory-into-itself `EINVAL`, as the kernel does.
    fn rename_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>, dirs: bool) -> Result<()>;

    /// Makes `new` in `to` another name of the file `old` in `self` (a symlink is linked
    /// itself): `EEXIST` if `new` exists, `EPERM` for a directory, `EXDEV` across
    /// filesystems.
    fn link_at(&self, old: Name<'_>, to: &dyn Dir, new: Name<'_>) -> Result<()>;

    /// Sets the times of the entry `name`, not following a symlink.
    fn set_times_at(&self, name: Name<'_>, atim: SetTime, mtim: SetTime) -> Result<()>;

    /// Lists entries, `.` and `..` included, starting after `cookie` (0: from the start,
    /// reading the directory as it is now). `each` is called once per entry, in order, and
    /// returns `Break` when it can take no more; the listing stops there, and the entry it
    /// refused is not consumed: the next call with that entry's predecessor's cookie (or the
    /// cookie the listing stopped at) hands it out again. A cookie no entry gave is the
    /// backend's to interpret (`EINVAL` if it cannot).
    fn read_dir(
        &mut self,
        cookie: u64,
        each: &mut dyn FnMut(&DirEntry<'_>) -> ControlFlow<()>,
    ) -> Result<()>;

    /// The concrete handle, so that [`rename_at`](Dir::rename_at) and
    /// [`link_at`](Dir::link_at) can find the backend's own type behind `to` (and answer
    /// `EXDEV` when it is another's).
    fn as_any(&self) -> &dyn Any;

    /// Resolves a whole relative `path` beneath `self` in one step, when the backend can do
    /// so with the same sandbox rules as the core's walk (the host: `openat2` with
    /// `RESOLVE_BENEATH`): `ENOTCAPABLE` for a path that would leave `self`. `None` (the
    /// default) means it cannot, and the core walks the path. `follow`: follow a final
    /// symlink.
    fn open_beneath(&self, path: &str, how: &OpenHow, follow: bool) -> Option<Result<Opened>> {
        let _ = (path, how, follow);
        None
    }
}
