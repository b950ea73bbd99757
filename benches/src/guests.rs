//! Ready guests on wasmi: this project's layer over host or in-memory preopens, and the
//! engine's floor, the same guest linked against imports that return at once.

use crate::{ARGS, ENV, Op, bench_dir};
use wasmi::{Caller, Engine, Linker, Module, Store, TypedFunc};

/// A ready instance: its store and `run` function, kept alive for the whole measurement.
#[derive(Debug)]
pub struct Guest<T: 'static> {
    /// The instance's store.
    pub store: Store<T>,
    /// `run(n)`: the operation's body `n` times.
    pub run: TypedFunc<i32, ()>,
}

impl<T> Guest<T> {
    /// Runs the body `turns` times.
    ///
    /// # Panics
    /// If the guest traps: a benchmark guest never does.
    pub fn turns(&mut self, turns: u32) {
        self.run
            .call(&mut self.store, turns as i32)
            .expect("the benchmark guest ran");
    }
}

/// Instantiates `wasm` with `linker`, runs its exported `setup` and returns its `run`.
///
/// # Panics
/// If the module does not compile, link or set up: the benchmark modules do.
pub fn ready<T>(engine: &Engine, wasm: &[u8], linker: &Linker<T>, data: T) -> Guest<T> {
    let module = Module::new(engine, wasm).expect("module");
    let mut store = Store::new(engine, data);
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .expect("instantiate");
    instance
        .get_typed_func::<(), ()>(&store, "setup")
        .expect("setup")
        .call(&mut store, ())
        .expect("setup ran");
    let run = instance.get_typed_func(&store, "run").expect("run");
    Guest { store, run }
}

/// This project's layer on wasmi: `/dev` and the benchmark directory preopened from the host.
pub fn ours(engine: &Engine, wasm: &[u8]) -> Guest<wasi_wasmi::WasiState> {
    let builder = wasi_impl::WasiCtx::builder()
        .preopen_dir("/dev", "/dev")
        .preopen_dir(bench_dir(), "/bench");
    ours_with(engine, wasm, builder)
}

/// The rows an in-memory filesystem can run as the host does (`/dev/zero` has no in-memory
/// equivalent, so the read and copy rows are left out).
pub fn has_memory_row(op: &Op) -> bool {
    [
        "fd_write ",
        "fd_fdstat_get",
        "path_filestat_get",
        "path_open",
        "fd_readdir",
        "fd_seek",
    ]
    .iter()
    .any(|p| op.name.starts_with(p))
}

/// The fd of `/dev/null` in the in-memory guest (the first file `setup` opens).
pub const MEM_NULL_FD: u32 = 5;

/// [`ours`] with both preopens in memory: `/dev` holds empty regular files `null` and
/// `zero`, `/bench` a copy of the benchmark directory. `null` grows as the guest writes to
/// it: [`rewind_null`] empties it.
///
/// # Panics
/// If the in-memory files cannot be made.
pub fn ours_mem(engine: &Engine, wasm: &[u8]) -> Guest<wasi_wasmi::WasiState> {
    let dev = wasi_impl::MemFs::new();
    dev.write_file("null", b"").expect("null");
    dev.write_file("zero", b"").expect("zero");
    let bench = wasi_impl::MemFs::new();
    bench.import(&bench_dir()).expect("import");
    let builder = wasi_impl::WasiCtx::builder()
        .preopen(dev.root(), "/dev", false)
        .preopen(bench.root(), "/bench", false);
    ours_with(engine, wasm, builder)
}

/// Empties the in-memory guest's `null` and moves its offset back to 0, so that it stays
/// small however long a measurement writes to it.
pub fn rewind_null(guest: &mut Guest<wasi_wasmi::WasiState>) {
    let mut out = [0u8; 8];
    let mut mem = wasi_abi::GuestMemory::new(&mut out);
    let ctx = &mut guest.store.data_mut().ctx;
    let _ = std::hint::black_box(ctx.fd_seek(&mut mem, MEM_NULL_FD, 0, 0, 0));
    let _ = std::hint::black_box(ctx.fd_filestat_set_size(&mut mem, MEM_NULL_FD, 0));
}

fn ours_with(
    engine: &Engine,
    wasm: &[u8],
    builder: wasi_impl::WasiCtxBuilder,
) -> Guest<wasi_wasmi::WasiState> {
    let mut builder = builder.args(ARGS);
    for (k, v) in ENV {
        builder = builder.env(k, v);
    }
    let ctx = builder.build().expect("ctx");
    let mut linker = Linker::new(engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut wasi_wasmi::WasiState| s).expect("link");
    ready(engine, wasm, &linker, wasi_wasmi::WasiState::new(ctx))
}

/// The engine's floor for `wasm`: the same guest, every preview1 import a host function of
/// the same type that returns 0 at once (taking a `Caller`, as every real import does). What
/// the guest's loop and wasmi's host calls cost, with no syscall layer at all.
pub fn floor(engine: &Engine, wasm: &[u8]) -> Guest<()> {
    let mut linker = Linker::new(engine);
    macro_rules! no_ops {
        ($( $name:ident ($family:ident) [$($p:ident : $t:ident),*] -> $ret:ident; )*) => {
            $( no_op!(linker, $name [$($p : $t),*] -> $ret); )*
        };
    }
    macro_rules! no_op {
        ($linker:ident, $name:ident [$($p:ident : $t:ident),*] -> errno) => {
            $linker
                .func_wrap(
                    wasi_abi::MODULE,
                    stringify!($name),
                    |_: Caller<'_, ()>, $($p: $t),*| -> Result<i32, wasmi::Error> {
                        let _ = ($($p,)*);
                        Ok(0)
                    },
                )
                .expect("no-op import");
        };
        ($linker:ident, $name:ident [$($p:ident : $t:ident),*] -> never) => {};
    }
    wasi_abi::for_each_function!(no_ops);
    ready(engine, wasm, &linker, ())
}
