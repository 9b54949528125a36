"""Parity with the command specification (proto/commands.json, written by
scripts/gen_command_table.py from both servers' COMMAND DOCS): every command
that has a Python method name there must be a method of the async client,
the sync client and pipelines alike, except those listed in
tests/parity_pending.txt, the ones not typed yet. The list only shrinks:
a command typed since must leave it, a command gone missing fails.
HAVEN_PARITY_WRITE=1 rewrites the list from what is missing now."""

from __future__ import annotations

import json
import os
from pathlib import Path

from haven._commands import AsyncCommands, PipelineCommands, SyncCommands

from conftest import REPO

PENDING = Path(__file__).with_name("parity_pending.txt")


def test_every_command_of_the_specification_is_a_method() -> None:
    spec = json.loads((REPO / "proto" / "commands.json").read_text())["commands"]
    expected = {name: entry["methods"]["python"] for name, entry in spec.items() if "methods" in entry}
    flavours = [set(dir(cls)) for cls in (AsyncCommands, SyncCommands, PipelineCommands)]
    missing = sorted(name for name, method in expected.items() if not all(method in f for f in flavours))
    if os.environ.get("HAVEN_PARITY_WRITE"):
        PENDING.write_text("".join(f"{n}\n" for n in missing))
    pending = [line.strip() for line in PENDING.read_text().splitlines() if line.strip()]
    newly_missing = sorted(set(missing) - set(pending))
    now_typed = sorted(set(pending) - set(missing))
    assert not newly_missing, f"commands of the specification without a Python method: {newly_missing}"
    assert not now_typed, f"typed now: remove from {PENDING.name}: {now_typed}"
    covered = len(expected) - len(missing)
    print(f"python parity: {covered} of {len(expected)} commands typed ({len(missing)} pending)")
