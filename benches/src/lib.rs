//! Benchmarks of this project's preview1 layer against `wasmi_wasi` and native calls.
//!
//! - `examples/hello_ratio.rs`: wall time of the hello-world examples (load + instantiate +
//!   run) on wasmi with this project's layer and with `wasmi_wasi`, printed as a ratio.
//!
//! The criterion benchmarks per syscall are the next milestone's work (issue 5).
