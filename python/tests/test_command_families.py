"""The command families beyond the basics, end to end against the local
servers (Redis 7.0 by default; Valkey 9.1 under HAVEN_SERVER=valkey, which
adds hash-field expiry): a stream consumer-group cycle, geo, HyperLogLog,
bitmaps and BITFIELD, functions (also across a cluster), LMPOP/ZMPOP and
the sorted-set algebra, in the async, sync and pipeline flavours."""

from __future__ import annotations

import pytest

import haven
from conftest import CLUSTER, VALKEY, async_test, config, key

LIBRARY = """#!lua name=havenlib
redis.register_function('hv_incr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)
redis.register_function{function_name='hv_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}
"""


@async_test
async def test_a_stream_consumer_group_cycle(standalone_server: None) -> None:
    async with await haven.Client.connect(config(), decode_responses=True) as c:
        s = key("stream")
        await c.delete(s)
        await c.xgroup_create(s, "workers", id="0", mkstream=True)
        ids = [await c.xadd(s, {"n": i, "what": "job"}) for i in range(5)]
        assert await c.xlen(s) == 5
        assert [e[0] for e in await c.xrange(s)] == ids
        assert (await c.xrevrange(s, count=1))[0] == (ids[-1], {"n": "4", "what": "job"})
        # Two consumers read new entries as group members.
        first = await c.xreadgroup("workers", "alice", {s: ">"}, count=3)
        assert first[0][0] == s and [e[0] for e in first[0][1]] == ids[:3]
        second = await c.xreadgroup("workers", "bob", {s: ">"}, count=10)
        assert [e[0] for e in second[0][1]] == ids[3:]
        assert await c.xreadgroup("workers", "bob", {s: ">"}) == []
        # Alice acks one; four stay pending.
        assert await c.xack(s, "workers", ids[0]) == 1
        summary = await c.xpending(s, "workers")
        assert summary["pending"] == 4 and summary["min"] == ids[1] and summary["max"] == ids[4]
        assert sorted((x["name"], x["pending"]) for x in summary["consumers"]) == [("alice", 2), ("bob", 2)]
        rows = await c.xpending_range(s, "workers", "-", "+", 10, consumername="alice")
        assert [row["message_id"] for row in rows] == ids[1:3] and rows[0]["times_delivered"] == 1
        # Carol claims everything pending (idle >= 0 ms), then acks it all.
        start, claimed, deleted = await c.xautoclaim(s, "workers", "carol", 0, start_id="0-0", count=10)
        assert [e[0] for e in claimed] == ids[1:] and claimed[0][1] == {"n": "1", "what": "job"} and deleted == []
        assert await c.xclaim(s, "workers", "alice", 0, [ids[1]], justid=True) == [ids[1]]
        assert await c.xack(s, "workers", *ids[1:]) == 4
        assert (await c.xpending(s, "workers"))["pending"] == 0
        groups = await c.xinfo_groups(s)
        assert groups[0]["name"] == "workers" and groups[0]["pending"] == 0
        assert {x["name"] for x in await c.xinfo_consumers(s, "workers")} == {"alice", "bob", "carol"}
        info = await c.xinfo_stream(s)
        assert info["length"] == 5 and info["last-entry"][0] == ids[-1]
        # A blocking read wakes up on a new entry; xread sees everything.
        assert await c.xread({s: ids[-1]}, block=50) == []
        assert len((await c.xread({s: "0"}, count=2))[0][1]) == 2
        assert await c.xtrim(s, maxlen=2, approximate=False) == 3
        assert await c.xdel(s, ids[-1]) == 1
        assert await c.xgroup_delconsumer(s, "workers", "carol") == 0
        assert await c.xgroup_destroy(s, "workers") == 1
        with pytest.raises(ValueError, match="fields must not be empty"):
            await c.xadd(s, {})
        with pytest.raises(TypeError, match="streams"):
            await c.xread([s])  # type: ignore[arg-type]
        await c.delete(s)


@async_test
async def test_geo_hyperloglog_and_bitmaps(standalone_server: None) -> None:
    async with await haven.Client.connect(config(), decode_responses=True) as c:
        g, h1, h2, b = key("geo"), key("hll1"), key("hll2"), key("bits")
        await c.delete(g, h1, h2, b)
        assert await c.geoadd(g, [13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania"]) == 2
        assert round(await c.geodist(g, "Palermo", "Catania", unit="km")) == 166
        assert await c.geodist(g, "Palermo", "Nowhere") is None
        (lon, lat), missing = await c.geopos(g, "Palermo", "Nowhere")
        assert abs(lon - 13.361389) < 1e-4 and abs(lat - 38.115556) < 1e-4 and missing is None
        assert await c.geosearch(g, longitude=15, latitude=37, radius=200, unit="km", sort="ASC") == ["Catania", "Palermo"]
        near = await c.geosearch(g, member="Palermo", radius=100, unit="km", withdist=True, withcoord=True)
        assert near[0][0] == "Palermo" and near[0][1] == 0.0 and abs(near[0][2][0] - 13.361389) < 1e-4
        assert await c.geosearch(g, longitude=15, latitude=37, width=400, height=400, unit="km", count=1, sort="ASC") == ["Catania"]
        assert await c.geosearchstore(key("geo-near"), g, member="Catania", radius=10, unit="km") == 1
        assert len((await c.geohash(g, "Palermo"))[0]) == 11
        with pytest.raises(ValueError, match="member, or longitude and latitude"):
            await c.geosearch(g, radius=1)
        # HyperLogLog.
        assert await c.pfadd(h1, *[f"a{i}" for i in range(1000)]) == 1
        assert await c.pfadd(h2, *[f"a{i}" for i in range(500, 1500)]) == 1
        assert 980 <= await c.pfcount(h1) <= 1020
        assert 1450 <= await c.pfcount(h1, h2) <= 1550
        assert await c.pfmerge(key("hll-all"), h1, h2) is True
        assert 1450 <= await c.pfcount(key("hll-all")) <= 1550
        # Bitmaps and BITFIELD.
        assert await c.setbit(b, 7, 1) == 0
        assert await c.getbit(b, 7) == 1
        await c.set(b, "foobar")
        assert await c.bitcount(b) == 26
        assert await c.bitcount(b, 1, 1) == 6
        assert await c.bitcount(b, 5, 30, mode="BIT") == 17
        assert await c.bitpos(b, 1) == 1
        ops = [("SET", "u8", 0, 255), ("GET", "u8", 0), ("INCRBY", "u8", 0, 10), ("OVERFLOW", "FAIL"), ("INCRBY", "u8", 0, 250)]
        assert await c.bitfield(key("bf"), ops) == [0, 255, 9, None]
        assert await c.bitfield_ro(key("bf"), "u8", 0, items=[("u4", 4)]) == [9, 9]
        assert await c.bitop("NOT", key("bits-not"), b) == 6
        with pytest.raises(TypeError, match=r"operations\[0\]"):
            await c.bitfield(b, ["GET u8 0"])
        await c.delete(g, h1, h2, b, key("geo-near"), key("hll-all"), key("bf"), key("bits-not"))


@async_test
async def test_functions_mpop_and_sorted_set_algebra(standalone_server: None) -> None:
    async with await haven.Client.connect(config(), decode_responses=True) as c:
        k, l1, l2, z1, z2 = key("fn"), key("l1"), key("l2"), key("z1"), key("z2")
        await c.delete(k, l1, l2, z1, z2)
        assert await c.function_load(LIBRARY, replace=True) == "havenlib"
        assert await c.fcall("hv_incr", 1, k, 5) == 5
        assert await c.fcall_ro("hv_get", 1, k) == "5"
        libraries = await c.function_list(library="havenlib", withcode=True)
        assert libraries[0]["library_name"] == "havenlib" and "hv_incr" in libraries[0]["library_code"]
        assert {f["name"] for f in libraries[0]["functions"]} == {"hv_incr", "hv_get"}
        with pytest.raises(haven.ResponseError):
            await c.fcall_ro("hv_incr", 1, k, 1)
        assert await c.function_delete("havenlib") is True
        # LMPOP / BLMPOP.
        await c.rpush(l2, "a", "b", "c")
        assert await c.lmpop(2, l1, l2, direction="LEFT", count=2) == [l2, ["a", "b"]]
        assert await c.blmpop(0.1, 2, l1, l2, direction="RIGHT") == [l2, ["c"]]
        assert await c.blmpop(0.05, 1, l1, direction="LEFT") is None
        # Sorted-set algebra and ZMPOP.
        await c.zadd(z1, {"a": 1, "b": 2, "c": 3})
        await c.zadd(z2, {"b": 10, "c": 20, "d": 30})
        assert await c.zunion([z1, z2]) == ["a", "b", "c", "d"]
        assert await c.zinter({z1: 1, z2: 2}, withscores=True) == [("b", 22.0), ("c", 43.0)]
        assert await c.zinter([z1, z2], aggregate="MIN", withscores=True) == [("b", 2.0), ("c", 3.0)]
        assert await c.zdiff([z1, z2], withscores=True) == [("a", 1.0)]
        assert await c.zunionstore(key("zu"), [z1, z2], aggregate="MAX") == 4
        assert await c.zinterstore(key("zi"), [z1, z2]) == 2
        assert await c.zdiffstore(key("zd"), [z2, z1]) == 1
        assert await c.zrangestore(key("zr"), z2, 15, 100, byscore=True) == 2
        assert await c.zmpop(2, [key("none"), z1], min=True, count=2) == [z1, [("a", 1.0), ("b", 2.0)]]
        assert await c.bzmpop(0.1, 1, [z1], max=True) == [z1, [("c", 3.0)]]
        with pytest.raises(ValueError, match="exactly one of min and max"):
            await c.zmpop(1, [z1])
        await c.delete(k, l1, l2, z1, z2, key("zu"), key("zi"), key("zd"), key("zr"))


def test_the_families_in_the_sync_client_and_pipelines(standalone_server: None) -> None:
    with haven.SyncClient.connect(config(), decode_responses=True) as c:
        s, h = key("sync-stream"), key("sync-hll")
        c.delete(s, h)
        entry = c.xadd(s, {"f": "v"})
        assert c.xrange(s) == [(entry, {"f": "v"})]
        pipe = c.pipeline(transaction=False)
        pipe.pfadd(h, "x", "y").pfcount(h).xlen(s).geoadd(key("sync-geo"), [1, 2, "m"])
        assert pipe.execute() == [1, 2, 1, 1]
        c.delete(s, h, key("sync-geo"))


@async_test
async def test_hash_field_expiry(standalone_server: None) -> None:
    """HEXPIRE/HTTL/HPERSIST (Valkey 9, Redis 7.4+), HGETEX/HSETEX (Valkey 9,
    Redis 8): against Redis 7.0 the server's "unknown command" is a
    ResponseError, never a crash."""
    async with await haven.Client.connect(config(), decode_responses=True) as c:
        h = key("hfe")
        await c.delete(h)
        await c.hset(h, mapping={"a": 1, "b": 2})
        if not VALKEY:
            with pytest.raises(haven.ResponseError, match="(?i)unknown command"):
                await c.hexpire(h, 100, "a")
            return
        assert await c.hexpire(h, 100, "a", "missing") == [1, -2]
        assert await c.hexpire(h, 200, "a", nx=True) == [0]
        assert 90 <= (await c.httl(h, "a"))[0] <= 100 and await c.httl(h, "b") == [-1]
        assert 90_000 <= (await c.hpttl(h, "a"))[0] <= 100_000
        assert await c.hpexpire(h, 50_000, "b") == [1]
        assert await c.hpersist(h, "a", "b") == [1, 1]
        assert await c.httl(h, "a", "b") == [-1, -1]
        assert await c.hgetex(h, "a", "b", ex=60) == ["1", "2"]
        assert 50 <= (await c.httl(h, "b"))[0] <= 60
        assert await c.hgetex(h, "a", persist=True) == ["1"]
        assert await c.hsetex(h, {"c": 3, "d": 4}, fnx=True, px=30_000) == 1
        assert await c.hsetex(h, {"c": 5}, fnx=True, ex=10) == 0
        assert 20_000 <= (await c.hpttl(h, "c"))[0] <= 30_000
        assert (await c.hexpiretime(h, "c"))[0] > 0
        with pytest.raises(ValueError, match="exclude each other"):
            await c.hgetex(h, "a", ex=1, persist=True)
        await c.delete(h)


@async_test
async def test_functions_load_on_every_primary_of_a_cluster(servers) -> None:
    servers("cluster")
    cfg = haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], request_timeout_ms=3000)
    async with await haven.Client.connect(cfg, decode_responses=True) as c:
        assert await c.function_load(LIBRARY, replace=True) == "havenlib"
        keys = [key(f"cluster-fn-{i}") for i in range(12)]
        for k in keys:
            assert await c.fcall("hv_incr", 1, k, 2) == 2
            assert await c.fcall_ro("hv_get", 1, k) == "2"
        assert await c.function_delete("havenlib") is True
        for k in keys:
            await c.delete(k)
