;; path_link: symlink expansions in the directory part of a followed path count once, as for
;; path_open and path_filestat_get (RATIONALE "Limits: 4095 bytes, 40 symlinks": more than
;; 40 expansions in one call are ELOOP, the same with both resolvers).
;; A chain l00 -> file.txt, l01 -> l00, ..., l40 -> l39 and "ld" -> "." are created.
;; "ld/l20" followed takes 1 + 21 = 22 expansions: allowed. "ld/l39" takes 1 + 40 = 41:
;; ELOOP (path_open and path_filestat_get answer exactly that for these paths).
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 32 the name "lNN" being
;; made, 40 the previous one, 64 filestat, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
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

  ;; path_filestat_get($dir, $flags, path) into the filestat at 64; fails check $check unless
  ;; it succeeds. Fields: filetype u8 @80, ino u64 @72, nlink u64 @88, size u64 @96,
  ;; atim @104, mtim @112.
  (func $stat (param $dir i32) (param $flags i32) (param $path i32) (param $len i32)
               (param $check i32)
    (call $expect
      (call $path_filestat_get (local.get $dir) (local.get $flags) (local.get $path)
        (local.get $len) (i32.const 64))
      (i32.const 0) (local.get $check)))

  ;; Writes "lNN" (N = $n, two digits) at $p.
  (func $name (param $p i32) (param $n i32)
    (i32.store8 (local.get $p) (i32.const 108))
    (i32.store8 (i32.add (local.get $p) (i32.const 1))
      (i32.add (i32.const 48) (i32.div_u (local.get $n) (i32.const 10))))
    (i32.store8 (i32.add (local.get $p) (i32.const 2))
      (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10)))))

  (func (export "_start")
    (local $i i32) (local $ino i64)
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 10))
    (local.set $ino (i64.load (i32.const 72)))
    ;; setup: "ld" -> ".", l00 -> "file.txt"
    (call $expect (call $path_symlink (;".";) (i32.const 1032) (i32.const 1) (i32.const 3) (;"ld";) (i32.const 1033) (i32.const 2)) (i32.const 0) (i32.const 11))
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 3) (;"l00";) (i32.const 1035) (i32.const 3)) (i32.const 0) (i32.const 12))
    ;; setup: lNN -> l(NN-1) for NN = 1..40
    (local.set $i (i32.const 1))
    (loop $more
      (call $name (i32.const 32) (local.get $i))
      (call $name (i32.const 40) (i32.sub (local.get $i) (i32.const 1)))
      (call $expect (call $path_symlink (i32.const 40) (i32.const 3) (i32.const 3) (i32.const 32) (i32.const 3))
        (i32.const 0) (i32.const 13))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.le_u (local.get $i) (i32.const 40))))
    ;; reference: path_filestat_get with SYMLINK_FOLLOW reaches file.txt through "ld/l20"
    ;; and gives ELOOP for "ld/l39"
    (call $stat (i32.const 3) (i32.const 1) (;"ld/l20";) (i32.const 1038) (i32.const 6) (i32.const 14))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 15))
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 1) (;"ld/l39";) (i32.const 1044) (i32.const 6) (i32.const 64))
      (i32.const 32) (i32.const 16))

    ;; success: "ld/l20" with SYMLINK_FOLLOW (22 expansions): file.txt gets a new name
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"ld/l20";) (i32.const 1038) (i32.const 6) (i32.const 3) (;"hard";) (i32.const 1050) (i32.const 4)) (i32.const 0) (i32.const 17))
    (call $stat (i32.const 3) (i32.const 0) (;"hard";) (i32.const 1050) (i32.const 4) (i32.const 18))
    (call $expect64 (i64.load (i32.const 72)) (local.get $ino) (i32.const 19))
    ;; ENOTDIR (54): "ld/l20/" (22 expansions) reaches a file
    (call $expect (call $path_link (i32.const 3) (i32.const 0) (;"ld/l20/";) (i32.const 1054) (i32.const 7) (i32.const 3) (;"hard2";) (i32.const 1061) (i32.const 5)) (i32.const 54) (i32.const 20))
    ;; ELOOP (32): "ld/l39" with SYMLINK_FOLLOW needs 41 expansions
    (call $expect (call $path_link (i32.const 3) (i32.const 1) (;"ld/l39";) (i32.const 1044) (i32.const 6) (i32.const 3) (;"hard2";) (i32.const 1061) (i32.const 5)) (i32.const 32) (i32.const 21))
    ;; nothing was linked by the failed calls
    (call $expect (call $path_filestat_get (i32.const 3) (i32.const 0) (;"hard2";) (i32.const 1061) (i32.const 5) (i32.const 64)) (i32.const 44) (i32.const 22))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) ".")
  (data (i32.const 1033) "ld")
  (data (i32.const 1035) "l00")
  (data (i32.const 1038) "ld/l20")
  (data (i32.const 1044) "ld/l39")
  (data (i32.const 1050) "hard")
  (data (i32.const 1054) "ld/l20/")
  (data (i32.const 1061) "hard2")
)
