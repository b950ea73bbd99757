;; clock_res_get: for each of the four clocks (0 realtime, 1 monotonic, 2 process_cputime_id,
;; 3 thread_cputime_id) succeeds and writes a resolution as a u64 at the pointer: not 0 and at
;; most one second; nothing around the 8 bytes is written. The last 8 bytes of memory are in
;; bounds. An unknown clock id (4, 9, 256, 0xFFFFFFFF) is EINVAL and writes nothing.
(module
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
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

  ;; Checks clock $id: checks $code .. $code + 4.
  (func $check_clock (param $id i32) (param $code i32)
    (local $res i64)
    (memory.fill (i32.const 1024) (i32.const 0xAA) (i32.const 32))
    ;; SUCCESS (0)
    (call $eq32 (call $clock_res_get (local.get $id) (i32.const 1032)) (i32.const 0) (local.get $code))
    (local.set $res (i64.load (i32.const 1032)))
    ;; resolution > 0
    (if (i64.eqz (local.get $res))
      (then (call $fail (i32.add (local.get $code) (i32.const 1)))))
    ;; resolution <= 1 s
    (if (i64.gt_u (local.get $res) (i64.const 1_000_000_000))
      (then (call $fail (i32.add (local.get $code) (i32.const 2)))))
    ;; the 8 bytes before and after are untouched
    (call $eq64 (i64.load (i32.const 1024)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.add (local.get $code) (i32.const 3)))
    (call $eq64 (i64.load (i32.const 1040)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.add (local.get $code) (i32.const 4))))

  ;; Checks that clock $id is EINVAL and writes nothing: checks $code, $code + 1.
  (func $check_bad (param $id i32) (param $code i32)
    (memory.fill (i32.const 1024) (i32.const 0xAA) (i32.const 32))
    ;; EINVAL (28): not a clock id
    (call $eq32 (call $clock_res_get (local.get $id) (i32.const 1032)) (i32.const 28) (local.get $code))
    (call $eq64 (i64.load (i32.const 1032)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.add (local.get $code) (i32.const 1))))

  (func (export "_start")
    ;; realtime
    (call $check_clock (i32.const 0) (i32.const 10))
    ;; monotonic
    (call $check_clock (i32.const 1) (i32.const 15))
    ;; process_cputime_id
    (call $check_clock (i32.const 2) (i32.const 20))
    ;; thread_cputime_id
    (call $check_clock (i32.const 3) (i32.const 25))

    ;; SUCCESS (0): the last 8 bytes of memory
    (call $eq32 (call $clock_res_get (i32.const 1) (i32.const 65528)) (i32.const 0) (i32.const 30))
    (if (i64.eqz (i64.load (i32.const 65528))) (then (call $fail (i32.const 31))))

    ;; EINVAL (28): clock id 4, the first one past thread_cputime_id
    (call $check_bad (i32.const 4) (i32.const 40))
    ;; EINVAL (28): clock id 9
    (call $check_bad (i32.const 9) (i32.const 42))
    ;; EINVAL (28): clock id 256 (not realtime with a high byte set)
    (call $check_bad (i32.const 256) (i32.const 44))
    ;; EINVAL (28): clock id 0xFFFFFFFF
    (call $check_bad (i32.const 0xFFFFFFFF) (i32.const 46))))
