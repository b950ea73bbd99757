;; fd_write: gathering writes. To stdout: three ciovecs, one empty, give exactly
;; "fd_write to stdout\n" (checked by the runner). To a created file: the count
;; stored at nwritten, the offset advanced, an empty list writes nothing, writing
;; after fd_seek overwrites, and an fd opened with APPEND writes at the end
;; whatever its offset. File contents are checked with fd_pread.
(module
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell"
    (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nwritten (u32), 8 offset (u64), 16.. ciovec list, 256 filestat,
  ;; 512 read-back buffer.
  (data (i32.const 1024) "out.txt")
  (data (i32.const 1040) "fd_write to stdout\n")
  (data (i32.const 1072) "hello, world\n")
  (data (i32.const 1088) "Jello, world\n!!")

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

  ;; Stores the ciovec {buf, len} at $at.
  (func $iov (param $at i32) (param $buf i32) (param $len i32)
    (i32.store (local.get $at) (local.get $buf))
    (i32.store offset=4 (local.get $at) (local.get $len)))

  ;; fd_write with $n ciovecs at 16 must succeed and report $want bytes.
  (func $write (param $fd i32) (param $n i32) (param $want i32) (param $code i32)
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_write (local.get $fd) (i32.const 16) (local.get $n) (i32.const 0))
      (i32.const 0) (local.get $code))
    (call $check (i32.load (i32.const 0)) (local.get $want) (i32.add (local.get $code) (i32.const 1))))

  ;; The file behind $fd must hold exactly the $len bytes at $expect.
  (func $contents (param $fd i32) (param $expect i32) (param $len i32) (param $code i32)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 288)) (i64.extend_i32_u (local.get $len))
      (i32.add (local.get $code) (i32.const 1)))
    (call $iov (i32.const 48) (i32.const 512) (i32.const 64))
    (call $check (call $fd_pread (local.get $fd) (i32.const 48) (i32.const 1) (i64.const 0) (i32.const 4))
      (i32.const 0) (i32.add (local.get $code) (i32.const 2)))
    (call $check (i32.load (i32.const 4)) (local.get $len) (i32.add (local.get $code) (i32.const 3)))
    (call $check (call $mem_eq (i32.const 512) (local.get $expect) (local.get $len))
      (i32.const 1) (i32.add (local.get $code) (i32.const 4))))

  (func (export "_start")
    (local $fd i32) (local $app i32)
    ;; stdout: "fd_write " + "" + "to stdout\n" = 19 bytes
    (call $iov (i32.const 16) (i32.const 1040) (i32.const 9))
    (call $iov (i32.const 24) (i32.const 1040) (i32.const 0))
    (call $iov (i32.const 32) (i32.const 1049) (i32.const 10))
    (call $write (i32.const 1) (i32.const 3) (i32.const 19) (i32.const 10))
    ;; an empty list to stderr writes nothing: 0
    (call $write (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 12))

    ;; out.txt created (CREAT = 1), rights FD_READ|FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_GET
    ;; = 0x200066
    (local.set $fd (call $open (i32.const 1024) (i32.const 7) (i32.const 1)
                     (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 14)))
    ;; "hello": 5 bytes, offset now 5
    (call $iov (i32.const 16) (i32.const 1072) (i32.const 5))
    (call $write (local.get $fd) (i32.const 1) (i32.const 5) (i32.const 15))
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (i32.const 17))
    (call $check64 (i64.load (i32.const 8)) (i64.const 5) (i32.const 18))
    ;; ", " + "world\n": 8 bytes in one call
    (call $iov (i32.const 16) (i32.const 1077) (i32.const 2))
    (call $iov (i32.const 24) (i32.const 1079) (i32.const 6))
    (call $write (local.get $fd) (i32.const 2) (i32.const 8) (i32.const 19))
    (call $contents (local.get $fd) (i32.const 1072) (i32.const 13) (i32.const 21))
    ;; an empty list writes nothing
    (call $write (local.get $fd) (i32.const 0) (i32.const 0) (i32.const 26))
    ;; a list of empty ciovecs writes nothing
    (call $iov (i32.const 16) (i32.const 1072) (i32.const 0))
    (call $iov (i32.const 24) (i32.const 1072) (i32.const 0))
    (call $write (local.get $fd) (i32.const 2) (i32.const 0) (i32.const 28))
    (call $contents (local.get $fd) (i32.const 1072) (i32.const 13) (i32.const 30))
    ;; back to 0 and write "J": "Jello, world\n"
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 35))
    (call $iov (i32.const 16) (i32.const 1088) (i32.const 1))
    (call $write (local.get $fd) (i32.const 1) (i32.const 1) (i32.const 36))
    (call $contents (local.get $fd) (i32.const 1088) (i32.const 13) (i32.const 38))

    ;; out.txt again with fdflags APPEND (1), rights FD_WRITE|FD_SEEK|FD_TELL = 0x64
    (local.set $app (call $open (i32.const 1024) (i32.const 7) (i32.const 0)
                      (i64.const 0x64) (i64.const 0) (i32.const 1) (i32.const 43)))
    ;; the offset is 0, but "!!" goes to the end: "Jello, world\n!!", offset 15
    (call $iov (i32.const 16) (i32.const 1101) (i32.const 2))
    (call $write (local.get $app) (i32.const 1) (i32.const 2) (i32.const 44))
    (call $check (call $fd_tell (local.get $app) (i32.const 8)) (i32.const 0) (i32.const 46))
    (call $check64 (i64.load (i32.const 8)) (i64.const 15) (i32.const 47))
    (call $contents (local.get $fd) (i32.const 1088) (i32.const 15) (i32.const 48))
  )
)
