;; fd_fdstat_set_flags: APPEND (1) and NONBLOCK (4) can be set and cleared on an
;; open file and fd_fdstat_get reports them; with APPEND a write goes to the end of
;; the file whatever the offset, without it the write goes to the offset. Setting
;; the flags an fd already has succeeds (also on the preopened directory and on
;; stdout, whose current flags are read first). A file
;; opened with SYNC (16) may keep SYNC while APPEND is toggled.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags"
    (func $fd_fdstat_set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread"
    (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nwritten/nread, 8 newoffset, 16 iovec, 256 fdstat, 512 buffer.
  (data (i32.const 1024) "flags.txt")
  (data (i32.const 1040) "abcXY")
  (data (i32.const 1056) "YbcX")
  (data (i32.const 1072) "sync.txt")

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

  ;; fd_fdstat_get must report flags $want.
  (func $flags_are (param $fd i32) (param $want i32) (param $code i32)
    (call $check (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check (i32.load16_u (i32.const 258)) (local.get $want) (local.get $code)))

  ;; fd_fdstat_set_flags must succeed, then fd_fdstat_get report the same flags.
  (func $set (param $fd i32) (param $flags i32) (param $code i32)
    (call $check (call $fd_fdstat_set_flags (local.get $fd) (local.get $flags))
      (i32.const 0) (local.get $code))
    (call $flags_are (local.get $fd) (local.get $flags) (i32.add (local.get $code) (i32.const 1))))

  ;; Writes $len bytes from $buf at the fd's offset (or the end with APPEND).
  (func $write (param $fd i32) (param $buf i32) (param $len i32) (param $code i32)
    (i32.store (i32.const 16) (local.get $buf))
    (i32.store (i32.const 20) (local.get $len))
    (call $check (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (local.get $code)))

  ;; Seeks to 0.
  (func $rewind (param $fd i32) (param $code i32)
    (call $check (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 0) (local.get $code)))

  ;; The file must hold exactly the $len bytes at $expect.
  (func $contents (param $fd i32) (param $expect i32) (param $len i32) (param $code i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $check (call $fd_pread (local.get $fd) (i32.const 16) (i32.const 1) (i64.const 0) (i32.const 0))
      (i32.const 0) (local.get $code))
    (call $check (i32.load (i32.const 0)) (local.get $len) (local.get $code))
    (call $check (call $mem_eq (i32.const 512) (local.get $expect) (local.get $len))
      (i32.const 1) (local.get $code)))

  (func (export "_start")
    (local $fd i32) (local $sync i32)
    ;; flags.txt created (CREAT = 1), no fdflags, rights FD_READ|FD_SEEK|
    ;; FD_FDSTAT_SET_FLAGS|FD_WRITE = 0x4e
    (local.set $fd (call $open (i32.const 1024) (i32.const 9) (i32.const 1)
                     (i64.const 0x4e) (i64.const 0) (i32.const 0) (i32.const 10)))
    (call $flags_are (local.get $fd) (i32.const 0) (i32.const 11))
    (call $write (local.get $fd) (i32.const 1040) (i32.const 3) (i32.const 12))

    ;; success (0): APPEND on; writing "X" at offset 0 lands at the end: "abcX"
    (call $set (local.get $fd) (i32.const 1) (i32.const 13))
    (call $rewind (local.get $fd) (i32.const 15))
    (call $write (local.get $fd) (i32.const 1043) (i32.const 1) (i32.const 16))
    (call $contents (local.get $fd) (i32.const 1040) (i32.const 4) (i32.const 17))

    ;; success (0): APPEND off; writing "Y" at offset 0 overwrites: "YbcX"
    (call $set (local.get $fd) (i32.const 0) (i32.const 18))
    (call $rewind (local.get $fd) (i32.const 20))
    (call $write (local.get $fd) (i32.const 1044) (i32.const 1) (i32.const 21))
    (call $contents (local.get $fd) (i32.const 1056) (i32.const 4) (i32.const 22))

    ;; success (0): NONBLOCK on, then APPEND|NONBLOCK, then the same again, then none
    (call $set (local.get $fd) (i32.const 4) (i32.const 23))
    (call $set (local.get $fd) (i32.const 5) (i32.const 25))
    (call $set (local.get $fd) (i32.const 5) (i32.const 27))
    (call $set (local.get $fd) (i32.const 0) (i32.const 29))

    ;; success (0): the preopened directory keeps its flags (none)
    (call $set (i32.const 3) (i32.const 0) (i32.const 31))

    ;; sync.txt created with fdflags SYNC (16), rights FD_WRITE|FD_FDSTAT_SET_FLAGS (0x48)
    (local.set $sync (call $open (i32.const 1072) (i32.const 8) (i32.const 1)
                       (i64.const 0x48) (i64.const 0) (i32.const 16) (i32.const 33)))
    (call $flags_are (local.get $sync) (i32.const 16) (i32.const 34))
    ;; success (0): SYNC kept, APPEND added: 17; then APPEND removed: 16
    (call $set (local.get $sync) (i32.const 17) (i32.const 35))
    (call $set (local.get $sync) (i32.const 16) (i32.const 37))

    ;; success (0): stdout set to the flags it already has
    (call $check (call $fd_fdstat_get (i32.const 1) (i32.const 256)) (i32.const 0) (i32.const 39))
    (call $set (i32.const 1) (i32.load16_u (i32.const 258)) (i32.const 40))
  )
)
