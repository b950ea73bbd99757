;; random_get traps when buf + buf_len overflows u32: buf 0x100, buf_len 0xFFFFFFF8 (the end
;; would wrap to 0xF8, inside memory, if computed modulo 2^32). A trap makes wasi-run exit 134
;; (see the .json); returning from the call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $random_get (i32.const 0x100) (i32.const 0xFFFFFFF8)))
    (call $proc_exit (i32.const 10))))
