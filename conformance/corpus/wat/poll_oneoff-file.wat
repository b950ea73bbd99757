;; poll_oneoff on a regular file (file.txt, "hello, wasi\n", 12 bytes, opened read-write with
;; fd_read, fd_seek, fd_write and poll_fd_readwrite): regular files are always ready.
;; - fd_read at offset 0: one event, error 0 (SUCCESS), type 1 (fd_read), nbytes = 12 (the
;;   bytes left to read), flags 0 (no hangup);
;; - after fd_seek to 5: nbytes = 7; at 12 (end of file): still ready, nbytes = 0;
;; - fd_write: ready, type 2 (fd_write);
;; - fd_read + fd_write + a 10 s clock: the two fd events (either order), no clock event, at
;;   once.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
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

  ;; ---- poll helpers: subscriptions at 4096 (48 bytes each), events at 8192 (32 bytes each),
  ;; nevents at 1024 ----

  ;; Writes subscription $i: a clock subscription.
  (func $sub_clock (param $i i32) (param $userdata i64) (param $id i32) (param $timeout i64) (param $flags i32)
    (local $p i32)
    (local.set $p (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 48))))
    (memory.fill (local.get $p) (i32.const 0) (i32.const 48))
    (i64.store (local.get $p) (local.get $userdata))           ;; userdata
    (i32.store8 offset=8 (local.get $p) (i32.const 0))         ;; tag: clock
    (i32.store offset=16 (local.get $p) (local.get $id))       ;; clock id
    (i64.store offset=24 (local.get $p) (local.get $timeout))  ;; timeout
    (i64.store offset=32 (local.get $p) (i64.const 0))         ;; precision
    (i32.store16 offset=40 (local.get $p) (local.get $flags))) ;; flags

  ;; Writes subscription $i: tag $tag (1 fd_read, 2 fd_write) on fd $fd.
  (func $sub_fd (param $i i32) (param $userdata i64) (param $tag i32) (param $fd i32)
    (local $p i32)
    (local.set $p (i32.add (i32.const 4096) (i32.mul (local.get $i) (i32.const 48))))
    (memory.fill (local.get $p) (i32.const 0) (i32.const 48))
    (i64.store (local.get $p) (local.get $userdata))           ;; userdata
    (i32.store8 offset=8 (local.get $p) (local.get $tag))      ;; tag
    (i32.store offset=16 (local.get $p) (local.get $fd)))      ;; file_descriptor

  ;; Fills the events (room for $n + 2) and nevents with 0xAA, then polls the first $n
  ;; subscriptions; returns the errno.
  (func $poll (param $n i32) (result i32)
    (memory.fill (i32.const 8192) (i32.const 0xAA) (i32.mul (i32.add (local.get $n) (i32.const 2)) (i32.const 32)))
    (i32.store (i32.const 1024) (i32.const 0xAAAAAAAA))
    (call $poll_oneoff (i32.const 4096) (i32.const 8192) (local.get $n) (i32.const 1024)))

  ;; Fails check $code unless event $k has this userdata, error and type.
  (func $event (param $k i32) (param $userdata i64) (param $error i32) (param $type i32) (param $code i32)
    (local $p i32)
    (local.set $p (i32.add (i32.const 8192) (i32.shl (local.get $k) (i32.const 5))))
    (call $eq64 (i64.load (local.get $p)) (local.get $userdata) (local.get $code))
    (call $eq32 (i32.load16_u offset=8 (local.get $p)) (local.get $error) (local.get $code))
    (call $eq32 (i32.load8_u offset=10 (local.get $p)) (local.get $type) (local.get $code)))

  ;; Fails check $code unless event $k was not written (still 0xAA).
  (func $no_event (param $k i32) (param $code i32)
    (call $eq64 (i64.load (i32.add (i32.const 8192) (i32.shl (local.get $k) (i32.const 5))))
                (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code)))

  ;; Fails check $code unless nevents is $n.
  (func $nevents (param $n i32) (param $code i32)
    (call $eq32 (i32.load (i32.const 1024)) (local.get $n) (local.get $code)))

  ;; The monotonic clock, in nanoseconds.
  (func $mono (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 1040)))
    (i64.load (i32.const 1040)))

  ;; The realtime clock, in nanoseconds.
  (func $real (result i64)
    (drop (call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 1040)))
    (i64.load (i32.const 1040)))

  (data (i32.const 256) "file.txt")

  (func (export "_start")
    (local $fd i32) (local $t0 i64)
    ;; open file.txt: rights fd_read (0x2) | fd_seek (0x4) | fd_write (0x40) | poll_fd_readwrite (0x8000000)
    (call $eq32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 8) (i32.const 0)
                                 (i64.const 0x8000046) (i64.const 0) (i32.const 0) (i32.const 1048))
                (i32.const 0) (i32.const 10))
    (local.set $fd (i32.load (i32.const 1048)))

    ;; fd_read at offset 0: SUCCESS (0), nbytes 12, flags 0
    (call $sub_fd (i32.const 0) (i64.const 0x0101) (i32.const 1) (local.get $fd))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 11))
    (call $nevents (i32.const 1) (i32.const 12))
    (call $event (i32.const 0) (i64.const 0x0101) (i32.const 0) (i32.const 1) (i32.const 13))
    (call $eq64 (i64.load (i32.const 8208)) (i64.const 12) (i32.const 14))
    (call $eq32 (i32.load16_u (i32.const 8216)) (i32.const 0) (i32.const 15))

    ;; fd_read at offset 5: SUCCESS (0), nbytes 7
    (call $eq32 (call $fd_seek (local.get $fd) (i64.const 5) (i32.const 0) (i32.const 1056)) (i32.const 0) (i32.const 16))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 17))
    (call $nevents (i32.const 1) (i32.const 18))
    (call $event (i32.const 0) (i64.const 0x0101) (i32.const 0) (i32.const 1) (i32.const 19))
    (call $eq64 (i64.load (i32.const 8208)) (i64.const 7) (i32.const 20))

    ;; fd_read at end of file: SUCCESS (0), still ready, nbytes 0
    (call $eq32 (call $fd_seek (local.get $fd) (i64.const 12) (i32.const 0) (i32.const 1056)) (i32.const 0) (i32.const 21))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 22))
    (call $nevents (i32.const 1) (i32.const 23))
    (call $event (i32.const 0) (i64.const 0x0101) (i32.const 0) (i32.const 1) (i32.const 24))
    (call $eq64 (i64.load (i32.const 8208)) (i64.const 0) (i32.const 25))

    ;; fd_write: SUCCESS (0), ready
    (call $sub_fd (i32.const 0) (i64.const 0x0202) (i32.const 2) (local.get $fd))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 26))
    (call $nevents (i32.const 1) (i32.const 27))
    (call $event (i32.const 0) (i64.const 0x0202) (i32.const 0) (i32.const 2) (i32.const 28))

    ;; fd_read + 10 s clock + fd_write (back at offset 0): SUCCESS (0), the two fd events
    (call $eq32 (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 1056)) (i32.const 0) (i32.const 29))
    (call $sub_fd (i32.const 0) (i64.const 0x0303) (i32.const 1) (local.get $fd))
    (call $sub_clock (i32.const 1) (i64.const 0x0404) (i32.const 1) (i64.const 10_000_000_000) (i32.const 0))
    (call $sub_fd (i32.const 2) (i64.const 0x0505) (i32.const 2) (local.get $fd))
    (local.set $t0 (call $mono))
    (call $eq32 (call $poll (i32.const 3)) (i32.const 0) (i32.const 30))
    (if (i64.ge_u (i64.sub (call $mono) (local.get $t0)) (i64.const 5_000_000_000)) (then (call $fail (i32.const 31))))
    (call $nevents (i32.const 2) (i32.const 32))
    (if (i64.eq (i64.load (i32.const 8192)) (i64.const 0x0303))
      (then
        (call $event (i32.const 0) (i64.const 0x0303) (i32.const 0) (i32.const 1) (i32.const 33))
        (call $eq64 (i64.load (i32.const 8208)) (i64.const 12) (i32.const 34))
        (call $event (i32.const 1) (i64.const 0x0505) (i32.const 0) (i32.const 2) (i32.const 35)))
      (else
        (call $event (i32.const 0) (i64.const 0x0505) (i32.const 0) (i32.const 2) (i32.const 36))
        (call $event (i32.const 1) (i64.const 0x0303) (i32.const 0) (i32.const 1) (i32.const 37))
        (call $eq64 (i64.load (i32.const 8240)) (i64.const 12) (i32.const 38))))
    (call $no_event (i32.const 2) (i32.const 39))))
