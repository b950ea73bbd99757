;; fd_pwrite: positioned writes to a created file without using or moving the fd's
;; own offset. The count stored at nwritten, two ciovecs gathered, overwriting in the
;; middle, writing past the end (the gap reads as zeros), an empty list (nothing
;; written, the file not extended even at a far offset), and fd_write still starting
;; at offset 0 afterwards. Contents are checked with fd_pread and the size with
;; fd_filestat_get.
(module
  (import "wasi_snapshot_preview1" "fd_pwrite"
    (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
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
  (data (i32.const 1040) "helloXYZ!ab")
  ;; expected contents after each step
  (data (i32.const 1072) "helXYZ")
  (data (i32.const 1088) "helXYZ\00\00\00\00!")
  (data (i32.const 1104) "ablXYZ\00\00\00\00!")

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

  ;; fd_pwrite with $n ciovecs at 16 at $offset must succeed and report $want bytes.
  (func $pwrite (param $fd i32) (param $n i32) (param $offset i64) (param $want i32) (param $code i32)
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_pwrite (local.get $fd) (i32.const 16) (local.get $n)
                   (local.get $offset) (i32.const 0))
      (i32.const 0) (local.get $code))
    (call $check (i32.load (i32.const 0)) (local.get $want) (i32.add (local.get $code) (i32.const 1))))

  ;; The fd's own offset must be $want.
  (func $tell_is (param $fd i32) (param $want i64) (param $code i32)
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 8)) (local.get $want) (local.get $code)))

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
    (local $fd i32)
    ;; out.txt created (CREAT = 1), rights FD_READ|FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_GET
    ;; = 0x200066
    (local.set $fd (call $open (i32.const 1024) (i32.const 7) (i32.const 1)
                     (i64.const 0x200066) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; "hello" at 0: 5 bytes; the fd's offset stays 0
    (call $iov (i32.const 16) (i32.const 1040) (i32.const 5))
    (call $pwrite (local.get $fd) (i32.const 1) (i64.const 0) (i32.const 5) (i32.const 11))
    (call $tell_is (local.get $fd) (i64.const 0) (i32.const 13))
    ;; "XY" + "Z" at 3: 3 bytes -> "helXYZ"
    (call $iov (i32.const 16) (i32.const 1045) (i32.const 2))
    (call $iov (i32.const 24) (i32.const 1047) (i32.const 1))
    (call $pwrite (local.get $fd) (i32.const 2) (i64.const 3) (i32.const 3) (i32.const 14))
    (call $contents (local.get $fd) (i32.const 1072) (i32.const 6) (i32.const 16))
    ;; "!" at 10, past the end (6): size 11, bytes 6..9 read as zeros
    (call $iov (i32.const 16) (i32.const 1048) (i32.const 1))
    (call $pwrite (local.get $fd) (i32.const 1) (i64.const 10) (i32.const 1) (i32.const 21))
    (call $contents (local.get $fd) (i32.const 1088) (i32.const 11) (i32.const 23))
    ;; an empty list at offset 100 writes nothing and does not extend the file
    (call $pwrite (local.get $fd) (i32.const 0) (i64.const 100) (i32.const 0) (i32.const 28))
    ;; an empty ciovec at offset 200 likewise
    (call $iov (i32.const 16) (i32.const 1040) (i32.const 0))
    (call $pwrite (local.get $fd) (i32.const 1) (i64.const 200) (i32.const 0) (i32.const 30))
    (call $contents (local.get $fd) (i32.const 1088) (i32.const 11) (i32.const 32))
    (call $tell_is (local.get $fd) (i64.const 0) (i32.const 37))
    ;; fd_write starts at the fd's offset, 0: "ab" -> "ablXYZ\0\0\0\0!"
    (call $iov (i32.const 16) (i32.const 1049) (i32.const 2))
    (call $check (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 38))
    (call $contents (local.get $fd) (i32.const 1104) (i32.const 11) (i32.const 39))
    (call $tell_is (local.get $fd) (i64.const 2) (i32.const 44))
  )
)
