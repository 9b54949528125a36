#!/usr/bin/env bash
# The Python worker of `make chaos` runs what users install: a release
# wheel in a venv of its own. CHAOS_WHEEL names one (make test passes the
# manylinux wheel `make dist` just built); otherwise a release wheel is built
# here (maturin --release, as the Python benchmark does). Prints the venv's
# python on stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${CHAOS_VENV:-${CARGO_TARGET_DIR:-$PWD/target}/chaos-venv}
wheel=${CHAOS_WHEEL:-}
if [[ -z $wheel || ! -f $wheel ]]; then
  make -C python .venv/.stamp >&2
  rm -rf python/dist/release
  (cd python && .venv/bin/maturin build --release --out dist/release) >&2
  wheel=$(ls python/dist/release/haven_valkey-*.whl | head -1)
fi
[[ -x $venv/bin/python ]] || python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel" >&2
echo "chaos: the Python worker runs $(basename "$wheel")" >&2
echo "$venv/bin/python"
