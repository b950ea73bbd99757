;; A reactor: a library-style module with `_initialize` and exported functions instead of
;; `_start`. Run one of its functions with
;;   wasi-run --invoke add examples/reactor.wat 1 2      (prints 3)
;; `_initialize` runs first and sets the global `base` that `add_base` reads; `greet`
;; writes a line through fd_write.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $base (mut i32) (i32.const 0))
  (data (i32.const 16) "hello from a reactor\n")

  (func (export "_initialize")
    (global.set $base (i32.const 100)))

  ;; (func (param i32 i32) (result i32)): the sum.
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  ;; (func (param i32) (result i32)): the argument plus what `_initialize` set.
  (func (export "add_base") (param i32) (result i32)
    (i32.add (local.get 0) (global.get $base)))

  ;; (func (param f64 f64) (result f64 i64)): the quotient, and the sum truncated.
  (func (export "divide") (param f64 f64) (result f64 i64)
    (f64.div (local.get 0) (local.get 1))
    (i64.trunc_sat_f64_s (f64.add (local.get 0) (local.get 1))))

  ;; Writes "hello from a reactor" to stdout; returns fd_write's errno.
  (func (export "greet") (result i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 21))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
