;; sock_recv refusals. No connected socket can be configured for a corpus test, so this
;; checks the fds that are not sockets and the fds that are not open. Nothing is written: not
;; the receive buffer, not ro_datalen, not ro_flags (all keep their 0xAA bytes), and a file's
;; offset does not move (fd_read afterwards still reads "hello, wasi\n" from 0).
;; ENOTSOCK: stdin, stdout (which has no fd_read right: the kind is checked before rights),
;; stderr, the preopened directory (fd 3), file.txt and dir/ opened with path_open; also with
;; ri_flags RECV_PEEK (1) and with the undefined flag 4 (the kind is checked first).
;; EBADF: fd 99, fd 0xFFFFFFFF, a file fd after fd_close, stdin after fd_close.
(module
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
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

  ;; sock_recv(fd, iovec at 2048 = {3072, 16}, 1 iovec, flags, 1032, 1036); fails check $code
  ;; unless it returns $errno and writes none of the buffer, ro_datalen, ro_flags.
  (func $recv (param $fd i32) (param $flags i32) (param $errno i32) (param $code i32)
    (i32.store (i32.const 2048) (i32.const 3072))
    (i32.store (i32.const 2052) (i32.const 16))
    (memory.fill (i32.const 3072) (i32.const 0xAA) (i32.const 16))
    (memory.fill (i32.const 1032) (i32.const 0xAA) (i32.const 8))
    (call $eq32 (call $sock_recv (local.get $fd) (i32.const 2048) (i32.const 1) (local.get $flags) (i32.const 1032) (i32.const 1036))
                (local.get $errno) (local.get $code))
    (call $eq64 (i64.load (i32.const 1032)) (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code))
    (call $eq64 (i64.load (i32.const 3072)) (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code))
    (call $eq64 (i64.load (i32.const 3080)) (i64.const 0xAAAAAAAAAAAAAAAA) (local.get $code)))

  (func (export "_start")
    (local $file i32) (local $dir i32)
    (local.set $file (call $open_file (i32.const 10)))
    (local.set $dir (call $open_dir (i32.const 11)))

    ;; ENOTSOCK (57): stdin
    (call $recv (i32.const 0) (i32.const 0) (i32.const 57) (i32.const 12))
    ;; ENOTSOCK (57): stdout
    (call $recv (i32.const 1) (i32.const 0) (i32.const 57) (i32.const 13))
    ;; ENOTSOCK (57): stderr
    (call $recv (i32.const 2) (i32.const 0) (i32.const 57) (i32.const 14))
    ;; ENOTSOCK (57): the preopened directory
    (call $recv (i32.const 3) (i32.const 0) (i32.const 57) (i32.const 15))
    ;; ENOTSOCK (57): a regular file
    (call $recv (local.get $file) (i32.const 0) (i32.const 57) (i32.const 16))
    ;; ENOTSOCK (57): a directory opened with path_open
    (call $recv (local.get $dir) (i32.const 0) (i32.const 57) (i32.const 17))
    ;; ENOTSOCK (57): a regular file with RECV_PEEK
    (call $recv (local.get $file) (i32.const 1) (i32.const 57) (i32.const 18))
    ;; ENOTSOCK (57): a regular file with the undefined flag 4 (the kind is checked first)
    (call $recv (local.get $file) (i32.const 4) (i32.const 57) (i32.const 19))

    ;; the file's offset did not move: fd_read gets "hello, wasi\n" from the start
    (i32.store (i32.const 2048) (i32.const 3072))
    (i32.store (i32.const 2052) (i32.const 16))
    (call $eq32 (call $fd_read (local.get $file) (i32.const 2048) (i32.const 1) (i32.const 1040)) (i32.const 0) (i32.const 20))
    (call $eq32 (i32.load (i32.const 1040)) (i32.const 12) (i32.const 21))
    (call $eq32 (call $memeq (i32.const 3072) (i32.const 512) (i32.const 12)) (i32.const 1) (i32.const 22))

    ;; EBADF (8): fd 99 is not open
    (call $recv (i32.const 99) (i32.const 0) (i32.const 8) (i32.const 23))
    ;; EBADF (8): fd 0xFFFFFFFF is not open
    (call $recv (i32.const 0xFFFFFFFF) (i32.const 0) (i32.const 8) (i32.const 24))
    ;; EBADF (8): the file fd once closed
    (call $eq32 (call $fd_close (local.get $file)) (i32.const 0) (i32.const 25))
    (call $recv (local.get $file) (i32.const 0) (i32.const 8) (i32.const 26))
    ;; EBADF (8): stdin once closed
    (call $eq32 (call $fd_close (i32.const 0)) (i32.const 0) (i32.const 27))
    (call $recv (i32.const 0) (i32.const 0) (i32.const 8) (i32.const 28))))
