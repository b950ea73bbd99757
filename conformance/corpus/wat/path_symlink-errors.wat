;; path_symlink: every error it can give.
;; EBADF; ENOTDIR (fd not a directory, a component is a file); ENOTCAPABLE (an absolute
;; target; a new path escaping through "..", an absolute path or a symlink created here; a
;; missing PATH_SYMLINK right); EEXIST (the new name exists, as anything, or ends in "." /
;; ".."); ENOENT (empty target or new path, missing parent, "name/"); ELOOP; EINVAL (NUL
;; byte in either string); EILSEQ (either string not UTF-8); ENAMETOOLONG.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 256 fdstat,
;; 1024.. strings, 8192.. long paths.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
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

  ;; path_filestat_get($dir, $flags, path) into the filestat at 64; fails check $check unless
  ;; it succeeds. Fields: filetype u8 @80, ino u64 @72, nlink u64 @88, size u64 @96,
  ;; atim @104, mtim @112.
  (func $stat (param $dir i32) (param $flags i32) (param $path i32) (param $len i32)
               (param $check i32)
    (call $expect
      (call $path_filestat_get (local.get $dir) (local.get $flags) (local.get $path)
        (local.get $len) (i32.const 64))
      (i32.const 0) (local.get $check)))

  ;; Removes $right from $fd's base rights (fd_fdstat_get + fd_fdstat_set_rights, using the
  ;; fdstat at 256); fails check $check unless both succeed.
  (func $drop_right (param $fd i32) (param $right i64) (param $check i32)
    (call $expect (call $fd_fdstat_get (local.get $fd) (i32.const 256))
      (i32.const 0) (local.get $check))
    (call $expect
      (call $fd_fdstat_set_rights (local.get $fd)
        (i64.and (i64.load (i32.const 264)) (i64.xor (local.get $right) (i64.const -1)))
        (i64.load (i32.const 272)))
      (i32.const 0) (local.get $check)))

  ;; Writes a path of $n bytes at 8192: "a" components of 200 bytes separated by "/".
  (func $long_path (param $n i32)
    (local $i i32)
    (memory.fill (i32.const 8192) (i32.const 97) (local.get $n))
    (local.set $i (i32.const 200))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.sub (local.get $n) (i32.const 1))))
        (i32.store8 (i32.add (i32.const 8192) (local.get $i)) (i32.const 47))
        (local.set $i (i32.add (local.get $i) (i32.const 201)))
        (br $next))))

  (func (export "_start")
    (local $file i32) (local $sub i32)
    ;; setup: "up" -> "..", "loop_a" <-> "loop_b"
    (call $expect (call $path_symlink (;"..";) (i32.const 1024) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1028) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1034) (i32.const 6)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1034) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1028) (i32.const 6)) (i32.const 0) (i32.const 12))
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 0) (i32.const 13)))
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1048) (i32.const 3) (i32.const 14)))

    ;; EBADF (8): fd 99 is not open
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 99) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 8) (i32.const 15))
    ;; ENOTDIR (54): the fd is a regular file
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (local.get $file) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 54) (i32.const 16))
    ;; ENOTDIR (54): the fd is stdout
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 1) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 54) (i32.const 17))

    ;; ENOTCAPABLE (76): an absolute target
    (call $expect (call $path_symlink (;"/etc/passwd";) (i32.const 1052) (i32.const 11) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 76) (i32.const 18))
    ;; ENOTCAPABLE (76): the target "/"
    (call $expect (call $path_symlink (;"/";) (i32.const 1063) (i32.const 1) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 76) (i32.const 19))
    ;; ENOTCAPABLE (76): the new path "../x"
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"../x";) (i32.const 1064) (i32.const 4)) (i32.const 76) (i32.const 20))
    ;; ENOTCAPABLE (76): the new path is absolute
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"/x";) (i32.const 1068) (i32.const 2)) (i32.const 76) (i32.const 21))
    ;; ENOTCAPABLE (76): the new path "dir/../../x" climbs above the root
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"dir/../../x";) (i32.const 1070) (i32.const 11)) (i32.const 76) (i32.const 22))
    ;; ENOTCAPABLE (76): the new path goes through "up" -> ".."
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"up/x";) (i32.const 1081) (i32.const 4)) (i32.const 76) (i32.const 23))
    ;; ENOTCAPABLE (76): the new path "../x" relative to the fd on "dir"
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (local.get $sub) (;"../x";) (i32.const 1064) (i32.const 4)) (i32.const 76) (i32.const 24))
    ;; ENOTCAPABLE (76): the new path ".."
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"..";) (i32.const 1024) (i32.const 2)) (i32.const 76) (i32.const 25))

    ;; EEXIST (20): a regular file
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"file.txt";) (i32.const 1040) (i32.const 8)) (i32.const 20) (i32.const 26))
    ;; EEXIST (20): a directory
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"dir";) (i32.const 1048) (i32.const 3)) (i32.const 20) (i32.const 27))
    ;; EEXIST (20): a directory with a trailing slash
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"dir/";) (i32.const 1085) (i32.const 4)) (i32.const 20) (i32.const 28))
    ;; EEXIST (20): a dangling symlink (not followed)
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"dangling";) (i32.const 1089) (i32.const 8)) (i32.const 20) (i32.const 29))
    ;; EEXIST (20): a symlink to a directory, with a trailing slash
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"link_to_dir/";) (i32.const 1097) (i32.const 12)) (i32.const 20) (i32.const 30))
    ;; EEXIST (20): a symlink loop (not followed)
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"loop_a";) (i32.const 1034) (i32.const 6)) (i32.const 20) (i32.const 31))
    ;; EEXIST (20): "."
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;".";) (i32.const 1109) (i32.const 1)) (i32.const 20) (i32.const 32))
    ;; EEXIST (20): "dir/.."
    (call $expect (call $path_symlink (;"x";) (i32.const 1051) (i32.const 1) (i32.const 3) (;"dir/..";) (i32.const 1110) (i32.const 6)) (i32.const 20) (i32.const 33))

    ;; ENOENT (44): the empty target
    (call $expect (call $path_symlink (;"";) (i32.const 1116) (i32.const 0) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 44) (i32.const 34))
    ;; ENOENT (44): the empty new path
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"";) (i32.const 1116) (i32.const 0)) (i32.const 44) (i32.const 35))
    ;; ENOENT (44): the new name's parent does not exist
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"missing/x";) (i32.const 1116) (i32.const 9)) (i32.const 44) (i32.const 36))
    ;; ENOENT (44): the new name "x/" does not exist and a symlink is not a directory
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"x/";) (i32.const 1125) (i32.const 2)) (i32.const 44) (i32.const 37))
    ;; ENOTDIR (54): a component of the new path is a file
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"file.txt/x";) (i32.const 1127) (i32.const 10)) (i32.const 54) (i32.const 38))
    ;; ELOOP (32): the new path's parent is a loop
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"loop_a/x";) (i32.const 1137) (i32.const 8)) (i32.const 32) (i32.const 39))

    ;; EINVAL (28): a NUL byte in the target
    (call $expect (call $path_symlink (;"file.txt\00x";) (i32.const 1145) (i32.const 10) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 28) (i32.const 40))
    ;; EINVAL (28): a NUL byte in the new path
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"x\00y";) (i32.const 1155) (i32.const 3)) (i32.const 28) (i32.const 41))
    ;; EILSEQ (25): the target is not UTF-8
    (call $expect (call $path_symlink (;"bad\ff\fe";) (i32.const 1158) (i32.const 5) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 25) (i32.const 42))
    ;; EILSEQ (25): the new path is not UTF-8
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"bad\ff\fe";) (i32.const 1158) (i32.const 5)) (i32.const 25) (i32.const 43))
    ;; ENAMETOOLONG (37): a target of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $path_symlink (i32.const 8192) (i32.const 4096) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1))
      (i32.const 37) (i32.const 44))
    ;; ENAMETOOLONG (37): a new path of 4096 bytes
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 4096))
      (i32.const 37) (i32.const 45))
    ;; ENAMETOOLONG (37): a new name of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 256))
      (i32.const 37) (i32.const 46))

    ;; nothing was created by the failures
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"x";) (i32.const 1051) (i32.const 1) (i32.const 64))
      (i32.const 44) (i32.const 47))
    ;; the existing names are unchanged: file.txt is a file, dangling still a link
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 48))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 49))
    (call $stat (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1089) (i32.const 8) (i32.const 50))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 51))

    ;; ENOTCAPABLE (76): fd 3 without PATH_SYMLINK (1 << 24)
    (call $drop_right (i32.const 3) (i64.const 0x1000000) (i32.const 52))
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1040) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 76) (i32.const 53))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"x";) (i32.const 1051) (i32.const 1) (i32.const 64))
      (i32.const 44) (i32.const 54))
    ;; the fd on "dir" kept the right: success
    (call $expect (call $path_symlink (;"nested.txt";) (i32.const 1163) (i32.const 10) (local.get $sub) (;"x";) (i32.const 1051) (i32.const 1)) (i32.const 0) (i32.const 55))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "..")
  (data (i32.const 1026) "up")
  (data (i32.const 1028) "loop_b")
  (data (i32.const 1034) "loop_a")
  (data (i32.const 1040) "file.txt")
  (data (i32.const 1048) "dir")
  (data (i32.const 1051) "x")
  (data (i32.const 1052) "/etc/passwd")
  (data (i32.const 1063) "/")
  (data (i32.const 1064) "../x")
  (data (i32.const 1068) "/x")
  (data (i32.const 1070) "dir/../../x")
  (data (i32.const 1081) "up/x")
  (data (i32.const 1085) "dir/")
  (data (i32.const 1089) "dangling")
  (data (i32.const 1097) "link_to_dir/")
  (data (i32.const 1109) ".")
  (data (i32.const 1110) "dir/..")
  (data (i32.const 1116) "")
  (data (i32.const 1116) "missing/x")
  (data (i32.const 1125) "x/")
  (data (i32.const 1127) "file.txt/x")
  (data (i32.const 1137) "loop_a/x")
  (data (i32.const 1145) "file.txt\00x")
  (data (i32.const 1155) "x\00y")
  (data (i32.const 1158) "bad\ff\fe")
  (data (i32.const 1163) "nested.txt")
)
