;; fd_seek: success paths on a regular file (file.txt, "hello, wasi\n", 12 bytes).
;; Checks the new offset stored at the out-pointer for whence SET (0), CUR (1) and
;; END (2), negative deltas, seeking past the end, that reads follow the offset, and
;; that an fd with FD_TELL but without FD_SEEK may still ask for its offset with
;; (0, CUR), which only reads it.
(module
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 newoffset (u64) / nread (u32), 16 iovec, 512 read buffer.
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

  ;; fd_seek(fd, delta, whence) must succeed and store $want; codes $code, $code+1.
  (func $seek_ok (param $fd i32) (param $delta i64) (param $whence i32)
                 (param $want i64) (param $code i32)
    (i64.store (i32.const 0) (i64.const -1))
    (call $check (call $fd_seek (local.get $fd) (local.get $delta) (local.get $whence)
                   (i32.const 0))
      (i32.const 0) (local.get $code))
    (call $check64 (i64.load (i32.const 0)) (local.get $want)
      (i32.add (local.get $code) (i32.const 1))))

  ;; Reads up to $len bytes into 512; returns the count (fails with $code on error).
  (func $read (param $fd i32) (param $len i32) (param $code i32) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (local.get $len))
    (call $check (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  (func (export "_start")
    (local $fd i32) (local $tell_only i32)
    ;; rights FD_READ|FD_SEEK|FD_TELL = 0x26
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x26) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; SET 5 -> 5; the next read starts there: ", "
    (call $seek_ok (local.get $fd) (i64.const 5) (i32.const 0) (i64.const 5) (i32.const 11))
    (call $check (call $read (local.get $fd) (i32.const 2) (i32.const 13)) (i32.const 2) (i32.const 14))
    (call $check (i32.load16_u (i32.const 512)) (i32.const 0x202c) (i32.const 15))
    ;; CUR -3 from 7 -> 4
    (call $seek_ok (local.get $fd) (i64.const -3) (i32.const 1) (i64.const 4) (i32.const 16))
    ;; CUR 0 reports the offset without moving it -> 4
    (call $seek_ok (local.get $fd) (i64.const 0) (i32.const 1) (i64.const 4) (i32.const 18))
    ;; CUR +2 -> 6
    (call $seek_ok (local.get $fd) (i64.const 2) (i32.const 1) (i64.const 6) (i32.const 20))
    ;; END 0 -> 12 (the size)
    (call $seek_ok (local.get $fd) (i64.const 0) (i32.const 2) (i64.const 12) (i32.const 22))
    ;; END -1 -> 11; reading gives the final "\n" only
    (call $seek_ok (local.get $fd) (i64.const -1) (i32.const 2) (i64.const 11) (i32.const 24))
    (call $check (call $read (local.get $fd) (i32.const 8) (i32.const 26)) (i32.const 1) (i32.const 27))
    (call $check (i32.load8_u (i32.const 512)) (i32.const 10) (i32.const 28))
    ;; SET 100: past the end is allowed; a read there is end of file (0 bytes)
    (call $seek_ok (local.get $fd) (i64.const 100) (i32.const 0) (i64.const 100) (i32.const 29))
    (call $check (call $read (local.get $fd) (i32.const 8) (i32.const 31)) (i32.const 0) (i32.const 32))
    ;; END +8 -> 20 (past the end, relative to it)
    (call $seek_ok (local.get $fd) (i64.const 8) (i32.const 2) (i64.const 20) (i32.const 33))
    ;; SET 0 -> 0; reading gives "hello"
    (call $seek_ok (local.get $fd) (i64.const 0) (i32.const 0) (i64.const 0) (i32.const 35))
    (call $check (call $read (local.get $fd) (i32.const 5) (i32.const 37)) (i32.const 5) (i32.const 38))
    (call $check (i32.load (i32.const 512)) (i32.const 0x6c6c6568) (i32.const 39))
    ;; CUR -5 from 5 -> 0: landing exactly on 0 is fine
    (call $seek_ok (local.get $fd) (i64.const -5) (i32.const 1) (i64.const 0) (i32.const 40))

    ;; An fd with FD_READ|FD_TELL (0x22) but no FD_SEEK: (0, CUR) only reads the
    ;; offset, like fd_tell, and succeeds.
    (local.set $tell_only (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                            (i64.const 0x22) (i64.const 0) (i32.const 0) (i32.const 42)))
    (drop (call $read (local.get $tell_only) (i32.const 3) (i32.const 43)))
    (call $seek_ok (local.get $tell_only) (i64.const 0) (i32.const 1) (i64.const 3) (i32.const 44))
  )
)
