//! Calls the 46 preview1 functions and the 17 WASIX socket functions, through the wasmi
//! adapter, with arbitrary arguments and arbitrary guest memory, in a scratch preopen, under a
//! network policy that allows binding loopback addresses only. Any host panic is a finding;
//! so is an errno outside 0..=76 or a trap other than a bad pointer or a raised signal.
//! Calls that would wait for a peer forever on a socket the run opened (accept, receive,
//! read) are skipped.
//!
//! Input layout: byte 0 = number of calls (mod 16); then per call 1 byte function index
//! and 9 little-endian u64 arguments (truncated to i32 where the parameter is i32); the rest
//! of the input is copied to the start of guest memory.
//!
//! Run: `cargo +nightly fuzz run call_table` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use wasi_abi::{Function, ValType};
use wasi_impl::net::{NetPolicy, Rule};
use wasi_impl::{Input, Output, WasiCtx};
use wasi_wasmi::WasiState;
use wasmi::{Engine, Linker, Module, Store, Val};

/// Every function the fuzzer calls: (import module, function).
fn table() -> Vec<(&'static str, &'static Function)> {
    let preview1 = wasi_abi::FUNCTIONS.iter().map(|f| (wasi_abi::MODULE, f));
    let wasix = wasi_abi::wasix::FUNCTIONS.iter().map(|f| (wasi_abi::wasix::MODULE, f));
    preview1.chain(wasix).collect()
}

fn module_text() -> String {
    let mut text = String::from("(module\n");
    for (module, f) in table() {
        let params: Vec<&str> = f.params.iter().map(|p| p.ty.name()).collect();
        let params = if params.is_empty() { String::new() } else { format!("(param {})", params.join(" ")) };
        let result = if f.returns_errno { "(result i32)" } else { "" };
        text += &format!(
            "(import \"{module}\" \"{n}\" (func ${n} {params} {result}))\n(export \"{n}\" (func ${n}))\n",
            n = f.name
        );
    }
    text + "(memory (export \"memory\") 1))"
}

fn shared() -> &'static (Engine, Module) {
    static SHARED: OnceLock<(Engine, Module)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let engine = Engine::default();
        let module = Module::new(&engine, module_text()).expect("module");
        (engine, module)
    })
}

static RUN: AtomicU64 = AtomicU64::new(0);

fuzz_target!(|data: &[u8]| {
    let (engine, module) = shared();
    let base = std::env::temp_dir().join(format!("wasi-fuzz-{}", std::process::id()));
    let dir = base.join(RUN.fetch_add(1, Ordering::Relaxed).to_string());
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("f"), b"file").unwrap();
    let _ = std::os::unix::fs::symlink("../..", dir.join("up"));
    let ctx = WasiCtx::builder()
        .arg("fuzz")
        .env("K", "V")
        .preopen_dir(&dir, "/")
        .stdin(Input::Bytes(b"input".to_vec()))
        .stdout(Output::Null)
        .stderr(Output::Null)
        .net_policy(NetPolicy::deny_all().allow(Rule::parse("bind:127.0.0.1").unwrap()))
        .build()
        .unwrap();
    let mut store = Store::new(engine, WasiState::new(ctx));
    let mut linker = Linker::new(engine);
    wasi_wasmi::add_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    wasi_wasmi::add_wasix_to_linker(&mut linker, |s: &mut WasiState| s).unwrap();
    let instance = linker.instantiate_and_start(&mut store, module).unwrap();
    let memory = instance.get_memory(&store, "memory").unwrap();
    store.data_mut().set_memory(memory);

    let calls = usize::from(data.first().copied().unwrap_or(0) % 16);
    let mut rest = data.get(1..).unwrap_or_default();
    let mut plan = Vec::new();
    for _ in 0..calls {
        if rest.len() < 73 {
            break;
        }
        let index = usize::from(rest[0]) % table().len();
        let args: Vec<u64> = (0..9).map(|i| u64::from_le_bytes(rest[1 + 8 * i..9 + 8 * i].try_into().unwrap())).collect();
        plan.push((index, args));
        rest = &rest[73..];
    }
    let mem = memory.data_mut(&mut store);
    let n = rest.len().min(mem.len());
    mem[..n].copy_from_slice(&rest[..n]);

    let table = table();
    let mut opened: Vec<u32> = Vec::new();
    for (index, args) in plan {
        let f = table[index].1;
        let waits = matches!(
            f.name,
            "fd_read" | "sock_recv" | "sock_recv_from" | "sock_accept" | "sock_accept_v2"
        );
        if waits && opened.contains(&(args[0] as u32)) {
            continue;
        }
        if f.name == "poll_oneoff" && args[2] != 0 {
            // A clock subscription may legitimately sleep for centuries; only the argument
            // checks of poll_oneoff are fuzzed (nsubscriptions 0 is EINVAL).
            continue;
        }
        let params: Vec<Val> = f
            .params
            .iter()
            .zip(&args)
            .map(|(p, &a)| match p.ty {
                ValType::I32 => Val::I32(a as i32),
                ValType::I64 => Val::I64(a as i64),
            })
            .collect();
        let mut results = vec![Val::I32(-1); usize::from(f.returns_errno)];
        let func = instance.get_func(&store, f.name).unwrap();
        match func.call(&mut store, &params, &mut results) {
            Ok(()) => {
                let errno = results[0].i32().unwrap();
                assert!((0..=76).contains(&errno), "{} answered {errno}", f.name);
                if f.name == "sock_open" && errno == 0 {
                    let at = args[3] as u32 as usize;
                    let mem = memory.data(&store);
                    opened.push(u32::from_le_bytes(mem[at..at + 4].try_into().unwrap()));
                }
            }
            Err(e) if e.i32_exit_status().is_some() => assert_eq!(f.name, "proc_exit"),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.ends_with("pointer argument out of bounds of linear memory")
                        || msg.ends_with("misaligned pointer argument")
                        || msg.starts_with("proc_raise: the guest raised SIG"),
                    "{}: unexpected trap {msg}",
                    f.name
                );
            }
        }
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
});
