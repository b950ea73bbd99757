//! The `path_*` family: calls that name a file by a path relative to a directory fd.
//!
//! Spec: `wasi_snapshot_preview1.witx` (branch `wasi-0.1` of WebAssembly/WASI).
//!
//! - `resolve`: how a path is resolved without leaving its directory;
//! - `open`: `path_open`;
//! - `stat`: `path_filestat_get`, `path_filestat_set_times`;
//! - `ops`: `path_create_directory`, `path_remove_directory`,
//!   `path_unlink_file`, `path_rename`, `path_link`, `path_symlink`, `path_readlink`.
//!
//! Every path is UTF-8 (`EILSEQ` otherwise), at most 4095 bytes (`ENAMETOOLONG`), without NUL
//! bytes (`EINVAL`), and may not reach outside the directory fd it is relative to
//! (`ENOTCAPABLE`).

mod open;
mod ops;
pub(crate) mod resolve;
mod stat;
pub(crate) mod trail;

pub use resolve::Resolver;
