;; path_link: every error it can give.
;; EBADF and ENOTDIR for either fd; EINVAL (unknown lookup flag, NUL byte); EEXIST (the new
;; name exists, as anything, or ends in "." / ".."); EPERM (the old name is a directory);
;; ENOENT; ENOTDIR ("file/", a component is a file); ENOTCAPABLE (escapes of either path
;; through "..", absolute paths and symlinks created here, including following a symlink
;; that points outside with SYMLINK_FOLLOW; missing PATH_LINK_SOURCE / PATH_LINK_TARGET);
;; ELOOP (following loops created here); EILSEQ; ENAMETOOLONG.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 256 fdstat,
;; 1024.. strings, 8192.. long paths.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
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

    ;; EBADF (8): the old fd 99 is not open
    (call $expect (call $path_link (i32.const 99) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 8) (i32.const 19))
    ;; EBADF (8): the new fd 99 is not open
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 99) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 8) (i32.const 20))
    ;; ENOTDIR (54): the old fd is a regular file
    (call $expect (call $path_link (local.get $file) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 21))
    ;; ENOTDIR (54): the new fd is a regular file
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (local.get $file) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 22))
    ;; EINVAL (28): lookup flag bit 1 is not defined
    (call $expect (call $path_link (i32.const 3) (i32.const 2) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 28) (i32.const 23))
    ;; EINVAL (28): lookup flag bit 31 is not defined
    (call $expect (call $path_link (i32.const 3) (i32.const 0x80000000) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 28) (i32.const 24))

    ;; EEXIST (20): the new name is a file
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"dir/nested.txt";) (i32.const 1100) (i32.const 14)) (i32.const 20) (i32.const 25))
    ;; EEXIST (20): the new name is the old name
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"file.txt";) (i32.const 1088) (i32.const 8)) (i32.const 20) (i32.const 26))
    ;; EEXIST (20): the new name is a directory
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"dir";) (i32.const 1096) (i32.const 3)) (i32.const 20) (i32.const 27))
    ;; EEXIST (20): the new name is a dangling symlink (not followed)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"dangling";) (i32.const 1114) (i32.const 8)) (i32.const 20) (i32.const 28))
    ;; EEXIST (20): the new name is a symlink pointing outside (not followed)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"escape";) (i32.const 1035) (i32.const 6)) (i32.const 20) (i32.const 29))
    ;; EEXIST (20): the new path is "."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;".";) (i32.const 1122) (i32.const 1)) (i32.const 20) (i32.const 30))
    ;; EEXIST (20): the new path is "dir/.."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"dir/..";) (i32.const 1123) (i32.const 6)) (i32.const 20) (i32.const 31))

    ;; EPERM (63): the old name is a directory
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1096) (i32.const 3) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 32))
    ;; EPERM (63): the old name is "dir/"
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"dir/";) (i32.const 1129) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 33))
    ;; EPERM (63): the old path is "."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;".";) (i32.const 1122) (i32.const 1) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 34))
    ;; EPERM (63): the old path is "dir/.."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"dir/..";) (i32.const 1123) (i32.const 6) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 35))
    ;; EPERM (63): SYMLINK_FOLLOW on link_to_dir reaches a directory
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"link_to_dir";) (i32.const 1133) (i32.const 11) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 36))
    ;; EPERM (63): "link_to_dir/" (a trailing slash follows) is a directory
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"link_to_dir/";) (i32.const 1144) (i32.const 12) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 63) (i32.const 37))

    ;; ENOENT (44): the old name does not exist
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"missing";) (i32.const 1156) (i32.const 7) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 44) (i32.const 38))
    ;; ENOENT (44): the old path is empty
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"";) (i32.const 1163) (i32.const 0) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 44) (i32.const 39))
    ;; ENOENT (44): the new path is empty
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"";) (i32.const 1163) (i32.const 0)) (i32.const 44) (i32.const 40))
    ;; ENOENT (44): SYMLINK_FOLLOW on the dangling symlink
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"dangling";) (i32.const 1114) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 44) (i32.const 41))
    ;; ENOENT (44): "dangling/" (a trailing slash follows)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"dangling/";) (i32.const 1163) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 44) (i32.const 42))
    ;; ENOENT (44): the new name's parent does not exist
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"missing/x";) (i32.const 1172) (i32.const 9)) (i32.const 44) (i32.const 43))
    ;; ENOENT (44): the new name "x/" does not exist and a link cannot be a directory
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x/";) (i32.const 1181) (i32.const 2)) (i32.const 44) (i32.const 44))

    ;; ENOTDIR (54): the old name "file.txt/"
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt/";) (i32.const 1183) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 45))
    ;; ENOTDIR (54): the old name "link_to_file/" (followed, a file)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"link_to_file/";) (i32.const 1192) (i32.const 13) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 46))
    ;; ENOTDIR (54): a component of the old path is a file
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt/x";) (i32.const 1205) (i32.const 10) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 47))
    ;; ENOTDIR (54): a component of the new path is a file
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"file.txt/x";) (i32.const 1205) (i32.const 10)) (i32.const 54) (i32.const 48))

    ;; ENOTDIR (54): SYMLINK_FOLLOW on "slash_file" -> "file.txt/" (a target with a
    ;; trailing slash must be a directory)
    (call $expect (call $path_symlink (;"file.txt/";) (i32.const 1183) (i32.const 9) (i32.const 3) (;"slash_file";) (i32.const 1215) (i32.const 10)) (i32.const 0) (i32.const 49))
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"slash_file";) (i32.const 1215) (i32.const 10) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 54) (i32.const 50))

    ;; ENOTCAPABLE (76): the old path "../x"
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"../x";) (i32.const 1225) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 51))
    ;; ENOTCAPABLE (76): the old path is absolute
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"/file.txt";) (i32.const 1229) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 52))
    ;; ENOTCAPABLE (76): the new path "../x"
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"../x";) (i32.const 1225) (i32.const 4)) (i32.const 76) (i32.const 53))
    ;; ENOTCAPABLE (76): the new path is absolute
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"/x";) (i32.const 1238) (i32.const 2)) (i32.const 76) (i32.const 54))
    ;; ENOTCAPABLE (76): the new path goes through "up" -> ".."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"up/x";) (i32.const 1240) (i32.const 4)) (i32.const 76) (i32.const 55))
    ;; ENOTCAPABLE (76): the old path goes through "up" -> ".."
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"up/x";) (i32.const 1240) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 56))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "escape" -> "../../x"
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"escape";) (i32.const 1035) (i32.const 6) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 57))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "chain_out" -> "escape" -> "../../x"
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"chain_out";) (i32.const 1041) (i32.const 9) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 58))
    ;; ENOTCAPABLE (76): "escape/" (a trailing slash follows)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"escape/";) (i32.const 1244) (i32.const 7) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 59))
    ;; ENOTCAPABLE (76): "../file.txt" relative to the fd on "dir"
    (call $expect (call $path_link (local.get $sub) (i32.const 0) (;"../file.txt";) (i32.const 1066) (i32.const 11) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 60))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "up_file" -> "../file.txt" relative to the fd
    ;; on "dir" (its target is above that fd)...
    (call $expect (call $path_link (local.get $sub) (i32.const 1) (;"up_file";) (i32.const 1251) (i32.const 7) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 61))
    ;; ...while "dir/up_file" relative to fd 3 stays beneath it: success
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"dir/up_file";) (i32.const 1077) (i32.const 11) (i32.const 3) (;"ok";) (i32.const 1258) (i32.const 2)) (i32.const 0) (i32.const 62))
    (call $stat (i32.const 3) (i32.const 0) (;"ok";) (i32.const 1258) (i32.const 2) (i32.const 63))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 64))

    ;; ELOOP (32): SYMLINK_FOLLOW on a two-link loop
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"loop_a";) (i32.const 1056) (i32.const 6) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 32) (i32.const 65))
    ;; ELOOP (32): SYMLINK_FOLLOW on a link to itself
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"self";) (i32.const 1062) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 32) (i32.const 66))
    ;; ELOOP (32): "loop_a/" (a trailing slash follows)
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"loop_a/";) (i32.const 1260) (i32.const 7) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 32) (i32.const 67))
    ;; ELOOP (32): the old path's parent is a loop
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"loop_a/x";) (i32.const 1267) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 32) (i32.const 68))
    ;; ELOOP (32): the new path's parent is a loop
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"self/x";) (i32.const 1275) (i32.const 6)) (i32.const 32) (i32.const 69))

    ;; EINVAL (28): a NUL byte in the old path
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt\00x";) (i32.const 1281) (i32.const 10) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 28) (i32.const 70))
    ;; EINVAL (28): a NUL byte in the new path
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x\00y";) (i32.const 1291) (i32.const 3)) (i32.const 28) (i32.const 71))
    ;; EILSEQ (25): the old path is not UTF-8
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"bad\ff";) (i32.const 1294) (i32.const 4) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 25) (i32.const 72))
    ;; EILSEQ (25): the new path is not UTF-8
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"bad\ff";) (i32.const 1294) (i32.const 4)) (i32.const 25) (i32.const 73))
    ;; ENAMETOOLONG (37): a new path of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 4096))
      (i32.const 37) (i32.const 74))
    ;; ENAMETOOLONG (37): a new name of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (i32.const 8192) (i32.const 256))
      (i32.const 37) (i32.const 75))

    ;; nothing was linked by the failures: "x" does not exist, file.txt has 2 names
    ;; (file.txt and ok)
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"x";) (i32.const 1099) (i32.const 1) (i32.const 64))
      (i32.const 44) (i32.const 76))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 77))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 78))

    ;; ENOTCAPABLE (76): the fd on "dir" without PATH_LINK_TARGET (1 << 12) as new fd
    (call $drop_right (local.get $sub) (i64.const 0x1000) (i32.const 79))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (local.get $sub) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 80))
    ;; it still has PATH_LINK_SOURCE: success as the old fd
    (call $expect (call $path_link (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1298) (i32.const 10) (i32.const 3) (;"n2";) (i32.const 1308) (i32.const 2)) (i32.const 0) (i32.const 81))
    ;; ENOTCAPABLE (76): fd 3 without PATH_LINK_SOURCE (1 << 11) as old fd
    (call $drop_right (i32.const 3) (i64.const 0x800) (i32.const 82))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1088) (i32.const 8) (i32.const 3) (;"x";) (i32.const 1099) (i32.const 1)) (i32.const 76) (i32.const 83))
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
  (data (i32.const 1099) "x")
  (data (i32.const 1100) "dir/nested.txt")
  (data (i32.const 1114) "dangling")
  (data (i32.const 1122) ".")
  (data (i32.const 1123) "dir/..")
  (data (i32.const 1129) "dir/")
  (data (i32.const 1133) "link_to_dir")
  (data (i32.const 1144) "link_to_dir/")
  (data (i32.const 1156) "missing")
  (data (i32.const 1163) "")
  (data (i32.const 1163) "dangling/")
  (data (i32.const 1172) "missing/x")
  (data (i32.const 1181) "x/")
  (data (i32.const 1183) "file.txt/")
  (data (i32.const 1192) "link_to_file/")
  (data (i32.const 1205) "file.txt/x")
  (data (i32.const 1215) "slash_file")
  (data (i32.const 1225) "../x")
  (data (i32.const 1229) "/file.txt")
  (data (i32.const 1238) "/x")
  (data (i32.const 1240) "up/x")
  (data (i32.const 1244) "escape/")
  (data (i32.const 1251) "up_file")
  (data (i32.const 1258) "ok")
  (data (i32.const 1260) "loop_a/")
  (data (i32.const 1267) "loop_a/x")
  (data (i32.const 1275) "self/x")
  (data (i32.const 1281) "file.txt\00x")
  (data (i32.const 1291) "x\00y")
  (data (i32.const 1294) "bad\ff")
  (data (i32.const 1298) "nested.txt")
  (data (i32.const 1308) "n2")
)
