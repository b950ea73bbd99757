;; fd_read: reading file.txt ("hello, wasi\n", 12 bytes). Scatter into two iovecs,
;; the count stored at nread, nothing written past the bytes read, an empty list
;; and an empty iovec (0 bytes, nothing consumed), short read at the end of the
;; file, 0 at end of file, and reads following fd_seek.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread (u32), 8 newoffset (u64), 16.. iovec list, 512..800 buffers
  ;; (filled with '*' so untouched bytes can be recognised).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "hello, wasi\n")

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

  ;; Stores the iovec {buf, len} at $at.
  (func $iov (param $at i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $at) (local.get $buf))
    (i32.store offset=4 (local.get $at) (local.get $len)))

  ;; fd_read with $n iovecs at 16 must succeed; returns nread (code $code).
  (func $read (param $fd i32) (param $n i32) (param $code i32) (result i32)
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_read (local.get $fd) (i32.const 16) (local.get $n) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  (func (export "_start")
    (local $fd i32)
    (memory.fill (i32.const 512) (i32.const 0x2a) (i32.const 288))
    ;; rights FD_READ|FD_SEEK = 0x6
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x6) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; two iovecs: 5 bytes at 512, 3 bytes at 600 -> 8 bytes, "hello" and ", w"
    (call $iov (i32.const 16) (i32.const 512) (i32.const 5))
    (call $iov (i32.const 24) (i32.const 600) (i32.const 3))
    (call $check (call $read (local.get $fd) (i32.const 2) (i32.const 11)) (i32.const 8) (i32.const 12))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1040) (i32.const 5)) (i32.const 1) (i32.const 13))
    (call $check (call $mem_eq (i32.const 600) (i32.const 1045) (i32.const 3)) (i32.const 1) (i32.const 14))
    ;; nothing past either buffer was written
    (call $check (i32.load8_u (i32.const 517)) (i32.const 0x2a) (i32.const 15))
    (call $check (i32.load8_u (i32.const 603)) (i32.const 0x2a) (i32.const 16))

    ;; an empty list reads nothing: nread 0
    (call $check (call $read (local.get $fd) (i32.const 0) (i32.const 17)) (i32.const 0) (i32.const 18))
    ;; a single empty iovec reads nothing: nread 0
    (call $iov (i32.const 16) (i32.const 700) (i32.const 0))
    (call $check (call $read (local.get $fd) (i32.const 1) (i32.const 19)) (i32.const 0) (i32.const 20))
    (call $check (i32.load8_u (i32.const 700)) (i32.const 0x2a) (i32.const 21))

    ;; an empty iovec then 100 bytes at 700: a short read of the last 4 bytes, "asi\n"
    (call $iov (i32.const 24) (i32.const 700) (i32.const 100))
    (call $check (call $read (local.get $fd) (i32.const 2) (i32.const 22)) (i32.const 4) (i32.const 23))
    (call $check (call $mem_eq (i32.const 700) (i32.const 1048) (i32.const 4)) (i32.const 1) (i32.const 24))
    (call $check (i32.load8_u (i32.const 704)) (i32.const 0x2a) (i32.const 25))

    ;; end of file: nread 0, and again
    (call $check (call $read (local.get $fd) (i32.const 2) (i32.const 26)) (i32.const 0) (i32.const 27))
    (call $check (call $read (local.get $fd) (i32.const 2) (i32.const 28)) (i32.const 0) (i32.const 29))

    ;; back to offset 7: one 64-byte iovec gets "wasi\n" (5 bytes)
    (call $check (call $fd_seek (local.get $fd) (i64.const 7) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 30))
    (call $iov (i32.const 16) (i32.const 720) (i32.const 64))
    (call $check (call $read (local.get $fd) (i32.const 1) (i32.const 31)) (i32.const 5) (i32.const 32))
    (call $check (call $mem_eq (i32.const 720) (i32.const 1047) (i32.const 5)) (i32.const 1) (i32.const 33))
    (call $check (i32.load8_u (i32.const 725)) (i32.const 0x2a) (i32.const 34))

    ;; from 0 with three iovecs of 4 bytes: exactly the whole file, 12
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 35))
    (call $iov (i32.const 16) (i32.const 760) (i32.const 4))
    (call $iov (i32.const 24) (i32.const 764) (i32.const 4))
    (call $iov (i32.const 32) (i32.const 768) (i32.const 4))
    (call $check (call $read (local.get $fd) (i32.const 3) (i32.const 36)) (i32.const 12) (i32.const 37))
    (call $check (call $mem_eq (i32.const 760) (i32.const 1040) (i32.const 12)) (i32.const 1) (i32.const 38))
  )
)
