;; path_create_directory: every error it can give.
;; EBADF, ENOTDIR (fd not a directory, or a path component not one), EEXIST (any existing
;; name, symlinks included and never followed, `.`, `..`), ENOENT, ENOTCAPABLE (escapes:
;; "..", absolute paths, symlinks created here that lead outside; and a missing
;; PATH_CREATE_DIRECTORY right), ELOOP (symlink loops created here), EINVAL (NUL byte),
;; EILSEQ (invalid UTF-8), ENAMETOOLONG.
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
    ;; setup: symlinks that lead outside the root ("up" -> "..", "escape" -> "../../x") and
    ;; symlink loops ("loop_a" <-> "loop_b", "self" -> "self")
    (call $expect (call $path_symlink (;"..";) (i32.const 1024) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1028) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1035) (i32.const 6)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1041) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1047) (i32.const 6)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1047) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1041) (i32.const 6)) (i32.const 0) (i32.const 13))
    (call $expect (call $path_symlink (;"self";) (i32.const 1053) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1053) (i32.const 4)) (i32.const 0) (i32.const 14))

    ;; EBADF (8): fd 99 is not open
    (call $expect (call $path_create_directory (i32.const 99) (;"new";) (i32.const 1057) (i32.const 3)) (i32.const 8) (i32.const 15))
    ;; ENOTDIR (54): the fd is a regular file
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1060) (i32.const 8) (i32.const 0) (i32.const 16)))
    (call $expect (call $path_create_directory (local.get $file) (;"new";) (i32.const 1057) (i32.const 3)) (i32.const 54) (i32.const 17))
    ;; ENOTDIR (54): the fd is stdout
    (call $expect (call $path_create_directory (i32.const 1) (;"new";) (i32.const 1057) (i32.const 3)) (i32.const 54) (i32.const 18))

    ;; EEXIST (20): a regular file
    (call $expect (call $path_create_directory (i32.const 3) (;"file.txt";) (i32.const 1060) (i32.const 8)) (i32.const 20) (i32.const 19))
    ;; EEXIST (20): a directory
    (call $expect (call $path_create_directory (i32.const 3) (;"dir";) (i32.const 1068) (i32.const 3)) (i32.const 20) (i32.const 20))
    ;; EEXIST (20): a directory, with a trailing slash
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/";) (i32.const 1071) (i32.const 4)) (i32.const 20) (i32.const 21))
    ;; EEXIST (20): a regular file, with a trailing slash
    (call $expect (call $path_create_directory (i32.const 3) (;"file.txt/";) (i32.const 1075) (i32.const 9)) (i32.const 20) (i32.const 22))
    ;; EEXIST (20): a dangling symlink (the last component is never followed)
    (call $expect (call $path_create_directory (i32.const 3) (;"dangling";) (i32.const 1084) (i32.const 8)) (i32.const 20) (i32.const 23))
    ;; EEXIST (20): a symlink to a directory
    (call $expect (call $path_create_directory (i32.const 3) (;"link_to_dir";) (i32.const 1092) (i32.const 11)) (i32.const 20) (i32.const 24))
    ;; EEXIST (20): a symlink pointing outside the root (not followed, so no escape)
    (call $expect (call $path_create_directory (i32.const 3) (;"escape";) (i32.const 1035) (i32.const 6)) (i32.const 20) (i32.const 25))
    ;; EEXIST (20): a symlink loop (not followed)
    (call $expect (call $path_create_directory (i32.const 3) (;"loop_a";) (i32.const 1047) (i32.const 6)) (i32.const 20) (i32.const 26))
    ;; EEXIST (20): "." (the root itself)
    (call $expect (call $path_create_directory (i32.const 3) (;".";) (i32.const 1103) (i32.const 1)) (i32.const 20) (i32.const 27))
    ;; EEXIST (20): "dir/.." (the root again, reached beneath it)
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/..";) (i32.const 1104) (i32.const 6)) (i32.const 20) (i32.const 28))

    ;; ENOENT (44): the empty path
    (call $expect (call $path_create_directory (i32.const 3) (;"";) (i32.const 1110) (i32.const 0)) (i32.const 44) (i32.const 29))
    ;; ENOENT (44): the parent does not exist
    (call $expect (call $path_create_directory (i32.const 3) (;"missing/sub";) (i32.const 1110) (i32.const 11)) (i32.const 44) (i32.const 30))
    ;; ENOENT (44): the parent is a dangling symlink
    (call $expect (call $path_create_directory (i32.const 3) (;"dangling/sub";) (i32.const 1121) (i32.const 12)) (i32.const 44) (i32.const 31))
    ;; ENOTDIR (54): the parent is a regular file
    (call $expect (call $path_create_directory (i32.const 3) (;"file.txt/sub";) (i32.const 1133) (i32.const 12)) (i32.const 54) (i32.const 32))
    ;; ENOTDIR (54): the parent is a symlink to a regular file
    (call $expect (call $path_create_directory (i32.const 3) (;"link_to_file/sub";) (i32.const 1145) (i32.const 16)) (i32.const 54) (i32.const 33))

    ;; ENOTDIR (54): "file.txt/." (a file cannot hold ".")
    (call $expect (call $path_create_directory (i32.const 3) (;"file.txt/.";) (i32.const 1161) (i32.const 10)) (i32.const 54) (i32.const 34))

    ;; ENOTCAPABLE (76): ".." is above the root
    (call $expect (call $path_create_directory (i32.const 3) (;"..";) (i32.const 1024) (i32.const 2)) (i32.const 76) (i32.const 35))
    ;; ENOTCAPABLE (76): "../x" is outside the root
    (call $expect (call $path_create_directory (i32.const 3) (;"../x";) (i32.const 1171) (i32.const 4)) (i32.const 76) (i32.const 36))
    ;; ENOTCAPABLE (76): an absolute path
    (call $expect (call $path_create_directory (i32.const 3) (;"/x";) (i32.const 1175) (i32.const 2)) (i32.const 76) (i32.const 37))
    ;; ENOTCAPABLE (76): "/" alone
    (call $expect (call $path_create_directory (i32.const 3) (;"/";) (i32.const 1177) (i32.const 1)) (i32.const 76) (i32.const 38))
    ;; ENOTCAPABLE (76): "dir/../../x" climbs above the root
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/../../x";) (i32.const 1178) (i32.const 11)) (i32.const 76) (i32.const 39))
    ;; ENOTCAPABLE (76): the parent is the symlink "up" -> ".." (leads outside)
    (call $expect (call $path_create_directory (i32.const 3) (;"up/x";) (i32.const 1189) (i32.const 4)) (i32.const 76) (i32.const 40))
    ;; ENOTCAPABLE (76): "../x" relative to a fd on "dir" (inside the preopen, but above
    ;; the fd the path is relative to)
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1068) (i32.const 3) (i32.const 41)))
    (call $expect (call $path_create_directory (local.get $sub) (;"../x";) (i32.const 1171) (i32.const 4)) (i32.const 76) (i32.const 42))

    ;; ELOOP (32): the parent is a two-link loop
    (call $expect (call $path_create_directory (i32.const 3) (;"loop_a/x";) (i32.const 1193) (i32.const 8)) (i32.const 32) (i32.const 43))
    ;; ELOOP (32): the parent is a link to itself
    (call $expect (call $path_create_directory (i32.const 3) (;"self/x";) (i32.const 1201) (i32.const 6)) (i32.const 32) (i32.const 44))

    ;; EINVAL (28): a NUL byte inside the path
    (call $expect (call $path_create_directory (i32.const 3) (;"nul\00byte";) (i32.const 1207) (i32.const 8)) (i32.const 28) (i32.const 45))
    ;; EILSEQ (25): the path is not UTF-8
    (call $expect (call $path_create_directory (i32.const 3) (;"bad\ff\fe";) (i32.const 1215) (i32.const 5)) (i32.const 25) (i32.const 46))
    ;; EILSEQ (25): a truncated UTF-8 sequence at the end
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/\c3";) (i32.const 1220) (i32.const 5)) (i32.const 25) (i32.const 47))

    ;; ENAMETOOLONG (37): a path of 4096 bytes (the limit is 4095)
    (call $long_path (i32.const 4096))
    (call $expect (call $path_create_directory (i32.const 3) (i32.const 8192) (i32.const 4096))
      (i32.const 37) (i32.const 48))
    ;; ENOENT (44): a path of 4095 bytes is not too long; its parents do not exist
    (call $long_path (i32.const 4095))
    (call $expect (call $path_create_directory (i32.const 3) (i32.const 8192) (i32.const 4095))
      (i32.const 44) (i32.const 49))
    ;; ENAMETOOLONG (37): one component of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_create_directory (i32.const 3) (i32.const 8192) (i32.const 256))
      (i32.const 37) (i32.const 50))

    ;; none of the failed calls created anything: only the five symlinks were added
    ;; ENOENT (44): "new" was not created
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"new";) (i32.const 1057) (i32.const 3) (i32.const 64))
      (i32.const 44) (i32.const 51))

    ;; ENOTCAPABLE (76): fd 3 without PATH_CREATE_DIRECTORY (1 << 9)
    (call $drop_right (i32.const 3) (i64.const 0x200) (i32.const 52))
    (call $expect (call $path_create_directory (i32.const 3) (;"norights";) (i32.const 1225) (i32.const 8)) (i32.const 76) (i32.const 53))
    ;; ENOENT (44): and nothing was created
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"norights";) (i32.const 1225) (i32.const 8) (i32.const 64))
      (i32.const 44) (i32.const 54))
    ;; the fd opened on "dir" still has the right: success
    (call $expect (call $path_create_directory (local.get $sub) (;"stillok";) (i32.const 1233) (i32.const 7)) (i32.const 0) (i32.const 55))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "..")
  (data (i32.const 1026) "up")
  (data (i32.const 1028) "../../x")
  (data (i32.const 1035) "escape")
  (data (i32.const 1041) "loop_b")
  (data (i32.const 1047) "loop_a")
  (data (i32.const 1053) "self")
  (data (i32.const 1057) "new")
  (data (i32.const 1060) "file.txt")
  (data (i32.const 1068) "dir")
  (data (i32.const 1071) "dir/")
  (data (i32.const 1075) "file.txt/")
  (data (i32.const 1084) "dangling")
  (data (i32.const 1092) "link_to_dir")
  (data (i32.const 1103) ".")
  (data (i32.const 1104) "dir/..")
  (data (i32.const 1110) "")
  (data (i32.const 1110) "missing/sub")
  (data (i32.const 1121) "dangling/sub")
  (data (i32.const 1133) "file.txt/sub")
  (data (i32.const 1145) "link_to_file/sub")
  (data (i32.const 1161) "file.txt/.")
  (data (i32.const 1171) "../x")
  (data (i32.const 1175) "/x")
  (data (i32.const 1177) "/")
  (data (i32.const 1178) "dir/../../x")
  (data (i32.const 1189) "up/x")
  (data (i32.const 1193) "loop_a/x")
  (data (i32.const 1201) "self/x")
  (data (i32.const 1207) "nul\00byte")
  (data (i32.const 1215) "bad\ff\fe")
  (data (i32.const 1220) "dir/\c3")
  (data (i32.const 1225) "norights")
  (data (i32.const 1233) "stillok")
)
