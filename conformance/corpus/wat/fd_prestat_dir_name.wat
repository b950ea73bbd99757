;; fd_prestat_dir_name: the preopen's guest name "/" is written as exactly its 1
;; byte, no NUL, with a buffer of exactly the name's length and with a larger one
;; (bytes after the name untouched). The length matches fd_prestat_get's.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 256 prestat, 512 name buffer.

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

  (func (export "_start")
    ;; the name is 1 byte long
    (call $check (call $fd_prestat_get (i32.const 3) (i32.const 256)) (i32.const 0) (i32.const 10))
    (call $check (i32.load (i32.const 260)) (i32.const 1) (i32.const 11))

    ;; success (0): buffer of exactly 1 byte: "/"
    (memory.fill (i32.const 512) (i32.const 0xee) (i32.const 32))
    (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 512) (i32.const 1))
      (i32.const 0) (i32.const 12))
    (call $check (i32.load8_u (i32.const 512)) (i32.const 0x2f) (i32.const 13))
    (call $check (i32.load8_u (i32.const 513)) (i32.const 0xee) (i32.const 14))

    ;; success (0): buffer of 16 bytes: "/" and nothing else (no NUL)
    (memory.fill (i32.const 512) (i32.const 0xee) (i32.const 32))
    (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 512) (i32.const 16))
      (i32.const 0) (i32.const 15))
    (call $check (i32.load8_u (i32.const 512)) (i32.const 0x2f) (i32.const 16))
    (call $check (i32.load8_u (i32.const 513)) (i32.const 0xee) (i32.const 17))
    (call $check (i32.load8_u (i32.const 527)) (i32.const 0xee) (i32.const 18))

    ;; success (0): an odd address is fine for a byte buffer
    (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 601) (i32.const 1))
      (i32.const 0) (i32.const 19))
    (call $check (i32.load8_u (i32.const 601)) (i32.const 0x2f) (i32.const 20))
    ;; success (0): the very last byte of memory
    (call $check (call $fd_prestat_dir_name (i32.const 3) (i32.const 65535) (i32.const 1))
      (i32.const 0) (i32.const 21))
    (call $check (i32.load8_u (i32.const 65535)) (i32.const 0x2f) (i32.const 22))
  )
)
