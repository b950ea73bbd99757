;; proc_raise never signals the host; the signal's default action is applied to the guest
;; (see RATIONALE.md, "proc_raise"). This test covers the signals that return:
;; - 0 (none) and the signals ignored by default, CHLD (16), CONT (17), URG (22) and
;;   WINCH (27): SUCCESS, nothing happens;
;; - the stop signals STOP (18), TSTP (19), TTIN (20), TTOU (21): ENOTSUP, a guest cannot be
;;   stopped;
;; - numbers that are not signals (31, the first past SYS = 30; 64; 256; 0xFFFFFFFF): EINVAL.
;; Terminating signals trap: proc_raise-abrt-trap.wat, proc_raise-term-trap.wat.
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; ---- helpers: bytes 0..31 are reserved for $fail's message ----
  (data (i32.const 16) "FAIL xx\n")

  ;; Writes "FAIL <code>\n" to fd 2, then exits with <code> (a check number, 10..99).
  (func $fail (param $code i32)
    (i32.store8 (i32.const 21) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 22) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (local.get $code))
    unreachable)

  ;; Fails check <code> unless got == want.
  (func $eq32 (param $got i32) (param $want i32) (param $code i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; Fails check <code> unless got == want (64-bit).
  (func $eq64 (param $got i64) (param $want i64) (param $code i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; 1 if the n bytes at a and at b are equal, else 0.
  (func $memeq (param $a i32) (param $b i32) (param $n i32) (result i32)
    (loop $next
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
        (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))
    unreachable)

  (func (export "_start")
    ;; SUCCESS (0): signal 0 (none)
    (call $eq32 (call $proc_raise (i32.const 0)) (i32.const 0) (i32.const 10))
    ;; SUCCESS (0): CHLD (16), ignored by default
    (call $eq32 (call $proc_raise (i32.const 16)) (i32.const 0) (i32.const 11))
    ;; SUCCESS (0): CONT (17), ignored by default (the guest is not stopped)
    (call $eq32 (call $proc_raise (i32.const 17)) (i32.const 0) (i32.const 12))
    ;; SUCCESS (0): URG (22), ignored by default
    (call $eq32 (call $proc_raise (i32.const 22)) (i32.const 0) (i32.const 13))
    ;; SUCCESS (0): WINCH (27), ignored by default
    (call $eq32 (call $proc_raise (i32.const 27)) (i32.const 0) (i32.const 14))

    ;; ENOTSUP (58): STOP (18)
    (call $eq32 (call $proc_raise (i32.const 18)) (i32.const 58) (i32.const 20))
    ;; ENOTSUP (58): TSTP (19)
    (call $eq32 (call $proc_raise (i32.const 19)) (i32.const 58) (i32.const 21))
    ;; ENOTSUP (58): TTIN (20)
    (call $eq32 (call $proc_raise (i32.const 20)) (i32.const 58) (i32.const 22))
    ;; ENOTSUP (58): TTOU (21)
    (call $eq32 (call $proc_raise (i32.const 21)) (i32.const 58) (i32.const 23))

    ;; EINVAL (28): 31 is not a signal
    (call $eq32 (call $proc_raise (i32.const 31)) (i32.const 28) (i32.const 30))
    ;; EINVAL (28): 64 is not a signal
    (call $eq32 (call $proc_raise (i32.const 64)) (i32.const 28) (i32.const 31))
    ;; EINVAL (28): 256 is not a signal (not 0 with a high byte set)
    (call $eq32 (call $proc_raise (i32.const 256)) (i32.const 28) (i32.const 32))
    ;; EINVAL (28): 0xFFFFFFFF is not a signal
    (call $eq32 (call $proc_raise (i32.const 0xFFFFFFFF)) (i32.const 28) (i32.const 33))

    ;; the guest still runs normally: SUCCESS (0) again
    (call $eq32 (call $proc_raise (i32.const 0)) (i32.const 0) (i32.const 34))))
