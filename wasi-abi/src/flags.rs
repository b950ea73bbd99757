//! The preview1 flag sets, as [`bitflags`](https://docs.rs/bitflags/2) types.
//!
//! Each constant is documented with its C name from `wasi-libc` (`__WASI_RIGHTS_FD_READ`, ...).
//! Decoding from the raw value that crossed the ABI is checked: [`Rights::decode`] and friends
//! answer [`Errno::INVAL`] for any bit the spec does not define, and for a value wider than the
//! flag type (a `u16` flag set passed as an `i32` with high bits set).

use crate::Errno;
use bitflags::bitflags;

/// Implements the checked decoders shared by every flag type.
macro_rules! checked_decode {
    ($($ty:ident: $repr:ty, from $raw:ty;)*) => {$(
        impl $ty {
            /// Decodes the raw value a guest passed (a core-wasm parameter or a struct field).
            ///
            /// Any bit outside the defined set, including bits beyond the flag type's width,
            /// is [`Errno::INVAL`].
            #[inline]
            pub fn decode(raw: $raw) -> Result<Self, Errno> {
                <$repr>::try_from(raw)
                    .ok()
                    .and_then(Self::from_bits)
                    .ok_or(Errno::INVAL)
            }
        }
    )*};
}

bitflags! {
    /// File descriptor rights (`rights`, u64, 30 bits): which operations an fd permits.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Rights: u64 {
        /// `__WASI_RIGHTS_FD_DATASYNC`: invoke `fd_datasync`; with `path_open`, open with `fdflags::dsync`.
        const FD_DATASYNC = 1 << 0;
        /// `__WASI_RIGHTS_FD_READ`: invoke `fd_read` and `sock_recv`; with `fd_seek`, also `fd_pread`.
        const FD_READ = 1 << 1;
        /// `__WASI_RIGHTS_FD_SEEK`: invoke `fd_seek`; implies `fd_tell`.
        const FD_SEEK = 1 << 2;
        /// `__WASI_RIGHTS_FD_FDSTAT_SET_FLAGS`: invoke `fd_fdstat_set_flags`.
        const FD_FDSTAT_SET_FLAGS = 1 << 3;
        /// `__WASI_RIGHTS_FD_SYNC`: invoke `fd_sync`; with `path_open`, open with `rsync`/`dsync`.
        const FD_SYNC = 1 << 4;
        /// `__WASI_RIGHTS_FD_TELL`: invoke `fd_tell`, or `fd_seek` that leaves the offset unchanged.
        const FD_TELL = 1 << 5;
        /// `__WASI_RIGHTS_FD_WRITE`: invoke `fd_write` and `sock_send`; with `fd_seek`, also `fd_pwrite`.
        const FD_WRITE = 1 << 6;
        /// `__WASI_RIGHTS_FD_ADVISE`: invoke `fd_advise`.
        const FD_ADVISE = 1 << 7;
        /// `__WASI_RIGHTS_FD_ALLOCATE`: invoke `fd_allocate`.
        const FD_ALLOCATE = 1 << 8;
        /// `__WASI_RIGHTS_PATH_CREATE_DIRECTORY`: invoke `path_create_directory`.
        const PATH_CREATE_DIRECTORY = 1 << 9;
        /// `__WASI_RIGHTS_PATH_CREATE_FILE`: with `path_open`, open with `oflags::creat`.
        const PATH_CREATE_FILE = 1 << 10;
        /// `__WASI_RIGHTS_PATH_LINK_SOURCE`: `path_link` with this fd as the source directory.
        const PATH_LINK_SOURCE = 1 << 11;
        /// `__WASI_RIGHTS_PATH_LINK_TARGET`: `path_link` with this fd as the target directory.
        const PATH_LINK_TARGET = 1 << 12;
        /// `__WASI_RIGHTS_PATH_OPEN`: invoke `path_open`.
        const PATH_OPEN = 1 << 13;
        /// `__WASI_RIGHTS_FD_READDIR`: invoke `fd_readdir`.
        const FD_READDIR = 1 << 14;
        /// `__WASI_RIGHTS_PATH_READLINK`: invoke `path_readlink`.
        const PATH_READLINK = 1 << 15;
        /// `__WASI_RIGHTS_PATH_RENAME_SOURCE`: `path_rename` with this fd as the source directory.
        const PATH_RENAME_SOURCE = 1 << 16;
        /// `__WASI_RIGHTS_PATH_RENAME_TARGET`: `path_rename` with this fd as the target directory.
        const PATH_RENAME_TARGET = 1 << 17;
        /// `__WASI_RIGHTS_PATH_FILESTAT_GET`: invoke `path_filestat_get`.
        const PATH_FILESTAT_GET = 1 << 18;
        /// `__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE`: change a file's size; with `path_open`, `oflags::trunc`.
        const PATH_FILESTAT_SET_SIZE = 1 << 19;
        /// `__WASI_RIGHTS_PATH_FILESTAT_SET_TIMES`: invoke `path_filestat_set_times`.
        const PATH_FILESTAT_SET_TIMES = 1 << 20;
        /// `__WASI_RIGHTS_FD_FILESTAT_GET`: invoke `fd_filestat_get`.
        const FD_FILESTAT_GET = 1 << 21;
        /// `__WASI_RIGHTS_FD_FILESTAT_SET_SIZE`: invoke `fd_filestat_set_size`.
        const FD_FILESTAT_SET_SIZE = 1 << 22;
        /// `__WASI_RIGHTS_FD_FILESTAT_SET_TIMES`: invoke `fd_filestat_set_times`.
        const FD_FILESTAT_SET_TIMES = 1 << 23;
        /// `__WASI_RIGHTS_PATH_SYMLINK`: invoke `path_symlink`.
        const PATH_SYMLINK = 1 << 24;
        /// `__WASI_RIGHTS_PATH_REMOVE_DIRECTORY`: invoke `path_remove_directory`.
        const PATH_REMOVE_DIRECTORY = 1 << 25;
        /// `__WASI_RIGHTS_PATH_UNLINK_FILE`: invoke `path_unlink_file`.
        const PATH_UNLINK_FILE = 1 << 26;
        /// `__WASI_RIGHTS_POLL_FD_READWRITE`: subscribe to `fd_read`/`fd_write` events in `poll_oneoff`.
        const POLL_FD_READWRITE = 1 << 27;
        /// `__WASI_RIGHTS_SOCK_SHUTDOWN`: invoke `sock_shutdown`.
        const SOCK_SHUTDOWN = 1 << 28;
        /// `__WASI_RIGHTS_SOCK_ACCEPT`: invoke `sock_accept`.
        const SOCK_ACCEPT = 1 << 29;
    }
}

bitflags! {
    /// File descriptor flags (`fdflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Fdflags: u16 {
        /// `__WASI_FDFLAGS_APPEND`: data written is always appended to the file's end.
        const APPEND = 1 << 0;
        /// `__WASI_FDFLAGS_DSYNC`: synchronized I/O data integrity completion on write.
        const DSYNC = 1 << 1;
        /// `__WASI_FDFLAGS_NONBLOCK`: non-blocking mode.
        const NONBLOCK = 1 << 2;
        /// `__WASI_FDFLAGS_RSYNC`: synchronized read I/O operations.
        const RSYNC = 1 << 3;
        /// `__WASI_FDFLAGS_SYNC`: synchronized I/O file integrity completion on write.
        const SYNC = 1 << 4;
    }
}

bitflags! {
    /// Open flags for `path_open` (`oflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Oflags: u16 {
        /// `__WASI_OFLAGS_CREAT`: create the file if it does not exist.
        const CREAT = 1 << 0;
        /// `__WASI_OFLAGS_DIRECTORY`: fail if not a directory.
        const DIRECTORY = 1 << 1;
        /// `__WASI_OFLAGS_EXCL`: fail if the file already exists.
        const EXCL = 1 << 2;
        /// `__WASI_OFLAGS_TRUNC`: truncate the file to size 0.
        const TRUNC = 1 << 3;
    }
}

bitflags! {
    /// How paths are resolved (`lookupflags`, u32).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Lookupflags: u32 {
        /// `__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW`: expand a final symbolic link.
        const SYMLINK_FOLLOW = 1 << 0;
    }
}

bitflags! {
    /// Which file times to set (`fstflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Fstflags: u16 {
        /// `__WASI_FSTFLAGS_ATIM`: set the access time to the given value.
        const ATIM = 1 << 0;
        /// `__WASI_FSTFLAGS_ATIM_NOW`: set the access time to the current realtime clock.
        const ATIM_NOW = 1 << 1;
        /// `__WASI_FSTFLAGS_MTIM`: set the modification time to the given value.
        const MTIM = 1 << 2;
        /// `__WASI_FSTFLAGS_MTIM_NOW`: set the modification time to the current realtime clock.
        const MTIM_NOW = 1 << 3;
    }
}

bitflags! {
    /// Flags for `sock_recv` (`riflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Riflags: u16 {
        /// `__WASI_RIFLAGS_RECV_PEEK`: return data without removing it from the queue.
        const RECV_PEEK = 1 << 0;
        /// `__WASI_RIFLAGS_RECV_WAITALL`: wait until the whole request can be satisfied.
        const RECV_WAITALL = 1 << 1;
    }
}

bitflags! {
    /// Flags `sock_recv` returns (`roflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Roflags: u16 {
        /// `__WASI_ROFLAGS_RECV_DATA_TRUNCATED`: message data was truncated.
        const RECV_DATA_TRUNCATED = 1 << 0;
    }
}

bitflags! {
    /// Flags for `sock_send` (`siflags`, u16). The spec defines none: every bit is invalid.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Siflags: u16 {}
}

bitflags! {
    /// Which halves of a socket to shut down (`sdflags`, u8).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Sdflags: u8 {
        /// `__WASI_SDFLAGS_RD`: disable further receive operations.
        const RD = 1 << 0;
        /// `__WASI_SDFLAGS_WR`: disable further send operations.
        const WR = 1 << 1;
    }
}

bitflags! {
    /// Flags of a clock subscription (`subclockflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Subclockflags: u16 {
        /// `__WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME`: the timeout is an absolute time.
        const SUBSCRIPTION_CLOCK_ABSTIME = 1 << 0;
    }
}

bitflags! {
    /// State of an fd reported by an `fd_read`/`fd_write` event (`eventrwflags`, u16).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Eventrwflags: u16 {
        /// `__WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP`: the peer has closed or disconnected.
        const FD_READWRITE_HANGUP = 1 << 0;
    }
}

checked_decode! {
    Rights: u64, from u64;
    Fdflags: u16, from u32;
    Oflags: u16, from u32;
    Lookupflags: u32, from u32;
    Fstflags: u16, from u32;
    Riflags: u16, from u32;
    Roflags: u16, from u32;
    Siflags: u16, from u32;
    Sdflags: u8, from u32;
    Subclockflags: u16, from u32;
    Eventrwflags: u16, from u32;
}
