#!/usr/bin/env bash
# build-native.sh OUTDIR: what `mvn package` runs (generate-resources) when
# no -Dhaven.native.dir is given: builds the JNI library with cargo (release;
# linked against glibc 2.17 through zig when cargo-zigbuild is on PATH, see
# scripts/dist/cargo-release.sh) and leaves in OUTDIR libhaven_jni.so (debug
# info split off into libhaven_jni.so.debug, not packed) and
# THIRD_PARTY_LICENSES (packed into META-INF).
set -euo pipefail
out=${1:?usage: build-native.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
command -v cargo >/dev/null || {
  echo "haven: cargo (Rust) is needed to build the JNI library that the JAR carries." >&2
  echo "       Install Rust (https://rustup.rs), or pass -Dhaven.native.dir=DIR with a prebuilt libhaven_jni.so." >&2
  exit 1
}
dir=$(bash "$root/scripts/dist/cargo-release.sh" haven-java)
mkdir -p "$out"
bash "$root/scripts/dist/split-debug.sh" "$dir/libhaven_jni.so" "$out/libhaven_jni.so" "$out/libhaven_jni.so.debug"
python3 "$root/scripts/dist/third_party_licenses.py" haven-java > "$out/THIRD_PARTY_LICENSES"
