#!/usr/bin/env bash
# A --runtime for the conformance runner that keeps each guest's JSON trace:
#   traced-run.sh WASI_RUN ENGINE OUTDIR ARGS...
# runs `WASI_RUN --engine ENGINE --deterministic --trace-format json --trace-file F ARGS...`,
# F being OUTDIR/<the module's folder>-<the module's name>.json, with argv[0] set to the
# module's file name so that the traces do not depend on the runner's scratch folder (its
# name carries a process id, whose digit count changes the argument sizes). Used by engines.sh.
set -euo pipefail
run="$1" engine="$2" out="$3"
shift 3
module=""
for a in "$@"; do
  case "$a" in *.wasm) module="$a"; break ;; esac
done
name="$(basename "$(dirname "$module")")-$(basename "$module" .wasm)"
exec "$run" --engine "$engine" --deterministic --trace-format json \
  --trace-file "$out/$name.json" --argv0 "$(basename "$module")" "$@"
