;; fd_filestat_set_size: truncating a created file keeps the leading bytes, extending
;; it adds zeros, setting the current size changes nothing, 0 empties it; none of
;; this moves the fd's offset. An fd with FD_FILESTAT_SET_SIZE but no FD_WRITE can
;; resize too. Sizes come from fd_filestat_get, data from fd_pread.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_set_size"
    (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell"
    (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nwritten/nread, 8 offset, 16 iovec, 256 filestat, 512 buffer.
  (data (i32.const 1024) "size.txt")
  (data (i32.const 1040) "hello world")
  (data (i32.const 1056) "hello\00\00\00\00\00")
  (data (i32.const 1072) "file.txt")

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

  ;; Sets the size to $size (must succeed), then checks it: codes $code, $code+1.
  (func $resize (param $fd i32) (param $size i64) (param $code i32)
    (call $check (call $fd_filestat_set_size (local.get $fd) (local.get $size))
      (i32.const 0) (local.get $code))
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256))
      (i32.const 0) (i32.add (local.get $code) (i32.const 1)))
    (call $check64 (i64.load (i32.const 288)) (local.get $size)
      (i32.add (local.get $code) (i32.const 1))))

  ;; The file must hold exactly the $len bytes at $expect.
  (func $contents (param $fd i32) (param $expect i32) (param $len i32) (param $code i32)
    (memory.fill (i32.const 512) (i32.const 0x2a) (i32.const 64))
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (i64.const 0) (i32.const 0))
      (i32.const 0) (local.get $code))
    (call $check (i32.load (i32.const 0)) (local.get $len) (local.get $code))
    (call $check (call $mem_eq (i32.const 512) (local.get $expect) (local.get $len))
      (i32.const 1) (local.get $code)))

  (func (export "_start")
    (local $fd i32)
    ;; size.txt created (CREAT = 1), FD_READ|FD_SEEK|FD_TELL|FD_WRITE|FD_FILESTAT_GET|
    ;; FD_FILESTAT_SET_SIZE = 0x600066
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 1)
                     (i64.const 0x600066) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; write "hello world" (11 bytes); offset 11
    (i32.store (i32.const 16) (i32.const 1040))
    (i32.store (i32.const 20) (i32.const 11))
    (call $check (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 11))

    ;; success (0): 11 -> 11 changes nothing
    (call $resize (local.get $fd) (i64.const 11) (i32.const 12))
    (call $contents (local.get $fd) (i32.const 1040) (i32.const 11) (i32.const 14))
    ;; success (0): truncate to 5: "hello"
    (call $resize (local.get $fd) (i64.const 5) (i32.const 15))
    (call $contents (local.get $fd) (i32.const 1040) (i32.const 5) (i32.const 17))
    ;; success (0): extend to 10: "hello" and five zero bytes
    (call $resize (local.get $fd) (i64.const 10) (i32.const 18))
    (call $contents (local.get $fd) (i32.const 1056) (i32.const 10) (i32.const 20))
    ;; the offset is still 11
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (i32.const 21))
    (call $check64 (i64.load (i32.const 8)) (i64.const 11) (i32.const 22))
    ;; success (0): extend far (1 MiB) without writing
    (call $resize (local.get $fd) (i64.const 1048576) (i32.const 23))
    ;; success (0): 0 empties it
    (call $resize (local.get $fd) (i64.const 0) (i32.const 25))
    (call $contents (local.get $fd) (i32.const 1040) (i32.const 0) (i32.const 27))

    ;; file.txt with FD_FILESTAT_GET|FD_FILESTAT_SET_SIZE only (0x600000):
    ;; success (0), truncated to 5
    (local.set $fd (call $open (i32.const 1072) (i32.const 8) (i32.const 0)
                     (i64.const 0x600000) (i64.const 0) (i32.const 0) (i32.const 28)))
    (call $resize (local.get $fd) (i64.const 5) (i32.const 29))
  )
)
