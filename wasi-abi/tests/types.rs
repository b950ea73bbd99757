//! Errno, the flag sets and the enumerations: numbers, names and checked decoding.

use std::collections::HashSet;

use proptest::prelude::*;
use wasi_abi::{
    Advice, Clockid, Errno, Eventrwflags, Eventtype, Fdflags, Filetype, Fstflags, Lookupflags,
    Oflags, Preopentype, Riflags, Rights, Roflags, Sdflags, Siflags, Signal, Subclockflags, Whence,
};

/// The errno cases of `typenames.witx`, in order.
const WITX_ERRNOS: &str = "success 2big acces addrinuse addrnotavail afnosupport again already \
    badf badmsg busy canceled child connaborted connrefused connreset deadlk destaddrreq dom dquot \
    exist fault fbig hostunreach idrm ilseq inprogress intr inval io isconn isdir loop mfile mlink \
    msgsize multihop nametoolong netdown netreset netunreach nfile nobufs nodev noent noexec nolck \
    nolink nomem nomsg noprotoopt nospc nosys notconn notdir notempty notrecoverable notsock \
    notsup notty nxio overflow ownerdead perm pipe proto protonosupport prototype range rofs spipe \
    srch stale timedout txtbsy xdev notcapable";

#[test]
fn errno_all_is_indexed_by_value_with_the_witx_names() {
    let witx: Vec<&str> = WITX_ERRNOS.split_whitespace().collect();
    assert_eq!(witx.len(), 77);
    assert_eq!(Errno::ALL.len(), 77);
    for (i, (e, case)) in Errno::ALL.iter().zip(&witx).enumerate() {
        assert_eq!(usize::from(e.raw()), i);
        assert_eq!(u16::from(*e), e.raw());
        assert_eq!(Errno::from_raw(i as u16), Some(*e));
        let c_name = if i == 0 {
            "SUCCESS".to_owned()
        } else {
            format!("E{}", case.to_uppercase())
        };
        assert_eq!(e.name(), c_name, "errno {i}");
        assert_eq!(Errno::from_name(&c_name), Some(*e));
        assert!(
            !e.description().trim().is_empty(),
            "{c_name} has no description"
        );
        assert_eq!(format!("{e:?}"), c_name);
        assert_eq!(format!("{e}"), format!("{c_name} ({})", e.description()));
    }
    let names: HashSet<&str> = Errno::ALL.iter().map(|e| e.name()).collect();
    assert_eq!(names.len(), 77);
    for raw in 77..=u16::MAX {
        assert_eq!(Errno::from_raw(raw), None, "{raw}");
    }
    assert_eq!(Errno::from_name("EBOGUS"), None);
    assert_eq!(Errno::from_name("ebadf"), None);
    assert_eq!(Errno::from_name(""), None);
}

#[test]
fn errno_spot_checks() {
    let cases = [
        (Errno::SUCCESS, 0, "SUCCESS"),
        (Errno::TOOBIG, 1, "E2BIG"),
        (Errno::ACCES, 2, "EACCES"),
        (Errno::BADF, 8, "EBADF"),
        (Errno::EXIST, 20, "EEXIST"),
        (Errno::FAULT, 21, "EFAULT"),
        (Errno::ILSEQ, 25, "EILSEQ"),
        (Errno::INVAL, 28, "EINVAL"),
        (Errno::ISDIR, 31, "EISDIR"),
        (Errno::LOOP, 32, "ELOOP"),
        (Errno::NAMETOOLONG, 37, "ENAMETOOLONG"),
        (Errno::NOENT, 44, "ENOENT"),
        (Errno::NOSYS, 52, "ENOSYS"),
        (Errno::NOTDIR, 54, "ENOTDIR"),
        (Errno::NOTEMPTY, 55, "ENOTEMPTY"),
        (Errno::NOTSOCK, 57, "ENOTSOCK"),
        (Errno::NOTSUP, 58, "ENOTSUP"),
        (Errno::PERM, 63, "EPERM"),
        (Errno::SPIPE, 70, "ESPIPE"),
        (Errno::NOTCAPABLE, 76, "ENOTCAPABLE"),
    ];
    for (e, raw, name) in cases {
        assert_eq!((e.raw(), e.name()), (raw, name));
        assert_eq!(Errno::from_name(name), Some(e));
    }
    assert_eq!(Errno::BADF.description(), "Bad file descriptor.");
    assert_eq!(
        Errno::NOTCAPABLE.description(),
        "Extension: Capabilities insufficient."
    );
}

#[test]
fn rights_are_30_bits_at_the_witx_positions() {
    assert_eq!(Rights::all().bits(), (1 << 30) - 1);
    assert_eq!(Rights::all().iter().count(), 30);
    let spots = [
        (Rights::FD_DATASYNC, 0),
        (Rights::FD_READ, 1),
        (Rights::FD_SEEK, 2),
        (Rights::FD_TELL, 5),
        (Rights::FD_WRITE, 6),
        (Rights::PATH_CREATE_DIRECTORY, 9),
        (Rights::PATH_OPEN, 13),
        (Rights::FD_READDIR, 14),
        (Rights::PATH_FILESTAT_SET_SIZE, 19),
        (Rights::FD_FILESTAT_GET, 21),
        (Rights::PATH_SYMLINK, 24),
        (Rights::PATH_UNLINK_FILE, 26),
        (Rights::POLL_FD_READWRITE, 27),
        (Rights::SOCK_SHUTDOWN, 28),
        (Rights::SOCK_ACCEPT, 29),
    ];
    for (right, bit) in spots {
        assert_eq!(right.bits(), 1 << bit, "{right:?}");
    }
    for bit in 0..30 {
        assert_eq!(Rights::decode(1 << bit).map(|r| r.bits()), Ok(1 << bit));
    }
    for bit in 30..64 {
        assert_eq!(Rights::decode(1 << bit), Err(Errno::INVAL), "bit {bit}");
    }
    assert_eq!(Rights::decode((1 << 30) - 1), Ok(Rights::all()));
    assert_eq!(Rights::decode(0), Ok(Rights::empty()));
    assert_eq!(Rights::decode(u64::MAX), Err(Errno::INVAL));
}

proptest! {
    #[test]
    fn rights_decode_accepts_exactly_the_defined_bits(raw: u64, low in 0u64..1 << 30) {
        prop_assert_eq!(Rights::decode(low).map(|r| r.bits()), Ok(low));
        let expected = if raw < 1 << 30 { Ok(raw) } else { Err(Errno::INVAL) };
        prop_assert_eq!(Rights::decode(raw).map(|r| r.bits()), expected);
    }
}

/// Checks a flag type's decoder against its defined mask over every value of twice its width,
/// and with bits above its width (a u16 or u8 flag set widened to a u32 parameter).
macro_rules! check_flags {
    ($ty:ty, mask $mask:expr, width $width:literal) => {{
        let mask: u32 = $mask;
        let width: u32 = $width;
        assert_eq!(u32::from(<$ty>::all().bits()), mask, "{}", stringify!($ty));
        for raw in 0..(1u32 << (2 * width).min(20)) {
            let expected = if raw & !mask == 0 {
                Ok(raw)
            } else {
                Err(Errno::INVAL)
            };
            let got = <$ty>::decode(raw).map(|f| u32::from(f.bits()));
            assert_eq!(got, expected, "{}::decode({raw:#x})", stringify!($ty));
        }
        for bit in width..32 {
            let raw = mask | 1u32 << bit;
            assert_eq!(
                <$ty>::decode(raw),
                Err(Errno::INVAL),
                "{}: {raw:#x}",
                stringify!($ty)
            );
            assert_eq!(<$ty>::decode(1u32 << bit), Err(Errno::INVAL));
        }
        assert_eq!(<$ty>::decode(u32::MAX), Err(Errno::INVAL));
    }};
}

#[test]
fn flag_sets_accept_exactly_their_defined_bits() {
    check_flags!(Fdflags, mask 0x1f, width 16);
    check_flags!(Oflags, mask 0xf, width 16);
    check_flags!(Lookupflags, mask 0x1, width 32);
    check_flags!(Fstflags, mask 0xf, width 16);
    check_flags!(Riflags, mask 0x3, width 16);
    check_flags!(Roflags, mask 0x1, width 16);
    check_flags!(Siflags, mask 0x0, width 16);
    check_flags!(Sdflags, mask 0x3, width 8);
    check_flags!(Subclockflags, mask 0x1, width 16);
    check_flags!(Eventrwflags, mask 0x1, width 16);
}

#[test]
fn flag_spot_checks() {
    assert_eq!(Fdflags::decode(0x1_0000), Err(Errno::INVAL));
    assert_eq!(Fdflags::decode(0x1_0001), Err(Errno::INVAL));
    assert_eq!(Fdflags::decode(0x20), Err(Errno::INVAL));
    assert_eq!(Fdflags::decode(0x1f), Ok(Fdflags::all()));
    assert_eq!(
        [
            Fdflags::APPEND,
            Fdflags::DSYNC,
            Fdflags::NONBLOCK,
            Fdflags::RSYNC,
            Fdflags::SYNC
        ]
        .map(|f| f.bits()),
        [1, 2, 4, 8, 16]
    );
    assert_eq!(
        [
            Oflags::CREAT,
            Oflags::DIRECTORY,
            Oflags::EXCL,
            Oflags::TRUNC
        ]
        .map(|f| f.bits()),
        [1, 2, 4, 8]
    );
    assert_eq!(
        [
            Fstflags::ATIM,
            Fstflags::ATIM_NOW,
            Fstflags::MTIM,
            Fstflags::MTIM_NOW
        ]
        .map(|f| f.bits()),
        [1, 2, 4, 8]
    );
    assert_eq!(
        [Riflags::RECV_PEEK, Riflags::RECV_WAITALL].map(|f| f.bits()),
        [1, 2]
    );
    assert_eq!(Roflags::RECV_DATA_TRUNCATED.bits(), 1);
    assert_eq!(Lookupflags::SYMLINK_FOLLOW.bits(), 1);
    assert_eq!(Lookupflags::decode(2), Err(Errno::INVAL));
    assert_eq!(Subclockflags::SUBSCRIPTION_CLOCK_ABSTIME.bits(), 1);
    assert_eq!(Eventrwflags::FD_READWRITE_HANGUP.bits(), 1);
    assert_eq!(Siflags::decode(0), Ok(Siflags::empty()));
    assert_eq!(Siflags::decode(1), Err(Errno::INVAL));
    assert_eq!([Sdflags::RD, Sdflags::WR].map(|f| f.bits()), [1, 2]);
    assert_eq!(Sdflags::decode(3), Ok(Sdflags::RD | Sdflags::WR));
    assert_eq!(Sdflags::decode(4), Err(Errno::INVAL));
    assert_eq!(Sdflags::decode(0x100), Err(Errno::INVAL));
    assert_eq!(Sdflags::decode(0x103), Err(Errno::INVAL));
}

/// Checks an enum's decoder: exactly `0..count` decode, to the variant whose `raw()` is the
/// value; widened values (`256 + v` for a u8 enum) and large values are refused.
macro_rules! check_enum {
    ($ty:ty, $count:literal, size $size:literal) => {{
        assert_eq!(core::mem::size_of::<$ty>(), $size, "{}", stringify!($ty));
        assert_eq!(<$ty>::ALL.len(), $count, "{}", stringify!($ty));
        for (i, v) in <$ty>::ALL.iter().enumerate() {
            assert_eq!(u64::from(v.raw()), i as u64);
            assert!(v.c_name().starts_with("__WASI_"), "{}", v.c_name());
        }
        for raw in (0..=0x3ffu32).chain([1 << 16, 1 << 31, u32::MAX - 1, u32::MAX]) {
            match <$ty>::decode(raw) {
                Ok(v) => {
                    assert!(raw < $count, "{}::decode({raw}) accepted", stringify!($ty));
                    assert_eq!(u64::from(v.raw()), u64::from(raw));
                    assert_eq!(<$ty>::ALL[raw as usize], v);
                }
                Err(e) => {
                    assert_eq!(e, Errno::INVAL);
                    assert!(raw >= $count, "{}::decode({raw}) refused", stringify!($ty));
                }
            }
        }
        let names: HashSet<&str> = <$ty>::ALL.iter().map(|v| v.c_name()).collect();
        assert_eq!(names.len(), $count);
    }};
}

#[test]
fn enums_accept_exactly_their_defined_values() {
    check_enum!(Clockid, 4, size 4);
    check_enum!(Whence, 3, size 1);
    check_enum!(Filetype, 8, size 1);
    check_enum!(Advice, 6, size 1);
    check_enum!(Eventtype, 3, size 1);
    check_enum!(Preopentype, 1, size 1);
    check_enum!(Signal, 31, size 1);
}

#[test]
fn enum_spot_checks() {
    assert_eq!(Clockid::decode(0), Ok(Clockid::Realtime));
    assert_eq!(Clockid::decode(3), Ok(Clockid::ThreadCputimeId));
    assert_eq!(Clockid::decode(4), Err(Errno::INVAL));
    assert_eq!(Clockid::decode(u32::MAX), Err(Errno::INVAL));
    assert_eq!(Clockid::ProcessCputimeId.raw(), 2);
    assert_eq!(Whence::decode(2), Ok(Whence::End));
    assert_eq!(Whence::decode(3), Err(Errno::INVAL));
    assert_eq!(Whence::decode(256), Err(Errno::INVAL));
    assert_eq!(Filetype::Directory.raw(), 3);
    assert_eq!(Filetype::RegularFile.raw(), 4);
    assert_eq!(Filetype::decode(7), Ok(Filetype::SymbolicLink));
    assert_eq!(Filetype::decode(8), Err(Errno::INVAL));
    assert_eq!(Filetype::decode(256 + 3), Err(Errno::INVAL));
    assert_eq!(Filetype::Directory.c_name(), "__WASI_FILETYPE_DIRECTORY");
    assert_eq!(Advice::decode(5), Ok(Advice::Noreuse));
    assert_eq!(Advice::Dontneed.raw(), 4);
    assert_eq!(Advice::decode(6), Err(Errno::INVAL));
    assert_eq!(Eventtype::decode(1), Ok(Eventtype::FdRead));
    assert_eq!(Eventtype::decode(3), Err(Errno::INVAL));
    assert_eq!(Preopentype::decode(0), Ok(Preopentype::Dir));
    assert_eq!(Preopentype::decode(1), Err(Errno::INVAL));
    assert_eq!(Signal::ALL.len(), 31);
    assert_eq!(Signal::decode(0), Ok(Signal::None));
    assert_eq!(Signal::decode(9), Ok(Signal::Kill));
    assert_eq!(Signal::decode(30), Ok(Signal::Sys));
    assert_eq!(Signal::decode(31), Err(Errno::INVAL));
    assert_eq!(Signal::decode(256 + 1), Err(Errno::INVAL));
    assert_eq!(
        [
            Signal::Usr1,
            Signal::Segv,
            Signal::Term,
            Signal::Chld,
            Signal::Winch
        ]
        .map(Signal::raw),
        [10, 11, 15, 16, 27]
    );
    assert_eq!(Signal::Kill.c_name(), "__WASI_SIGNAL_KILL");
}
