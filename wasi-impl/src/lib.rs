//! The `wasi_snapshot_preview1` syscalls, written once over a backend seam.
//!
//! [`WasiCtx`] holds everything a guest can reach: its arguments and environment, and its fd
//! table (stdio, preopened directories). Each preview1 function is a method on it that takes
//! the guest's memory as a [`GuestMemory`] and the raw core-wasm arguments (`i32` as `u32`,
//! `i64` as `u64`), and answers `Ok(())` or an [`Error`]: an errno for the guest, or an exit or
//! a trap for the engine. The methods are named after the functions and take their
//! parameters in spec order, so an engine adapter can be generated from
//! [`wasi_abi::for_each_function!`].
//!
//! This crate knows nothing of any engine. The calls are written once over the traits of
//! [`backend`]; the backends are [`host`] (Linux, the only module with `libc`, `std::os` and
//! `unsafe`), [`MemFs`] (in memory) and [`Overlay`] (copy-on-write over a read-only lower
//! directory), and a context may mix them.
//!
//! Families, one module each: `args` (args and environ), `clock`, `fd`, `path`, `poll`,
//! `proc`, `random`, `sock`. All 46 functions are implemented.
//!
//! A context, and one call made as an engine adapter makes it, without any engine:
//!
//! ```
//! use wasi_impl::{GuestMemory, Output, OutputBuffer, WasiCtx};
//!
//! let stdout = OutputBuffer::with_limit(1024);
//! let mut ctx = WasiCtx::builder()
//!     .arg("guest")
//!     .stdout(Output::Capture(stdout.clone()))
//!     .build()?;
//! // The guest's memory: "hi\n" at 64, one iovec {buf: 64, len: 3} at 0.
//! let mut bytes = vec![0u8; 128];
//! bytes[64..67].copy_from_slice(b"hi\n");
//! bytes[0..4].copy_from_slice(&64u32.to_le_bytes());
//! bytes[4..8].copy_from_slice(&3u32.to_le_bytes());
//! let mut mem = GuestMemory::new(&mut bytes);
//! ctx.fd_write(&mut mem, 1, 0, 1, 16)?; // fd 1, iovs at 0, 1 iovec, nwritten at 16
//! assert_eq!(stdout.contents(), b"hi\n");
//! assert_eq!(bytes[16..20], 3u32.to_le_bytes());
//!
//! // A context moves to the thread that runs its guest.
//! fn is_send<T: Send>(_: &T) {}
//! is_send(&ctx);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
// Links to the other workspace crates resolve as paths beside this crate's docs, as
// `cargo doc --workspace --no-deps` lays them out, whichever crate is documented first.
#![doc(html_root_url = "../")]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::arithmetic_side_effects
    )
)]

pub mod adapter;
mod args;
pub mod backend;
mod clock;
mod ctx;
pub mod determinism;
mod error;
mod fd;
mod fdtable;
#[allow(
    unsafe_code,
    reason = "the host backend wraps the libc calls; each block has a SAFETY comment"
)]
pub mod host;
mod iov;
mod memfs;
pub mod net;
mod overlay;
pub mod path;
mod poll;
mod proc;
mod random;
mod rights;
mod sock;
mod stat;
mod stdio;
pub mod trace;

extern crate alloc;

pub use ctx::{BuildError, DEFAULT_MAX_OPEN_FDS, WasiCtx, WasiCtxBuilder};
pub use error::{Error, Trap};
pub use host::prepare_host_process;
pub use host::{HOST_ERRNO_TABLE, errno_from_host};
pub use memfs::MemFs;
pub use overlay::{OPEN_LOWERS as OVERLAY_OPEN_LOWERS, Overlay};
pub use path::Resolver;
pub use poll::MAX_SUBSCRIPTIONS;
pub use stdio::{Input, Output, OutputBuffer, Reader, Writer};
pub use trace::{TraceFormat, Tracer};
pub use wasi_abi::{Errno, Family, GuestMemory};

/// What every syscall method returns: `Ok(())` is errno 0.
pub type Result<T = ()> = core::result::Result<T, Error>;
