;; path_filestat_get: the filestat of a path.
;; Checks every field for file.txt against fd_filestat_get of an fd on the same file (all
;; 64 bytes equal), filetype/size/nlink/ino of directories, symlinks (without
;; SYMLINK_FOLLOW: the link itself, size = target length; with it: the target), dangling
;; links, trailing slashes (which follow), "." and ".." (physical: ".." after a symlink is
;; the parent of its target), intermediate symlinks, and paths relative to a subdirectory fd.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat (see $stat),
;; 128 second filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
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
    (local $fd i32) (local $sub i32) (local $ino i64) (local $dir_ino i64) (local $root_ino i64)
    (local $dev i64)
    ;; success: file.txt is a regular file (4) of 12 bytes with 1 link
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 10))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 11))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 12))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 1) (i32.const 13))
    (local.set $ino (i64.load (i32.const 72)))
    (local.set $dev (i64.load (i32.const 64)))
    ;; it has a modification time (not 0)
    (call $expect (i64.eqz (i64.load (i32.const 112))) (i32.const 0) (i32.const 14))
    ;; all 64 bytes are those fd_filestat_get gives for an fd on the file
    (local.set $fd (call $open (i32.const 3) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0) (i32.const 15)))
    (call $expect (call $fd_filestat_get (local.get $fd) (i32.const 128)) (i32.const 0) (i32.const 16))
    (call $expect_bytes (i32.const 64) (i32.const 128) (i32.const 64) (i32.const 17))
    ;; SYMLINK_FOLLOW makes no difference for a file that is not a link
    (call $stat (i32.const 3) (i32.const 1) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 18))
    (call $expect_bytes (i32.const 64) (i32.const 128) (i32.const 64) (i32.const 19))

    ;; success: "dir" is a directory (3) with 2 links, on the same device
    (call $stat (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1032) (i32.const 3) (i32.const 20))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 21))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 2) (i32.const 22))
    (call $expect64 (i64.load (i32.const 64)) (local.get $dev) (i32.const 23))
    (local.set $dir_ino (i64.load (i32.const 72)))
    ;; success: "dir/" is the same directory
    (call $stat (i32.const 3) (i32.const 0) (;"dir/";) (i32.const 1035) (i32.const 4) (i32.const 24))
    (call $expect64 (i64.load (i32.const 72)) (local.get $dir_ino) (i32.const 25))

    ;; success: "link_to_file" without SYMLINK_FOLLOW: the link (7), 8 bytes ("file.txt")
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_file";) (i32.const 1039) (i32.const 12) (i32.const 26))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 27))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 8) (i32.const 28))
    (call $expect (i64.eq (i64.load (i32.const 72)) (local.get $ino)) (i32.const 0) (i32.const 29))
    ;; with SYMLINK_FOLLOW (1): file.txt itself
    (call $stat (i32.const 3) (i32.const 1) (;"link_to_file";) (i32.const 1039) (i32.const 12) (i32.const 30))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 31))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 12) (i32.const 32))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 33))

    ;; success: "link_to_dir" without SYMLINK_FOLLOW: the link, 3 bytes ("dir")
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir";) (i32.const 1051) (i32.const 11) (i32.const 34))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 35))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 3) (i32.const 36))
    ;; with SYMLINK_FOLLOW: "dir"
    (call $stat (i32.const 3) (i32.const 1) (;"link_to_dir";) (i32.const 1051) (i32.const 11) (i32.const 37))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 38))
    (call $expect64 (i64.load (i32.const 72)) (local.get $dir_ino) (i32.const 39))
    ;; "link_to_dir/" without SYMLINK_FOLLOW: the trailing slash follows the link
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir/";) (i32.const 1062) (i32.const 12) (i32.const 40))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 41))
    (call $expect64 (i64.load (i32.const 72)) (local.get $dir_ino) (i32.const 42))
    ;; "link_to_dir/nested.txt": an intermediate link is always followed
    (call $stat (i32.const 3) (i32.const 0) (;"link_to_dir/nested.txt";) (i32.const 1074) (i32.const 22) (i32.const 43))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 44))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 45))

    ;; success: "dangling" without SYMLINK_FOLLOW: the link, 7 bytes ("nowhere")
    (call $stat (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1096) (i32.const 8) (i32.const 46))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 47))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 48))

    ;; success: "." is the root; the same as fd_filestat_get on fd 3
    (call $stat (i32.const 3) (i32.const 0) (;".";) (i32.const 1104) (i32.const 1) (i32.const 49))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 50))
    (local.set $root_ino (i64.load (i32.const 72)))
    (call $expect (call $fd_filestat_get (i32.const 3) (i32.const 128)) (i32.const 0) (i32.const 51))
    (call $expect64 (i64.load (i32.const 136)) (local.get $root_ino) (i32.const 52))
    ;; "dir/.." is the root too
    (call $stat (i32.const 3) (i32.const 0) (;"dir/..";) (i32.const 1105) (i32.const 6) (i32.const 53))
    (call $expect64 (i64.load (i32.const 72)) (local.get $root_ino) (i32.const 54))
    ;; "dir/../file.txt" is file.txt
    (call $stat (i32.const 3) (i32.const 0) (;"dir/../file.txt";) (i32.const 1111) (i32.const 15) (i32.const 55))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 56))
    ;; "./file.txt" and "dir//nested.txt" (redundant "." and "/")
    (call $stat (i32.const 3) (i32.const 0) (;"./file.txt";) (i32.const 1126) (i32.const 10) (i32.const 57))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 58))
    (call $stat (i32.const 3) (i32.const 0) (;"dir//nested.txt";) (i32.const 1136) (i32.const 15) (i32.const 59))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 60))
    ;; ".." is physical: "deep" -> "dir/sub", so "deep/../nested.txt" is dir/nested.txt
    ;; (there is no nested.txt at the root)
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/sub";) (i32.const 1151) (i32.const 7)) (i32.const 0) (i32.const 61))
    (call $expect (call $path_symlink (;"dir/sub";) (i32.const 1151) (i32.const 7) (i32.const 3) (;"deep";) (i32.const 1158) (i32.const 4)) (i32.const 0) (i32.const 62))
    (call $stat (i32.const 3) (i32.const 0) (;"deep/../nested.txt";) (i32.const 1162) (i32.const 18) (i32.const 63))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 64))

    ;; success: relative to a fd on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1032) (i32.const 3) (i32.const 65)))
    (call $stat (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1180) (i32.const 10) (i32.const 66))    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1032) (i32.const 3) (i32.const 67)))

    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 68))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 7) (i32.const 69))
    (call $stat (local.get $sub) (i32.const 0) (;".";) (i32.const 1104) (i32.const 1) (i32.const 70))
    (call $expect64 (i64.load (i32.const 72)) (local.get $dir_ino) (i32.const 71))
    ;; "sub/.." relative to it is "dir" again (beneath the fd)
    (call $stat (local.get $sub) (i32.const 0) (;"sub/..";) (i32.const 1190) (i32.const 6) (i32.const 72))
    (call $expect64 (i64.load (i32.const 72)) (local.get $dir_ino) (i32.const 73))

    ;; a new file is seen at once: 0 bytes, 1 link
    (call $create_file (i32.const 3) (;"new";) (i32.const 1196) (i32.const 3) (i32.const 74))
    (call $stat (i32.const 3) (i32.const 0) (;"new";) (i32.const 1196) (i32.const 3) (i32.const 75))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 76))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 0) (i32.const 77))
    (call $expect64 (i64.load (i32.const 88)) (i64.const 1) (i32.const 78))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "dir")
  (data (i32.const 1035) "dir/")
  (data (i32.const 1039) "link_to_file")
  (data (i32.const 1051) "link_to_dir")
  (data (i32.const 1062) "link_to_dir/")
  (data (i32.const 1074) "link_to_dir/nested.txt")
  (data (i32.const 1096) "dangling")
  (data (i32.const 1104) ".")
  (data (i32.const 1105) "dir/..")
  (data (i32.const 1111) "dir/../file.txt")
  (data (i32.const 1126) "./file.txt")
  (data (i32.const 1136) "dir//nested.txt")
  (data (i32.const 1151) "dir/sub")
  (data (i32.const 1158) "deep")
  (data (i32.const 1162) "deep/../nested.txt")
  (data (i32.const 1180) "nested.txt")
  (data (i32.const 1190) "sub/..")
  (data (i32.const 1196) "new")
)
