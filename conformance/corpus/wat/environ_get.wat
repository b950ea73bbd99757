;; environ_get with the environment FOO=bar, EMPTY= and UTF8=ünï=x (see the .json): writes 3 u32
;; pointers at environ and the NUL-terminated "KEY=VALUE" strings at environ_buf, filling
;; exactly the 28 bytes environ_sizes_get reports. The order of the entries is not fixed (a
;; JSON object has none), so each expected string, NUL included, must be pointed at by exactly
;; one of the 3 pointers, and every string must lie inside the 28-byte buffer. Nothing is
;; written before or after the two regions.
(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
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

  ;; the expected entries, NUL-terminated
  (data (i32.const 512) "FOO=bar\00")                 ;; 8 bytes
  (data (i32.const 528) "EMPTY=\00")                  ;; 7 bytes
  (data (i32.const 544) "UTF8=\c3\bcn\c3\af=x\00")    ;; 13 bytes

  ;; How many of the 3 pointers at 2048 name the n bytes at $want, inside the 28-byte buffer
  ;; at 8192..8220 (a string that would run past its end does not count).
  (func $matches (param $want i32) (param $n i32) (result i32)
    (local $i i32) (local $p i32) (local $count i32)
    (loop $each
      (local.set $p (i32.load (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.le_u (i32.add (local.get $p) (local.get $n)) (i32.const 8220))
        (then
          (local.set $count (i32.add (local.get $count)
            (call $memeq (local.get $p) (local.get $want) (local.get $n))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (i32.const 3))))
    (local.get $count))

  ;; Fails check <code> unless the u32 pointer at $at is inside the buffer 8192..8220.
  (func $in_buf (param $at i32) (param $code i32)
    (local $p i32)
    (local.set $p (i32.load (local.get $at)))
    (if (i32.or (i32.lt_u (local.get $p) (i32.const 8192)) (i32.ge_u (local.get $p) (i32.const 8220)))
      (then (call $fail (local.get $code)))))

  (func (export "_start")
    ;; SUCCESS (0)
    (call $eq32 (call $environ_sizes_get (i32.const 1024) (i32.const 1028)) (i32.const 0) (i32.const 10))
    ;; count = 3
    (call $eq32 (i32.load (i32.const 1024)) (i32.const 3) (i32.const 11))
    ;; buf_size = 28
    (call $eq32 (i32.load (i32.const 1028)) (i32.const 28) (i32.const 12))

    ;; sentinels: pointer array at 2048 (12 bytes used), buffer at 8192 (28 bytes used)
    (memory.fill (i32.const 2048) (i32.const 0xAA) (i32.const 32))
    (memory.fill (i32.const 8176) (i32.const 0xAA) (i32.const 64))

    ;; SUCCESS (0)
    (call $eq32 (call $environ_get (i32.const 2048) (i32.const 8192)) (i32.const 0) (i32.const 13))
    ;; the 3 pointers point into the buffer
    (call $in_buf (i32.const 2048) (i32.const 20))
    (call $in_buf (i32.const 2052) (i32.const 21))
    (call $in_buf (i32.const 2056) (i32.const 22))
    ;; each entry appears exactly once, with its NUL
    (call $eq32 (call $matches (i32.const 512) (i32.const 8)) (i32.const 1) (i32.const 14))
    (call $eq32 (call $matches (i32.const 528) (i32.const 7)) (i32.const 1) (i32.const 15))
    (call $eq32 (call $matches (i32.const 544) (i32.const 13)) (i32.const 1) (i32.const 16))
    ;; nothing written after the 3 pointers, before the buffer, or after its 28 bytes
    (call $eq32 (i32.load (i32.const 2060)) (i32.const 0xAAAAAAAA) (i32.const 17))
    (call $eq32 (i32.load (i32.const 8188)) (i32.const 0xAAAAAAAA) (i32.const 18))
    (call $eq32 (i32.load (i32.const 8220)) (i32.const 0xAAAAAAAA) (i32.const 19))))
