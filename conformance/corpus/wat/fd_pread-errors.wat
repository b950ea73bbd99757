;; fd_pread: refusals. EBADF for an fd that is not open and for fds without FD_READ
;; (stdout, the preopened directory, a file opened write-only, a file whose FD_READ
;; was dropped); ENOTCAPABLE for a readable file without FD_SEEK (opened without it
;; or dropped); EINVAL for an offset of 2^63 or more (not a valid file offset);
;; ESPIPE for stdin, a stream, when it has FD_SEEK (redirected from a file), else
;; ENOTCAPABLE because it has no FD_SEEK.
(module
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread, 16 iovec {512, 16}, 256 fdstat, 512 buffer.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1056) "new.txt")

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

  ;; fd_pread of up to 16 bytes into 512 from $offset.
  (func $pread (param $fd i32) (param $offset i64) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 16))
    (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (local.get $offset) (i32.const 0)))

  (func (export "_start")
    (local $fd i32) (local $wo i32) (local $noseek i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $pread (i32.const 99) (i64.const 0)) (i32.const 8) (i32.const 10))
    ;; EBADF (8): stdout is not open for reading
    (call $check (call $pread (i32.const 1) (i64.const 0)) (i32.const 8) (i32.const 11))
    ;; EBADF (8): the preopened directory is not open for reading
    (call $check (call $pread (i32.const 3) (i64.const 0)) (i32.const 8) (i32.const 12))

    ;; "new.txt" created (CREAT = 1) with FD_WRITE|FD_SEEK (0x44): no FD_READ
    (local.set $wo (call $open (i32.const 1056) (i32.const 7) (i32.const 1)
                     (i64.const 0x44) (i64.const 0) (i32.const 0) (i32.const 13)))
    ;; EBADF (8): opened without FD_READ
    (call $check (call $pread (local.get $wo) (i64.const 0)) (i32.const 8) (i32.const 14))

    ;; file.txt with FD_READ only (0x2)
    (local.set $noseek (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                         (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 15)))
    ;; ENOTCAPABLE (76): no FD_SEEK
    (call $check (call $pread (local.get $noseek) (i64.const 0)) (i32.const 76) (i32.const 16))

    ;; file.txt with FD_READ|FD_SEEK (0x6)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x6) (i64.const 0) (i32.const 0) (i32.const 17)))
    ;; EINVAL (28): offset 2^63 is not a valid file offset
    (call $check (call $pread (local.get $fd) (i64.const 0x8000000000000000)) (i32.const 28) (i32.const 18))
    ;; EINVAL (28): offset 2^64 - 1
    (call $check (call $pread (local.get $fd) (i64.const -1)) (i32.const 28) (i32.const 19))
    ;; it still works with a good offset: 12 bytes from 0
    (call $check (call $pread (local.get $fd) (i64.const 0)) (i32.const 0) (i32.const 20))
    (call $check (i32.load (i32.const 0)) (i32.const 12) (i32.const 21))
    ;; drop FD_SEEK (keep FD_READ = 0x2)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0))
      (i32.const 0) (i32.const 22))
    ;; ENOTCAPABLE (76): FD_SEEK was dropped
    (call $check (call $pread (local.get $fd) (i64.const 0)) (i32.const 76) (i32.const 23))
    ;; drop FD_READ too
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0) (i64.const 0))
      (i32.const 0) (i32.const 24))
    ;; EBADF (8): FD_READ was dropped
    (call $check (call $pread (local.get $fd) (i64.const 0)) (i32.const 8) (i32.const 25))

    ;; stdin is a stream: ESPIPE (70) if it has FD_SEEK (0x4 in rights_base at
    ;; 256+8, only when redirected from a regular file), else ENOTCAPABLE (76).
    (call $check (call $fd_fdstat_get (i32.const 0) (i32.const 256)) (i32.const 0) (i32.const 26))
    (if (i64.eqz (i64.and (i64.load (i32.const 264)) (i64.const 0x4)))
      (then
        ;; ENOTCAPABLE (76): stdin has no FD_SEEK
        (call $check (call $pread (i32.const 0) (i64.const 0)) (i32.const 76) (i32.const 27)))
      (else
        ;; ESPIPE (70): stdin is a stream, not positioned
        (call $check (call $pread (i32.const 0) (i64.const 0)) (i32.const 70) (i32.const 28))))
  )
)
