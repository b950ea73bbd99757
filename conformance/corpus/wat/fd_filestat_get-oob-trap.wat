;; fd_filestat_get: an out-pointer whose 64-byte filestat would run past the end of
;; memory (65504..65568 in a one-page memory, 8-aligned) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 65504 + 64 is past 65536; fd 3 is the preopen
    (drop (call $fd_filestat_get (i32.const 3) (i32.const 65504)))
    (call $proc_exit (i32.const 10)))
)
