#!/usr/bin/env python3
"""Runs a preview1 command on wasmtime through its Python package (`pip install wasmtime`),
taking wasi-run's flags, so that the `conformance` runner can drive wasmtime like any runtime:
  conformance --suite DIR --runtime "python3 conformance/scripts/wasmtime-py.py {dirs} {env} {wasm} {args}"
Usage: wasmtime-py.py [--dir HOST[::GUEST]]... [--env KEY=VALUE]... MODULE [ARGS...]
"""
import sys
import wasmtime

args = sys.argv[1:]
dirs, env, i = [], [], 0
while i < len(args) and args[i] in ("--dir", "--env"):
    if args[i] == "--dir":
        host, _, guest = args[i + 1].partition("::")
        dirs.append((host, guest or host))
    else:
        key, _, value = args[i + 1].partition("=")
        env.append([key, value])
    i += 2
module_path, guest_args = args[i], args[i + 1:]
engine = wasmtime.Engine()
store = wasmtime.Store(engine)
linker = wasmtime.Linker(engine)
linker.define_wasi()
config = wasmtime.WasiConfig()
config.argv = [module_path] + guest_args
config.env = env
for host, guest in dirs:
    config.preopen_dir(host, guest)
config.inherit_stdin()
config.inherit_stdout()
config.inherit_stderr()
store.set_wasi(config)
module = wasmtime.Module.from_file(engine, module_path)
try:
    instance = linker.instantiate(store, module)
    instance.exports(store)["_start"](store)
except wasmtime.ExitTrap as e:
    sys.exit(e.code)
except (wasmtime.Trap, wasmtime.WasmtimeError) as e:
    print(f"trap: {e}", file=sys.stderr)
    sys.exit(134)
sys.exit(0)
