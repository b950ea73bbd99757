//! Shared by the trace golden tests and the book test: running guests with `--trace`, and
//! comparing text that holds run-dependent numbers.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runner/ has a parent")
        .to_path_buf()
}

/// `BLESS=1` rewrites expected files instead of comparing.
pub fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Fields whose values change from run to run (inodes, devices, times, ext4 hash cookies).
const VOLATILE: &[&str] = &["dev", "ino", "atim", "mtim", "ctim", "time", "next"];

/// `text` with the digits after each volatile field (`ino=123`, `"ino":123`) replaced by `N`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for field in VOLATILE {
            for prefix in [format!("{field}="), format!("\"{field}\":")] {
                let boundary = out
                    .chars()
                    .last()
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
                if boundary && rest.starts_with(&prefix) {
                    out.push_str(&prefix);
                    rest = &rest[prefix.len()..];
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    if digits > 0 {
                        out.push('N');
                        rest = &rest[digits..];
                    }
                    continue 'scan;
                }
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A fresh, empty directory under the system temp dir.
pub fn fresh_dir(tag: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wasi-run-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs `wasi-run` in the repository root with `args`; returns (stdout, stderr), checking
/// that it exited 0.
pub fn run_traced(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wasi-run"))
        .current_dir(repo())
        .args(args)
        .output()
        .expect("wasi-run runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "wasi-run {args:?} failed: {stderr}");
    (stdout, stderr)
}

/// The trace of `examples/files.wat` in a fresh sandbox, with extra options first.
pub fn files_trace(extra: &[&str]) -> (String, String) {
    let dir = fresh_dir("tour");
    let mapping = format!("{}::/tour", dir.display());
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["--dir", &mapping, "examples/files.wat"]);
    let result = run_traced(&args);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Compares `actual` with the file at `path` (both normalized), or rewrites it under BLESS.
pub fn check_golden(path: &Path, actual: &str) {
    if bless() {
        std::fs::write(path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    assert_eq!(
        normalize(&expected),
        normalize(actual),
        "{} is stale: check the diff, then rerun with BLESS=1",
        path.display()
    );
}
