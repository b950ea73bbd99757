;; fd_write: an nwritten out-pointer that is not 4-aligned (6) traps before
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
    ;; trap: nwritten pointer 6 is misaligned for a u32
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 6)))
    (call $proc_exit (i32.const 10)))
)
