;; environ_get traps: environ_buf out of bounds: environ_buf = 65520 (one page of memory), the
;; 28 bytes of strings would end at 65548. The environment is FOO=bar, EMPTY=, UTF8=ünï=x (28
;; bytes). A trap makes wasi-run exit 134 (see the .json); returning from the call at all is
;; check 10.
(module
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $environ_get (i32.const 1024) (i32.const 65520)))
    (call $proc_exit (i32.const 10))))
