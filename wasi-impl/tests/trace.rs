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

/// A context with fd 3 preopening a fresh directory as `/sandbox`, traced to a sink.
fn traced_preopen(format: TraceFormat) -> (WasiCtx, Sink, std::path::PathBuf) {
    let sink = Sink::default();
    let dir = scratch_dir("trace-preopen");
    let ctx = WasiCtx::builder()
        .preopen_dir(&dir, "/sandbox")
        .stdout(Output::Null)
        .trace(Tracer::new(sink.clone(), format))
        .build()
        .unwrap();
    (ctx, sink, dir)
}

/// `n` bytes of `a`, the shown prefix of a long guest string.
fn a_times(n: usize) -> String {
    "a".repeat(n)
}

#[test]
fn a_huge_path_is_shown_as_a_bounded_prefix_and_its_length() {
    assert_eq!(wasi_impl::trace::MAX_SHOWN_BYTES, 256);
    let (mut ctx, sink, dir) = traced_preopen(TraceFormat::Text);
    // 16 MiB of guest memory, all of it the path.
    let mut mem = vec![b'a'; 16 << 20];
    let len = 16u32 << 20;
    let e = call!(
        ctx,
        mem,
        path_open(3u32, 0u32, 0u32, len, 0u32, 0u64, 0u64, 0u32, 0u32)
    );
    assert_eq!(e, Errno::NAMETOOLONG);
    let text = sink.text();
    assert!(text.len() < 2048, "the line is {} bytes", text.len());
    assert_eq!(
        text,
        format!(
            "path_open(fd=3, dirflags=0, path=\"{}\"... (16777216 bytes), oflags=0, \
             fs_rights_base=0, fs_rights_inheriting=0, fdflags=0) = ENAMETOOLONG\n",
            a_times(256)
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_huge_path_in_json_is_an_object_with_the_prefix_and_the_length() {
    let (mut ctx, sink, dir) = traced_preopen(TraceFormat::Json);
    // Bytes that escape to 6 characters each: still at most 256 of them are escaped.
    let mut mem = vec![0x01u8; 16 << 20];
    let len = 16u32 << 20;
    let e = call!(
        ctx,
        mem,
        path_open(3u32, 0u32, 0u32, len, 0u32, 0u64, 0u64, 0u32, 0u32)
    );
    assert_eq!(e, Errno::NAMETOOLONG);
    assert_eq!(
        sink.text(),
        format!(
            "{{\"call\":\"path_open\",\"family\":\"path\",\"args\":{{\"fd\":3,\"dirflags\":[],\
             \"path\":{{\"prefix\":\"{}\",\"bytes\":16777216}},\"oflags\":[],\
             \"fs_rights_base\":[],\"fs_rights_inheriting\":[],\"fdflags\":[]}},\
             \"errno\":\"ENAMETOOLONG\"}}\n",
            "\\u0001".repeat(256)
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_string_of_exactly_the_cap_is_shown_whole() {
    let (mut ctx, sink, dir) = traced_preopen(TraceFormat::Text);
    let mut mem = b"a/".repeat(2048);
    assert_eq!(
        call!(ctx, mem, path_unlink_file(3u32, 0u32, 256u32)),
        Errno::NOENT
    );
    assert_eq!(
        call!(ctx, mem, path_unlink_file(3u32, 0u32, 257u32)),
        Errno::NOENT
    );
    assert_eq!(
        sink.text(),
        format!(
            "path_unlink_file(fd=3, path=\"{0}\") = ENOENT\n\
             path_unlink_file(fd=3, path=\"{0}\"... (257 bytes)) = ENOENT\n",
            "a/".repeat(128)
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prestat_dir_name_shows_only_the_name_written() {
    for (format, want) in [
        (
            TraceFormat::Text,
            "fd_prestat_dir_name(fd=3, path=0x100, path_len=4096) = SUCCESS, path=\"/sandbox\"\n",
        ),
        (
            TraceFormat::Json,
            "{\"call\":\"fd_prestat_dir_name\",\"family\":\"fd\",\"args\":{\"fd\":3,\
             \"path\":256,\"path_len\":4096},\"errno\":\"SUCCESS\",\"out\":{\"path\":\"/sandbox\"}}\n",
        ),
    ] {
        let (mut ctx, sink, dir) = traced_preopen(format);
        let mut mem = memory();
        mem[256..256 + 4096].fill(b'x');
        let e = call!(ctx, mem, fd_prestat_dir_name(3u32, 256u32, 4096u32));
        assert_eq!(e, Errno::SUCCESS);
        assert_eq!(&mem[256..266], b"/sandboxxx");
        assert_eq!(sink.text(), want);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn long_arguments_and_readlink_targets_are_cut_too() {
    let sink = Sink::default();
    let dir = scratch_dir("trace-long");
    let target = "t".repeat(300);
    std::os::unix::fs::symlink(&target, dir.join("l")).unwrap();
    let long_arg = "b".repeat(1000);
    let mut ctx = WasiCtx::builder()
        .args(["prog", long_arg.as_str()])
        .env("K", "v".repeat(300))
        .preopen_dir(&dir, "/")
        .stdout(Output::Null)
        .trace(Tracer::new(sink.clone(), TraceFormat::Text))
        .build()
        .unwrap();
    let mut mem = memory();
    assert_eq!(call!(ctx, mem, args_get(16u32, 64u32)), Errno::SUCCESS);
    assert_eq!(call!(ctx, mem, environ_get(16u32, 2048u32)), Errno::SUCCESS);
    mem[8192] = b'l';
    let e = call!(
        ctx,
        mem,
        path_readlink(3u32, 8192u32, 1u32, 9000u32, 4096u32, 0u32)
    );
    assert_eq!(e, Errno::SUCCESS);
    assert_eq!(u32_at(&mem, 0), 300);
    assert_eq!(
        sink.text(),
        format!(
            "args_get(argv=0x10, argv_buf=0x40) = SUCCESS, argv=[\"prog\", \"{}\"... (1000 bytes)]\n\
             environ_get(environ=0x10, environ_buf=0x800) = SUCCESS, environ=[\"K={}\"... (302 bytes)]\n\
             path_readlink(fd=3, path=\"l\", buf=0x2328, buf_len=4096) = SUCCESS, bufused=300, \
             target=\"{}\"... (300 bytes)\n",
            "b".repeat(256),
            "v".repeat(254),
            "t".repeat(256),
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_escapes_del_and_c1_controls() {
    let (mut ctx, sink, dir) = traced_preopen(TraceFormat::Json);
    let mut mem = memory();
    let path = "a\u{7f}\u{80}\u{9f}\u{a0}z".as_bytes();
    mem[1024..1024 + path.len()].copy_from_slice(path);
    let len = path.len() as u32;
    assert_eq!(len, 9);
    assert_eq!(
        call!(ctx, mem, path_unlink_file(3u32, 1024u32, len)),
        Errno::NOENT
    );
    assert_eq!(
        sink.text(),
        "{\"call\":\"path_unlink_file\",\"family\":\"path\",\"args\":{\"fd\":3,\
         \"path\":\"a\\u007f\\u0080\\u009f\u{a0}z\"},\"errno\":\"ENOENT\"}\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
