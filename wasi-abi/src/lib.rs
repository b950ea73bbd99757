//! The `wasi_snapshot_preview1` ABI as typed Rust.
//!
//! This crate is the contract between a WebAssembly guest and its host, and nothing more:
//!
//! - [`Errno`]: the 77 error numbers, each with its C name and a one-line description;
//! - [`flags`]: [`Rights`], [`Fdflags`], [`Oflags`], [`Lookupflags`], [`Fstflags`],
//!   [`Riflags`], [`Roflags`], [`Siflags`], [`Sdflags`], [`Subclockflags`], [`Eventrwflags`];
//! - [`enums`]: [`Clockid`], [`Whence`], [`Filetype`], [`Advice`], [`Eventtype`],
//!   [`Preopentype`], [`Signal`];
//! - [`structs`]: the `repr(C)` records exactly as they sit in guest memory, with their
//!   layouts checked at compile time in [`layout`];
//! - [`GuestMemory`]: a bounds-checked view of a guest's linear memory that never panics on a
//!   guest-supplied address;
//! - [`functions`]: the table of all 46 functions in spec order, the single source from which
//!   engine adapters, documentation and tests are generated.
//!
//! Every value that crosses the boundary is decoded with a check: an unknown enum value or an
//! unknown flag bit is [`Errno::INVAL`], a bad address is a [`MemoryError`].
//!
//! ```
//! use wasi_abi::{Errno, GuestMemory, MemoryError, functions};
//!
//! // The table: fd_write's core-wasm type, and that it reads guest memory.
//! let fd_write = functions::function("fd_write").ok_or("not in the table")?;
//! assert_eq!(fd_write.wasm_type().to_string(), "(func (param i32 i32 i32 i32) (result i32))");
//! assert!(fd_write.uses_memory());
//!
//! // Guest memory: every access is checked, none panics.
//! let mut bytes = [0u8; 16];
//! let mut mem = GuestMemory::new(&mut bytes);
//! mem.write::<u32>(8, 0xdead_beef)?;
//! assert_eq!(mem.read::<u32>(8)?, 0xdead_beef);
//! assert_eq!(mem.read::<u32>(16), Err(MemoryError::OutOfBounds));
//! assert_eq!(mem.read::<u32>(6), Err(MemoryError::Misaligned));
//! assert_eq!(MemoryError::OutOfBounds.errno_equivalent(), Errno::FAULT);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The source of truth is the witx on branch `wasi-0.1` of WebAssembly/WASI
//! (`preview1/witx/typenames.witx` and `preview1/witx/wasi_snapshot_preview1.witx`).
// Links to the other workspace crates resolve as paths beside this crate's docs, as
// `cargo doc --workspace --no-deps` lays them out, whichever crate is documented first.
#![doc(html_root_url = "../")]
#![cfg_attr(not(test), no_std)]
#![deny(missing_docs)]
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

// Guest memory is little-endian and the structs below are read by reinterpreting bytes.
#[cfg(target_endian = "big")]
compile_error!(
    "wasi-abi reads guest structs in host byte order and supports little-endian hosts only; see RATIONALE.md"
);

pub mod enums;
pub mod errno;
pub mod flags;
pub mod functions;
pub mod layout;
pub mod memory;
pub mod structs;
pub mod wasix;

pub use enums::{Advice, Clockid, Eventtype, Filetype, Preopentype, Signal, Whence};
pub use errno::Errno;
pub use flags::{
    Eventrwflags, Fdflags, Fstflags, Lookupflags, Oflags, Riflags, Rights, Roflags, Sdflags,
    Siflags, Subclockflags,
};
pub use functions::{FUNCTIONS, Family, Function, Param, ValType};
pub use memory::{GuestMemory, MemoryError};
pub use structs::{
    Ciovec, Dirent, Event, EventFdReadwrite, Fdstat, Filestat, Iovec, Prestat, Subscription,
    SubscriptionClock, SubscriptionFdReadwrite, SubscriptionKind,
};

/// The import module name every preview1 function lives under.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// A file descriptor number as the guest sees it (`fd`, a u32 handle).
pub type Fd = u32;
/// A guest address in linear memory (a wasm32 pointer).
pub type GuestPtr = u32;
/// A file size or offset in bytes (`filesize`, u64).
pub type Filesize = u64;
/// A timestamp in nanoseconds (`timestamp`, u64).
pub type Timestamp = u64;
/// A directory cookie (`dircookie`, u64): 0 is the start of the directory.
pub type Dircookie = u64;
