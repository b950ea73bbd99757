;; path_unlink_file: every error it can give.
;; EBADF, ENOTDIR (fd not a directory; "name/" for a non-directory; a component is a file),
;; EISDIR (a directory, ".", ".."), ENOENT, ENOTCAPABLE (escapes through "..", absolute
;; paths and symlinks created here; a missing PATH_UNLINK_FILE right), ELOOP, EINVAL (NUL
;; byte), EILSEQ, ENAMETOOLONG.
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
    ;; setup: "up" -> "..", "loop_a" <-> "loop_b", "self" -> "self"
    (call $expect (call $path_symlink (;"..";) (i32.const 1024) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1028) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1034) (i32.const 6)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1034) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1028) (i32.const 6)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_symlink (;"self";) (i32.const 1040) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1040) (i32.const 4)) (i32.const 0) (i32.const 13))

    ;; EBADF (8): fd 99 is not open
    (call $expect (call $path_unlink_file (i32.const 99) (;"file.txt";) (i32.const 1044) (i32.const 8)) (i32.const 8) (i32.const 14))
    ;; ENOTDIR (54): the fd is a regular file
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1044) (i32.const 8) (i32.const 0) (i32.const 15)))
    (call $expect (call $path_unlink_file (local.get $file) (;"file.txt";) (i32.const 1044) (i32.const 8)) (i32.const 54) (i32.const 16))
    ;; ENOTDIR (54): the fd is stdout
    (call $expect (call $path_unlink_file (i32.const 1) (;"file.txt";) (i32.const 1044) (i32.const 8)) (i32.const 54) (i32.const 17))

    ;; EISDIR (31): a directory
    (call $expect (call $path_unlink_file (i32.const 3) (;"dir";) (i32.const 1052) (i32.const 3)) (i32.const 31) (i32.const 18))
    ;; EISDIR (31): a directory with a trailing slash
    (call $expect (call $path_unlink_file (i32.const 3) (;"dir/";) (i32.const 1055) (i32.const 4)) (i32.const 31) (i32.const 19))
    ;; EISDIR (31): "." (the root)
    (call $expect (call $path_unlink_file (i32.const 3) (;".";) (i32.const 1059) (i32.const 1)) (i32.const 31) (i32.const 20))
    ;; EISDIR (31): "dir/.." (the root again)
    (call $expect (call $path_unlink_file (i32.const 3) (;"dir/..";) (i32.const 1060) (i32.const 6)) (i32.const 31) (i32.const 21))

    ;; ENOTDIR (54): a regular file with a trailing slash
    (call $expect (call $path_unlink_file (i32.const 3) (;"file.txt/";) (i32.const 1066) (i32.const 9)) (i32.const 54) (i32.const 22))
    ;; ENOTDIR (54): a symlink to a file with a trailing slash
    (call $expect (call $path_unlink_file (i32.const 3) (;"link_to_file/";) (i32.const 1075) (i32.const 13)) (i32.const 54) (i32.const 23))
    ;; ENOTDIR (54): a symlink to a directory with a trailing slash (the name is the link,
    ;; which is not a directory, and unlink never follows it)
    (call $expect (call $path_unlink_file (i32.const 3) (;"link_to_dir/";) (i32.const 1088) (i32.const 12)) (i32.const 54) (i32.const 24))
    ;; ENOTDIR (54): a component is a regular file
    (call $expect (call $path_unlink_file (i32.const 3) (;"file.txt/x";) (i32.const 1100) (i32.const 10)) (i32.const 54) (i32.const 25))
    ;; the names above are all still there
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1044) (i32.const 8) (i32.const 26))
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1110) (i32.const 12) (i32.const 27))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 28))
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir";) (i32.const 1122) (i32.const 11) (i32.const 29))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 30))

    ;; ENOENT (44): the name does not exist
    (call $expect (call $path_unlink_file (i32.const 3) (;"missing";) (i32.const 1133) (i32.const 7)) (i32.const 44) (i32.const 31))
    ;; ENOENT (44): the empty path
    (call $expect (call $path_unlink_file (i32.const 3) (;"";) (i32.const 1140) (i32.const 0)) (i32.const 44) (i32.const 32))
    ;; ENOENT (44): "missing/" does not exist either
    (call $expect (call $path_unlink_file (i32.const 3) (;"missing/";) (i32.const 1140) (i32.const 8)) (i32.const 44) (i32.const 33))
    ;; ENOENT (44): a parent does not exist
    (call $expect (call $path_unlink_file (i32.const 3) (;"missing/x";) (i32.const 1148) (i32.const 9)) (i32.const 44) (i32.const 34))
    ;; ENOENT (44): a name missing in a directory that exists
    (call $expect (call $path_unlink_file (i32.const 3) (;"dir/missing";) (i32.const 1157) (i32.const 11)) (i32.const 44) (i32.const 35))
    ;; ENOENT (44): the parent is a dangling symlink
    (call $expect (call $path_unlink_file (i32.const 3) (;"dangling/x";) (i32.const 1168) (i32.const 10)) (i32.const 44) (i32.const 36))

    ;; ENOTCAPABLE (76): ".." is above the root
    (call $expect (call $path_unlink_file (i32.const 3) (;"..";) (i32.const 1024) (i32.const 2)) (i32.const 76) (i32.const 37))
    ;; ENOTCAPABLE (76): "../x"
    (call $expect (call $path_unlink_file (i32.const 3) (;"../x";) (i32.const 1178) (i32.const 4)) (i32.const 76) (i32.const 38))
    ;; ENOTCAPABLE (76): an absolute path
    (call $expect (call $path_unlink_file (i32.const 3) (;"/file.txt";) (i32.const 1182) (i32.const 9)) (i32.const 76) (i32.const 39))
    ;; ENOTCAPABLE (76): "/" alone
    (call $expect (call $path_unlink_file (i32.const 3) (;"/";) (i32.const 1191) (i32.const 1)) (i32.const 76) (i32.const 40))
    ;; ENOTCAPABLE (76): "dir/../../x" climbs above the root
    (call $expect (call $path_unlink_file (i32.const 3) (;"dir/../../x";) (i32.const 1192) (i32.const 11)) (i32.const 76) (i32.const 41))
    ;; ENOTCAPABLE (76): the parent is the symlink "up" -> ".."
    (call $expect (call $path_unlink_file (i32.const 3) (;"up/x";) (i32.const 1203) (i32.const 4)) (i32.const 76) (i32.const 42))
    ;; ENOTCAPABLE (76): "../file.txt" relative to a fd on "dir" (above that fd)
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1052) (i32.const 3) (i32.const 43)))
    (call $expect (call $path_unlink_file (local.get $sub) (;"../file.txt";) (i32.const 1207) (i32.const 11)) (i32.const 76) (i32.const 44))

    ;; ELOOP (32): the parent is a two-link loop
    (call $expect (call $path_unlink_file (i32.const 3) (;"loop_a/x";) (i32.const 1218) (i32.const 8)) (i32.const 32) (i32.const 45))
    ;; ELOOP (32): the parent is a link to itself
    (call $expect (call $path_unlink_file (i32.const 3) (;"self/x";) (i32.const 1226) (i32.const 6)) (i32.const 32) (i32.const 46))

    ;; EINVAL (28): a NUL byte inside the path ("file.txt\0x")
    (call $expect (call $path_unlink_file (i32.const 3) (;"file.txt\00x";) (i32.const 1232) (i32.const 10)) (i32.const 28) (i32.const 47))
    ;; EILSEQ (25): the path is not UTF-8
    (call $expect (call $path_unlink_file (i32.const 3) (;"bad\ff\fe";) (i32.const 1242) (i32.const 5)) (i32.const 25) (i32.const 48))
    ;; ENAMETOOLONG (37): a path of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $path_unlink_file (i32.const 3) (i32.const 8192) (i32.const 4096))
      (i32.const 37) (i32.const 49))
    ;; ENAMETOOLONG (37): one component of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_unlink_file (i32.const 3) (i32.const 8192) (i32.const 256))
      (i32.const 37) (i32.const 50))

    ;; ENOTCAPABLE (76): fd 3 without PATH_UNLINK_FILE (1 << 26)
    (call $drop_right (i32.const 3) (i64.const 0x4000000) (i32.const 51))
    (call $expect (call $path_unlink_file (i32.const 3) (;"file.txt";) (i32.const 1044) (i32.const 8)) (i32.const 76) (i32.const 52))
    ;; file.txt is still there
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1044) (i32.const 8) (i32.const 53))
    ;; the fd on "dir" kept its right: success
    (call $expect (call $path_unlink_file (local.get $sub) (;"nested.txt";) (i32.const 1247) (i32.const 10)) (i32.const 0) (i32.const 54))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "..")
  (data (i32.const 1026) "up")
  (data (i32.const 1028) "loop_b")
  (data (i32.const 1034) "loop_a")
  (data (i32.const 1040) "self")
  (data (i32.const 1044) "file.txt")
  (data (i32.const 1052) "dir")
  (data (i32.const 1055) "dir/")
  (data (i32.const 1059) ".")
  (data (i32.const 1060) "dir/..")
  (data (i32.const 1066) "file.txt/")
  (data (i32.const 1075) "link_to_file/")
  (data (i32.const 1088) "link_to_dir/")
  (data (i32.const 1100) "file.txt/x")
  (data (i32.const 1110) "link_to_file")
  (data (i32.const 1122) "link_to_dir")
  (data (i32.const 1133) "missing")
  (data (i32.const 1140) "")
  (data (i32.const 1140) "missing/")
  (data (i32.const 1148) "missing/x")
  (data (i32.const 1157) "dir/missing")
  (data (i32.const 1168) "dangling/x")
  (data (i32.const 1178) "../x")
  (data (i32.const 1182) "/file.txt")
  (data (i32.const 1191) "/")
  (data (i32.const 1192) "dir/../../x")
  (data (i32.const 1203) "up/x")
  (data (i32.const 1207) "../file.txt")
  (data (i32.const 1218) "loop_a/x")
  (data (i32.const 1226) "self/x")
  (data (i32.const 1232) "file.txt\00x")
  (data (i32.const 1242) "bad\ff\fe")
  (data (i32.const 1247) "nested.txt")
)
