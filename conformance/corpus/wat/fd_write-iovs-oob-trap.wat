;; fd_write: a ciovec list that runs past the end of memory (2 ciovecs at 65528,
;; one page) traps and writes nothing to stdout, not even the first buffer; the
;; guest never reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "not written\n")

  (func (export "_start")
    (i32.store (i32.const 65528) (i32.const 1024))
    (i32.store (i32.const 65532) (i32.const 12))
    ;; trap: the second ciovec would be at 65536..65544, outside memory
    (drop (call $fd_write (i32.const 1) (i32.const 65528) (i32.const 2) (i32.const 0)))
    (call $proc_exit (i32.const 10)))
)
