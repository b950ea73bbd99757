//! Command-line parsing for `wasi-run`.
//!
//! `wasi-run [OPTIONS] MODULE [--] [ARGS...]`: options come before the module; everything
//! after the module goes to the guest untouched (a `--` right after the module is dropped, so
//! the guest can receive arguments that look like options either way).

use std::ffi::OsString;

/// The usage text printed by `--help`.
pub const USAGE: &str = "\
Usage: wasi-run [OPTIONS] MODULE [--] [ARGS...]

Runs a wasi_snapshot_preview1 module (.wasm binary or .wat text) on the wasmi interpreter
(or, in a build with `--features wasmtime`, on wasmtime's Pulley interpreter or Cranelift).
The guest sees exactly ARGS (argv[0] is MODULE as given), the --env variables and the --dir
directories; nothing else of the host.

Options:
  --engine wasmi|pulley|wasmtime
                       The engine (default wasmi). pulley is wasmtime's interpreter,
                       wasmtime its Cranelift compiler; both need wasi-run built with
                       `--features wasmtime`. Every other option means the same on each;
                       --fuel counts each engine's own fuel units.
  --cache              With pulley or wasmtime: keep compiled modules in wasmtime's cache
                       (its default directory, keyed by module and compiler settings), so a
                       module compiles once. Off by default.
  --dir HOST[::GUEST]  Preopen the host directory HOST under the guest name GUEST
                       (default: HOST as given). Repeatable; fds 3, 4, ... in order.
  --dir-ro HOST[::GUEST]
                       The same, read-only: nothing under it can be created, written,
                       removed, renamed, linked or have its times changed (ENOTCAPABLE).
  --dir-mem HOST::GUEST
                       Copy the host tree HOST into memory at start and preopen the copy:
                       the guest may change anything, the host tree is never touched, and
                       every change vanishes at exit.
  --dir-mem ::GUEST    Preopen an empty in-memory directory.
  --dir-overlay HOST::GUEST
                       Preopen HOST behind a copy-on-write overlay: reads see the host
                       tree, every change (create, write, truncate, rename, link, remove,
                       times) lands in memory; the host tree is never written.
  --dir-mem-limit BYTES
                       Cap each in-memory directory (and each overlay's changes) at BYTES
                       of file contents (ENOSPC past it). BYTES may end in a unit: K, M,
                       G, T, also written KB or KiB (all powers of 1024).
  --path-resolver openat2|walk
                       How paths are confined (default: openat2 where the kernel has it,
                       else walk). walk is the hand-written fallback; both refuse escapes.
  --tcplisten ADDR:PORT
                       Listen on a TCP address and give the guest the listening socket
                       (fds after the directories). Repeatable.
  --yield-host-thread  Make sched_yield yield the host thread (sched_yield(2)); by default
                       it returns at once, since the guest has no other thread.
  --trace[=FAMILIES]   Print one line per syscall on stderr: the call, its decoded
                       arguments and its result. FAMILIES is a comma-separated list of
                       all, args, clock, fd, path, poll, proc, random, sock (default all).
  --trace-file FILE    Write the trace to FILE instead of stderr (implies --trace).
  --trace-format text|json
                       One text line (default) or one JSON object per call.
  --deterministic[=SEED]
                       Make the run reproducible: virtual clocks (fixed epoch, 1 us per
                       reading, sleeps take no time), random_get from a generator seeded
                       by SEED (default 0; NOT cryptographic), stdio reported as filetype
                       unknown with no inode or times. With --dir-mem preopens two runs
                       give the same output, files and trace; --dir, --dir-ro and
                       --dir-overlay still show host inodes and times (a warning says so).
  --fuel N             Stop the guest after N units of wasmi fuel (about one per
                       instruction): exit 152.
  --timeout DURATION   Stop the guest DURATION after it starts, computing, sleeping or
                       blocked: exit 142. DURATION: a number and ns, us, ms, s, m or h
                       (500ms, 1.5s, 10m; a bare number is seconds).
  --max-memory BYTES   Cap the guest's linear memory: memory.grow past BYTES fails (the
                       guest sees -1); a module that declares more cannot start (exit 2).
                       BYTES takes the units of --dir-mem-limit (64M, 1GiB).
  --max-fds N          Cap the fds the guest may have open at once, stdio and preopens
                       included (EMFILE past it; default 4096).
  --env KEY=VALUE      Set a guest environment variable. Repeatable.
  --env KEY            Pass the host's KEY through (skipped if the host has none).
  -h, --help           Print this help.
  -V, --version        Print the version.

Exit status: the guest's proc_exit code; 0 when _start returns; 134 when the guest traps;
142 when --timeout passes; 152 when --fuel runs out; 2 when wasi-run cannot start it (bad
option, missing file, invalid module, missing _start, unknown import).";

/// Which engine runs the guest (`--engine`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EngineKind {
    /// wasmi, the interpreter (the default).
    #[default]
    Wasmi,
    /// wasmtime's Pulley interpreter (needs the `wasmtime` feature).
    Pulley,
    /// wasmtime's Cranelift compiler (needs the `wasmtime` feature).
    Wasmtime,
}

impl EngineKind {
    /// Its name on the command line.
    #[cfg_attr(
        feature = "wasmtime",
        allow(dead_code, reason = "used without the feature")
    )]
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Wasmi => "wasmi",
            EngineKind::Pulley => "pulley",
            EngineKind::Wasmtime => "wasmtime",
        }
    }
}

/// Which flag a preopen came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirKind {
    /// `--dir`: the host directory itself.
    Host,
    /// `--dir-ro`: the host directory without any right that changes it.
    ReadOnly,
    /// `--dir-mem`: an in-memory copy (of nothing, for `::GUEST`).
    Mem,
    /// `--dir-overlay`: a copy-on-write overlay over the host directory.
    Overlay,
}

/// One preopened directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preopen {
    /// The host directory (empty for `--dir-mem ::GUEST`).
    pub host: OsString,
    /// The guest's name for it.
    pub guest: String,
    /// What it is.
    pub kind: DirKind,
}

/// What the command line asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Per `--dir`, `--dir-ro`, `--dir-mem`, `--dir-overlay`, in order.
    pub dirs: Vec<Preopen>,
    /// `--dir-mem-limit`: bytes each in-memory filesystem may hold.
    pub mem_limit: Option<u64>,
    /// `--fuel`, `--timeout`, `--max-memory`, `--max-fds`.
    pub limits: crate::limits::Limits,
    /// `--deterministic[=SEED]`: the seed.
    pub deterministic: Option<u64>,
    /// `--engine`.
    pub engine: EngineKind,
    /// `--cache`: keep compiled modules in wasmtime's cache.
    pub cache: bool,
    /// Addresses per `--tcplisten`, in order.
    pub listen: Vec<String>,
    /// `--path-resolver`: `Some(true)` for the hand-written walk, `Some(false)` for openat2.
    pub walk: Option<bool>,
    /// `--yield-host-thread`: `sched_yield` makes the host syscall.
    pub yield_host_thread: bool,
    /// `--trace[=FAMILIES]`: the families to trace (`None`: no trace).
    pub trace: Option<Vec<wasi_abi::Family>>,
    /// `--trace-file`: where the trace goes instead of stderr.
    pub trace_file: Option<OsString>,
    /// `--trace-format=json`.
    pub trace_json: bool,
    /// `(key, value)` per `--env`, in order.
    pub env: Vec<(OsString, OsString)>,
    /// The module path, as given (also the guest's `argv[0]`).
    pub module: OsString,
    /// The guest's arguments after `argv[0]`.
    pub args: Vec<OsString>,
}

/// What to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Run a module.
    Run(Box<Options>),
    /// Print usage.
    Help,
    /// Print the version.
    Version,
}

/// Parses the arguments after the program name. `Err` is a one-line message.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut opts = Options::default();
    let mut args = args.into_iter();
    let mut module = None;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        match text.as_ref() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--yield-host-thread" => opts.yield_host_thread = true,
            "--deterministic" => opts.deterministic = Some(0),
            "--cache" => opts.cache = true,
            "--trace" => opts.trace = Some(wasi_impl::Tracer::parse_families("all")?),
            "--" => {
                module = args.next();
                break;
            }
            "--dir" | "--dir-ro" | "--dir-mem" | "--dir-overlay" | "--dir-mem-limit" | "--env"
            | "--tcplisten" | "--path-resolver" | "--trace-file" | "--trace-format" | "--fuel"
            | "--timeout" | "--max-memory" | "--max-fds" | "--engine" => {
                let value = args.next().ok_or_else(|| format!("{text} needs a value"))?;
                apply(&mut opts, &text, value)?;
            }
            _ if [
                "--dir=",
                "--dir-ro=",
                "--dir-mem=",
                "--dir-overlay=",
                "--dir-mem-limit=",
                "--env=",
                "--tcplisten=",
                "--path-resolver=",
                "--trace=",
                "--trace-file=",
                "--trace-format=",
                "--deterministic=",
                "--fuel=",
                "--timeout=",
                "--max-memory=",
                "--max-fds=",
                "--engine=",
            ]
            .iter()
            .any(|p| text.starts_with(p)) =>
            {
                let (flag, _) = text.split_once('=').unwrap_or_default();
                let value = split_os(&arg, flag.len().saturating_add(1));
                apply(&mut opts, flag, value)?;
            }
            _ if text.starts_with('-') && text.len() > 1 => {
                return Err(format!("unknown option `{text}` (see --help)"));
            }
            _ => {
                module = Some(arg);
                break;
            }
        }
    }
    if opts.trace.is_none() && (opts.trace_file.is_some() || opts.trace_json) {
        opts.trace = Some(wasi_impl::Tracer::parse_families("all")?);
    }
    opts.module = module.ok_or("no MODULE given (see --help)")?;
    let mut rest: Vec<OsString> = args.collect();
    if rest.first().is_some_and(|a| a == "--") {
        rest.remove(0);
    }
    opts.args = rest;
    Ok(Command::Run(Box::new(opts)))
}

/// The bytes of `arg` after its first `skip` bytes, keeping non-UTF-8 values intact.
fn split_os(arg: &OsString, skip: usize) -> OsString {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    OsString::from_vec(arg.as_bytes().get(skip..).unwrap_or_default().to_vec())
}

fn apply(opts: &mut Options, flag: &str, value: OsString) -> Result<(), String> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let bytes = value.as_bytes();
    if flag == "--trace" {
        let spec = value.to_str().ok_or("--trace takes family names")?;
        opts.trace = Some(wasi_impl::Tracer::parse_families(spec)?);
        return Ok(());
    }
    if flag == "--trace-file" {
        opts.trace_file = Some(value);
        return Ok(());
    }
    if flag == "--trace-format" {
        opts.trace_json = match value.to_str() {
            Some("json") => true,
            Some("text") => false,
            _ => return Err(format!("--trace-format takes text or json, not {value:?}")),
        };
        return Ok(());
    }
    if flag == "--engine" {
        opts.engine = match value.to_str() {
            Some("wasmi") => EngineKind::Wasmi,
            Some("pulley") => EngineKind::Pulley,
            Some("wasmtime") => EngineKind::Wasmtime,
            _ => {
                return Err(format!(
                    "--engine takes wasmi, pulley or wasmtime, not {value:?}"
                ));
            }
        };
        return Ok(());
    }
    if flag == "--path-resolver" {
        opts.walk = match value.to_str() {
            Some("walk") => Some(true),
            Some("openat2") => Some(false),
            _ => {
                return Err(format!(
                    "--path-resolver takes openat2 or walk, not {value:?}"
                ));
            }
        };
        return Ok(());
    }
    if flag == "--tcplisten" {
        let addr = value.to_str().ok_or("--tcplisten needs ADDR:PORT")?;
        opts.listen.push(addr.to_owned());
        return Ok(());
    }
    if apply_limit(opts, flag, &value)? {
        return Ok(());
    }
    if let Some(kind) = match flag {
        "--dir" => Some(DirKind::Host),
        "--dir-ro" => Some(DirKind::ReadOnly),
        "--dir-mem" => Some(DirKind::Mem),
        "--dir-overlay" => Some(DirKind::Overlay),
        _ => None,
    } {
        let (host, guest) = match find(bytes, b"::") {
            Some(i) => (
                bytes.get(..i).unwrap_or_default(),
                bytes.get(i + 2..).unwrap_or_default(),
            ),
            None => (bytes, bytes),
        };
        if host.is_empty() && kind != DirKind::Mem {
            return Err(format!("{flag} needs a host directory"));
        }
        let guest = std::str::from_utf8(guest)
            .map_err(|_| format!("{flag} guest name {:?} is not UTF-8", value))?;
        if guest.is_empty() {
            return Err(format!("{flag} {:?} has an empty guest name", value));
        }
        opts.dirs.push(Preopen {
            host: OsString::from_vec(host.to_vec()),
            guest: guest.to_owned(),
            kind,
        });
    } else {
        match find(bytes, b"=") {
            Some(0) => return Err(format!("--env {:?} has an empty name", value)),
            Some(i) => opts.env.push((
                OsString::from_vec(bytes.get(..i).unwrap_or_default().to_vec()),
                OsString::from_vec(bytes.get(i + 1..).unwrap_or_default().to_vec()),
            )),
            None if bytes.is_empty() => return Err("--env needs a name".into()),
            None => {
                if let Some(host_value) = std::env::var_os(&value) {
                    opts.env.push((value, host_value));
                }
            }
        }
    }
    Ok(())
}

/// Applies `--dir-mem-limit`, `--deterministic=SEED` and the limits; `false` for another
/// flag.
fn apply_limit(opts: &mut Options, flag: &str, value: &OsString) -> Result<bool, String> {
    use crate::limits::{parse_bytes, parse_count, parse_duration};
    let text = value.to_str().unwrap_or_default();
    let bad = |what: &str| format!("{flag} takes {what}, not {value:?}");
    let bytes = "a byte count (like 4096, 64K, 2M, 1GiB)";
    match flag {
        "--dir-mem-limit" => opts.mem_limit = Some(parse_bytes(text).ok_or_else(|| bad(bytes))?),
        "--max-memory" => {
            opts.limits.max_memory = Some(parse_bytes(text).ok_or_else(|| bad(bytes))?);
        }
        "--deterministic" => {
            opts.deterministic =
                Some(parse_count(text).ok_or_else(|| bad("a seed (0 to 2^64-1)"))?);
        }
        "--fuel" => opts.limits.fuel = Some(parse_count(text).ok_or_else(|| bad("a count"))?),
        "--max-fds" => {
            let n = parse_count(text).and_then(|n| usize::try_from(n).ok());
            opts.limits.max_fds = Some(n.ok_or_else(|| bad("a count"))?);
        }
        "--timeout" => {
            let d = parse_duration(text)
                .filter(|d| !d.is_zero())
                .ok_or_else(|| bad("a duration (like 500ms, 10s, 2m)"))?;
            opts.limits.timeout = Some((d, text.to_owned()));
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(host: &str, guest: &str, kind: DirKind) -> Preopen {
        Preopen {
            host: host.into(),
            guest: guest.to_owned(),
            kind,
        }
    }

    #[test]
    fn memory_and_overlay_dirs_and_the_limit() {
        let o = run(&[
            "--dir-mem",
            "::/scratch",
            "--dir-mem=src::/src",
            "--dir-overlay",
            "data::/data",
            "--dir-mem-limit=64K",
            "m.wasm",
        ])
        .unwrap();
        assert_eq!(
            o.dirs,
            vec![
                dir("", "/scratch", DirKind::Mem),
                dir("src", "/src", DirKind::Mem),
                dir("data", "/data", DirKind::Overlay),
            ]
        );
        assert_eq!(o.mem_limit, Some(64 * 1024));
        for (text, bytes) in [("4096", 4096), ("2M", 2 << 20), ("1g", 1 << 30), ("0", 0)] {
            let o = run(&["--dir-mem-limit", text, "m"]).unwrap();
            assert_eq!(o.mem_limit, Some(bytes), "{text}");
        }
        for bad in ["", "K", "1.5M", "-1", "12X", "99999999999999999999"] {
            let err = run(&["--dir-mem-limit", bad, "m"]).unwrap_err();
            assert!(
                err.contains("--dir-mem-limit takes a byte count"),
                "{bad}: {err}"
            );
        }
        assert!(
            run(&["--dir-overlay", "::g", "m"])
                .unwrap_err()
                .contains("--dir-overlay needs a host directory")
        );
        assert!(
            run(&["--dir-mem", "x::", "m"])
                .unwrap_err()
                .contains("empty guest name")
        );
    }

    fn run(args: &[&str]) -> Result<Options, String> {
        match parse(args.iter().map(OsString::from))? {
            Command::Run(o) => Ok(*o),
            other => Err(format!("{other:?}")),
        }
    }

    #[test]
    fn options_module_and_guest_args() {
        let o = run(&["--dir", "x::/", "--env", "A=b", "m.wasm", "x", "--dir", "y"]).unwrap();
        assert_eq!(o.dirs, vec![dir("x", "/", DirKind::Host)]);
        assert_eq!(o.env, vec![("A".into(), "b".into())]);
        assert_eq!(o.module, "m.wasm");
        assert_eq!(
            o.args,
            vec![OsString::from("x"), "--dir".into(), "y".into()]
        );
    }

    #[test]
    fn trace_flags() {
        use wasi_abi::Family;
        assert_eq!(run(&["m.wasm"]).unwrap().trace, None);
        let o = run(&["--trace", "m.wasm"]).unwrap();
        assert_eq!(o.trace.as_ref().map(Vec::len), Some(8));
        let o = run(&["--trace=fd,path", "m.wasm"]).unwrap();
        assert_eq!(o.trace, Some(vec![Family::Fd, Family::Path]));
        let o = run(&["--trace-file", "t.log", "--trace-format=json", "m.wasm"]).unwrap();
        assert_eq!(o.trace.as_ref().map(Vec::len), Some(8));
        assert_eq!(o.trace_file, Some(OsString::from("t.log")));
        assert!(o.trace_json);
        assert!(
            run(&["--trace=fs", "m.wasm"])
                .unwrap_err()
                .contains("unknown trace family")
        );
        assert!(run(&["--trace-format=xml", "m.wasm"]).is_err());
    }

    #[test]
    fn yield_host_thread_flag() {
        assert!(!run(&["m.wasm"]).unwrap().yield_host_thread);
        let o = run(&["--yield-host-thread", "m.wasm", "--yield-host-thread"]).unwrap();
        assert!(o.yield_host_thread);
        assert_eq!(o.args, vec![OsString::from("--yield-host-thread")]);
    }

    #[test]
    fn double_dash_forms() {
        let o = run(&["m.wasm", "--", "--help"]).unwrap();
        assert_eq!(o.args, vec![OsString::from("--help")]);
        let o = run(&["--", "-weird.wasm", "a"]).unwrap();
        assert_eq!(o.module, "-weird.wasm");
        assert_eq!(o.args, vec![OsString::from("a")]);
    }

    #[test]
    fn dir_defaults_and_equals_forms() {
        let o = run(&[
            "--dir=/tmp",
            "--env=K=v=w",
            "--dir-ro",
            "a::b",
            "--tcplisten=127.0.0.1:0",
            "m.wat",
        ])
        .unwrap();
        assert_eq!(
            o.dirs,
            vec![
                dir("/tmp", "/tmp", DirKind::Host),
                dir("a", "b", DirKind::ReadOnly)
            ]
        );
        assert_eq!(o.listen, vec!["127.0.0.1:0".to_string()]);
        assert_eq!(o.env, vec![("K".into(), "v=w".into())]);
    }

    #[test]
    fn errors() {
        assert!(run(&[]).unwrap_err().contains("no MODULE"));
        assert!(
            run(&["--bogus", "m.wasm"])
                .unwrap_err()
                .contains("unknown option `--bogus`")
        );
        assert!(run(&["--dir"]).unwrap_err().contains("--dir needs a value"));
        assert!(
            run(&["--env", "=v", "m"])
                .unwrap_err()
                .contains("empty name")
        );
        assert!(
            run(&["--dir", "::g", "m"])
                .unwrap_err()
                .contains("host directory")
        );
        assert!(
            run(&["--dir", "h::", "m"])
                .unwrap_err()
                .contains("empty guest name")
        );
    }

    #[test]
    fn env_pass_through_skips_unset_variables() {
        let o = run(&["--env", "WASI_RUN_SURELY_UNSET_VARIABLE", "m"]).unwrap();
        assert!(o.env.is_empty());
        let o = run(&["--env", "PATH", "m"]).unwrap();
        assert_eq!(o.env.len(), 1);
        assert_eq!(o.env[0].0, "PATH");
    }
}
