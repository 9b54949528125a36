#!/usr/bin/env bash
# Installs the release tool chain into a venv, ~/.cache/haven/dist-tools
# (HAVEN_DIST_TOOLS), when it is missing, and prints its bin directory for
# PATH: zig (the `ziglang` wheel, `python -m ziglang`), cargo-zigbuild (links
# the Rust libraries against glibc 2.17's symbols through zig), maturin,
# auditwheel and wheel. Everything comes from PyPI.
set -euo pipefail
venv=${HAVEN_DIST_TOOLS:-${HOME:-/root}/.cache/haven/dist-tools}
stamp=$venv/.haven-tools-1
if [[ ! -f $stamp ]]; then
  echo "dist tools: installing ziglang, cargo-zigbuild, maturin, auditwheel, wheel into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "ziglang>=0.13,<0.15" "cargo-zigbuild>=0.19,<0.25" "maturin[zig]>=1.5,<2" "auditwheel>=6,<7" "wheel>=0.42" >&2
  touch "$stamp"
fi
echo "$venv/bin"
