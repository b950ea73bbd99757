;; random_get traps when the buffer runs past the end of memory: buf 65530, buf_len 16 with one
;; page (65536 bytes). A trap makes wasi-run exit 134 (see the .json); returning from the call
;; at all is check 10.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $random_get (i32.const 65530) (i32.const 16)))
    (call $proc_exit (i32.const 10))))
