;; path_rename: every error it can give.
;; EBADF and ENOTDIR for either fd; ENOENT; EISDIR (a file onto a directory); ENOTDIR (a
;; directory onto a file, "file/"); ENOTEMPTY; EINVAL (a directory into itself, NUL byte);
;; EBUSY (a path ending in "." or ".."); ENOTCAPABLE (escapes of either path through "..",
;; absolute paths and symlinks created here; missing PATH_RENAME_SOURCE on the old fd or
;; PATH_RENAME_TARGET on the new fd); ELOOP; EILSEQ; ENAMETOOLONG.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 256 fdstat,
;; 1024.. strings, 8192.. long paths.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
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
    ;; setup: "empty" (an empty directory), "up" -> "..", "loop_a" <-> "loop_b"
    (call $expect (call $path_create_directory (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"..";) (i32.const 1029) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1031) (i32.const 2)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1033) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1039) (i32.const 6)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1039) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1033) (i32.const 6)) (i32.const 0) (i32.const 13))
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 0) (i32.const 14)))
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1053) (i32.const 3) (i32.const 15)))

    ;; EBADF (8): the old fd 99 is not open
    (call $expect (call $path_rename (i32.const 99) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 8) (i32.const 16))
    ;; EBADF (8): the new fd 99 is not open
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 99) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 8) (i32.const 17))
    ;; ENOTDIR (54): the old fd is a regular file
    (call $expect (call $path_rename (local.get $file) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 54) (i32.const 18))
    ;; ENOTDIR (54): the new fd is a regular file
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (local.get $file) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 54) (i32.const 19))

    ;; ENOENT (44): the old name does not exist
    (call $expect (call $path_rename (i32.const 3) (;"missing";) (i32.const 1057) (i32.const 7) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 44) (i32.const 20))
    ;; ENOENT (44): the old path is empty
    (call $expect (call $path_rename (i32.const 3) (;"";) (i32.const 1064) (i32.const 0) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 44) (i32.const 21))
    ;; ENOENT (44): the new path is empty
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"";) (i32.const 1064) (i32.const 0)) (i32.const 44) (i32.const 22))
    ;; ENOENT (44): the new name's parent does not exist
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"missing/x";) (i32.const 1064) (i32.const 9)) (i32.const 44) (i32.const 23))

    ;; EISDIR (31): a file onto a non-empty directory
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"dir";) (i32.const 1053) (i32.const 3)) (i32.const 31) (i32.const 24))
    ;; EISDIR (31): a file onto an empty directory
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5)) (i32.const 31) (i32.const 25))
    ;; ENOTDIR (54): a directory onto a file
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8)) (i32.const 54) (i32.const 26))
    ;; ENOTDIR (54): "file.txt/" (a file named with a trailing slash)
    (call $expect (call $path_rename (i32.const 3) (;"file.txt/";) (i32.const 1073) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 54) (i32.const 27))
    ;; ENOTDIR (54): a file to the new name "x/" (must be a directory)
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"x/";) (i32.const 1082) (i32.const 2)) (i32.const 54) (i32.const 28))
    ;; ENOTDIR (54): a component of the old path is a file
    (call $expect (call $path_rename (i32.const 3) (;"file.txt/x";) (i32.const 1084) (i32.const 10) (i32.const 3) (;"y";) (i32.const 1094) (i32.const 1)) (i32.const 54) (i32.const 29))
    ;; ENOTDIR (54): "link_to_dir/" names the link itself, which is not a directory
    (call $expect (call $path_rename (i32.const 3) (;"link_to_dir/";) (i32.const 1095) (i32.const 12) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 54) (i32.const 30))
    ;; ENOTDIR (54): a directory onto a symlink to a directory (the link is replaced
    ;; only by a non-directory)
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;"link_to_dir";) (i32.const 1107) (i32.const 11)) (i32.const 54) (i32.const 31))
    ;; ENOTEMPTY (55): a directory onto a non-empty directory
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;"dir";) (i32.const 1053) (i32.const 3)) (i32.const 55) (i32.const 32))
    ;; EINVAL (28): a directory into itself
    (call $expect (call $path_rename (i32.const 3) (;"dir";) (i32.const 1053) (i32.const 3) (i32.const 3) (;"dir/sub";) (i32.const 1118) (i32.const 7)) (i32.const 28) (i32.const 33))

    ;; EBUSY (10): the old path is "."
    (call $expect (call $path_rename (i32.const 3) (;".";) (i32.const 1125) (i32.const 1) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 10) (i32.const 34))
    ;; EBUSY (10): the old path is "dir/.." (the root, beneath fd 3)
    (call $expect (call $path_rename (i32.const 3) (;"dir/..";) (i32.const 1126) (i32.const 6) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 10) (i32.const 35))
    ;; EBUSY (10): the new path is "."
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;".";) (i32.const 1125) (i32.const 1)) (i32.const 10) (i32.const 36))
    ;; EBUSY (10): the new path is "dir/."
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;"dir/.";) (i32.const 1132) (i32.const 5)) (i32.const 10) (i32.const 37))

    ;; ENOTCAPABLE (76): the old path "../x" is outside the root
    (call $expect (call $path_rename (i32.const 3) (;"../x";) (i32.const 1137) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 38))
    ;; ENOTCAPABLE (76): the old path is absolute
    (call $expect (call $path_rename (i32.const 3) (;"/file.txt";) (i32.const 1141) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 39))
    ;; ENOTCAPABLE (76): the new path "../x" is outside the root
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"../x";) (i32.const 1137) (i32.const 4)) (i32.const 76) (i32.const 40))
    ;; ENOTCAPABLE (76): the new path is absolute
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"/x";) (i32.const 1150) (i32.const 2)) (i32.const 76) (i32.const 41))
    ;; ENOTCAPABLE (76): the new path "dir/../../x" climbs above the root
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"dir/../../x";) (i32.const 1152) (i32.const 11)) (i32.const 76) (i32.const 42))
    ;; ENOTCAPABLE (76): the new path goes through the symlink "up" -> ".."
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"up/x";) (i32.const 1163) (i32.const 4)) (i32.const 76) (i32.const 43))
    ;; ENOTCAPABLE (76): the old path goes through "up"
    (call $expect (call $path_rename (i32.const 3) (;"up/x";) (i32.const 1163) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 44))
    ;; ENOTCAPABLE (76): the new path ".." is above the root
    (call $expect (call $path_rename (i32.const 3) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 3) (;"..";) (i32.const 1029) (i32.const 2)) (i32.const 76) (i32.const 45))
    ;; ENOTCAPABLE (76): "../file.txt" relative to the fd on "dir" (above that fd)
    (call $expect (call $path_rename (local.get $sub) (;"../file.txt";) (i32.const 1167) (i32.const 11) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 46))
    ;; ENOTCAPABLE (76): "../x" as the new name relative to the fd on "dir"
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (local.get $sub) (;"../x";) (i32.const 1137) (i32.const 4)) (i32.const 76) (i32.const 47))

    ;; ELOOP (32): the old path's parent is a loop
    (call $expect (call $path_rename (i32.const 3) (;"loop_a/x";) (i32.const 1178) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 32) (i32.const 48))
    ;; ELOOP (32): the new path's parent is a loop
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"loop_a/x";) (i32.const 1178) (i32.const 8)) (i32.const 32) (i32.const 49))

    ;; EINVAL (28): a NUL byte in the old path
    (call $expect (call $path_rename (i32.const 3) (;"file.txt\00x";) (i32.const 1186) (i32.const 10) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 28) (i32.const 50))
    ;; EINVAL (28): a NUL byte in the new path
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"x\00y";) (i32.const 1196) (i32.const 3)) (i32.const 28) (i32.const 51))
    ;; EILSEQ (25): the old path is not UTF-8
    (call $expect (call $path_rename (i32.const 3) (;"bad\ff";) (i32.const 1199) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 25) (i32.const 52))
    ;; EILSEQ (25): the new path is not UTF-8
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"bad\ff";) (i32.const 1199) (i32.const 4)) (i32.const 25) (i32.const 53))
    ;; ENAMETOOLONG (37): a new path of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 4096))
      (i32.const 37) (i32.const 54))
    ;; ENAMETOOLONG (37): a new name of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 256))
      (i32.const 37) (i32.const 55))

    ;; nothing moved: file.txt, empty and dir/nested.txt are where they were
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 56))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 57))
    (call $stat (i32.const 3) (i32.const 0) (;"empty";) (i32.const 1024) (i32.const 5) (i32.const 58))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/nested.txt";) (i32.const 1203) (i32.const 14) (i32.const 59))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"x";) (i32.const 1056) (i32.const 1) (i32.const 64))
      (i32.const 44) (i32.const 60))

    ;; ENOTCAPABLE (76): the fd on "dir" without PATH_RENAME_TARGET (1 << 17) as new fd
    (call $drop_right (local.get $sub) (i64.const 0x20000) (i32.const 61))
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (local.get $sub) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 62))
    ;; it still has PATH_RENAME_SOURCE: success as the old fd
    (call $expect (call $path_rename (local.get $sub) (;"nested.txt";) (i32.const 1217) (i32.const 10) (i32.const 3) (;"nested.txt";) (i32.const 1217) (i32.const 10))
      (i32.const 0) (i32.const 63))
    ;; ENOTCAPABLE (76): fd 3 without PATH_RENAME_SOURCE (1 << 16) as old fd
    (call $drop_right (i32.const 3) (i64.const 0x10000) (i32.const 64))
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1056) (i32.const 1)) (i32.const 76) (i32.const 65))
    ;; file.txt is still there
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1045) (i32.const 8) (i32.const 66))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "empty")
  (data (i32.const 1029) "..")
  (data (i32.const 1031) "up")
  (data (i32.const 1033) "loop_b")
  (data (i32.const 1039) "loop_a")
  (data (i32.const 1045) "file.txt")
  (data (i32.const 1053) "dir")
  (data (i32.const 1056) "x")
  (data (i32.const 1057) "missing")
  (data (i32.const 1064) "")
  (data (i32.const 1064) "missing/x")
  (data (i32.const 1073) "file.txt/")
  (data (i32.const 1082) "x/")
  (data (i32.const 1084) "file.txt/x")
  (data (i32.const 1094) "y")
  (data (i32.const 1095) "link_to_dir/")
  (data (i32.const 1107) "link_to_dir")
  (data (i32.const 1118) "dir/sub")
  (data (i32.const 1125) ".")
  (data (i32.const 1126) "dir/..")
  (data (i32.const 1132) "dir/.")
  (data (i32.const 1137) "../x")
  (data (i32.const 1141) "/file.txt")
  (data (i32.const 1150) "/x")
  (data (i32.const 1152) "dir/../../x")
  (data (i32.const 1163) "up/x")
  (data (i32.const 1167) "../file.txt")
  (data (i32.const 1178) "loop_a/x")
  (data (i32.const 1186) "file.txt\00x")
  (data (i32.const 1196) "x\00y")
  (data (i32.const 1199) "bad\ff")
  (data (i32.const 1203) "dir/nested.txt")
  (data (i32.const 1217) "nested.txt")
)
