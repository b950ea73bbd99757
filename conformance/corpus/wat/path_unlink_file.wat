;; path_unlink_file: removing names.
;; Checks that a file is removed (gone afterwards), that a symlink is removed itself and
;; never its target (to a file, to a directory, dangling, pointing outside the root, a
;; loop), that an open fd keeps reading the unlinked file, and that a name relative to a
;; subdirectory fd is removed there.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 16 iovec, 64 filestat,
;; 512 read buffer, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
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

  ;; Fails check $check unless the $len bytes at $p equal those at $want
  ;; (the failure reports the offset of the first difference).
  (func $expect_bytes (param $p i32) (param $want i32) (param $len i32) (param $check i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $want) (local.get $i))))
          (then (call $fail (local.get $check) (i64.extend_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; path_open($dir, no SYMLINK_FOLLOW, path, $oflags, every right as base and inheriting);
  ;; fails check $check unless it succeeds; returns the new fd.
  (func $open (param $dir i32) (param $path i32) (param $len i32) (param $oflags i32)
               (param $check i32) (result i32)
    (call $expect
      (call $path_open (local.get $dir) (i32.const 0) (local.get $path) (local.get $len)
        (local.get $oflags) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 0))
      (i32.const 0) (local.get $check))
    (i32.load (i32.const 0)))

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

  ;; Creates the empty file $path in $dir (CREAT|EXCL) and closes it; fails check $check
  ;; otherwise.
  (func $create_file (param $dir i32) (param $path i32) (param $len i32) (param $check i32)
    (call $expect
      (call $fd_close (call $open (local.get $dir) (local.get $path) (local.get $len)
        (i32.const 5) (local.get $check)))
      (i32.const 0) (local.get $check)))

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
    (local $fd i32) (local $sub i32)
    ;; success: a file created here is removed
    (call $create_file (i32.const 3) (;"new.txt";) (i32.const 1024) (i32.const 7) (i32.const 10))
    (call $expect (call $path_unlink_file (i32.const 3) (;"new.txt";) (i32.const 1024) (i32.const 7)) (i32.const 0) (i32.const 11))
    ;; ENOENT (44): it is gone
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"new.txt";) (i32.const 1024) (i32.const 7) (i32.const 64))
      (i32.const 44) (i32.const 12))

    ;; success: "link_to_file" removes the link...
    (call $expect (call $path_unlink_file (i32.const 3) (;"link_to_file";) (i32.const 1031) (i32.const 12)) (i32.const 0) (i32.const 13))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1031) (i32.const 12) (i32.const 64))
      (i32.const 44) (i32.const 14))
    ;; ...and not file.txt, still a regular file (4) of 12 bytes
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1043) (i32.const 8) (i32.const 15))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 16))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 17))

    ;; success: "link_to_dir" (a symlink to a directory is a name like any other)
    (call $expect (call $path_unlink_file (i32.const 3) (;"link_to_dir";) (i32.const 1051) (i32.const 11)) (i32.const 0) (i32.const 18))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"link_to_dir";) (i32.const 1051) (i32.const 11) (i32.const 64))
      (i32.const 44) (i32.const 19))
    ;; "dir" is still a directory
    (call $stat (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1062) (i32.const 3) (i32.const 20))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 21))

    ;; success: the dangling symlink
    (call $expect (call $path_unlink_file (i32.const 3) (;"dangling";) (i32.const 1065) (i32.const 8)) (i32.const 0) (i32.const 22))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1065) (i32.const 8) (i32.const 64))
      (i32.const 44) (i32.const 23))

    ;; success: a symlink created here that points outside the root (never followed)
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1073) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1080) (i32.const 6)) (i32.const 0) (i32.const 24))
    (call $expect (call $path_unlink_file (i32.const 3) (;"escape";) (i32.const 1080) (i32.const 6)) (i32.const 0) (i32.const 25))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"escape";) (i32.const 1080) (i32.const 6) (i32.const 64))
      (i32.const 44) (i32.const 26))

    ;; success: a symlink to itself (never followed, so no ELOOP)
    (call $expect (call $path_symlink (;"self";) (i32.const 1086) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1086) (i32.const 4)) (i32.const 0) (i32.const 27))
    (call $expect (call $path_unlink_file (i32.const 3) (;"self";) (i32.const 1086) (i32.const 4)) (i32.const 0) (i32.const 28))

    ;; success: an open file can be unlinked, and its fd still reads the contents
    (local.set $fd (call $open (i32.const 3) (;"file.txt";) (i32.const 1043) (i32.const 8) (i32.const 0) (i32.const 29)))
    (call $expect (call $path_unlink_file (i32.const 3) (;"file.txt";) (i32.const 1043) (i32.const 8)) (i32.const 0) (i32.const 30))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1043) (i32.const 8) (i32.const 64))
      (i32.const 44) (i32.const 31))
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $expect (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 8))
      (i32.const 0) (i32.const 32))
    (call $expect (i32.load (i32.const 8)) (i32.const 12) (i32.const 33))
    (call $expect_bytes (i32.const 512) (i32.const 1090) (;"hello, wasi\n";) (i32.const 12) (i32.const 34))

    ;; success: "nested.txt" relative to a fd on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1062) (i32.const 3) (i32.const 35)))
    (call $expect (call $path_unlink_file (local.get $sub) (;"nested.txt";) (i32.const 1102) (i32.const 10)) (i32.const 0) (i32.const 36))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dir/nested.txt";) (i32.const 1112) (i32.const 14) (i32.const 64))
      (i32.const 44) (i32.const 37))
    ;; "dir" is now empty, so it can be removed
    (call $expect (call $path_remove_directory (i32.const 3) (;"dir";) (i32.const 1062) (i32.const 3)) (i32.const 0) (i32.const 38))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "new.txt")
  (data (i32.const 1031) "link_to_file")
  (data (i32.const 1043) "file.txt")
  (data (i32.const 1051) "link_to_dir")
  (data (i32.const 1062) "dir")
  (data (i32.const 1065) "dangling")
  (data (i32.const 1073) "../../x")
  (data (i32.const 1080) "escape")
  (data (i32.const 1086) "self")
  (data (i32.const 1090) "hello, wasi\n")
  (data (i32.const 1102) "nested.txt")
  (data (i32.const 1112) "dir/nested.txt")
)
