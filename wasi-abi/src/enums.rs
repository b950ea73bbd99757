//! The preview1 enumerations.
//!
//! Each type is a Rust `enum` with the spec's discriminants. [`Clockid::decode`] and friends
//! take the raw value that crossed the ABI (core-wasm parameters are `i32`, so a `u8` enum
//! arrives widened) and answer [`Errno::INVAL`] for any value the spec does not define.

use crate::Errno;

macro_rules! wasi_enum_def {
    (
        $(#[$meta:meta])*
        $name:ident: $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, $cname:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr($repr)]
        pub enum $name {
            $(
                #[doc = concat!("`", $cname, "` (", stringify!($value), ")")]
                $(#[$vmeta])*
                $variant = $value,
            )*
        }

        impl $name {
            /// Every value in discriminant order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Decodes a raw value that crossed the ABI; unknown values are [`Errno::INVAL`].
            #[inline]
            pub fn decode(raw: u32) -> Result<Self, Errno> {
                match raw {
                    $( $value => Ok($name::$variant), )*
                    _ => Err(Errno::INVAL),
                }
            }

            /// The raw value as it crosses the ABI.
            #[inline]
            pub const fn raw(self) -> $repr {
                self as $repr
            }

            /// The C name of the value, as `wasi-libc` spells it.
            pub const fn c_name(self) -> &'static str {
                match self {
                    $( $name::$variant => $cname, )*
                }
            }
        }
    };
}
pub(crate) use wasi_enum_def as wasi_enum;

wasi_enum_def! {
    /// Identifiers for clocks (`clockid`, u32).
    Clockid: u32 {
        /// Wall-clock time; zero is 1970-01-01T00:00:00Z.
        Realtime = 0, "__WASI_CLOCKID_REALTIME";
        /// A clock that cannot jump backwards; its epoch is undefined.
        Monotonic = 1, "__WASI_CLOCKID_MONOTONIC";
        /// CPU time consumed by the process.
        ProcessCputimeId = 2, "__WASI_CLOCKID_PROCESS_CPUTIME_ID";
        /// CPU time consumed by the thread.
        ThreadCputimeId = 3, "__WASI_CLOCKID_THREAD_CPUTIME_ID";
    }
}

wasi_enum_def! {
    /// The position `fd_seek` is relative to (`whence`, u8).
    Whence: u8 {
        /// The start of the file.
        Set = 0, "__WASI_WHENCE_SET";
        /// The current offset.
        Cur = 1, "__WASI_WHENCE_CUR";
        /// The end of the file.
        End = 2, "__WASI_WHENCE_END";
    }
}

wasi_enum_def! {
    /// The type of a file descriptor or file (`filetype`, u8).
    Filetype: u8 {
        /// Unknown, or different from all the other types.
        Unknown = 0, "__WASI_FILETYPE_UNKNOWN";
        /// A block device inode.
        BlockDevice = 1, "__WASI_FILETYPE_BLOCK_DEVICE";
        /// A character device inode.
        CharacterDevice = 2, "__WASI_FILETYPE_CHARACTER_DEVICE";
        /// A directory inode.
        Directory = 3, "__WASI_FILETYPE_DIRECTORY";
        /// A regular file inode.
        RegularFile = 4, "__WASI_FILETYPE_REGULAR_FILE";
        /// A datagram socket.
        SocketDgram = 5, "__WASI_FILETYPE_SOCKET_DGRAM";
        /// A byte-stream socket.
        SocketStream = 6, "__WASI_FILETYPE_SOCKET_STREAM";
        /// A symbolic link inode.
        SymbolicLink = 7, "__WASI_FILETYPE_SYMBOLIC_LINK";
    }
}

wasi_enum_def! {
    /// File access pattern advice for `fd_advise` (`advice`, u8).
    Advice: u8 {
        /// No advice.
        Normal = 0, "__WASI_ADVICE_NORMAL";
        /// Access will be sequential, from lower offsets to higher ones.
        Sequential = 1, "__WASI_ADVICE_SEQUENTIAL";
        /// Access will be in random order.
        Random = 2, "__WASI_ADVICE_RANDOM";
        /// The data will be accessed in the near future.
        Willneed = 3, "__WASI_ADVICE_WILLNEED";
        /// The data will not be accessed in the near future.
        Dontneed = 4, "__WASI_ADVICE_DONTNEED";
        /// The data will be accessed once and not reused.
        Noreuse = 5, "__WASI_ADVICE_NOREUSE";
    }
}

wasi_enum_def! {
    /// The type of a subscription or event (`eventtype`, u8).
    Eventtype: u8 {
        /// A clock reached its timeout.
        Clock = 0, "__WASI_EVENTTYPE_CLOCK";
        /// An fd has data available for reading.
        FdRead = 1, "__WASI_EVENTTYPE_FD_READ";
        /// An fd has capacity available for writing.
        FdWrite = 2, "__WASI_EVENTTYPE_FD_WRITE";
    }
}

wasi_enum_def! {
    /// The type of a preopened resource (`preopentype`, u8).
    Preopentype: u8 {
        /// A preopened directory.
        Dir = 0, "__WASI_PREOPENTYPE_DIR";
    }
}

wasi_enum_def! {
    /// Signal numbers for `proc_raise` (`signal`, u8). Numbers are WASI's, not the host's.
    Signal: u8 {
        /// No signal; reserved.
        None = 0, "__WASI_SIGNAL_NONE";
        /// Hangup.
        Hup = 1, "__WASI_SIGNAL_HUP";
        /// Terminate interrupt signal.
        Int = 2, "__WASI_SIGNAL_INT";
        /// Terminal quit signal.
        Quit = 3, "__WASI_SIGNAL_QUIT";
        /// Illegal instruction.
        Ill = 4, "__WASI_SIGNAL_ILL";
        /// Trace/breakpoint trap.
        Trap = 5, "__WASI_SIGNAL_TRAP";
        /// Process abort signal.
        Abrt = 6, "__WASI_SIGNAL_ABRT";
        /// Access to an undefined portion of a memory object.
        Bus = 7, "__WASI_SIGNAL_BUS";
        /// Erroneous arithmetic operation.
        Fpe = 8, "__WASI_SIGNAL_FPE";
        /// Kill.
        Kill = 9, "__WASI_SIGNAL_KILL";
        /// User-defined signal 1.
        Usr1 = 10, "__WASI_SIGNAL_USR1";
        /// Invalid memory reference.
        Segv = 11, "__WASI_SIGNAL_SEGV";
        /// User-defined signal 2.
        Usr2 = 12, "__WASI_SIGNAL_USR2";
        /// Write on a pipe with no one to read it.
        Pipe = 13, "__WASI_SIGNAL_PIPE";
        /// Alarm clock.
        Alrm = 14, "__WASI_SIGNAL_ALRM";
        /// Termination signal.
        Term = 15, "__WASI_SIGNAL_TERM";
        /// Child process terminated, stopped, or continued.
        Chld = 16, "__WASI_SIGNAL_CHLD";
        /// Continue executing, if stopped.
        Cont = 17, "__WASI_SIGNAL_CONT";
        /// Stop executing.
        Stop = 18, "__WASI_SIGNAL_STOP";
        /// Terminal stop signal.
        Tstp = 19, "__WASI_SIGNAL_TSTP";
        /// Background process attempting read.
        Ttin = 20, "__WASI_SIGNAL_TTIN";
        /// Background process attempting write.
        Ttou = 21, "__WASI_SIGNAL_TTOU";
        /// High bandwidth data is available at a socket.
        Urg = 22, "__WASI_SIGNAL_URG";
        /// CPU time limit exceeded.
        Xcpu = 23, "__WASI_SIGNAL_XCPU";
        /// File size limit exceeded.
        Xfsz = 24, "__WASI_SIGNAL_XFSZ";
        /// Virtual timer expired.
        Vtalrm = 25, "__WASI_SIGNAL_VTALRM";
        /// Profiling timer expired.
        Prof = 26, "__WASI_SIGNAL_PROF";
        /// Window changed.
        Winch = 27, "__WASI_SIGNAL_WINCH";
        /// I/O possible.
        Poll = 28, "__WASI_SIGNAL_POLL";
        /// Power failure.
        Pwr = 29, "__WASI_SIGNAL_PWR";
        /// Bad system call.
        Sys = 30, "__WASI_SIGNAL_SYS";
    }
}
