;; poll_oneoff per-subscription errors on fds that exist (the call succeeds, nevents 1, the
;; event has the subscription's userdata and type and the errno in its error field):
;; - fd_read on file.txt opened with fd_read only (no poll_fd_readwrite right): ENOTCAPABLE;
;; - fd_read on file.txt opened with fd_read | poll_fd_readwrite, after fd_fdstat_set_rights
;;   dropped poll_fd_readwrite: ENOTCAPABLE;
;; - fd_write on stdout after fd_fdstat_set_rights dropped its poll_fd_readwrite: ENOTCAPABLE;
;; - fd_read on a file fd after fd_close: EBADF.
;; Directories: poll_oneoff-errors-dir.wat.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
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

  ;; Opens file.txt with rights $rights; fails check $code unless that succeeds.
  (func $open (param $rights i64) (param $code i32) (result i32)
    (call $eq32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 8) (i32.const 0)
                                 (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 1048))
                (i32.const 0) (local.get $code))
    (i32.load (i32.const 1048)))

  ;; Polls one fd subscription; fails check $code unless it gives one event with $error.
  (func $poll_one (param $userdata i64) (param $tag i32) (param $fd i32) (param $error i32) (param $code i32)
    (call $sub_fd (i32.const 0) (local.get $userdata) (local.get $tag) (local.get $fd))
    (call $eq32 (call $poll (i32.const 1)) (i32.const 0) (local.get $code))
    (call $nevents (i32.const 1) (local.get $code))
    (call $event (i32.const 0) (local.get $userdata) (local.get $error) (local.get $tag) (local.get $code)))

  (func (export "_start")
    (local $fd i32)
    ;; event error ENOTCAPABLE (76): file opened with fd_read (0x2) only
    (local.set $fd (call $open (i64.const 0x2) (i32.const 12)))
    (call $poll_one (i64.const 3) (i32.const 1) (local.get $fd) (i32.const 76) (i32.const 13))

    ;; file opened with fd_read | poll_fd_readwrite (0x8000002): SUCCESS (0), ready
    (local.set $fd (call $open (i64.const 0x8000002) (i32.const 14)))
    (call $poll_one (i64.const 4) (i32.const 1) (local.get $fd) (i32.const 0) (i32.const 15))
    ;; event error ENOTCAPABLE (76): once poll_fd_readwrite is dropped
    (call $eq32 (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0)) (i32.const 0) (i32.const 16))
    (call $poll_one (i64.const 5) (i32.const 1) (local.get $fd) (i32.const 76) (i32.const 17))

    ;; event error EBADF (8): the same fd once closed
    (call $eq32 (call $fd_close (local.get $fd)) (i32.const 0) (i32.const 18))
    (call $poll_one (i64.const 6) (i32.const 1) (local.get $fd) (i32.const 8) (i32.const 19))

    ;; stdout: SUCCESS (0), writable
    (call $poll_one (i64.const 7) (i32.const 2) (i32.const 1) (i32.const 0) (i32.const 20))
    ;; event error ENOTCAPABLE (76): stdout keeps only fd_write (0x40)
    (call $eq32 (call $fd_fdstat_set_rights (i32.const 1) (i64.const 0x40) (i64.const 0)) (i32.const 0) (i32.const 21))
    (call $poll_one (i64.const 8) (i32.const 2) (i32.const 1) (i32.const 76) (i32.const 22))))
