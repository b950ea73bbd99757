//! Guest names and paths as the C strings the `*at` calls take.

use crate::backend::{Name, Result};
use std::ffi::{CStr, CString};
use wasi_abi::Errno;

/// Paths up to this many bytes are turned into C strings on the stack.
const INLINE: usize = 255;

/// A checked name or path as a C string: on the stack when it is short (the common case, so
/// a call allocates nothing), on the heap otherwise.
#[allow(
    clippy::large_enum_variant,
    reason = "the inline variant is the point: it lives on the stack for one call"
)]
pub(crate) enum CPath {
    /// The bytes and at least one NUL after them.
    Inline([u8; INLINE + 1]),
    /// A longer path.
    Heap(CString),
}

impl std::ops::Deref for CPath {
    type Target = CStr;

    fn deref(&self) -> &CStr {
        match self {
            // The buffer always holds a NUL (its last byte is never written).
            CPath::Inline(buf) => CStr::from_bytes_until_nul(buf).unwrap_or_default(),
            CPath::Heap(path) => path,
        }
    }
}

/// `path` as a C string; `EINVAL` for a NUL byte in it.
pub(crate) fn c_path(path: &str) -> Result<CPath> {
    let bytes = path.as_bytes();
    if bytes.contains(&0) {
        return Err(Errno::INVAL);
    }
    let mut buf = [0u8; INLINE + 1];
    match buf.get_mut(..bytes.len()) {
        Some(head) if bytes.len() <= INLINE => {
            head.copy_from_slice(bytes);
            Ok(CPath::Inline(buf))
        }
        _ => CString::new(path)
            .map(CPath::Heap)
            .map_err(|_| Errno::INVAL),
    }
}

/// A checked name as a C string (a [`Name`] holds no NUL).
pub(crate) fn c_name(name: Name<'_>) -> Result<CPath> {
    c_path(name.as_str())
}
