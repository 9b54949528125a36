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


def test_generated_blocks_choices_and_counts_reach_the_server(standalone_server: None) -> None:
    """The shapes generated beyond plain arguments: a repeated argument
    before a required one (BZPOPMIN keys timeout), counts computed
    (SINTERCARD numkeys, EVAL_RO numkeys with none), repeated pairs
    (HMSET), an optional block given together (ZRANGEBYLEX LIMIT offset
    count, ZRANDMEMBER count WITHSCORES), a choice of values (GEORADIUS STORE |
    STOREDIST), a required choice (CLUSTER SETSLOT), and their errors."""
    import haven

    from conftest import VALKEY, config, key

    with haven.SyncClient.connect(config(), decode_responses=True) as c:
        h, s1, s2, z, g, lst = (key(f"gen2-{x}") for x in ("h", "s1", "s2", "z", "g", "l"))
        assert c.hmset(h, {"f1": "a", "f2": "b"}) == "OK"
        assert c.hmset(h, [("f3", "c")]) == "OK"
        assert c.hgetall(h) == {"f1": "a", "f2": "b", "f3": "c"}
        with pytest.raises(ValueError, match=r"hmset: each of data is \(field, value\)"):
            c.hmset(h, [("f1",)])
        c.sadd(s1, "a", "b", "c")
        c.sadd(s2, "b", "c", "d")
        assert c.sintercard(s1, s2) == 2
        assert c.sintercard(s1, s2, limit=1) == 1
        assert c.eval_ro("return #KEYS", 0) == 0  # redis-py's (script, numkeys, *keys_and_args)
        assert c.eval_ro("return {#KEYS, ARGV[1]}", 2, s1, s2, "x") == [2, "x"]
        c.zadd(z, {"a": 1, "b": 2, "c": 3})
        popped = c.bzpopmin([z + "-none", z], 1)
        assert popped[:2] == [z, "a"] and float(popped[2]) == 1
        assert c.zintercard(z, z) == 2
        pairs = c.zrandmember(z, count=2, withscores=True)
        assert len(pairs) in (2, 4)  # RESP2 flat or RESP3 pairs
        with pytest.raises(ValueError, match="withscores needs count"):
            c.zrandmember(z, withscores=True)
        assert c.zrangebylex(z, "-", "+", offset=1, count=1) == ["c"]
        with pytest.raises(ValueError, match="offset needs count"):
            c.zrangebylex(z, "-", "+", offset=1)
        c.rpush(lst, "3", "1", "2")
        assert c.sort(lst) == ["1", "2", "3"]
        assert c.sort(lst, start=0, num=2, desc=True) == ["3", "2"]  # redis-py's parameters, by hand
        assert c.sort(lst, alpha=True, desc=True) == ["3", "2", "1"]
        assert c.sort_ro(lst, by="nosort") == ["3", "1", "2"]
        with pytest.raises(ValueError, match="start and num go together"):
            c.sort(lst, start=1)
        c.set(lst + "-w1", "a")
        c.set(lst + "-w2", "b")
        c.set(lst + "-w3", "c")
        assert c.sort(lst, get=["#", lst + "-w*"], groups=True) == [("1", "a"), ("2", "b"), ("3", "c")]
        assert c.sort(lst, store=lst + "-s") == 3
        c.geoadd(g, [13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania"])
        near = c.georadius(g, 15, 37, 200, "km", withdist=True, count=1, order="ASC")
        assert near[0][0] == "Catania"
        with pytest.raises(ValueError, match="storekey, storedistkey exclude each other|store, storedist exclude each other"):
            c.georadius(g, 15, 37, 200, "km", store=g + "-a", storedist=g + "-b")
        with pytest.raises(ValueError, match="any needs count"):
            c.georadius(g, 15, 37, 200, "km", any=True)
        assert c.georadius(g, 15, 37, 200, "km", storedist=g + "-d") == 2
        with pytest.raises(ValueError, match="give one of importing, migrating, node, stable"):
            c.cluster_setslot(1)
        with pytest.raises(ValueError, match="importing, stable exclude each other"):
            c.cluster_setslot(1, importing="x", stable=True)
        with pytest.raises(haven.ResponseError, match="cluster"):
            c.cluster_setslot(1, stable=True)  # a standalone server refuses it
        assert c.acl_log(reset=True) == "OK"
        assert isinstance(c.command_list(pattern="zrange*"), list)
        assert c.client_kill(id=[999999999]) == 0
        assert c.client_kill(type="pubsub", skipme=True) == 0  # no subscriber here
        if VALKEY:  # the NOT- filters are Valkey 8+
            assert c.client_kill(not_type="normal", not_id=[1, 2], maxage=10**6) == 0
        with pytest.raises(ValueError, match="unknown filter 'colour'"):
            c.client_kill(colour="red")
        with pytest.raises(ValueError, match="either address or filters"):
            c.client_kill()
        with pytest.raises(haven.ResponseError, match="No such client|No shutdown in progress|not in progress|ERR"):
            c.client_kill("1.2.3.4:5")
        with pytest.raises(ValueError, match="abort takes no other option"):
            c.shutdown(abort=True, now=True)
        with pytest.raises(haven.ResponseError):
            c.shutdown(abort=True)  # no shutdown in progress
        with pytest.raises(ValueError, match="give at least one target node"):
            c.cluster_migrateslots({})
        pipe = c.pipeline(transaction=False)
        pipe.sintercard(s1, s2).sort(lst, start=0, num=1)
        assert pipe.execute() == [2, ["1"]]
        c.delete(h, s1, s2, z, g, lst, g + "-d", lst + "-w1", lst + "-w2", lst + "-w3", lst + "-s")
