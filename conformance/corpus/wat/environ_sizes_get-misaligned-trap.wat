;; environ_sizes_get traps: buf_size misaligned: its pointer 1030 is not a multiple of 4 (u32
;; alignment). A trap makes wasi-run exit 134 (see the .json); returning from the call at all is
;; check 10.
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $environ_sizes_get (i32.const 1024) (i32.const 1030)))
    (call $proc_exit (i32.const 10))))
