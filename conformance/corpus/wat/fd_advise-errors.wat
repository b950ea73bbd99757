;; fd_advise: refusals. EBADF for an fd that is not open; EINVAL for an advice that
;; is not one (6, 255, and 256 = normal with a bit above the u8) and for an offset
;; or length of 2^63 or more (not valid file positions); ENOTCAPABLE without
;; FD_ADVISE (a file opened without it, a file whose right was dropped, stdout,
;; which never has it); EISDIR for the preopened directory, which has FD_ADVISE but
;; is not a file.
(module
  (import "wasi_snapshot_preview1" "fd_advise"
    (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

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
    (local $fd i32) (local $noadv i32)
    ;; rights FD_READ|FD_ADVISE = 0x82
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x82) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; EBADF (8): fd 99 is not open
    (call $check (call $fd_advise (i32.const 99) (i64.const 0) (i64.const 0) (i32.const 0))
      (i32.const 8) (i32.const 11))
    ;; EINVAL (28): advice 6 is not an advice
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 6))
      (i32.const 28) (i32.const 12))
    ;; EINVAL (28): advice 255
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 255))
      (i32.const 28) (i32.const 13))
    ;; EINVAL (28): advice 256 (0 with a bit above the u8)
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 256))
      (i32.const 28) (i32.const 14))
    ;; EINVAL (28): offset 2^63
    (call $check (call $fd_advise (local.get $fd) (i64.const 0x8000000000000000) (i64.const 1)
                   (i32.const 0))
      (i32.const 28) (i32.const 15))
    ;; EINVAL (28): length 2^63
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0x8000000000000000)
                   (i32.const 0))
      (i32.const 28) (i32.const 16))
    ;; EINVAL (28): offset and length 2^64 - 1
    (call $check (call $fd_advise (local.get $fd) (i64.const -1) (i64.const -1) (i32.const 1))
      (i32.const 28) (i32.const 17))

    ;; file.txt with FD_READ only (0x2)
    (local.set $noadv (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                        (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 18)))
    ;; ENOTCAPABLE (76): no FD_ADVISE
    (call $check (call $fd_advise (local.get $noadv) (i64.const 0) (i64.const 0) (i32.const 0))
      (i32.const 76) (i32.const 19))
    ;; drop FD_ADVISE from $fd (keep FD_READ = 0x2); advice worked before
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 2))
      (i32.const 0) (i32.const 20))
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0))
      (i32.const 0) (i32.const 21))
    ;; ENOTCAPABLE (76): FD_ADVISE was dropped
    (call $check (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 2))
      (i32.const 76) (i32.const 22))
    ;; ENOTCAPABLE (76): stdout never has FD_ADVISE
    (call $check (call $fd_advise (i32.const 1) (i64.const 0) (i64.const 0) (i32.const 0))
      (i32.const 76) (i32.const 23))
    ;; EISDIR (31): the preopened directory is not a file
    (call $check (call $fd_advise (i32.const 3) (i64.const 0) (i64.const 0) (i32.const 0))
      (i32.const 31) (i32.const 24))
  )
)
