#!/usr/bin/env bash
# Builds AssemblyScript guests: DIR/src/NAME.ts -> DIR/NAME.wasm (DIR defaults to this
# corpus; examples/as uses it too), with the compiler and WASI shim versions pinned in
# package.json / package-lock.json here.
#
#   ./build.sh [DIR]          (re)build every NAME.wasm in DIR
#   ./build.sh --check [DIR]  build into a temporary directory and compare byte-for-byte
#                             with the committed NAME.wasm files; exit 1 naming the first
#                             file that differs or is missing
#
# Works from any directory. Needs node and npm; installs node_modules/ here on first
# use (npm ci from the lockfile, or npm install if there is no lockfile).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
caller="$PWD"
cd "$here"

check=0
dir="$here"
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    -*) echo "usage: $0 [--check] [DIR]" >&2; exit 2 ;;
    *) dir="$(cd "$caller" && cd "$arg" && pwd)" ;;
  esac
done

# Exact compiler and shim versions; must agree with package.json.
want_asc=0.28.20
want_shim=0.1.0

installed_version() { # package dir -> version, or nothing if absent
  node -e 'try { process.stdout.write(require(process.argv[1]).version) } catch (e) {}' \
    "$here/node_modules/$1/package.json"
}

if [[ "$(installed_version assemblyscript)" != "$want_asc" ||
      "$(installed_version @assemblyscript/wasi-shim)" != "$want_shim" ]]; then
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund >&2
  else
    npm install --no-audit --no-fund >&2
  fi
fi

asc="$here/node_modules/.bin/asc"
shim_config="./node_modules/@assemblyscript/wasi-shim/asconfig.json"
# -O3 --noAssert: release build. No --debug / --sourceMap, so the output carries no
# names or paths and is byte-for-byte reproducible.
asc_flags=(--config "$shim_config" -O3 --noAssert)

if (( check )); then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
else
  out="$dir"
fi
# asc runs here, where the shim's config resolves; sources are named relative to here.
src_dir="$(realpath --relative-to="$here" "$dir")/src"

shopt -s nullglob
sources=("$src_dir"/*.ts)
if (( ${#sources[@]} == 0 )); then
  echo "build.sh: no sources in $src_dir" >&2
  exit 1
fi

for src in "${sources[@]}"; do
  name="$(basename "$src" .ts)"
  "$asc" "$src" "${asc_flags[@]}" -o "$out/$name.wasm"
  echo "built $name.wasm ($(wc -c <"$out/$name.wasm") bytes)" >&2
done

if (( check )); then
  status=0
  for src in "${sources[@]}"; do
    name="$(basename "$src" .ts)"
    if [[ ! -f "$dir/$name.wasm" ]]; then
      echo "build.sh --check: $name.wasm is missing (built from $src)" >&2
      status=1
    elif ! cmp -s "$out/$name.wasm" "$dir/$name.wasm"; then
      echo "build.sh --check: $name.wasm differs from a fresh build of $src" >&2
      status=1
    fi
  done
  if (( status == 0 )); then
    echo "build.sh --check: all ${#sources[@]} modules match" >&2
  fi
  exit "$status"
fi
