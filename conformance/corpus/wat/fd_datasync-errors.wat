;; fd_datasync: refusals. EBADF for an fd that is not open or was closed;
;; ENOTCAPABLE without FD_DATASYNC: the preopened directory (directories never have
;; it), stdin (never has it), file.txt opened without it, a file whose right was
;; dropped.
(module
  (import "wasi_snapshot_preview1" "fd_datasync" (func $fd_datasync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
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
    (local $fd i32) (local $nosync i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $fd_datasync (i32.const 99)) (i32.const 8) (i32.const 10))
    ;; ENOTCAPABLE (76): the preopened directory has no FD_DATASYNC
    (call $check (call $fd_datasync (i32.const 3)) (i32.const 76) (i32.const 11))
    ;; ENOTCAPABLE (76): stdin has no FD_DATASYNC
    (call $check (call $fd_datasync (i32.const 0)) (i32.const 76) (i32.const 12))

    ;; file.txt with FD_READ only (0x2)
    (local.set $nosync (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                         (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 13)))
    ;; ENOTCAPABLE (76): opened without FD_DATASYNC
    (call $check (call $fd_datasync (local.get $nosync)) (i32.const 76) (i32.const 14))

    ;; file.txt with FD_READ|FD_DATASYNC (0x3): works, until the right is dropped
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x3) (i64.const 0) (i32.const 0) (i32.const 15)))
    (call $check (call $fd_datasync (local.get $fd)) (i32.const 0) (i32.const 16))
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0))
      (i32.const 0) (i32.const 17))
    ;; ENOTCAPABLE (76): FD_DATASYNC was dropped
    (call $check (call $fd_datasync (local.get $fd)) (i32.const 76) (i32.const 18))
    ;; EBADF (8): after fd_close
    (call $check (call $fd_close (local.get $fd)) (i32.const 0) (i32.const 19))
    (call $check (call $fd_datasync (local.get $fd)) (i32.const 8) (i32.const 20))
  )
)
