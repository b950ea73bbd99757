//! The one place where a host errno becomes a WASI errno.

use wasi_abi::Errno;

macro_rules! host_errno_table {
    ($($host:ident => $wasi:ident,)*) => {
        /// Maps a host (Linux) `errno` value to the WASI errno with the same meaning.
        ///
        /// All 75 WASI errnos with a POSIX counterpart are covered (`SUCCESS` and
        /// `NOTCAPABLE` have none). A host errno WASI does not define (`ENOTBLK`, `ECHRNG`,
        /// ...) becomes `EIO`: the guest learns that the host failed without being handed a
        /// number its libc cannot interpret.
        pub fn errno_from_host(code: i32) -> Errno {
            match code {
                $(libc::$host => Errno::$wasi,)*
                _ => Errno::IO,
            }
        }

        /// Every `(host errno, WASI errno)` pair of the mapping, for tests and documentation.
        pub const HOST_ERRNO_TABLE: &[(i32, Errno)] = &[$((libc::$host, Errno::$wasi)),*];
    };
}

host_errno_table! {
    E2BIG => TOOBIG, EACCES => ACCES, EADDRINUSE => ADDRINUSE, EADDRNOTAVAIL => ADDRNOTAVAIL,
    EAFNOSUPPORT => AFNOSUPPORT, EAGAIN => AGAIN, EALREADY => ALREADY, EBADF => BADF,
    EBADMSG => BADMSG, EBUSY => BUSY, ECANCELED => CANCELED, ECHILD => CHILD,
    ECONNABORTED => CONNABORTED, ECONNREFUSED => CONNREFUSED, ECONNRESET => CONNRESET,
    EDEADLK => DEADLK, EDESTADDRREQ => DESTADDRREQ, EDOM => DOM, EDQUOT => DQUOT,
    EEXIST => EXIST, EFAULT => FAULT, EFBIG => FBIG, EHOSTUNREACH => HOSTUNREACH,
    EIDRM => IDRM, EILSEQ => ILSEQ, EINPROGRESS => INPROGRESS, EINTR => INTR, EINVAL => INVAL,
    EIO => IO, EISCONN => ISCONN, EISDIR => ISDIR, ELOOP => LOOP, EMFILE => MFILE,
    EMLINK => MLINK, EMSGSIZE => MSGSIZE, EMULTIHOP => MULTIHOP, ENAMETOOLONG => NAMETOOLONG,
    ENETDOWN => NETDOWN, ENETRESET => NETRESET, ENETUNREACH => NETUNREACH, ENFILE => NFILE,
    ENOBUFS => NOBUFS, ENODEV => NODEV, ENOENT => NOENT, ENOEXEC => NOEXEC, ENOLCK => NOLCK,
    ENOLINK => NOLINK, ENOMEM => NOMEM, ENOMSG => NOMSG, ENOPROTOOPT => NOPROTOOPT,
    ENOSPC => NOSPC, ENOSYS => NOSYS, ENOTCONN => NOTCONN, ENOTDIR => NOTDIR,
    ENOTEMPTY => NOTEMPTY, ENOTRECOVERABLE => NOTRECOVERABLE, ENOTSOCK => NOTSOCK,
    ENOTSUP => NOTSUP, ENOTTY => NOTTY, ENXIO => NXIO, EOVERFLOW => OVERFLOW,
    EOWNERDEAD => OWNERDEAD, EPERM => PERM, EPIPE => PIPE, EPROTO => PROTO,
    EPROTONOSUPPORT => PROTONOSUPPORT, EPROTOTYPE => PROTOTYPE, ERANGE => RANGE, EROFS => ROFS,
    ESPIPE => SPIPE, ESRCH => SRCH, ESTALE => STALE, ETIMEDOUT => TIMEDOUT, ETXTBSY => TXTBSY,
    EXDEV => XDEV,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wasi_errno_but_success_and_notcapable_has_exactly_one_host_counterpart() {
        for e in Errno::ALL {
            let hosts: Vec<i32> = HOST_ERRNO_TABLE
                .iter()
                .filter(|(_, w)| *w == e)
                .map(|(h, _)| *h)
                .collect();
            if e == Errno::SUCCESS || e == Errno::NOTCAPABLE {
                assert!(hosts.is_empty(), "{e:?} must have no host counterpart");
            } else {
                assert_eq!(hosts.len(), 1, "{e:?} has host counterparts {hosts:?}");
                assert_eq!(errno_from_host(hosts[0]), e);
            }
        }
        assert_eq!(HOST_ERRNO_TABLE.len(), 75);
    }

    #[test]
    fn aliases_and_unknown_host_errnos() {
        // Linux aliases map like their canonical names.
        assert_eq!(errno_from_host(libc::EWOULDBLOCK), Errno::AGAIN);
        assert_eq!(errno_from_host(libc::EOPNOTSUPP), Errno::NOTSUP);
        assert_eq!(errno_from_host(libc::EDEADLOCK), Errno::DEADLK);
        // Host errnos WASI does not define become EIO.
        for code in [libc::ENOTBLK, libc::ECHRNG, libc::EREMOTEIO, 0, -1, 100_000] {
            assert_eq!(errno_from_host(code), Errno::IO, "host errno {code}");
        }
    }
}
