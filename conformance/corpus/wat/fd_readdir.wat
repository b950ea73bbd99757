;; fd_readdir: listing directories of the fixture, checked entry by entry in
;; whatever order the host gives (each entry is a 24-byte dirent, d_next@0 d_ino@8
;; d_namlen@16 d_type@20, then the name, packed):
;; - "dir": exactly ".", ".." (type 3, directory) and "nested.txt" (type 4, regular
;;   file), 85 bytes; "." has the inode of "dir", ".." that of the preopen,
;;   "nested.txt" that of the file (fd_filestat_get / path_filestat_get);
;; - resuming at each entry's d_next gives the rest of the same listing, byte for
;;   byte, and the last d_next gives an empty listing;
;; - a buffer too small for the listing is filled completely (bufused == buf_len)
;;   with the entries cut off where it ends; buf_len 0 gives bufused 0;
;; - the preopen: ".", "..", "file.txt" (4), "dir" (3), "link_to_file",
;;   "link_to_dir", "dangling" (7, symbolic link: links are not followed), 213 bytes;
;; - a file created after a listing shows up when the listing restarts at cookie 0;
;; - a new empty directory lists "." and ".." only.
(module
  (import "wasi_snapshot_preview1" "fd_readdir"
    (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get"
    (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 bufused, 256 filestat, 4096 first listing (1024 bytes),
  ;; 8192 second listing (1024 bytes).
  (data (i32.const 1024) "dir")
  (data (i32.const 1032) ".")
  (data (i32.const 1036) "..")
  (data (i32.const 1040) "nested.txt")
  (data (i32.const 1056) "file.txt")
  (data (i32.const 1072) "link_to_file")
  (data (i32.const 1088) "link_to_dir")
  (data (i32.const 1104) "dangling")
  (data (i32.const 1120) "dir/new.txt")
  (data (i32.const 1136) "new.txt")
  (data (i32.const 1152) "empty")

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

  ;; fd_readdir($fd) into $buf with $len bytes from $cookie must succeed; returns bufused.
  (func $list (param $fd i32) (param $buf i32) (param $len i32) (param $cookie i64)
              (param $code i32) (result i32)
    (memory.fill (local.get $buf) (i32.const 0xee) (i32.const 1024))
    (i32.store (i32.const 0) (i32.const 0xdeadbeef))
    (call $check (call $fd_readdir (local.get $fd) (local.get $buf) (local.get $len)
                   (local.get $cookie) (i32.const 0))
      (i32.const 0) (local.get $code))
    (i32.load (i32.const 0)))

  ;; Number of whole entries in the $used bytes at $buf; fails with $code unless they
  ;; fill $used exactly.
  (func $count (param $buf i32) (param $used i32) (param $code i32) (result i32)
    (local $off i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $used)))
        (local.set $off (i32.add (local.get $off)
          (i32.add (i32.const 24) (i32.load offset=16 (i32.add (local.get $buf) (local.get $off))))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (call $check (local.get $off) (local.get $used) (local.get $code))
    (local.get $n))

  ;; Offset (from $buf) of the entry named by the $nlen bytes at $name among the
  ;; $used bytes at $buf; fails with $code if there is none.
  (func $find (param $buf i32) (param $used i32) (param $name i32) (param $nlen i32)
              (param $code i32) (result i32)
    (local $off i32) (local $e i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $used)))
        (local.set $e (i32.add (local.get $buf) (local.get $off)))
        (if (i32.eq (i32.load offset=16 (local.get $e)) (local.get $nlen))
          (then
            (if (call $mem_eq (i32.add (local.get $e) (i32.const 24)) (local.get $name) (local.get $nlen))
              (then (return (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.add (i32.const 24) (i32.load offset=16 (local.get $e)))))
        (br $next)))
    (call $fail (local.get $code))
    (i32.const -1))

  ;; The entry named $name among $used bytes at $buf must have type $type; returns
  ;; its d_ino.
  (func $entry (param $buf i32) (param $used i32) (param $name i32) (param $nlen i32)
               (param $type i32) (param $code i32) (result i64)
    (local $e i32)
    (local.set $e (i32.add (local.get $buf)
      (call $find (local.get $buf) (local.get $used) (local.get $name) (local.get $nlen) (local.get $code))))
    (call $check (i32.load8_u offset=20 (local.get $e)) (local.get $type) (local.get $code))
    (i64.load offset=8 (local.get $e)))

  ;; The inode of the file behind $fd.
  (func $ino (param $fd i32) (param $code i32) (result i64)
    (call $check (call $fd_filestat_get (local.get $fd) (i32.const 256)) (i32.const 0) (local.get $code))
    (i64.load (i32.const 264)))

  (func (export "_start")
    (local $dir i32) (local $used i32) (local $off i32) (local $next i32) (local $k i32)
    (local $used2 i32) (local $empty i32)
    ;; "dir" with DIRECTORY (2), rights FD_READDIR|FD_FILESTAT_GET|PATH_FILESTAT_GET
    ;; (0x244000)
    (local.set $dir (call $open (i32.const 1024) (i32.const 3) (i32.const 2)
                      (i64.const 0x244000) (i64.const 0) (i32.const 0) (i32.const 10)))

    ;; success (0): the whole listing, 3 entries, 85 bytes
    (local.set $used (call $list (local.get $dir) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 11)))
    (call $check (local.get $used) (i32.const 85) (i32.const 12))
    (call $check (call $count (i32.const 4096) (local.get $used) (i32.const 13)) (i32.const 3) (i32.const 14))
    ;; "." is "dir" itself
    (call $check64 (call $entry (i32.const 4096) (local.get $used) (i32.const 1032) (i32.const 1) (i32.const 3) (i32.const 15))
      (call $ino (local.get $dir) (i32.const 16)) (i32.const 17))
    ;; ".." is the preopen
    (call $check64 (call $entry (i32.const 4096) (local.get $used) (i32.const 1036) (i32.const 2) (i32.const 3) (i32.const 18))
      (call $ino (i32.const 3) (i32.const 19)) (i32.const 20))
    ;; "nested.txt" is a regular file with the inode path_filestat_get reports
    (call $check (call $path_filestat_get (local.get $dir) (i32.const 0) (i32.const 1040) (i32.const 10)
                   (i32.const 256))
      (i32.const 0) (i32.const 21))
    (call $check64 (call $entry (i32.const 4096) (local.get $used) (i32.const 1040) (i32.const 10) (i32.const 4) (i32.const 22))
      (i64.load (i32.const 264)) (i32.const 23))

    ;; resume after each entry: its d_next gives the rest of the listing
    (local.set $off (i32.const 0))
    (loop $each
      (local.set $next (i32.add (local.get $off)
        (i32.add (i32.const 24) (i32.load offset=4112 (local.get $off)))))
      (local.set $used2 (call $list (local.get $dir) (i32.const 8192) (i32.const 1024)
                          (i64.load offset=4096 (local.get $off)) (i32.const 24)))
      ;; bufused is what followed this entry in the first listing ...
      (call $check (local.get $used2) (i32.sub (local.get $used) (local.get $next)) (i32.const 25))
      ;; ... and so are the bytes
      (call $check (call $mem_eq (i32.const 8192) (i32.add (i32.const 4096) (local.get $next))
                     (local.get $used2))
        (i32.const 1) (i32.const 26))
      (local.set $off (local.get $next))
      (br_if $each (i32.lt_u (local.get $off) (local.get $used))))

    ;; a buffer cut 5 bytes into the second entry: filled completely, the first entry
    ;; whole and the start of the second
    (local.set $k (i32.add (i32.const 29) (i32.load (i32.const 4112))))
    (local.set $used2 (call $list (local.get $dir) (i32.const 8192) (local.get $k) (i64.const 0) (i32.const 27)))
    (call $check (local.get $used2) (local.get $k) (i32.const 28))
    (call $check (call $mem_eq (i32.const 8192) (i32.const 4096) (local.get $k)) (i32.const 1) (i32.const 29))
    (call $check (i32.load8_u (i32.add (i32.const 8192) (local.get $k))) (i32.const 0xee) (i32.const 30))
    ;; 10 bytes, less than one dirent: filled completely with its start
    (local.set $used2 (call $list (local.get $dir) (i32.const 8192) (i32.const 10) (i64.const 0) (i32.const 31)))
    (call $check (local.get $used2) (i32.const 10) (i32.const 32))
    (call $check (call $mem_eq (i32.const 8192) (i32.const 4096) (i32.const 10)) (i32.const 1) (i32.const 33))
    (call $check (i32.load8_u (i32.const 8202)) (i32.const 0xee) (i32.const 34))
    ;; buf_len 0: bufused 0
    (local.set $used2 (call $list (local.get $dir) (i32.const 8192) (i32.const 0) (i64.const 0) (i32.const 35)))
    (call $check (local.get $used2) (i32.const 0) (i32.const 36))

    ;; the preopen: 7 entries, 213 bytes
    (local.set $used (call $list (i32.const 3) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 37)))
    (call $check (local.get $used) (i32.const 213) (i32.const 38))
    (call $check (call $count (i32.const 4096) (local.get $used) (i32.const 39)) (i32.const 7) (i32.const 40))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1032) (i32.const 1) (i32.const 3) (i32.const 41)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1036) (i32.const 2) (i32.const 3) (i32.const 42)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1056) (i32.const 8) (i32.const 4) (i32.const 43)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1024) (i32.const 3) (i32.const 3) (i32.const 44)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1072) (i32.const 12) (i32.const 7) (i32.const 45)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1088) (i32.const 11) (i32.const 7) (i32.const 46)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1104) (i32.const 8) (i32.const 7) (i32.const 47)))

    ;; create dir/new.txt (CREAT = 1, FD_WRITE); "dir" listed again from cookie 0:
    ;; 4 entries, 116 bytes, new.txt a regular file
    (drop (call $open (i32.const 1120) (i32.const 11) (i32.const 1)
            (i64.const 0x40) (i64.const 0) (i32.const 0) (i32.const 48)))
    (local.set $used (call $list (local.get $dir) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 49)))
    (call $check (local.get $used) (i32.const 116) (i32.const 50))
    (call $check (call $count (i32.const 4096) (local.get $used) (i32.const 51)) (i32.const 4) (i32.const 52))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1136) (i32.const 7) (i32.const 4) (i32.const 53)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1040) (i32.const 10) (i32.const 4) (i32.const 54)))

    ;; a new empty directory: "." and "..", 51 bytes
    (call $check (call $path_create_directory (i32.const 3) (i32.const 1152) (i32.const 5))
      (i32.const 0) (i32.const 55))
    (local.set $empty (call $open (i32.const 1152) (i32.const 5) (i32.const 2)
                        (i64.const 0x4000) (i64.const 0) (i32.const 0) (i32.const 56)))
    (local.set $used (call $list (local.get $empty) (i32.const 4096) (i32.const 1024) (i64.const 0) (i32.const 57)))
    (call $check (local.get $used) (i32.const 51) (i32.const 58))
    (call $check (call $count (i32.const 4096) (local.get $used) (i32.const 59)) (i32.const 2) (i32.const 60))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1032) (i32.const 1) (i32.const 3) (i32.const 61)))
    (drop (call $entry (i32.const 4096) (local.get $used) (i32.const 1036) (i32.const 2) (i32.const 3) (i32.const 62)))
  )
)
