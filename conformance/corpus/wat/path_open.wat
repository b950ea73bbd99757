;; path_open: opening files and directories.
;; Checks the fd returned (the lowest free number), its fdstat (filetype, flags, rights:
;; requested rights masked by the parent's inheriting rights and by what the file type can
;; have, RATIONALE "path_open masks requested rights"), that reads see the file, CREAT,
;; CREAT|EXCL, CREAT through a dangling symlink with SYMLINK_FOLLOW (creates its target),
;; TRUNC, the APPEND/NONBLOCK/DSYNC/SYNC fdflags, SYMLINK_FOLLOW, trailing slashes,
;; ".", "..", intermediate symlinks, and opening relative to a subdirectory fd.
;; Needs the fixture as root (fd 3 = "/"). Memory: 0 fd out, 8 nread/nwritten, 16 iovec,
;; 64 filestat, 128 second filestat, 256 fdstat (filetype @256, flags @258, base @264,
;; inheriting @272), 512 read buffer, 1024.. strings.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
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

  ;; path_open($dir, no SYMLINK_FOLLOW, path, $oflags, every right as base and inheriting);
  ;; fails check $check unless it succeeds; returns the new fd.
  (func $open (param $dir i32) (param $path i32) (param $len i32) (param $oflags i32)
               (param $check i32) (result i32)
    (call $expect
      (call $path_open (local.get $dir) (i32.const 0) (local.get $path) (local.get $len)
        (local.get $oflags) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 0))
      (i32.const 0) (local.get $check))
    (i32.load (i32.const 0)))

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

  ;; Reads up to 64 bytes from $fd into 512 (fails check $check on an error); returns the
  ;; count read.
  (func $read (param $fd i32) (param $check i32) (result i32)
    (memory.fill (i32.const 512) (i32.const 0) (i32.const 64))
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 64))
    (call $expect (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 8))
      (i32.const 0) (local.get $check))
    (i32.load (i32.const 8)))

  ;; Writes $len bytes at $p to $fd (fails check $check unless all are written).
  (func $write (param $fd i32) (param $p i32) (param $len i32) (param $check i32)
    (i32.store (i32.const 16) (local.get $p))
    (i32.store (i32.const 20) (local.get $len))
    (call $expect (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 8))
      (i32.const 0) (local.get $check))
    (call $expect (i32.load (i32.const 8)) (local.get $len) (local.get $check)))

  ;; fd_fdstat_get($fd) into 256; fails check $check unless it succeeds.
  (func $fdstat (param $fd i32) (param $check i32)
    (call $expect (call $fd_fdstat_get (local.get $fd) (i32.const 256)) (i32.const 0)
      (local.get $check)))

  (func (export "_start")
    (local $fd i32) (local $fd2 i32) (local $sub i32) (local $ino i64) (local $root_ino i64)
    ;; success: file.txt with FD_READ|FD_SEEK|FD_TELL|FD_FILESTAT_GET (0x200026), no
    ;; inheriting rights
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 10))
    ;; the new fd is 4, the lowest free number
    (local.set $fd (i32.load (i32.const 0)))
    (call $expect (local.get $fd) (i32.const 4) (i32.const 11))
    ;; fdstat: regular file (4), no flags, exactly the rights asked for
    (call $fdstat (local.get $fd) (i32.const 12))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 4) (i32.const 13))
    (call $expect (i32.load16_u (i32.const 258)) (i32.const 0) (i32.const 14))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 0x200026) (i32.const 15))
    (call $expect64 (i64.load (i32.const 272)) (i64.const 0) (i32.const 16))
    ;; it reads the file: 12 bytes "hello, wasi\n"
    (call $expect (call $read (local.get $fd) (i32.const 17)) (i32.const 12) (i32.const 18))
    (call $expect_bytes (i32.const 512) (i32.const 1032) (;"hello, wasi\n";) (i32.const 12) (i32.const 19))
    ;; it is the same inode path_filestat_get describes
    (call $expect (call $fd_filestat_get (local.get $fd) (i32.const 128)) (i32.const 0) (i32.const 20))
    (call $stat (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 21))
    (local.set $ino (i64.load (i32.const 72)))
    (call $expect64 (i64.load (i32.const 136)) (local.get $ino) (i32.const 22))
    ;; a second open of the same file is a new fd, 5
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 23))
    (call $expect (i32.load (i32.const 0)) (i32.const 5) (i32.const 24))
    ;; after closing 4, the next open gets 4 again
    (call $expect (call $fd_close (local.get $fd)) (i32.const 0) (i32.const 25))
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 26))
    (call $expect (i32.load (i32.const 0)) (i32.const 4) (i32.const 27))

    ;; success, rights masked by type: every right asked for a file gives the file rights
    ;; 0x8e001ff (FD_DATASYNC..FD_ALLOCATE, FD_FILESTAT_GET/SET_SIZE/SET_TIMES,
    ;; POLL_FD_READWRITE); the inheriting rights are fd 3's (0xfffffff)
    (local.set $fd (call $open (i32.const 3) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0) (i32.const 28)))
    (call $fdstat (local.get $fd) (i32.const 29))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 0x8e001ff) (i32.const 30))
    (call $expect64 (i64.load (i32.const 272)) (i64.const 0xfffffff) (i32.const 31))
    ;; success, rights masked by type: every right (but the writing ones) asked for a
    ;; directory gives the directory rights, those of fd 3 (0x7bffe98)
    (local.set $sub (call $open_dir (i32.const 3) (;"dir";) (i32.const 1044) (i32.const 3) (i32.const 32)))
    (call $fdstat (local.get $sub) (i32.const 33))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 3) (i32.const 34))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 0x7bffe98) (i32.const 35))
    (call $fdstat (i32.const 3) (i32.const 36))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 0x7bffe98) (i32.const 37))

    ;; success: "dir" with DIRECTORY, PATH_OPEN|FD_READDIR (0x6000), inheriting FD_READ (2)
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1044) (i32.const 3) (i32.const 2)
        (i64.const 0x6000) (i64.const 2) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 38))
    (local.set $sub (i32.load (i32.const 0)))
    (call $fdstat (local.get $sub) (i32.const 39))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 3) (i32.const 40))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 0x6000) (i32.const 41))
    (call $expect64 (i64.load (i32.const 272)) (i64.const 2) (i32.const 42))
    ;; success, masked by the parent's inheriting rights: FD_READ|FD_WRITE (0x42) through
    ;; it gives FD_READ only; inheriting rights asked as all bits are likewise cut to
    ;; the parent's inheriting rights (FD_READ)
    (call $expect (call $path_open (local.get $sub) (i32.const 0) (;"nested.txt";) (i32.const 1047) (i32.const 10) (i32.const 0)
        (i64.const 0x42) (i64.const -1) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 43))
    (local.set $fd (i32.load (i32.const 0)))
    (call $fdstat (local.get $fd) (i32.const 44))
    (call $expect64 (i64.load (i32.const 264)) (i64.const 2) (i32.const 45))
    (call $expect64 (i64.load (i32.const 272)) (i64.const 2) (i32.const 46))
    (call $expect (call $read (local.get $fd) (i32.const 47)) (i32.const 7) (i32.const 48))
    (call $expect_bytes (i32.const 512) (i32.const 1057) (;"nested\n";) (i32.const 7) (i32.const 49))
    ;; EBADF (8): and it cannot be written (RATIONALE: missing FD_WRITE is EBADF)
    (i32.store (i32.const 16) (i32.const 512))
    (i32.store (i32.const 20) (i32.const 1))
    (call $expect (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 8))
      (i32.const 8) (i32.const 50))

    ;; success: a directory opened without DIRECTORY is still a directory
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir";) (i32.const 1044) (i32.const 3) (i32.const 0)
        (i64.const 0x6000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 51))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 52))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 3) (i32.const 53))

    ;; success: CREAT (1) makes "created.txt", empty, writable
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 1)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 54))
    (local.set $fd (i32.load (i32.const 0)))
    (call $stat (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 55))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 56))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 0) (i32.const 57))
    (call $write (local.get $fd) (i32.const 1075) (;"abc";) (i32.const 3) (i32.const 58))
    (call $stat (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 59))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 3) (i32.const 60))
    ;; success: CREAT on an existing file opens it as it is (3 bytes, not truncated)
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 1)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 61))
    (call $stat (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 62))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 3) (i32.const 63))
    ;; success: CREAT|EXCL (5) on a new name
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"excl.txt";) (i32.const 1078) (i32.const 8) (i32.const 5)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 64))
    (call $stat (i32.const 3) (i32.const 0) (;"excl.txt";) (i32.const 1078) (i32.const 8) (i32.const 65))
    ;; success: CREAT inside a subdirectory, through an intermediate symlink
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"link_to_dir/made.txt";) (i32.const 1086) (i32.const 20) (i32.const 1)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 66))
    (call $stat (i32.const 3) (i32.const 0) (;"dir/made.txt";) (i32.const 1106) (i32.const 12) (i32.const 67))
    ;; success: CREAT with SYMLINK_FOLLOW on the dangling link creates its target "nowhere"
    (call $expect (call $path_open (i32.const 3) (i32.const 1) (;"dangling";) (i32.const 1118) (i32.const 8) (i32.const 1)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 68))
    (call $stat (i32.const 3) (i32.const 0) (;"nowhere";) (i32.const 1126) (i32.const 7) (i32.const 69))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 4) (i32.const 70))
    (call $stat (i32.const 3) (i32.const 0) (;"dangling";) (i32.const 1118) (i32.const 8) (i32.const 71))
    (call $expect (i32.load8_u (i32.const 80)) (i32.const 7) (i32.const 72))

    ;; success: APPEND (fdflags 1): fdstat shows it and writes go to the end
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 0)
        (i64.const 0x42) (i64.const 0) (i32.const 1) (i32.const 0))
      (i32.const 0) (i32.const 73))
    (local.set $fd (i32.load (i32.const 0)))
    (call $fdstat (local.get $fd) (i32.const 74))
    (call $expect (i32.load16_u (i32.const 258)) (i32.const 1) (i32.const 75))
    (call $write (local.get $fd) (i32.const 1133) (;"de";) (i32.const 2) (i32.const 76))
    (local.set $fd2 (call $open (i32.const 3) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 0) (i32.const 77)))
    (call $expect (call $read (local.get $fd2) (i32.const 78)) (i32.const 5) (i32.const 79))
    (call $expect_bytes (i32.const 512) (i32.const 1135) (;"abcde";) (i32.const 5) (i32.const 80))
    ;; success: NONBLOCK (fdflags 4) shows in fdstat
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"file.txt";) (i32.const 1024) (i32.const 8) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 4) (i32.const 0))
      (i32.const 0) (i32.const 81))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 82))
    (call $expect (i32.load16_u (i32.const 258)) (i32.const 4) (i32.const 83))
    ;; success: DSYNC (fdflags 2) shows in fdstat
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 0)
        (i64.const 0x42) (i64.const 0) (i32.const 2) (i32.const 0))
      (i32.const 0) (i32.const 84))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 85))
    (call $expect (i32.load16_u (i32.const 258)) (i32.const 2) (i32.const 86))
    ;; success: SYNC (fdflags 16) shows in fdstat
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 0)
        (i64.const 0x42) (i64.const 0) (i32.const 16) (i32.const 0))
      (i32.const 0) (i32.const 87))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 88))
    (call $expect (i32.load16_u (i32.const 258)) (i32.const 16) (i32.const 89))

    ;; success: TRUNC (8) empties the file
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 8)
        (i64.const 0x42) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 90))
    (call $stat (i32.const 3) (i32.const 0) (;"created.txt";) (i32.const 1064) (i32.const 11) (i32.const 91))
    (call $expect64 (i64.load (i32.const 96)) (i64.const 0) (i32.const 92))

    ;; success: SYMLINK_FOLLOW (1) on link_to_file opens file.txt
    (call $expect (call $path_open (i32.const 3) (i32.const 1) (;"link_to_file";) (i32.const 1140) (i32.const 12) (i32.const 0)
        (i64.const 0x200002) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 93))
    (local.set $fd (i32.load (i32.const 0)))
    (call $expect (call $fd_filestat_get (local.get $fd) (i32.const 128)) (i32.const 0) (i32.const 94))
    (call $expect64 (i64.load (i32.const 136)) (local.get $ino) (i32.const 95))
    (call $expect (call $read (local.get $fd) (i32.const 96)) (i32.const 12) (i32.const 97))
    ;; success: SYMLINK_FOLLOW with DIRECTORY on link_to_dir opens dir
    (call $expect (call $path_open (i32.const 3) (i32.const 1) (;"link_to_dir";) (i32.const 1152) (i32.const 11) (i32.const 2)
        (i64.const 0x6000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 98))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 99))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 3) (i32.const 100))
    ;; success: "link_to_dir/" without SYMLINK_FOLLOW (a trailing slash follows)
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"link_to_dir/";) (i32.const 1163) (i32.const 12) (i32.const 2)
        (i64.const 0x6000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 101))
    (call $fdstat (i32.load (i32.const 0)) (i32.const 102))
    (call $expect (i32.load8_u (i32.const 256)) (i32.const 3) (i32.const 103))
    ;; success: "link_to_dir/nested.txt" (an intermediate symlink is followed)
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"link_to_dir/nested.txt";) (i32.const 1175) (i32.const 22) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 104))
    (call $expect (call $read (i32.load (i32.const 0)) (i32.const 105)) (i32.const 7) (i32.const 106))

    ;; success: "." is the root itself
    (call $stat (i32.const 3) (i32.const 0) (;".";) (i32.const 1197) (i32.const 1) (i32.const 107))
    (local.set $root_ino (i64.load (i32.const 72)))
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;".";) (i32.const 1197) (i32.const 1) (i32.const 2)
        (i64.const 0x206000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 108))
    (call $expect (call $fd_filestat_get (i32.load (i32.const 0)) (i32.const 128)) (i32.const 0) (i32.const 109))
    (call $expect64 (i64.load (i32.const 136)) (local.get $root_ino) (i32.const 110))
    ;; success: "dir/.." is the root too
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir/..";) (i32.const 1198) (i32.const 6) (i32.const 2)
        (i64.const 0x206000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 111))
    (call $expect (call $fd_filestat_get (i32.load (i32.const 0)) (i32.const 128)) (i32.const 0) (i32.const 112))
    (call $expect64 (i64.load (i32.const 136)) (local.get $root_ino) (i32.const 113))
    ;; success: "dir/../file.txt" and "./file.txt" are file.txt
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir/../file.txt";) (i32.const 1204) (i32.const 15) (i32.const 0)
        (i64.const 0x200002) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 114))
    (call $expect (call $fd_filestat_get (i32.load (i32.const 0)) (i32.const 128)) (i32.const 0) (i32.const 115))
    (call $expect64 (i64.load (i32.const 136)) (local.get $ino) (i32.const 116))
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"./file.txt";) (i32.const 1219) (i32.const 10) (i32.const 0)
        (i64.const 0x200002) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 117))
    (call $expect (call $fd_filestat_get (i32.load (i32.const 0)) (i32.const 128)) (i32.const 0) (i32.const 118))
    (call $expect64 (i64.load (i32.const 136)) (local.get $ino) (i32.const 119))
    ;; success: "dir/" with DIRECTORY
    (call $expect (call $path_open (i32.const 3) (i32.const 0) (;"dir/";) (i32.const 1229) (i32.const 4) (i32.const 2)
        (i64.const 0x6000) (i64.const 0) (i32.const 0) (i32.const 0))
      (i32.const 0) (i32.const 120))
  )
  ;; Messages for $fail.
  (data (i32.const 896) "check ")
  (data (i32.const 912) " failed: got ")
  ;; Paths and other strings (addresses are those used above).
  (data (i32.const 1024) "file.txt")
  (data (i32.const 1032) "hello, wasi\n")
  (data (i32.const 1044) "dir")
  (data (i32.const 1047) "nested.txt")
  (data (i32.const 1057) "nested\n")
  (data (i32.const 1064) "created.txt")
  (data (i32.const 1075) "abc")
  (data (i32.const 1078) "excl.txt")
  (data (i32.const 1086) "link_to_dir/made.txt")
  (data (i32.const 1106) "dir/made.txt")
  (data (i32.const 1118) "dangling")
  (data (i32.const 1126) "nowhere")
  (data (i32.const 1133) "de")
  (data (i32.const 1135) "abcde")
  (data (i32.const 1140) "link_to_file")
  (data (i32.const 1152) "link_to_dir")
  (data (i32.const 1163) "link_to_dir/")
  (data (i32.const 1175) "link_to_dir/nested.txt")
  (data (i32.const 1197) ".")
  (data (i32.const 1198) "dir/..")
  (data (i32.const 1204) "dir/../file.txt")
  (data (i32.const 1219) "./file.txt")
  (data (i32.const 1229) "dir/")
)
