//! The seam between the preview1 semantics and what they run on.
//!
//! The core (the fd table, rights, path resolution, the encoding of every struct, readdir's
//! cut-off, poll's deadlines, the trace) is written once, over these traits. A backend
//! provides storage and the host's answers:
//!
//! - [`Dir`] and [`File`] (both [`Handle`]s): a directory and an open file. A directory is
//!   only ever asked about one checked [`Name`] inside it (never a path), so no backend can
//!   be talked out of its directory: `..`, symlinks, absolute paths and trailing slashes are
//!   resolved by the core's walk before a backend sees a name.
//! - [`Socket`]: a connection or a listener handed to the guest by its host, or one the guest
//!   opened itself through [`Network`] (WASIX), after the core checked the network policy.
//! - [`Clock`], [`Random`] and [`Poller`]: time, randomness and waiting.
//!
//! The backends in this crate: the host's (`host`, the only module with `libc` and `unsafe`),
//! [`MemFs`](crate::MemFs) (an in-memory tree) and [`Overlay`](crate::Overlay) (a
//! copy-on-write layer over a read-only lower directory).
//!
//! Every method answers an [`Errno`] on failure, never an `io::Error`: a host backend maps its
//! own error numbers once, an in-memory one answers errnos directly. Guest buffers cross the
//! seam as the guest's memory and `(start, len)` ranges the core has bounds-checked, so a
//! host backend can hand them to the kernel without a copy (ranges may overlap). Every call is
//! synchronous.

mod dir;
mod file;
mod poll;
mod time;

pub use dir::{Dir, DirEntry, Opened};
pub use file::{File, Handle, Network, OptionValue, Socket, SocketKind};
pub use poll::{PollRequest, PollToken, Poller, Readiness};
pub use time::{Clock, Random};

use core::fmt;
use wasi_abi::{Errno, Fdflags, Filetype};

/// What every backend method returns.
pub type Result<T> = core::result::Result<T, Errno>;

/// Longest name of one path component, in bytes (POSIX's `NAME_MAX` on Linux).
pub const NAME_MAX: usize = 255;

/// One component of a path: not empty, at most [`NAME_MAX`] bytes, no `/`, no NUL byte, not
/// `.` or `..`. A backend is only ever asked about names inside the directory it is called
/// on.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name<'a>(&'a str);

impl<'a> Name<'a> {
    /// `name` as a [`Name`]; `EINVAL` for a NUL byte, `ENOENT` for an empty name,
    /// `ENAMETOOLONG` past [`NAME_MAX`] bytes, and `ENOTCAPABLE` for anything that is not a
    /// single plain component (`/`, `.`, `..`), which the core never passes.
    pub fn new(name: &'a str) -> Result<Name<'a>> {
        if name.is_empty() {
            return Err(Errno::NOENT);
        }
        if name.len() > NAME_MAX {
            return Err(Errno::NAMETOOLONG);
        }
        if name.as_bytes().contains(&0) {
            return Err(Errno::INVAL);
        }
        if name.contains('/') || name == "." || name == ".." {
            return Err(Errno::NOTCAPABLE);
        }
        Ok(Name(name))
    }

    /// The component.
    pub fn as_str(&self) -> &'a str {
        self.0
    }
}

impl fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

/// What a backend says about a file: the fields of preview1's `filestat`. Times are
/// nanoseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// The device (filesystem) the file is on.
    pub dev: u64,
    /// The file's serial number, unique and stable within `dev`.
    pub ino: u64,
    /// What kind of file it is.
    pub filetype: Filetype,
    /// How many directory entries name it.
    pub nlink: u64,
    /// Its size in bytes (a symlink: the length of its target).
    pub size: u64,
    /// Last access.
    pub atim: u64,
    /// Last modification of the contents.
    pub mtim: u64,
    /// Last change of the contents or the metadata.
    pub ctim: u64,
}

impl Stat {
    /// The all-zero `Stat` of a file with no backing inode (in-memory stdio).
    pub fn unknown(filetype: Filetype) -> Stat {
        Stat {
            dev: 0,
            ino: 0,
            filetype,
            nlink: 0,
            size: 0,
            atim: 0,
            mtim: 0,
            ctim: 0,
        }
    }
}

/// How to change one timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetTime {
    /// Leave it as it is.
    Keep,
    /// Set it to the current time of the context's clock (a host backend: the host's).
    Now,
    /// Set it to this many nanoseconds since 1970.
    At(u64),
}

/// How to open a name, as the core derived it from `path_open`'s oflags, rights and fdflags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenHow {
    /// Open for reading (`FD_READ` or `FD_READDIR` remained after masking).
    pub read: bool,
    /// Open for writing (`FD_WRITE`, `FD_ALLOCATE` or `FD_FILESTAT_SET_SIZE` remained).
    pub write: bool,
    /// `CREAT`: create a regular file if the name is free.
    pub create: bool,
    /// `EXCL` (with `create`): `EEXIST` if the name exists, even as a dangling symlink.
    pub exclusive: bool,
    /// `TRUNC`: truncate a regular file to 0 bytes.
    pub truncate: bool,
    /// `DIRECTORY`: the name must be a directory (`ENOTDIR` otherwise).
    pub directory: bool,
    /// The fd's initial flags (`APPEND`, `DSYNC`, `NONBLOCK`, `RSYNC`, `SYNC`).
    pub fdflags: Fdflags,
    /// The fd may change the file's times (`FD_FILESTAT_SET_TIMES` remained): a backend
    /// that must prepare for changes (a copy-on-write overlay) does so; the host ignores it.
    pub modify_times: bool,
    /// Open only to learn the file's status or to resolve names in it (the host: `O_PATH`):
    /// no reading or writing, never creating.
    pub path_only: bool,
}

impl Default for OpenHow {
    /// Read-only, no flags.
    fn default() -> OpenHow {
        OpenHow {
            read: false,
            write: false,
            create: false,
            exclusive: false,
            truncate: false,
            directory: false,
            fdflags: Fdflags::empty(),
            modify_times: false,
            path_only: false,
        }
    }
}

impl OpenHow {
    /// A handle to stat the target or, with `directory`, to resolve names in it.
    pub fn path_only(directory: bool) -> OpenHow {
        OpenHow {
            directory,
            path_only: true,
            ..OpenHow::default()
        }
    }
}
