//! `errno`: the error numbers every preview1 function returns (u16, 77 values).
//!
//! [`Errno`] is a newtype over the raw number, so that any value a guest or a host hands us can
//! be carried without loss, while only the 77 defined values can be constructed by name.
//! Each constant is documented with its C name (as `wasi-libc` spells it) and the witx text.

use core::fmt;

/// A WASI error number (`errno`, u16). `Errno::SUCCESS` (0) means no error.
///
/// Construct one by name (`Errno::BADF`) or decode a raw number with [`Errno::from_raw`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Errno(u16);

macro_rules! define_errnos {
    ($( $konst:ident = $value:literal, $cname:literal, $desc:literal; )*) => {
        impl Errno {
            $(
                #[doc = concat!("`", $cname, "` (", stringify!($value), "): ", $desc)]
                pub const $konst: Errno = Errno($value);
            )*

            /// Every defined error number, in numeric order (index == value).
            pub const ALL: [Errno; 77] = [$(Errno::$konst),*];

            /// `(C name, description)` by numeric value.
            const TABLE: [(&'static str, &'static str); 77] = [$(($cname, $desc)),*];
        }
    };
}

define_errnos! {
    SUCCESS = 0, "SUCCESS", "No error occurred. System call completed successfully.";
    TOOBIG = 1, "E2BIG", "Argument list too long.";
    ACCES = 2, "EACCES", "Permission denied.";
    ADDRINUSE = 3, "EADDRINUSE", "Address in use.";
    ADDRNOTAVAIL = 4, "EADDRNOTAVAIL", "Address not available.";
    AFNOSUPPORT = 5, "EAFNOSUPPORT", "Address family not supported.";
    AGAIN = 6, "EAGAIN", "Resource unavailable, or operation would block.";
    ALREADY = 7, "EALREADY", "Connection already in progress.";
    BADF = 8, "EBADF", "Bad file descriptor.";
    BADMSG = 9, "EBADMSG", "Bad message.";
    BUSY = 10, "EBUSY", "Device or resource busy.";
    CANCELED = 11, "ECANCELED", "Operation canceled.";
    CHILD = 12, "ECHILD", "No child processes.";
    CONNABORTED = 13, "ECONNABORTED", "Connection aborted.";
    CONNREFUSED = 14, "ECONNREFUSED", "Connection refused.";
    CONNRESET = 15, "ECONNRESET", "Connection reset.";
    DEADLK = 16, "EDEADLK", "Resource deadlock would occur.";
    DESTADDRREQ = 17, "EDESTADDRREQ", "Destination address required.";
    DOM = 18, "EDOM", "Mathematics argument out of domain of function.";
    DQUOT = 19, "EDQUOT", "Reserved.";
    EXIST = 20, "EEXIST", "File exists.";
    FAULT = 21, "EFAULT", "Bad address.";
    FBIG = 22, "EFBIG", "File too large.";
    HOSTUNREACH = 23, "EHOSTUNREACH", "Host is unreachable.";
    IDRM = 24, "EIDRM", "Identifier removed.";
    ILSEQ = 25, "EILSEQ", "Illegal byte sequence.";
    INPROGRESS = 26, "EINPROGRESS", "Operation in progress.";
    INTR = 27, "EINTR", "Interrupted function.";
    INVAL = 28, "EINVAL", "Invalid argument.";
    IO = 29, "EIO", "I/O error.";
    ISCONN = 30, "EISCONN", "Socket is connected.";
    ISDIR = 31, "EISDIR", "Is a directory.";
    LOOP = 32, "ELOOP", "Too many levels of symbolic links.";
    MFILE = 33, "EMFILE", "File descriptor value too large.";
    MLINK = 34, "EMLINK", "Too many links.";
    MSGSIZE = 35, "EMSGSIZE", "Message too large.";
    MULTIHOP = 36, "EMULTIHOP", "Reserved.";
    NAMETOOLONG = 37, "ENAMETOOLONG", "Filename too long.";
    NETDOWN = 38, "ENETDOWN", "Network is down.";
    NETRESET = 39, "ENETRESET", "Connection aborted by network.";
    NETUNREACH = 40, "ENETUNREACH", "Network unreachable.";
    NFILE = 41, "ENFILE", "Too many files open in system.";
    NOBUFS = 42, "ENOBUFS", "No buffer space available.";
    NODEV = 43, "ENODEV", "No such device.";
    NOENT = 44, "ENOENT", "No such file or directory.";
    NOEXEC = 45, "ENOEXEC", "Executable file format error.";
    NOLCK = 46, "ENOLCK", "No locks available.";
    NOLINK = 47, "ENOLINK", "Reserved.";
    NOMEM = 48, "ENOMEM", "Not enough space.";
    NOMSG = 49, "ENOMSG", "No message of the desired type.";
    NOPROTOOPT = 50, "ENOPROTOOPT", "Protocol not available.";
    NOSPC = 51, "ENOSPC", "No space left on device.";
    NOSYS = 52, "ENOSYS", "Function not supported.";
    NOTCONN = 53, "ENOTCONN", "The socket is not connected.";
    NOTDIR = 54, "ENOTDIR", "Not a directory or a symbolic link to a directory.";
    NOTEMPTY = 55, "ENOTEMPTY", "Directory not empty.";
    NOTRECOVERABLE = 56, "ENOTRECOVERABLE", "State not recoverable.";
    NOTSOCK = 57, "ENOTSOCK", "Not a socket.";
    NOTSUP = 58, "ENOTSUP", "Not supported, or operation not supported on socket.";
    NOTTY = 59, "ENOTTY", "Inappropriate I/O control operation.";
    NXIO = 60, "ENXIO", "No such device or address.";
    OVERFLOW = 61, "EOVERFLOW", "Value too large to be stored in data type.";
    OWNERDEAD = 62, "EOWNERDEAD", "Previous owner died.";
    PERM = 63, "EPERM", "Operation not permitted.";
    PIPE = 64, "EPIPE", "Broken pipe.";
    PROTO = 65, "EPROTO", "Protocol error.";
    PROTONOSUPPORT = 66, "EPROTONOSUPPORT", "Protocol not supported.";
    PROTOTYPE = 67, "EPROTOTYPE", "Protocol wrong type for socket.";
    RANGE = 68, "ERANGE", "Result too large.";
    ROFS = 69, "EROFS", "Read-only file system.";
    SPIPE = 70, "ESPIPE", "Invalid seek.";
    SRCH = 71, "ESRCH", "No such process.";
    STALE = 72, "ESTALE", "Reserved.";
    TIMEDOUT = 73, "ETIMEDOUT", "Connection timed out.";
    TXTBSY = 74, "ETXTBSY", "Text file busy.";
    XDEV = 75, "EXDEV", "Cross-device link.";
    NOTCAPABLE = 76, "ENOTCAPABLE", "Extension: Capabilities insufficient.";
}

impl Errno {
    /// Decodes a raw error number; `None` for a number the spec does not define (77 and up).
    pub const fn from_raw(raw: u16) -> Option<Errno> {
        if (raw as usize) < Self::ALL.len() {
            Some(Errno(raw))
        } else {
            None
        }
    }

    /// The raw number as it crosses the ABI.
    pub const fn raw(self) -> u16 {
        self.0
    }

    /// The C name, e.g. `"EBADF"` (`"SUCCESS"` for 0).
    pub fn name(self) -> &'static str {
        Self::TABLE
            .get(usize::from(self.0))
            .map_or("E?", |entry| entry.0)
    }

    /// The one-line description from the witx, e.g. `"Bad file descriptor."`.
    pub fn description(self) -> &'static str {
        Self::TABLE
            .get(usize::from(self.0))
            .map_or("Unknown error number.", |entry| entry.1)
    }

    /// Looks an error number up by its C name (`"EBADF"`), as used in test expectations.
    pub fn from_name(name: &str) -> Option<Errno> {
        Self::ALL.iter().copied().find(|e| e.name() == name)
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl core::error::Error for Errno {}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.description())
    }
}

impl From<Errno> for u16 {
    fn from(e: Errno) -> u16 {
        e.0
    }
}
