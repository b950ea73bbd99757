;; fd_fdstat_get: an out-pointer whose 24-byte fdstat would run past the end of
;; memory (65520..65544 in a one-page memory, 8-aligned) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 65520 + 24 is past 65536
    (drop (call $fd_fdstat_get (i32.const 1) (i32.const 65520)))
    (call $proc_exit (i32.const 10)))
)
