;; path_readlink: reading symlink targets.
;; Checks the exact bytes and count written (no NUL terminator, nothing past the target),
;; truncation to a short buffer (count = buffer length, no error, bytes past it untouched,
;; even in the middle of a UTF-8 sequence), an empty buffer, links behind an intermediate
;; symlink and relative to a subdirectory fd, and that dangling links, links pointing
;; outside the root and self-loops can be read (reading a link never follows it).
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 8 bufused, 512 buffer
;; (filled with 0xaa before each call), 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
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

  ;; Fills the buffer at 512 with 0xaa and bufused (at 8) with 0xaaaaaaaa.
  (func $clear
    (memory.fill (i32.const 512) (i32.const 0xaa) (i32.const 64))
    (i32.store (i32.const 8) (i32.const 0xaaaaaaaa)))

  (func (export "_start")
    (local $sub i32)
    ;; success: link_to_file -> "file.txt" (8 bytes)
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 10))
    (call $expect (i32.load (i32.const 8)) (i32.const 8) (i32.const 11))
    (call $expect_bytes (i32.const 512) (i32.const 1036) (;"file.txt";) (i32.const 8) (i32.const 12))
    ;; no NUL or anything else after the target
    (call $expect (i32.load8_u (i32.const 520)) (i32.const 0xaa) (i32.const 13))

    ;; success: link_to_dir -> "dir"
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_dir";) (i32.const 1044) (i32.const 11) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 14))
    (call $expect (i32.load (i32.const 8)) (i32.const 3) (i32.const 15))
    (call $expect_bytes (i32.const 512) (i32.const 1055) (;"dir";) (i32.const 3) (i32.const 16))
    (call $expect (i32.load8_u (i32.const 515)) (i32.const 0xaa) (i32.const 17))

    ;; success: dangling -> "nowhere" (a dangling link can be read)
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"dangling";) (i32.const 1058) (i32.const 8) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 18))
    (call $expect (i32.load (i32.const 8)) (i32.const 7) (i32.const 19))
    (call $expect_bytes (i32.const 512) (i32.const 1066) (;"nowhere";) (i32.const 7) (i32.const 20))

    ;; success: a buffer of exactly the target's length
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 512) (i32.const 8) (i32.const 8))
      (i32.const 0) (i32.const 21))
    (call $expect (i32.load (i32.const 8)) (i32.const 8) (i32.const 22))
    (call $expect_bytes (i32.const 512) (i32.const 1036) (;"file.txt";) (i32.const 8) (i32.const 23))

    ;; success, truncated: a 4-byte buffer gets "file" and a count of 4
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 512) (i32.const 4) (i32.const 8))
      (i32.const 0) (i32.const 24))
    (call $expect (i32.load (i32.const 8)) (i32.const 4) (i32.const 25))
    (call $expect_bytes (i32.const 512) (i32.const 1073) (;"file";) (i32.const 4) (i32.const 26))
    (call $expect (i32.load8_u (i32.const 516)) (i32.const 0xaa) (i32.const 27))

    ;; success, empty buffer: count 0, nothing written to the buffer
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 512) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 28))
    (call $expect (i32.load (i32.const 8)) (i32.const 0) (i32.const 29))
    (call $expect (i32.load8_u (i32.const 512)) (i32.const 0xaa) (i32.const 30))

    ;; success: a non-ASCII target "caf\c3\a9" (5 bytes)
    (call $expect (call $path_symlink (;"caf\c3\a9";) (i32.const 1077) (i32.const 5) (i32.const 3) (;"utf";) (i32.const 1082) (i32.const 3)) (i32.const 0) (i32.const 31))
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"utf";) (i32.const 1082) (i32.const 3) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 32))
    (call $expect (i32.load (i32.const 8)) (i32.const 5) (i32.const 33))
    (call $expect_bytes (i32.const 512) (i32.const 1077) (;"caf\c3\a9";) (i32.const 5) (i32.const 34))
    ;; success, truncated inside the 2-byte sequence: 4 bytes "caf\c3"
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"utf";) (i32.const 1082) (i32.const 3) (i32.const 512) (i32.const 4) (i32.const 8))
      (i32.const 0) (i32.const 35))
    (call $expect (i32.load (i32.const 8)) (i32.const 4) (i32.const 36))
    (call $expect_bytes (i32.const 512) (i32.const 1077) (;"caf\c3\a9";) (i32.const 4) (i32.const 37))
    (call $expect (i32.load8_u (i32.const 516)) (i32.const 0xaa) (i32.const 38))

    ;; success: a link pointing outside the root can be read ("../../x")
    (call $expect (call $path_symlink (;"../../x";) (i32.const 1085) (i32.const 7) (i32.const 3) (;"esc";) (i32.const 1092) (i32.const 3)) (i32.const 0) (i32.const 39))
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"esc";) (i32.const 1092) (i32.const 3) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 40))
    (call $expect (i32.load (i32.const 8)) (i32.const 7) (i32.const 41))
    (call $expect_bytes (i32.const 512) (i32.const 1085) (;"../../x";) (i32.const 7) (i32.const 42))

    ;; success: a link to itself can be read ("self")
    (call $expect (call $path_symlink (;"self";) (i32.const 1095) (i32.const 4) (i32.const 3) (;"self";) (i32.const 1095) (i32.const 4)) (i32.const 0) (i32.const 43))
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"self";) (i32.const 1095) (i32.const 4) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 44))
    (call $expect (i32.load (i32.const 8)) (i32.const 4) (i32.const 45))
    (call $expect_bytes (i32.const 512) (i32.const 1095) (;"self";) (i32.const 4) (i32.const 46))

    ;; success: a link behind the intermediate symlink link_to_dir: "dir/inner" -> "nested.txt"
    (call $expect (call $path_symlink (;"nested.txt";) (i32.const 1099) (i32.const 10) (i32.const 3) (;"dir/inner";) (i32.const 1109) (i32.const 9)) (i32.const 0) (i32.const 47))
    (call $clear)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_dir/inner";) (i32.const 1118) (i32.const 17) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 48))
    (call $expect (i32.load (i32.const 8)) (i32.const 10) (i32.const 49))
    (call $expect_bytes (i32.const 512) (i32.const 1099) (;"nested.txt";) (i32.const 10) (i32.const 50))

    ;; success: the same link relative to a fd on "dir"
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1055) (i32.const 3) (i32.const 51)))
    (call $clear)
    (call $expect (call $path_readlink (local.get $sub) (;"inner";) (i32.const 1135) (i32.const 5) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 52))
    (call $expect (i32.load (i32.const 8)) (i32.const 10) (i32.const 53))
    (call $expect_bytes (i32.const 512) (i32.const 1099) (;"nested.txt";) (i32.const 10) (i32.const 54))

    ;; success: a buffer ending exactly at the end of memory (65528..65536)
    (call $expect (call $path_readlink (i32.const 3) (;"link_to_file";) (i32.const 1024) (i32.const 12) (i32.const 65528) (i32.const 8) (i32.const 8))
      (i32.const 0) (i32.const 55))
    (call $expect (i32.load (i32.const 8)) (i32.const 8) (i32.const 56))
    (call $expect_bytes (i32.const 65528) (i32.const 1036) (;"file.txt";) (i32.const 8) (i32.const 57))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "link_to_file")
  (data (i32.const 1036) "file.txt")
  (data (i32.const 1044) "link_to_dir")
  (data (i32.const 1055) "dir")
  (data (i32.const 1058) "dangling")
  (data (i32.const 1066) "nowhere")
  (data (i32.const 1073) "file")
  (data (i32.const 1077) "caf\c3\a9")
  (data (i32.const 1082) "utf")
  (data (i32.const 1085) "../../x")
  (data (i32.const 1092) "esc")
  (data (i32.const 1095) "self")
  (data (i32.const 1099) "nested.txt")
  (data (i32.const 1109) "dir/inner")
  (data (i32.const 1118) "link_to_dir/inner")
  (data (i32.const 1135) "inner")
)
