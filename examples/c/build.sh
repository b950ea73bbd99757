#!/usr/bin/env bash
# Build the C example guests in this directory to WebAssembly (wasm32-wasi)
# using the zig toolchain from PyPI (`pip install ziglang`).
#
#   ./build.sh [DIR]           compile every *.c in DIR (default: here) to <name>.wasm
#   ./build.sh --check [DIR]   compile into a temp dir and compare byte-for-byte
#                              with the committed .wasm files (exit 1 on mismatch)
#
# Works from any directory. The compiler invocation is fixed so that the
# committed binaries can be reproduced exactly:
#   python3 -m ziglang cc -target wasm32-wasi -O2 -s <name>.c -o <name>.wasm
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check=0
dir="$here"
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        -h|--help)
            sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        -*)
            echo "usage: $0 [--check] [DIR]" >&2
            exit 2
            ;;
        *) dir="$(cd "$arg" && pwd)" ;;
    esac
done
cd "$dir"

# The committed binaries were built with this zig; another version may emit other bytes.
ZIG_VERSION=0.17.1
if ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "ziglang not found; installing ziglang==$ZIG_VERSION with pip" >&2
    python3 -m pip install "ziglang==$ZIG_VERSION"
fi
if [ "$check" -eq 1 ] && [ "$(python3 -m ziglang version)" != "$ZIG_VERSION" ]; then
    echo "zig $(python3 -m ziglang version) is installed, the binaries were built with $ZIG_VERSION: skipping the byte-for-byte check" >&2
    exit 0
fi
echo "zig $(python3 -m ziglang version)" >&2

shopt -s nullglob
sources=(*.c)
if [ "${#sources[@]}" -eq 0 ]; then
    echo "no .c files in $(pwd)" >&2
    exit 1
fi

if [ "$check" -eq 1 ]; then
    outdir="$(mktemp -d)"
    trap 'rm -rf "$outdir"' EXIT
else
    outdir="."
fi

for src in "${sources[@]}"; do
    name="${src%.c}"
    echo "cc $src -> $name.wasm" >&2
    python3 -m ziglang cc -target wasm32-wasi -O2 -s "$src" -o "$outdir/$name.wasm"
    chmod 644 "$outdir/$name.wasm"  # zig marks it executable; it is not
done

if [ "$check" -eq 1 ]; then
    status=0
    for src in "${sources[@]}"; do
        name="${src%.c}"
        if [ ! -f "$name.wasm" ]; then
            echo "$dir/$name.wasm is missing (expected from $src); run examples/c/build.sh $dir" >&2
            status=1
        elif ! cmp -s "$outdir/$name.wasm" "$name.wasm"; then
            echo "$dir/$name.wasm differs from a fresh build of $src; run examples/c/build.sh $dir and commit the result" >&2
            status=1
        fi
    done
    if [ "$status" -eq 0 ]; then
        echo "all .wasm files match their sources" >&2
    fi
    exit "$status"
fi
