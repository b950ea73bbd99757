;; fd_readdir: listing a directory of 42 entries (".", ".." and files "f00".."f39")
;; through a 100-byte buffer, the way wasi-libc does: take the whole entries of each
;; call, resume at the d_next of the last whole one, stop when bufused < buf_len.
;; Every name must be seen exactly once, with the right type, and each call that
;; fills the buffer must contain at least one whole entry.
(module
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 bufused, 512..552 seen-counts of f00..f39, 560 "." count, 561 ".."
  ;; count, 4096 buffer (100 bytes).
  (data (i32.const 1024) "many")
  (data (i32.const 1040) "many/f00")

  ;; ---- helpers -------------------------------------------------------------
  ;; Bytes 936..1023 belong to the helpers: $open's fd out-pointer at 936, the
  ;; failure message's iovec at 944 and its nwritten at 952, the message at 960.
  (data (i32.const 960) "FAIL check 00\n")

  ;; Writes "FAIL check <code>" to stderr and exits with <code> (codes < 100).
  (func $fail (param $code i32)
    (i32.store8 (i32.const 971)
      (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 972)
      (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (i32.store (i32.const 944) (i32.const 960))
    (i32.store (i32.const 948) (i32.const 14))
    (drop (call $fd_write (i32.const 2) (i32.const 944) (i32.const 1) (i32.const 952)))
    (call $proc_exit (local.get $code))
    unreachable)

  ;; Fails with $code unless $got == $want.
  (func $check (param $got i32) (param $want i32) (param $code i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; Fails with $code unless $got == $want (64-bit).
  (func $check64 (param $got i64) (param $want i64) (param $code i32)
    (if (i64.ne (local.get $got) (local.get $want))
      (then (call $fail (local.get $code)))))

  ;; 1 if the $len bytes at $a equal the $len bytes at $b, else 0.
  (func $mem_eq (param $a i32) (param $b i32) (param $len i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
          (then (return (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; path_open relative to the preopen (fd 3), not following a final symlink.
  ;; Returns the new fd; fails with $code if path_open does not succeed.
  (func $open (param $path i32) (param $len i32) (param $oflags i32)
              (param $base i64) (param $inheriting i64) (param $fdflags i32)
              (param $code i32) (result i32)
    (call $check
      (call $path_open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len)
        (local.get $oflags) (local.get $base) (local.get $inheriting)
        (local.get $fdflags) (i32.const 936))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 936)))

  ;; Counts the entry at $e: a file fNN (type 4) or "."/".." (type 3).
  (func $see (param $e i32)
    (local $len i32) (local $slot i32)
    (local.set $len (i32.load offset=16 (local.get $e)))
    (if (i32.and (i32.eq (local.get $len) (i32.const 3))
                 (i32.eq (i32.load8_u offset=24 (local.get $e)) (i32.const 0x66)))
      (then
        ;; "fNN": slot 512 + NN
        (call $check (i32.load8_u offset=20 (local.get $e)) (i32.const 4) (i32.const 20))
        (local.set $slot (i32.add (i32.const 512)
          (i32.add (i32.mul (i32.sub (i32.load8_u offset=25 (local.get $e)) (i32.const 48)) (i32.const 10))
                   (i32.sub (i32.load8_u offset=26 (local.get $e)) (i32.const 48)))))
        (if (i32.gt_u (local.get $slot) (i32.const 551)) (then (call $fail (i32.const 21)))))
      (else
        (call $check (i32.load8_u offset=20 (local.get $e)) (i32.const 3) (i32.const 22))
        (call $check (i32.load8_u offset=24 (local.get $e)) (i32.const 0x2e) (i32.const 23))
        (if (i32.eq (local.get $len) (i32.const 1))
          (then (local.set $slot (i32.const 560)))
          (else
            (call $check (local.get $len) (i32.const 2) (i32.const 24))
            (call $check (i32.load8_u offset=25 (local.get $e)) (i32.const 0x2e) (i32.const 25))
            (local.set $slot (i32.const 561))))))
    (i32.store8 (local.get $slot) (i32.add (i32.load8_u (local.get $slot)) (i32.const 1))))

  (func (export "_start")
    (local $i i32) (local $dir i32) (local $cookie i64) (local $used i32) (local $off i32)
    (local $e i32) (local $whole i32) (local $calls i32)
    ;; create many/ and many/f00 .. many/f39 (CREAT = 1, FD_WRITE)
    (call $check (call $path_create_directory (i32.const 3) (i32.const 1024) (i32.const 4))
      (i32.const 0) (i32.const 10))
    (loop $create
      (i32.store8 (i32.const 1046) (i32.add (i32.const 48) (i32.div_u (local.get $i) (i32.const 10))))
      (i32.store8 (i32.const 1047) (i32.add (i32.const 48) (i32.rem_u (local.get $i) (i32.const 10))))
      (drop (call $open (i32.const 1040) (i32.const 8) (i32.const 1)
              (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 11)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $create (i32.lt_u (local.get $i) (i32.const 40))))
    ;; "many" with DIRECTORY (2), FD_READDIR (0x4000)
    (local.set $dir (call $open (i32.const 1024) (i32.const 4) (i32.const 2)
                      (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 12)))

    (block $end
      (loop $call
        (local.set $calls (i32.add (local.get $calls) (i32.const 1)))
        ;; a 42-entry listing cannot need more than 42 calls
        (if (i32.gt_u (local.get $calls) (i32.const 42)) (then (call $fail (i32.const 13))))
        (call $check (call $fd_readdir (local.get $dir) (i32.const 4096) (i32.const 100)
                       (local.get $cookie) (i32.const 0))
          (i32.const 0) (i32.const 14))
        (local.set $used (i32.load (i32.const 0)))
        (if (i32.gt_u (local.get $used) (i32.const 100)) (then (call $fail (i32.const 15))))
        ;; the whole entries of this call
        (local.set $off (i32.const 0))
        (local.set $whole (i32.const 0))
        (block $cut
          (loop $entry
            (br_if $cut (i32.gt_u (i32.add (local.get $off) (i32.const 24)) (local.get $used)))
            (local.set $e (i32.add (i32.const 4096) (local.get $off)))
            (br_if $cut (i32.gt_u (i32.add (i32.add (local.get $off) (i32.const 24))
                                           (i32.load offset=16 (local.get $e)))
                                  (local.get $used)))
            (call $see (local.get $e))
            (local.set $cookie (i64.load (local.get $e)))
            (local.set $whole (i32.add (local.get $whole) (i32.const 1)))
            (local.set $off (i32.add (local.get $off)
              (i32.add (i32.const 24) (i32.load offset=16 (local.get $e)))))
            (br $entry)))
        ;; bufused < buf_len: the end of the directory, and no cut-off entry
        (if (i32.lt_u (local.get $used) (i32.const 100))
          (then
            (call $check (local.get $off) (local.get $used) (i32.const 16))
            (br $end)))
        ;; a full buffer holds at least one whole entry (each is 27 bytes or less)
        (if (i32.eqz (local.get $whole)) (then (call $fail (i32.const 17))))
        (br $call)))

    ;; every name exactly once
    (local.set $i (i32.const 512))
    (loop $seen
      (call $check (i32.load8_u (local.get $i)) (i32.const 1) (i32.const 18))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $seen (i32.lt_u (local.get $i) (i32.const 552))))
    (call $check (i32.load8_u (i32.const 560)) (i32.const 1) (i32.const 19))
    (call $check (i32.load8_u (i32.const 561)) (i32.const 1) (i32.const 19))
  )
)
