;; hello.wat: a preview1 command written by hand in the WebAssembly text format.
;;
;; It prints a greeting, then every argument, environment variable and preopened directory it
;; was given, one per line:
;;
;;   hello from wasi-run
;;   arg 0: examples/hello.wat
;;   env: GREETING=hi
;;   preopen 3: /sandbox
;;
;; Run it:  cargo run --release -p wasi-run -- --env GREETING=hi --dir .::/sandbox examples/hello.wat a b
;;
;; What it shows about the ABI: imports come from module "wasi_snapshot_preview1"; every
;; function returns an errno (0 = success) and writes its results through pointers into the
;; exported "memory"; strings come back NUL-terminated from args_get/environ_get; preopens are
;; discovered by calling fd_prestat_get on fds 3, 4, ... until it fails with EBADF.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get"
    (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name"
    (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  ;; Memory map:
  ;;     0  iovec {buf, buf_len} for fd_write      8  nwritten
  ;;    16  count out-pointer                     20  buffer-size out-pointer
  ;;    32  prestat {tag, pr_name_len}
  ;;    64  constant strings
  ;;   256  digits of a number (16 bytes, filled from the end)
  ;;  4096  pointer array, then the strings it points to (memory grows to fit)
  (memory (export "memory") 1)
  (data (i32.const 64) "hello from wasi-run\n")
  (data (i32.const 96) "arg ")
  (data (i32.const 104) ": ")
  (data (i32.const 112) "\n")
  (data (i32.const 120) "env: ")
  (data (i32.const 128) "preopen ")

  ;; Writes len bytes at ptr to stdout; exits with 70 if fd_write fails.
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
      (then (call $proc_exit (i32.const 70)))))

  ;; Length of the NUL-terminated string at ptr.
  (func $strlen (param $ptr i32) (result i32)
    (local $end i32)
    (local.set $end (local.get $ptr))
    (block $done
      (loop $scan
        (br_if $done (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $scan)))
    (i32.sub (local.get $end) (local.get $ptr)))

  ;; Prints n in decimal.
  (func $print_u32 (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 272))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $print (local.get $p) (i32.sub (i32.const 272) (local.get $p))))

  ;; Grows memory so that addresses below end are valid.
  (func $ensure (param $end i32)
    (local $have i32)
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then (drop (memory.grow
        (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                   (i32.const 16)))))))

  ;; Prints the count strings whose pointers are at 4096: "<prefix>[i: ]<string>\n".
  (func $print_strings (param $count i32) (param $prefix i32) (param $prefix_len i32)
                       (param $numbered i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $s (i32.load (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 2)))))
        (call $print (local.get $prefix) (local.get $prefix_len))
        (if (local.get $numbered)
          (then (call $print_u32 (local.get $i))
                (call $print (i32.const 104) (i32.const 2))))
        (call $print (local.get $s) (call $strlen (local.get $s)))
        (call $print (i32.const 112) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func (export "_start")
    (local $count i32) (local $buf i32) (local $fd i32) (local $len i32)
    (call $print (i32.const 64) (i32.const 20))

    ;; Arguments: sizes first, then room for count pointers followed by the strings.
    (if (call $args_sizes_get (i32.const 16) (i32.const 20)) (then (call $proc_exit (i32.const 71))))
    (local.set $count (i32.load (i32.const 16)))
    (local.set $buf (i32.add (i32.const 4096) (i32.shl (local.get $count) (i32.const 2))))
    (call $ensure (i32.add (local.get $buf) (i32.load (i32.const 20))))
    (if (call $args_get (i32.const 4096) (local.get $buf)) (then (call $proc_exit (i32.const 72))))
    (call $print_strings (local.get $count) (i32.const 96) (i32.const 4) (i32.const 1))

    ;; Environment: the same dance with environ_sizes_get / environ_get.
    (if (call $environ_sizes_get (i32.const 16) (i32.const 20)) (then (call $proc_exit (i32.const 73))))
    (local.set $count (i32.load (i32.const 16)))
    (local.set $buf (i32.add (i32.const 4096) (i32.shl (local.get $count) (i32.const 2))))
    (call $ensure (i32.add (local.get $buf) (i32.load (i32.const 20))))
    (if (call $environ_get (i32.const 4096) (local.get $buf)) (then (call $proc_exit (i32.const 74))))
    (call $print_strings (local.get $count) (i32.const 120) (i32.const 5) (i32.const 0))

    ;; Preopens: fds 3, 4, ... until fd_prestat_get fails (EBADF past the last one).
    (local.set $fd (i32.const 3))
    (block $done
      (loop $next
        (br_if $done (call $fd_prestat_get (local.get $fd) (i32.const 32)))
        (local.set $len (i32.load (i32.const 36)))
        (call $ensure (i32.add (i32.const 4096) (local.get $len)))
        (if (call $fd_prestat_dir_name (local.get $fd) (i32.const 4096) (local.get $len))
          (then (call $proc_exit (i32.const 75))))
        (call $print (i32.const 128) (i32.const 8))
        (call $print_u32 (local.get $fd))
        (call $print (i32.const 104) (i32.const 2))
        (call $print (i32.const 4096) (local.get $len))
        (call $print (i32.const 112) (i32.const 1))
        (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
        (br $next))))
)
