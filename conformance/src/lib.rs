//! Conformance checks for preview1 runtimes: a runner for the WASI testsuite layout and this
//! project's own corpus. Not started; it is the work of issue 4.
