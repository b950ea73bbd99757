//! Per-syscall benchmarks: each operation of `wasi_benches::OPS` on wasmi with this project's
//! layer (`ours`, and `ours_mem` over in-memory preopens), the same guest with imports that
//! return at once (`floor`, the engine's cost of the calls), on wasmi with `wasmi_wasi`, as the
//! native host call (`native`), and as this project's layer called directly on a memory
//! buffer with no engine (`layer`); plus whole hello-world commands.
//! `cargo bench -p wasi-benches`, then `cargo run -p wasi-benches --bin bench-table`.

#[path = "../shared/hello.rs"]
mod hello;

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use wasi_benches::guests::{self, Guest, floor, has_memory_row, ours, ours_mem, rewind_null};
use wasi_benches::native::native;
use wasi_benches::{ARGS, ENV, OPS, Op, bench_dir, dir_name, module};
use wasmi::{Engine, Linker};

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
    let mut linker = Linker::new(engine);
    wasmi_wasi::add_to_linker(&mut linker, |c| c).expect("link");
    guests::ready(engine, wasm, &linker, b.build())
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
        n if n.starts_with("fd_fdstat_get") => |c, m, f| keep(c.fd_fdstat_get(m, f[2], 600)),
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
        group.bench_function("ours", |b| b.iter(|| a.turns(op.turns)));
        let mut f = floor(&engine, &wasm);
        group.bench_function("floor", |b| b.iter(|| f.turns(op.turns)));
        if has_memory_row(op) {
            let mut m = ours_mem(&engine, &wasm);
            group.bench_function("ours_mem", |b| {
                b.iter(|| {
                    m.turns(op.turns);
                    rewind_null(&mut m);
                })
            });
        }
        let mut w = theirs(&engine, &wasm);
        group.bench_function("wasmi_wasi", |b| b.iter(|| w.turns(op.turns)));
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
