;; fd_advise: every advice value (normal 0, sequential 1, random 2, willneed 3,
;; dontneed 4, noreuse 5) is accepted on a regular file, for a range inside the file,
;; for len 0 (to the end of the file), and for a range past the end. Advice changes
;; no data: the file still reads "hello, wasi\n" afterwards.
(module
  (import "wasi_snapshot_preview1" "fd_advise"
    (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread, 16 iovec, 512 buffer.
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

  (func (export "_start")
    (local $fd i32) (local $advice i32) (local $code i32)
    ;; rights FD_READ|FD_SEEK|FD_ADVISE = 0x86
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x86) (i64.const 0) (i32.const 0) (i32.const 10)))
    ;; for each advice 0..5 (codes 20 + 3 * advice + 0/1/2):
    (local.set $code (i32.const 20))
    (loop $each
      ;; success (0): bytes 0..12, the whole file
      (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 12) (local.get $advice))
        (i32.const 0) (local.get $code))
      ;; success (0): len 0 means "to the end of the file", from offset 3
      (call $check (call $fd_advise (local.get $fd) (i64.const 3) (i64.const 0) (local.get $advice))
        (i32.const 0) (i32.add (local.get $code) (i32.const 1)))
      ;; success (0): a range beyond the end of the file
      (call $check (call $fd_advise (local.get $fd) (i64.const 4096) (i64.const 4096) (local.get $advice))
        (i32.const 0) (i32.add (local.get $code) (i32.const 2)))
      (local.set $code (i32.add (local.get $code) (i32.const 3)))
      (local.set $advice (i32.add (local.get $advice) (i32.const 1)))
      (br_if $each (i32.le_u (local.get $advice) (i32.const 5))))

    ;; the contents are untouched
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (i64.const 0) (i32.const 0))
      (i32.const 0) (i32.const 11))
    (call $check (i32.load (i32.const 0)) (i32.const 12) (i32.const 12))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1040) (i32.const 12)) (i32.const 1) (i32.const 13))
  )
)
