;; proc_raise(TERM = 15) does not signal the host: it ends the guest with a trap naming the
;; signal, so wasi-run exits 134 (see the .json). Returning from the call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; trap: no errno is returned
    (drop (call $proc_raise (i32.const 15)))
    (call $proc_exit (i32.const 10))))
