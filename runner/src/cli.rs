//! Command-line parsing for `wasi-run`.
//!
//! `wasi-run [OPTIONS] MODULE [--] [ARGS...]`: options come before the module; everything
//! after the module goes to the guest untouched (a `--` right after the module is dropped, so
//! the guest can receive arguments that look like options either way).

use std::ffi::OsString;

pub use crate::usage::USAGE;

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
    /// `--inherit-env` (`-S inherit-env`): the guest sees the host's whole environment,
    /// with the `--env` variables set over it.
    pub inherit_env: bool,
    /// `--invoke NAME`: the export to call instead of `_start`.
    pub invoke: Option<String>,
    /// `--net-allow` and `--net-deny` rules, in order: what the guest's own sockets may
    /// reach (WASIX).
    pub net: wasi_impl::net::NetPolicy,
    /// `--argv0 NAME`: the guest's `argv[0]` instead of the module path.
    pub argv0: Option<OsString>,
    /// Warnings to print before the guest runs (one line each, without the prefix).
    pub warnings: Vec<String>,
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
    let mut first = true;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        // `wasi-run run MODULE`, as `wasmtime run MODULE`: the word only counts first.
        if std::mem::take(&mut first) && text == "run" {
            continue;
        }
        match text.as_ref() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--yield-host-thread" => opts.yield_host_thread = true,
            "--deterministic" => opts.deterministic = Some(0),
            "--cache" => opts.cache = true,
            "--inherit-env" => opts.inherit_env = true,
            "-S" | "-W" | "-C" => {
                let value = args.next().ok_or_else(|| format!("{text} needs a value"))?;
                crate::compat::apply(&mut opts, &text, &value.to_string_lossy())?;
            }
            _ if ["-S", "-W", "-C"].iter().any(|p| text.starts_with(p)) && text.len() > 2 => {
                let (flag, value) = text.split_at(2);
                crate::compat::apply(&mut opts, flag, value.trim_start_matches('='))?;
            }
            "--trace" => opts.trace = Some(wasi_impl::Tracer::parse_families("all")?),
            "--" => {
                module = args.next();
                break;
            }
            "--dir" | "--dir-ro" | "--dir-mem" | "--dir-overlay" | "--dir-mem-limit" | "--env"
            | "--tcplisten" | "--path-resolver" | "--trace-file" | "--trace-format" | "--fuel"
            | "--timeout" | "--max-memory" | "--max-fds" | "--engine" | "--invoke" | "--argv0"
            | "--net-allow" | "--net-deny" => {
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
                "--invoke=",
                "--argv0=",
                "--net-allow=",
                "--net-deny=",
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
    if flag == "--invoke" {
        let name = value
            .to_str()
            .ok_or("--invoke takes an export name in UTF-8")?;
        opts.invoke = Some(name.to_owned());
        return Ok(());
    }
    if flag == "--net-allow" || flag == "--net-deny" {
        let text = value
            .to_str()
            .ok_or_else(|| format!("{flag} takes a rule in UTF-8"))?;
        let rule = wasi_impl::net::Rule::parse(text)
            .map_err(|why| format!("{flag} {why} (see --help for the rule grammar)"))?;
        let policy = std::mem::take(&mut opts.net);
        opts.net = match flag {
            "--net-allow" => policy.allow(rule),
            _ => policy.deny(rule),
        };
        return Ok(());
    }
    if flag == "--argv0" {
        opts.argv0 = Some(value);
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
            None => match std::env::var_os(&value) {
                Some(host_value) => opts.env.push((value, host_value)),
                None => opts.warnings.push(format!(
                    "--env {}: the host has no such variable, so the guest does not get it",
                    value.to_string_lossy()
                )),
            },
        }
    }
    Ok(())
}

/// Applies `--dir-mem-limit`, `--deterministic=SEED` and the limits; `false` for another
/// flag.
pub(crate) fn apply_limit(
    opts: &mut Options,
    flag: &str,
    value: &OsString,
) -> Result<bool, String> {
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
#[path = "cli_tests.rs"]
mod tests;
