;; proc_exit called three wasm calls deep ends the whole guest at once with its code (7, see
;; the .json): no caller resumes (each would exit with 10, 11 or 12 instead).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $inner
    (call $proc_exit (i32.const 7))
    (call $proc_exit (i32.const 10)))
  (func $middle
    (call $inner)
    (call $proc_exit (i32.const 11)))
  (func (export "_start")
    (call $middle)
    (call $proc_exit (i32.const 12))))
