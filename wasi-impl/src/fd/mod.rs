//! The `fd_*` family: calls on an open file descriptor.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! - [`io`](self::io): `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`;
//! - [`meta`](self::meta): `fd_close`, `fd_renumber`, `fd_fdstat_get`,
//!   `fd_fdstat_set_flags`, `fd_fdstat_set_rights`, `fd_prestat_get`, `fd_prestat_dir_name`;
//! - [`file`](self::file): `fd_seek`, `fd_tell`, `fd_filestat_get`, `fd_filestat_set_size`,
//!   `fd_filestat_set_times`, `fd_advise`, `fd_allocate`, `fd_datasync`, `fd_sync`;
//! - [`readdir`](self::readdir): `fd_readdir`.
//!
//! A call on an fd without the right it needs answers `ENOTCAPABLE`, except reads and writes
//! on an fd not open for them, which answer `EBADF` as POSIX does (see `RATIONALE.md`).

mod file;
mod io;
mod meta;
pub(crate) mod readdir;
