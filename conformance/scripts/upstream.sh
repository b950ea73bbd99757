#!/usr/bin/env bash
# Runs the official WASI testsuite (branch prod/testsuite-base of WebAssembly/wasi-testsuite)
# on every backend: in process on host, memory and overlay preopens, and through wasi-run
# with every preopen given as --dir, --dir-mem, --dir-overlay, and --dir with the walk
# resolver. Every configuration must pass every test. With --engines, also through
# `wasi-run --engine pulley` and `--engine wasmtime` (wasi-run built with --features wasmtime),
# each with --dir and --dir-mem preopens.
#
#   conformance/scripts/upstream.sh [--engines] [TESTS_DIR]
#
# TESTS_DIR is the suite's tests/ folder (default: $WASI_TESTSUITE, else a shallow clone into
# a temporary directory). When no checkout is given and github.com cannot be reached, prints
# one line saying so and exits 0 (CI machines without that access skip the check; the own
# corpus still runs on all three backends in `cargo test`). Nothing of the suite is kept in
# this repository.
set -euo pipefail
cd "$(dirname "$0")/../.."

engines=0
if [ "${1:-}" = "--engines" ]; then
  engines=1
  shift
fi
tests="${1:-${WASI_TESTSUITE:-}}"
if [ -z "$tests" ]; then
  checkout="$(mktemp -d)"
  trap 'rm -rf "$checkout"' EXIT
  if ! timeout 120 git clone -q --depth 1 --branch prod/testsuite-base \
      https://github.com/WebAssembly/wasi-testsuite "$checkout/wasi-testsuite" 2>/dev/null; then
    echo "upstream testsuite: github.com/WebAssembly/wasi-testsuite cannot be fetched from here; skipped"
    exit 0
  fi
  tests="$checkout/wasi-testsuite/tests"
fi

suites=()
count=0
for lang in assemblyscript c rust; do
  d="$tests/$lang/testsuite/wasm32-wasip1"
  if [ ! -d "$d" ]; then
    echo "upstream testsuite: $d is missing (TESTS_DIR is the suite's tests/ folder)" >&2
    exit 1
  fi
  suites+=(--suite "$d")
  count=$((count + $(find "$d" -maxdepth 1 -name '*.wasm' | wc -l)))
done

cargo build --release --locked -q -p wasi-conformance -p wasi-run
if [ "$engines" = 1 ]; then
  cargo build --release --locked -q -p wasi-run --features wasmtime
fi
conformance=target/release/conformance
run="$PWD/target/release/wasi-run"
expected="$count passed, 0 failed"
failed=0

check() {
  local label="$1"
  shift
  local out last
  out="$("$conformance" "${suites[@]}" "$@" 2>&1)" || true
  last="$(printf '%s\n' "$out" | tail -n 1)"
  if [ "$last" = "$expected" ]; then
    echo "upstream testsuite, $label: $last"
  else
    printf '%s\n' "$out" | grep -v '^PASS ' || true
    echo "upstream testsuite, $label: $last (expected $expected)" >&2
    failed=1
  fi
}

for backend in host mem overlay; do
  check "in process, $backend preopens" --backend "$backend"
done
for flag in dir dir-mem dir-overlay; do
  check "wasi-run --$flag" --runtime "$run {dirs} {env} {wasm} {args}" \
    --dir-template "--$flag {host}::{guest}"
done
check "wasi-run --dir, walk resolver" \
  --runtime "$run --path-resolver walk {dirs} {env} {wasm} {args}"
if [ "$engines" = 1 ]; then
  for engine in pulley wasmtime; do
    for flag in dir dir-mem; do
      check "wasi-run --engine $engine --$flag" \
        --runtime "$run --engine $engine {dirs} {env} {wasm} {args}" \
        --dir-template "--$flag {host}::{guest}"
    done
  done
fi
exit "$failed"
