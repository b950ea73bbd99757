;; path_open: every error it can give.
;; EBADF; ENOTDIR (fd not a directory; DIRECTORY on a non-directory; "name/"; a component
;; is a file; DIRECTORY on a symlink without SYMLINK_FOLLOW); EINVAL (undefined oflags,
;; lookup flags or fdflags bits, CREAT|DIRECTORY, NUL byte); EILSEQ; ENOENT; EEXIST
;; (CREAT|EXCL on anything that exists, symlinks never followed); ELOOP (a final symlink
;; without SYMLINK_FOLLOW; loops created here); EISDIR (a directory asked for writing,
;; CREAT on a directory); ENOTCAPABLE (escapes through "..", absolute paths and symlinks
;; created here; missing PATH_OPEN, PATH_CREATE_FILE for CREAT, PATH_FILESTAT_SET_SIZE for
;; TRUNC); ENAMETOOLONG. Failed calls create nothing.
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

  ;; path_open(3, $lookup, path, $oflags, FD_READ, no inheriting, $fdflags): the errno.
  (func $try (param $lookup i32) (param $path i32) (param $len i32) (param $oflags i32)
             (param $fdflags i32) (result i32)
    (call $path_open (i32.const 3) (local.get $lookup) (local.get $path) (local.get $len)
      (local.get $oflags) (i64.const 2) (i64.const 0) (local.get $fdflags) (i32.const 0)))

  (func (export "_start")
    (local $file i32) (local $sub i32)
    ;; setup: "up" -> "..", "escape" -> "../../x", "chain_out" -> "escape",
    ;; "loop_a" <-> "loop_b", "self" -> "self", "dir/up_file" -> "../file.txt"
    (call $expect (call $path_symlink (;"..";) (i32.const 1024) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1028) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1035) (i32.const 6)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 3) (;"chain_out";) (i32.const 1041) (i32.const 9)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1050) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1056) (i32.const 6)) (i32.const 0) (i32.const 13))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1056) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1050) (i32.const 6)) (i32.const 0) (i32.const 14))
    (call $expect (call $path_symlink (;"self";) (i32.const 1062) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1062) (i32.const 4)) (i32.const 0) (i32.const 15))
    (call $expect (call $path_symlink (;"../file.txt";) (i32.const 1066) (i32.const 11) (i32.const 3) (;"dir/up_file";) (i32.const 1077) (i32.const 11)) (i32.const 0) (i32.const 16))
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 17)))
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 18)))

    ;; EBADF (8): fd 99 is not open
    (call $expect (call $path_open (i32.const 99) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 8) (i32.const 19))
    ;; ENOTDIR (54): the fd is a regular file
    (call $expect (call $path_open (local.get $file) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 20))
    ;; ENOTDIR (54): the fd is stdin
    (call $expect (call $path_open (i32.const 0) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 21))

    ;; EINVAL (28): oflags bit 4 (16) is not defined
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 16) (i32.const 0)) (i32.const 28) (i32.const 22))
    ;; EINVAL (28): oflags 0x10000 has a bit above the u16
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0x10000) (i32.const 0)) (i32.const 28) (i32.const 23))
    ;; EINVAL (28): lookup flag bit 1 is not defined
    (call $expect (call $try (i32.const 2) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 28) (i32.const 24))
    ;; EINVAL (28): fdflags bit 5 (32) is not defined
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 32)) (i32.const 28) (i32.const 25))
    ;; EINVAL (28): fdflags 0x10000 has a bit above the u16
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 0x10000)) (i32.const 28) (i32.const 26))
    ;; EINVAL (28): CREAT|DIRECTORY (3) on a new name
    (call $expect (call $try (i32.const 0) (;"newdir";) (i32.const 1099) (i32.const 6) (i32.const 3) (i32.const 0)) (i32.const 28) (i32.const 27))
    ;; EINVAL (28): CREAT|DIRECTORY on an existing directory
    (call $expect (call $try (i32.const 0) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 3) (i32.const 0)) (i32.const 28) (i32.const 28))
    ;; EINVAL (28): a NUL byte in the path ("file.txt\0x")
    (call $expect (call $try (i32.const 0) (;"file.txt\00x";) (i32.const 1105) (i32.const 10) (i32.const 0) (i32.const 0)) (i32.const 28) (i32.const 29))
    ;; EILSEQ (25): the path is not UTF-8
    (call $expect (call $try (i32.const 0) (;"bad\ff\fe";) (i32.const 1115) (i32.const 5) (i32.const 0) (i32.const 0)) (i32.const 25) (i32.const 30))
    ;; EILSEQ (25): not UTF-8, with CREAT (nothing is created)
    (call $expect (call $try (i32.const 0) (;"new\80";) (i32.const 1120) (i32.const 4) (i32.const 1) (i32.const 0)) (i32.const 25) (i32.const 31))

    ;; ENOENT (44): the name does not exist
    (call $expect (call $try (i32.const 0) (;"missing";) (i32.const 1124) (i32.const 7) (i32.const 0) (i32.const 0)) (i32.const 44) (i32.const 32))
    ;; ENOENT (44): the empty path
    (call $expect (call $try (i32.const 0) (;"";) (i32.const 1131) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 44) (i32.const 33))
    ;; ENOENT (44): the empty path with CREAT
    (call $expect (call $try (i32.const 0) (;"";) (i32.const 1131) (i32.const 0) (i32.const 1) (i32.const 0)) (i32.const 44) (i32.const 34))
    ;; ENOENT (44): a parent does not exist
    (call $expect (call $try (i32.const 0) (;"missing/x";) (i32.const 1131) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 44) (i32.const 35))
    ;; ENOENT (44): a parent does not exist, with CREAT
    (call $expect (call $try (i32.const 0) (;"missing/x";) (i32.const 1131) (i32.const 9) (i32.const 1) (i32.const 0)) (i32.const 44) (i32.const 36))
    ;; ENOENT (44): SYMLINK_FOLLOW on the dangling link
    (call $expect (call $try (i32.const 1) (;"dangling";) (i32.const 1140) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 44) (i32.const 37))
    ;; ENOENT (44): "dangling/" (a trailing slash follows)
    (call $expect (call $try (i32.const 0) (;"dangling/";) (i32.const 1148) (i32.const 9) (i32.const 2) (i32.const 0)) (i32.const 44) (i32.const 38))

    ;; EEXIST (20): CREAT|EXCL (5) on a file
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 5) (i32.const 0)) (i32.const 20) (i32.const 39))
    ;; EEXIST (20): CREAT|EXCL on a directory
    (call $expect (call $try (i32.const 0) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 5) (i32.const 0)) (i32.const 20) (i32.const 40))
    ;; EEXIST (20): CREAT|EXCL on a symlink to a file (not followed)
    (call $expect (call $try (i32.const 0) (;"link_to_file";) (i32.const 1157) (i32.const 12) (i32.const 5) (i32.const 0)) (i32.const 20) (i32.const 41))
    ;; EEXIST (20): CREAT|EXCL on the dangling link, even with SYMLINK_FOLLOW
    (call $expect (call $try (i32.const 1) (;"dangling";) (i32.const 1140) (i32.const 8) (i32.const 5) (i32.const 0)) (i32.const 20) (i32.const 42))
    ;; EEXIST (20): CREAT|EXCL on a link pointing outside, with SYMLINK_FOLLOW
    (call $expect (call $try (i32.const 1) (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 5) (i32.const 0)) (i32.const 20) (i32.const 43))

    ;; ENOTDIR (54): DIRECTORY (2) on a file
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 2) (i32.const 0)) (i32.const 54) (i32.const 44))
    ;; ENOTDIR (54): "file.txt/"
    (call $expect (call $try (i32.const 0) (;"file.txt/";) (i32.const 1169) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 45))
    ;; ENOTDIR (54): a component is a file
    (call $expect (call $try (i32.const 0) (;"file.txt/x";) (i32.const 1178) (i32.const 10) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 46))
    ;; ENOTDIR (54): "link_to_file/" (followed: a file)
    (call $expect (call $try (i32.const 0) (;"link_to_file/";) (i32.const 1188) (i32.const 13) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 47))
    ;; ENOTDIR (54): SYMLINK_FOLLOW and DIRECTORY on a link to a file
    (call $expect (call $try (i32.const 1) (;"link_to_file";) (i32.const 1157) (i32.const 12) (i32.const 2) (i32.const 0)) (i32.const 54) (i32.const 48))
    ;; ENOTDIR (54): DIRECTORY on link_to_dir without SYMLINK_FOLLOW (the link itself is not
    ;; a directory)
    (call $expect (call $try (i32.const 0) (;"link_to_dir";) (i32.const 1201) (i32.const 11) (i32.const 2) (i32.const 0)) (i32.const 54) (i32.const 49))

    ;; ENOTDIR (54): SYMLINK_FOLLOW on "slash_file" -> "file.txt/" (a target with a
    ;; trailing slash must be a directory)
    (call $expect (call $path_symlink (;"file.txt/";) (i32.const 1169) (i32.const 9) (i32.const 3) (;"slash_file";) (i32.const 1212) (i32.const 10)) (i32.const 0) (i32.const 50))
    (call $expect (call $try (i32.const 1) (;"slash_file";) (i32.const 1212) (i32.const 10) (i32.const 0) (i32.const 0)) (i32.const 54) (i32.const 51))

    ;; ELOOP (32): a final symlink to a file without SYMLINK_FOLLOW
    (call $expect (call $try (i32.const 0) (;"link_to_file";) (i32.const 1157) (i32.const 12) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 52))
    ;; ELOOP (32): a final dangling symlink without SYMLINK_FOLLOW
    (call $expect (call $try (i32.const 0) (;"dangling";) (i32.const 1140) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 53))
    ;; ELOOP (32): a final symlink pointing outside, without SYMLINK_FOLLOW (not followed)
    (call $expect (call $try (i32.const 0) (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 54))
    ;; ELOOP (32): CREAT on the dangling link without SYMLINK_FOLLOW (nothing is created)
    (call $expect (call $try (i32.const 0) (;"dangling";) (i32.const 1140) (i32.const 8) (i32.const 1) (i32.const 0)) (i32.const 32) (i32.const 55))
    ;; ELOOP (32): SYMLINK_FOLLOW on a two-link loop
    (call $expect (call $try (i32.const 1) (;"loop_a";) (i32.const 1056) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 56))
    ;; ELOOP (32): SYMLINK_FOLLOW on a link to itself
    (call $expect (call $try (i32.const 1) (;"self";) (i32.const 1062) (i32.const 4) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 57))
    ;; ELOOP (32): a loop as an intermediate component
    (call $expect (call $try (i32.const 0) (;"loop_a/x";) (i32.const 1222) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 32) (i32.const 58))
    ;; ELOOP (32): a loop as an intermediate component, with CREAT
    (call $expect (call $try (i32.const 0) (;"self/x";) (i32.const 1230) (i32.const 6) (i32.const 1) (i32.const 0)) (i32.const 32) (i32.const 59))

    ;; EISDIR (31): a directory asked for with FD_WRITE
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 2)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 31) (i32.const 60))
    ;; EISDIR (31): CREAT on an existing directory
    (call $expect (call $try (i32.const 0) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 1) (i32.const 0)) (i32.const 31) (i32.const 61))
    ;; EISDIR (31): CREAT on a new name with a trailing slash
    (call $expect (call $try (i32.const 0) (;"newfile/";) (i32.const 1236) (i32.const 8) (i32.const 1) (i32.const 0)) (i32.const 31) (i32.const 62))
    ;; EISDIR (31): CREAT on an existing file with a trailing slash
    (call $expect (call $try (i32.const 0) (;"file.txt/";) (i32.const 1169) (i32.const 9) (i32.const 1) (i32.const 0)) (i32.const 31) (i32.const 63))
    ;; EISDIR (31): CREAT on "dir/"
    (call $expect (call $try (i32.const 0) (;"dir/";) (i32.const 1244) (i32.const 4) (i32.const 1) (i32.const 0)) (i32.const 31) (i32.const 64))
    ;; EISDIR (31): CREAT on "."
    (call $expect (call $try (i32.const 0) (;".";) (i32.const 1248) (i32.const 1) (i32.const 1) (i32.const 0)) (i32.const 31) (i32.const 65))

    ;; ENOTCAPABLE (76): ".."
    (call $expect (call $try (i32.const 0) (;"..";) (i32.const 1024) (i32.const 2) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 66))
    ;; ENOTCAPABLE (76): "../x"
    (call $expect (call $try (i32.const 0) (;"../x";) (i32.const 1249) (i32.const 4) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 67))
    ;; ENOTCAPABLE (76): "/"
    (call $expect (call $try (i32.const 0) (;"/";) (i32.const 1253) (i32.const 1) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 68))
    ;; ENOTCAPABLE (76): an absolute path
    (call $expect (call $try (i32.const 0) (;"/file.txt";) (i32.const 1254) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 69))
    ;; ENOTCAPABLE (76): an absolute path with CREAT
    (call $expect (call $try (i32.const 0) (;"/new";) (i32.const 1263) (i32.const 4) (i32.const 1) (i32.const 0)) (i32.const 76) (i32.const 70))
    ;; ENOTCAPABLE (76): "dir/../.." climbs above the root
    (call $expect (call $try (i32.const 0) (;"dir/../..";) (i32.const 1267) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 71))
    ;; ENOTCAPABLE (76): through "up" -> ".."
    (call $expect (call $try (i32.const 0) (;"up/file.txt";) (i32.const 1276) (i32.const 11) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 72))
    ;; ENOTCAPABLE (76): through "up", with CREAT
    (call $expect (call $try (i32.const 0) (;"up/new";) (i32.const 1287) (i32.const 6) (i32.const 1) (i32.const 0)) (i32.const 76) (i32.const 73))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "up"
    (call $expect (call $try (i32.const 1) (;"up";) (i32.const 1026) (i32.const 2) (i32.const 2) (i32.const 0)) (i32.const 76) (i32.const 74))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "escape" -> "../../x"
    (call $expect (call $try (i32.const 1) (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 75))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW and CREAT on "escape" (would create outside)
    (call $expect (call $try (i32.const 1) (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 1) (i32.const 0)) (i32.const 76) (i32.const 76))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "chain_out" -> "escape" -> "../../x"
    (call $expect (call $try (i32.const 1) (;"chain_out";) (i32.const 1041) (i32.const 9) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 77))
    ;; ENOTCAPABLE (76): "escape/" (a trailing slash follows)
    (call $expect (call $try (i32.const 0) (;"escape/";) (i32.const 1293) (i32.const 7) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 78))
    ;; ENOTCAPABLE (76): ".." relative to the fd on "dir"
    (call $expect (call $path_open (local.get $sub) (i32.const 0) (;"..";) (i32.const 1024) (i32.const 2) (i32.const 2)
        (i64.const 0x2000) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 79))
    ;; ENOTCAPABLE (76): "../file.txt" relative to the fd on "dir"
    (call $expect (call $path_open (local.get $sub) (i32.const 0) (;"../file.txt";) (i32.const 1066) (i32.const 11) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 80))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "up_file" -> "../file.txt" relative to the fd on
    ;; "dir"...
    (call $expect (call $path_open (local.get $sub) (i32.const 1) (;"up_file";) (i32.const 1300) (i32.const 7) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 81))
    ;; ...while "dir/up_file" relative to fd 3 stays beneath it: success
    (call $expect (call $try (i32.const 1) (;"dir/up_file";) (i32.const 1077) (i32.const 11) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 82))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "back" -> "../dir/nested.txt" relative to the
    ;; fd on "dir": the expansion leaves that fd, even though it would come back into it
    (call $expect (call $path_symlink (;"../dir/nested.txt";) (i32.const 1307) (i32.const 17) (i32.const 3) (;"dir/back";) (i32.const 1324) (i32.const 8)) (i32.const 0) (i32.const 83))
    (call $expect (call $path_open (local.get $sub) (i32.const 1) (;"back";) (i32.const 1332) (i32.const 4) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 84))
    ;; ...while from fd 3 "dir/back" is fine
    (call $expect (call $try (i32.const 1) (;"dir/back";) (i32.const 1324) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 85))

    ;; ENAMETOOLONG (37): a path of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $try (i32.const 0) (i32.const 8192) (i32.const 4096) (i32.const 0) (i32.const 0))
      (i32.const 37) (i32.const 86))
    ;; ENAMETOOLONG (37): one component of 256 bytes, with CREAT
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $try (i32.const 0) (i32.const 8192) (i32.const 256) (i32.const 1) (i32.const 0))
      (i32.const 37) (i32.const 87))

    ;; none of the failed calls created anything
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"newdir";) (i32.const 1099) (i32.const 6) (i32.const 64)) (i32.const 44) (i32.const 88))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"newfile";) (i32.const 1336) (i32.const 7) (i32.const 64)) (i32.const 44) (i32.const 89))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"new";) (i32.const 1343) (i32.const 3) (i32.const 64)) (i32.const 44) (i32.const 90))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"nowhere";) (i32.const 1346) (i32.const 7) (i32.const 64)) (i32.const 44) (i32.const 91))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"missing";) (i32.const 1124) (i32.const 7) (i32.const 64)) (i32.const 44) (i32.const 92))

    ;; ENOTCAPABLE (76): fd 3 without PATH_FILESTAT_SET_SIZE (1 << 19): TRUNC (8) refused...
    (call $drop_right (i32.const 3) (i64.const 0x80000) (i32.const 93))
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 8)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 94))
    ;; ...and the file was not truncated
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 95))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 96))
    ;; ENOTCAPABLE (76): fd 3 without PATH_CREATE_FILE (1 << 10): CREAT refused...
    (call $drop_right (i32.const 3) (i64.const 0x400) (i32.const 97))
    (call $expect (call $try (i32.const 0) (;"new";) (i32.const 1343) (i32.const 3) (i32.const 1) (i32.const 0)) (i32.const 76) (i32.const 98))
    ;; ...even for a file that exists
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 1) (i32.const 0)) (i32.const 76) (i32.const 99))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"new";) (i32.const 1343) (i32.const 3) (i32.const 64)) (i32.const 44) (i32.const 100))
    ;; but opening without CREAT works
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 101))
    ;; ENOTCAPABLE (76): fd 3 without PATH_OPEN (1 << 13)
    (call $drop_right (i32.const 3) (i64.const 0x2000) (i32.const 102))
    (call $expect (call $try (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 0) (i32.const 0)) (i32.const 76) (i32.const 103))
    ;; the fd on "dir" kept its rights: success
    (call $expect (call $path_open (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1353) (i32.const 10) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 104))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "..")
  (data (i32.const 1026) "up")
  (data (i32.const 1028) "../../x")
  (data (i32.const 1035) "escape")
  (data (i32.const 1041) "chain_out")
  (data (i32.const 1050) "loop_b")
  (data (i32.const 1056) "loop_a")
  (data (i32.const 1062) "self")
  (data (i32.const 1066) "../file.txt")
  (data (i32.const 1077) "dir/up_file")
  (data (i32.const 1088) "file.txt")
  (data (i32.const 1096) "dir")
  (data (i32.const 1099) "newdir")
  (data (i32.const 1105) "file.txt\00x")
  (data (i32.const 1115) "bad\ff\fe")
  (data (i32.const 1120) "new\80")
  (data (i32.const 1124) "missing")
  (data (i32.const 1131) "")
  (data (i32.const 1131) "missing/x")
  (data (i32.const 1140) "dangling")
  (data (i32.const 1148) "dangling/")
  (data (i32.const 1157) "link_to_file")
  (data (i32.const 1169) "file.txt/")
  (data (i32.const 1178) "file.txt/x")
  (data (i32.const 1188) "link_to_file/")
  (data (i32.const 1201) "link_to_dir")
  (data (i32.const 1212) "slash_file")
  (data (i32.const 1222) "loop_a/x")
  (data (i32.const 1230) "self/x")
  (data (i32.const 1236) "newfile/")
  (data (i32.const 1244) "dir/")
  (data (i32.const 1248) ".")
  (data (i32.const 1249) "../x")
  (data (i32.const 1253) "/")
  (data (i32.const 1254) "/file.txt")
  (data (i32.const 1263) "/new")
  (data (i32.const 1267) "dir/../..")
  (data (i32.const 1276) "up/file.txt")
  (data (i32.const 1287) "up/new")
  (data (i32.const 1293) "escape/")
  (data (i32.const 1300) "up_file")
  (data (i32.const 1307) "../dir/nested.txt")
  (data (i32.const 1324) "dir/back")
  (data (i32.const 1332) "back")
  (data (i32.const 1336) "newfile")
  (data (i32.const 1343) "new")
  (data (i32.const 1346) "nowhere")
  (data (i32.const 1353) "nested.txt")
)
