;; fd_allocate: on a created file, allocating extends the file to offset + len when
;; that is past the end (the new bytes read as zeros), never shrinks it (a range
;; inside the file leaves the size alone), and keeps existing data and the fd's
;; offset. An fd with FD_ALLOCATE but no FD_WRITE can allocate too. Sizes are
;; checked with fd_filestat_get.
(module
  (import "wasi_snapshot_preview1" "fd_allocate"
    (func $fd_allocate (param i32 i64 i64) (result i32)))
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
  (data (i32.const 1024) "alloc.bin")
  (data (i32.const 1040) "abc")
  (data (i32.const 1056) "alloc2.bin")

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

  ;; The size of the file behind $fd must be $want.
  (func $size_is (param $fd i32) (param $want i64) (param $code i32)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 288)) (local.get $want) (local.get $code)))

  (func (export "_start")
    (local $fd i32)
    ;; alloc.bin created (CREAT = 1), rights FD_READ|FD_SEEK|FD_TELL|FD_WRITE|
    ;; FD_ALLOCATE|FD_FILESTAT_GET = 0x200166
    (local.set $fd (call $open (i32.const 1024) (i32.const 9) (i32.const 1)
                     (i64.const 0x200166) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; write "abc": size 3, offset 3
    (i32.store (i32.const 16) (i32.const 1040))
    (i32.store (i32.const 20) (i32.const 3))
    (call $check (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 11))

    ;; success (0): 0..100 extends the file to 100
    (call $check (call $fd_allocate (local.get $fd) (i64.const 0) (i64.const 100))
      (i32.const 0) (i32.const 12))
    (call $size_is (local.get $fd) (i64.const 100) (i32.const 13))
    ;; success (0): 10..30 is inside: the size stays 100
    (call $check (call $fd_allocate (local.get $fd) (i64.const 10) (i64.const 20))
      (i32.const 0) (i32.const 14))
    (call $size_is (local.get $fd) (i64.const 100) (i32.const 15))
    ;; success (0): 0..1 is inside: no shrinking to 1
    (call $check (call $fd_allocate (local.get $fd) (i64.const 0) (i64.const 1))
      (i32.const 0) (i32.const 16))
    (call $size_is (local.get $fd) (i64.const 100) (i32.const 17))
    ;; success (0): 200..250 extends to 250, past a gap
    (call $check (call $fd_allocate (local.get $fd) (i64.const 200) (i64.const 50))
      (i32.const 0) (i32.const 18))
    (call $size_is (local.get $fd) (i64.const 250) (i32.const 19))

    ;; the data: "abc" then zeros up to 250 (bytes 0..8 and 240..250 checked)
    (memory.fill (i32.const 512) (i32.const 0x2a) (i32.const 64))
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 8))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (i64.const 0) (i32.const 0))
      (i32.const 0) (i32.const 20))
    (call $check (i32.load (i32.const 0)) (i32.const 8) (i32.const 21))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1040) (i32.const 3)) (i32.const 1) (i32.const 22))
    (call $check (i32.load8_u (i32.const 515)) (i32.const 0) (i32.const 23))
    (call $check64 (i64.load (i32.const 512)) (i64.const 0x0000000000636261) (i32.const 24))
    (i32.store (i32.const 20) (i32.const 64))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (i64.const 240) (i32.const 0))
      (i32.const 0) (i32.const 25))
    (call $check (i32.load (i32.const 0)) (i32.const 10) (i32.const 26))
    (call $check64 (i64.load (i32.const 512)) (i64.const 0) (i32.const 27))
    (call $check (i32.load16_u (i32.const 520)) (i32.const 0) (i32.const 28))
    ;; the fd's offset is still 3
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (i32.const 29))
    (call $check64 (i64.load (i32.const 8)) (i64.const 3) (i32.const 30))

    ;; alloc2.bin created with FD_ALLOCATE|FD_FILESTAT_GET only (0x200100)
    (local.set $fd (call $open (i32.const 1056) (i32.const 10) (i32.const 1)
                     (i64.const 0x200100) (i64.const 0) (i32.const 0) (i32.const 31)))
    ;; success (0): 0..64 extends it to 64
    (call $check (call $fd_allocate (local.get $fd) (i64.const 0) (i64.const 64))
      (i32.const 0) (i32.const 32))
    (call $size_is (local.get $fd) (i64.const 64) (i32.const 33))
  )
)
