//! Reading the module file, the checks every engine makes before running it, and how its
//! end becomes an exit status.

use crate::Failure;
use std::process::ExitCode;
use wasi_impl::adapter::{Entry, ModuleError, ModuleShape, WASM_MAGIC, describe_invalid};

/// Exit status when the guest's `proc_exit` code cannot be passed on (outside 0..=125), as
/// `wasmtime run` does.
pub const EXIT_BAD_CODE: u8 = 1;

/// The module in the binary format: the file's bytes, or its text compiled. A file that is
/// neither says why in one line, for both readings
/// ([`describe_invalid`]).
pub fn load(path: &std::ffi::OsStr, shown: &str) -> Result<Vec<u8>, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Start(format!("cannot read module {shown}: {e}")))?;
    if bytes.starts_with(WASM_MAGIC) {
        return Ok(bytes);
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) if !text.is_empty() => text,
        _ => return Err(invalid(&bytes, "", shown)),
    };
    wat::parse_str(text).map_err(|mut e| {
        e.set_path(shown);
        invalid(&bytes, &e.to_string(), shown)
    })
}

fn invalid(bytes: &[u8], why: &str, shown: &str) -> Failure {
    Failure::Start(format!("{shown}: {}", describe_invalid(bytes, why)))
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
