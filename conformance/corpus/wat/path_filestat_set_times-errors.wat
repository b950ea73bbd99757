;; path_filestat_set_times: every error it can give.
;; EINVAL (ATIM with ATIM_NOW, MTIM with MTIM_NOW, undefined fstflags bits, undefined lookup
;; flags, NUL byte); EBADF; ENOTDIR (fd not a directory; "name/" for a file or a link to
;; one; a component is a file); ENOENT; ENOTCAPABLE (escapes through "..", absolute paths
;; and symlinks created here, followed with SYMLINK_FOLLOW or a trailing slash; a missing
;; PATH_FILESTAT_SET_TIMES right); ELOOP; EILSEQ; ENAMETOOLONG. Failed calls change no time.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat (mtim @112),
;; 256 fdstat, 1024.. strings, 8192.. long paths.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
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
    ;; setup: "up" -> "..", "escape" -> "../../x", "loop_a" <-> "loop_b", "self" -> "self"
    (call $expect (call $path_symlink (;"..";) (i32.const 1024) (i32.const 2) (i32.const 3) (;"up";) (i32.const 1026) (i32.const 2)) (i32.const 0) (i32.const 10))
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1028) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1035) (i32.const 6)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"loop_b";) (i32.const 1041) (i32.const 6) (i32.const 3) (;"loop_a";) (i32.const 1047) (i32.const 6)) (i32.const 0) (i32.const 12))
    (call $expect (call $path_symlink (;"loop_a";) (i32.const 1047) (i32.const 6) (i32.const 3) (;"loop_b";) (i32.const 1041) (i32.const 6)) (i32.const 0) (i32.const 13))
    (call $expect (call $path_symlink (;"self";) (i32.const 1053) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1053) (i32.const 4)) (i32.const 0) (i32.const 14))
    (local.set $file (call $open (i32.const 3) (;"file.txt";) (i32.const 1057) (i32.const 8) (i32.const 0) (i32.const 15)))
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1065) (i32.const 3) (i32.const 16)))
    ;; setup: file.txt's and dir's mtim are 1000 s; every call below passes 5000 s, so a
    ;; call that changed anything would show
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 1000000000000) (i64.const 1000000000000) (i32.const 5)) (i32.const 0) (i32.const 17))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1065) (i32.const 3)
        (i64.const 1000000000000) (i64.const 1000000000000) (i32.const 5)) (i32.const 0) (i32.const 18))

    ;; EINVAL (28): ATIM with ATIM_NOW (1|2)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 3)) (i32.const 28) (i32.const 19))
    ;; EINVAL (28): MTIM with MTIM_NOW (4|8)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 12)) (i32.const 28) (i32.const 20))
    ;; EINVAL (28): all four (1|2|4|8)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 15)) (i32.const 28) (i32.const 21))
    ;; EINVAL (28): fstflags bit 4 (16) is not defined
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 21)) (i32.const 28) (i32.const 22))
    ;; EINVAL (28): fstflags 0x10005 has a bit above the u16
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 0x10005)) (i32.const 28) (i32.const 23))
    ;; EINVAL (28): lookup flag bit 1 is not defined
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 2) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 28) (i32.const 24))

    ;; EBADF (8): fd 99 is not open
    (call $expect (call $path_filestat_set_times (i32.const 99) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 8) (i32.const 25))
    ;; ENOTDIR (54): the fd is a regular file
    (call $expect (call $path_filestat_set_times (local.get $file) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 26))
    ;; ENOTDIR (54): the fd is stdout
    (call $expect (call $path_filestat_set_times (i32.const 1) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 27))

    ;; ENOENT (44): the name does not exist
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"missing";) (i32.const 1068) (i32.const 7)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 44) (i32.const 28))
    ;; ENOENT (44): the empty path
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"";) (i32.const 1075) (i32.const 0)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 44) (i32.const 29))
    ;; ENOENT (44): a parent does not exist
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"missing/x";) (i32.const 1075) (i32.const 9)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 44) (i32.const 30))
    ;; ENOENT (44): SYMLINK_FOLLOW on the dangling link
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"dangling";) (i32.const 1084) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 44) (i32.const 31))
    ;; ENOENT (44): "dangling/" (a trailing slash follows)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"dangling/";) (i32.const 1092) (i32.const 9)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 44) (i32.const 32))

    ;; ENOTDIR (54): "file.txt/"
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt/";) (i32.const 1101) (i32.const 9)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 33))
    ;; ENOTDIR (54): "link_to_file/" (followed: a file)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"link_to_file/";) (i32.const 1110) (i32.const 13)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 34))
    ;; ENOTDIR (54): a component is a regular file
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt/x";) (i32.const 1123) (i32.const 10)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 35))

    ;; ENOTDIR (54): SYMLINK_FOLLOW on "slash_file" -> "file.txt/" (a target with a
    ;; trailing slash must be a directory)
    (call $expect (call $path_symlink (;"file.txt/";) (i32.const 1101) (i32.const 9) (i32.const 3) (;"slash_file";) (i32.const 1133) (i32.const 10)) (i32.const 0) (i32.const 36))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"slash_file";) (i32.const 1133) (i32.const 10)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 54) (i32.const 37))

    ;; ENOTCAPABLE (76): ".." is above the root
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"..";) (i32.const 1024) (i32.const 2)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 38))
    ;; ENOTCAPABLE (76): "../x"
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"../x";) (i32.const 1143) (i32.const 4)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 39))
    ;; ENOTCAPABLE (76): an absolute path
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"/file.txt";) (i32.const 1147) (i32.const 9)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 40))
    ;; ENOTCAPABLE (76): "/"
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"/";) (i32.const 1156) (i32.const 1)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 41))
    ;; ENOTCAPABLE (76): through "up" -> ".."
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"up/x";) (i32.const 1157) (i32.const 4)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 42))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "up" -> ".."
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"up";) (i32.const 1026) (i32.const 2)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 43))
    ;; ENOTCAPABLE (76): SYMLINK_FOLLOW on "escape" -> "../../x"
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"escape";) (i32.const 1035) (i32.const 6)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 44))
    ;; ENOTCAPABLE (76): "escape/" (a trailing slash follows)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"escape/";) (i32.const 1161) (i32.const 7)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 45))
    ;; ENOTCAPABLE (76): ".." relative to the fd on "dir"
    (call $expect (call $path_filestat_set_times (local.get $sub) (i32.const 0) (;"..";) (i32.const 1024) (i32.const 2)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 46))
    ;; ENOTCAPABLE (76): "../file.txt" relative to the fd on "dir"
    (call $expect (call $path_filestat_set_times (local.get $sub) (i32.const 0) (;"../file.txt";) (i32.const 1168) (i32.const 11)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 47))

    ;; ELOOP (32): SYMLINK_FOLLOW on a two-link loop
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"loop_a";) (i32.const 1047) (i32.const 6)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 32) (i32.const 48))
    ;; ELOOP (32): SYMLINK_FOLLOW on a link to itself
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 1) (;"self";) (i32.const 1053) (i32.const 4)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 32) (i32.const 49))
    ;; ELOOP (32): "loop_a/" (a trailing slash follows)
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"loop_a/";) (i32.const 1179) (i32.const 7)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 32) (i32.const 50))
    ;; ELOOP (32): a loop as an intermediate component
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"self/x";) (i32.const 1186) (i32.const 6)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 32) (i32.const 51))

    ;; EINVAL (28): a NUL byte in the path ("file.txt\0x")
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt\00x";) (i32.const 1192) (i32.const 10)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 28) (i32.const 52))
    ;; EILSEQ (25): the path is not UTF-8
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"bad\ff\fe";) (i32.const 1202) (i32.const 5)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 25) (i32.const 53))
    ;; ENAMETOOLONG (37): a path of 4096 bytes
    (call $long_path (i32.const 4096))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (i32.const 8192) (i32.const 4096)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 37) (i32.const 54))
    ;; ENAMETOOLONG (37): one component of 256 bytes
    (memory.fill (i32.const 8192) (i32.const 98) (i32.const 256))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (i32.const 8192) (i32.const 256)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 37) (i32.const 55))

    ;; ENOTCAPABLE (76): fd 3 without PATH_FILESTAT_SET_TIMES (1 << 20)
    (call $drop_right (i32.const 3) (i64.const 0x100000) (i32.const 56))
    (call $expect (call $path_filestat_set_times (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 76) (i32.const 57))

    ;; no failed call changed a time: file.txt's and dir's mtim are still 1000 s
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1057) (i32.const 8) (i32.const 58))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 1000000000000) (i32.const 59))
    (call $stat (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1065) (i32.const 3) (i32.const 60))
    (call $expect64 (i64.load (i32.const 112)) (i64.const 1000000000000) (i32.const 61))
    ;; the fd on "dir" kept the right: success
    (call $expect (call $path_filestat_set_times (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1207) (i32.const 10)
        (i64.const 5000000000000) (i64.const 5000000000000) (i32.const 5)) (i32.const 0) (i32.const 62))
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
  (data (i32.const 1057) "file.txt")
  (data (i32.const 1065) "dir")
  (data (i32.const 1068) "missing")
  (data (i32.const 1075) "")
  (data (i32.const 1075) "missing/x")
  (data (i32.const 1084) "dangling")
  (data (i32.const 1092) "dangling/")
  (data (i32.const 1101) "file.txt/")
  (data (i32.const 1110) "link_to_file/")
  (data (i32.const 1123) "file.txt/x")
  (data (i32.const 1133) "slash_file")
  (data (i32.const 1143) "../x")
  (data (i32.const 1147) "/file.txt")
  (data (i32.const 1156) "/")
  (data (i32.const 1157) "up/x")
  (data (i32.const 1161) "escape/")
  (data (i32.const 1168) "../file.txt")
  (data (i32.const 1179) "loop_a/")
  (data (i32.const 1186) "self/x")
  (data (i32.const 1192) "file.txt\00x")
  (data (i32.const 1202) "bad\ff\fe")
  (data (i32.const 1207) "nested.txt")
)
