//! Compile-time checks of every struct's size, alignment and field offsets, in one place.
//!
//! The numbers are the witx's (`preview1/witx/typenames.witx`), laid out by the C ABI rules
//! the spec uses for wasm32. If a field is moved, this module stops compiling.

#![allow(
    clippy::arithmetic_side_effects,
    reason = "every sum here is a constant evaluated at compile time, where overflow is an error"
)]

use crate::structs::*;
use core::mem::{align_of, offset_of, size_of};

macro_rules! check_layout {
    ($($ty:ty: size $size:literal, align $align:literal $(, $field:ident @ $off:literal)*;)*) => {$(
        const _: () = assert!(size_of::<$ty>() == $size, concat!("size of ", stringify!($ty)));
        const _: () = assert!(align_of::<$ty>() == $align, concat!("align of ", stringify!($ty)));
        $(const _: () = assert!(
            offset_of!($ty, $field) == $off,
            concat!("offset of ", stringify!($ty), ".", stringify!($field))
        );)*
    )*};
}

check_layout! {
    Iovec: size 8, align 4, buf @ 0, buf_len @ 4;
    Fdstat: size 24, align 8, fs_filetype @ 0, fs_flags @ 2, fs_rights_base @ 8,
        fs_rights_inheriting @ 16;
    Filestat: size 64, align 8, dev @ 0, ino @ 8, filetype @ 16, nlink @ 24, size @ 32,
        atim @ 40, mtim @ 48, ctim @ 56;
    Dirent: size 24, align 8, d_next @ 0, d_ino @ 8, d_namlen @ 16, d_type @ 20;
    Prestat: size 8, align 4, tag @ 0, pr_name_len @ 4;
    EventFdReadwrite: size 16, align 8, nbytes @ 0, flags @ 8;
    Event: size 32, align 8, userdata @ 0, error @ 8, r#type @ 10, fd_readwrite @ 16;
    Subscription: size 48, align 8, userdata @ 0, tag @ 8, payload @ 16;
    SubscriptionClock: size 32, align 8, id @ 0, timeout @ 8, precision @ 16, flags @ 24;
    SubscriptionFdReadwrite: size 4, align 4, file_descriptor @ 0;
}

// WASIX (api_wasix.h's `_Static_assert`s).
use crate::wasix::{AddrIp, AddrPort, OptionTimestamp};
check_layout! {
    AddrPort: size 110, align 2, tag @ 0, port @ 2, addr @ 4;
    AddrIp: size 18, align 2, tag @ 0, octets @ 2;
    OptionTimestamp: size 16, align 8, tag @ 0, value @ 8;
}

/// The WASIX records (`wasix_32v1`), for the book's byte diagrams: `addr_port` is drawn once
/// per family (only its first bytes are used), with the union's fields at their offsets.
pub const WASIX_LAYOUTS: &[StructLayout] = &[
    (
        "addr_port, inet4",
        8,
        &[
            ("tag", offset_of!(AddrPort, tag), 1),
            ("port", offset_of!(AddrPort, port), 2),
            ("octets", offset_of!(AddrPort, addr), 4),
        ],
    ),
    (
        "addr_port, inet6",
        28,
        &[
            ("tag", offset_of!(AddrPort, tag), 1),
            ("port", offset_of!(AddrPort, port), 2),
            ("octets", offset_of!(AddrPort, addr), 16),
            ("flow_info", offset_of!(AddrPort, addr) + 16, 4),
            ("scope_id", offset_of!(AddrPort, addr) + 20, 4),
        ],
    ),
    (
        "addr_ip",
        size_of::<AddrIp>(),
        &[
            ("tag", offset_of!(AddrIp, tag), 1),
            ("octets", offset_of!(AddrIp, octets), 16),
        ],
    ),
    (
        "option_timestamp",
        size_of::<OptionTimestamp>(),
        &[
            ("tag", offset_of!(OptionTimestamp, tag), 1),
            ("value", offset_of!(OptionTimestamp, value), 8),
        ],
    ),
];

/// Size of a `dirent` header in bytes; the name follows it.
pub const DIRENT_SIZE: u32 = size_of::<Dirent>() as u32;
/// Size of a `subscription` in bytes (the stride of `poll_oneoff`'s input array).
pub const SUBSCRIPTION_SIZE: u32 = size_of::<Subscription>() as u32;
/// Size of an `event` in bytes (the stride of `poll_oneoff`'s output array).
pub const EVENT_SIZE: u32 = size_of::<Event>() as u32;
/// Size of an `iovec`/`ciovec` in bytes.
pub const IOVEC_SIZE: u32 = size_of::<Iovec>() as u32;

/// One struct's layout: `(name, size, [(field, offset, width)])`.
pub type StructLayout = (&'static str, usize, &'static [FieldLayout]);
/// One field's layout: `(name, offset, width)`.
pub type FieldLayout = (&'static str, usize, usize);

/// Byte offsets of every field, for documentation and byte-diagram generation:
/// `(struct name, size, [(field name, offset, width)])`.
pub const STRUCT_LAYOUTS: &[StructLayout] = &[
    (
        "iovec",
        size_of::<Iovec>(),
        &[("buf", 0, 4), ("buf_len", 4, 4)],
    ),
    (
        "fdstat",
        size_of::<Fdstat>(),
        &[
            ("fs_filetype", offset_of!(Fdstat, fs_filetype), 1),
            ("fs_flags", offset_of!(Fdstat, fs_flags), 2),
            ("fs_rights_base", offset_of!(Fdstat, fs_rights_base), 8),
            (
                "fs_rights_inheriting",
                offset_of!(Fdstat, fs_rights_inheriting),
                8,
            ),
        ],
    ),
    (
        "filestat",
        size_of::<Filestat>(),
        &[
            ("dev", offset_of!(Filestat, dev), 8),
            ("ino", offset_of!(Filestat, ino), 8),
            ("filetype", offset_of!(Filestat, filetype), 1),
            ("nlink", offset_of!(Filestat, nlink), 8),
            ("size", offset_of!(Filestat, size), 8),
            ("atim", offset_of!(Filestat, atim), 8),
            ("mtim", offset_of!(Filestat, mtim), 8),
            ("ctim", offset_of!(Filestat, ctim), 8),
        ],
    ),
    (
        "dirent",
        size_of::<Dirent>(),
        &[
            ("d_next", offset_of!(Dirent, d_next), 8),
            ("d_ino", offset_of!(Dirent, d_ino), 8),
            ("d_namlen", offset_of!(Dirent, d_namlen), 4),
            ("d_type", offset_of!(Dirent, d_type), 1),
        ],
    ),
    (
        "prestat",
        size_of::<Prestat>(),
        &[
            ("tag", offset_of!(Prestat, tag), 1),
            ("pr_name_len", offset_of!(Prestat, pr_name_len), 4),
        ],
    ),
    (
        "event",
        size_of::<Event>(),
        &[
            ("userdata", offset_of!(Event, userdata), 8),
            ("error", offset_of!(Event, error), 2),
            ("type", offset_of!(Event, r#type), 1),
            (
                "fd_readwrite.nbytes",
                offset_of!(Event, fd_readwrite) + offset_of!(EventFdReadwrite, nbytes),
                8,
            ),
            (
                "fd_readwrite.flags",
                offset_of!(Event, fd_readwrite) + offset_of!(EventFdReadwrite, flags),
                2,
            ),
        ],
    ),
    (
        "subscription",
        size_of::<Subscription>(),
        &[
            ("userdata", offset_of!(Subscription, userdata), 8),
            ("tag", offset_of!(Subscription, tag), 1),
            (
                "clock.id",
                offset_of!(Subscription, payload) + offset_of!(SubscriptionClock, id),
                4,
            ),
            (
                "clock.timeout",
                offset_of!(Subscription, payload) + offset_of!(SubscriptionClock, timeout),
                8,
            ),
            (
                "clock.precision",
                offset_of!(Subscription, payload) + offset_of!(SubscriptionClock, precision),
                8,
            ),
            (
                "clock.flags",
                offset_of!(Subscription, payload) + offset_of!(SubscriptionClock, flags),
                2,
            ),
            (
                "fd_readwrite.file_descriptor",
                offset_of!(Subscription, payload)
                    + offset_of!(SubscriptionFdReadwrite, file_descriptor),
                4,
            ),
        ],
    ),
];
