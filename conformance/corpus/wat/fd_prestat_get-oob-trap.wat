;; fd_prestat_get: an out-pointer whose 8-byte prestat would run past the end of
;; memory (65532..65540 in a one-page memory, 4-aligned) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 65532 + 8 is past 65536; fd 3 is the preopen
    (drop (call $fd_prestat_get (i32.const 3) (i32.const 65532)))
    (call $proc_exit (i32.const 10)))
)
