;; fd_filestat_get: the 64-byte filestat (dev@0 ino@8 filetype@16 nlink@24 size@32
;; atim@40 mtim@48 ctim@56) of
;; - file.txt: regular file (4), 1 link, 12 bytes, and the same dev, ino, atim,
;;   mtim, ctim as path_filestat_get reports for the path;
;; - file.txt opened through link_to_file with SYMLINK_FOLLOW: the same file;
;; - the preopen: a directory (3) with at least 2 links;
;; - "dir" opened with DIRECTORY: a directory, the inode path_filestat_get gives;
;; - a created file: 0 bytes, then 5 after a write;
;; - stdout: the call succeeds (its type depends on how stdout is connected).
;; Nothing is written past the 64 bytes.
(module
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 nwritten, 8 fd out, 16 iovec, 256..320 fd_filestat_get (guard at 320),
  ;; 384..448 path_filestat_get.
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1040) "link_to_file")
  (data (i32.const 1056) "dir")
  (data (i32.const 1072) "new.txt")
  (data (i32.const 1088) "12345")

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

  ;; fd_filestat_get($fd) into 256 (pre-filled with 0xee) must succeed.
  (func $stat (param $fd i32) (param $code i32)
    (memory.fill (i32.const 256) (i32.const 0xee) (i32.const 72))
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    ;; the guard byte after the struct is untouched
    (call $check (i32.load8_u (i32.const 320)) (i32.const 0xee) (local.get $code)))

  ;; path_filestat_get(3, no follow, $path) into 384 must succeed.
  (func $pstat (param $path i32) (param $len i32) (param $code i32)
    (call $check (call $path_filestat_get (i32.const 3) (i32.const 0) (local.get $path)
                   (local.get $len) (i32.const 384))
      (i32.const 0) (local.get $code)))

  ;; The u64 at 256 + $off must equal the u64 at 384 + $off.
  (func $same (param $off i32) (param $code i32)
    (call $check64 (i64.load offset=256 (local.get $off)) (i64.load offset=384 (local.get $off))
      (local.get $code)))

  (func (export "_start")
    (local $fd i32) (local $link i32) (local $dir i32) (local $new i32)
    ;; file.txt, rights FD_READ|FD_FILESTAT_GET (0x200002)
    (local.set $fd (call $open (i32.const 1024) (i32.const 8) (i32.const 0)
                     (i64.const 0x200002) (i64.const 0) (i32.const 0) (i32.const 10)))
    (call $pstat (i32.const 1024) (i32.const 8) (i32.const 11))
    (call $stat (local.get $fd) (i32.const 12))
    (call $check (i32.load8_u (i32.const 272)) (i32.const 4) (i32.const 13))
    (call $check64 (i64.load (i32.const 280)) (i64.const 1) (i32.const 14))
    (call $check64 (i64.load (i32.const 288)) (i64.const 12) (i32.const 15))
    (call $same (i32.const 0) (i32.const 16))
    (call $same (i32.const 8) (i32.const 17))
    (call $same (i32.const 40) (i32.const 18))
    (call $same (i32.const 48) (i32.const 19))
    (call $same (i32.const 56) (i32.const 20))
    (if (i64.eqz (i64.load (i32.const 264))) (then (call $fail (i32.const 21))))
    (if (i64.eqz (i64.load (i32.const 304))) (then (call $fail (i32.const 22))))

    ;; link_to_file opened with SYMLINK_FOLLOW (dirflags 1): file.txt's inode
    (call $check (call $path_open (i32.const 3) (i32.const 1) (i32.const 1040) (i32.const 12)
                   (i32.const 0) (i64.const 0x200002) (i64.const 0) (i32.const 0) (i32.const 8))
      (i32.const 0) (i32.const 23))
    (local.set $link (i32.load (i32.const 8)))
    (call $stat (local.get $link) (i32.const 24))
    (call $check (i32.load8_u (i32.const 272)) (i32.const 4) (i32.const 25))
    (call $check64 (i64.load (i32.const 288)) (i64.const 12) (i32.const 26))
    (call $same (i32.const 0) (i32.const 27))
    (call $same (i32.const 8) (i32.const 28))

    ;; the preopen: a directory with at least 2 links
    (call $stat (i32.const 3) (i32.const 29))
    (call $check (i32.load8_u (i32.const 272)) (i32.const 3) (i32.const 30))
    (if (i64.lt_u (i64.load (i32.const 280)) (i64.const 2)) (then (call $fail (i32.const 31))))

    ;; "dir" with DIRECTORY (2), rights FD_FILESTAT_GET (0x200000)
    (local.set $dir (call $open (i32.const 1056) (i32.const 3) (i32.const 2)
                      (i64.const 0x200000) (i64.const 0) (i32.const 0) (i32.const 32)))
    (call $pstat (i32.const 1056) (i32.const 3) (i32.const 33))
    (call $stat (local.get $dir) (i32.const 34))
    (call $check (i32.load8_u (i32.const 272)) (i32.const 3) (i32.const 35))
    (call $same (i32.const 0) (i32.const 36))
    (call $same (i32.const 8) (i32.const 37))
    (call $same (i32.const 24) (i32.const 38))

    ;; new.txt created (CREAT = 1), FD_WRITE|FD_FILESTAT_GET (0x200040): empty ...
    (local.set $new (call $open (i32.const 1072) (i32.const 7) (i32.const 1)
                      (i64.const 0x200040) (i64.const 0) (i32.const 0) (i32.const 39)))
    (call $stat (local.get $new) (i32.const 40))
    (call $check (i32.load8_u (i32.const 272)) (i32.const 4) (i32.const 41))
    (call $check64 (i64.load (i32.const 280)) (i64.const 1) (i32.const 42))
    (call $check64 (i64.load (i32.const 288)) (i64.const 0) (i32.const 43))
    ;; ... 5 bytes after writing "12345"
    (i32.store (i32.const 16) (i32.const 1088))
    (i32.store (i32.const 20) (i32.const 5))
    (call $check (call $fd_write (local.get $new) (i32.const 16) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 44))
    (call $stat (local.get $new) (i32.const 45))
    (call $check64 (i64.load (i32.const 288)) (i64.const 5) (i32.const 46))

    ;; stdout has FD_FILESTAT_GET: success (0)
    (call $stat (i32.const 1) (i32.const 47))
  )
)
