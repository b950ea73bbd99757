//! Links the `wasi-impl` preview1 syscalls into a [`wasmi::Linker`].
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
//!    [`wasmi::Error::i32_exit`], and [`Error::Trap`](wasi_impl::Error::Trap) (a bad pointer) to a trap whose message
//!    names the function.
//!
//! A module that exports no `memory` can still call the functions that take no pointer; a
//! pointer argument then traps as out of bounds.
//!
//! A second engine needs only another file like this one.

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

macro_rules! define_imports {
    ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
        /// Defines all 46 `wasi_snapshot_preview1` functions in `linker`. `state` projects the
        /// store's data onto the [`WasiState`] the calls use.
        ///
        /// # Errors
        /// If one of the names is already defined in `linker`.
        pub fn add_to_linker<T: 'static>(
            linker: &mut Linker<T>,
            state: fn(&mut T) -> &mut WasiState,
        ) -> Result<(), wasmi::errors::LinkerError> {
            $( define_import!(linker, state, $name [$($p : $t),*] -> $ret); )*
            Ok(())
        }
    };
}

macro_rules! define_import {
    ($linker:ident, $state:ident, $name:ident [$($p:ident : $t:ident),*] -> errno) => {
        $linker.func_wrap(
            wasi_abi::MODULE,
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
    ($linker:ident, $state:ident, $name:ident [$($p:ident : $t:ident),*] -> never) => {
        $linker.func_wrap(
            wasi_abi::MODULE,
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

wasi_abi::for_each_function!(define_imports);
