;; path_readlink: the symlink expansion limit (RATIONALE "Limits: 4095 bytes, 40 symlinks"). A
;; chain l00 -> file.txt, l01 -> l00, ..., l40 -> l39 is created; following l39 takes 40
;; expansions (allowed), following l40 takes 41 (ELOOP).
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 8 bufused, 32 the name "lNN"
;; being made, 40 the previous one, 64 filestat, 512 buffer, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
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
    ;; setup: l00 -> "file.txt"
    (call $expect (call $path_symlink (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 3) (;"l00";) (i32.const 1032) (i32.const 3)) (i32.const 0) (i32.const 11))
    ;; setup: lNN -> l(NN-1) for NN = 1..40
    (local.set $i (i32.const 1))
    (loop $more
      (call $name (i32.const 32) (local.get $i))
      (call $name (i32.const 40) (i32.sub (local.get $i) (i32.const 1)))
      (call $expect (call $path_symlink (i32.const 40) (i32.const 3) (i32.const 3) (i32.const 32) (i32.const 3))
        (i32.const 0) (i32.const 12))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.le_u (local.get $i) (i32.const 40))))

    ;; success: l40 itself can be read (reading never expands it): "l39"
    (call $expect (call $path_readlink (i32.const 3) (;"l40";) (i32.const 1035) (i32.const 3) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 0) (i32.const 13))
    (call $expect (i32.load (i32.const 8)) (i32.const 3) (i32.const 14))
    (call $expect_bytes (i32.const 512) (i32.const 1038) (;"l39";) (i32.const 3) (i32.const 15))
    ;; ENOTDIR (54): "l39/" takes 40 expansions and reaches a file
    (call $expect (call $path_readlink (i32.const 3) (;"l39/";) (i32.const 1041) (i32.const 4) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 54) (i32.const 16))
    ;; ELOOP (32): "l40/" takes 41
    (call $expect (call $path_readlink (i32.const 3) (;"l40/";) (i32.const 1045) (i32.const 4) (i32.const 512) (i32.const 64) (i32.const 8))
      (i32.const 32) (i32.const 17))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "l00")
  (data (i32.const 1035) "l40")
  (data (i32.const 1038) "l39")
  (data (i32.const 1041) "l39/")
  (data (i32.const 1045) "l40/")
)
