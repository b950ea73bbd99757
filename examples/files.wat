;; files.wat: a tour of the fd and path calls, written for the book's chapters.
;;
;; Inside the preopened directory (fd 3) it creates notes.txt, writes it with two buffers,
;; seeks back, reads it, stats it, links a symlink to it and reads the link, tries two opens
;; that must fail (a missing file, and a path that leaves the sandbox), makes and lists an
;; empty directory, reads the monotonic clock, sleeps 1 ms with poll_oneoff, asks for random bytes, cleans up and
;; prints "done". Every call's result is visible with --trace:
;;
;;   mkdir -p /tmp/tour && cargo run --release -q -p wasi-run -- --trace --dir /tmp/tour::/tour examples/files.wat
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  ;; Memory map:
  ;;    0  two ciovecs {256, 7} {263, 9}    16  iovec {512, 64}     24  ciovec {300, 5}
  ;;   32  u32 out    40  u64 out    48  fd out    64  filestat (64 B)    128  prestat
  ;;  136  preopen name (32 B)    256.. strings    400  a clock subscription (48 B)
  ;;  448  its event (32 B)    480  readlink buffer (32 B)    512  read buffer (64 B)
  ;;  576  readdir buffer (256 B)    832  random bytes (16 B)
  (memory (export "memory") 1)
  (data (i32.const 0) "\00\01\00\00\07\00\00\00\07\01\00\00\09\00\00\00")
  (data (i32.const 16) "\00\02\00\00\40\00\00\00")
  (data (i32.const 24) "\2c\01\00\00\05\00\00\00")
  (data (i32.const 256) "hello, preview1\n")
  (data (i32.const 300) "done\n")
  (data (i32.const 320) "notes.txt")
  (data (i32.const 336) "link")
  (data (i32.const 344) "missing.txt")
  (data (i32.const 360) "../escape")
  (data (i32.const 376) "sub")
  ;; userdata 7, tag 0 (clock), id 1 (monotonic), timeout 1,000,000 ns, precision 0, flags 0
  (data (i32.const 400) "\07\00\00\00\00\00\00\00\00")
  (data (i32.const 416) "\01\00\00\00\00\00\00\00\40\42\0f\00\00\00\00\00")

  (func $fd (result i32) (i32.load (i32.const 48)))

  (func (export "_start")
    ;; Which directory is fd 3?
    (drop (call $fd_prestat_get (i32.const 3) (i32.const 128)))
    (drop (call $fd_prestat_dir_name (i32.const 3) (i32.const 136) (i32.load (i32.const 132))))
    ;; Create notes.txt: CREAT|TRUNC; FD_READ|FD_SEEK|FD_WRITE|FD_FILESTAT_GET.
    (drop (call $path_open (i32.const 3) (i32.const 1) (i32.const 320) (i32.const 9)
      (i32.const 9) (i64.const 0x200046) (i64.const 0) (i32.const 0) (i32.const 48)))
    (drop (call $fd_fdstat_get (call $fd) (i32.const 64)))
    (drop (call $fd_write (call $fd) (i32.const 0) (i32.const 2) (i32.const 32)))
    (drop (call $fd_seek (call $fd) (i64.const 0) (i32.const 0) (i32.const 40)))
    (drop (call $fd_read (call $fd) (i32.const 16) (i32.const 1) (i32.const 32)))
    (drop (call $fd_filestat_get (call $fd) (i32.const 64)))
    (drop (call $fd_close (call $fd)))
    ;; A symlink to it, and what it says.
    (drop (call $path_symlink (i32.const 320) (i32.const 9) (i32.const 3) (i32.const 336) (i32.const 4)))
    (drop (call $path_readlink (i32.const 3) (i32.const 336) (i32.const 4) (i32.const 480) (i32.const 32) (i32.const 32)))
    ;; Two opens that fail: ENOENT, and ENOTCAPABLE for leaving the sandbox.
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 344) (i32.const 11)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 48)))
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 360) (i32.const 9)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 48)))
    ;; An empty directory, listed: only "." and "..".
    (drop (call $path_create_directory (i32.const 3) (i32.const 376) (i32.const 3)))
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 376) (i32.const 3)
      (i32.const 2) (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 48)))
    (drop (call $fd_readdir (call $fd) (i32.const 576) (i32.const 256) (i64.const 0) (i32.const 32)))
    (drop (call $fd_close (call $fd)))
    ;; The time, then a 1 ms sleep.
    (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 40)))
    (drop (call $poll_oneoff (i32.const 400) (i32.const 448) (i32.const 1) (i32.const 32)))
    ;; 16 random bytes.
    (drop (call $random_get (i32.const 832) (i32.const 16)))
    ;; Clean up and say so.
    (drop (call $path_unlink_file (i32.const 3) (i32.const 336) (i32.const 4)))
    (drop (call $path_unlink_file (i32.const 3) (i32.const 320) (i32.const 9)))
    (drop (call $path_remove_directory (i32.const 3) (i32.const 376) (i32.const 3)))
    (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 32)))
    (call $proc_exit (i32.const 0))))
