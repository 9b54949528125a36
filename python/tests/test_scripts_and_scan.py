"""Scripts run by SHA with automatic SCRIPT LOAD (also after SCRIPT FLUSH
and inside pipelines); scan iterators return every element exactly once."""

from __future__ import annotations

import hashlib

import pytest

import haven
from conftest import CLUSTER, async_test, config, key

SCRIPT = "return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[1])}"


@async_test
async def test_script_loads_itself_after_script_flush(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        k = key("script")
        await client.delete(k)
        script = client.register_script(SCRIPT)
        assert script.sha == hashlib.sha1(SCRIPT.encode()).hexdigest()
        assert await client.script_flush() is True
        assert await client.script_exists(script.sha) == [False]
        assert await script(keys=[k], args=[5]) == [k.encode(), b"5", 5]
        assert await client.script_exists(script.sha) == [True]
        assert await client.script_flush("SYNC") is True
        assert await script([k], [2]) == [k.encode(), b"2", 7]
        # In a pipeline: the pipeline loads its scripts first.
        await client.script_flush()
        pipe = client.pipeline(transaction=True)
        assert script([k], [1], client=pipe) is pipe
        pipe.get(k)
        assert await pipe.execute() == [[k.encode(), b"1", 8], b"8"]
        # Other errors are not swallowed.
        failing = client.register_script("return redis.call('HGET', KEYS[1], 'f')")
        with pytest.raises(haven.ResponseError, match="WRONGTYPE"):
            await failing([k])
        with pytest.raises(TypeError, match="keys and args"):
            await script(k)  # type: ignore[arg-type]


def test_sync_script(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        k = key("sync-script")
        client.delete(k)
        script = client.register_script(SCRIPT.encode())
        client.script_flush()
        assert script([k], [3]) == [k.encode(), b"3", 3]
        client.script_flush()
        assert script(keys=[k], args=[1]) == [k.encode(), b"1", 4]
        with pytest.raises(TypeError, match="script"):
            client.register_script(42)  # type: ignore[arg-type]


@async_test
async def test_async_scan_iterators_return_everything_once(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        prefix = key("scan")
        names = [f"{prefix}:{i}" for i in range(600)]
        for start in range(0, len(names), 200):
            await client.mset({n: 1 for n in names[start : start + 200]})
        seen = [k async for k in client.scan_iter(match=f"{prefix}:*", count=50)]
        assert len(seen) == len(names) and set(seen) == {n.encode() for n in names}
        typed = [k async for k in client.scan_iter(match=f"{prefix}:1*", _type="string")]
        assert len(typed) == len(set(typed)) == sum(1 for n in names if n.startswith(f"{prefix}:1"))
        h, s, z = prefix + ":hash", prefix + ":set", prefix + ":zset"
        await client.delete(h, s, z)
        # Large enough to leave the compact encodings: several cursor steps.
        await client.hset(h, mapping={f"f{i}": i for i in range(700)})
        await client.sadd(s, *[f"m{i}" for i in range(700)])
        await client.zadd(z, {f"m{i}": i for i in range(700)})
        fields = [item async for item in client.hscan_iter(h, count=50)]
        assert len(fields) == 700 and dict(fields) == {f"f{i}".encode(): str(i).encode() for i in range(700)}
        members = [m async for m in client.sscan_iter(s, count=50)]
        assert len(members) == 700 and set(members) == {f"m{i}".encode() for i in range(700)}
        scored = [item async for item in client.zscan_iter(z, count=50)]
        assert len(scored) == 700 and dict(scored) == {f"m{i}".encode(): float(i) for i in range(700)}
        await client.delete(*names, h, s, z)


def test_sync_scan_iterators_return_everything_once(standalone_server: None) -> None:
    with haven.SyncClient.connect(config(), decode_responses=True) as client:
        prefix = key("sync-scan")
        names = [f"{prefix}:{i}" for i in range(300)]
        client.mset({n: 1 for n in names})
        seen = list(client.scan_iter(match=f"{prefix}:*", count=40))
        assert len(seen) == len(names) and set(seen) == set(names)
        h = prefix + ":hash"
        client.hset(h, mapping={f"f{i}": i for i in range(300)})
        assert dict(client.hscan_iter(h, match="f1*")) == {f"f{i}": str(i) for i in range(300) if str(i).startswith("1")}
        client.sadd(prefix + ":set", *range(300))
        assert sorted(int(m) for m in client.sscan_iter(prefix + ":set")) == list(range(300))
        client.zadd(prefix + ":z", {"a": 1, "b": 2})
        assert list(client.zscan_iter(prefix + ":z")) == [("a", 1.0), ("b", 2.0)]
        client.delete(*names, h, prefix + ":set", prefix + ":z")


@async_test
async def test_scan_iter_walks_a_whole_cluster(servers) -> None:
    """On a cluster, SCAN walks every primary with one cursor (text the
    engine reads back): every key once, in async and sync clients alike."""
    servers("cluster")
    cfg = haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], request_timeout_ms=3000)
    async with await haven.Client.connect(cfg, decode_responses=True) as client:
        prefix = key("cluster-scan")
        names = [f"{prefix}:{i}" for i in range(600)]
        for n in names:
            await client.set(n, 1)
        seen = [k async for k in client.scan_iter(match=f"{prefix}:*", count=100)]
        assert sorted(seen) == sorted(names)
        cursor, page = await client.scan(0, match=f"{prefix}:*", count=100)
        assert isinstance(cursor, str) and cursor.startswith("hc1:"), cursor
        with pytest.raises(haven.ResponseError, match="invalid cursor"):
            await client.scan("hc1:garbage")
    with haven.SyncClient.connect(cfg, decode_responses=True) as sync:
        assert sorted(sync.scan_iter(match=f"{prefix}:*", count=50)) == sorted(names)
        for n in names:
            sync.delete(n)


@async_test
async def test_custom_command_routes(servers) -> None:
    """``route=`` sends a command where the caller says: one node by address,
    every primary; a bad route is a ConfigError naming it."""
    servers("cluster")
    import subprocess

    cfg = haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], request_timeout_ms=3000)
    async with await haven.Client.connect(cfg, decode_responses=True) as client:
        for port in CLUSTER[:3]:
            mine = subprocess.run(["redis-cli", "-p", str(port), "CLUSTER", "MYID"], capture_output=True, text=True).stdout.strip()
            assert await client.custom_command(["CLUSTER", "MYID"], route=f"127.0.0.1:{port}") == mine
        assert await client.custom_command(["PING"], route="all_primaries") == "PONG"
        with pytest.raises(haven.ConfigError, match="route"):
            await client.custom_command(["PING"], route="nowhere")
    with haven.SyncClient.connect(cfg, decode_responses=True) as sync:
        assert sync.custom_command(["PING"], route="random") == "PONG"
        with pytest.raises(haven.ConfigError, match="route"):
            sync.custom_command(["PING"], route="127.0.0.1:0")
