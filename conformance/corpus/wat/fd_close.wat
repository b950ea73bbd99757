;; fd_close: closing a file opened with path_open succeeds and the number stops
;; working (EBADF from fd_fdstat_get, fd_read, and a second fd_close); closing one
;; fd leaves another fd of the same file alone; an fd opened through the preopen
;; keeps working after the preopen itself is closed, while the preopen's number is
;; gone (EBADF for fd_prestat_get and path_open); stdio fds may be closed too.
(module
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread, 8 path_open fd out, 16 iovec, 256 fdstat/prestat, 512 buffer.
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

  ;; fd_read of up to 64 bytes into 512.
  (func $read (param $fd i32) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0)))

  (func (export "_start")
    (local $a i32) (local $b i32)
    ;; two fds for file.txt, rights FD_READ (0x2)
    (local.set $a (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                    (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 10)))
    (local.set $b (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                    (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 11)))
    ;; success (0): close $a
    (call $check (call $fd_close (local.get $a)) (i32.const 0) (i32.const 12))
    ;; EBADF (8): $a is no longer open for fd_fdstat_get
    (call $check (call $fd_fdstat_get (local.get $a) (i32.const 256)) (i32.const 8) (i32.const 13))
    ;; EBADF (8): ... nor for fd_read
    (call $check (call $read (local.get $a)) (i32.const 8) (i32.const 14))
    ;; EBADF (8): closing it again
    (call $check (call $fd_close (local.get $a)) (i32.const 8) (i32.const 15))
    ;; $b is unaffected: it reads the 12 bytes
    (call $check (call $read (local.get $b)) (i32.const 0) (i32.const 16))
    (call $check (i32.load (i32.const 0)) (i32.const 12) (i32.const 17))

    ;; another fd for file.txt, then close the preopen (fd 3): success (0)
    (local.set $a (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                    (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 18)))
    (call $check (call $fd_close (i32.const 3)) (i32.const 0) (i32.const 19))
    ;; EBADF (8): fd 3 is no longer a preopen
    (call $check (call $fd_prestat_get (i32.const 3) (i32.const 256)) (i32.const 8) (i32.const 20))
    ;; EBADF (8): nothing can be opened through fd 3
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 1024) (i32.const 8)
                   (i32.const 0) (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 8) (i32.const 21))
    ;; the fd opened through it still reads "hello, wasi\n"
    (call $check (call $read (local.get $a)) (i32.const 0) (i32.const 22))
    (call $check (i32.load (i32.const 0)) (i32.const 12) (i32.const 23))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1040) (i32.const 12)) (i32.const 1) (i32.const 24))
    (call $check (call $fd_close (local.get $a)) (i32.const 0) (i32.const 25))
    (call $check (call $fd_close (local.get $b)) (i32.const 0) (i32.const 26))

    ;; success (0): stdin can be closed; then it is not open
    (call $check (call $fd_close (i32.const 0)) (i32.const 0) (i32.const 27))
    ;; EBADF (8): fd 0 is closed
    (call $check (call $fd_fdstat_get (i32.const 0) (i32.const 256)) (i32.const 8) (i32.const 28))
    ;; success (0): stdout can be closed (nothing is printed after this)
    (call $check (call $fd_close (i32.const 1)) (i32.const 0) (i32.const 29))
    ;; EBADF (8): fd 1 is closed
    (call $check (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (i32.const 8) (i32.const 30))
  )
)
