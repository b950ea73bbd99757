;; proc_exit(0) ends the guest with exit code 0 and does not return: the code after it would
;; exit with 10 (or trap, 134) instead.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const 0))
    ;; not reached
    (call $proc_exit (i32.const 10))
    unreachable))
