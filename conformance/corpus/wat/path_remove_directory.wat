;; path_remove_directory: removing empty directories.
;; Checks that an empty directory is removed (it is gone afterwards), with or without a
;; trailing slash, in a subdirectory, through the symlink "link_to_dir" (an intermediate
;; component is followed), and relative to a subdirectory fd; that a directory with an
;; open fd can be removed, after which nothing can be created through that fd (ENOENT).
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
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
    (local $sub i32)
    ;; setup: empty directories "d1", "d2", "dir/d3", "dir/d4", "dir/d5"
    (call $expect (call $path_create_directory (i32.const 3) (;"d1";) (i32.const 1024) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_create_directory (i32.const 3) (;"d2";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/d3";) (i32.const 1028) (i32.const 6)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/d4";) (i32.const 1034) (i32.const 6)) (i32.const 0) (i32.const 13))
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/d5";) (i32.const 1040) (i32.const 6)) (i32.const 0) (i32.const 14))

    ;; success: "d1" is removed
    (call $expect (call $path_remove_directory (i32.const 3) (;"d1";) (i32.const 1024) (i32.const 2)) (i32.const 0) (i32.const 15))
    ;; ENOENT (44): it is gone
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"d1";) (i32.const 1024) (i32.const 2) (i32.const 64))
      (i32.const 44) (i32.const 16))
    ;; success: "d2/" (trailing slash)
    (call $expect (call $path_remove_directory (i32.const 3) (;"d2/";) (i32.const 1046) (i32.const 3)) (i32.const 0) (i32.const 17))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"d2";) (i32.const 1026) (i32.const 2) (i32.const 64))
      (i32.const 44) (i32.const 18))
    ;; success: "dir/d3" in a subdirectory
    (call $expect (call $path_remove_directory (i32.const 3) (;"dir/d3";) (i32.const 1028) (i32.const 6)) (i32.const 0) (i32.const 19))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dir/d3";) (i32.const 1028) (i32.const 6) (i32.const 64))
      (i32.const 44) (i32.const 20))
    ;; success: "link_to_dir/d4" (an intermediate symlink is followed)
    (call $expect (call $path_remove_directory (i32.const 3) (;"link_to_dir/d4";) (i32.const 1049) (i32.const 14)) (i32.const 0) (i32.const 21))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dir/d4";) (i32.const 1034) (i32.const 6) (i32.const 64))
      (i32.const 44) (i32.const 22))
    ;; success: "d5" relative to a fd opened on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1063) (i32.const 3) (i32.const 23)))
    (call $expect (call $path_remove_directory (local.get $sub) (;"d5";) (i32.const 1066) (i32.const 2)) (i32.const 0) (i32.const 24))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dir/d5";) (i32.const 1040) (i32.const 6) (i32.const 64))
      (i32.const 44) (i32.const 25))
    ;; what else is in "dir" is untouched: nested.txt is still a 7-byte file
    (call $stat (i32.const 3) (i32.const 0) (;"dir/nested.txt";) (i32.const 1068) (i32.const 14) (i32.const 26))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 27))
    ;; success: a directory with an open fd on it can be removed...
    (call $expect (call $path_create_directory (i32.const 3) (;"busy";) (i32.const 1082) (i32.const 4)) (i32.const 0) (i32.const 28))
    (local.set $sub (call $open_dir (i32.const 3) (;"busy";) (i32.const 1082) (i32.const 4) (i32.const 29)))
    (call $expect (call $path_remove_directory (i32.const 3) (;"busy";) (i32.const 1082) (i32.const 4)) (i32.const 0) (i32.const 30))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"busy";) (i32.const 1082) (i32.const 4) (i32.const 64))
      (i32.const 44) (i32.const 31))
    ;; ENOENT (44): ...and nothing can be created in it any more
    (call $expect (call $path_create_directory (local.get $sub) (;"x";) (i32.const 1086) (i32.const 1)) (i32.const 44) (i32.const 32))
    ;; success: a directory can be removed and created again under the same name
    (call $expect (call $path_create_directory (i32.const 3) (;"d1";) (i32.const 1024) (i32.const 2)) (i32.const 0) (i32.const 33))
    (call $expect (call $path_remove_directory (i32.const 3) (;"d1";) (i32.const 1024) (i32.const 2)) (i32.const 0) (i32.const 34))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "d1")
  (data (i32.const 1026) "d2")
  (data (i32.const 1028) "dir/d3")
  (data (i32.const 1034) "dir/d4")
  (data (i32.const 1040) "dir/d5")
  (data (i32.const 1046) "d2/")
  (data (i32.const 1049) "link_to_dir/d4")
  (data (i32.const 1063) "dir")
  (data (i32.const 1066) "d5")
  (data (i32.const 1068) "dir/nested.txt")
  (data (i32.const 1082) "busy")
  (data (i32.const 1086) "x")
)
