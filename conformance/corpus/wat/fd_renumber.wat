;; fd_renumber: moving an fd onto another open fd. The target number then refers to
;; what the source referred to, with its type, rights, flags and offset; the source
;; number is closed (EBADF); what the target held is closed. An fd renumbered onto
;; itself is unchanged. Stdio numbers can be targets (stdin becomes a file), and the
;; preopen can be moved (the new number is the preopen and opens paths).
(module
  (import "wasi_snapshot_preview1" "fd_renumber"
    (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell"
    (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nread, 8 offset, 16 iovec, 256 fdstat, 320 prestat, 512 buffer.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "dir")
  (data (i32.const 1056) "hello, wasi\n")
  (data (i32.const 1072) "dir/nested.txt")
  (data (i32.const 1088) "nested\n")

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

  ;; fd_read of up to $len bytes into 512 must succeed; returns nread.
  (func $read (param $fd i32) (param $len i32) (param $code i32) (result i32)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (local.get $len))
    (call $check (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  ;; fd_fdstat_get($fd) must give ($type, $flags, $base).
  (func $fdstat_is (param $fd i32) (param $type i32) (param $flags i32) (param $base i64) (param $code i32)
    (call $check (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (call $check (i32.load8_u (i32.const 256)) (local.get $type) (local.get $code))
    (call $check (i32.load16_u (i32.const 258)) (local.get $flags) (local.get $code))
    (call $check64 (i64.load (i32.const 264)) (local.get $base) (local.get $code)))

  (func (export "_start")
    (local $file i32) (local $dir i32) (local $nested i32)
    ;; file.txt with APPEND (1), rights FD_READ|FD_TELL (0x22)
    (local.set $file (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                       (i64.const 0x22) (i64.const 0) (i32.const 1) (i32.const 10)))
    ;; "dir" with DIRECTORY (2), FD_READDIR (0x4000)
    (local.set $dir (call $open (i32.const 1040) (i32.const 3) (i32.const 2)
                      (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 11)))
    ;; read "hello" from the file: offset 5
    (call $check (call $read (local.get $file) (i32.const 5) (i32.const 12)) (i32.const 5) (i32.const 13))

    ;; success (0): the file moves onto the directory's number
    (call $check (call $fd_renumber (local.get $file) (local.get $dir)) (i32.const 0) (i32.const 14))
    ;; EBADF (8): the old number is closed
    (call $check (call $fd_fdstat_get (local.get $file) (i32.const 256)) (i32.const 8) (i32.const 15))
    ;; the new number is the file: regular file, APPEND, rights 0x22, offset 5
    (call $fdstat_is (local.get $dir) (i32.const 4) (i32.const 1) (i64.const 0x22) (i32.const 16))
    (call $check (call $fd_tell (local.get $dir) (i32.const 8)) (i32.const 0) (i32.const 17))
    (call $check64 (i64.load (i32.const 8)) (i64.const 5) (i32.const 18))
    ;; and reading continues: ", wasi\n"
    (call $check (call $read (local.get $dir) (i32.const 64) (i32.const 19)) (i32.const 7) (i32.const 20))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1061) (i32.const 7)) (i32.const 1) (i32.const 21))

    ;; success (0): renumbering onto itself changes nothing
    (call $check (call $fd_renumber (local.get $dir) (local.get $dir)) (i32.const 0) (i32.const 22))
    (call $fdstat_is (local.get $dir) (i32.const 4) (i32.const 1) (i64.const 0x22) (i32.const 23))

    ;; success (0): onto stdin; fd 0 is now the file, the old number closed
    (call $check (call $fd_renumber (local.get $dir) (i32.const 0)) (i32.const 0) (i32.const 24))
    (call $fdstat_is (i32.const 0) (i32.const 4) (i32.const 1) (i64.const 0x22) (i32.const 25))
    (call $check (call $fd_fdstat_get (local.get $dir) (i32.const 256)) (i32.const 8) (i32.const 26))

    ;; dir/nested.txt, FD_READ (0x2)
    (local.set $nested (call $open (i32.const 1072) (i32.const 14) (i32.const 0)
                         (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 27)))
    ;; success (0): the preopen moves onto the nested file's number
    (call $check (call $fd_renumber (i32.const 3) (local.get $nested)) (i32.const 0) (i32.const 28))
    ;; EBADF (8): 3 is closed
    (call $check (call $fd_prestat_get (i32.const 3) (i32.const 320)) (i32.const 8) (i32.const 29))
    ;; the new number is the preopen (tag 0, name length 1) ...
    (call $check (call $fd_prestat_get (local.get $nested) (i32.const 320)) (i32.const 0) (i32.const 30))
    (call $check (i32.load (i32.const 324)) (i32.const 1) (i32.const 31))
    (call $fdstat_is (local.get $nested) (i32.const 3) (i32.const 0) (i64.const 0x7bffe98) (i32.const 32))
    ;; ... and paths open through it: dir/nested.txt reads "nested\n"
    (call $check (call $path_open (local.get $nested) (i32.const 0) (i32.const 1072) (i32.const 14)
                   (i32.const 0) (i64.const 0x2) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 33))
    (call $check (call $read (i32.load (i32.const 8)) (i32.const 64) (i32.const 34)) (i32.const 7) (i32.const 35))
    (call $check (call $mem_eq (i32.const 512) (i32.const 1088) (i32.const 7)) (i32.const 1) (i32.const 36))
  )
)
