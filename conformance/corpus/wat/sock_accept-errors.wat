;; sock_accept refusals. No listening socket can be configured for a corpus test, so this
;; checks the fds that are not sockets and the fds that are not open; the new-fd out-pointer
;; is never written (it keeps its 0xAA bytes).
;; ENOTSOCK: stdin, stdout, stderr, the preopened directory (fd 3), file.txt and dir/ opened
;; with path_open. The kind of fd is checked before the flags and the rights: NONBLOCK, an
;; unknown flag (0x10) and a file without any rights are still ENOTSOCK.
;; EBADF: fd 99, fd 0xFFFFFFFF, a file fd after fd_close, stdin after fd_close.
(module
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; ---- helpers: bytes 0..31 are reserved for $fail's message ----
  (data (i32.const 16) "FAIL xx\n")

  ;; Writes "FAIL <code>\n" to fd 2, then exits with <code> (a check number, 10..99).
  (func $fail (param $code i32)
    (i32.store8 (i32.const 21) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 22) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (local.get $code))
    unreachable)

  ;; Fails check <code> unless got == want.
  (func $eq32 (param $got i32) (param $want i32) (param $code i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; Fails check <code> unless got == want (64-bit).
  (func $eq64 (param $got i64) (param $want i64) (param $code i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; 1 if the n bytes at a and at b are equal, else 0.
  (func $memeq (param $a i32) (param $b i32) (param $n i32) (result i32)
    (loop $next
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
        (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))
    unreachable)

  ;; ---- fds that are not sockets: file.txt and dir/ opened through the preopen (fd 3) ----
  (data (i32.const 256) "file.txt")
  (data (i32.const 272) "dir")

  ;; Opens file.txt read-write (rights fd_read 0x2 | fd_seek 0x4 | fd_write 0x40 |
  ;; fd_fdstat_set_flags 0x8 | fd_filestat_get 0x200000 | poll_fd_readwrite 0x8000000);
  ;; fails check $code unless that succeeds.
  (func $open_file (param $code i32) (result i32)
    (call $eq32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 8) (i32.const 0)
                                 (i64.const 0x820004e) (i64.const 0) (i32.const 0) (i32.const 1048))
                (i32.const 0) (local.get $code))
    (i32.load (i32.const 1048)))

  ;; Opens dir/ (oflags DIRECTORY, rights fd_readdir 0x4000 | path_open 0x2000); fails check
  ;; $code unless that succeeds.
  (func $open_dir (param $code i32) (result i32)
    (call $eq32 (call $path_open (i32.const 3) (i32.const 0) (i32.const 272) (i32.const 3) (i32.const 2)
                                 (i64.const 0x6000) (i64.const 0) (i32.const 0) (i32.const 1048))
                (i32.const 0) (local.get $code))
    (i32.load (i32.const 1048)))

  ;; sock_accept(fd, flags, 1032); fails check $code unless it returns $errno and leaves the
  ;; out slot alone.
  (func $accept (param $fd i32) (param $flags i32) (param $errno i32) (param $code i32)
    (i32.store (i32.const 1032) (i32.const 0xAAAAAAAA))
    (call $eq32 (call $sock_accept (local.get $fd) (local.get $flags) (i32.const 1032)) (local.get $errno) (local.get $code))
    (call $eq32 (i32.load (i32.const 1032)) (i32.const 0xAAAAAAAA) (local.get $code)))

  (func (export "_start")
    (local $file i32) (local $dir i32)
    (local.set $file (call $open_file (i32.const 10)))
    (local.set $dir (call $open_dir (i32.const 11)))

    ;; ENOTSOCK (57): stdin
    (call $accept (i32.const 0) (i32.const 0) (i32.const 57) (i32.const 12))
    ;; ENOTSOCK (57): stdout
    (call $accept (i32.const 1) (i32.const 0) (i32.const 57) (i32.const 13))
    ;; ENOTSOCK (57): stderr
    (call $accept (i32.const 2) (i32.const 0) (i32.const 57) (i32.const 14))
    ;; ENOTSOCK (57): the preopened directory
    (call $accept (i32.const 3) (i32.const 0) (i32.const 57) (i32.const 15))
    ;; ENOTSOCK (57): a regular file
    (call $accept (local.get $file) (i32.const 0) (i32.const 57) (i32.const 16))
    ;; ENOTSOCK (57): a directory opened with path_open
    (call $accept (local.get $dir) (i32.const 0) (i32.const 57) (i32.const 17))
    ;; ENOTSOCK (57): stdout with flags NONBLOCK (4)
    (call $accept (i32.const 1) (i32.const 4) (i32.const 57) (i32.const 18))
    ;; ENOTSOCK (57): a regular file with the undefined flag 0x10 (the kind is checked first)
    (call $accept (local.get $file) (i32.const 0x10) (i32.const 57) (i32.const 19))
    ;; ENOTSOCK (57): a regular file without any rights (the kind is checked before rights)
    (call $eq32 (call $fd_fdstat_set_rights (local.get $file) (i64.const 0) (i64.const 0)) (i32.const 0) (i32.const 20))
    (call $accept (local.get $file) (i32.const 0) (i32.const 57) (i32.const 21))

    ;; EBADF (8): fd 99 is not open
    (call $accept (i32.const 99) (i32.const 0) (i32.const 8) (i32.const 22))
    ;; EBADF (8): fd 0xFFFFFFFF is not open
    (call $accept (i32.const 0xFFFFFFFF) (i32.const 0) (i32.const 8) (i32.const 23))
    ;; EBADF (8): the file fd once closed
    (call $eq32 (call $fd_close (local.get $file)) (i32.const 0) (i32.const 24))
    (call $accept (local.get $file) (i32.const 0) (i32.const 8) (i32.const 25))
    ;; EBADF (8): stdin once closed
    (call $eq32 (call $fd_close (i32.const 0)) (i32.const 0) (i32.const 26))
    (call $accept (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 27))))
