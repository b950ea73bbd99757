;; fd_fdstat_set_rights: refusals. EBADF for an fd that is not open; EINVAL for a
;; bit rights does not define (bit 30, bit 63) in either set; ENOTCAPABLE for
;; asking for a right the fd does not have, in the base set or the inheriting set
;; (rights can only be dropped, never added back, even one dropped earlier).
;; A refused call leaves the rights as they were.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 256 fdstat.
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

  ;; fd_fdstat_get must report rights ($base, $inh).
  (func $rights_are (param $fd i32) (param $base i64) (param $inh i64) (param $code i32)
    (call $check (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 264)) (local.get $base) (local.get $code))
    (call $check64 (i64.load (i32.const 272)) (local.get $inh) (local.get $code)))

  (func (export "_start")
    (local $fd i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $fd_fdstat_set_rights (i32.const 99) (i64.const 0) (i64.const 0))
      (i32.const 8) (i32.const 10))

    ;; file.txt, base FD_READ|FD_SEEK (0x6), inheriting FD_READ (0x2)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x6) (i64.const 0x2) (i32.const 0) (i32.const 11)))
    ;; EINVAL (28): bit 30 is not a right (base)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x40000002) (i64.const 0x2))
      (i32.const 28) (i32.const 12))
    ;; EINVAL (28): bit 63 is not a right (inheriting)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x6)
                   (i64.const 0x8000000000000002))
      (i32.const 28) (i32.const 13))
    ;; EINVAL (28): every bit
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const -1) (i64.const -1))
      (i32.const 28) (i32.const 14))
    ;; ENOTCAPABLE (76): base asks for FD_WRITE (0x40), which the fd lacks
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x46) (i64.const 0x2))
      (i32.const 76) (i32.const 15))
    ;; ENOTCAPABLE (76): inheriting asks for FD_SEEK (0x4), which it lacks
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x6) (i64.const 0x6))
      (i32.const 76) (i32.const 16))
    ;; ENOTCAPABLE (76): base drops FD_SEEK but inheriting adds FD_WRITE
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0x42))
      (i32.const 76) (i32.const 17))
    ;; nothing changed
    (call $rights_are (local.get $fd) (i64.const 0x6) (i64.const 0x2) (i32.const 18))

    ;; drop FD_SEEK (base 0x2) ...
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x2) (i64.const 0x2))
      (i32.const 0) (i32.const 19))
    ;; ENOTCAPABLE (76): ... it cannot be added back
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x6) (i64.const 0x2))
      (i32.const 76) (i32.const 20))
    (call $rights_are (local.get $fd) (i64.const 0x2) (i64.const 0x2) (i32.const 21))

    ;; ENOTCAPABLE (76): the preopen cannot gain FD_READ (0x2), which directories lack
    (call $check (call $fd_fdstat_set_rights (i32.const 3) (i64.const 0x7bffe9a) (i64.const 0xfffffff))
      (i32.const 76) (i32.const 22))
    ;; ENOTCAPABLE (76): nor inherit SOCK_SHUTDOWN (0x10000000)
    (call $check (call $fd_fdstat_set_rights (i32.const 3) (i64.const 0x7bffe98) (i64.const 0x1fffffff))
      (i32.const 76) (i32.const 23))
    (call $rights_are (i32.const 3) (i64.const 0x7bffe98) (i64.const 0xfffffff) (i32.const 24))
  )
)
