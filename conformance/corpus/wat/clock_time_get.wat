;; clock_time_get: succeeds on the four clocks and writes a u64 timestamp (nanoseconds) at the
;; pointer, nothing around it:
;; - realtime is between 2020-09-13 (1.6e18 ns) and 2100-01-01 (4102444800e9 ns);
;; - monotonic never goes back and does advance (read in a loop until it changes);
;; - process_cputime_id and thread_cputime_id never go back and advance while the guest
;;   computes (read in a loop until they change);
;; - precision is a hint: 0, 1 and 0xFFFFFFFFFFFFFFFF are all accepted.
;; The last 8 bytes of memory are in bounds. An unknown clock id (4, 9, 256, 0xFFFFFFFF) is
;; EINVAL and writes nothing.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
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

  ;; Reads clock $id with precision $prec at 1032, with sentinels around it; fails check
  ;; $code if the call does not succeed (0) or writes outside the 8 bytes.
  (func $now (param $id i32) (param $prec i64) (param $code i32) (result i64)
    (memory.fill (i32.const 1024) (i32.const 0xAA) (i32.const 32))
    ;; SUCCESS (0)
    (call $eq32 (call $clock_time_get (local.get $id) (local.get $prec) (i32.const 1032)) (i32.const 0) (local.get $code))
    (call $eq64 (i64.load (i32.const 1024)) (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code))
    (call $eq64 (i64.load (i32.const 1040)) (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code))
    (i64.load (i32.const 1032)))

  ;; Reads clock $id until it differs from its first reading (at most 100,000,000 tries);
  ;; fails $code if it goes back, $code + 1 if it never changes.
  (func $advances (param $id i32) (param $code i32)
    (local $first i64) (local $t i64) (local $tries i32)
    (local.set $first (call $now (local.get $id) (i64.const 0) (local.get $code)))
    (local.set $tries (i32.const 100_000_000))
    (loop $again
      (local.set $t (call $now (local.get $id) (i64.const 0) (local.get $code)))
      (if (i64.lt_u (local.get $t) (local.get $first)) (then (call $fail (local.get $code))))
      (if (i64.eq (local.get $t) (local.get $first))
        (then
          (local.set $tries (i32.sub (local.get $tries) (i32.const 1)))
          (if (i32.eqz (local.get $tries))
            (then (call $fail (i32.add (local.get $code) (i32.const 1)))))
          (br $again)))))

  ;; Checks that clock $id is EINVAL and writes nothing: checks $code, $code + 1.
  (func $check_bad (param $id i32) (param $code i32)
    (memory.fill (i32.const 1024) (i32.const 0xAA) (i32.const 32))
    ;; EINVAL (28): not a clock id
    (call $eq32 (call $clock_time_get (local.get $id) (i64.const 0) (i32.const 1032)) (i32.const 28) (local.get $code))
    (call $eq64 (i64.load (i32.const 1032)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.add (local.get $code) (i32.const 1))))

  (func (export "_start")
    (local $t i64) (local $t2 i64)
    ;; realtime: SUCCESS (0), a date between 2020 and 2100
    (local.set $t (call $now (i32.const 0) (i64.const 1) (i32.const 10)))
    (if (i64.lt_u (local.get $t) (i64.const 1_600_000_000_000_000_000)) (then (call $fail (i32.const 11))))
    (if (i64.gt_u (local.get $t) (i64.const 4_102_444_800_000_000_000)) (then (call $fail (i32.const 12))))
    ;; realtime with the largest precision: SUCCESS (0), not earlier than before
    (local.set $t2 (call $now (i32.const 0) (i64.const -1) (i32.const 13)))
    (if (i64.lt_u (local.get $t2) (local.get $t)) (then (call $fail (i32.const 14))))

    ;; monotonic: SUCCESS (0), non-decreasing, advances
    (call $advances (i32.const 1) (i32.const 15))
    (local.set $t (call $now (i32.const 1) (i64.const -1) (i32.const 17)))
    (local.set $t2 (call $now (i32.const 1) (i64.const 1) (i32.const 18)))
    (if (i64.lt_u (local.get $t2) (local.get $t)) (then (call $fail (i32.const 19))))

    ;; process_cputime_id: SUCCESS (0), non-decreasing, advances while the guest runs
    (call $advances (i32.const 2) (i32.const 20))
    ;; thread_cputime_id: SUCCESS (0), non-decreasing, advances while the guest runs
    (call $advances (i32.const 3) (i32.const 22))

    ;; SUCCESS (0): the last 8 bytes of memory
    (call $eq32 (call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 65528)) (i32.const 0) (i32.const 30))
    (if (i64.lt_u (i64.load (i32.const 65528)) (i64.const 1_600_000_000_000_000_000)) (then (call $fail (i32.const 31))))

    ;; EINVAL (28): clock id 4, the first one past thread_cputime_id
    (call $check_bad (i32.const 4) (i32.const 40))
    ;; EINVAL (28): clock id 9
    (call $check_bad (i32.const 9) (i32.const 42))
    ;; EINVAL (28): clock id 256 (not realtime with a high byte set)
    (call $check_bad (i32.const 256) (i32.const 44))
    ;; EINVAL (28): clock id 0xFFFFFFFF
    (call $check_bad (i32.const 0xFFFFFFFF) (i32.const 46))))
