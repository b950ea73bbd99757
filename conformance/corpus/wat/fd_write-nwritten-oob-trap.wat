;; fd_write: an nwritten out-pointer past the end of memory (65536) traps before
;; anything is written: stdout stays empty. The guest never reaches proc_exit(10).
;; wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "not written\n")

  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.const 12))
    ;; trap: nwritten pointer 65536 is outside memory
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 65536)))
    (call $proc_exit (i32.const 10)))
)
