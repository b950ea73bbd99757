//! Per-syscall benchmarks: each operation of `wasi_benches::OPS` on wasmi with this project's
//! layer (`ours`), on wasmi with `wasmi_wasi`, as the native host call (`native`), and as this
//! project's layer called directly on a memory buffer with no engine (`layer`), which splits
//! the layer's cost from the engine's; plus whole hello-world commands.
//! `cargo bench -p wasi-benches`, then `cargo run -p wasi-benches --bin bench-table`.

#[path = "../shared/hello.rs"]
mod hello;

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
    let builder = wasi_impl::WasiCtx::builder()
        .preopen_dir("/dev", "/dev")
        .preopen_dir(bench_dir(), "/bench");
    ours_with(engine, wasm, builder)
}

/// The rows an in-memory filesystem can run as the host does (`/dev/zero` has no in-memory
/// equivalent, so the read and copy rows are left out).
fn has_memory_row(op: &Op) -> bool {
    [
        "fd_write ",
        "path_filestat_get",
        "path_open",
        "fd_readdir",
        "fd_seek",
    ]
    .iter()
    .any(|p| op.name.starts_with(p))
}

/// [`ours`] with both preopens in memory: `/dev` holds an empty regular file `null` (and
/// `zero`), `/bench` a copy of the benchmark directory.
fn ours_mem(engine: &Engine, wasm: &[u8]) -> Guest<wasi_wasmi::WasiState> {
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

/// This project's layer without an engine: a context and a 3-page memory laid out as
/// [`module`] lays out the guest's, set up by the same `path_open` calls.
struct Layer {
    ctx: wasi_impl::WasiCtx,
    memory: Vec<u8>,
    fds: [u32; 4],
}

fn layer_setup() -> Layer {
    let mut builder = wasi_impl::WasiCtx::builder()
        .args(ARGS)
        .preopen_dir("/dev", "/dev")
        .preopen_dir(bench_dir(), "/bench");
    for (k, v) in ENV {
        builder = builder.env(k, v);
    }
    let mut ctx = builder.build().expect("ctx");
    let mut memory = vec![0u8; 3 * 65536];
    for (at, bytes) in [
        (0, &b"\x00\x04\x00\x00\x10\x00\x00\x00"[..]),
        (16, &b"\x00\x00\x01\x00\x00\x00\x01\x00"[..]),
        (100, b"null"),
        (110, b"zero"),
        (120, b"f"),
        (130, b"d"),
    ] {
        memory[at..at + bytes.len()].copy_from_slice(bytes);
    }
    let mut fds = [0u32; 4];
    let mut mem = wasi_abi::GuestMemory::new(&mut memory);
    for (slot, (dirfd, path, len, oflags, rights)) in fds.iter_mut().zip([
        (3, 100, 4, 0, 0x8004066),
        (3, 110, 4, 0, 0x8004066),
        (4, 120, 1, 0, 0x8004066),
        (4, 130, 1, 2, 0x4000),
    ]) {
        ctx.path_open(&mut mem, dirfd, 0, path, len, oflags, rights, 0, 0, 72)
            .expect("setup open");
        *slot = mem.read::<u32>(72).expect("fd");
    }
    memory[264] = 2;
    memory[272..276].copy_from_slice(&fds[0].to_le_bytes());
    Layer { ctx, memory, fds }
}

/// One turn of `op` called straight on the layer, as the guest's loop body calls it.
/// Keeps a call's result alive for the optimiser.
fn keep(result: wasi_impl::Result) {
    let _ = black_box(result);
}

fn layer_turn(
    op: &Op,
) -> Option<fn(&mut wasi_impl::WasiCtx, &mut wasi_abi::GuestMemory<'_>, [u32; 4])> {
    type Turn = fn(&mut wasi_impl::WasiCtx, &mut wasi_abi::GuestMemory<'_>, [u32; 4]);
    let turn: Turn = match op.name {
        n if n.starts_with("sched_yield") => |c, m, _| keep(c.sched_yield(m)),
        n if n.starts_with("fd_write ") => |c, m, f| keep(c.fd_write(m, f[0], 0, 1, 8)),
        n if n.starts_with("fd_read ") => |c, m, f| keep(c.fd_read(m, f[1], 16, 1, 8)),
        n if n.starts_with("clock_time_get") => |c, m, _| keep(c.clock_time_get(m, 1, 0, 64)),
        n if n.starts_with("random_get") => |c, m, _| keep(c.random_get(m, 1024, 32)),
        n if n.starts_with("args_get") => |c, m, _| {
            keep(c.args_get(m, 2048, 3072));
            keep(c.environ_get(m, 2048, 3072));
        },
        n if n.starts_with("path_filestat_get") => {
            |c, m, _| keep(c.path_filestat_get(m, 4, 0, 120, 1, 512))
        }
        n if n.starts_with("path_open") => |c, m, _| {
            keep(c.path_open(m, 4, 0, 120, 1, 0, 2, 0, 0, 72));
            let fd = m.read::<u32>(72).unwrap_or(u32::MAX);
            keep(c.fd_close(m, fd));
        },
        n if n.starts_with("fd_readdir") => {
            |c, m, f| keep(c.fd_readdir(m, f[3], 65536, 65536, 0, 80))
        }
        n if n.starts_with("fd_seek") => |c, m, f| {
            keep(c.fd_seek(m, f[2], 0, 0, 64));
            keep(c.fd_tell(m, f[2], 64));
        },
        n if n.starts_with("poll_oneoff") => |c, m, _| keep(c.poll_oneoff(m, 256, 320, 1, 88)),
        n if n.starts_with("copy") => |c, m, f| {
            keep(c.fd_read(m, f[1], 16, 1, 8));
            keep(c.fd_write(m, f[0], 16, 1, 8));
        },
        _ => return None,
    };
    Some(turn)
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
        if has_memory_row(op) {
            let mut m = ours_mem(&engine, &wasm);
            // The in-memory `null` is a regular file: rewind it so that it stays small.
            let null = 5;
            group.bench_function("ours_mem", |b| {
                b.iter(|| {
                    m.run.call(&mut m.store, op.turns as i32).expect("run");
                    let mut out = [0u8; 8];
                    let mut mem = wasi_abi::GuestMemory::new(&mut out);
                    let ctx = &mut m.store.data_mut().ctx;
                    let _ = black_box(ctx.fd_seek(&mut mem, null, 0, 0, 0));
                    let _ = black_box(ctx.fd_filestat_set_size(&mut mem, null, 0));
                })
            });
        }
        let mut w = theirs(&engine, &wasm);
        group.bench_function("wasmi_wasi", |b| {
            b.iter(|| w.run.call(&mut w.store, op.turns as i32).expect("run"))
        });
        if let Some(mut f) = native(op) {
            group.bench_function("native", |b| b.iter(|| f(op.turns)));
        }
        if let Some(turn) = layer_turn(op) {
            let mut layer = layer_setup();
            group.bench_function("layer", |b| {
                b.iter(|| {
                    let mut mem = wasi_abi::GuestMemory::new(&mut layer.memory);
                    for _ in 0..op.turns {
                        turn(&mut layer.ctx, &mut mem, layer.fds);
                    }
                })
            });
        }
        group.finish();
    }
}

/// Whole hello-world commands: compile, instantiate and run, on both layers.
fn hello_world(c: &mut Criterion) {
    let engine = Engine::default();
    for (name, wasm) in hello::guests() {
        let mut group = c.benchmark_group(dir_name(&format!("hello-world {name}")));
        group.bench_function("ours", |b| b.iter(|| hello::ours(&engine, &wasm)));
        group.bench_function("wasmi_wasi", |b| b.iter(|| hello::theirs(&engine, &wasm)));
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2));
    targets = syscalls, hello_world
}
criterion_main!(benches);
