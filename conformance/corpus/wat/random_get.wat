;; random_get fills exactly buf_len bytes at buf with random data and touches nothing else:
;; - 32 bytes: SUCCESS, the 8 bytes on either side keep their 0xAA, the 32 bytes are neither
;;   all 0x00 nor all 0xAA (a chance of 2^-256 each), and a second call gives other bytes;
;; - 4096 bytes: at least 200 of the 256 byte values appear (about 256 are expected);
;; - buf_len 0 writes nothing and succeeds, even with buf at the very end of memory;
;; - the last byte of memory, and the whole second page (buf 65536, buf_len 65536), are in
;;   bounds.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)

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

  ;; 1 if the n bytes at p all equal the byte b.
  (func $all (param $p i32) (param $n i32) (param $b i32) (result i32)
    (loop $next
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $p)) (local.get $b)) (then (return (i32.const 0))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))
    unreachable)

  (func (export "_start")
    (local $i i32) (local $distinct i32)
    ;; 2048..2136 = 0xAA; random bytes go to 2056..2088, then 2096..2128
    (memory.fill (i32.const 2048) (i32.const 0xAA) (i32.const 88))

    ;; SUCCESS (0): 32 bytes
    (call $eq32 (call $random_get (i32.const 2056) (i32.const 32)) (i32.const 0) (i32.const 10))
    ;; the 8 bytes before and after are untouched
    (call $eq64 (i64.load (i32.const 2048)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.const 11))
    (call $eq64 (i64.load (i32.const 2088)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.const 12))
    ;; the bytes were written: not still all 0xAA, and not all zero
    (call $eq32 (call $all (i32.const 2056) (i32.const 32) (i32.const 0xAA)) (i32.const 0) (i32.const 13))
    (call $eq32 (call $all (i32.const 2056) (i32.const 32) (i32.const 0)) (i32.const 0) (i32.const 14))
    ;; SUCCESS (0): another 32 bytes, different from the first
    (call $eq32 (call $random_get (i32.const 2096) (i32.const 32)) (i32.const 0) (i32.const 15))
    (call $eq32 (call $memeq (i32.const 2056) (i32.const 2096) (i32.const 32)) (i32.const 0) (i32.const 16))
    (call $eq64 (i64.load (i32.const 2128)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.const 17))

    ;; SUCCESS (0): 4096 bytes at 8192; count the distinct byte values with a table at 4096
    (call $eq32 (call $random_get (i32.const 8192) (i32.const 4096)) (i32.const 0) (i32.const 18))
    (memory.fill (i32.const 4096) (i32.const 0) (i32.const 256))
    (local.set $i (i32.const 0))
    (loop $each
      (i32.store8 (i32.add (i32.const 4096) (i32.load8_u (i32.add (i32.const 8192) (local.get $i))))
                  (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $i) (i32.const 4096))))
    (local.set $i (i32.const 0))
    (loop $count
      (local.set $distinct (i32.add (local.get $distinct) (i32.load8_u (i32.add (i32.const 4096) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $count (i32.lt_u (local.get $i) (i32.const 256))))
    (if (i32.lt_u (local.get $distinct) (i32.const 200)) (then (call $fail (i32.const 19))))

    ;; SUCCESS (0): buf_len 0 writes nothing
    (memory.fill (i32.const 1024) (i32.const 0xAA) (i32.const 8))
    (call $eq32 (call $random_get (i32.const 1024) (i32.const 0)) (i32.const 0) (i32.const 20))
    (call $eq64 (i64.load (i32.const 1024)) (i64.const 0xAAAAAAAAAAAAAAAA) (i32.const 21))
    ;; SUCCESS (0): buf_len 0 at the end of memory (131072, two pages)
    (call $eq32 (call $random_get (i32.const 131072) (i32.const 0)) (i32.const 0) (i32.const 22))
    ;; SUCCESS (0): the last byte of memory
    (call $eq32 (call $random_get (i32.const 131071) (i32.const 1)) (i32.const 0) (i32.const 23))
    ;; SUCCESS (0): the whole second page
    (call $eq32 (call $random_get (i32.const 65536) (i32.const 65536)) (i32.const 0) (i32.const 24))
    (call $eq32 (call $all (i32.const 65536) (i32.const 65536) (i32.const 0)) (i32.const 0) (i32.const 25))))
