;; path_rename: renaming files, directories and symlinks.
;; Checks that the inode keeps its contents under the new name and the old name is gone;
;; that a symlink is renamed itself, never its target; that an existing file, an empty
;; directory or a symlink at the new name is replaced; that renaming a name onto itself
;; changes nothing; that trailing slashes on directories are accepted; that a rename
;; between two different directory fds works; that an fd opened on a directory still
;; reaches it after it is renamed.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
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
    (local $ino i64) (local $sub i32)
    ;; success: the symlink "link_to_file" becomes "lnk"
    (call $expect (call $path_rename (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 3) (;"lnk";) (i32.const 1036) (i32.const 3))
      (i32.const 0) (i32.const 10))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 64))
      (i32.const 44) (i32.const 11))
    ;; "lnk" is the symlink itself (type 7, 8 bytes: "file.txt") and still leads to
    ;; file.txt (12 bytes)
    (call $stat (i32.const 3) (i32.const 0) (;"lnk";) (i32.const 1036) (i32.const 3) (i32.const 12))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 13))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 8) (i32.const 14))
    (call $stat (i32.const 3) (i32.const 1) (;"lnk";) (i32.const 1036) (i32.const 3) (i32.const 15))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 16))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 17))

    ;; an fd opened on "dir" before it is renamed below
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1039) (i32.const 3) (i32.const 18)))
    ;; success: "file.txt" becomes "renamed.txt", same inode, same size
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1042) (i32.const 8) (i32.const 19))
    (local.set $ino (i64.load (i32.const 72)))
    (call $expect (call $path_rename (i32.const 3) (;"file.txt";) (i32.const 1042) (i32.const 8) (i32.const 3) (;"renamed.txt";) (i32.const 1050) (i32.const 11))
      (i32.const 0) (i32.const 20))
    ;; ENOENT (44): the old name is gone
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1042) (i32.const 8) (i32.const 64))
      (i32.const 44) (i32.const 21))
    (call $stat (i32.const 3) (i32.const 0) (;"renamed.txt";) (i32.const 1050) (i32.const 11) (i32.const 22))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 23))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 24))

    ;; success: the directory "dir" becomes "dir2", with its contents
    (call $expect (call $path_rename (i32.const 3) (;"dir";) (i32.const 1039) (i32.const 3) (i32.const 3) (;"dir2";) (i32.const 1061) (i32.const 4)) (i32.const 0) (i32.const 25))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1039) (i32.const 3) (i32.const 64))
      (i32.const 44) (i32.const 26))
    (call $stat (i32.const 3) (i32.const 0) (;"dir2/nested.txt";) (i32.const 1065) (i32.const 15) (i32.const 27))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 28))
    ;; the fd opened on "dir" follows the directory, not the name
    (call $stat (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1080) (i32.const 10) (i32.const 29))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 30))

    ;; success: an existing file at the new name is replaced
    (call $create_file (i32.const 3) (;"victim";) (i32.const 1090) (i32.const 6) (i32.const 31))
    (call $expect (call $path_rename (i32.const 3) (;"renamed.txt";) (i32.const 1050) (i32.const 11) (i32.const 3) (;"victim";) (i32.const 1090) (i32.const 6))
      (i32.const 0) (i32.const 32))
    (call $stat (i32.const 3) (i32.const 0) (;"victim";) (i32.const 1090) (i32.const 6) (i32.const 33))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 34))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 35))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"renamed.txt";) (i32.const 1050) (i32.const 11) (i32.const 64))
      (i32.const 44) (i32.const 36))

    ;; success: a name renamed onto itself is left as it is
    (call $expect (call $path_rename (i32.const 3) (;"victim";) (i32.const 1090) (i32.const 6) (i32.const 3) (;"victim";) (i32.const 1090) (i32.const 6))
      (i32.const 0) (i32.const 37))
    (call $stat (i32.const 3) (i32.const 0) (;"victim";) (i32.const 1090) (i32.const 6) (i32.const 38))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 39))

    ;; success: a symlink at the new name is replaced itself (never followed): "dangling"
    ;; becomes a regular file
    (call $create_file (i32.const 3) (;"plain";) (i32.const 1096) (i32.const 5) (i32.const 40))
    (call $expect (call $path_rename (i32.const 3) (;"plain";) (i32.const 1096) (i32.const 5) (i32.const 3) (;"dangling";) (i32.const 1101) (i32.const 8))
      (i32.const 0) (i32.const 41))
    (call $stat (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1101) (i32.const 8) (i32.const 42))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 43))
    ;; ENOENT (44): no "nowhere" was created by following the link
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"nowhere";) (i32.const 1109) (i32.const 7) (i32.const 64))
      (i32.const 44) (i32.const 44))

    ;; success: an empty directory at the new name is replaced by a directory
    (call $expect (call $path_create_directory (i32.const 3) (;"e1";) (i32.const 1116) (i32.const 2)) (i32.const 0) (i32.const 45))
    (call $create_file (i32.const 3) (;"e1/marker";) (i32.const 1118) (i32.const 9) (i32.const 46))
    (call $expect (call $path_create_directory (i32.const 3) (;"e2";) (i32.const 1127) (i32.const 2)) (i32.const 0) (i32.const 47))
    (call $expect (call $path_rename (i32.const 3) (;"e1";) (i32.const 1116) (i32.const 2) (i32.const 3) (;"e2";) (i32.const 1127) (i32.const 2)) (i32.const 0) (i32.const 48))
    (call $stat (i32.const 3) (i32.const 0) (;"e2/marker";) (i32.const 1129) (i32.const 9) (i32.const 49))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"e1";) (i32.const 1116) (i32.const 2) (i32.const 64))
      (i32.const 44) (i32.const 50))

    ;; success: trailing slashes on both names of a directory
    (call $expect (call $path_rename (i32.const 3) (;"e2/";) (i32.const 1138) (i32.const 3) (i32.const 3) (;"e3/";) (i32.const 1141) (i32.const 3)) (i32.const 0) (i32.const 51))
    (call $stat (i32.const 3) (i32.const 0) (;"e3/marker";) (i32.const 1144) (i32.const 9) (i32.const 52))

    ;; success: from fd 3 to a fd opened on "dir2": "victim" becomes "dir2/moved"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir2";) (i32.const 1061) (i32.const 4) (i32.const 53)))
    (call $expect (call $path_rename (i32.const 3) (;"victim";) (i32.const 1090) (i32.const 6) (local.get $sub) (;"moved";) (i32.const 1153) (i32.const 5))
      (i32.const 0) (i32.const 54))
    (call $stat (i32.const 3) (i32.const 0) (;"dir2/moved";) (i32.const 1158) (i32.const 10) (i32.const 55))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 56))
    ;; success: and back, with ".." inside the new path staying beneath fd 3
    (call $expect (call $path_rename (local.get $sub) (;"moved";) (i32.const 1153) (i32.const 5) (i32.const 3) (;"dir2/../back";) (i32.const 1168) (i32.const 12))
      (i32.const 0) (i32.const 57))
    (call $stat (i32.const 3) (i32.const 0) (;"back";) (i32.const 1180) (i32.const 4) (i32.const 58))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 59))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "link_to_file")
  (data (i32.const 1036) "lnk")
  (data (i32.const 1039) "dir")
  (data (i32.const 1042) "file.txt")
  (data (i32.const 1050) "renamed.txt")
  (data (i32.const 1061) "dir2")
  (data (i32.const 1065) "dir2/nested.txt")
  (data (i32.const 1080) "nested.txt")
  (data (i32.const 1090) "victim")
  (data (i32.const 1096) "plain")
  (data (i32.const 1101) "dangling")
  (data (i32.const 1109) "nowhere")
  (data (i32.const 1116) "e1")
  (data (i32.const 1118) "e1/marker")
  (data (i32.const 1127) "e2")
  (data (i32.const 1129) "e2/marker")
  (data (i32.const 1138) "e2/")
  (data (i32.const 1141) "e3/")
  (data (i32.const 1144) "e3/marker")
  (data (i32.const 1153) "moved")
  (data (i32.const 1158) "dir2/moved")
  (data (i32.const 1168) "dir2/../back")
  (data (i32.const 1180) "back")
)
