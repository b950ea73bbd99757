//! The `fd_*` family: calls on an open file descriptor.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! - [`io`](self::io): `fd_read`, `fd_write`;
//! - [`meta`](self::meta): `fd_close`, `fd_fdstat_get`, `fd_prestat_get`, `fd_prestat_dir_name`.

mod io;
mod meta;

use crate::fdtable::FdEntry;
use wasi_abi::{Errno, Rights};

impl FdEntry {
    /// Checks that this fd has `right`; otherwise answers `errno`.
    #[inline]
    pub(crate) fn require(&self, right: Rights, errno: Errno) -> Result<&Self, Errno> {
        if self.rights_base.contains(right) {
            Ok(self)
        } else {
            Err(errno)
        }
    }
}
