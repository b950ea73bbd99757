;; fd_close: EBADF for numbers that are not open: 4 (the first after the preopen),
;; 99, 0x7fffffff, 0xffffffff; and without any preopen (no root), fd 3.
;; Stdio stays usable after the refused closes.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; ---- helpers -------------------------------------------------------------
  ;; Bytes 936..1023 belong to the helpers: $open's fd out-pointer at 936, the
  ;; failure message's iovec at 944 and its nwritten at 952, the message at 960.
  (data (i32.const 960) "FAIL check 00\n")

  ;; Writes "FAIL check <code>" to stderr and exits with <code> (codes < 100).
  (func $fail (param $code i32)
    (i32.store8 (i32.const 971)
      (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 972)
      (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (i32.store (i32.const 944) (i32.const 960))
    (i32.store (i32.const 948) (i32.const 14))
    (drop (call $fd_write (i32.const 2) (i32.const 944) (i32.const 1) (i32.const 952)))
    (call $proc_exit (local.get $code))
    unreachable)

  ;; Fails with $code unless $got == $want.
  (func $check (param $got i32) (param $want i32) (param $code i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; Fails with $code unless $got == $want (64-bit).
  (func $check64 (param $got i64) (param $want i64) (param $code i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; 1 if the $len bytes at $a equal the $len bytes at $b, else 0.
  (func $mem_eq (param $a i32) (param $b i32) (param $len i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
          (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  (func (export "_start")
    ;; EBADF (8): no preopen here, so fd 3 is not open
    (call $check (call $fd_close (i32.const 3)) (i32.const 8) (i32.const 10))
    ;; EBADF (8): fd 4 is not open
    (call $check (call $fd_close (i32.const 4)) (i32.const 8) (i32.const 11))
    ;; EBADF (8): fd 99 is not open
    (call $check (call $fd_close (i32.const 99)) (i32.const 8) (i32.const 12))
    ;; EBADF (8): fd 0x7fffffff is not open
    (call $check (call $fd_close (i32.const 0x7fffffff)) (i32.const 8) (i32.const 13))
    ;; EBADF (8): fd 0xffffffff is not open
    (call $check (call $fd_close (i32.const -1)) (i32.const 8) (i32.const 14))
    ;; stdio is still open
    (call $check (call $fd_fdstat_get (i32.const 0) (i32.const 256)) (i32.const 0) (i32.const 15))
    (call $check (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (i32.const 0) (i32.const 16))
    (call $check (call $fd_fdstat_get (i32.const 2) (i32.const 256)) (i32.const 0) (i32.const 17))
  )
)
