//! Per-syscall benchmarks: each operation of `wasi_benches::OPS` on wasmi with this project's
//! layer, on wasmi with `wasmi_wasi`, and as the native host call, plus a whole hello-world
//! run. `cargo bench -p wasi-benches`, then `cargo run -p wasi-benches --bin bench-table`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::{Read, Write};
// random_get has no native row: std has no getrandom API, and opening /dev/urandom per
// call would not be the same work.
use wasi_benches::{ARGS, ENV, OPS, Op, bench_dir, dir_name, module};
use wasmi::{Engine, Linker, Module, Store, TypedFunc};

/// A ready instance: its store and `run` function, kept alive for the whole group.
struct Guest<T: 'static> {
    store: Store<T>,
    run: TypedFunc<i32, ()>,
}

fn ours(engine: &Engine, wasm: &[u8]) -> Guest<wasi_wasmi::WasiState> {
    let mut builder = wasi_impl::WasiCtx::builder()
        .args(ARGS)
        .preopen_dir("/dev", "/dev")
        .preopen_dir(bench_dir(), "/bench");
    for (k, v) in ENV {
        builder = builder.env(k, v);
    }
    let ctx = builder.build().expect("ctx");
    let module = Module::new(engine, wasm).expect("module");
    let mut store = Store::new(engine, wasi_wasmi::WasiState::new(ctx));
    let mut linker = Linker::new(engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut wasi_wasmi::WasiState| s).expect("link");
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

fn theirs(engine: &Engine, wasm: &[u8]) -> Guest<wasmi_wasi::WasiCtx> {
    use wasmi_wasi::{Dir, ambient_authority};
    let mut b = wasmi_wasi::WasiCtxBuilder::new();
    let args: Vec<String> = ARGS.iter().map(|s| s.to_string()).collect();
    b.args(&args).expect("args");
    for (k, v) in ENV {
        b.env(k, v).expect("env");
    }
    b.preopened_dir(
        Dir::open_ambient_dir("/dev", ambient_authority()).expect("dev"),
        "/dev",
    )
    .expect("dev");
    b.preopened_dir(
        Dir::open_ambient_dir(bench_dir(), ambient_authority()).expect("dir"),
        "/bench",
    )
    .expect("dir");
    let ctx = b.build();
    let module = Module::new(engine, wasm).expect("module");
    let mut store = Store::new(engine, ctx);
    let mut linker = Linker::new(engine);
    wasmi_wasi::add_to_linker(&mut linker, |c| c).expect("link");
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

/// The native host call(s) of `op`, `turns` times; `None` where there is no native equivalent.
fn native(op: &Op) -> Option<Box<dyn FnMut(u32)>> {
    let dir = bench_dir();
    let mut null = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .ok()?;
    let mut zero = std::fs::File::open("/dev/zero").ok()?;
    let mut buf = vec![0u8; 65536];
    let file = std::fs::File::open(dir.join("f")).ok()?;
    let f: Box<dyn FnMut(u32)> = match op.name {
        n if n.starts_with("sched_yield") => {
            Box::new(|t| (0..t).for_each(|_| std::thread::yield_now()))
        }
        n if n.starts_with("fd_write ") => {
            Box::new(move |t| (0..t).for_each(|_| drop(black_box(null.write(&[1u8; 16])))))
        }
        n if n.starts_with("fd_read ") => {
            Box::new(move |t| (0..t).for_each(|_| drop(black_box(zero.read(&mut buf)))))
        }
        n if n.starts_with("clock_time_get") => Box::new(|t| {
            (0..t).for_each(|_| {
                let _ = black_box(std::time::Instant::now());
            })
        }),
        n if n.starts_with("path_filestat_get") => {
            let p = dir.join("f");
            Box::new(move |t| (0..t).for_each(|_| drop(black_box(std::fs::symlink_metadata(&p)))))
        }
        n if n.starts_with("path_open") => {
            let p = dir.join("f");
            Box::new(move |t| (0..t).for_each(|_| drop(black_box(std::fs::File::open(&p)))))
        }
        n if n.starts_with("fd_readdir") => {
            let p = dir.join("d");
            Box::new(move |t| {
                (0..t).for_each(|_| drop(black_box(std::fs::read_dir(&p).map(|d| d.count()))))
            })
        }
        n if n.starts_with("fd_seek") => {
            use std::io::Seek;
            let mut file = file;
            Box::new(move |t| {
                (0..t).for_each(|_| {
                    let _ = black_box(file.seek(std::io::SeekFrom::Start(0)));
                    let _ = black_box(file.stream_position());
                })
            })
        }
        n if n.starts_with("copy") => Box::new(move |t| {
            (0..t).for_each(|_| {
                let n = zero.read(&mut buf).unwrap_or(0);
                let _ = black_box(null.write(&buf[..n]));
            })
        }),
        _ => return None,
    };
    Some(f)
}

fn syscalls(c: &mut Criterion) {
    let engine = Engine::default();
    for op in OPS {
        let wasm = wat::parse_str(module(op)).expect("wat");
        let mut group = c.benchmark_group(dir_name(op.name));
        let mut a = ours(&engine, &wasm);
        group.bench_function("ours", |b| {
            b.iter(|| a.run.call(&mut a.store, op.turns as i32).expect("run"))
        });
        let mut w = theirs(&engine, &wasm);
        group.bench_function("wasmi_wasi", |b| {
            b.iter(|| w.run.call(&mut w.store, op.turns as i32).expect("run"))
        });
        if let Some(mut f) = native(op) {
            group.bench_function("native", |b| b.iter(|| f(op.turns)));
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2));
    targets = syscalls
}
criterion_main!(benches);
