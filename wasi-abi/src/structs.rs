//! The preview1 records exactly as they sit in guest memory.
//!
//! Every struct is `repr(C)` with its padding spelled out as named byte arrays, so that
//! `bytemuck::Pod` can be derived (the derive refuses implicit padding) and every byte a host
//! writes is defined. Flag and enum fields are kept as raw integers: a value read from guest
//! memory is untrusted and is decoded with a check by the caller (`Fdflags::decode`, ...).
//! Sizes, alignments and field offsets are asserted at compile time in [`crate::layout`].

use crate::{Errno, Eventtype, Subclockflags};
use bytemuck::{Pod, Zeroable};

/// A region of memory for scatter reads (`iovec`): 8 bytes, align 4.
///
/// ```text
/// 0       4       8
/// | buf   |buf_len|
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Iovec {
    /// Guest address of the buffer to fill.
    pub buf: u32,
    /// Length of the buffer in bytes.
    pub buf_len: u32,
}

/// A region of memory for gather writes (`ciovec`): same layout as [`Iovec`].
pub type Ciovec = Iovec;

/// File descriptor attributes (`fdstat`): 24 bytes, align 8.
///
/// ```text
/// 0    1    2       4               8                16               24
/// |type|pad |flags  |     pad       | rights_base    | rights_inherit |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Fdstat {
    /// `filetype` of the descriptor.
    pub fs_filetype: u8,
    /// Padding; always written as zero.
    pub _pad0: u8,
    /// `fdflags` of the descriptor.
    pub fs_flags: u16,
    /// Padding; always written as zero.
    pub _pad1: [u8; 4],
    /// `rights` that apply to this descriptor.
    pub fs_rights_base: u64,
    /// Maximum `rights` descriptors opened through this one may have.
    pub fs_rights_inheriting: u64,
}

/// File attributes (`filestat`): 64 bytes, align 8.
///
/// ```text
/// 0      8      16   17     24     32     40     48     56     64
/// | dev  | ino  |type| pad  |nlink | size | atim | mtim | ctim |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Filestat {
    /// Device ID of the device containing the file.
    pub dev: u64,
    /// File serial number.
    pub ino: u64,
    /// `filetype` of the file.
    pub filetype: u8,
    /// Padding; always written as zero.
    pub _pad0: [u8; 7],
    /// Number of hard links.
    pub nlink: u64,
    /// Size in bytes (for a symlink: the length of its target).
    pub size: u64,
    /// Last access time, ns since the epoch.
    pub atim: u64,
    /// Last modification time, ns since the epoch.
    pub mtim: u64,
    /// Last status change time, ns since the epoch.
    pub ctim: u64,
}

/// A directory entry header (`dirent`): 24 bytes, align 8, followed by `d_namlen` name bytes
/// (no NUL terminator, no padding) in the `fd_readdir` buffer.
///
/// ```text
/// 0        8        16       20   21  24
/// | d_next | d_ino  |d_namlen|type|pad| name...
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Dirent {
    /// Cookie of the next entry (pass it to `fd_readdir` to resume after this one).
    pub d_next: u64,
    /// File serial number.
    pub d_ino: u64,
    /// Length of the name that follows.
    pub d_namlen: u32,
    /// `filetype` of the entry.
    pub d_type: u8,
    /// Padding; always written as zero.
    pub _pad0: [u8; 3],
}

/// Information about a preopened resource (`prestat`): 8 bytes, align 4.
///
/// ```text
/// 0   1     4             8
/// |tag| pad | pr_name_len |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Prestat {
    /// `preopentype` tag: 0 is a directory.
    pub tag: u8,
    /// Padding; always written as zero.
    pub _pad0: [u8; 3],
    /// Length of the directory's guest name (for `fd_prestat_dir_name`).
    pub pr_name_len: u32,
}

/// The `fd_readwrite` payload of an [`Event`]: 16 bytes, align 8.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct EventFdReadwrite {
    /// Bytes available to read or space available to write.
    pub nbytes: u64,
    /// `eventrwflags` (hangup).
    pub flags: u16,
    /// Padding; always written as zero.
    pub _pad0: [u8; 6],
}

/// An event `poll_oneoff` reports (`event`): 32 bytes, align 8.
///
/// ```text
/// 0          8     10   11    16        24     26    32
/// | userdata |error|type| pad | nbytes  |flags | pad |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Event {
    /// The subscription's `userdata`, copied back.
    pub userdata: u64,
    /// `errno` for this event (0 on success).
    pub error: u16,
    /// `eventtype` of the subscription that fired.
    pub r#type: u8,
    /// Padding; always written as zero.
    pub _pad0: [u8; 5],
    /// For fd events, how many bytes are ready and whether the peer hung up.
    pub fd_readwrite: EventFdReadwrite,
}

/// A subscription to an event (`subscription`): 48 bytes, align 8.
///
/// The payload is a tagged union; read it with [`Subscription::kind`], which decodes the tag
/// and the clock flags with a check.
///
/// ```text
/// 0          8   9     16                                     48
/// | userdata |tag| pad | payload (clock: 32 B, fd: 4 B + pad)  |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct Subscription {
    /// Copied to the resulting [`Event`].
    pub userdata: u64,
    /// `eventtype` tag of the payload.
    pub tag: u8,
    /// Padding.
    pub _pad0: [u8; 7],
    /// The union payload, 32 bytes.
    pub payload: [u8; 32],
}

/// The clock payload of a [`Subscription`] (`subscription_clock`): 32 bytes, align 8.
///
/// ```text
/// 0    4    8         16          24     26    32
/// | id |pad| timeout | precision |flags | pad |
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct SubscriptionClock {
    /// `clockid` to compare against.
    pub id: u32,
    /// Padding.
    pub _pad0: [u8; 4],
    /// Timeout in ns (absolute or relative to now, per `flags`).
    pub timeout: u64,
    /// Requested precision in ns.
    pub precision: u64,
    /// `subclockflags`.
    pub flags: u16,
    /// Padding.
    pub _pad1: [u8; 6],
}

/// The fd payload of a [`Subscription`] (`subscription_fd_readwrite`): 4 bytes, align 4.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
pub struct SubscriptionFdReadwrite {
    /// The fd to wait on.
    pub file_descriptor: u32,
}

/// A decoded [`Subscription`] payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionKind {
    /// Wait for a clock.
    Clock(SubscriptionClock),
    /// Wait until an fd is readable.
    FdRead(SubscriptionFdReadwrite),
    /// Wait until an fd is writable.
    FdWrite(SubscriptionFdReadwrite),
}

impl Subscription {
    /// Decodes the tagged payload. An unknown tag or an unknown clock flag bit is
    /// [`Errno::INVAL`]; the clock id is left for the caller to decode.
    pub fn kind(&self) -> Result<SubscriptionKind, Errno> {
        let clock: SubscriptionClock = bytemuck::cast(self.payload);
        let fd = SubscriptionFdReadwrite {
            file_descriptor: clock.id,
        };
        match Eventtype::decode(u32::from(self.tag))? {
            Eventtype::Clock => {
                Subclockflags::decode(u32::from(clock.flags))?;
                Ok(SubscriptionKind::Clock(clock))
            }
            Eventtype::FdRead => Ok(SubscriptionKind::FdRead(fd)),
            Eventtype::FdWrite => Ok(SubscriptionKind::FdWrite(fd)),
        }
    }

    /// Builds a subscription from a decoded payload (the inverse of [`Subscription::kind`]).
    pub fn new(userdata: u64, kind: SubscriptionKind) -> Subscription {
        let (tag, clock) = match kind {
            SubscriptionKind::Clock(c) => (Eventtype::Clock, c),
            SubscriptionKind::FdRead(f) => (
                Eventtype::FdRead,
                SubscriptionClock {
                    id: f.file_descriptor,
                    ..SubscriptionClock::default()
                },
            ),
            SubscriptionKind::FdWrite(f) => (
                Eventtype::FdWrite,
                SubscriptionClock {
                    id: f.file_descriptor,
                    ..SubscriptionClock::default()
                },
            ),
        };
        Subscription {
            userdata,
            tag: tag.raw(),
            _pad0: [0; 7],
            payload: bytemuck::cast(clock),
        }
    }
}
