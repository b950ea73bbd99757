//! Helpers shared by the wasi-impl integration tests.
#![allow(dead_code, reason = "each test file uses a different subset")]

use wasi_impl::{Errno, Error, Input, Output, OutputBuffer, Trap, WasiCtx};

/// A 64 KiB guest memory.
pub fn memory() -> Vec<u8> {
    vec![0u8; 65536]
}

/// The errno a call answered (SUCCESS for Ok); panics on exit or trap.
pub fn errno(r: wasi_impl::Result) -> Errno {
    match r {
        Ok(()) => Errno::SUCCESS,
        Err(Error::Errno(e)) => e,
        Err(other) => panic!("expected an errno, got {other:?}"),
    }
}

/// The trap a call raised; panics on success, an errno or an exit.
pub fn trap(r: wasi_impl::Result) -> Trap {
    match r {
        Err(Error::Trap(t)) => t,
        other => panic!("expected a trap, got {other:?}"),
    }
}

/// A context with captured stdout/stderr and the given stdin bytes.
pub fn captured(stdin: &[u8]) -> (WasiCtx, OutputBuffer, OutputBuffer) {
    let out = OutputBuffer::new();
    let err = OutputBuffer::new();
    let ctx = WasiCtx::builder()
        .stdin(Input::Bytes(stdin.to_vec()))
        .stdout(Output::Capture(out.clone()))
        .stderr(Output::Capture(err.clone()))
        .build()
        .expect("build");
    (ctx, out, err)
}

pub fn u32_at(mem: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(mem[at..at + 4].try_into().unwrap())
}

pub fn u64_at(mem: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(mem[at..at + 8].try_into().unwrap())
}

pub fn put_u32(mem: &mut [u8], at: usize, v: u32) {
    mem[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// A fresh empty directory under the system temp dir.
pub fn scratch_dir(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "wasi-impl-test-{}-{}-{}",
        std::process::id(),
        tag,
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
