;; args_sizes_get traps: argv_buf_size out of bounds: its pointer is 65536 (one page of memory),
;; argc's pointer is fine. A trap makes wasi-run exit 134 (see the .json); returning from the
;; call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $args_sizes_get (i32.const 1024) (i32.const 65536)))
    (call $proc_exit (i32.const 10))))
