;; path_link: making hard links.
;; Checks that the new name is the same inode (same ino, nlink counts both names), that
;; without SYMLINK_FOLLOW a symlink is linked itself (dangling ones and ones pointing
;; outside the root included: nothing is followed), that with SYMLINK_FOLLOW the target of
;; a link or a chain of links is linked, and that links between two different directory
;; fds work.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
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
    (local $ino i64) (local $link_ino i64) (local $sub i32)
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 10))
    (local.set $ino (i64.load (i32.const 72)))
    ;; file.txt starts with one link
    (call $expect64 (i64.load (i32.const 88)) (i64.const 1) (i32.const 11))

    ;; success: "hard" -> file.txt
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 3) (;"hard";) (i32.const 1032) (i32.const 4))
      (i32.const 0) (i32.const 12))
    ;; same inode, 2 links, 12 bytes, a regular file
    (call $stat (i32.const 3) (i32.const 0) (;"hard";) (i32.const 1032) (i32.const 4) (i32.const 13))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 14))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 15))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 16))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 17))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 18))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 19))
    ;; removing one name leaves one link
    (call $expect (call $path_unlink_file (i32.const 3) (;"hard";) (i32.const 1032) (i32.const 4)) (i32.const 0) (i32.const 20))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 21))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 1) (i32.const 22))

    ;; success without SYMLINK_FOLLOW: "hl" is a second name of the symlink link_to_file
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1036) (i32.const 12) (i32.const 23))
    (local.set $link_ino (i64.load (i32.const 72)))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1036) (i32.const 12) (i32.const 3) (;"hl";) (i32.const 1048) (i32.const 2))
      (i32.const 0) (i32.const 24))
    (call $stat (i32.const 3) (i32.const 0) (;"hl";) (i32.const 1048) (i32.const 2) (i32.const 25))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 26))
    (call $expect64 (i64.load (i32.const 72)) (local.get $link_ino) (i32.const 27))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 28))

    ;; success with SYMLINK_FOLLOW (1): "hf" is a name of file.txt itself
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"link_to_file";) (i32.const 1036) (i32.const 12) (i32.const 3) (;"hf";) (i32.const 1050) (i32.const 2))
      (i32.const 0) (i32.const 29))
    (call $stat (i32.const 3) (i32.const 0) (;"hf";) (i32.const 1050) (i32.const 2) (i32.const 30))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 31))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 32))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 33))

    ;; success with SYMLINK_FOLLOW through a chain: "chain" -> "link_to_file" -> file.txt
    (call $expect (call $path_symlink (;"link_to_file";) (i32.const 1036) (i32.const 12) (i32.const 3) (;"chain";) (i32.const 1052) (i32.const 5)) (i32.const 0) (i32.const 34))
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"chain";) (i32.const 1052) (i32.const 5) (i32.const 3) (;"hc";) (i32.const 1057) (i32.const 2))
      (i32.const 0) (i32.const 35))
    (call $stat (i32.const 3) (i32.const 0) (;"hc";) (i32.const 1057) (i32.const 2) (i32.const 36))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 37))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 3) (i32.const 38))

    ;; success with SYMLINK_FOLLOW and an intermediate symlink: "link_to_dir/nested.txt"
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"link_to_dir/nested.txt";) (i32.const 1059) (i32.const 22) (i32.const 3) (;"hn";) (i32.const 1081) (i32.const 2))
      (i32.const 0) (i32.const 39))
    (call $stat (i32.const 3) (i32.const 0) (;"hn";) (i32.const 1081) (i32.const 2) (i32.const 40))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 41))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 42))

    ;; success without SYMLINK_FOLLOW: the dangling symlink is linked itself
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1083) (i32.const 8) (i32.const 3) (;"hd";) (i32.const 1091) (i32.const 2))
      (i32.const 0) (i32.const 43))
    (call $stat (i32.const 3) (i32.const 0) (;"hd";) (i32.const 1091) (i32.const 2) (i32.const 44))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 45))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 46))

    ;; success without SYMLINK_FOLLOW: a symlink pointing outside the root is linked
    ;; itself (nothing outside is reached)
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1093) (i32.const 7) (i32.const 3) (;"escape";) (i32.const 1100) (i32.const 6)) (i32.const 0) (i32.const 47))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"escape";) (i32.const 1100) (i32.const 6) (i32.const 3) (;"he";) (i32.const 1106) (i32.const 2))
      (i32.const 0) (i32.const 48))
    (call $stat (i32.const 3) (i32.const 0) (;"he";) (i32.const 1106) (i32.const 2) (i32.const 49))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 50))

    ;; success: from fd 3 into a fd opened on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1108) (i32.const 3) (i32.const 51)))
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (local.get $sub) (;"h2";) (i32.const 1111) (i32.const 2))
      (i32.const 0) (i32.const 52))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/h2";) (i32.const 1113) (i32.const 6) (i32.const 53))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 54))
    ;; success: from the fd on "dir" into fd 3, with ".." staying beneath fd 3
    (call $expect (call $path_link (local.get $sub) (i32.const 0) (;"h2";) (i32.const 1111) (i32.const 2) (i32.const 3) (;"dir/../h3";) (i32.const 1119) (i32.const 9))
      (i32.const 0) (i32.const 55))
    (call $stat (i32.const 3) (i32.const 0) (;"h3";) (i32.const 1128) (i32.const 2) (i32.const 56))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 57))
    ;; file.txt now has 5 names: file.txt, hf, hc, dir/h2, h3
    (call $expect64 (i64.load (i32.const 88)) (i64.const 5) (i32.const 58))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "hard")
  (data (i32.const 1036) "link_to_file")
  (data (i32.const 1048) "hl")
  (data (i32.const 1050) "hf")
  (data (i32.const 1052) "chain")
  (data (i32.const 1057) "hc")
  (data (i32.const 1059) "link_to_dir/nested.txt")
  (data (i32.const 1081) "hn")
  (data (i32.const 1083) "dangling")
  (data (i32.const 1091) "hd")
  (data (i32.const 1093) "../../x")
  (data (i32.const 1100) "escape")
  (data (i32.const 1106) "he")
  (data (i32.const 1108) "dir")
  (data (i32.const 1111) "h2")
  (data (i32.const 1113) "dir/h2")
  (data (i32.const 1119) "dir/../h3")
  (data (i32.const 1128) "h3")
)
