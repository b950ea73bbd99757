#!/usr/bin/env bash
# Mutation testing of wasi-impl's semantics with cargo-mutants (configuration:
# .cargo/mutants.toml). Installs cargo-mutants when it is missing; not part of `cargo test`.
#
#   conformance/scripts/mutants.sh                 every mutant (about 435; 1-3 hours on 2 cores),
#                                                  then rewrites conformance/MUTANTS.md
#   conformance/scripts/mutants.sh --shard 1/4     one shard of them (results in target/mutants/shard-1-of-4)
#   conformance/scripts/mutants.sh --report DIR... rewrite MUTANTS.md from finished runs' outputs
#   conformance/scripts/mutants.sh --changed [BASE]
#                                                  only the mutants in code changed since BASE
#                                                  (default: HEAD, i.e. uncommitted changes)
#
# Exit status: 0 when every surviving mutant is excused in conformance/mutants-excused.txt,
# 1 when one is not (it is printed), 2 on a usage or setup error.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=27.1.0
if [ "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants $version" ]; then
  cargo install cargo-mutants --locked --version "$version"
fi
# The property test's 10,000 sequences take 20 s; 2,000 keep its checks at a fifth of the cost.
export PROPTEST_CASES="${PROPTEST_CASES:-2000}"
report=conformance/scripts/mutants-report.py

case "${1:-}" in
  --report)
    shift
    exec python3 "$report" --write conformance/MUTANTS.md "$@"
    ;;
  --changed)
    base="${2:-HEAD}"
    mkdir -p target
    git diff "$base" -- wasi-impl/src > target/mutants-changed.diff
    if [ ! -s target/mutants-changed.diff ]; then
      echo "no change to wasi-impl/src since $base"
      exit 0
    fi
    out=target/mutants/changed
    rm -rf "$out"
    cargo mutants -j 1 --in-diff target/mutants-changed.diff -o "$out" || true
    exec python3 "$report" --check "$out"
    ;;
  --shard)
    shard="${2:?--shard K/N}"
    out="target/mutants/shard-${shard/\//-of-}"
    rm -rf "$out"
    cargo mutants -j 1 --shard "$shard" -o "$out" || true
    exec python3 "$report" --check "$out"
    ;;
  "")
    out=target/mutants/all
    rm -rf "$out"
    cargo mutants -j 1 -o "$out" || true
    exec python3 "$report" --write conformance/MUTANTS.md "$out"
    ;;
  *)
    echo "usage: $0 [--shard K/N | --changed [BASE] | --report DIR...]" >&2
    exit 2
    ;;
esac
