;; fd_filestat_set_times: fst_flags ATIM (1) and MTIM (4) set the access and
;; modification times to the given nanosecond timestamps, exactly; a time whose flag
;; is absent is left alone (flags 0 changes nothing); ATIM_NOW (2) and MTIM_NOW (8)
;; set the time to now (checked against clock_time_get(realtime) taken around the
;; call, with 1 s of slack for coarse filesystem clocks). Works on a created file,
;; on file.txt opened with no read or write right, and on the preopened directory.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_set_times"
    (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 clock time, 256 filestat (atim@296, mtim@304).
  (data (i32.const 1024) "times.txt")
  (data (i32.const 1040) "file.txt")

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

  ;; path_open relative to the preopen (fd 3), not following a final symlink.
  ;; Returns the new fd; fails with $code if path_open does not succeed.
  (func $open (param $path i32) (param $len i32) (param $oflags i32)
              (param $base i64) (param $inheriting i64) (param $fdflags i32)
              (param $code i32) (result i32)
    (call $check
      (call $path_open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len)
        (local.get $oflags) (local.get $base) (local.get $inheriting)
        (local.get $fdflags) (i32.const 936))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 936)))

  ;; fd_filestat_set_times must succeed.
  (func $set (param $fd i32) (param $atim i64) (param $mtim i64) (param $flags i32) (param $code i32)
    (call $check (call $fd_filestat_set_times (local.get $fd) (local.get $atim) (local.get $mtim)
                   (local.get $flags))
      (i32.const 0) (local.get $code)))

  ;; The file's atim and mtim must be $atim and $mtim: codes $code, $code+1.
  (func $times_are (param $fd i32) (param $atim i64) (param $mtim i64) (param $code i32)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 296)) (local.get $atim) (local.get $code))
    (call $check64 (i64.load (i32.const 304)) (local.get $mtim) (i32.add (local.get $code) (i32.const 1))))

  ;; The realtime clock now.
  (func $now (result i64)
    (call $check (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)) (i32.const 0) (i32.const 99))
    (i64.load (i32.const 0)))

  ;; Fails with $code unless $lo - 1 s <= $t <= $hi + 1 s.
  (func $within (param $t i64) (param $lo i64) (param $hi i64) (param $code i32)
    (if (i64.lt_u (local.get $t) (i64.sub (local.get $lo) (i64.const 1000000000)))
      (then (call $fail (local.get $code))))
    (if (i64.gt_u (local.get $t) (i64.add (local.get $hi) (i64.const 1000000000)))
      (then (call $fail (local.get $code)))))

  (func (export "_start")
    (local $fd i32) (local $ro i32) (local $t0 i64) (local $t1 i64)
    ;; times.txt created (CREAT = 1), FD_FILESTAT_GET|FD_FILESTAT_SET_TIMES|FD_WRITE
    ;; = 0xa00040
    (local.set $fd (call $open (i32.const 1024) (i32.const 9) (i32.const 1)
                     (i64.const 0xa00040) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; success (0): ATIM|MTIM (5) set both, to the nanosecond
    (call $set (local.get $fd) (i64.const 1000000000123456789) (i64.const 1234567890987654321)
      (i32.const 5) (i32.const 11))
    (call $times_are (local.get $fd) (i64.const 1000000000123456789) (i64.const 1234567890987654321)
      (i32.const 12))
    ;; success (0): MTIM (4) only; atim stays
    (call $set (local.get $fd) (i64.const 7) (i64.const 1500000000000000001) (i32.const 4) (i32.const 14))
    (call $times_are (local.get $fd) (i64.const 1000000000123456789) (i64.const 1500000000000000001)
      (i32.const 15))
    ;; success (0): ATIM (1) only, 1 ns after the epoch; mtim stays
    (call $set (local.get $fd) (i64.const 1) (i64.const 7) (i32.const 1) (i32.const 17))
    (call $times_are (local.get $fd) (i64.const 1) (i64.const 1500000000000000001) (i32.const 18))
    ;; success (0): no flags change nothing
    (call $set (local.get $fd) (i64.const 9) (i64.const 9) (i32.const 0) (i32.const 20))
    (call $times_are (local.get $fd) (i64.const 1) (i64.const 1500000000000000001) (i32.const 21))
    ;; success (0): ATIM 0, the epoch itself
    (call $set (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 1) (i32.const 23))
    (call $times_are (local.get $fd) (i64.const 0) (i64.const 1500000000000000001) (i32.const 24))

    ;; success (0): ATIM_NOW (2): atim is now, mtim stays
    (local.set $t0 (call $now))
    (call $set (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 2) (i32.const 26))
    (local.set $t1 (call $now))
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (i32.const 27))
    (call $within (i64.load (i32.const 296)) (local.get $t0) (local.get $t1) (i32.const 28))
    (call $check64 (i64.load (i32.const 304)) (i64.const 1500000000000000001) (i32.const 29))

    ;; success (0): MTIM_NOW|ATIM (9): atim = 5, mtim is now
    (local.set $t0 (call $now))
    (call $set (local.get $fd) (i64.const 5) (i64.const 0) (i32.const 9) (i32.const 30))
    (local.set $t1 (call $now))
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (i32.const 31))
    (call $check64 (i64.load (i32.const 296)) (i64.const 5) (i32.const 32))
    (call $within (i64.load (i32.const 304)) (local.get $t0) (local.get $t1) (i32.const 33))

    ;; success (0): ATIM_NOW|MTIM_NOW (10): both now
    (call $set (local.get $fd) (i64.const 1) (i64.const 1) (i32.const 5) (i32.const 34))
    (local.set $t0 (call $now))
    (call $set (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 10) (i32.const 35))
    (local.set $t1 (call $now))
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (i32.const 36))
    (call $within (i64.load (i32.const 296)) (local.get $t0) (local.get $t1) (i32.const 37))
    (call $within (i64.load (i32.const 304)) (local.get $t0) (local.get $t1) (i32.const 38))

    ;; file.txt opened with FD_FILESTAT_GET|FD_FILESTAT_SET_TIMES only (0xa00000):
    ;; success (0), no read or write access needed
    (local.set $ro (call $open (i32.const 1040) (i32.const 8) (i32.const 0)
                     (i64.const 0xa00000) (i64.const 0) (i32.const 0) (i32.const 39)))
    (call $set (local.get $ro) (i64.const 1111111111000000000) (i64.const 1222222222000000000)
      (i32.const 5) (i32.const 40))
    (call $times_are (local.get $ro) (i64.const 1111111111000000000) (i64.const 1222222222000000000)
      (i32.const 41))

    ;; success (0): the preopened directory has FD_FILESTAT_SET_TIMES
    (call $set (i32.const 3) (i64.const 1300000000000000003) (i64.const 1400000000000000004)
      (i32.const 5) (i32.const 43))
    (call $times_are (i32.const 3) (i64.const 1300000000000000003) (i64.const 1400000000000000004)
      (i32.const 44))
  )
)
