;; fd_seek: every refusal. Bad fd (EBADF), unknown whence (EINVAL, including a
;; value with bits above the u8 enum), a resulting offset below 0 (EINVAL), a
;; missing FD_SEEK right (ENOTCAPABLE: a file opened without it, a file whose
;; right was dropped, and a directory, which never has it), and stdout, which is a
;; stream: ENOTCAPABLE when it has no FD_SEEK right (pipe, terminal), otherwise a
;; seek of a redirected regular file succeeds. A refused seek leaves the offset as it was.
(module
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
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

  ;; Layout: 0 newoffset (u64), 256 fdstat.
  (data (i32.const 1024) "file.txt")

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

  (func (export "_start")
    (local $fd i32) (local $noseek i32)
    ;; rights FD_READ|FD_SEEK|FD_TELL = 0x26
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x26) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; start from offset 4
    (call $check (call $fd_seek (local.get $fd) (i64.const 4) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 11))

    ;; EBADF (8): fd 99 is not open
    (call $check (call $fd_seek (i32.const 99) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 8) (i32.const 12))
    ;; EBADF (8): fd 0xffffffff is not open
    (call $check (call $fd_seek (i32.const -1) (i64.const 0) (i32.const 1) (i32.const 0))
      (i32.const 8) (i32.const 13))
    ;; EINVAL (28): whence 3 is not a whence
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 3) (i32.const 0))
      (i32.const 28) (i32.const 14))
    ;; EINVAL (28): whence 256 (SET with a bit above the u8) is not a whence
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 256) (i32.const 0))
      (i32.const 28) (i32.const 15))
    ;; EINVAL (28): whence 0xffffffff
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const -1) (i32.const 0))
      (i32.const 28) (i32.const 16))
    ;; EINVAL (28): SET -1 would give a negative offset
    (call $check (call $fd_seek (local.get $fd) (i64.const -1) (i32.const 0) (i32.const 0))
      (i32.const 28) (i32.const 17))
    ;; EINVAL (28): CUR -5 from 4 would give -1
    (call $check (call $fd_seek (local.get $fd) (i64.const -5) (i32.const 1) (i32.const 0))
      (i32.const 28) (i32.const 18))
    ;; EINVAL (28): END -13 on a 12-byte file would give -1
    (call $check (call $fd_seek (local.get $fd) (i64.const -13) (i32.const 2) (i32.const 0))
      (i32.const 28) (i32.const 19))
    ;; EINVAL (28): SET 0x8000000000000000 is the most negative delta
    (call $check (call $fd_seek (local.get $fd) (i64.const 0x8000000000000000) (i32.const 0)
                   (i32.const 0))
      (i32.const 28) (i32.const 20))
    ;; the refused seeks did not move the offset: CUR 0 -> 4
    (i64.store (i32.const 0) (i64.const -1))
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 21))
    (call $check64 (i64.load (i32.const 0)) (i64.const 4) (i32.const 22))

    ;; ENOTCAPABLE (76): the preopened directory (fd 3) has no FD_SEEK
    (call $check (call $fd_seek (i32.const 3) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 76) (i32.const 23))
    ;; ENOTCAPABLE (76): nor FD_TELL, so (0, CUR) is refused too
    (call $check (call $fd_seek (i32.const 3) (i64.const 0) (i32.const 1) (i32.const 0))
      (i32.const 76) (i32.const 24))

    ;; A file opened with FD_READ only (0x2)
    (local.set $noseek (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                         (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 25)))
    ;; ENOTCAPABLE (76): no FD_SEEK
    (call $check (call $fd_seek (local.get $noseek) (i64.const 1) (i32.const 0) (i32.const 0))
      (i32.const 76) (i32.const 26))
    ;; ENOTCAPABLE (76): no FD_TELL either, so (0, CUR) is refused
    (call $check (call $fd_seek (local.get $noseek) (i64.const 0) (i32.const 1) (i32.const 0))
      (i32.const 76) (i32.const 27))

    ;; Drop FD_SEEK from $fd (keep FD_READ|FD_TELL = 0x22)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x22) (i64.const 0))
      (i32.const 0) (i32.const 28))
    ;; ENOTCAPABLE (76): FD_SEEK was dropped
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 76) (i32.const 29))
    ;; ENOTCAPABLE (76): END is a real seek too
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 2) (i32.const 0))
      (i32.const 76) (i32.const 30))

    ;; Stdout is a stream. Without FD_SEEK (a pipe or terminal: what a test harness
    ;; gives) a seek is ENOTCAPABLE (76); only stdout redirected to a regular file has
    ;; FD_SEEK (bit 0x4 of rights_base at 256+8), and then the seek succeeds.
    (call $check (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (i32.const 0) (i32.const 31))
    (if (i64.eqz (i64.and (i64.load (i32.const 264)) (i64.const 0x4)))
      (then
        ;; ENOTCAPABLE (76): stdout has no FD_SEEK
        (call $check (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 2) (i32.const 0))
          (i32.const 76) (i32.const 32)))
      (else
        (call $check (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 2) (i32.const 0))
          (i32.const 0) (i32.const 33))))
  )
)
