//! `GuestMemory` refuses every out-of-bounds or misaligned access, at every edge, and never
//! panics on a guest-supplied address or length.

use core::fmt::Debug;
use core::mem::{align_of, size_of};

use bytemuck::Pod;
use proptest::prelude::*;
use wasi_abi::{
    Dirent, Errno, Event, EventFdReadwrite, Fdstat, Filestat, GuestMemory, Iovec, MemoryError,
    Prestat, Subscription, SubscriptionClock, SubscriptionFdReadwrite,
};

const SIZES: [usize; 6] = [0, 1, 7, 8, 64, 65536];
const OOB: MemoryError = MemoryError::OutOfBounds;

/// A memory of `n` bytes whose byte `i` is `i as u8` (so reads return known data).
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| i as u8).collect()
}

/// Asserts that both a read and a write of `T` at `ptr` fail with `error`.
fn refused<T: Pod + Default + PartialEq + Debug>(
    memory: &mut GuestMemory<'_>,
    ptr: u32,
    error: MemoryError,
) {
    let what = format!(
        "{} at {ptr} in {} bytes",
        core::any::type_name::<T>(),
        memory.len()
    );
    assert_eq!(memory.read::<T>(ptr), Err(error), "read {what}");
    assert_eq!(memory.write(ptr, T::default()), Err(error), "write {what}");
}

/// Reads and writes of `T` at the last aligned address that fits, one stride past it, near
/// `u32::MAX`, and at misaligned addresses, for every memory size in `SIZES`.
fn check_typed_edges<T: Pod + Default + PartialEq + Debug>() {
    let size = size_of::<T>() as u32;
    let align = align_of::<T>() as u32;
    for n in SIZES {
        let mut bytes = pattern(n);
        let snapshot = bytes.clone();
        let mut memory = GuestMemory::new(&mut bytes);
        let n32 = n as u32;

        // The last aligned address at which a T still fits; the next aligned one is past it.
        let first_past = if n32 >= size {
            let last = (n32 - size) / align * align;
            let at = last as usize..(last + size) as usize;
            let expected: T = bytemuck::pod_read_unaligned(&snapshot[at.clone()]);
            assert_eq!(
                memory.read::<T>(last),
                Ok(expected),
                "read at {last} in {n}"
            );
            assert_eq!(
                memory.write(last, T::default()),
                Ok(()),
                "write at {last} in {n}"
            );
            assert!(memory.as_bytes()[at].iter().all(|&b| b == 0));
            memory.as_bytes_mut().copy_from_slice(&snapshot);
            last + align
        } else {
            0
        };
        refused::<T>(&mut memory, first_past, OOB);

        // Aligned addresses at the very top of the address space: no overflow, no panic.
        let top = u32::MAX / align * align;
        for ptr in [
            top,
            top - align,
            u32::MAX - size + 1,
            0x8000_0000,
            n32.next_multiple_of(align),
        ] {
            if u64::from(ptr) + u64::from(size) > n as u64 {
                refused::<T>(&mut memory, ptr, OOB);
            }
        }

        // Misaligned addresses, inside memory and beyond it.
        for offset in 1..align {
            for ptr in [offset, align + offset, first_past + offset, top + offset] {
                refused::<T>(&mut memory, ptr, MemoryError::Misaligned);
            }
        }

        // No refused write touched a byte.
        assert_eq!(memory.as_bytes(), &snapshot[..]);
    }
}

#[test]
fn typed_access_edges_for_every_struct() {
    check_typed_edges::<Iovec>();
    check_typed_edges::<Fdstat>();
    check_typed_edges::<Filestat>();
    check_typed_edges::<Dirent>();
    check_typed_edges::<Prestat>();
    check_typed_edges::<Event>();
    check_typed_edges::<EventFdReadwrite>();
    check_typed_edges::<Subscription>();
    check_typed_edges::<SubscriptionClock>();
    check_typed_edges::<SubscriptionFdReadwrite>();
    check_typed_edges::<u8>();
    check_typed_edges::<u16>();
    check_typed_edges::<u32>();
    check_typed_edges::<u64>();
}

#[test]
fn byte_ranges_at_the_edges() {
    for n in SIZES {
        let mut bytes = pattern(n);
        let mut memory = GuestMemory::new(&mut bytes);
        let n32 = n as u32;

        assert_eq!(memory.range(n32, 0), Ok(n..n));
        assert_eq!(memory.range(0, n32), Ok(0..n));
        assert_eq!(memory.slice(n32, 0), Ok(&[][..]));
        assert_eq!(memory.slice_mut(n32, 0).map(|s| s.len()), Ok(0));
        assert_eq!(memory.slice(0, n32).map(<[u8]>::to_vec), Ok(pattern(n)));
        assert_eq!(memory.str(n32, 0), Ok(""));

        let refused = [
            (n32, 1),
            (0, n32 + 1),
            (n32 + 1, 0),
            (u32::MAX, 1),
            (1, u32::MAX),
        ];
        for (ptr, len) in refused
            .into_iter()
            .chain([(u32::MAX, u32::MAX), (u32::MAX, 0)])
        {
            assert_eq!(
                memory.range(ptr, len),
                Err(OOB),
                "range({ptr}, {len}) in {n}"
            );
            assert_eq!(
                memory.slice(ptr, len),
                Err(OOB),
                "slice({ptr}, {len}) in {n}"
            );
            assert_eq!(memory.slice_mut(ptr, len).err(), Some(OOB));
            assert_eq!(memory.str(ptr, len), Err(OOB), "str({ptr}, {len}) in {n}");
        }
        if n > 0 {
            assert_eq!(memory.range(n32 - 1, 1), Ok(n - 1..n));
            assert_eq!(memory.slice(n32 - 1, 1), Ok(&[(n - 1) as u8][..]));
            assert_eq!(memory.range(n32 - 1, 2), Err(OOB));
        }
    }
}

#[test]
fn slice_mut_writes_exactly_the_range() {
    let mut bytes = vec![0u8; 16];
    let mut memory = GuestMemory::new(&mut bytes);
    memory.slice_mut(5, 3).unwrap().copy_from_slice(b"abc");
    assert_eq!(memory.len(), 16);
    assert!(!memory.is_empty());
    assert_eq!(bytes, b"\0\0\0\0\0abc\0\0\0\0\0\0\0\0");
    assert!(GuestMemory::new(&mut []).is_empty());
}

#[test]
fn str_checks_utf8_after_bounds() {
    let mut bytes = b"h\xc3\xa9llo\xff\xc3".to_vec();
    let memory = GuestMemory::new(&mut bytes);
    assert_eq!(memory.str(0, 6), Ok("h\u{e9}llo"));
    assert_eq!(memory.str(1, 2), Ok("\u{e9}"));
    assert_eq!(
        memory.str(1, 1),
        Err(MemoryError::InvalidUtf8),
        "half a code point"
    );
    assert_eq!(
        memory.str(6, 1),
        Err(MemoryError::InvalidUtf8),
        "0xff is never UTF-8"
    );
    assert_eq!(
        memory.str(7, 1),
        Err(MemoryError::InvalidUtf8),
        "truncated sequence"
    );
    assert_eq!(memory.str(0, 8), Err(MemoryError::InvalidUtf8));
    assert_eq!(
        memory.str(6, 3),
        Err(OOB),
        "bounds are checked before the contents"
    );
}

#[test]
fn memory_errors_convert_to_the_project_errnos() {
    assert_eq!(MemoryError::OutOfBounds.errno_equivalent(), Errno::FAULT);
    assert_eq!(MemoryError::OutOfBounds.errno_equivalent().raw(), 21);
    assert_eq!(MemoryError::Misaligned.errno_equivalent(), Errno::INVAL);
    assert_eq!(MemoryError::Misaligned.errno_equivalent().raw(), 28);
    assert_eq!(MemoryError::InvalidUtf8.errno_equivalent(), Errno::ILSEQ);
    assert_eq!(MemoryError::InvalidUtf8.errno_equivalent().raw(), 25);
}

#[test]
fn arrays_fit_exactly_or_are_refused() {
    let mut bytes = vec![0u8; 3 * 64];
    let mut memory = GuestMemory::new(&mut bytes);
    let stats: Vec<Filestat> = (0..3)
        .map(|i| Filestat {
            ino: 100 + i,
            nlink: i,
            ..Default::default()
        })
        .collect();
    for (i, stat) in stats.iter().enumerate() {
        memory.write(64 * i as u32, *stat).unwrap();
    }
    assert_eq!(memory.array_range::<Filestat>(0, 3), Ok(0..192));
    let iter = memory.read_array::<Filestat>(0, 3).unwrap();
    assert_eq!(iter.len(), 3);
    assert_eq!(iter.collect::<Vec<_>>(), stats);
    assert_eq!(
        memory
            .read_array::<Filestat>(64, 2)
            .unwrap()
            .collect::<Vec<_>>(),
        stats[1..]
    );
    assert_eq!(memory.read_array::<Filestat>(192, 0).unwrap().count(), 0);

    assert_eq!(memory.array_range::<Filestat>(0, 4), Err(OOB));
    assert_eq!(memory.array_range::<Filestat>(8, 3), Err(OOB));
    assert_eq!(memory.read_array::<Filestat>(64, 3).err(), Some(OOB));
    assert_eq!(
        memory.array_range::<Filestat>(4, 1),
        Err(MemoryError::Misaligned)
    );
    assert_eq!(
        memory.read_array::<Iovec>(2, 1).err(),
        Some(MemoryError::Misaligned)
    );

    // count * size overflows u32 (64 * 2^26 == 2^32, 8 * 2^29 == 2^32): refused, no wrap to 0.
    assert_eq!(memory.array_range::<Filestat>(0, 1 << 26), Err(OOB));
    assert_eq!(memory.array_range::<Filestat>(0, u32::MAX), Err(OOB));
    assert_eq!(memory.array_range::<Iovec>(0, 1 << 29), Err(OOB));
    assert_eq!(
        memory
            .read_array::<Subscription>(0, u32::MAX / 48 + 1)
            .err(),
        Some(OOB)
    );
    assert_eq!(memory.iovecs(0, 1 << 29).err(), Some(OOB));
    assert_eq!(memory.iovecs(0, u32::MAX).err(), Some(OOB));
    // Fits in u32 but not in memory.
    assert_eq!(memory.array_range::<Filestat>(0, (1 << 26) - 1), Err(OOB));
    assert_eq!(memory.array_range::<u8>(u32::MAX, 1), Err(OOB));
}

/// Writes an iovec list at `at`.
fn put_iovecs(memory: &mut GuestMemory<'_>, at: u32, list: &[(u32, u32)]) {
    for (i, &(buf, buf_len)) in list.iter().enumerate() {
        memory
            .write(at + 8 * i as u32, Iovec { buf, buf_len })
            .unwrap();
    }
}

#[test]
fn iovecs_check_each_buffer_as_it_is_reached() {
    let mut bytes = vec![0u8; 64];
    let mut memory = GuestMemory::new(&mut bytes);
    put_iovecs(
        &mut memory,
        0,
        &[(32, 8), (60, 8), (40, 24), (64, 0), (65, 0)],
    );

    let mut ranges = memory.iovecs(0, 5).unwrap();
    assert_eq!(ranges.len(), 5);
    assert_eq!(ranges.next(), Some(Ok(32..40)));
    assert_eq!(ranges.next(), Some(Err(OOB)), "60 + 8 > 64");
    assert_eq!(
        ranges.next(),
        Some(Ok(40..64)),
        "ends exactly at the end of memory"
    );
    assert_eq!(
        ranges.next(),
        Some(Ok(64..64)),
        "empty buffer at the end is fine"
    );
    assert_eq!(
        ranges.next(),
        Some(Err(OOB)),
        "empty buffer past the end is not"
    );
    assert_eq!(ranges.next(), None);

    // buf + buf_len overflows u32.
    put_iovecs(
        &mut memory,
        0,
        &[(u32::MAX - 3, 16), (16, u32::MAX), (u32::MAX, 1)],
    );
    let ranges: Vec<_> = memory.iovecs(0, 3).unwrap().collect();
    assert_eq!(ranges, [Err(OOB), Err(OOB), Err(OOB)]);

    // The list itself must be aligned and inside memory.
    assert_eq!(memory.iovecs(2, 1).err(), Some(MemoryError::Misaligned));
    assert_eq!(memory.iovecs(60, 1).err(), Some(OOB));
    assert_eq!(memory.iovecs(56, 1).map(|r| r.len()), Ok(1));
    assert_eq!(memory.iovecs(64, 0).map(|r| r.count()), Ok(0));
    assert_eq!(memory.iovecs(u32::MAX - 3, 1).err(), Some(OOB));
}

#[test]
fn read_array_of_a_zero_sized_type_does_not_panic() {
    let mut bytes = vec![0u8; 8];
    let memory = GuestMemory::new(&mut bytes);
    let result = std::panic::catch_unwind(|| memory.read_array::<()>(0, 1).map(Iterator::count));
    assert!(result.is_ok(), "read_array::<()> panicked");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn arbitrary_addresses_never_panic_and_success_means_in_bounds(
        contents in proptest::collection::vec(any::<u8>(), 0..300),
        ptr in prop_oneof![any::<u32>(), 0u32..320, (u32::MAX - 64)..=u32::MAX],
        len in prop_oneof![any::<u32>(), 0u32..320, (u32::MAX - 64)..=u32::MAX],
    ) {
        let size = contents.len() as u64;
        let fits = |len: u64| u64::from(ptr) + len <= size;
        let mut bytes = contents.clone();
        let mut memory = GuestMemory::new(&mut bytes);
        let (p, l) = (ptr as usize, len as usize);

        match memory.range(ptr, len) {
            Ok(r) => prop_assert_eq!(r, p..p + l),
            Err(e) => prop_assert!(e == OOB && !fits(len.into())),
        }
        prop_assert_eq!(memory.range(ptr, len).is_ok(), fits(len.into()));
        match memory.slice(ptr, len) {
            Ok(s) => prop_assert_eq!(s, &contents[p..p + l]),
            Err(e) => prop_assert!(e == OOB && !fits(len.into())),
        }
        prop_assert_eq!(memory.slice_mut(ptr, len).is_ok(), fits(len.into()));
        match memory.str(ptr, len) {
            Ok(s) => prop_assert_eq!(s.as_bytes(), &contents[p..p + l]),
            Err(OOB) => prop_assert!(!fits(len.into())),
            Err(e) => {
                prop_assert_eq!(e, MemoryError::InvalidUtf8);
                prop_assert!(fits(len.into()));
                prop_assert!(core::str::from_utf8(&contents[p..p + l]).is_err());
            }
        }
        match memory.read::<Filestat>(ptr) {
            Ok(stat) => {
                prop_assert!(fits(64) && ptr % 8 == 0);
                prop_assert_eq!(bytemuck::bytes_of(&stat), &contents[p..p + 64]);
            }
            Err(MemoryError::Misaligned) => prop_assert!(ptr % 8 != 0),
            Err(e) => prop_assert!(e == OOB && !fits(64)),
        }
        match memory.iovecs(ptr, len) {
            Ok(ranges) => {
                prop_assert!(ptr % 4 == 0 && fits(8 * u64::from(len)));
                prop_assert_eq!(ranges.len(), l);
                for (i, item) in ranges.enumerate() {
                    let at = p + 8 * i;
                    let buf = u32::from_le_bytes(contents[at..at + 4].try_into().unwrap());
                    let buf_len = u32::from_le_bytes(contents[at + 4..at + 8].try_into().unwrap());
                    let end = u64::from(buf) + u64::from(buf_len);
                    match item {
                        Ok(r) => prop_assert!(end <= size && r == (buf as usize..end as usize)),
                        Err(e) => prop_assert!(e == OOB && end > size),
                    }
                }
            }
            Err(MemoryError::Misaligned) => prop_assert!(ptr % 4 != 0),
            Err(e) => prop_assert!(e == OOB && !fits(8 * u64::from(len))),
        }
    }
}
