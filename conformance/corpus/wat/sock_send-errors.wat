;; sock_send refusals. No connected socket can be configured for a corpus test, so this
;; checks the fds that are not sockets and the fds that are not open. Nothing is sent: stdout
;; stays empty (the .json expects "stdout": ""), so_datalen keeps its 0xAA bytes, and
;; file.txt is unchanged (fd_read afterwards reads "hello, wasi\n" from offset 0).
;; ENOTSOCK: stdin (which has no fd_write right: the kind is checked before rights), stdout,
;; stderr, the preopened directory (fd 3), file.txt and dir/ opened with path_open; also with
;; the undefined si_flags bit 1 (no siflags bit is defined; the kind is checked first).
;; EBADF: fd 99, fd 0xFFFFFFFF, a file fd after fd_close, stdout after fd_close.
(module
  (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
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

  (data (i32.const 512) "hello, wasi\n")
  (data (i32.const 544) "SENT\n")

  ;; sock_send(fd, ciovec at 2048 = {"SENT\n", 5}, 1 ciovec, flags, 1032); fails check $code
  ;; unless it returns $errno and leaves so_datalen alone.
  (func $send (param $fd i32) (param $flags i32) (param $errno i32) (param $code i32)
    (i32.store (i32.const 2048) (i32.const 544))
    (i32.store (i32.const 2052) (i32.const 5))
    (i32.store (i32.const 1032) (i32.const 0xAAAAAAAA))
    (call $eq32 (call $sock_send (local.get $fd) (i32.const 2048) (i32.const 1) (local.get $flags) (i32.const 1032))
                (local.get $errno) (local.get $code))
    (call $eq32 (i32.load (i32.const 1032)) (i32.const 0xAAAAAAAA) (local.get $code)))

  (func (export "_start")
    (local $file i32) (local $dir i32)
    (local.set $file (call $open_file (i32.const 10)))
    (local.set $dir (call $open_dir (i32.const 11)))

    ;; ENOTSOCK (57): stdin
    (call $send (i32.const 0) (i32.const 0) (i32.const 57) (i32.const 12))
    ;; ENOTSOCK (57): stdout
    (call $send (i32.const 1) (i32.const 0) (i32.const 57) (i32.const 13))
    ;; ENOTSOCK (57): stderr
    (call $send (i32.const 2) (i32.const 0) (i32.const 57) (i32.const 14))
    ;; ENOTSOCK (57): the preopened directory
    (call $send (i32.const 3) (i32.const 0) (i32.const 57) (i32.const 15))
    ;; ENOTSOCK (57): a regular file
    (call $send (local.get $file) (i32.const 0) (i32.const 57) (i32.const 16))
    ;; ENOTSOCK (57): a directory opened with path_open
    (call $send (local.get $dir) (i32.const 0) (i32.const 57) (i32.const 17))
    ;; ENOTSOCK (57): stdout with the undefined si_flags bit 1 (the kind is checked first)
    (call $send (i32.const 1) (i32.const 1) (i32.const 57) (i32.const 18))

    ;; the file was not written: fd_read gets "hello, wasi\n" from the start, and no more
    (i32.store (i32.const 2048) (i32.const 3072))
    (i32.store (i32.const 2052) (i32.const 32))
    (call $eq32 (call $fd_read (local.get $file) (i32.const 2048) (i32.const 1) (i32.const 1040)) (i32.const 0) (i32.const 19))
    (call $eq32 (i32.load (i32.const 1040)) (i32.const 12) (i32.const 20))
    (call $eq32 (call $memeq (i32.const 3072) (i32.const 512) (i32.const 12)) (i32.const 1) (i32.const 21))

    ;; EBADF (8): fd 99 is not open
    (call $send (i32.const 99) (i32.const 0) (i32.const 8) (i32.const 22))
    ;; EBADF (8): fd 0xFFFFFFFF is not open
    (call $send (i32.const 0xFFFFFFFF) (i32.const 0) (i32.const 8) (i32.const 23))
    ;; EBADF (8): the file fd once closed
    (call $eq32 (call $fd_close (local.get $file)) (i32.const 0) (i32.const 24))
    (call $send (local.get $file) (i32.const 0) (i32.const 8) (i32.const 25))
    ;; EBADF (8): stdout once closed
    (call $eq32 (call $fd_close (i32.const 1)) (i32.const 0) (i32.const 26))
    (call $send (i32.const 1) (i32.const 0) (i32.const 8) (i32.const 27))))
