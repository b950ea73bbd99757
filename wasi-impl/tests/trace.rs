//! The trace as a context writes it: exact text and JSON lines for calls routed through
//! `WasiCtx::traced`, the family filter, and that tracing changes no answer.

mod common;
use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};
use wasi_abi::Family;
use wasi_impl::{Errno, GuestMemory, Output, TraceFormat, Tracer, WasiCtx};

/// A sink the test can read back.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A context with args `prog "a b"`, env `K=V` and `EMPTY=`, traced to a sink.
fn traced(tracer: impl FnOnce(Sink) -> Tracer) -> (WasiCtx, Sink) {
    let sink = Sink::default();
    let ctx = WasiCtx::builder()
        .args(["prog", "a b"])
        .env("K", "V")
        .env("EMPTY", "")
        .stdout(Output::Null)
        .trace(tracer(sink.clone()))
        .build()
        .unwrap();
    (ctx, sink)
}

/// Calls the function `name` through `WasiCtx::traced` with raw arguments `raw`.
macro_rules! call {
    ($ctx:ident, $mem:ident, $name:ident ( $($a:expr),* )) => {{
        let raw = [$(u64::from($a)),*];
        errno($ctx.traced(&mut GuestMemory::new(&mut $mem), stringify!($name), &raw, |c, m| {
            c.$name(m, $($a),*)
        }))
    }};
}

#[test]
fn text_lines_show_arguments_answers_and_what_was_written() {
    let (mut ctx, sink) = traced(|s| Tracer::new(s, TraceFormat::Text));
    let mut mem = memory();
    assert_eq!(call!(ctx, mem, args_sizes_get(0u32, 4u32)), Errno::SUCCESS);
    assert_eq!(call!(ctx, mem, args_get(16u32, 64u32)), Errno::SUCCESS);
    assert_eq!(
        call!(ctx, mem, environ_sizes_get(0u32, 4u32)),
        Errno::SUCCESS
    );
    assert_eq!(call!(ctx, mem, environ_get(16u32, 64u32)), Errno::SUCCESS);
    assert_eq!(call!(ctx, mem, fd_close(9u32)), Errno::BADF);
    assert_eq!(
        sink.text(),
        "args_sizes_get() = SUCCESS, argc=2, argv_buf_size=9\n\
         args_get(argv=0x10, argv_buf=0x40) = SUCCESS, argv=[\"prog\", \"a b\"]\n\
         environ_sizes_get() = SUCCESS, environc=2, environ_buf_size=11\n\
         environ_get(environ=0x10, environ_buf=0x40) = SUCCESS, environ=[\"K=V\", \"EMPTY=\"]\n\
         fd_close(fd=9) = EBADF\n"
    );
    // What the guest got is the same as untraced.
    assert_eq!(&mem[64..74], b"K=V\0EMPTY=");
}

#[test]
fn json_lines_carry_the_same() {
    let (mut ctx, sink) = traced(|s| Tracer::new(s, TraceFormat::Json));
    let mut mem = memory();
    assert_eq!(call!(ctx, mem, args_get(16u32, 64u32)), Errno::SUCCESS);
    assert_eq!(call!(ctx, mem, fd_close(9u32)), Errno::BADF);
    assert_eq!(
        sink.text(),
        "{\"call\":\"args_get\",\"family\":\"args\",\"args\":{\"argv\":16,\"argv_buf\":64},\
         \"errno\":\"SUCCESS\",\"out\":{\"argv\":[\"prog\",\"a b\"]}}\n\
         {\"call\":\"fd_close\",\"family\":\"fd\",\"args\":{\"fd\":9},\"errno\":\"EBADF\"}\n"
    );
}

#[test]
fn only_the_chosen_families_are_traced() {
    let (mut ctx, sink) = traced(|s| Tracer::new(s, TraceFormat::Text).only(&[Family::Fd]));
    let mut mem = memory();
    assert_eq!(call!(ctx, mem, args_sizes_get(0u32, 4u32)), Errno::SUCCESS);
    assert_eq!(u32_at(&mem, 0), 2, "an untraced call still answers");
    assert_eq!(call!(ctx, mem, fd_close(9u32)), Errno::BADF);
    assert_eq!(sink.text(), "fd_close(fd=9) = EBADF\n");
}
