;; fd_readdir: a buffer that runs past the end of memory (65500, 100 bytes, in a
;; one-page memory) traps; the guest never reaches proc_exit(10). wasi-run exits 134.
(module
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: 65500 + 100 is past 65536; fd 3 is the preopen
    (drop (call $fd_readdir (i32.const 3) (i32.const 65500) (i32.const 100) (i64.const 0) (i32.const 0)))
    (call $proc_exit (i32.const 10)))
)
