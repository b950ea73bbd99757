//! The text of `wasi-run --help`.

/// The usage text printed by `--help`.
pub const USAGE: &str = "\
Usage: wasi-run [run] [OPTIONS] MODULE [--] [ARGS...]

Runs a wasi_snapshot_preview1 module (.wasm binary or .wat text) on the wasmi interpreter
(or, in a build with `--features wasmtime`, on wasmtime's Pulley interpreter or Cranelift).
The guest sees exactly ARGS (argv[0] is MODULE as given), the --env variables and the --dir
directories; nothing else of the host. A first word `run` is skipped, as in `wasmtime run`.

Options:
  --engine wasmi|pulley|wasmtime
                       The engine (default wasmi). pulley is wasmtime's interpreter,
                       wasmtime its Cranelift compiler; both need wasi-run built with
                       `--features wasmtime`. Every other option means the same on each;
                       --fuel counts each engine's own fuel units.
  --cache              With pulley or wasmtime: keep compiled modules in wasmtime's cache
                       (its default directory, keyed by module and compiler settings), so a
                       module compiles once. Off by default.
  --dir HOST[::GUEST]  Preopen the host directory HOST under the guest name GUEST
                       (default: HOST as given). Repeatable; fds 3, 4, ... in order.
  --dir-ro HOST[::GUEST]
                       The same, read-only: nothing under it can be created, written,
                       removed, renamed, linked or have its times changed (ENOTCAPABLE).
  --dir-mem HOST::GUEST
                       Copy the host tree HOST into memory at start and preopen the copy:
                       the guest may change anything, the host tree is never touched, and
                       every change vanishes at exit.
  --dir-mem ::GUEST    Preopen an empty in-memory directory.
  --dir-overlay HOST::GUEST
                       Preopen HOST behind a copy-on-write overlay: reads see the host
                       tree, every change (create, write, truncate, rename, link, remove,
                       times) lands in memory; the host tree is never written.
  --dir-mem-limit BYTES
                       Cap each in-memory directory (and each overlay's changes) at BYTES
                       of file contents (ENOSPC past it). BYTES may end in a unit: K, M,
                       G, T, also written KB or KiB (all powers of 1024).
  --path-resolver openat2|walk
                       How paths are confined (default: openat2 where the kernel has it,
                       else walk). walk is the hand-written fallback; both refuse escapes.
  --tcplisten ADDR:PORT
                       Listen on a TCP address and give the guest the listening socket
                       (fds after the directories). Repeatable.
  --net-allow RULE     Let the guest's own sockets (WASIX sock_open) do what RULE covers.
  --net-deny RULE      Deny what RULE covers, whatever --net-allow says. Both repeatable;
                       with no --net-allow every bind, connect, send and lookup is denied
                       (EACCES). RULE is one of
                         connect[/tcp|/udp]:ADDR[:PORTS]   connect or send to ADDR
                         bind[/tcp|/udp]:ADDR[:PORTS]      bind or listen on ADDR
                         accept[/tcp|/udp]:ADDR[:PORTS]    accept or receive from peers
                         resolve:NAME                      look NAME up
                       ADDR: an IP address or CIDR (127.0.0.1, 10.0.0.0/8; IPv6 in
                       brackets: [::1], [fd00::/8]); PORTS: a port or LO-HI (default all);
                       NAME: a host name or *.SUFFIX. Example: --net-allow
                       connect:127.0.0.1:8000-8100 --net-allow bind:127.0.0.1:9000
                       --net-allow accept:127.0.0.1
  --yield-host-thread  Make sched_yield yield the host thread (sched_yield(2)); by default
                       it returns at once, since the guest has no other thread.
  --trace[=FAMILIES]   Print one line per syscall on stderr: the call, its decoded
                       arguments and its result. FAMILIES is a comma-separated list of
                       all, args, clock, fd, path, poll, proc, random, sock (default all).
  --trace-file FILE    Write the trace to FILE instead of stderr (implies --trace).
  --trace-format text|json
                       One text line (default) or one JSON object per call.
  --deterministic[=SEED]
                       Make the run reproducible: virtual clocks (fixed epoch, 1 us per
                       reading, sleeps take no time), random_get from a generator seeded
                       by SEED (default 0; NOT cryptographic), stdio reported as filetype
                       unknown with no inode or times. With --dir-mem preopens two runs
                       give the same output, files and trace; --dir, --dir-ro and
                       --dir-overlay still show host inodes and times (a warning says so).
  --fuel N             Stop the guest after N units of wasmi fuel (about one per
                       instruction): exit 152.
  --timeout DURATION   Stop the guest DURATION after it starts, computing, sleeping or
                       blocked: exit 142. DURATION: a number and ns, us, ms, s, m or h
                       (500ms, 1.5s, 10m; a bare number is seconds).
  --max-memory BYTES   Cap the guest's linear memory: memory.grow past BYTES fails (the
                       guest sees -1); a module that declares more cannot start (exit 2).
                       BYTES takes the units of --dir-mem-limit (64M, 1GiB).
  --max-fds N          Cap the fds the guest may have open at once, stdio and preopens
                       included (EMFILE past it; default 4096).
  --env KEY=VALUE      Set a guest environment variable. Repeatable.
  --env KEY            Pass the host's KEY through (if the host has none: a warning, and
                       the guest does not get it).
  --inherit-env        Give the guest the host's whole environment, with the --env
                       variables set over it.
  --argv0 NAME         The guest's argv[0] is NAME instead of MODULE.
  --invoke NAME        Call the export NAME instead of _start, after _initialize when the
                       module has one (a reactor); ARGS are its arguments too, parsed by its
                       parameter types (i32, i64, f32, f64), and its results are printed
                       one per line.
  -S KEY[=VALUE],...   wasmtime's WASI options: inherit-env[=y|n] (--inherit-env),
                       tcplisten=ADDR:PORT (--tcplisten).
  -W KEY=VALUE,...     wasmtime's wasm options: fuel=N (--fuel), timeout=DURATION
                       (--timeout), max-memory-size=BYTES (--max-memory).
  -C cache[=y|n]       wasmtime's codegen option: --cache.
  -h, --help           Print this help.
  -V, --version        Print the version.

Exit status: the guest's proc_exit code when it is 0 to 125; 1 (with a message naming it)
for any other code; 0 when _start (or the --invoke export) returns; 134 when the guest
traps; 142 when --timeout passes; 152 when --fuel runs out; 2 when wasi-run cannot start it
(bad option, a file that is not a module, an import it does not provide or of the wrong
type, no memory export, no _start, a missing directory).";
