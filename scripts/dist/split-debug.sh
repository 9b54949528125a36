#!/usr/bin/env bash
# split-debug.sh IN OUT DEBUG: writes OUT, a copy of the ELF library IN
# without debug info or local symbols (the dynamic symbols stay), and DEBUG,
# the debug info alone; OUT names DEBUG in .gnu_debuglink, so gdb and perf
# find it when it sits next to OUT or under /usr/lib/debug.
set -euo pipefail
in=$1 out=$2 dbg=$3
mkdir -p "$(dirname "$dbg")" "$(dirname "$out")"
objcopy --only-keep-debug "$in" "$dbg"
chmod -x "$dbg"
tmp=$(mktemp "$(dirname "$out")/.split.XXXXXX")
objcopy --strip-debug --strip-unneeded --add-gnu-debuglink="$dbg" "$in" "$tmp"
mv -f "$tmp" "$out"
