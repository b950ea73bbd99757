#!/usr/bin/env bash
# The project's own corpus on every engine through wasi-run (built with --features wasmtime):
# wasmi, wasmtime's Pulley interpreter and its Cranelift compiler must each pass every test,
# and, run deterministically with in-memory preopens, must produce the same JSON trace of
# every syscall for every test (the differential check between engines).
#
#   conformance/scripts/engines.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --locked -q -p wasi-conformance -p wasi-run --features wasi-run/wasmtime
run="$PWD/target/release/wasi-run"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
suites=(--suite conformance/corpus/wat --suite conformance/corpus/c --suite conformance/corpus/as)
failed=0
for engine in wasmi pulley wasmtime; do
  mkdir -p "$out/$engine"
  last="$(target/release/conformance --jobs 1 "${suites[@]}" \
    --dir-template "--dir-mem {host}::{guest}" \
    --runtime "$PWD/conformance/scripts/traced-run.sh $run $engine $out/$engine {dirs} {env} {wasm} {args}" \
    2>&1 | tail -n 1)"
  echo "own corpus, --engine $engine, deterministic, memory preopens: $last"
  case "$last" in *" passed, 0 failed") ;; *) failed=1 ;; esac
  # Paths in the traces name the runner's scratch folder, which differs between runs.
  sed -i -E 's#/tmp/conformance-[0-9]+/#/tmp/conformance-N/#g' "$out/$engine"/*.json
done
for engine in pulley wasmtime; do
  if diff -r "$out/wasmi" "$out/$engine" > "$out/diff-$engine.txt"; then
    echo "traces, wasmi and $engine: identical for $(ls "$out/wasmi" | wc -l) tests"
  else
    head -n 20 "$out/diff-$engine.txt"
    echo "traces, wasmi and $engine: differ (above)" >&2
    failed=1
  fi
done
exit "$failed"
