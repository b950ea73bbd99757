;; fd_write: every buffer of the list is checked, even one past the 64th that a
;; single call would not get to: 64 valid ciovecs of 1 byte and a 65th whose buffer
;; is outside memory ({65536, 1}) trap, and nothing is written to stdout. The guest
;; never reaches proc_exit(10). wasi-run exits 134 on a trap.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "x")

  (func (export "_start")
    (local $i i32)
    ;; ciovecs 0..63 at 2048: {1024, 1}
    (loop $fill
      (i32.store (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 3)))
        (i32.const 1024))
      (i32.store (i32.add (i32.const 2052) (i32.shl (local.get $i) (i32.const 3)))
        (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 64))))
    ;; ciovec 64 (at 2048 + 512): {65536, 1}, outside memory
    (i32.store (i32.const 2560) (i32.const 65536))
    (i32.store (i32.const 2564) (i32.const 1))
    ;; trap: the 65th buffer is outside memory
    (drop (call $fd_write (i32.const 1) (i32.const 2048) (i32.const 65) (i32.const 0)))
    (call $proc_exit (i32.const 10)))
)
