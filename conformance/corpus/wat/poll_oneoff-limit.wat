;; poll_oneoff accepts at most 65,536 subscriptions (RATIONALE.md, "At most 65,536
;; subscriptions"). Both arrays are in bounds here (100 pages of memory), so only the count
;; decides:
;; - 65,537 subscriptions: EINVAL, nevents not written;
;; - 65,536 subscriptions: SUCCESS, all are due at once (all-zero subscriptions: tag clock,
;;   realtime, relative timeout 0), so nevents = 65,536 and the last event has error 0 and
;;   type 0 (clock).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  ;; subscriptions at 0x10000 (65,537 * 48 bytes, to 0x310030), events at 0x400000
  ;; (65,537 * 32 bytes, to 0x600020), 100 pages = 0x640000 bytes
  (memory (export "memory") 100)

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
    (i32.store (i32.const 1024) (i32.const 0xAAAAAAAA))
    ;; EINVAL (28): 65,537 subscriptions is one too many
    (call $eq32 (call $poll_oneoff (i32.const 0x10000) (i32.const 0x400000) (i32.const 65537) (i32.const 1024))
                (i32.const 28) (i32.const 10))
    (call $eq32 (i32.load (i32.const 1024)) (i32.const 0xAAAAAAAA) (i32.const 11))

    ;; SUCCESS (0): 65,536 subscriptions, all due
    ;; the slot of the last event is 0xFF until written
    (memory.fill (i32.const 0x5FFFE0) (i32.const 0xFF) (i32.const 32))
    (call $eq32 (call $poll_oneoff (i32.const 0x10000) (i32.const 0x400000) (i32.const 65536) (i32.const 1024))
                (i32.const 0) (i32.const 12))
    (call $eq32 (i32.load (i32.const 1024)) (i32.const 65536) (i32.const 13))
    ;; the last event (number 65,535, at 0x400000 + 65,535 * 32): userdata 0, error 0, type 0
    (call $eq64 (i64.load (i32.const 0x5FFFE0)) (i64.const 0) (i32.const 14))
    (call $eq32 (i32.load16_u (i32.const 0x5FFFE8)) (i32.const 0) (i32.const 15))
    (call $eq32 (i32.load8_u (i32.const 0x5FFFEA)) (i32.const 0) (i32.const 16))))
