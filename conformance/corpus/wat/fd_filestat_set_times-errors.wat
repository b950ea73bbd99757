;; fd_filestat_set_times: refusals. EBADF for an fd that is not open; EINVAL for
;; ATIM with ATIM_NOW (3), MTIM with MTIM_NOW (12), all four (15), a bit fstflags
;; does not define (16), and ATIM with a bit above the u16 (0x10001); ENOTCAPABLE
;; without FD_FILESTAT_SET_TIMES: file.txt opened without it, a file whose right was
;; dropped, stdout. The times are unchanged by every refusal.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_set_times"
    (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 256 filestat (atim@296, mtim@304).
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

  ;; fd_filestat_set_times with atim 1 and mtim 2.
  (func $set (param $fd i32) (param $flags i32) (result i32)
    (call $fd_filestat_set_times (local.get $fd) (i64.const 1) (i64.const 2) (local.get $flags)))

  ;; The file's times must be atim 1000000000000000000, mtim 1100000000000000000.
  (func $unchanged (param $fd i32) (param $code i32)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 296)) (i64.const 1000000000000000000) (local.get $code))
    (call $check64 (i64.load (i32.const 304)) (i64.const 1100000000000000000) (local.get $code)))

  (func (export "_start")
    (local $fd i32) (local $noright i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $set (i32.const 99) (i32.const 5)) (i32.const 8) (i32.const 10))

    ;; times.txt created (CREAT = 1), FD_FILESTAT_GET|FD_FILESTAT_SET_TIMES (0xa00000),
    ;; with known times
    (local.set $fd (call $open (i32.const 1024) (i32.const 9) (i32.const 1)
                     (i64.const 0xa00000) (i64.const 0) (i32.const 0) (i32.const 11)))
    (call $check (call $fd_filestat_set_times (local.get $fd) (i64.const 1000000000000000000)
                   (i64.const 1100000000000000000) (i32.const 5))
      (i32.const 0) (i32.const 12))
    (call $unchanged (local.get $fd) (i32.const 13))

    ;; EINVAL (28): ATIM|ATIM_NOW (3)
    (call $check (call $set (local.get $fd) (i32.const 3)) (i32.const 28) (i32.const 14))
    ;; EINVAL (28): MTIM|MTIM_NOW (12)
    (call $check (call $set (local.get $fd) (i32.const 12)) (i32.const 28) (i32.const 15))
    ;; EINVAL (28): all four (15)
    (call $check (call $set (local.get $fd) (i32.const 15)) (i32.const 28) (i32.const 16))
    ;; EINVAL (28): bit 4 (16) is not a flag
    (call $check (call $set (local.get $fd) (i32.const 16)) (i32.const 28) (i32.const 17))
    ;; EINVAL (28): ATIM with a bit above the u16 (0x10001)
    (call $check (call $set (local.get $fd) (i32.const 0x10001)) (i32.const 28) (i32.const 18))
    (call $unchanged (local.get $fd) (i32.const 19))

    ;; ENOTCAPABLE (76): stdout has no FD_FILESTAT_SET_TIMES
    (call $check (call $set (i32.const 1) (i32.const 5)) (i32.const 76) (i32.const 20))

    ;; file.txt with FD_FILESTAT_GET only (0x200000)
    (local.set $noright (call $open (i32.const 1040) (i32.const 8) (i32.const 0)
                          (i64.const 0x200000) (i64.const 0) (i32.const 0) (i32.const 21)))
    ;; ENOTCAPABLE (76): opened without FD_FILESTAT_SET_TIMES
    (call $check (call $set (local.get $noright) (i32.const 5)) (i32.const 76) (i32.const 22))
    ;; ENOTCAPABLE (76): ... also for the _NOW flags
    (call $check (call $set (local.get $noright) (i32.const 10)) (i32.const 76) (i32.const 23))

    ;; drop FD_FILESTAT_SET_TIMES from times.txt (keep FD_FILESTAT_GET = 0x200000)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x200000) (i64.const 0))
      (i32.const 0) (i32.const 24))
    ;; ENOTCAPABLE (76): the right was dropped
    (call $check (call $set (local.get $fd) (i32.const 5)) (i32.const 76) (i32.const 25))
    (call $unchanged (local.get $fd) (i32.const 26))
  )
)
