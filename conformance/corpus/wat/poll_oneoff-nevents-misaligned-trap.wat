;; poll_oneoff traps: the nevents out-pointer 1026 is not a multiple of 4 (u32 alignment). The
;; subscription (when in bounds) is a relative monotonic clock with timeout 0, due at once. A
;; trap makes wasi-run exit 134 (see the .json); returning from the call at all is check 10.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; subscriptions at 4096: userdata 1, tag 0 (clock), id 1 (monotonic), timeout 0, flags 0
    (i64.store (i32.const 4096) (i64.const 1))
    (i32.store (i32.const 4112) (i32.const 1))
    ;; trap: no errno is returned
    (drop (call $poll_oneoff (i32.const 4096) (i32.const 8192) (i32.const 1) (i32.const 1026)))
    (call $proc_exit (i32.const 10))))
