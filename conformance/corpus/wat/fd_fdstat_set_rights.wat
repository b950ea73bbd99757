;; fd_fdstat_set_rights: rights can be dropped and fd_fdstat_get reports exactly the
;; new sets; the dropped rights stop working (fd_seek ENOTCAPABLE, fd_read EBADF)
;; while the kept ones still work; setting the same rights again succeeds; dropping
;; inheriting rights of the preopen limits what path_open gives later fds (a file
;; opened asking for FD_READ|FD_WRITE gets FD_READ only, and cannot be written).
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell"
    (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread/nwritten, 8 offset, 16 iovec, 256 fdstat, 512 buffer.
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

  ;; fd_fdstat_get must report rights ($base, $inh); codes $code, $code+1.
  (func $rights_are (param $fd i32) (param $base i64) (param $inh i64) (param $code i32)
    (call $check (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 264)) (local.get $base) (local.get $code))
    (call $check64 (i64.load (i32.const 272)) (local.get $inh) (i32.add (local.get $code) (i32.const 1))))

  ;; fd_read of up to 4 bytes into 512.
  (func $read (param $fd i32) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 4))
    (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0)))

  (func (export "_start")
    (local $fd i32) (local $f2 i32)
    ;; file.txt, base FD_READ|FD_SEEK|FD_TELL|FD_FILESTAT_GET (0x200026),
    ;; inheriting FD_READ|FD_SEEK (0x6)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x200026) (i64.const 0x6) (i32.const 0) (i32.const 10)))
    (call $rights_are (local.get $fd) (i64.const 0x200026) (i64.const 0x6) (i32.const 11))
    ;; success (0): the same rights again change nothing
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x200026) (i64.const 0x6))
      (i32.const 0) (i32.const 13))
    (call $rights_are (local.get $fd) (i64.const 0x200026) (i64.const 0x6) (i32.const 14))
    ;; success (0): drop FD_SEEK and FD_FILESTAT_GET (base FD_READ|FD_TELL = 0x22),
    ;; and inheriting down to FD_READ (0x2)
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x22) (i64.const 0x2))
      (i32.const 0) (i32.const 16))
    (call $rights_are (local.get $fd) (i64.const 0x22) (i64.const 0x2) (i32.const 17))
    ;; ENOTCAPABLE (76): fd_seek SET needs the dropped FD_SEEK
    (call $check (call $fd_seek (local.get $fd) (i64.const 1) (i32.const 0) (i32.const 8))
      (i32.const 76) (i32.const 19))
    ;; the kept rights work: read 4 bytes, tell 4
    (call $check (call $read (local.get $fd)) (i32.const 0) (i32.const 20))
    (call $check (i32.load (i32.const 0)) (i32.const 4) (i32.const 21))
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 0) (i32.const 22))
    (call $check64 (i64.load (i32.const 8)) (i64.const 4) (i32.const 23))
    ;; success (0): drop everything
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0) (i64.const 0))
      (i32.const 0) (i32.const 24))
    (call $rights_are (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 25))
    ;; EBADF (8): fd_read without FD_READ
    (call $check (call $read (local.get $fd)) (i32.const 8) (i32.const 27))
    ;; ENOTCAPABLE (76): fd_tell without FD_TELL
    (call $check (call $fd_tell (local.get $fd) (i32.const 8)) (i32.const 76) (i32.const 28))
    ;; success (0): an fd with no rights can still be set to no rights
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0) (i64.const 0))
      (i32.const 0) (i32.const 29))

    ;; the preopen: keep its base rights, drop FD_WRITE (0x40) from inheriting
    (call $check (call $fd_fdstat_set_rights (i32.const 3) (i64.const 0x7bffe98)
                   (i64.const 0xfffffbf))
      (i32.const 0) (i32.const 30))
    (call $rights_are (i32.const 3) (i64.const 0x7bffe98) (i64.const 0xfffffbf) (i32.const 31))
    ;; file.txt asking for FD_READ|FD_WRITE (0x42) now gets FD_READ (0x2) only
    (local.set $f2 (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 33)))
    (call $rights_are (local.get $f2) (i64.const 0x2) (i64.const 0) (i32.const 34))
    ;; EBADF (8): it cannot be written
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.const 1))
    (call $check (call $fd_write (local.get $f2) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 8) (i32.const 36))
  )
)
