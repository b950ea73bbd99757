//! How a run of a guest ends, in terms that are the same on every engine, for the
//! high-level `run` entry points of the adapters.

use super::shape::ModuleError;
use core::fmt;

/// Why a guest did not run to an exit: the module was refused, or the guest trapped.
///
/// An exit (`proc_exit`, or `_start` returning, which is exit 0) is not an error: the `run`
/// functions answer it as `Ok(code)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The engine refused the bytes: not a module at all (the message says what they are
    /// not, for both formats: see [`describe_invalid`]), or an invalid one (the engine's
    /// message, one line).
    Invalid(String),
    /// The module does not fit a preview1 host (a wrong import, no `_start`, ...).
    Module(ModuleError),
    /// The module could not be instantiated (its message, one line): a data segment out of
    /// bounds, a memory larger than the store allows, ...
    Instantiate(String),
    /// The guest trapped, in `_start` or already in the module's start function.
    Trap(TrapReport),
}

/// A trap: what it was and, where the engine reports them, where it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrapReport {
    /// What the trap was: the engine's trap message (`integer divide by zero`), or, for a
    /// trap a syscall raised, `function: why` (`fd_write: pointer argument out of bounds of
    /// linear memory`).
    pub message: String,
    /// The guest function executing when it happened (from the name section, else
    /// `function[N]`), where the engine reports it (wasmtime does, wasmi does not). For a
    /// trap a syscall raised, this is the guest function that made the call; the syscall is
    /// named at the start of `message`.
    pub function: Option<String>,
    /// The byte offset in the module's code where it happened, where the engine reports it.
    pub offset: Option<usize>,
}

impl fmt::Display for TrapReport {
    /// `message`, then ` in function F at offset 0x…` with what is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(function) = &self.function {
            write!(f, " in function `{function}`")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " at offset {offset:#x}")?;
        }
        Ok(())
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Invalid(why) => write!(f, "invalid module: {why}"),
            RunError::Module(e) => e.fmt(f),
            RunError::Instantiate(why) => write!(f, "cannot instantiate the module: {why}"),
            RunError::Trap(trap) => write!(f, "the guest trapped: {trap}"),
        }
    }
}

impl std::error::Error for RunError {}

impl From<ModuleError> for RunError {
    fn from(e: ModuleError) -> RunError {
        RunError::Module(e)
    }
}

/// Folds a message that spans lines into one: a text-format parser's error (its first line,
/// then a `--> file:line:col` line and the source under a caret) becomes `first line at
/// file:line:col`; anything else has its lines joined with spaces.
pub fn one_line(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("unknown error").to_owned();
    match text.lines().find_map(|l| l.trim().strip_prefix("-->")) {
        Some(at) => format!("{first} at {}", at.trim()),
        None if first == "unknown error" => first,
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The binary format's first four bytes.
pub const WASM_MAGIC: &[u8; 4] = b"\0asm";

/// Why `bytes` is not a module, in one line, given what the engine said when it refused
/// them: an empty input; not the binary format (no `\0asm` magic, its first bytes shown)
/// and not text either (not UTF-8); not the binary format and, as text, what the parser
/// said. For bytes that start with the magic it is the engine's message alone.
pub fn describe_invalid(bytes: &[u8], engine_message: &str) -> String {
    let why = one_line(engine_message);
    if bytes.is_empty() {
        return "nothing to run: the module is empty (0 bytes); a module is either the binary \
                format (starting with \\0asm) or the text format"
            .into();
    }
    if bytes.starts_with(WASM_MAGIC) {
        return why;
    }
    let not_binary = match bytes.get(..4) {
        Some(head) => {
            format!("does not start with the \\0asm magic (its first bytes are {head:02x?})")
        }
        None => format!("is too short for the \\0asm magic ({} bytes)", bytes.len()),
    };
    let Ok(text) = core::str::from_utf8(bytes) else {
        return format!(
            "not a WebAssembly module: it {not_binary}, and it is not the text format either \
             (not UTF-8)"
        );
    };
    // Text that opens with `(` or a comment is meant as the text format: the parser's
    // message alone is the news.
    let start = text.trim_start();
    if ["(", ";;"].iter().any(|p| start.starts_with(p)) {
        return format!("invalid text format: {why}");
    }
    format!("not a WebAssembly module: it {not_binary}, and as the text format: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_are_described_for_both_formats() {
        assert!(describe_invalid(b"", "x").starts_with("nothing to run: the module is empty"));
        assert_eq!(
            describe_invalid(b"\0asm\x01\0\0\0\xff", "bad section"),
            "bad section"
        );
        assert_eq!(
            describe_invalid(
                &[0xff, 0xfe, 0x00, 0x01, 0x02],
                "input bytes aren't valid utf-8"
            ),
            "not a WebAssembly module: it does not start with the \\0asm magic (its first bytes \
             are [ff, fe, 00, 01]), and it is not the text format either (not UTF-8)"
        );
        let parser = "expected `(`\n     --> <anon>:1:1\n      |\n    1 | hello\n      | ^";
        assert_eq!(
            describe_invalid(b"hello", parser),
            "not a WebAssembly module: it does not start with the \\0asm magic (its first bytes \
             are [68, 65, 6c, 6c]), and as the text format: expected `(` at <anon>:1:1"
        );
        assert_eq!(
            describe_invalid(b";; a comment\n(module", "expected `)`\n --> <anon>:2:8"),
            "invalid text format: expected `)` at <anon>:2:8"
        );
        assert!(describe_invalid(b"ab", "e").contains("too short for the \\0asm magic (2 bytes)"));
    }

    #[test]
    fn one_line_keeps_a_parsers_location_and_joins_other_lines() {
        assert_eq!(one_line("a\n  b\n\tc"), "a b c");
        assert_eq!(one_line(""), "unknown error");
        assert_eq!(
            one_line("oops\n --> f.wat:3:4\n  |\n3 | x\n  | ^"),
            "oops at f.wat:3:4"
        );
    }

    #[test]
    fn trap_reports_show_what_is_known() {
        let mut t = TrapReport {
            message: "boom".into(),
            ..TrapReport::default()
        };
        assert_eq!(t.to_string(), "boom");
        t.function = Some("main".into());
        t.offset = Some(0x2d);
        assert_eq!(t.to_string(), "boom in function `main` at offset 0x2d");
        assert_eq!(
            RunError::Trap(t).to_string(),
            "the guest trapped: boom in function `main` at offset 0x2d"
        );
    }
}
