;; poll_oneoff with clock subscriptions. Each event checked is userdata, error 0 (SUCCESS),
;; type 0 (clock); nevents is a u32 at its pointer; events past nevents are not written.
;; - relative monotonic 20 ms: one event, not before 20 ms have passed on the monotonic clock;
;; - absolute monotonic (flags 1 = subscription_clock_abstime) now + 20 ms: the monotonic clock
;;   has reached the deadline when the call returns;
;; - absolute monotonic deadline in the past (0), relative timeout 0: at once;
;; - relative realtime 20 ms: not before 20 ms have passed (monotonic);
;; - absolute realtime now + 20 ms: the realtime clock has reached it on return;
;; - process_cputime_id and thread_cputime_id, relative 5 ms and absolute 0: an event comes;
;; - a 10 s and a 10 ms clock together: only the 10 ms one is reported (nevents 1), well
;;   before 10 s; the second event slot is not written;
;; - a large precision is only a hint: relative 0 with precision 2^63 is at once.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
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

  (func (export "_start")
    (local $t0 i64) (local $deadline i64)

    ;; relative monotonic 20 ms: SUCCESS (0)
    (call $sub_clock (i32.const 0) (i64.const 0x1122334455667788) (i32.const 1) (i64.const 20_000_000) (i32.const 0))
    (i32.store (i32.const 1028) (i32.const 0xAAAAAAAA))
    (local.set $t0 (call $mono))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 10))
    (if (i64.lt_u (i64.sub (call $mono) (local.get $t0)) (i64.const 20_000_000)) (then (call $fail (i32.const 11))))
    (call $nevents (i32.const 1) (i32.const 12))
    (call $event (i32.const 0) (i64.const 0x1122334455667788) (i32.const 0) (i32.const 0) (i32.const 13))
    (call $no_event (i32.const 1) (i32.const 14))
    ;; nothing past the u32 nevents
    (call $eq32 (i32.load (i32.const 1028)) (i32.const 0xAAAAAAAA) (i32.const 15))

    ;; absolute monotonic now + 20 ms: SUCCESS (0)
    (local.set $deadline (i64.add (call $mono) (i64.const 20_000_000)))
    (call $sub_clock (i32.const 0) (i64.const 2) (i32.const 1) (local.get $deadline) (i32.const 1))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 16))
    (if (i64.lt_u (call $mono) (local.get $deadline)) (then (call $fail (i32.const 17))))
    (call $nevents (i32.const 1) (i32.const 18))
    (call $event (i32.const 0) (i64.const 2) (i32.const 0) (i32.const 0) (i32.const 19))

    ;; absolute monotonic 0 (in the past): SUCCESS (0), at once
    (call $sub_clock (i32.const 0) (i64.const 3) (i32.const 1) (i64.const 0) (i32.const 1))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 20))
    (call $nevents (i32.const 1) (i32.const 21))
    (call $event (i32.const 0) (i64.const 3) (i32.const 0) (i32.const 0) (i32.const 22))

    ;; relative monotonic 0: SUCCESS (0), at once
    (call $sub_clock (i32.const 0) (i64.const 4) (i32.const 1) (i64.const 0) (i32.const 0))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 23))
    (call $nevents (i32.const 1) (i32.const 24))
    (call $event (i32.const 0) (i64.const 4) (i32.const 0) (i32.const 0) (i32.const 25))

    ;; relative realtime 20 ms: SUCCESS (0)
    (call $sub_clock (i32.const 0) (i64.const 5) (i32.const 0) (i64.const 20_000_000) (i32.const 0))
    (local.set $t0 (call $mono))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 26))
    (if (i64.lt_u (i64.sub (call $mono) (local.get $t0)) (i64.const 20_000_000)) (then (call $fail (i32.const 27))))
    (call $nevents (i32.const 1) (i32.const 28))
    (call $event (i32.const 0) (i64.const 5) (i32.const 0) (i32.const 0) (i32.const 29))

    ;; absolute realtime now + 20 ms: SUCCESS (0)
    (local.set $deadline (i64.add (call $real) (i64.const 20_000_000)))
    (call $sub_clock (i32.const 0) (i64.const 6) (i32.const 0) (local.get $deadline) (i32.const 1))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 30))
    (if (i64.lt_u (call $real) (local.get $deadline)) (then (call $fail (i32.const 31))))
    (call $nevents (i32.const 1) (i32.const 32))
    (call $event (i32.const 0) (i64.const 6) (i32.const 0) (i32.const 0) (i32.const 33))

    ;; process_cputime_id, relative 5 ms: SUCCESS (0), an event
    (call $sub_clock (i32.const 0) (i64.const 7) (i32.const 2) (i64.const 5_000_000) (i32.const 0))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 34))
    (call $nevents (i32.const 1) (i32.const 35))
    (call $event (i32.const 0) (i64.const 7) (i32.const 0) (i32.const 0) (i32.const 36))
    ;; thread_cputime_id, relative 5 ms: SUCCESS (0), an event
    (call $sub_clock (i32.const 0) (i64.const 8) (i32.const 3) (i64.const 5_000_000) (i32.const 0))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 37))
    (call $nevents (i32.const 1) (i32.const 38))
    (call $event (i32.const 0) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 39))
    ;; process_cputime_id, absolute 0 (in the past): SUCCESS (0), an event
    (call $sub_clock (i32.const 0) (i64.const 9) (i32.const 2) (i64.const 0) (i32.const 1))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 40))
    (call $nevents (i32.const 1) (i32.const 41))
    (call $event (i32.const 0) (i64.const 9) (i32.const 0) (i32.const 0) (i32.const 42))

    ;; 10 s and 10 ms together: SUCCESS (0), only the 10 ms one
    (call $sub_clock (i32.const 0) (i64.const 10) (i32.const 1) (i64.const 10_000_000_000) (i32.const 0))
    (call $sub_clock (i32.const 1) (i64.const 11) (i32.const 1) (i64.const 10_000_000) (i32.const 0))
    (local.set $t0 (call $mono))
    (call $eq32 (call $poll (i32.const 2)) (i32.const 0) (i32.const 43))
    (if (i64.ge_u (i64.sub (call $mono) (local.get $t0)) (i64.const 5_000_000_000)) (then (call $fail (i32.const 44))))
    (call $nevents (i32.const 1) (i32.const 45))
    (call $event (i32.const 0) (i64.const 11) (i32.const 0) (i32.const 0) (i32.const 46))
    (call $no_event (i32.const 1) (i32.const 47))

    ;; relative 0 with precision 2^63: SUCCESS (0), at once
    (call $sub_clock (i32.const 0) (i64.const 12) (i32.const 1) (i64.const 0) (i32.const 0))
    (i64.store (i32.const 4128) (i64.const 0x8000000000000000))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (i32.const 48))
    (call $nevents (i32.const 1) (i32.const 49))
    (call $event (i32.const 0) (i64.const 12) (i32.const 0) (i32.const 0) (i32.const 50))))
