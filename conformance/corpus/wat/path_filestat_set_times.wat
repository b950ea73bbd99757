;; path_filestat_set_times: setting access and modification times by path.
;; Checks exact nanosecond times read back with path_filestat_get for ATIM|MTIM, ATIM only,
;; MTIM only, no flags (nothing changes), the epoch (0), ATIM_NOW|MTIM_NOW (within a second
;; of clock_time_get), a symlink's own times without SYMLINK_FOLLOW (its target untouched,
;; links pointing outside the root included) and its target's with it, trailing slashes
;; (which follow), "." and a subdirectory fd.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out / clock, 64 filestat
;; (atim @104, mtim @112), 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
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

  ;; Fails check $check unless $got is $want.
  (func $expect64 (param $got i64) (param $want i64) (param $check i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $check) (local.get $got)))))

  ;; path_open($dir, no SYMLINK_FOLLOW, path, DIRECTORY, every right but FD_WRITE,
  ;; FD_ALLOCATE and FD_FILESTAT_SET_SIZE (which would make it EISDIR), every inheriting
  ;; right); fails check $check unless it succeeds; returns the new fd.
  (func $open_dir (param $dir i32) (param $path i32) (param $len i32) (param $check i32)
               (result i32)
    (call $expect
      (call $path_open (local.get $dir) (i32.const 0) (local.get $path) (local.get $len)
        (i32.const 2) (i64.xor (i64.const -1) (i64.const 0x400140)) (i64.const -1)
        (i32.const 0) (i32.const 0))
      (i32.const 0) (local.get $check))
    (i32.load (i32.const 0)))

  ;; path_filestat_get($dir, $flags, path) into the filestat at 64; fails check $check unless
  ;; it succeeds. Fields: filetype u8 @80, ino u64 @72, nlink u64 @88, size u64 @96,
  ;; atim @104, mtim @112.
  (func $stat (param $dir i32) (param $flags i32) (param $path i32) (param $len i32)
               (param $check i32)
    (call $expect
      (call $path_filestat_get (local.get $dir) (local.get $flags) (local.get $path)
        (local.get $len) (i32.const 64))
      (i32.const 0) (local.get $check)))

  (func (export "_start")
    (local $t0 i64) (local $t1 i64) (local $link_mtim i64) (local $sub i32)
    ;; success: ATIM|MTIM (5): atim 1000.000000123 s, mtim 2000.000000456 s
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 1000000000123) (i64.const 2000000000456) (i32.const 5))
      (i32.const 0) (i32.const 10))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 11))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 1000000000123) (i32.const 12))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 2000000000456) (i32.const 13))

    ;; success: ATIM (1) only: atim 3000 s, mtim (given as 999) left as it was
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 3000000000000) (i64.const 999) (i32.const 1))
      (i32.const 0) (i32.const 14))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 15))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 3000000000000) (i32.const 16))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 2000000000456) (i32.const 17))

    ;; success: MTIM (4) only: mtim 4000 s, atim left as it was
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 999) (i64.const 4000000000000) (i32.const 4))
      (i32.const 0) (i32.const 18))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 19))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 3000000000000) (i32.const 20))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 4000000000000) (i32.const 21))

    ;; success: no flags: nothing changes
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 5) (i64.const 6) (i32.const 0))
      (i32.const 0) (i32.const 22))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 23))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 3000000000000) (i32.const 24))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 4000000000000) (i32.const 25))

    ;; success: the epoch, 0, for both
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 0) (i64.const 0) (i32.const 5))
      (i32.const 0) (i32.const 26))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 27))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 0) (i32.const 28))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 0) (i32.const 29))

    ;; success: ATIM_NOW|MTIM_NOW (2|8): both within a second of the realtime clock
    (call $expect (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)) (i32.const 0) (i32.const 30))
    (local.set $t0 (i64.sub (i64.load (i32.const 0)) (i64.const 1000000000)))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 0) (i64.const 0) (i32.const 10))
      (i32.const 0) (i32.const 31))
    (call $expect (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0)) (i32.const 0) (i32.const 32))
    (local.set $t1 (i64.add (i64.load (i32.const 0)) (i64.const 1000000000)))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 33))
    (call $expect (i64.lt_u (i64.load (i32.const 104)) (local.get $t0)) (i32.const 0) (i32.const 34))
    (call $expect (i64.gt_u (i64.load (i32.const 104)) (local.get $t1)) (i32.const 0) (i32.const 35))
    (call $expect (i64.lt_u (i64.load (i32.const 112)) (local.get $t0)) (i32.const 0) (i32.const 36))
    (call $expect (i64.gt_u (i64.load (i32.const 112)) (local.get $t1)) (i32.const 0) (i32.const 37))
    ;; success: MTIM_NOW (8) with ATIM (1): atim exact, mtim now
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8)
        (i64.const 7000000000007) (i64.const 0) (i32.const 9))
      (i32.const 0) (i32.const 38))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 39))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 7000000000007) (i32.const 40))
    (call $expect (i64.lt_u (i64.load (i32.const 112)) (local.get $t0)) (i32.const 0) (i32.const 41))

    ;; success: "link_to_file" without SYMLINK_FOLLOW sets the link's own times...
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1032) (i32.const 12)
        (i64.const 5000000000000) (i64.const 6000000000000) (i32.const 5))
      (i32.const 0) (i32.const 42))
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1032) (i32.const 12) (i32.const 43))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 5000000000000) (i32.const 44))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 6000000000000) (i32.const 45))
    ;; ...and not file.txt's
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 46))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 7000000000007) (i32.const 47))
    ;; success: with SYMLINK_FOLLOW (1) it sets file.txt's, not the link's
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"link_to_file";) (i32.const 1032) (i32.const 12)
        (i64.const 8000000000000) (i64.const 9000000000000) (i32.const 5))
      (i32.const 0) (i32.const 48))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 49))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 8000000000000) (i32.const 50))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 9000000000000) (i32.const 51))
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1032) (i32.const 12) (i32.const 52))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 6000000000000) (i32.const 53))

    ;; success: a symlink created here that points outside the root: without
    ;; SYMLINK_FOLLOW only the link is touched
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1044) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1051) (i32.const 6)) (i32.const 0) (i32.const 54))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"escape";) (i32.const 1051) (i32.const 6)
        (i64.const 1) (i64.const 2) (i32.const 5))
      (i32.const 0) (i32.const 55))
    (call $stat (i32.const 3) (i32.const 0) (;"escape";) (i32.const 1051) (i32.const 6) (i32.const 56))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 2) (i32.const 57))
    ;; success: the dangling link's own times
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1057) (i32.const 8)
        (i64.const 3) (i64.const 4) (i32.const 5))
      (i32.const 0) (i32.const 58))
    (call $stat (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1057) (i32.const 8) (i32.const 59))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 4) (i32.const 60))

    ;; success: "link_to_dir/" without SYMLINK_FOLLOW: the trailing slash follows, so
    ;; "dir" gets the times and the link keeps its own
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir";) (i32.const 1065) (i32.const 11) (i32.const 61))
    (local.set $link_mtim (i64.load (i32.const 112)))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"link_to_dir/";) (i32.const 1076) (i32.const 12)
        (i64.const 11000000000000) (i64.const 12000000000000) (i32.const 5))
      (i32.const 0) (i32.const 62))
    (call $stat (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1088) (i32.const 3) (i32.const 63))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 11000000000000) (i32.const 64))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 12000000000000) (i32.const 65))
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir";) (i32.const 1065) (i32.const 11) (i32.const 66))
    (call $expect64 (i64.load (i32.const 112)) (local.get $link_mtim) (i32.const 67))
    ;; success: "dir/"
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"dir/";) (i32.const 1091) (i32.const 4)
        (i64.const 13000000000000) (i64.const 14000000000000) (i32.const 5))
      (i32.const 0) (i32.const 68))
    (call $stat (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1088) (i32.const 3) (i32.const 69))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 14000000000000) (i32.const 70))

    ;; success: "." (the root directory)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;".";) (i32.const 1095) (i32.const 1)
        (i64.const 15000000000000) (i64.const 16000000000000) (i32.const 5))
      (i32.const 0) (i32.const 71))
    (call $stat (i32.const 3) (i32.const 0) (;".";) (i32.const 1095) (i32.const 1) (i32.const 72))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 15000000000000) (i32.const 73))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 16000000000000) (i32.const 74))

    ;; success: relative to a fd on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1088) (i32.const 3) (i32.const 75)))
    (call $expect (call $path_filestat_set_times (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1096) (i32.const 10)
        (i64.const 17000000000000) (i64.const 18000000000000) (i32.const 5))
      (i32.const 0) (i32.const 76))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/nested.txt";) (i32.const 1106) (i32.const 14) (i32.const 77))
    (call $expect64 (i64.load (i32.const 104)) (i64.const 17000000000000) (i32.const 78))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 18000000000000) (i32.const 79))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "link_to_file")
  (data (i32.const 1044) "../../x")
  (data (i32.const 1051) "escape")
  (data (i32.const 1057) "dangling")
  (data (i32.const 1065) "link_to_dir")
  (data (i32.const 1076) "link_to_dir/")
  (data (i32.const 1088) "dir")
  (data (i32.const 1091) "dir/")
  (data (i32.const 1095) ".")
  (data (i32.const 1096) "nested.txt")
  (data (i32.const 1106) "dir/nested.txt")
)
