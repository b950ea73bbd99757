;; path_create_directory: creating directories.
;; Checks that a new directory appears (filetype DIRECTORY, empty), that nested and
;; trailing-slash names work, that a name relative to a subdirectory fd is created there,
;; and that `..` inside the path is fine while it stays beneath the fd.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
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
    (local $sub i32)
    ;; success: "newdir" is created
    (call $expect (call $path_create_directory (i32.const 3) (;"newdir";) (i32.const 1024) (i32.const 6)) (i32.const 0) (i32.const 10))
    ;; it is a directory (filetype 3)
    (call $stat (i32.const 3) (i32.const 0) (;"newdir";) (i32.const 1024) (i32.const 6) (i32.const 11))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 12))
    ;; success: "newdir/inner" inside it
    (call $expect (call $path_create_directory (i32.const 3) (;"newdir/inner";) (i32.const 1030) (i32.const 12)) (i32.const 0) (i32.const 13))
    (call $stat (i32.const 3) (i32.const 0) (;"newdir/inner";) (i32.const 1030) (i32.const 12) (i32.const 14))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 15))
    ;; success: a trailing slash is accepted for the new name
    (call $expect (call $path_create_directory (i32.const 3) (;"slashed/";) (i32.const 1042) (i32.const 8)) (i32.const 0) (i32.const 16))
    (call $stat (i32.const 3) (i32.const 0) (;"slashed";) (i32.const 1050) (i32.const 7) (i32.const 17))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 18))
    ;; success: ".." within the path that stays beneath the fd
    (call $expect (call $path_create_directory (i32.const 3) (;"dir/../viaparent";) (i32.const 1057) (i32.const 16)) (i32.const 0) (i32.const 19))
    (call $stat (i32.const 3) (i32.const 0) (;"viaparent";) (i32.const 1073) (i32.const 9) (i32.const 20))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 21))
    ;; success: through the symlink link_to_dir (an intermediate component is followed)
    (call $expect (call $path_create_directory (i32.const 3) (;"link_to_dir/vialink";) (i32.const 1082) (i32.const 19)) (i32.const 0) (i32.const 22))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/vialink";) (i32.const 1101) (i32.const 11) (i32.const 23))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 24))
    ;; success: relative to a directory fd opened on "dir": creates "dir/made"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1112) (i32.const 3) (i32.const 25)))
    (call $expect (call $path_create_directory (local.get $sub) (;"made";) (i32.const 1115) (i32.const 4)) (i32.const 0) (i32.const 26))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/made";) (i32.const 1119) (i32.const 8) (i32.const 27))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 3) (i32.const 28))
    ;; the new directory is empty: removing it succeeds
    (call $expect (call $path_remove_directory (i32.const 3) (;"dir/made";) (i32.const 1119) (i32.const 8)) (i32.const 0) (i32.const 29))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "newdir")
  (data (i32.const 1030) "newdir/inner")
  (data (i32.const 1042) "slashed/")
  (data (i32.const 1050) "slashed")
  (data (i32.const 1057) "dir/../viaparent")
  (data (i32.const 1073) "viaparent")
  (data (i32.const 1082) "link_to_dir/vialink")
  (data (i32.const 1101) "dir/vialink")
  (data (i32.const 1112) "dir")
  (data (i32.const 1115) "made")
  (data (i32.const 1119) "dir/made")
)
