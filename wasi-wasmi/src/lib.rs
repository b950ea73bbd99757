//! Links the `wasi-impl` preview1 syscalls into a [`wasmi::Linker`](https://docs.rs/wasmi/2/wasmi/struct.Linker.html).
//!
//! One call, [`add_to_linker`], defines all 46 `wasi_snapshot_preview1` imports. The host
//! functions are generated from [`wasi_abi::for_each_function!`], the same table the docs and
//! tests use, each as a typed `func_wrap` closure: no `Val` arrays, no dynamic dispatch.
//!
//! Per call the adapter
//! 1. finds the guest's memory through a handle cached in [`WasiState`] (the `memory` export
//!    is looked up by name once, on the first call, never on the hot path);
//! 2. borrows that memory and the [`WasiCtx`] together (`Memory::data_and_store_mut`);
//! 3. calls the method of the same name with the raw arguments (`i32` as `u32`, `i64` as
//!    `u64`);
//!    through [`WasiCtx::traced`], which writes a trace line when the context has a tracer
//!    (one branch otherwise);
//! 4. maps `Ok` to errno 0, an errno to its number, [`Error::Exit`](wasi_impl::Error::Exit) to
//!    [`wasmi::Error::i32_exit`](https://docs.rs/wasmi/2/wasmi/struct.Error.html#method.i32_exit), and [`Error::Trap`](wasi_impl::Error::Trap) (a bad pointer) to a trap whose message
//!    names the function.
//!
//! A module that exports no `memory` can still call the functions that take no pointer; a
//! pointer argument then traps as out of bounds.
//!
//! A second engine needs only another file like this one.
//!
//! The common case, a command run with captured output, is [`run`]:
//!
//! ```
//! use wasi_impl::{Output, OutputBuffer, WasiCtx};
//!
//! let guest = r#"(module
//!   (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
//!   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//!   (memory (export "memory") 1)
//!   (data (i32.const 8) "hello\n")
//!   (func (export "_start")
//!     (i32.store (i32.const 0) (i32.const 8))   ;; iovec.buf
//!     (i32.store (i32.const 4) (i32.const 6))   ;; iovec.len
//!     (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
//!     (call $exit (i32.const 3))))"#;
//! let stdout = OutputBuffer::with_limit(1 << 20);
//! let ctx = WasiCtx::builder().stdout(Output::Capture(stdout.clone())).build()?;
//! let code = wasi_wasmi::run(guest.as_bytes(), ctx)?;
//! assert_eq!((code, stdout.to_string_lossy().as_str()), (3, "hello\n"));
//!
//! // A module that cannot run is refused before it starts, with one line saying why.
//! let wrong = r#"(module (import "wasi_snapshot_preview1" "fd_close" (func (param i64)))
//!                (func (export "_start")))"#;
//! let ctx = WasiCtx::builder().build()?;
//! let err = wasi_wasmi::run(wrong.as_bytes(), ctx).unwrap_err();
//! assert!(err.to_string().ends_with("but its type is (func (param i32) (result i32))"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
// Links to the other workspace crates resolve as paths beside this crate's docs, as
// `cargo doc --workspace --no-deps` lays them out, whichever crate is documented first.
#![doc(html_root_url = "../")]

mod run;

pub use run::{exit_or_trap, is_trap, run, shape};
pub use wasi_impl::adapter::{RunError, TrapReport};

use wasi_abi::GuestMemory;
use wasi_impl::WasiCtx;
use wasi_impl::adapter::{Stop, errno_or_stop, stop_of};
use wasmi::{Caller, Extern, Linker, Memory};

/// What the adapter keeps in the store's data: the guest's context and its memory handle
/// (see [`wasi_impl::adapter::WasiState`]).
pub type WasiState = wasi_impl::adapter::WasiState<Memory>;

/// The guest's memory, from the cache or (once) from the caller's `memory` export.
#[inline]
fn memory<T>(caller: &mut Caller<'_, T>, state: fn(&mut T) -> &mut WasiState) -> Option<Memory> {
    match state(caller.data_mut()).memory() {
        Some(memory) => Some(memory),
        None => lookup_memory(caller, state),
    }
}

#[cold]
fn lookup_memory<T>(
    caller: &mut Caller<'_, T>,
    state: fn(&mut T) -> &mut WasiState,
) -> Option<Memory> {
    match caller.get_export("memory") {
        Some(Extern::Memory(memory)) => {
            state(caller.data_mut()).set_memory(memory);
            Some(memory)
        }
        _ => None,
    }
}

/// Runs `call` with the guest's memory and context borrowed together.
#[inline]
fn with_ctx<T>(
    caller: &mut Caller<'_, T>,
    state: fn(&mut T) -> &mut WasiState,
    call: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> wasi_impl::Result,
) -> wasi_impl::Result {
    match memory(caller, state) {
        Some(memory) => {
            let (bytes, data) = memory.data_and_store_mut(caller);
            call(&mut state(data).ctx, &mut GuestMemory::new(bytes))
        }
        None => call(
            &mut state(caller.data_mut()).ctx,
            &mut GuestMemory::new(&mut []),
        ),
    }
}

/// The engine error that stops the guest: its exit, or a trap naming the function.
#[cold]
fn stop(stop: Stop) -> wasmi::Error {
    match stop {
        // The code is carried bit-for-bit; the embedder decides how to show codes >= 2^31.
        Stop::Exit(code) => wasmi::Error::i32_exit(code as i32),
        Stop::Trap { function, trap } => wasmi::Error::host(Stopped { function, trap }),
        Stop::Failed { .. } => wasmi::Error::new(stop.to_string()),
    }
}

/// The host error a syscall stops the guest with when it must trap: which function, and
/// why. An embedder finds it with `error.downcast_ref::<Stopped>()` (to tell, say, a
/// [`Trap::TimeLimit`](wasi_impl::Trap::TimeLimit) from a bad pointer); it displays as
/// `function: why`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// The preview1 function that trapped.
    pub function: &'static str,
    /// Why.
    pub trap: wasi_impl::Trap,
}

impl core::fmt::Display for Stopped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.function, self.trap)
    }
}

impl wasmi::errors::HostError for Stopped {}

/// Defines the 46 `wasi_snapshot_preview1` functions in `linker`. `state` projects the
/// store's data onto the [`WasiState`] the calls use.
///
/// # Errors
/// If one of the names is already defined in `linker`.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    state: fn(&mut T) -> &mut WasiState,
) -> Result<(), wasmi::errors::LinkerError> {
    define_preview1(linker, state, wasi_abi::MODULE)
}

/// Defines, for WASIX programs, the `wasix_32v1` module: the 46 preview1 functions under
/// their names there and the 17 WASIX socket functions (see [`wasi_impl::net`]). Kept apart
/// from [`add_to_linker`] so that a preview1 module's linker does not pay for 63 more
/// definitions; [`run`] and `wasi-run` add it when a module imports from `wasix_32v1`.
///
/// # Errors
/// If one of the names is already defined in `linker`.
pub fn add_wasix_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    state: fn(&mut T) -> &mut WasiState,
) -> Result<(), wasmi::errors::LinkerError> {
    define_preview1(linker, state, wasi_abi::wasix::MODULE)?;
    define_wasix(linker, state, wasi_abi::wasix::MODULE)
}

macro_rules! define_imports {
    ($fn_name:ident; $( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        fn $fn_name<T: 'static>(
            linker: &mut Linker<T>,
            state: fn(&mut T) -> &mut WasiState,
            module: &'static str,
        ) -> Result<(), wasmi::errors::LinkerError> {
            $( define_import!(linker, state, module, $name [$($p : $t),*] -> $ret); )*
            Ok(())
        }
    };
}

macro_rules! preview1_imports {
    ($($entries:tt)*) => { define_imports!(define_preview1; $($entries)*); };
}

macro_rules! wasix_imports {
    ($($entries:tt)*) => { define_imports!(define_wasix; $($entries)*); };
}

macro_rules! define_import {
    ($linker:ident, $state:ident, $module:ident, $name:ident [$($p:ident : $t:ident),*] -> errno) => {
        $linker.func_wrap(
            $module,
            stringify!($name),
            move |mut caller: Caller<'_, T>, $($p: $t),*| -> Result<i32, wasmi::Error> {
                let outcome = with_ctx(&mut caller, $state, |ctx, mem| {
                    ctx.traced(mem, stringify!($name), &[$(wasi_abi::raw_arg!($p: $t)),*], |ctx, mem| {
                        ctx.$name(mem, $($p as _),*)
                    })
                });
                errno_or_stop(stringify!($name), outcome).map_err(stop)
            },
        )?;
    };
    ($linker:ident, $state:ident, $module:ident, $name:ident [$($p:ident : $t:ident),*] -> never) => {
        $linker.func_wrap(
            $module,
            stringify!($name),
            move |mut caller: Caller<'_, T>, $($p: $t),*| -> Result<(), wasmi::Error> {
                let outcome = with_ctx(&mut caller, $state, |ctx, mem| {
                    ctx.traced(mem, stringify!($name), &[$(wasi_abi::raw_arg!($p: $t)),*], |ctx, mem| {
                        ctx.$name(mem, $($p as _),*)
                    })
                });
                Err(stop(stop_of(stringify!($name), outcome)))
            },
        )?;
    };
}

wasi_abi::for_each_function!(preview1_imports);
wasi_abi::for_each_wasix_function!(wasix_imports);
