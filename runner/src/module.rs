//! Reading the module file, the checks every engine makes before running it, and how its
//! end becomes an exit status.

use crate::Failure;
use std::process::ExitCode;
use wasi_impl::adapter::{Entry, ModuleError, ModuleShape};

/// The binary format's first four bytes.
const MAGIC: &[u8; 4] = b"\0asm";

/// Exit status when the guest's `proc_exit` code cannot be passed on (outside 0..=125), as
/// `wasmtime run` does.
pub const EXIT_BAD_CODE: u8 = 1;

/// The module in the binary format: the file's bytes, or its text compiled. A file that is
/// neither says why in one line, for both readings.
pub fn load(path: &std::ffi::OsStr, shown: &str) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Start(format!("cannot read module {shown}: {e}")))?;
    if bytes.is_empty() {
        return Err(Failure::Start(format!(
            "{shown} is empty: a module is either the binary format (starting with \\0asm) \
             or the text format"
        )));
    }
    if bytes.starts_with(MAGIC) {
        return Ok(bytes);
    }
    let not_binary = match bytes.get(..4) {
        Some(head) => {
            format!("does not start with the \\0asm magic (its first bytes are {head:02x?})")
        }
        None => format!("is too short for the \\0asm magic ({} bytes)", bytes.len()),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(Failure::Start(format!(
            "{shown} is not a WebAssembly module: it {not_binary}, and it is not the text format \
             either (not UTF-8)"
        )));
    };
    // Text that opens with `(` or a comment is meant as the text format: its error alone
    // is the news.
    let start = text.trim_start();
    let meant_as_text = ["(", ";;"].iter().any(|p| start.starts_with(p));
    wat::parse_str(text).map_err(|mut e| {
        e.set_path(shown);
        let why = crate::one_line(&e.to_string(), shown);
        Failure::Start(match meant_as_text {
            true => format!("invalid module {shown} (the text format): {why}"),
            false => format!(
                "{shown} is not a WebAssembly module: it {not_binary}, and as the text format: \
                 {why}"
            ),
        })
    })
}

/// Runs the checks of [`ModuleShape`] and finds what to call (`--invoke NAME` or `_start`).
pub fn entry(shape: &ModuleShape, shown: &str, invoke: Option<&str>) -> Result<Entry, Failure> {
    shape.check_imports().map_err(|e| start(shown, &e))?;
    shape.entry(invoke).map_err(|e| {
        let hint = match &e {
            ModuleError::NoEntry {
                name,
                reactor: true,
                ..
            } if name == "_start" => " with --invoke NAME [ARGS...]",
            ModuleError::NoEntry { name, .. } if name == "_start" => {
                "; to call one, use --invoke NAME [ARGS...]"
            }
            _ => "",
        };
        Failure::Start(format!("{shown}: {e}{hint}"))
    })
}

fn start(shown: &str, e: &ModuleError) -> Failure {
    Failure::Start(format!("{shown}: {e}"))
}

/// The exit status for the guest's `proc_exit(code)`: the code itself in 0..=125; any other
/// code (which a shell would see wrapped modulo 256, or confuse with a signal) ends the run
/// with a message naming it and exit status 1.
pub fn exit_status(code: u32) -> Result<ExitCode, Failure> {
    match u8::try_from(code) {
        Ok(small) if small <= 125 => Ok(ExitCode::from(small)),
        _ => {
            let signed = i32::from_ne_bytes(code.to_ne_bytes());
            let shown = match signed < 0 {
                true => format!("{code} ({signed} as i32)"),
                false => code.to_string(),
            };
            Err(Failure::Limit(
                format!(
                    "the guest exited with code {shown}, outside 0..=125, which an exit status \
                     cannot carry unchanged: exit status {EXIT_BAD_CODE}"
                ),
                EXIT_BAD_CODE,
            ))
        }
    }
}
