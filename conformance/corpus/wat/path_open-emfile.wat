;; path_open: EMFILE when the fd table is full (RATIONALE "A cap on open fds": at most
;; 4096 fds, or fewer on a host with a low RLIMIT_NOFILE). Opens file.txt until path_open
;; fails, which must be with EMFILE; a CREAT refused that way leaves no file behind; after
;; one close an open succeeds again, with the freed number.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Writes "check N failed: got G" to stderr and exits with N.
  (func $fail (param $check i32) (param $got i64)
    (local $p i32)
    (memory.copy (i32.const 65024) (i32.const 896) (i32.const 6))
    (local.set $p (call $put_u64 (i32.const 65030) (i64.extend_i32_u (local.get $check))))
    (memory.copy (local.get $p) (i32.const 912) (i32.const 13))
    (local.set $p (call $put_u64 (i32.add (local.get $p) (i32.const 13)) (local.get $got)))
    (i32.store8 (local.get $p) (i32.const 10))
    (i32.store (i32.const 65008) (i32.const 65024))
    (i32.store (i32.const 65012) (i32.sub (i32.add (local.get $p) (i32.const 1)) (i32.const 65024)))
    (drop (call $fd_write (i32.const 2) (i32.const 65008) (i32.const 1) (i32.const 65016)))
    (call $proc_exit (local.get $check))
    (unreachable))

  ;; Writes the decimal digits of $n at $p; returns the address after them.
  (func $put_u64 (param $p i32) (param $n i64) (result i32)
    (local $end i32) (local $t i64)
    (local.set $end (i32.add (local.get $p) (i32.const 1)))
    (local.set $t (local.get $n))
    (block $counted
      (loop $count
        (br_if $counted (i64.lt_u (local.get $t) (i64.const 10)))
        (local.set $t (i64.div_u (local.get $t) (i64.const 10)))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $count)))
    (local.set $p (local.get $end))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $n) (i64.const 0))))
    (local.get $end))

  ;; Fails check $check unless $got (an errno or other i32) is $want.
  (func $expect (param $got i32) (param $want i32) (param $check i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $check) (i64.extend_i32_u (local.get $got))))))

  (func (export "_start")
    (local $n i32) (local $err i32) (local $last i32)
    ;; open file.txt (FD_READ) until a call fails, at most 10000 times
    (block $full
      (loop $more
        (local.set $err (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
          (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)))
        (br_if $full (local.get $err))
        (local.set $last (i32.load (i32.const 0)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $n) (i32.const 10000)))))
    ;; EMFILE (33): the table filled up (before 10000 opens)
    (call $expect (local.get $err) (i32.const 33) (i32.const 10))
    ;; at least 10 opens succeeded first
    (call $expect (i32.lt_u (local.get $n) (i32.const 10)) (i32.const 0) (i32.const 11))
    ;; EMFILE (33): CREAT of a new file is refused too...
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"new.txt";) (i32.const 1032) (i32.const 7) (i32.const 1)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 33) (i32.const 12))
    ;; ENOENT (44): ...and leaves no file behind
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"new.txt";) (i32.const 1032) (i32.const 7) (i32.const 64))
      (i32.const 44) (i32.const 13))
    ;; after closing the last fd opened, an open succeeds and gets that number back
    (call $expect (call $fd_close (local.get $last)) (i32.const 0) (i32.const 14))
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 15))
    (call $expect (i32.load (i32.const 0)) (local.get $last) (i32.const 16))
    ;; EMFILE (33): and the table is full again
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 33) (i32.const 17))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "new.txt")
)
