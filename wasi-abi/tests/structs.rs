//! Every ABI struct round-trips through guest memory, and its bytes sit at the witx offsets.
//!
//! The expected byte images are built here by hand from the witx layout (little-endian, field
//! by field), never from the crate's own types, so a moved field or a byte-order slip fails.

use core::fmt::Debug;
use core::mem::{align_of, size_of};

use bytemuck::Pod;
use proptest::prelude::*;
use wasi_abi::layout::{DIRENT_SIZE, EVENT_SIZE, IOVEC_SIZE, SUBSCRIPTION_SIZE};
use wasi_abi::{
    Ciovec, Dirent, Errno, Event, EventFdReadwrite, Fdstat, Filestat, GuestMemory, Iovec, Prestat,
    Subscription, SubscriptionClock, SubscriptionFdReadwrite, SubscriptionKind,
};

/// Size of the scratch memory the structs are written into.
const MEM: usize = 512;

/// Copies `bytes` into `image` at `offset`.
fn put(image: &mut [u8], offset: usize, bytes: &[u8]) {
    image[offset..offset + bytes.len()].copy_from_slice(bytes);
}

/// An aligned guest address at which a `T` fits inside `MEM` bytes.
fn aligned_ptr<T>() -> impl Strategy<Value = u32> {
    let align = align_of::<T>() as u32;
    let slots = (MEM - size_of::<T>()) as u32 / align;
    (0..=slots).prop_map(move |slot| slot * align)
}

/// Writes `value` at `ptr` into a memory filled with `fill`, reads it back, checks that no
/// byte outside the struct changed and that the struct's bytes are exactly `expected`.
fn round_trip<T: Pod + PartialEq + Debug>(value: T, ptr: u32, fill: u8, expected: &[u8]) {
    assert_eq!(
        expected.len(),
        size_of::<T>(),
        "expected image has the struct's size"
    );
    let start = ptr as usize;
    let end = start + size_of::<T>();
    let mut bytes = vec![fill; MEM];
    let mut memory = GuestMemory::new(&mut bytes);
    memory.write(ptr, value).unwrap();
    assert_eq!(memory.read::<T>(ptr).unwrap(), value);
    assert!(
        bytes[..start].iter().all(|&b| b == fill),
        "bytes before the struct changed"
    );
    assert!(
        bytes[end..].iter().all(|&b| b == fill),
        "bytes after the struct changed"
    );
    assert_eq!(
        &bytes[start..end],
        expected,
        "little-endian image at the witx offsets"
    );

    // The other direction: a guest that lays the bytes out by hand is read correctly.
    let mut guest = vec![!fill; MEM];
    guest[start..end].copy_from_slice(expected);
    assert_eq!(GuestMemory::new(&mut guest).read::<T>(ptr).unwrap(), value);
}

#[test]
fn sizes_and_alignments_match_the_witx() {
    assert_eq!((size_of::<Iovec>(), align_of::<Iovec>()), (8, 4));
    assert_eq!((size_of::<Ciovec>(), align_of::<Ciovec>()), (8, 4));
    assert_eq!((size_of::<Fdstat>(), align_of::<Fdstat>()), (24, 8));
    assert_eq!((size_of::<Filestat>(), align_of::<Filestat>()), (64, 8));
    assert_eq!((size_of::<Dirent>(), align_of::<Dirent>()), (24, 8));
    assert_eq!((size_of::<Prestat>(), align_of::<Prestat>()), (8, 4));
    assert_eq!(
        (
            size_of::<EventFdReadwrite>(),
            align_of::<EventFdReadwrite>()
        ),
        (16, 8)
    );
    assert_eq!((size_of::<Event>(), align_of::<Event>()), (32, 8));
    assert_eq!(
        (size_of::<Subscription>(), align_of::<Subscription>()),
        (48, 8)
    );
    assert_eq!(
        (
            size_of::<SubscriptionClock>(),
            align_of::<SubscriptionClock>()
        ),
        (32, 8)
    );
    assert_eq!(
        (
            size_of::<SubscriptionFdReadwrite>(),
            align_of::<SubscriptionFdReadwrite>()
        ),
        (4, 4)
    );
    assert_eq!(
        (DIRENT_SIZE, EVENT_SIZE, IOVEC_SIZE, SUBSCRIPTION_SIZE),
        (24, 32, 8, 48)
    );
}

#[test]
fn struct_layouts_table_lists_the_witx_offsets() {
    let table = wasi_abi::layout::STRUCT_LAYOUTS;
    let find = |name: &str| table.iter().find(|entry| entry.0 == name).unwrap();
    assert_eq!(find("iovec").1, 8);
    assert_eq!(find("filestat").1, 64);
    assert_eq!(
        find("filestat")
            .2
            .iter()
            .map(|f| (f.0, f.1, f.2))
            .collect::<Vec<_>>(),
        [
            ("dev", 0, 8),
            ("ino", 8, 8),
            ("filetype", 16, 1),
            ("nlink", 24, 8),
            ("size", 32, 8),
            ("atim", 40, 8),
            ("mtim", 48, 8),
            ("ctim", 56, 8)
        ]
    );
    assert_eq!(
        find("subscription").2.to_vec(),
        [
            ("userdata", 0, 8),
            ("tag", 8, 1),
            ("clock.id", 16, 4),
            ("clock.timeout", 24, 8),
            ("clock.precision", 32, 8),
            ("clock.flags", 40, 2),
            ("fd_readwrite.file_descriptor", 16, 4)
        ]
    );
    assert_eq!(find("event").1, 32);
    assert_eq!(find("dirent").1, 24);
    assert_eq!(find("prestat").1, 8);
    assert_eq!(find("fdstat").1, 24);
}

/// Any subscription payload: a clock with valid flags, or an fd to read or write.
fn subscription_kind() -> impl Strategy<Value = SubscriptionKind> {
    prop_oneof![
        (any::<u32>(), any::<u64>(), any::<u64>(), 0u16..=1).prop_map(
            |(id, timeout, precision, flags)| {
                SubscriptionKind::Clock(SubscriptionClock {
                    id,
                    timeout,
                    precision,
                    flags,
                    ..SubscriptionClock::default()
                })
            }
        ),
        any::<u32>().prop_map(|file_descriptor| SubscriptionKind::FdRead(
            SubscriptionFdReadwrite { file_descriptor }
        )),
        any::<u32>().prop_map(|file_descriptor| SubscriptionKind::FdWrite(
            SubscriptionFdReadwrite { file_descriptor }
        )),
    ]
}

proptest! {
    #[test]
    fn iovec_round_trips(buf: u32, buf_len: u32, ptr in aligned_ptr::<Iovec>(), fill: u8) {
        let mut image = [0u8; 8];
        put(&mut image, 0, &buf.to_le_bytes());
        put(&mut image, 4, &buf_len.to_le_bytes());
        round_trip(Iovec { buf, buf_len }, ptr, fill, &image);
    }

    #[test]
    fn fdstat_round_trips(
        filetype: u8, flags: u16, base: u64, inheriting: u64,
        ptr in aligned_ptr::<Fdstat>(), fill: u8,
    ) {
        let value = Fdstat {
            fs_filetype: filetype,
            fs_flags: flags,
            fs_rights_base: base,
            fs_rights_inheriting: inheriting,
            ..Fdstat::default()
        };
        let mut image = [0u8; 24];
        image[0] = filetype;
        put(&mut image, 2, &flags.to_le_bytes());
        put(&mut image, 8, &base.to_le_bytes());
        put(&mut image, 16, &inheriting.to_le_bytes());
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn filestat_round_trips(
        dev: u64, ino: u64, filetype: u8, times: [u64; 5],
        ptr in aligned_ptr::<Filestat>(), fill: u8,
    ) {
        let [nlink, size, atim, mtim, ctim] = times;
        let value = Filestat { dev, ino, filetype, nlink, size, atim, mtim, ctim, _pad0: [0; 7] };
        let mut image = [0u8; 64];
        put(&mut image, 0, &dev.to_le_bytes());
        put(&mut image, 8, &ino.to_le_bytes());
        image[16] = filetype;
        put(&mut image, 24, &nlink.to_le_bytes());
        put(&mut image, 32, &size.to_le_bytes());
        put(&mut image, 40, &atim.to_le_bytes());
        put(&mut image, 48, &mtim.to_le_bytes());
        put(&mut image, 56, &ctim.to_le_bytes());
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn dirent_round_trips(
        d_next: u64, d_ino: u64, d_namlen: u32, d_type: u8,
        ptr in aligned_ptr::<Dirent>(), fill: u8,
    ) {
        let value = Dirent { d_next, d_ino, d_namlen, d_type, _pad0: [0; 3] };
        let mut image = [0u8; 24];
        put(&mut image, 0, &d_next.to_le_bytes());
        put(&mut image, 8, &d_ino.to_le_bytes());
        put(&mut image, 16, &d_namlen.to_le_bytes());
        image[20] = d_type;
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn prestat_round_trips(tag: u8, pr_name_len: u32, ptr in aligned_ptr::<Prestat>(), fill: u8) {
        let value = Prestat { tag, _pad0: [0; 3], pr_name_len };
        let mut image = [0u8; 8];
        image[0] = tag;
        put(&mut image, 4, &pr_name_len.to_le_bytes());
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn event_round_trips(
        userdata: u64, error: u16, kind: u8, nbytes: u64, flags: u16,
        ptr in aligned_ptr::<Event>(), fill: u8,
    ) {
        let value = Event {
            userdata,
            error,
            r#type: kind,
            _pad0: [0; 5],
            fd_readwrite: EventFdReadwrite { nbytes, flags, _pad0: [0; 6] },
        };
        let mut image = [0u8; 32];
        put(&mut image, 0, &userdata.to_le_bytes());
        put(&mut image, 8, &error.to_le_bytes());
        image[10] = kind;
        put(&mut image, 16, &nbytes.to_le_bytes());
        put(&mut image, 24, &flags.to_le_bytes());
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn subscription_clock_round_trips(
        id: u32, timeout: u64, precision: u64, flags: u16,
        ptr in aligned_ptr::<SubscriptionClock>(), fill: u8,
    ) {
        let value = SubscriptionClock { id, timeout, precision, flags, ..Default::default() };
        let mut image = [0u8; 32];
        put(&mut image, 0, &id.to_le_bytes());
        put(&mut image, 8, &timeout.to_le_bytes());
        put(&mut image, 16, &precision.to_le_bytes());
        put(&mut image, 24, &flags.to_le_bytes());
        round_trip(value, ptr, fill, &image);
    }

    #[test]
    fn subscription_round_trips(
        userdata: u64, kind in subscription_kind(),
        ptr in aligned_ptr::<Subscription>(), fill: u8,
    ) {
        let value = Subscription::new(userdata, kind);
        prop_assert_eq!(value.userdata, userdata);
        prop_assert_eq!(value.kind(), Ok(kind));

        let mut image = [0u8; 48];
        put(&mut image, 0, &userdata.to_le_bytes());
        match kind {
            SubscriptionKind::Clock(c) => {
                image[8] = 0;
                put(&mut image, 16, &c.id.to_le_bytes());
                put(&mut image, 24, &c.timeout.to_le_bytes());
                put(&mut image, 32, &c.precision.to_le_bytes());
                put(&mut image, 40, &c.flags.to_le_bytes());
            }
            SubscriptionKind::FdRead(f) => {
                image[8] = 1;
                put(&mut image, 16, &f.file_descriptor.to_le_bytes());
            }
            SubscriptionKind::FdWrite(f) => {
                image[8] = 2;
                put(&mut image, 16, &f.file_descriptor.to_le_bytes());
            }
        }
        round_trip(value, ptr, fill, &image);

        let mut bytes = vec![fill; MEM];
        let mut memory = GuestMemory::new(&mut bytes);
        memory.write(ptr, value).unwrap();
        prop_assert_eq!(memory.read::<Subscription>(ptr).unwrap().kind(), Ok(kind));
    }

    #[test]
    fn subscription_with_unknown_tag_is_inval(
        userdata: u64, tag in 3u8..=255, payload: [u8; 32],
    ) {
        let sub = Subscription { userdata, tag, _pad0: [0; 7], payload };
        prop_assert_eq!(sub.kind(), Err(Errno::INVAL));
    }

    #[test]
    fn clock_subscription_with_unknown_flag_bit_is_inval(
        userdata: u64, id: u32, timeout: u64, flags in 2u16..,
    ) {
        let clock = SubscriptionClock { id, timeout, flags, ..Default::default() };
        let sub = Subscription::new(userdata, SubscriptionKind::Clock(clock));
        prop_assert_eq!(sub.kind(), Err(Errno::INVAL));
    }

    #[test]
    fn fd_subscription_written_by_a_guest_decodes(userdata: u64, fd: u32, is_write: bool) {
        let mut image = [0u8; 48];
        put(&mut image, 0, &userdata.to_le_bytes());
        image[8] = if is_write { 2 } else { 1 };
        put(&mut image, 16, &fd.to_le_bytes());
        let mut bytes = image.to_vec();
        let sub = GuestMemory::new(&mut bytes).read::<Subscription>(0).unwrap();
        let expected = SubscriptionFdReadwrite { file_descriptor: fd };
        let expected = if is_write {
            SubscriptionKind::FdWrite(expected)
        } else {
            SubscriptionKind::FdRead(expected)
        };
        prop_assert_eq!(sub.userdata, userdata);
        prop_assert_eq!(sub.kind(), Ok(expected));
    }
}

#[test]
fn clock_subscription_written_by_a_guest_decodes() {
    let mut image = [0u8; 48];
    put(&mut image, 0, &0x1122_3344_5566_7788u64.to_le_bytes());
    image[8] = 0;
    put(&mut image, 16, &1u32.to_le_bytes());
    put(&mut image, 24, &1_000_000u64.to_le_bytes());
    put(&mut image, 32, &500u64.to_le_bytes());
    put(&mut image, 40, &1u16.to_le_bytes());
    let sub: Subscription = bytemuck::pod_read_unaligned(&image);
    assert_eq!(sub.userdata, 0x1122_3344_5566_7788);
    let SubscriptionKind::Clock(clock) = sub.kind().unwrap() else {
        panic!("tag 0 must decode as a clock subscription");
    };
    assert_eq!(
        (clock.id, clock.timeout, clock.precision, clock.flags),
        (1, 1_000_000, 500, 1)
    );

    // The same bytes with flag bit 1 set are refused.
    image[40] = 0b10;
    let sub: Subscription = bytemuck::pod_read_unaligned(&image);
    assert_eq!(sub.kind(), Err(Errno::INVAL));
    // A high byte of the flags is part of the u16 and refused too.
    image[40] = 1;
    image[41] = 0x80;
    let sub: Subscription = bytemuck::pod_read_unaligned(&image);
    assert_eq!(sub.kind(), Err(Errno::INVAL));
}

#[test]
fn subscription_new_zeroes_every_unused_byte() {
    let fd = SubscriptionFdReadwrite {
        file_descriptor: u32::MAX,
    };
    let sub = Subscription::new(u64::MAX, SubscriptionKind::FdWrite(fd));
    let bytes = bytemuck::bytes_of(&sub);
    assert_eq!(&bytes[..8], &[0xff; 8]);
    assert_eq!(bytes[8], 2);
    assert_eq!(&bytes[9..16], &[0; 7]);
    assert_eq!(&bytes[16..20], &[0xff; 4]);
    assert_eq!(&bytes[20..48], &[0; 28]);
}
