;; fd_filestat_get: an out-pointer that is not 8-aligned (260) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 260 is misaligned for a filestat (align 8); fd 3 is the preopen
    (drop (call $fd_filestat_get (i32.const 3) (i32.const 260)))
    (call $proc_exit (i32.const 10)))
)
