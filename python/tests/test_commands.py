"""Every typed command family, once on haven.Client and once on
haven.SyncClient, checked against redis-py's reply shapes."""

from __future__ import annotations

import datetime
import time

import pytest

import haven
from conftest import DB, STANDALONE, async_test, cli, close, config, connect, key


@async_test
async def test_strings(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"str-{flavour}")
    try:
        await c.delete(k, k + ":n", k + ":f", k + ":a", k + ":b")
        assert await c.set(k, "v", ex=100) is True
        assert 0 < await c.ttl(k) <= 100
        assert await c.set(k, "w", px=datetime.timedelta(seconds=50)) is True
        assert 0 < await c.pttl(k) <= 50_000
        assert await c.set(k, "x", nx=True) is None
        assert await c.set(k + ":none", "x", xx=True) is None
        assert await c.set(k, "y", xx=True, keepttl=True) is True
        assert 0 < await c.pttl(k) <= 50_000
        assert await c.set(k, "z", get=True) == b"y"
        assert await c.set(k, "e", exat=int(time.time()) + 60) is True
        assert 0 < await c.ttl(k) <= 60
        assert await c.setnx(k, "no") is False
        assert await c.setex(k + ":n", 30, 5) is True
        assert await c.psetex(k + ":f", datetime.timedelta(seconds=30), 1) is True
        assert await c.incr(k + ":n") == 6
        assert await c.incr(k + ":n", 10) == 16
        assert await c.incrby(k + ":n", 4) == 20
        assert await c.decr(k + ":n") == 19
        assert await c.decrby(k + ":n", 9) == 10
        assert await c.incrbyfloat(k + ":f", 0.5) == 1.5
        assert await c.append(k, "xt") == 3
        assert await c.strlen(k) == 3
        assert await c.getrange(k, 1, 2) == b"xt"
        assert await c.setrange(k, 1, "XY") == 3
        assert await c.mset({k + ":a": "1", k + ":b": b"2"}) is True
        assert await c.mget([k + ":a", k + ":b", k + ":missing"]) == [b"1", b"2", None]
        assert await c.mget(k + ":a", k + ":b") == [b"1", b"2"]
        assert await c.msetnx({k + ":a": "9", k + ":c": "9"}) is False
        assert await c.getex(k + ":a", ex=100) == b"1"
        assert 0 < await c.ttl(k + ":a") <= 100
        assert await c.getex(k + ":a", persist=True) == b"1"
        assert await c.ttl(k + ":a") == -1
        assert await c.getdel(k + ":a") == b"1"
        assert await c.get(k + ":a") is None
    finally:
        await close(c)


@async_test
async def test_keys_and_expiry(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"keys-{flavour}")
    try:
        await c.delete(k, k + ":2", k + ":3")
        await c.set(k, "1")
        assert await c.exists(k, k, k + ":2") == 2
        assert await c.type(k) == b"string"
        assert await c.expire(k, 100) is True
        assert await c.expire(k + ":2", 100) is False
        assert await c.expire(k, 200, gt=True) is True
        assert 100 < await c.ttl(k) <= 200
        assert await c.pexpire(k, datetime.timedelta(seconds=90)) is True
        assert 0 < await c.pttl(k) <= 90_000
        assert await c.expireat(k, datetime.datetime.now() + datetime.timedelta(seconds=80)) is True
        assert 0 < await c.ttl(k) <= 80
        assert await c.pexpireat(k, int(time.time() * 1000) + 70_000) is True
        assert await c.persist(k) is True
        assert await c.persist(k) is False
        assert await c.ttl(k) == -1
        assert await c.ttl(k + ":2") == -2
        assert await c.rename(k, k + ":2") is True
        await c.set(k + ":3", "x")
        assert await c.renamenx(k + ":2", k + ":3") is False
        assert await c.touch(k + ":2", k + ":3") == 2
        assert sorted(await c.keys(k + ":*")) == [(k + ":2").encode(), (k + ":3").encode()]
        assert await c.randomkey() is not None
        assert await c.unlink(k + ":3") == 1
        assert await c.delete(k + ":2", k + ":3") == 1
        assert await c.exists(k + ":2") == 0
        cursor, keys = await c.scan(0, match=k + ":*", count=10)
        assert isinstance(cursor, int) and isinstance(keys, list)
    finally:
        await close(c)


@async_test
async def test_hashes(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"hash-{flavour}")
    try:
        await c.delete(k)
        assert await c.hset(k, "a", "1") == 1
        assert await c.hset(k, mapping={"b": 2, "c": b"3"}) == 2
        assert await c.hset(k, items=["d", "4"]) == 1
        assert await c.hget(k, "a") == b"1"
        assert await c.hget(k, "zz") is None
        assert await c.hgetall(k) == {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"4"}
        assert await c.hsetnx(k, "a", "x") is False
        assert await c.hincrby(k, "a", 5) == 6
        assert await c.hincrbyfloat(k, "b", 0.25) == 2.25
        assert sorted(await c.hkeys(k)) == [b"a", b"b", b"c", b"d"]
        assert sorted(await c.hvals(k)) == [b"2.25", b"3", b"4", b"6"]
        assert await c.hlen(k) == 4
        assert await c.hmget(k, ["a", "zz", "c"]) == [b"6", None, b"3"]
        assert await c.hmget(k, "a", "c") == [b"6", b"3"]
        assert await c.hexists(k, "a") is True
        assert await c.hexists(k, "zz") is False
        assert await c.hstrlen(k, "b") == 4
        assert await c.hdel(k, "a", "zz") == 1
        cursor, items = await c.hscan(k)
        assert cursor == 0 and items == {b"b": b"2.25", b"c": b"3", b"d": b"4"}
        with pytest.raises(ValueError, match="hset"):
            await c.hset(k)
    finally:
        await close(c)


@async_test
async def test_lists(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"list-{flavour}")
    try:
        await c.delete(k, k + ":2", k + ":empty")
        assert await c.rpush(k, "a", "b", "c") == 3
        assert await c.lpush(k, "z") == 4
        assert await c.lpushx(k + ":empty", "x") == 0
        assert await c.rpushx(k, "d") == 5
        assert await c.lrange(k, 0, -1) == [b"z", b"a", b"b", b"c", b"d"]
        assert await c.llen(k) == 5
        assert await c.lindex(k, 1) == b"a"
        assert await c.lindex(k, 99) is None
        assert await c.lset(k, 1, "A") is True
        assert await c.linsert(k, "BEFORE", "b", "ab") == 6
        assert await c.rpush(k, "b") == 7
        assert await c.lrem(k, 0, "b") == 2
        assert await c.lpop(k) == b"z"
        assert await c.rpop(k) == b"d"
        assert await c.lpop(k, 2) == [b"A", b"ab"]
        assert await c.rpush(k, "x", "y", "z") == 4
        assert await c.ltrim(k, 0, 2) is True
        assert await c.lrange(k, 0, -1) == [b"c", b"x", b"y"]
        assert await c.lmove(k, k + ":2", "LEFT", "RIGHT") == b"c"
        assert await c.rpoplpush(k, k + ":2") == b"y"
        assert await c.lrange(k + ":2", 0, -1) == [b"y", b"c"]
        assert await c.rpop(k + ":empty") is None
        assert await c.blpop([k + ":2", k], timeout=1) == ((k + ":2").encode(), b"y")
        assert await c.brpop(k, timeout=1) == (k.encode(), b"x")
        # Blocking past the request timeout (1.5 s > 1 s): the deadline
        # follows the command's own timeout.
        started = time.monotonic()
        short = await connect(flavour, config(request_timeout_ms=1000))
        try:
            assert await short.blpop(k + ":empty", timeout=1.5) is None
        finally:
            await close(short)
        assert time.monotonic() - started >= 1.4
        assert await c.blmove(k + ":2", k, 1) == b"c"
    finally:
        await close(c)


@async_test
async def test_sets(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"set-{flavour}")
    try:
        await c.delete(k, k + ":2", k + ":3")
        assert await c.sadd(k, "a", "b", "c") == 3
        assert await c.sadd(k, "a") == 0
        assert await c.smembers(k) == {b"a", b"b", b"c"}
        assert await c.sismember(k, "a") is True
        assert await c.sismember(k, "z") is False
        assert await c.smismember(k, ["a", "z"]) == [True, False]
        assert await c.scard(k) == 3
        assert await c.srem(k, "c", "z") == 1
        await c.sadd(k + ":2", "b", "x")
        assert await c.sinter([k, k + ":2"]) == {b"b"}
        assert await c.sunion(k, k + ":2") == {b"a", b"b", b"x"}
        assert await c.sdiff([k, k + ":2"]) == {b"a"}
        assert await c.smove(k + ":2", k, "x") is True
        assert await c.srandmember(k) in {b"a", b"b", b"x"}
        assert len(await c.srandmember(k, 2)) == 2
        assert await c.spop(k) in {b"a", b"b", b"x"}
        assert len(await c.spop(k, 5)) == 2
        assert await c.spop(k) is None
        cursor, members = await c.sscan(k + ":2")
        assert cursor == 0 and members == [b"b"]
    finally:
        await close(c)


@async_test
async def test_sorted_sets(flavour: str) -> None:
    c = await connect(flavour, config())
    k = key(f"zset-{flavour}")
    try:
        await c.delete(k)
        assert await c.zadd(k, {"a": 1, "b": 2.5, "c": 3}) == 3
        assert await c.zadd(k, {"a": 5}, nx=True) == 0
        assert await c.zadd(k, {"a": 1.5}, xx=True, ch=True) == 1
        assert await c.zadd(k, {"a": 1}, incr=True) == 2.5
        assert await c.zadd(k, {"new": 1}, xx=True, incr=True) is None
        assert await c.zrange(k, 0, -1) == [b"a", b"b", b"c"]
        assert await c.zrange(k, 0, -1, withscores=True) == [(b"a", 2.5), (b"b", 2.5), (b"c", 3.0)]
        assert await c.zrange(k, 0, 0, desc=True, withscores=True, score_cast_func=int) == [(b"c", 3)]
        assert await c.zrange(k, "(2.5", "+inf", byscore=True) == [b"c"]
        assert await c.zrange(k, 0, 10, byscore=True, offset=1, num=1) == [b"b"]
        assert await c.zrevrange(k, 0, 1) == [b"c", b"b"]
        assert await c.zrangebyscore(k, 2, 3) == [b"a", b"b", b"c"]
        assert await c.zrangebyscore(k, "-inf", "+inf", start=1, num=1, withscores=True) == [(b"b", 2.5)]
        assert await c.zrevrangebyscore(k, 3, 2.6, withscores=True) == [(b"c", 3.0)]
        assert await c.zscore(k, "a") == 2.5
        assert await c.zscore(k, "zz") is None
        assert await c.zmscore(k, ["a", "zz"]) == [2.5, None]
        assert await c.zincrby(k, 0.5, "a") == 3.0
        assert await c.zcard(k) == 3
        assert await c.zcount(k, 3, 3) == 2
        assert await c.zrank(k, "b") == 0
        assert await c.zrank(k, "zz") is None
        assert await c.zrevrank(k, "b") == 2
        assert await c.zpopmin(k) == [(b"b", 2.5)]
        assert await c.zpopmax(k, 1) == [(b"c", 3.0)]
        await c.zadd(k, {"x": 10, "y": 20, "z": 30})
        assert await c.zremrangebyscore(k, 15, 25) == 1
        assert await c.zremrangebyrank(k, 0, 0) == 1
        assert await c.zrem(k, "z", "nope") == 1
        cursor, items = await c.zscan(k)
        assert cursor == 0 and items == [(b"x", 10.0)]
        with pytest.raises(ValueError, match="mapping"):
            await c.zadd(k, {"a": 1, "b": 2}, incr=True)
        with pytest.raises(TypeError, match="mapping"):
            await c.zadd(k, ["a", 1])
    finally:
        await close(c)


@async_test
async def test_server_commands(flavour: str) -> None:
    c = await connect(flavour, config())
    try:
        assert await c.ping() is True
        assert await c.echo("hello") == b"hello"
        info = await c.info()
        assert isinstance(info["redis_version"], str) and info["tcp_port"] == STANDALONE
        assert isinstance(info["connected_clients"], int)
        assert isinstance(info["used_memory_peak_perc"], str)  # "12.34%" stays text
        assert f"db{DB}" in info and isinstance(info[f"db{DB}"], dict)
        assert set(await c.info("server")) >= {"redis_version", "uptime_in_seconds"}
        stats = await c.info("commandstats")
        assert "calls" in stats["cmdstat_info"]
        secs, usecs = await c.time()
        assert abs(secs - time.time()) < 60 and 0 <= usecs < 1_000_000
        assert (await c.config_get("maxmemory-policy"))[b"maxmemory-policy"]
        assert await c.dbsize() >= 0
        assert await c.custom_command(["OBJECT", "ENCODING", "nope"]) is None
    finally:
        await close(c)


@async_test
async def test_flushdb_and_dbsize(flavour: str, servers) -> None:
    # A database of its own: FLUSHDB must not touch other tests' keys.
    db = 9 if flavour == "async" else 10
    c = await connect(flavour, config(database=db))
    try:
        await c.mset({f"k{i}": i for i in range(10)})
        assert await c.dbsize() == 10
        assert await c.flushdb() is True
        assert await c.dbsize() == 0
        await c.set("k", 1)
        assert await c.flushdb(asynchronous=True) is True
        assert cli(STANDALONE, "DBSIZE", db=db) == "0"
    finally:
        await close(c)


@async_test
async def test_nodes_and_stats(flavour: str) -> None:
    c = await connect(flavour, config())
    try:
        nodes = await c.nodes() if flavour == "sync" else c.nodes()
        assert nodes == [
            haven.NodeInfo(f"127.0.0.1:{STANDALONE}", "primary", None, True, 1, 0),
        ]
    finally:
        await close(c)
