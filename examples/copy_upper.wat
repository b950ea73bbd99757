;; copy_upper: reads /data/in.txt, writes its bytes in upper case to /data/out.txt, and
;; prints "copied N bytes". Used by the embedding example (wasi-wasmi/examples/memfs.rs),
;; which gives it an in-memory /data and reads out.txt back.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "in.txt")
  (data (i32.const 110) "out.txt")
  (data (i32.const 120) "copied ")
  ;; 0: fd out; 8: iovec {1024, 4096}; 16: count out; 1024..: the bytes.
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $errno)))))
  (func (export "_start")
    (local $in i32) (local $out i32) (local $n i32) (local $i i32) (local $c i32)
    ;; fd 3 is the preopen /data. in.txt: FD_READ (0x2).
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 6)
      (i32.const 0) (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 0)))
    (local.set $in (i32.load (i32.const 0)))
    ;; out.txt: CREAT|TRUNC (9), FD_WRITE (0x40).
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 110) (i32.const 7)
      (i32.const 9) (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 0)))
    (local.set $out (i32.load (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 1024))
    (i32.store (i32.const 12) (i32.const 4096))
    (call $check (call $fd_read (local.get $in) (i32.const 8) (i32.const 1) (i32.const 16)))
    (local.set $n (i32.load (i32.const 16)))
    ;; a-z -> A-Z
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $c (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
      (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
        (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.store (i32.const 12) (local.get $n))
    (call $check (call $fd_write (local.get $out) (i32.const 8) (i32.const 1) (i32.const 16)))
    ;; "copied N bytes\n" on stdout (N < 10000)
    (i32.store (i32.const 8) (i32.const 120))
    (i32.store (i32.const 12) (i32.const 7))
    (call $check (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (i32.store8 (i32.const 200) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $n) (i32.const 1000)) (i32.const 10))))
    (i32.store8 (i32.const 201) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $n) (i32.const 100)) (i32.const 10))))
    (i32.store8 (i32.const 202) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $n) (i32.const 10)) (i32.const 10))))
    (i32.store8 (i32.const 203) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
    (i32.store (i32.const 204) (i32.const 0x74796220)) ;; " byt"
    (i32.store (i32.const 208) (i32.const 0x000a7365)) ;; "es\n"
    (i32.store (i32.const 8) (i32.const 200))
    (i32.store (i32.const 12) (i32.const 11))
    (call $check (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))
