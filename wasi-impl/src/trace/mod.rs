//! The syscall trace: one line per call, strace-style, with decoded arguments and results.
//!
//! ```text
//! path_open(fd=3, dirflags=SYMLINK_FOLLOW, path="out.txt", oflags=CREAT|TRUNC, fs_rights_base=FD_READ|FD_WRITE, fs_rights_inheriting=0, fdflags=0) = SUCCESS, fd=4
//! fd_write(fd=4, iovs=[5, 7]) = SUCCESS, nwritten=12
//! fd_read(fd=9, iovs=[64]) = EBADF
//! ```
//!
//! Each line is the function's name; its arguments decoded (flags by name, enums by short
//! name, path strings, iovec lengths, poll subscriptions; pointers in hex; out-pointers left
//! out); then `=` and the errno's name followed by the values the call wrote through its
//! out-pointers (and the strings, dirents or events it filled in), or `trap: MESSAGE`, or
//! `exit(CODE)`. [`TraceFormat::Json`] gives the same as one JSON object per line. A string
//! longer than [`MAX_SHOWN_BYTES`] is shown as its prefix and its length, so a line stays
//! short whatever lengths the guest passes.
//!
//! An engine adapter routes every call through [`WasiCtx::traced`]; with no [`Tracer`] that
//! is one branch per call. Tracing never changes what a call does or answers: a failed write
//! to the trace sink is ignored.

mod decode;
mod value;
mod wasix;

use crate::{Error, Result, WasiCtx};
use std::io::Write;
use value::{Value, join, json_object, json_string, text_field};
use wasi_abi::{Family, GuestMemory};

/// The most bytes of one guest string or buffer a trace line shows (paths, names, link
/// targets, argument and environment strings). A longer one is shown as its first
/// `MAX_SHOWN_BYTES` bytes and its full length: `"abc..."... (67108864 bytes)` in text,
/// `{"prefix":"abc...","bytes":67108864}` in JSON. Only that prefix is copied out of guest
/// memory and escaped, so a line stays short whatever length the guest passes.
pub const MAX_SHOWN_BYTES: usize = 256;

/// How trace lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceFormat {
    /// `name(arg=value, ...) = ERRNO, out=value, ...`
    Text,
    /// `{"call": ..., "family": ..., "args": {...}, "errno": ..., "out": {...}}`
    Json,
}

/// Where and how a context traces its calls; see the module docs.
pub struct Tracer {
    sink: Box<dyn Write + Send>,
    format: TraceFormat,
    families: [bool; 8],
}

impl std::fmt::Debug for Tracer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracer")
            .field("format", &self.format)
            .field("families", &self.families)
            .finish_non_exhaustive()
    }
}

/// Every family, in the order of the table.
const FAMILIES: [Family; 8] = [
    Family::Args,
    Family::Clock,
    Family::Fd,
    Family::Path,
    Family::Poll,
    Family::Proc,
    Family::Random,
    Family::Sock,
];

/// The family's name on the command line and in JSON: `args`, `clock`, `fd`, ...
pub fn family_name(family: Family) -> &'static str {
    match family {
        Family::Args => "args",
        Family::Clock => "clock",
        Family::Fd => "fd",
        Family::Path => "path",
        Family::Poll => "poll",
        Family::Proc => "proc",
        Family::Random => "random",
        Family::Sock => "sock",
    }
}

fn family_index(family: Family) -> usize {
    FAMILIES.iter().position(|f| *f == family).unwrap_or(0)
}

impl Tracer {
    /// Traces every call to `sink` (each line is written whole, then a newline).
    pub fn new(sink: impl Write + Send + 'static, format: TraceFormat) -> Tracer {
        Tracer {
            sink: Box::new(sink),
            format,
            families: [true; 8],
        }
    }

    /// Traces only the calls of these families.
    pub fn only(mut self, families: &[Family]) -> Tracer {
        self.families = [false; 8];
        for family in families {
            if let Some(slot) = self.families.get_mut(family_index(*family)) {
                *slot = true;
            }
        }
        self
    }

    /// Parses a comma-separated family list as `--trace=` takes it: `all` or any of `args`,
    /// `clock`, `fd`, `path`, `poll`, `proc`, `random`, `sock`.
    pub fn parse_families(spec: &str) -> core::result::Result<Vec<Family>, String> {
        let mut out = Vec::new();
        for word in spec.split(',') {
            if word == "all" {
                return Ok(FAMILIES.to_vec());
            }
            match FAMILIES.iter().find(|f| family_name(**f) == word) {
                Some(family) => out.push(*family),
                None => {
                    return Err(format!(
                        "unknown trace family `{word}` (all, args, clock, fd, path, poll, proc, random, sock)"
                    ));
                }
            }
        }
        Ok(out)
    }

    fn traces(&self, family: Family) -> bool {
        self.families
            .get(family_index(family))
            .copied()
            .unwrap_or(false)
    }

    fn emit(&mut self, line: &str) {
        let _ = self.sink.write_all(line.as_bytes());
        let _ = self.sink.write_all(b"\n");
    }
}

/// One finished call, ready to render.
struct Line<'a> {
    name: &'static str,
    family: Family,
    args: &'a [(&'static str, Value)],
    result: &'a Result,
    outs: &'a [(&'static str, Value)],
    /// The network policy's decisions during the call.
    policy: &'a [String],
}

impl Line<'_> {
    fn text(&self) -> String {
        let mut out = String::with_capacity(128);
        out.push_str(self.name);
        join(&mut out, "(", ", ", ") = ", self.args, text_field);
        match self.result {
            Ok(()) => out.push_str("SUCCESS"),
            Err(Error::Errno(errno)) => out.push_str(errno.name()),
            Err(Error::Exit(code)) => out.push_str(&format!("exit({code})")),
            Err(Error::Trap(trap)) => out.push_str(&format!("trap: {trap}")),
        }
        for field in self.outs {
            out.push_str(", ");
            text_field(&mut out, field);
        }
        for decision in self.policy {
            out.push_str(" [");
            out.push_str(decision);
            out.push(']');
        }
        out
    }

    fn json(&self) -> String {
        let mut out = String::with_capacity(160);
        out.push_str("{\"call\":");
        json_string(&mut out, self.name);
        out.push_str(",\"family\":");
        json_string(&mut out, family_name(self.family));
        out.push_str(",\"args\":");
        json_object(&mut out, self.args);
        match self.result {
            Ok(()) => out.push_str(",\"errno\":\"SUCCESS\""),
            Err(Error::Errno(errno)) => {
                out.push_str(",\"errno\":");
                json_string(&mut out, errno.name());
            }
            Err(Error::Exit(code)) => out.push_str(&format!(",\"exit\":{code}")),
            Err(Error::Trap(trap)) => {
                out.push_str(",\"trap\":");
                json_string(&mut out, &trap.to_string());
            }
        }
        if !self.outs.is_empty() {
            out.push_str(",\"out\":");
            json_object(&mut out, self.outs);
        }
        if !self.policy.is_empty() {
            out.push_str(",\"policy\":[");
            for (i, decision) in self.policy.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(&mut out, decision);
            }
            out.push(']');
        }
        out.push('}');
        out
    }
}

impl WasiCtx {
    /// Runs `call` (the syscall `name` with raw arguments `raw`: `i32` as `u32`, `i64` as
    /// `u64`, in spec order) and, if a [`Tracer`] traces its family, writes its trace line.
    /// Engine adapters route every call through here; without a tracer it is one branch.
    #[inline]
    pub fn traced(
        &mut self,
        mem: &mut GuestMemory<'_>,
        name: &'static str,
        raw: &[u64],
        call: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result,
    ) -> Result {
        if self.tracer.is_none() {
            return call(self, mem);
        }
        self.traced_slow(mem, name, raw, call)
    }

    #[cold]
    #[inline(never)]
    fn traced_slow(
        &mut self,
        mem: &mut GuestMemory<'_>,
        name: &'static str,
        raw: &[u64],
        call: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> Result,
    ) -> Result {
        let known = wasi_abi::functions::function(name).or_else(|| wasi_abi::wasix::function(name));
        let function = match known {
            Some(f) if self.tracer.as_ref().is_some_and(|t| t.traces(f.family)) => f,
            _ => {
                let result = call(self, mem);
                self.net_notes.take();
                return result;
            }
        };
        let args = decode::arguments(function, raw, mem);
        let result = call(self, mem);
        let mut outs = Vec::new();
        if result.is_ok() {
            outs = decode::results(function, raw, mem);
            match name {
                "args_get" => outs.push(("argv", self.args.shown())),
                "environ_get" => outs.push(("environ", self.env.shown())),
                // Only the name's bytes: the rest of the guest's buffer was not written.
                "fd_prestat_dir_name" => {
                    let fd = decode::param(function, raw, "fd").map_or(u32::MAX, decode::u32_of);
                    let ptr = decode::param(function, raw, "path").unwrap_or(0);
                    if let Ok(name) = self.preopen_name(fd) {
                        let len = u64::try_from(name.len()).unwrap_or(u64::MAX);
                        outs.push(("path", decode::string(mem, ptr, len)));
                    }
                }
                _ => {}
            }
        }
        let policy = self.net_notes.take();
        let line = Line {
            name,
            family: function.family,
            args: &args,
            result: &result,
            outs: &outs,
            policy: &policy,
        };
        if let Some(tracer) = self.tracer.as_mut() {
            let text = match tracer.format {
                TraceFormat::Text => line.text(),
                TraceFormat::Json => line.json(),
            };
            tracer.emit(&text);
        }
        result
    }
}

impl crate::args::StringList {
    /// The strings as a trace value.
    fn shown(&self) -> Value {
        Value::List(self.items().map(Value::str).collect())
    }
}
