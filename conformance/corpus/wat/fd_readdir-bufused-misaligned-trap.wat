;; fd_readdir: a bufused out-pointer that is not 4-aligned (2) traps; the guest never
;; reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: bufused pointer 2 is misaligned for a u32; fd 3 is the preopen
    (drop (call $fd_readdir (i32.const 3) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 2)))
    (call $proc_exit (i32.const 10)))
)
