;; fd_prestat_get: an out-pointer that is not 4-aligned (258) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 258 is misaligned for a prestat (align 4); fd 3 is the preopen
    (drop (call $fd_prestat_get (i32.const 3) (i32.const 258)))
    (call $proc_exit (i32.const 10)))
)
