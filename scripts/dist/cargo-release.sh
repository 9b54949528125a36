#!/usr/bin/env bash
# cargo-release.sh PACKAGE...: builds the PACKAGEs (shim crates of the
# workspace) with the release profile, in one cargo run, and prints the
# directory holding their libraries. One run for several shims compiles the
# engine once (cargo unifies features per run; separate runs can differ and
# recompile it). With HAVEN_PREBUILT_DIR set (make dist, after such a run)
# it builds nothing and prints that directory.
#
# With cargo-zigbuild and zig on PATH (`make dist` puts them there, see
# scripts/dist/tools.sh) it links against glibc 2.17's symbols through zig,
# so the library loads on any glibc >= 2.17: target/<triple>/release.
# Otherwise plain cargo for this machine's glibc: target/release.
# HAVEN_ZIG=1 requires zig (fails without it), HAVEN_ZIG=0 never uses it;
# HAVEN_GLIBC picks another glibc floor (default 2.17).
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: cargo-release.sh PACKAGE..." >&2; exit 2; }
if [[ -n ${HAVEN_PREBUILT_DIR:-} ]]; then
  echo "$HAVEN_PREBUILT_DIR"
  exit 0
fi
pkg="$*"
packages=()
for p in "$@"; do packages+=(-p "$p"); done
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
mode=${HAVEN_ZIG:-auto}
have_zig() {
  command -v cargo-zigbuild >/dev/null || return 1
  command -v zig >/dev/null || python3 -m ziglang version >/dev/null 2>&1
}
command -v cargo >/dev/null || {
  echo "haven: cargo (Rust) is needed to build the native library of $pkg: install it from https://rustup.rs" >&2
  exit 1
}
if [[ $mode != 0 ]] && have_zig; then
  triple=$(uname -m)-unknown-linux-gnu
  (cd "$root" && cargo zigbuild --release --target "$triple.${HAVEN_GLIBC:-2.17}" "${packages[@]}" >&2)
  echo "$target/$triple/release"
else
  if [[ $mode == 1 ]]; then
    echo "cargo-release: HAVEN_ZIG=1 but cargo-zigbuild/zig are not on PATH (PATH=\$(bash scripts/dist/tools.sh):\$PATH)" >&2
    exit 1
  fi
  (cd "$root" && cargo build --release "${packages[@]}" >&2)
  echo "$target/release"
fi
