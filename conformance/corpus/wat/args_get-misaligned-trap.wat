;; args_get traps: argv misaligned: argv = 1026 is not a multiple of 4 (the alignment of its u32
;; pointers). A trap makes wasi-run exit 134 (see the .json); returning from the call at all is
;; check 10.
(module
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $args_get (i32.const 1026) (i32.const 2048)))
    (call $proc_exit (i32.const 10))))
