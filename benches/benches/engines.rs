//! The per-syscall rows of `preview1.rs` on wasmtime (`cargo bench -p wasi-benches --features
//! wasmtime --bench engines`): this project's layer through `wasi-wasmtime`, and
//! wasmtime-wasi's own preview1 as the peer, and the engine's floor (the same guest with
//! imports that return at once), each on the Pulley interpreter and on Cranelift.
//! `bench-table` prints them beside the wasmi rows.

use criterion::{Criterion, criterion_group, criterion_main};
use wasi_benches::{ARGS, ENV, OPS, bench_dir, dir_name, module};
use wasmtime::{Config, Engine, Linker, Module, Store, TypedFunc};

/// A ready instance: its store and `run` function.
struct Guest<T: 'static> {
    store: Store<T>,
    run: TypedFunc<i32, ()>,
}

/// Pulley (`pulley64`) or the host's Cranelift.
fn engine(pulley: bool) -> Engine {
    let mut config = Config::new();
    if pulley {
        config.target("pulley64").expect("pulley");
    }
    Engine::new(&config).expect("engine")
}

/// Instantiates `wasm` with `linker`, runs its `setup` and returns its `run`.
fn ready<T: 'static>(engine: &Engine, wasm: &[u8], linker: &Linker<T>, data: T) -> Guest<T> {
    let module = Module::new(engine, wasm).expect("module");
    let mut store = Store::new(engine, data);
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate");
    instance
        .get_typed_func::<(), ()>(&mut store, "setup")
        .expect("setup")
        .call(&mut store, ())
        .expect("setup ran");
    let run = instance.get_typed_func(&mut store, "run").expect("run");
    Guest { store, run }
}

fn ours(engine: &Engine, wasm: &[u8]) -> Guest<wasi_wasmtime::WasiState> {
    let mut builder = wasi_impl::WasiCtx::builder()
        .preopen_dir("/dev", "/dev")
        .preopen_dir(bench_dir(), "/bench")
        .args(ARGS);
    for (k, v) in ENV {
        builder = builder.env(k, v);
    }
    let mut linker = Linker::new(engine);
    wasi_wasmtime::add_to_linker(&mut linker, |s: &mut wasi_wasmtime::WasiState| s).expect("link");
    let state = wasi_wasmtime::WasiState::new(builder.build().expect("ctx"));
    ready(engine, wasm, &linker, state)
}

fn theirs(engine: &Engine, wasm: &[u8]) -> Guest<wasmtime_wasi::p1::WasiP1Ctx> {
    use wasmtime_wasi::FsPerms;
    let mut b = wasmtime_wasi::WasiCtxBuilder::new();
    b.args(ARGS);
    for (k, v) in ENV {
        b.env(k, v);
    }
    b.preopened_dir("/dev", "/dev", FsPerms::ReadWrite)
        .expect("dev");
    b.preopened_dir(bench_dir(), "/bench", FsPerms::ReadWrite)
        .expect("bench");
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |c| c).expect("link");
    ready(engine, wasm, &linker, b.build_p1())
}

/// The engine's floor: the same guest, every preview1 import a host function of the same
/// type that returns 0 at once (see `wasi_benches::guests::floor` for wasmi).
fn floor(engine: &Engine, wasm: &[u8]) -> Guest<()> {
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
                    |_: wasmtime::Caller<'_, ()>, $($p: $t),*| -> wasmtime::Result<i32> {
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

fn syscalls(c: &mut Criterion) {
    for (engine_name, pulley) in [("pulley", true), ("cranelift", false)] {
        let engine = engine(pulley);
        for op in OPS {
            let wasm = wat::parse_str(module(op)).expect("wat");
            let mut group = c.benchmark_group(dir_name(op.name));
            let mut a = ours(&engine, &wasm);
            group.bench_function(format!("ours_{engine_name}"), |b| {
                b.iter(|| a.run.call(&mut a.store, op.turns as i32).expect("run"))
            });
            let mut f = floor(&engine, &wasm);
            group.bench_function(format!("floor_{engine_name}"), |b| {
                b.iter(|| f.run.call(&mut f.store, op.turns as i32).expect("run"))
            });
            let mut w = theirs(&engine, &wasm);
            group.bench_function(format!("wasmtime_wasi_{engine_name}"), |b| {
                b.iter(|| w.run.call(&mut w.store, op.turns as i32).expect("run"))
            });
            group.finish();
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2));
    targets = syscalls
}
criterion_main!(benches);
