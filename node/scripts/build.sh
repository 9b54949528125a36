#!/usr/bin/env bash
# Builds the haven npm package in node/: the addon, copied to
# haven.linux-x64-gnu.node, then the TypeScript sources with tsc and the ESM
# entry point (scripts/gen-esm.js).
#
#   build.sh            dev profile addon (the node:test suite)
#   build.sh --release  release addon (scripts/dist/cargo-release.sh: linked
#                       against glibc 2.17 through zig when cargo-zigbuild is
#                       on PATH), debug info split off into
#                       haven.linux-x64-gnu.node.debug (not packed)
#
# `npm pack` / `npm publish` run the release build themselves (prepack).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd .. && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
command -v cargo >/dev/null || {
  echo "haven: cargo (Rust) is needed to build the native addon: install it from https://rustup.rs" >&2
  exit 1
}
if [[ "${1:-}" == "--release" ]]; then
  dir=$(bash "$ROOT/scripts/dist/cargo-release.sh" haven-node)
  bash "$ROOT/scripts/dist/split-debug.sh" "$dir/libhaven_node.so" haven.linux-x64-gnu.node haven.linux-x64-gnu.node.debug
  python3 "$ROOT/scripts/dist/third_party_licenses.py" haven-node > THIRD_PARTY_LICENSES
else
  cargo build -p haven-node
  cp "$TARGET/debug/libhaven_node.so" haven.linux-x64-gnu.node
fi
cp "$ROOT/LICENSE" LICENSE
[[ -d node_modules/typescript ]] || npm install --no-audit --no-fund --loglevel=error
npx tsc -p tsconfig.json
node scripts/gen-esm.js
