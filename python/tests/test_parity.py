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

import pytest
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


def test_methods_generated_from_the_specification_run_their_commands(standalone_server: None) -> None:
    """A sample of the methods generated from the specification (plain
    arguments, the server's reply as it comes), sync and pipelined."""
    import haven

    from conftest import config, key

    with haven.SyncClient.connect(config(), decode_responses=True) as c:
        k, z, d = key("gen"), key("gen-z"), key("gen-d")
        c.set(k, "v")
        assert c.object_encoding(k) == "embstr"
        assert c.getset(k, "w") == "v"
        assert c.expiretime(k) == -1
        assert c.acl_whoami() == "default"
        assert c.client_id() > 0 and c.lastsave() > 0
        c.zadd(z, {"a": 0, "b": 0, "c": 0})
        assert c.zlexcount(z, "[a", "[b") == 2
        assert c.zremrangebylex(z, "[a", "[a") == 1
        c.sadd(d + "1", "x", "y")
        assert c.sinterstore(d, d + "1") == 2
        with pytest.raises(ValueError, match="give at least one key"):
            c.sunionstore(d)
        pipe = c.pipeline(transaction=False)
        pipe.object_encoding(k).zlexcount(z, "-", "+")
        assert pipe.execute() == ["embstr", 2]
        # Optional arguments: tokens as keywords, flags as bools, choices checked.
        lst = key("gen-l")
        c.rpush(lst, "a", "b", "c", "b")
        assert c.lpos(lst, "b") == 1
        assert c.lpos(lst, "b", rank=2) == 3
        assert c.lpos(lst, "b", num_matches=0) == [1, 3]
        assert c.copy(k, d + "2") == 1
        assert c.copy(k, d + "2") == 0
        assert c.copy(k, d + "2", replace=True) == 1
        assert c.memory_usage(k, count=5) > 0
        assert "id=" in c.client_list(client_type="normal")
        with pytest.raises(ValueError, match="client_type must be one of"):
            c.client_list(client_type="sideways")
        c.delete(k, z, d, d + "1", d + "2", lst)
