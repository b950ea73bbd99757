;; fd_fdstat_get: an out-pointer that is not 8-aligned (260) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap. (No preopen needed: fd 1.)
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 260 is misaligned for an fdstat (align 8)
    (drop (call $fd_fdstat_get (i32.const 1) (i32.const 260)))
    (call $proc_exit (i32.const 10)))
)
