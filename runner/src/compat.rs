//! `wasmtime run`'s `-S` (WASI), `-W` (wasm) and `-C` (codegen) option groups, for the keys
//! that mean something for a preview1 module, mapped onto this command's own flags.
//!
//! Each group takes `KEY[=VALUE]` items, comma-separated or repeated:
//! `-S inherit-env,tcplisten=127.0.0.1:8080 -W fuel=1000000,timeout=10s`.

use crate::cli::Options;
use std::ffi::OsString;

/// The `-S` keys wasmtime has that wasi-run does not, and why.
const UNSUPPORTED_S: [(&str, &str); 9] = [
    ("cli", "the CLI interfaces are always on"),
    ("common", "preview1 is always on"),
    ("preview2", "wasi-run runs preview1 modules, not components"),
    (
        "inherit-network",
        "the guest's sockets are allowed rule by rule: --net-allow RULE",
    ),
    (
        "allow-ip-name-lookup",
        "lookups are allowed by name: --net-allow resolve:NAME",
    ),
    (
        "tcp",
        "the guest's sockets are allowed rule by rule: --net-allow RULE",
    ),
    (
        "udp",
        "the guest's sockets are allowed rule by rule: --net-allow RULE",
    ),
    ("http", "wasi-http is a component-model interface"),
    ("threads", "wasi-threads is not provided"),
];

/// Applies one `-S`, `-W` or `-C` group (`flag`) with its items `value`.
pub fn apply(opts: &mut Options, flag: &str, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{flag} needs KEY[=VALUE]"));
    }
    for item in value.split(',') {
        let (key, val) = match item.split_once('=') {
            Some((key, val)) => (key, Some(val)),
            None => (item, None),
        };
        match flag {
            "-S" => wasi_option(opts, key, val)?,
            "-C" => codegen_option(opts, key, val)?,
            _ => wasm_option(opts, key, val)?,
        }
    }
    Ok(())
}

/// A yes/no value as wasmtime spells it; a bare key is yes.
fn yes(flag: &str, key: &str, val: Option<&str>) -> Result<bool, String> {
    match val {
        None | Some("y" | "yes" | "true") => Ok(true),
        Some("n" | "no" | "false") => Ok(false),
        Some(other) => Err(format!("{flag} {key} takes y or n, not {other:?}")),
    }
}

fn wasi_option(opts: &mut Options, key: &str, val: Option<&str>) -> Result<(), String> {
    match key {
        "inherit-env" => opts.inherit_env = yes("-S", key, val)?,
        "tcplisten" => match val {
            Some(addr) if !addr.is_empty() => opts.listen.push(addr.to_owned()),
            _ => return Err("-S tcplisten needs ADDR:PORT (-S tcplisten=127.0.0.1:8080)".into()),
        },
        _ => {
            return Err(match UNSUPPORTED_S.iter().find(|(k, _)| *k == key) {
                Some((_, why)) => format!("-S {key}: not supported by wasi-run ({why})"),
                None => format!(
                    "-S {key}: unknown WASI option (wasi-run knows -S inherit-env and -S \
                     tcplisten=ADDR)"
                ),
            });
        }
    }
    Ok(())
}

fn codegen_option(opts: &mut Options, key: &str, val: Option<&str>) -> Result<(), String> {
    match key {
        "cache" => opts.cache = yes("-C", key, val)?,
        _ => {
            return Err(format!(
                "-C {key}: not supported by wasi-run (it knows -C cache[=y|n], which is --cache)"
            ));
        }
    }
    Ok(())
}

fn wasm_option(opts: &mut Options, key: &str, val: Option<&str>) -> Result<(), String> {
    let native = match key {
        "fuel" => "--fuel",
        "timeout" => "--timeout",
        "max-memory-size" => "--max-memory",
        _ => {
            return Err(format!(
                "-W {key}: not supported by wasi-run (it knows -W fuel=N, -W timeout=DURATION \
                 and -W max-memory-size=BYTES; each engine enables the proposals it has)"
            ));
        }
    };
    let Some(val) = val else {
        return Err(format!("-W {key} needs a value (-W {key}=...)"));
    };
    let handled = crate::cli::apply_limit(opts, native, &OsString::from(val))
        .map_err(|e| e.replacen(native, &format!("-W {key}"), 1))?;
    debug_assert!(handled, "every -W key maps onto a limit flag");
    Ok(())
}
