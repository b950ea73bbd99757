//! Conformance checks for preview1 runtimes.
//!
//! Today this crate holds `scripts/run-upstream-suite.py`, which runs the official WASI
//! testsuite against any runtime command (see `docs/conformance.md`). The Rust runner for the
//! testsuite layout and this project's own corpus are the work of issue 4.
