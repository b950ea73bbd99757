;; fd_read: refusals, all EBADF: an fd that is not open, and fds not open for
;; reading (no FD_READ right): stdout, the preopened directory, a directory opened
;; with path_open, a file opened write-only, a file whose FD_READ was dropped.
;; A refused read consumes nothing: the file is still read from its start afterwards.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread, 16 iovec {512, 16}, 512 buffer.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "dir")
  (data (i32.const 1056) "new.txt")

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

  ;; fd_read of up to 16 bytes into 512.
  (func $read (param $fd i32) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 16))
    (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0)))

  (func (export "_start")
    (local $fd i32) (local $dir i32) (local $wo i32)
    ;; EBADF (8): fd 99 is not open
    (call $check (call $read (i32.const 99)) (i32.const 8) (i32.const 10))
    ;; EBADF (8): fd 0x80000000 is not open
    (call $check (call $read (i32.const 0x80000000)) (i32.const 8) (i32.const 11))
    ;; EBADF (8): stdout is not open for reading
    (call $check (call $read (i32.const 1)) (i32.const 8) (i32.const 12))
    ;; EBADF (8): stderr is not open for reading
    (call $check (call $read (i32.const 2)) (i32.const 8) (i32.const 13))
    ;; EBADF (8): the preopened directory cannot be read with fd_read
    (call $check (call $read (i32.const 3)) (i32.const 8) (i32.const 14))

    ;; "dir" opened with DIRECTORY (oflags 2), rights FD_READDIR (0x4000)
    (local.set $dir (call $open (i32.const 1040) (i32.const 3) (i32.const 2)
                      (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 15)))
    ;; EBADF (8): a directory fd is not open for reading
    (call $check (call $read (local.get $dir)) (i32.const 8) (i32.const 16))

    ;; "new.txt" created (oflags CREAT = 1) write-only: rights FD_WRITE (0x40)
    (local.set $wo (call $open (i32.const 1056) (i32.const 7) (i32.const 1)
                     (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 17)))
    ;; EBADF (8): opened without FD_READ
    (call $check (call $read (local.get $wo)) (i32.const 8) (i32.const 18))

    ;; file.txt with FD_READ|FD_TELL (0x22), then FD_READ dropped (keep FD_TELL = 0x20)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x22) (i64.const 0) (i32.const 0) (i32.const 19)))
    (call $check (call $fd_fdstat_set_rights (local.get $fd) (i64.const 0x20) (i64.const 0))
      (i32.const 0) (i32.const 20))
    ;; EBADF (8): FD_READ was dropped
    (call $check (call $read (local.get $fd)) (i32.const 8) (i32.const 21))

    ;; a fresh fd for file.txt: the refused reads left the file alone, 12 bytes
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 22)))
    (call $check (call $read (local.get $fd)) (i32.const 0) (i32.const 23))
    (call $check (i32.load (i32.const 0)) (i32.const 12) (i32.const 24))
  )
)
