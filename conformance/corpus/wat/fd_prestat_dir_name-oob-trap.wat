;; fd_prestat_dir_name: a name buffer outside memory (65536, length 1, in a one-page
;; memory) traps; the guest never reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: the 1-byte buffer at 65536 is outside memory; fd 3 is the preopen
    (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const 65536) (i32.const 1)))
    (call $proc_exit (i32.const 10)))
)
