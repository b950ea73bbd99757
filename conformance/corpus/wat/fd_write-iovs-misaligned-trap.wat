;; fd_write: a ciovec list at an address that is not 4-aligned (18) traps and
;; writes nothing to stdout; the guest never reaches proc_exit(10). wasi-run exits
;; 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "not written\n")

  (func (export "_start")
    (i32.store (i32.const 18) (i32.const 1024))
    (i32.store (i32.const 22) (i32.const 12))
    ;; trap: iovs 18 is misaligned for a ciovec (align 4)
    (drop (call $fd_write (i32.const 1) (i32.const 18) (i32.const 1) (i32.const 0)))
    (call $proc_exit (i32.const 10)))
)
