;; args_get with the arguments ["a", "", "hello world", "ünï"] (see the .json): writes argc = 5
;; u32 pointers at argv and the NUL-terminated strings back to back at argv_buf, argv[0]
;; first at argv_buf itself. argv[0] (the module path) is not compared byte for byte: it must
;; be non-empty, NUL-terminated and hold no other NUL. The rest of the buffer is exactly
;; "a\0" "\0" "hello world\0" "ünï\0" (UTF-8), argv_buf_size from args_sizes_get is exactly
;; len(argv[0]) + 1 + 21, and nothing is written before or after the two regions.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; ---- helpers: bytes 0..31 are reserved for $fail's message ----
  (data (i32.const 16) "FAIL xx\n")

  ;; Writes "FAIL <code>\n" to fd 2, then exits with <code> (a check number, 10..99).
  (func $fail (param $code i32)
    (i32.store8 (i32.const 21) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 22) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (local.get $code))
    unreachable)

  ;; Fails check <code> unless got == want.
  (func $eq32 (param $got i32) (param $want i32) (param $code i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; Fails check <code> unless got == want (64-bit).
  (func $eq64 (param $got i64) (param $want i64) (param $code i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; 1 if the n bytes at a and at b are equal, else 0.
  (func $memeq (param $a i32) (param $b i32) (param $n i32) (result i32)
    (loop $next
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
        (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))
    unreachable)

  ;; the arguments after argv[0], NUL-terminated (21 bytes)
  (data (i32.const 512) "a\00\00hello world\00\c3\bcn\c3\af\00")

  (func (export "_start")
    (local $size i32) (local $len0 i32) (local $base i32) (local $i i32)
    ;; SUCCESS (0)
    (call $eq32 (call $args_sizes_get (i32.const 1024) (i32.const 1028)) (i32.const 0) (i32.const 10))
    ;; argc = 5
    (call $eq32 (i32.load (i32.const 1024)) (i32.const 5) (i32.const 11))
    (local.set $size (i32.load (i32.const 1028)))
    (if (i32.gt_u (local.get $size) (i32.const 4096)) (then (call $fail (i32.const 12))))

    ;; sentinels: pointer array at 2048 (20 bytes used), buffer at 8192
    (memory.fill (i32.const 2048) (i32.const 0xAA) (i32.const 64))
    (memory.fill (i32.const 8176) (i32.const 0xAA) (i32.const 4200))

    ;; SUCCESS (0)
    (call $eq32 (call $args_get (i32.const 2048) (i32.const 8192)) (i32.const 0) (i32.const 13))
    ;; argv[0] is at the start of the buffer
    (call $eq32 (i32.load (i32.const 2048)) (i32.const 8192) (i32.const 14))
    ;; len(argv[0]) = argv[1] - argv[0] - 1 >= 1
    (local.set $len0 (i32.sub (i32.sub (i32.load (i32.const 2052)) (i32.const 8192)) (i32.const 1)))
    (if (i32.lt_s (local.get $len0) (i32.const 1)) (then (call $fail (i32.const 15))))
    ;; argv_buf_size = len(argv[0]) + 1 + 21 exactly
    (call $eq32 (local.get $size) (i32.add (local.get $len0) (i32.const 22)) (i32.const 16))
    ;; argv[0] ends with its NUL at argv[1] - 1 ...
    (call $eq32 (i32.load8_u (i32.add (i32.const 8192) (local.get $len0))) (i32.const 0) (i32.const 17))
    ;; ... and holds no NUL before it
    (local.set $i (i32.const 0))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $len0)))
        (if (i32.eqz (i32.load8_u (i32.add (i32.const 8192) (local.get $i))))
          (then (call $fail (i32.const 18))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))

    ;; argv[1..4] point at "a", "", "hello world", "ünï", back to back after argv[0]
    (local.set $base (i32.add (i32.const 8193) (local.get $len0)))
    (call $eq32 (i32.load (i32.const 2056)) (i32.add (local.get $base) (i32.const 2)) (i32.const 19))
    (call $eq32 (i32.load (i32.const 2060)) (i32.add (local.get $base) (i32.const 3)) (i32.const 20))
    (call $eq32 (i32.load (i32.const 2064)) (i32.add (local.get $base) (i32.const 15)) (i32.const 21))
    ;; their bytes, NULs included
    (call $eq32 (call $memeq (local.get $base) (i32.const 512) (i32.const 21)) (i32.const 1) (i32.const 22))

    ;; nothing written after the 5 pointers, before the buffer, or after argv_buf_size bytes
    (call $eq32 (i32.load (i32.const 2068)) (i32.const 0xAAAAAAAA) (i32.const 23))
    (call $eq32 (i32.load (i32.const 8188)) (i32.const 0xAAAAAAAA) (i32.const 24))
    (call $eq32 (i32.load (i32.add (i32.const 8192) (local.get $size))) (i32.const 0xAAAAAAAA) (i32.const 25))))
