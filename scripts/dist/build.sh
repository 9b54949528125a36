#!/usr/bin/env bash
# `make dist`: every release artifact, each built once by its ecosystem's own
# command, into dist/ (DIST):
#   haven_valkey-<v>-cp39-abi3-manylinux_2_17_x86_64.whl   maturin --zig (manylinux2014)
#   haven_valkey-<v>.tar.gz                                maturin sdist
#   haven-<v>.tgz                                          npm pack (prepack: release addon)
#   haven-<v>.jar, -sources.jar, -javadoc.jar              mvn package (cargo builds the JNI library)
#   haven-c-<v>-linux-x86_64.tar.gz                        include/, lib/ (.so, .a), lib/pkgconfig/
#   debug/                                                 the native libraries' debug info
# The four native libraries are release builds linked against glibc 2.17
# through zig (scripts/dist/tools.sh installs zig, cargo-zigbuild, maturin
# from PyPI; HAVEN_ZIG=1 makes that required). They share one cargo target
# directory; the C, Node and Java ones come from one cargo run, so the
# engine is compiled once for them (maturin compiles it for the wheel). Prints each artifact's size and
# how long each step took.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/scripts/dist
cd "$root"
PATH="$(bash "$here/tools.sh"):$PATH"
export PATH HAVEN_ZIG=1
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
dist=${DIST:-$root/dist}
triple=x86_64-unknown-linux-gnu
rm -rf "$dist"
mkdir -p "$dist/debug"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
step_start=$SECONDS
timings=()
step() {
  if [[ -n ${step_name:-} ]]; then timings+=("$(printf '%-8s %4ds' "$step_name" $((SECONDS - step_start)))"); fi
  step_name=$1
  step_start=$SECONDS
  [[ $1 == done ]] || printf '\n== dist: %s\n' "$1"
}

step native
# The C, Node and Java libraries in one cargo run (the engine compiled once);
# install-c.sh, npm's prepack and mvn's build-native.sh then reuse them.
HAVEN_PREBUILT_DIR=$(bash "$here/cargo-release.sh" haven-ffi haven-node haven-java)
export HAVEN_PREBUILT_DIR

step C
name=haven-c-$version-linux-x86_64
bash "$here/install-c.sh" "$scratch/$name" "$dist/debug"
tar -C "$scratch" --owner=0 --group=0 -czf "$dist/$name.tar.gz" "$name"

step python
# The wheel as `pip wheel ./python` builds it (build_backend/), but not
# stripped: the debug info is split off here, the licenses added, and the
# wheel repacked (wheel pack rewrites RECORD).
(cd python && maturin build --release --zig --compatibility manylinux2014 --strip false \
  --target "$triple" --out "$scratch/wheel")
raw=$(ls "$scratch"/wheel/haven_valkey-"$version"-*.whl)
python3 -m wheel unpack -d "$scratch/unpacked" "$raw"
tree=$scratch/unpacked/haven_valkey-$version
so=$(ls "$tree"/haven/_haven*.so)
bash "$here/split-debug.sh" "$so" "$so" "$dist/debug/$(basename "$so").debug"
mkdir -p "$tree/haven_valkey-$version.dist-info/licenses"
cp LICENSE "$tree/haven_valkey-$version.dist-info/licenses/LICENSE"
python3 "$here/third_party_licenses.py" haven-python > "$tree/haven_valkey-$version.dist-info/licenses/THIRD_PARTY_LICENSES"
python3 -m wheel pack -d "$dist" "$tree"
(cd python && maturin sdist --out "$dist")

step node
# npm pack runs prepack: the release addon (zig, glibc 2.17), tsc, the ESM entry.
(cd node && npm pack --no-audit --no-fund --loglevel=error --pack-destination "$dist" >/dev/null)
cp node/haven.linux-x64-gnu.node.debug "$dist/debug/"

step java
# mvn package runs build-native.sh (cargo, zig) unless -Dhaven.native.dir is
# given; the JUnit suite needs the local servers and is `make test-java`'s.
(cd java && mvn -B -q package -DskipTests)
cp java/target/haven.jar "$dist/haven-$version.jar"
cp "java/target/haven-$version-sources.jar" "$dist/"
cp "java/target/haven-$version-javadoc.jar" "$dist/"
cp java/target/native-release/libhaven_jni.so.debug "$dist/debug/"
step done

printf '\n== dist: artifacts (%s)\n' "$dist"
(cd "$dist" && find . -type f | sed 's|^\./||' | sort | while read -r f; do
  printf '  %-64s %8s\n' "$f" "$(du -h --apparent-size "$f" | cut -f1)"
done)
printf '\n== dist: time per step\n'
printf '  %s\n' "${timings[@]}"
