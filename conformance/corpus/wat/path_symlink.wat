;; path_symlink: creating symbolic links.
;; Checks the new link (type SYMBOLIC_LINK, size = target length, readlink gives the target
;; back exactly), that it can be followed (to a file, to a directory, through "..", with a
;; trailing slash), that dangling targets and targets leading outside the root are stored
;; as given (a symlink is just a string) but refused when followed, and that a target is
;; resolved relative to the link's directory and bounded by the fd the lookup starts from.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 8 bufused, 64 filestat,
;; 512 readlink buffer, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
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

  ;; Fails check $check unless the $len bytes at $p equal those at $want
  ;; (the failure reports the offset of the first difference).
  (func $expect_bytes (param $p i32) (param $want i32) (param $len i32) (param $check i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $want) (local.get $i))))
          (then (call $fail (local.get $check) (i64.extend_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

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
    (local $ino i64) (local $sub i32)
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 10))
    (local.set $ino (i64.load (i32.const 72)))

    ;; success: "s1" -> "file.txt"
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 3) (;"s1";) (i32.const 1032) (i32.const 2)) (i32.const 0) (i32.const 11))
    ;; the link itself: type 7, size 8
    (call $stat (i32.const 3) (i32.const 0) (;"s1";) (i32.const 1032) (i32.const 2) (i32.const 12))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 13))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 8) (i32.const 14))
    ;; its target read back: 8 bytes "file.txt"
    (call $expect (call $path_readlink (i32.const 3) (;"s1";) (i32.const 1032) (i32.const 2) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 15))
    (call $expect (i32.load (i32.const 8)) (i32.const 8) (i32.const 16))
    (call $expect_bytes (i32.const 512) (i32.const 1024) (;"file.txt";) (i32.const 8) (i32.const 17))
    ;; followed: file.txt (type 4, 12 bytes, same inode)
    (call $stat (i32.const 3) (i32.const 1) (;"s1";) (i32.const 1032) (i32.const 2) (i32.const 18))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 19))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 20))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 21))

    ;; success: a dangling target "nothing"
    (call $expect (call $path_symlink (;"nothing";) (i32.const 1034) (i32.const 7) (i32.const 3) (;"s2";) (i32.const 1041) (i32.const 2)) (i32.const 0) (i32.const 22))
    (call $stat (i32.const 3) (i32.const 0) (;"s2";) (i32.const 1041) (i32.const 2) (i32.const 23))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 24))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 25))
    ;; ENOENT (44): following it
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 1) (;"s2";) (i32.const 1041) (i32.const 2) (i32.const 64))
      (i32.const 44) (i32.const 26))

    ;; success: a target leading outside the root, "../../x", is stored as given
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1043) (i32.const 7) (i32.const 3) (;"esc";) (i32.const 1050) (i32.const 3)) (i32.const 0) (i32.const 27))
    (call $stat (i32.const 3) (i32.const 0) (;"esc";) (i32.const 1050) (i32.const 3) (i32.const 28))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 29))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 30))
    (call $expect (call $path_readlink (i32.const 3) (;"esc";) (i32.const 1050) (i32.const 3) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 31))
    (call $expect (i32.load (i32.const 8)) (i32.const 7) (i32.const 32))
    (call $expect_bytes (i32.const 512) (i32.const 1043) (;"../../x";) (i32.const 7) (i32.const 33))
    ;; ENOTCAPABLE (76): but following it is refused (path_filestat_get)
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 1) (;"esc";) (i32.const 1050) (i32.const 3) (i32.const 64))
      (i32.const 76) (i32.const 34))
    ;; ENOTCAPABLE (76): and so is opening it with SYMLINK_FOLLOW (path_open)
    (call $expect (call $path_open (i32.const 3) (i32.const 1) (;"esc";) (i32.const 1050) (i32.const 3) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 76) (i32.const 35))

    ;; success: a link to a directory, used as an intermediate component
    (call $expect (call $path_symlink (;"dir";) (i32.const 1053) (i32.const 3) (i32.const 3) (;"s3";) (i32.const 1056) (i32.const 2)) (i32.const 0) (i32.const 36))
    (call $stat (i32.const 3) (i32.const 0) (;"s3/nested.txt";) (i32.const 1058) (i32.const 13) (i32.const 37))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 38))
    ;; success: a target with a trailing slash, "dir/"
    (call $expect (call $path_symlink (;"dir/";) (i32.const 1071) (i32.const 4) (i32.const 3) (;"s4";) (i32.const 1075) (i32.const 2)) (i32.const 0) (i32.const 39))
    (call $stat (i32.const 3) (i32.const 1) (;"s4";) (i32.const 1075) (i32.const 2) (i32.const 40))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 41))
    ;; success: a target with ".." that stays inside, "dir/../file.txt"
    (call $expect (call $path_symlink (;"dir/../file.txt";) (i32.const 1077) (i32.const 15) (i32.const 3) (;"s5";) (i32.const 1092) (i32.const 2)) (i32.const 0) (i32.const 42))
    (call $stat (i32.const 3) (i32.const 1) (;"s5";) (i32.const 1092) (i32.const 2) (i32.const 43))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 44))
    ;; success: the target ".", followed: the root directory
    (call $expect (call $path_symlink (;".";) (i32.const 1094) (i32.const 1) (i32.const 3) (;"s6";) (i32.const 1095) (i32.const 2)) (i32.const 0) (i32.const 45))
    (call $stat (i32.const 3) (i32.const 1) (;"s6";) (i32.const 1095) (i32.const 2) (i32.const 46))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 47))
    ;; success: a target that is a chain: "s7" -> "s1" -> "file.txt"
    (call $expect (call $path_symlink (;"s1";) (i32.const 1032) (i32.const 2) (i32.const 3) (;"s7";) (i32.const 1097) (i32.const 2)) (i32.const 0) (i32.const 48))
    (call $stat (i32.const 3) (i32.const 1) (;"s7";) (i32.const 1097) (i32.const 2) (i32.const 49))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 50))

    ;; success: relative to a fd on "dir", "dir/up_file" -> "../file.txt"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1053) (i32.const 3) (i32.const 51)))
    (call $expect (call $path_symlink (;"../file.txt";) (i32.const 1099) (i32.const 11) (local.get $sub) (;"up_file";) (i32.const 1110) (i32.const 7)) (i32.const 0) (i32.const 52))
    ;; the target is relative to the link's directory: from fd 3 it is file.txt
    (call $stat (i32.const 3) (i32.const 1) (;"dir/up_file";) (i32.const 1117) (i32.const 11) (i32.const 53))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 54))
    ;; ENOTCAPABLE (76): from the fd on "dir" it leads above that fd
    (call $expect (call $path_filestat_get (local.get $sub) (i32.const 1) (;"up_file";) (i32.const 1110) (i32.const 7) (i32.const 64))
      (i32.const 76) (i32.const 55))
    ;; the link itself can be examined from there
    (call $stat (local.get $sub) (i32.const 0) (;"up_file";) (i32.const 1110) (i32.const 7) (i32.const 56))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 11) (i32.const 57))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "s1")
  (data (i32.const 1034) "nothing")
  (data (i32.const 1041) "s2")
  (data (i32.const 1043) "../../x")
  (data (i32.const 1050) "esc")
  (data (i32.const 1053) "dir")
  (data (i32.const 1056) "s3")
  (data (i32.const 1058) "s3/nested.txt")
  (data (i32.const 1071) "dir/")
  (data (i32.const 1075) "s4")
  (data (i32.const 1077) "dir/../file.txt")
  (data (i32.const 1092) "s5")
  (data (i32.const 1094) ".")
  (data (i32.const 1095) "s6")
  (data (i32.const 1097) "s7")
  (data (i32.const 1099) "../file.txt")
  (data (i32.const 1110) "up_file")
  (data (i32.const 1117) "dir/up_file")
)
