;; fd_pread: an iovec list whose lengths add up past 4 GiB is not an error. 65
;; overlapping iovecs of 64 MiB each (65 * 2^26 bytes > 2^32) all name the same
;; buffer at 65536. From offset 0 the 12-byte file fills the first one (nread 12,
;; "hello, wasi\n"); from offset 7, nread 5 ("wasi\n"); from offset 12, nread 0.
(module
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  ;; 1025 pages: page 0 for the program, 65536 .. 65536 + 64 MiB for the buffer
  (memory (export "memory") 1025)

  ;; Layout: 0 nread, 2048.. the 65 iovecs (520 bytes), 65536 the buffer.
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

  ;; fd_pread with the 65 iovecs from $offset must succeed; returns nread.
  (func $pread (param $fd i32) (param $offset i64) (param $code i32) (result i32)
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_pread (local.get $fd) (i32.const 2048) (i32.const 65)
                   (local.get $offset) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  (func (export "_start")
    (local $fd i32) (local $i i32)
    ;; rights FD_READ|FD_SEEK = 0x6
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x6) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; 65 iovecs {65536, 0x4000000}
    (loop $fill
      (i32.store (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 3)))
        (i32.const 65536))
      (i32.store (i32.add (i32.const 2052) (i32.shl (local.get $i) (i32.const 3)))
        (i32.const 0x4000000))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 65))))

    ;; success (0): from 0, the whole file, 12 bytes
    (call $check (call $pread (local.get $fd) (i64.const 0) (i32.const 11)) (i32.const 12) (i32.const 12))
    (call $check (call $mem_eq (i32.const 65536) (i32.const 1040) (i32.const 12))
      (i32.const 1) (i32.const 13))
    (call $check (i32.load8_u (i32.const 65548)) (i32.const 0) (i32.const 14))
    ;; success (0): from 7, "wasi\n", 5 bytes
    (call $check (call $pread (local.get $fd) (i64.const 7) (i32.const 15)) (i32.const 5) (i32.const 16))
    (call $check (call $mem_eq (i32.const 65536) (i32.const 1047) (i32.const 5))
      (i32.const 1) (i32.const 17))
    ;; success (0): from 12, the end, 0 bytes
    (call $check (call $pread (local.get $fd) (i64.const 12) (i32.const 18)) (i32.const 0) (i32.const 19))
  )
)
