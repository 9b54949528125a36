#!/usr/bin/env bash
# install-c.sh PREFIX [DEBUGDIR]: builds haven's C library (release, see
# cargo-release.sh) and installs it under PREFIX:
#   include/haven.h
#   lib/libhaven.so.<version>, lib/libhaven.so.0 -> it (the SONAME), lib/libhaven.so -> libhaven.so.0
#   lib/libhaven.a
#   lib/pkgconfig/haven.pc   (relocatable: paths relative to the .pc file)
#   share/doc/haven/LICENSE, THIRD_PARTY_LICENSES
# The shared library's debug info goes to DEBUGDIR (default PREFIX/lib/.debug,
# where gdb looks) as libhaven.so.<version>.debug. `make install` and
# `make dist` (the haven-c tarball) call this.
set -euo pipefail
prefix=${1:?usage: install-c.sh PREFIX [DEBUGDIR]}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -1)
major=${version%%.*}
debugdir=${2:-$prefix/lib/.debug}

# The header's version macro must be the crate's.
grep -q "^#define HAVEN_VERSION \"$version\"" "$root/ffi/include/haven.h" || {
  echo "install-c: ffi/include/haven.h's HAVEN_VERSION is not $version (update ffi/cbindgen.toml, make header)" >&2
  exit 1
}

libdir=$(bash "$here/cargo-release.sh" haven-ffi)
install -d "$prefix/include" "$prefix/lib/pkgconfig" "$prefix/share/doc/haven"
install -m 644 "$root/ffi/include/haven.h" "$prefix/include/haven.h"
bash "$here/split-debug.sh" "$libdir/libhaven.so" "$prefix/lib/libhaven.so.$version" \
  "$debugdir/libhaven.so.$version.debug"
chmod 755 "$prefix/lib/libhaven.so.$version"
ln -sfn "libhaven.so.$version" "$prefix/lib/libhaven.so.$major"
ln -sfn "libhaven.so.$major" "$prefix/lib/libhaven.so"
# The static library without debug info and without the LLVM bitcode rustc
# embeds for LTO (two thirds of its size; a C linker never reads it).
objcopy --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd "$libdir/libhaven.a" "$prefix/lib/libhaven.a"
chmod 644 "$prefix/lib/libhaven.a"
cat > "$prefix/lib/pkgconfig/haven.pc" <<PC
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: haven
Description: High-availability Valkey/Redis client (C API)
Version: $version
Libs: -L\${libdir} -lhaven
Libs.private: -lpthread -ldl -lm -lrt -lutil -lgcc_s
Cflags: -I\${includedir}
PC
install -m 644 "$root/LICENSE" "$prefix/share/doc/haven/LICENSE"
python3 "$here/third_party_licenses.py" haven-ffi > "$prefix/share/doc/haven/THIRD_PARTY_LICENSES"
echo "installed haven $version (C) under $prefix"
