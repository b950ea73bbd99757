;; proc_exit(42) ends the guest with exit code 42 (see the .json) and does not return: the
;; code after it would exit with 10 instead.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const 42))
    ;; not reached
    (call $proc_exit (i32.const 10))))
