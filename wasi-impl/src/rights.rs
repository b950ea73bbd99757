//! The rights each kind of descriptor starts with.
//!
//! A descriptor's base rights say which calls it permits; its inheriting rights bound the
//! rights of descriptors opened through it (`path_open`). See `RATIONALE.md` for how a missing
//! right is answered.

use wasi_abi::Rights;

/// Rights that only make sense on a regular file.
pub(crate) const REGULAR_FILE: Rights = Rights::FD_DATASYNC
    .union(Rights::FD_READ)
    .union(Rights::FD_SEEK)
    .union(Rights::FD_FDSTAT_SET_FLAGS)
    .union(Rights::FD_SYNC)
    .union(Rights::FD_TELL)
    .union(Rights::FD_WRITE)
    .union(Rights::FD_ADVISE)
    .union(Rights::FD_ALLOCATE)
    .union(Rights::FD_FILESTAT_GET)
    .union(Rights::FD_FILESTAT_SET_SIZE)
    .union(Rights::FD_FILESTAT_SET_TIMES)
    .union(Rights::POLL_FD_READWRITE);

/// Rights that make sense on a directory.
pub(crate) const DIRECTORY: Rights = Rights::FD_FDSTAT_SET_FLAGS
    .union(Rights::FD_SYNC)
    .union(Rights::FD_ADVISE)
    .union(Rights::PATH_CREATE_DIRECTORY)
    .union(Rights::PATH_CREATE_FILE)
    .union(Rights::PATH_LINK_SOURCE)
    .union(Rights::PATH_LINK_TARGET)
    .union(Rights::PATH_OPEN)
    .union(Rights::FD_READDIR)
    .union(Rights::PATH_READLINK)
    .union(Rights::PATH_RENAME_SOURCE)
    .union(Rights::PATH_RENAME_TARGET)
    .union(Rights::PATH_FILESTAT_GET)
    .union(Rights::PATH_FILESTAT_SET_SIZE)
    .union(Rights::PATH_FILESTAT_SET_TIMES)
    .union(Rights::FD_FILESTAT_GET)
    .union(Rights::FD_FILESTAT_SET_TIMES)
    .union(Rights::PATH_SYMLINK)
    .union(Rights::PATH_REMOVE_DIRECTORY)
    .union(Rights::PATH_UNLINK_FILE);

/// What a preopened directory hands down to what is opened through it.
pub(crate) const DIRECTORY_INHERITING: Rights = DIRECTORY.union(REGULAR_FILE);

/// Stdin: readable, pollable, never seekable (so wasi-libc's `isatty` logic works).
pub(crate) const STDIN: Rights = Rights::FD_READ
    .union(Rights::FD_FDSTAT_SET_FLAGS)
    .union(Rights::FD_FILESTAT_GET)
    .union(Rights::POLL_FD_READWRITE);

/// Stdout and stderr: writable, pollable, never seekable.
pub(crate) const STDOUT: Rights = Rights::FD_WRITE
    .union(Rights::FD_DATASYNC)
    .union(Rights::FD_SYNC)
    .union(Rights::FD_FDSTAT_SET_FLAGS)
    .union(Rights::FD_FILESTAT_GET)
    .union(Rights::POLL_FD_READWRITE);

/// The rights that modify anything: a read-only preopen, and everything opened through it,
/// never has these.
pub(crate) const WRITING: Rights = Rights::FD_DATASYNC
    .union(Rights::FD_WRITE)
    .union(Rights::FD_ALLOCATE)
    .union(Rights::PATH_CREATE_DIRECTORY)
    .union(Rights::PATH_CREATE_FILE)
    .union(Rights::PATH_LINK_SOURCE)
    .union(Rights::PATH_LINK_TARGET)
    .union(Rights::PATH_RENAME_SOURCE)
    .union(Rights::PATH_RENAME_TARGET)
    .union(Rights::PATH_FILESTAT_SET_SIZE)
    .union(Rights::PATH_FILESTAT_SET_TIMES)
    .union(Rights::FD_FILESTAT_SET_SIZE)
    .union(Rights::FD_FILESTAT_SET_TIMES)
    .union(Rights::PATH_SYMLINK)
    .union(Rights::PATH_REMOVE_DIRECTORY)
    .union(Rights::PATH_UNLINK_FILE);

/// Rights that ask for a writable host fd when requested from `path_open`.
pub(crate) const NEEDS_WRITE_ACCESS: Rights = Rights::FD_WRITE
    .union(Rights::FD_ALLOCATE)
    .union(Rights::FD_FILESTAT_SET_SIZE);

/// A listening socket from `--tcplisten`.
pub(crate) const LISTENER: Rights = Rights::SOCK_ACCEPT
    .union(Rights::POLL_FD_READWRITE)
    .union(Rights::FD_FDSTAT_SET_FLAGS)
    .union(Rights::FD_FILESTAT_GET);

/// A connection accepted from a listener.
pub(crate) const CONNECTION: Rights = Rights::FD_READ
    .union(Rights::FD_WRITE)
    .union(Rights::POLL_FD_READWRITE)
    .union(Rights::SOCK_SHUTDOWN)
    .union(Rights::FD_FDSTAT_SET_FLAGS)
    .union(Rights::FD_FILESTAT_GET);

/// The most a descriptor of type `filetype` can have; requested rights are masked with it.
pub(crate) fn for_type(filetype: wasi_abi::Filetype) -> Rights {
    match filetype {
        wasi_abi::Filetype::Directory => DIRECTORY,
        wasi_abi::Filetype::SocketStream | wasi_abi::Filetype::SocketDgram => CONNECTION,
        wasi_abi::Filetype::RegularFile
        | wasi_abi::Filetype::BlockDevice
        | wasi_abi::Filetype::CharacterDevice
        | wasi_abi::Filetype::SymbolicLink
        | wasi_abi::Filetype::Unknown => REGULAR_FILE,
    }
}
