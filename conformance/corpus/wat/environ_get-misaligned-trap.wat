;; environ_get traps: environ misaligned: environ = 1025 is not a multiple of 4 (the alignment
;; of its u32 pointers). The environment is FOO=bar, EMPTY=, UTF8=ünï=x (28 bytes). A trap makes
;; wasi-run exit 134 (see the .json); returning from the call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $environ_get (i32.const 1025) (i32.const 2048)))
    (call $proc_exit (i32.const 10))))
