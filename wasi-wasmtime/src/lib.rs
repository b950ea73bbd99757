//! Links the `wasi-impl` preview1 syscalls into a `wasmtime::Linker`, for wasmtime's Pulley
//! interpreter and its Cranelift compiler alike. Needs this crate's `wasmtime` feature
//! (without it the crate is empty, so that `cargo test --workspace` does not build wasmtime).
//!
//! One call, `add_to_linker`, defines all 46 `wasi_snapshot_preview1` imports, generated
//! from [`wasi_abi::for_each_function!`] as typed `func_wrap` closures. Per call the adapter
//! does what `wasi-wasmi` does, with the pieces both share from
//! [`wasi_impl::adapter`]: it finds the guest's memory (the `memory` export, looked up once
//! and kept in the `WasiState`), borrows it and the context together
//! (`Memory::data_and_store_mut`), calls the method of the same name through
//! [`WasiCtx::traced`](wasi_impl::WasiCtx::traced), and turns the outcome into an errno or
//! an error: `proc_exit` and traps are `wasmtime::Error`s holding a
//! [`wasi_impl::adapter::Stop`], which an embedder finds with
//! `error.downcast_ref::<Stop>()`.
//!
//! The common case is `run`: a command on an engine of your configuration.
// Links to the other workspace crates resolve as paths beside this crate's docs, as
// `cargo doc --workspace --no-deps` lays them out, whichever crate is documented first.
#![doc(html_root_url = "../")]
#![cfg_attr(
    feature = "wasmtime",
    doc = r##"
```
use wasi_impl::{Output, OutputBuffer, WasiCtx};

let mut config = wasmtime::Config::new();
config.target("pulley64")?; // wasmtime's interpreter; leave it out for Cranelift
let engine = wasmtime::Engine::new(&config)?;
let guest = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "hello\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))"#;
let stdout = OutputBuffer::with_limit(1 << 20);
let ctx = WasiCtx::builder().stdout(Output::Capture(stdout.clone())).build()?;
let code = wasi_wasmtime::run(&engine, guest.as_bytes(), ctx)?;
assert_eq!((code, stdout.to_string_lossy().as_str()), (0, "hello\n"));
# Ok::<(), Box<dyn std::error::Error>>(())
```
"##
)]

#[cfg(feature = "wasmtime")]
pub use adapter::*;
#[cfg(feature = "wasmtime")]
mod run;
#[cfg(feature = "wasmtime")]
pub use run::{exit_or_trap, is_trap, run, shape};
#[cfg(feature = "wasmtime")]
pub use wasi_impl::adapter::{RunError, TrapReport};

#[cfg(feature = "wasmtime")]
mod adapter {
    use wasi_abi::GuestMemory;
    use wasi_impl::WasiCtx;
    pub use wasi_impl::adapter::Stop;
    use wasi_impl::adapter::{errno_or_stop, stop_of};
    use wasmtime::{Caller, Extern, Linker, Memory};

    /// What the adapter keeps in the store's data: the guest's context and its memory
    /// handle (see [`wasi_impl::adapter::WasiState`]).
    pub type WasiState = wasi_impl::adapter::WasiState<Memory>;

    /// The guest's memory, from the cache or (once) from the caller's `memory` export.
    #[inline]
    fn memory<T>(
        caller: &mut Caller<'_, T>,
        state: fn(&mut T) -> &mut WasiState,
    ) -> Option<Memory> {
        if let Some(memory) = state(caller.data_mut()).memory() {
            return Some(memory);
        }
        let memory = caller.get_export("memory").and_then(Extern::into_memory)?;
        state(caller.data_mut()).set_memory(memory);
        Some(memory)
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

    /// Defines the 46 `wasi_snapshot_preview1` functions in `linker`. `state` projects the
    /// store's data onto the [`WasiState`] the calls use.
    ///
    /// # Errors
    /// If one of the names is already defined in `linker`.
    pub fn add_to_linker<T: 'static>(
        linker: &mut Linker<T>,
        state: fn(&mut T) -> &mut WasiState,
    ) -> wasmtime::Result<()> {
        define_preview1(linker, state, wasi_abi::MODULE)
    }

    /// Defines, for WASIX programs, the `wasix_32v1` module: the 46 preview1 functions
    /// under their names there and the 17 WASIX socket functions; kept apart from
    /// [`add_to_linker`] so that a preview1 module's linker does not pay for them.
    ///
    /// # Errors
    /// If one of the names is already defined in `linker`.
    pub fn add_wasix_to_linker<T: 'static>(
        linker: &mut Linker<T>,
        state: fn(&mut T) -> &mut WasiState,
    ) -> wasmtime::Result<()> {
        define_preview1(linker, state, wasi_abi::wasix::MODULE)?;
        define_wasix(linker, state, wasi_abi::wasix::MODULE)
    }

    macro_rules! define_imports {
        ($fn_name:ident; $( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
            fn $fn_name<T: 'static>(
                linker: &mut Linker<T>,
                state: fn(&mut T) -> &mut WasiState,
                module: &'static str,
            ) -> wasmtime::Result<()> {
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
        ($linker:ident, $state:ident, $module:ident, $name:ident [$($p:ident : $t:ident),*] -> $ret:ident) => {
            $linker.func_wrap(
                $module,
                stringify!($name),
                move |mut caller: Caller<'_, T>, $($p: $t),*| -> wasmtime::Result<define_import!(@ret $ret)> {
                    let outcome = with_ctx(&mut caller, $state, |ctx, mem| {
                        let raw = [$(wasi_abi::raw_arg!($p: $t)),*];
                        ctx.traced(mem, stringify!($name), &raw, |ctx, mem| {
                            ctx.$name(mem, $($p as _),*)
                        })
                    });
                    define_import!(@finish $ret, stringify!($name), outcome)
                },
            )?;
        };
        (@ret errno) => { i32 };
        (@ret never) => { () };
        (@finish errno, $name:expr, $outcome:ident) => {
            errno_or_stop($name, $outcome).map_err(wasmtime::Error::new)
        };
        (@finish never, $name:expr, $outcome:ident) => {
            Err(wasmtime::Error::new(stop_of($name, $outcome)))
        };
    }

    wasi_abi::for_each_function!(preview1_imports);
    wasi_abi::for_each_wasix_function!(wasix_imports);
}
