;; fd_fdstat_get: the 24-byte fdstat (filetype@0 u8, flags@2 u16, rights_base@8,
;; rights_inheriting@16) of
;; - the preopen (fd 3): directory (3), no flags, base = every directory right
;;   (0x7bffe98), inheriting = every directory and file right (0xfffffff);
;; - file.txt opened with FD_READ|FD_SEEK|FD_TELL and inheriting FD_READ: regular
;;   file (4), flags 0, exactly those rights;
;; - a file opened with APPEND|NONBLOCK: flags 5;
;; - "dir" opened with DIRECTORY: directory (3);
;; - stdout, stdin: whatever their type, stdout has FD_WRITE and not FD_READ,
;;   stdin FD_READ and not FD_WRITE.
;; Nothing is written past the 24 bytes.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 256..280 fdstat, 280 a guard byte.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "dir")

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

  ;; fd_fdstat_get($fd) into 256 (pre-filled with 0xee) must succeed; code $code.
  (func $stat (param $fd i32) (param $code i32)
    (memory.fill (i32.const 256) (i32.const 0xee) (i32.const 32))
    (call $check (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    ;; the guard byte after the struct is untouched
    (call $check (i32.load8_u (i32.const 280)) (i32.const 0xee) (local.get $code)))

  ;; The fdstat at 256 must be ($type, $flags, $base, $inheriting); codes $code..$code+3.
  (func $expect (param $type i32) (param $flags i32) (param $base i64) (param $inh i64)
                (param $code i32)
    (call $check (i32.load8_u (i32.const 256)) (local.get $type) (local.get $code))
    (call $check (i32.load16_u (i32.const 258)) (local.get $flags)
      (i32.add (local.get $code) (i32.const 1)))
    (call $check64 (i64.load (i32.const 264)) (local.get $base)
      (i32.add (local.get $code) (i32.const 2)))
    (call $check64 (i64.load (i32.const 272)) (local.get $inh)
      (i32.add (local.get $code) (i32.const 3))))

  (func (export "_start")
    (local $fd i32)
    ;; the preopen
    (call $stat (i32.const 3) (i32.const 10))
    (call $expect (i32.const 3) (i32.const 0) (i64.const 0x7bffe98) (i64.const 0xfffffff) (i32.const 11))

    ;; file.txt, base FD_READ|FD_SEEK|FD_TELL (0x26), inheriting FD_READ (0x2)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x26) (i64.const 0x2) (i32.const 0) (i32.const 15)))
    (call $stat (local.get $fd) (i32.const 16))
    (call $expect (i32.const 4) (i32.const 0) (i64.const 0x26) (i64.const 0x2) (i32.const 17))

    ;; file.txt with fdflags APPEND|NONBLOCK (5), base FD_WRITE (0x40)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x40) (i64.const 0) (i32.const 5) (i32.const 21)))
    (call $stat (local.get $fd) (i32.const 22))
    (call $expect (i32.const 4) (i32.const 5) (i64.const 0x40) (i64.const 0) (i32.const 23))

    ;; file.txt with fdflags APPEND (1), base FD_WRITE|FD_FILESTAT_GET (0x200040)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x200040) (i64.const 0) (i32.const 1) (i32.const 27)))
    (call $stat (local.get $fd) (i32.const 28))
    (call $expect (i32.const 4) (i32.const 1) (i64.const 0x200040) (i64.const 0) (i32.const 29))

    ;; "dir" with DIRECTORY (2), base FD_READDIR|PATH_OPEN (0x6000), inheriting FD_READ (0x2)
    (local.set $fd (call $open (i32.const 1040) (i32.const 3) (i32.const 2)
                     (i64.const 0x6000) (i64.const 0x2) (i32.const 0) (i32.const 33)))
    (call $stat (local.get $fd) (i32.const 34))
    (call $expect (i32.const 3) (i32.const 0) (i64.const 0x6000) (i64.const 0x2) (i32.const 35))

    ;; stdout: FD_WRITE (0x40) set, FD_READ (0x2) clear
    (call $stat (i32.const 1) (i32.const 39))
    (call $check64 (i64.and (i64.load (i32.const 264)) (i64.const 0x42)) (i64.const 0x40) (i32.const 40))
    ;; stderr: likewise
    (call $stat (i32.const 2) (i32.const 41))
    (call $check64 (i64.and (i64.load (i32.const 264)) (i64.const 0x42)) (i64.const 0x40) (i32.const 42))
    ;; stdin: FD_READ set, FD_WRITE clear
    (call $stat (i32.const 0) (i32.const 43))
    (call $check64 (i64.and (i64.load (i32.const 264)) (i64.const 0x42)) (i64.const 0x2) (i32.const 44))
  )
)
