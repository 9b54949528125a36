#!/usr/bin/env bash
# Builds the haven npm package in node/: the addon with plain cargo (dev
# profile, or release with --release), copied to haven.linux-x64-gnu.node,
# then the TypeScript sources with tsc.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd .. && pwd)
PROFILE=debug
FLAGS=()
if [[ "${1:-}" == "--release" ]]; then PROFILE=release; FLAGS=(--release); fi
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build -p haven-node "${FLAGS[@]}"
cp "$TARGET/$PROFILE/libhaven_node.so" haven.linux-x64-gnu.node
[[ -d node_modules/typescript ]] || npm install --no-audit --no-fund --loglevel=error
npx tsc -p tsconfig.json
