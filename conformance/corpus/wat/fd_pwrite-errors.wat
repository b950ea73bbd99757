;; fd_pwrite: refusals. EBADF for an fd that is not open and for fds without
;; FD_WRITE (stdin, the preopened directory, file.txt opened read-only, a file whose
;; FD_WRITE was dropped); ENOTCAPABLE for a writable file without FD_SEEK (opened
;; without it or dropped); EINVAL for an offset of 2^63 or more; ESPIPE for stdout,
;; a stream, when it has FD_SEEK (redirected to a file), else ENOTCAPABLE because
;; it has no FD_SEEK. Afterwards file.txt and the created file are unchanged.
(module
  (import "wasi_snapshot_preview1" "fd_pwrite"
    (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nwritten, 16 ciovec {1072, 4}, 256 fdstat / filestat.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1056) "new.txt")
  (data (i32.const 1072) "oops")

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

  ;; fd_pwrite of "oops" at $offset.
  (func $pwrite (param $fd i32) (param $offset i64) (result i32)
    (i32.store (i32.const 16) (i32.const 1072))
    (i32.store (i32.const 20) (i32.const 4))
    (call $fd_pwrite (local.get $fd) (i32.const 16) (i32.const 1) (local.get $offset) (i32.const 0)))

  ;; The size of the file behind $fd must be $want.
  (func $size_is (param $fd i32) (param $want i64) (param $code i32)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 288)) (local.get $want) (local.get $code)))

  (func (export "_start")
    (local $ro i32) (local $noseek i32) (local $fd i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $pwrite (i32.const 99) (i64.const 0)) (i32.const 8) (i32.const 10))
    ;; EBADF (8): stdin is not open for writing
    (call $check (call $pwrite (i32.const 0) (i64.const 0)) (i32.const 8) (i32.const 11))
    ;; EBADF (8): the preopened directory is not open for writing
    (call $check (call $pwrite (i32.const 3) (i64.const 0)) (i32.const 8) (i32.const 12))

    ;; file.txt read-only: FD_READ|FD_SEEK|FD_FILESTAT_GET (0x200006)
    (local.set $ro (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x200006) (i64.const 0) (i32.const 0) (i32.const 13)))
    ;; EBADF (8): opened without FD_WRITE
    (call $check (call $pwrite (local.get $ro) (i64.const 0)) (i32.const 8) (i32.const 14))

    ;; new.txt created (CREAT = 1) with FD_WRITE|FD_FILESTAT_GET (0x200040), no FD_SEEK
    (local.set $noseek (call $open (i32.const 1056) (i32.const 7) (i32.const 1)
                         (i64.const 0x200040) (i64.const 0) (i32.const 0) (i32.const 15)))
    ;; ENOTCAPABLE (76): no FD_SEEK
    (call $check (call $pwrite (local.get $noseek) (i64.const 0)) (i32.const 76) (i32.const 16))

    ;; new.txt with FD_WRITE|FD_SEEK|FD_FILESTAT_GET (0x200044)
    (local.set $fd (call $open (i32.const 1056) (i32.const 7) (i32.const 0)
                     (i64.const 0x200044) (i64.const 0) (i32.const 0) (i32.const 17)))
    ;; EINVAL (28): offset 2^63 is not a valid file offset
    (call $check (call $pwrite (local.get $fd) (i64.const 0x8000000000000000)) (i32.const 28) (i32.const 18))
    ;; EINVAL (28): offset 2^64 - 1
    (call $check (call $pwrite (local.get $fd) (i64.const -1)) (i32.const 28) (i32.const 19))
    ;; drop FD_SEEK (keep FD_WRITE|FD_FILESTAT_GET = 0x200040)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x200040) (i64.const 0))
      (i32.const 0) (i32.const 20))
    ;; ENOTCAPABLE (76): FD_SEEK was dropped
    (call $check (call $pwrite (local.get $fd) (i64.const 0)) (i32.const 76) (i32.const 21))
    ;; drop FD_WRITE too (keep FD_FILESTAT_GET = 0x200000)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x200000) (i64.const 0))
      (i32.const 0) (i32.const 22))
    ;; EBADF (8): FD_WRITE was dropped
    (call $check (call $pwrite (local.get $fd) (i64.const 0)) (i32.const 8) (i32.const 23))

    ;; nothing was written anywhere
    (call $size_is (local.get $ro) (i64.const 12) (i32.const 24))
    (call $size_is (local.get $fd) (i64.const 0) (i32.const 25))

    ;; stdout is a stream: ESPIPE (70) if it has FD_SEEK (0x4 in rights_base at
    ;; 256+8, only when redirected to a regular file), else ENOTCAPABLE (76).
    (call $check (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (i32.const 0) (i32.const 26))
    (if (i64.eqz (i64.and (i64.load (i32.const 264)) (i64.const 0x4)))
      (then
        ;; ENOTCAPABLE (76): stdout has no FD_SEEK
        (call $check (call $pwrite (i32.const 1) (i64.const 0)) (i32.const 76) (i32.const 27)))
      (else
        ;; ESPIPE (70): stdout is a stream, not positioned
        (call $check (call $pwrite (i32.const 1) (i64.const 0)) (i32.const 70) (i32.const 28))))
  )
)
