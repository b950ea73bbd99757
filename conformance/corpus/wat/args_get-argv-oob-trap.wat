;; args_get traps: argv array out of bounds: argv = 65536 (one page of memory), the 4-byte slot
;; for argv[0] lies past the end. A trap makes wasi-run exit 134 (see the .json); returning from
;; the call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $args_get (i32.const 65536) (i32.const 1024)))
    (call $proc_exit (i32.const 10))))
