;; random_get traps when the buffer starts past the end of memory, even for 1 byte: buf 65536,
;; buf_len 1 with one page. A trap makes wasi-run exit 134 (see the .json); returning from the
;; call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $random_get (i32.const 65536) (i32.const 1)))
    (call $proc_exit (i32.const 10))))
