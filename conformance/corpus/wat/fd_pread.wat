;; fd_pread: reading file.txt ("hello, wasi\n", 12 bytes) at given offsets without
;; using or moving the fd's own offset. Scatter into two iovecs, a short read near
;; the end, 0 at and past the end, an empty list and an empty iovec, nothing written
;; past the bytes read, and fd_read/fd_tell unaffected by preads.
(module
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell"
    (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread (u32), 8 offset (u64), 16.. iovec list, 512..800 buffers
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

  ;; fd_pread with $n iovecs at 16 from $offset must succeed; returns nread.
  (func $pread (param $fd i32) (param $n i32) (param $offset i64) (param $code i32) (result i32)
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (local.get $n)
                   (local.get $offset) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  ;; fd_tell must give $want.
  (func $tell_is (param $fd i32) (param $want i64) (param $code i32)
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 8)) (local.get $want) (local.get $code)))

  (func (export "_start")
    (local $fd i32)
    (memory.fill (i32.const 512) (i32.const 0x2a) (i32.const 288))
    ;; rights FD_READ|FD_SEEK|FD_TELL = 0x26
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x26) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; 5 bytes at offset 7: "wasi\n"
    (call $iov (i32.const 16) (i32.const 512) (i32.const 5))
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 7) (i32.const 11))
      (i32.const 5) (i32.const 12))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1047) (i32.const 5)) (i32.const 1) (i32.const 13))
    ;; the fd's offset did not move
    (call $tell_is (local.get $fd) (i64.const 0) (i32.const 14))

    ;; two iovecs (3 at 540, 4 at 560) at offset 2: "llo" and ", wa"
    (call $iov (i32.const 16) (i32.const 540) (i32.const 3))
    (call $iov (i32.const 24) (i32.const 560) (i32.const 4))
    (call $check (call $pread (local.get $fd) (i32.const 2) (i64.const 2) (i32.const 15))
      (i32.const 7) (i32.const 16))
    (call $check (call $mem_eq (i32.const 540) (i32.const 1042) (i32.const 3)) (i32.const 1) (i32.const 17))
    (call $check (call $mem_eq (i32.const 560) (i32.const 1045) (i32.const 4)) (i32.const 1) (i32.const 18))
    (call $check (i32.load8_u (i32.const 543)) (i32.const 0x2a) (i32.const 19))
    (call $check (i32.load8_u (i32.const 564)) (i32.const 0x2a) (i32.const 20))

    ;; 100 bytes asked at offset 10: a short read, "i\n" (2 bytes)
    (call $iov (i32.const 16) (i32.const 600) (i32.const 100))
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 10) (i32.const 21))
      (i32.const 2) (i32.const 22))
    (call $check (call $mem_eq (i32.const 600) (i32.const 1050) (i32.const 2)) (i32.const 1) (i32.const 23))
    (call $check (i32.load8_u (i32.const 602)) (i32.const 0x2a) (i32.const 24))

    ;; at offset 12 (the end) and far past it (2^62): 0 bytes
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 12) (i32.const 25))
      (i32.const 0) (i32.const 26))
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 0x4000000000000000)
                   (i32.const 27))
      (i32.const 0) (i32.const 28))
    ;; an empty list and an empty iovec: 0 bytes
    (call $check (call $pread (local.get $fd) (i32.const 0) (i64.const 0) (i32.const 29))
      (i32.const 0) (i32.const 30))
    (call $iov (i32.const 16) (i32.const 700) (i32.const 0))
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 0) (i32.const 31))
      (i32.const 0) (i32.const 32))
    (call $check (i32.load8_u (i32.const 700)) (i32.const 0x2a) (i32.const 33))

    ;; fd_read still starts at 0: "hello"
    (call $iov (i32.const 16) (i32.const 720) (i32.const 5))
    (call $check (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 34))
    (call $check (i32.load (i32.const 0)) (i32.const 5) (i32.const 35))
    (call $check (call $mem_eq (i32.const 720) (i32.const 1040) (i32.const 5)) (i32.const 1) (i32.const 36))
    ;; a pread from 0 now does not move the offset back: still 5 afterwards
    (call $iov (i32.const 16) (i32.const 740) (i32.const 12))
    (call $check (call $pread (local.get $fd) (i32.const 1) (i64.const 0) (i32.const 37))
      (i32.const 12) (i32.const 38))
    (call $check (call $mem_eq (i32.const 740) (i32.const 1040) (i32.const 12)) (i32.const 1) (i32.const 39))
    (call $tell_is (local.get $fd) (i64.const 5) (i32.const 40))
  )
)
