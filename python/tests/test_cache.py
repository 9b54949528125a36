"""The client-side cache, coalescing, cache-aside and write-through from
Python, against the local servers: invalidation by another client's write,
bounds, serving stale values during a real outage (SIGKILL of a spare node),
get_or_load's single loader and its errors, the fleet lease across two
processes, bad configuration named."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from typing import Any, Dict

import pytest

import haven
from conftest import (
    CLUSTER,
    DB,
    MASTER_NAME,
    SENTINELS,
    STANDALONE,
    TIMEOUT_MS,
    alive,
    async_test,
    await_until,
    cli,
    close,
    config,
    connect,
    fault_lock,
    key,
    servers_sh,
)

SPARE = 6451


async def stats(client: Any, which: str = "cache_stats") -> Any:
    """The counters of an async client or a SyncAsAsync-wrapped sync one."""
    result = getattr(client, which)()
    return await result if inspect.isawaitable(result) else result


def delta(after: Dict[str, int], before: Dict[str, int], name: str) -> int:
    return after[name] - before[name]


@async_test
async def test_a_write_by_another_client_invalidates_within_a_second(flavour: str) -> None:
    k = key(f"cache:inval:{flavour}")
    cli(STANDALONE, "SET", k, "v1")
    client = await connect(flavour, config(cache=haven.ClientCache()))
    try:
        assert await client.get(k) == b"v1"
        before = await stats(client)
        assert await client.get(k) == b"v1"
        after = await stats(client)
        assert delta(after, before, "hits") == 1, (before, after)
        assert after["entries"] >= 1
        cli(STANDALONE, "SET", k, "v2")
        started = time.monotonic()
        while await client.get(k) != b"v2":
            assert time.monotonic() - started < 5.0, "still the old value after 5 s"
            await asyncio.sleep(0.01)
        assert (await stats(client))["invalidations"] >= 1
    finally:
        await close(client)


@async_test
async def test_cluster_write_invalidates_within_a_second(servers) -> None:  # type: ignore[no-untyped-def]
    servers("cluster")
    cfg = haven.ClusterConfig(
        [f"127.0.0.1:{p}" for p in CLUSTER], request_timeout_ms=TIMEOUT_MS, cache=haven.ClientCache()
    )
    client = await haven.Client.connect(cfg)
    other = await haven.Client.connect(haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER]))
    try:
        keys = [key(f"cache:cluster:{i}") for i in range(6)]
        for k in keys:
            await other.set(k, "old")
            assert await client.get(k) == b"old"
        before = client.cache_stats()
        for k in keys:
            assert await client.get(k) == b"old"
        assert delta(client.cache_stats(), before, "hits") == len(keys)
        for k in keys:
            await other.set(k, "new")
        started = time.monotonic()
        for k in keys:
            while await client.get(k) != b"new":
                assert time.monotonic() - started < 5.0, f"{k} still old after 5 s"
                await asyncio.sleep(0.01)
    finally:
        await client.close()
        await other.close()


@async_test
async def test_bounds_hold_for_entries_and_bytes(standalone_server: None) -> None:
    cache = haven.ClientCache(max_entries=10, max_bytes=4000)
    client = await haven.Client.connect(config(cache=cache))
    try:
        for i in range(60):
            k = key(f"cache:bounds:{i}")
            cli(STANDALONE, "SET", k, "x" * (50 + 10 * (i % 30)))
            await client.get(k)
            s = client.cache_stats()
            assert s["entries"] <= 10 and s["bytes"] <= 4000, s
        s = client.cache_stats()
        assert s["evictions"] > 0 and s["entries"] > 0, s
    finally:
        await client.close()


@async_test
async def test_concurrent_identical_gets_go_to_the_server_once(standalone_server: None) -> None:
    k = key("cache:coalesce")
    cli(STANDALONE, "SET", k, "v")
    client = await haven.Client.connect(config(cache=haven.ClientCache()))
    try:
        before = client.cache_stats()
        values = await asyncio.gather(*(client.get(k) for _ in range(50)))
        after = client.cache_stats()
        assert values == [b"v"] * 50
        assert delta(after, before, "misses") == 1, (before, after)
        assert sum(delta(after, before, n) for n in ("misses", "hits", "coalesced")) == 50
    finally:
        await client.close()


@async_test
async def test_cached_reads_one_command_through_the_cache(flavour: str) -> None:
    k = key(f"cache:optin:{flavour}")
    cli(STANDALONE, "HSET", k, "f", "1")
    client = await connect(flavour, config(cache=haven.ClientCache(commands=())))
    try:
        await client.hgetall(k)
        await client.hgetall(k)
        assert (await stats(client))["hits"] == 0  # not cached unless asked
        assert await client.cached(["HGETALL", k]) == {b"f": b"1"}
        assert await client.cached(["HGETALL", k]) == {b"f": b"1"}
        assert (await stats(client))["hits"] == 1
        # A fresh reply is not marked stale.
        assert await client.cached(["HGETALL", k], with_stale=True) == ({b"f": b"1"}, None)
    finally:
        await close(client)


@async_test
async def test_hits_keep_the_reply_shapes_and_end_with_the_client(flavour: str) -> None:
    # A hit is answered in the calling thread (no trip through the engine):
    # the same shapes, callbacks and decoding as a reply from the server.
    k = key(f"cache:shapes:{flavour}")
    cli(STANDALONE, "DEL", k)
    cli(STANDALONE, "HSET", k, "f", "1")
    cfg = config(cache=haven.ClientCache(commands=("HEXISTS", "HGET")))
    client = await connect(flavour, cfg, decode_responses=True)
    try:
        for _ in range(3):
            assert await client.hexists(k, "f") is True  # the to_bool callback
            assert await client.hget(k, "f") == "1"  # decoded
        assert (await stats(client))["hits"] == 4
        cli(STANDALONE, "HDEL", k, "f")
        async def gone() -> bool:
            return await client.hexists(k, "f") is False

        await await_until("the hit entry to be invalidated", gone)
    finally:
        await close(client)
    with pytest.raises(haven.ClosingError):
        await client.hget(k, "f")


@async_test
async def test_no_cache_means_no_stats(flavour: str) -> None:
    client = await connect(flavour, config())
    try:
        assert await stats(client) is None
        assert (await stats(client, 'load_stats'))["loader_calls"] == 0
    finally:
        await close(client)


@async_test
async def test_coalesce_reads_sends_identical_reads_once(standalone_server: None) -> None:
    k = key("coalesce")
    cli(STANDALONE, "SET", k, "v1")
    client = await haven.Client.connect(config(coalesce_reads=True))
    plain = await haven.Client.connect(config())
    try:
        assert await asyncio.gather(*(client.get(k) for _ in range(100))) == [b"v1"] * 100
        assert client.stats()["coalesced_reads"] >= 1, client.stats()
        # A read after this client's own write never shares an older read.
        await client.set(k, "v2")
        assert await asyncio.gather(*(client.get(k) for _ in range(10))) == [b"v2"] * 10
        # Off by default.
        assert await asyncio.gather(*(plain.get(k) for _ in range(100))) == [b"v2"] * 100
        assert plain.stats()["coalesced_reads"] == 0
    finally:
        await client.close()
        await plain.close()
    with pytest.raises(TypeError, match="coalesce_reads"):
        config(coalesce_reads="yes")


# ------------------------------------------------------------ get_or_load --


@async_test
async def test_get_or_load_runs_one_loader_for_concurrent_callers(standalone_server: None) -> None:
    k = key("aside:one")
    cli(STANDALONE, "DEL", k)
    client = await haven.Client.connect(config())
    calls = 0

    async def loader() -> bytes:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        return b"loaded"

    try:
        values = await asyncio.gather(
            *(client.get_or_load(k, loader, ttl_ms=10000, jitter=0.5) for _ in range(1000))
        )
        assert values == [b"loaded"] * 1000
        assert calls == 1
        stats = client.load_stats()
        assert stats["loader_calls"] == 1 and stats["coalesced"] == 999, stats
        assert cli(STANDALONE, "GET", k) == "loaded"
        pttl = int(cli(STANDALONE, "PTTL", k))
        assert 4000 <= pttl <= 10000, pttl  # jittered within [ttl * (1 - 0.5), ttl]
        # A hit: no loader.
        assert await client.get_or_load(k, loader, ttl_ms=10000) == b"loaded"
        assert calls == 1
    finally:
        await client.close()


@async_test
async def test_jitter_spreads_ttls(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    try:
        ttls = set()
        for i in range(10):
            k = key(f"aside:jitter:{i}")
            cli(STANDALONE, "DEL", k)
            await client.get_or_load(k, lambda: "v", ttl_ms=100000, jitter=0.5)
            ttls.add(int(cli(STANDALONE, "PTTL", k)) // 1000)
        assert all(49 <= t <= 100 for t in ttls), ttls
        assert len(ttls) > 1, ttls
    finally:
        await client.close()


@async_test
async def test_a_loader_error_reaches_every_waiter_and_is_not_stored(standalone_server: None) -> None:
    k = key("aside:error")
    cli(STANDALONE, "DEL", k)
    client = await haven.Client.connect(config())
    calls = 0

    async def failing() -> bytes:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.1)
        raise ValueError("database down")

    try:
        results = await asyncio.gather(*(client.get_or_load(k, failing) for _ in range(20)), return_exceptions=True)
        assert calls == 1
        for r in results:
            assert isinstance(r, haven.ResponseError), r
            assert "ValueError: database down" in str(r)
        assert cli(STANDALONE, "EXISTS", k) == "0"
        # The next call retries.
        assert await client.get_or_load(k, lambda: "ok") == b"ok"
        # A loader returning the wrong type: its waiters are told.
        k2 = key("aside:wrongtype")
        cli(STANDALONE, "DEL", k2)
        with pytest.raises(haven.ResponseError, match="returned int"):
            await client.get_or_load(k2, lambda: 42)
        assert cli(STANDALONE, "EXISTS", k2) == "0"
    finally:
        await client.close()


# One process of the fleet-lease test: 500 concurrent get_or_load of the same
# cold key from `argv[1]`'s start time on; each loader call appends a line to
# argv[3]. Prints the distinct values it got and its load_stats as JSON.
_FLEET_PROCESS = r"""
import asyncio, json, sys, time
import haven

async def main():
    start_at, k, calls_file, port, db = float(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    client = await haven.Client.connect(haven.StandaloneConfig([f"127.0.0.1:{port}"], database=db, request_timeout_ms=5000))

    async def loader():
        with open(calls_file, "a") as f:
            f.write("call\n")
        await asyncio.sleep(0.3)
        return b"fleet-value"

    await asyncio.sleep(max(0.0, start_at - time.time()))
    values = await asyncio.gather(*(client.get_or_load(k, loader, ttl_ms=30000, lease_ms=3000) for _ in range(500)))
    print(json.dumps({"values": sorted({v.decode() for v in values}), "stats": client.load_stats()}))
    await client.close()

asyncio.run(main())
"""


def test_a_fleet_lease_lets_one_of_two_processes_load(standalone_server: None, tmp_path: Any) -> None:
    import json
    import subprocess
    import sys

    k = key("aside:fleet")
    cli(STANDALONE, "DEL", k, f"{k}:haven-lease")
    calls_file = tmp_path / "loader-calls"
    calls_file.write_text("")
    start_at = time.time() + 3.0  # both processes connected and waiting by then
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _FLEET_PROCESS, str(start_at), k, str(calls_file), str(STANDALONE), str(DB)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert calls_file.read_text().count("call") == 1, "the loader ran more than once across the two processes"
    for r in results:
        assert r["values"] == ["fleet-value"], r
    loaded = [r["stats"]["loader_calls"] for r in results]
    assert sorted(loaded) == [0, 1], results
    waiter = results[loaded.index(0)]["stats"]
    assert waiter["lease_waits"] >= 1, results
    assert cli(STANDALONE, "GET", k) == "fleet-value"
    assert cli(STANDALONE, "EXISTS", f"{k}:haven-lease") == "0", "the lease was not released"


def test_sync_get_or_load_and_write_through(standalone_server: None) -> None:
    k = key("aside:sync")
    cli(STANDALONE, "DEL", k)
    client = haven.SyncClient.connect(config())
    calls = []
    try:
        def loader() -> str:
            calls.append(threading.current_thread().name)
            time.sleep(0.2)
            return "from-db"

        results: list = []
        threads = [threading.Thread(target=lambda: results.append(client.get_or_load(k, loader))) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert results == [b"from-db"] * 8
        assert len(calls) == 1
        k2 = key("aside:sync:error")
        cli(STANDALONE, "DEL", k2)

        def failing() -> bytes:
            raise RuntimeError("nope")

        with pytest.raises(haven.ResponseError, match="RuntimeError: nope"):
            client.get_or_load(k2, failing)
        assert cli(STANDALONE, "EXISTS", k2) == "0"

        async def coroutine_loader() -> bytes:
            return b"x"

        with pytest.raises(haven.ResponseError, match="plain function"):
            client.get_or_load(k2, coroutine_loader)

        written = []
        client.write_through(k, "new", lambda: written.append(1), ttl_ms=5000)
        assert written == [1] and cli(STANDALONE, "GET", k) == "new"
        client.write_through(k, "newer", lambda: written.append(2), mode="invalidate")
        assert written == [1, 2] and cli(STANDALONE, "EXISTS", k) == "0"
    finally:
        client.close()


@async_test
async def test_write_through_updates_or_invalidates(standalone_server: None) -> None:
    k = key("aside:write")
    cli(STANDALONE, "SET", k, "old")
    client = await haven.Client.connect(config())
    source: Dict[str, str] = {}
    try:
        async def write() -> None:
            await asyncio.sleep(0.01)
            source[k] = "v1"

        await client.write_through(k, "v1", write, ttl_ms=5000, mode="update")
        assert source[k] == "v1" and cli(STANDALONE, "GET", k) == "v1"
        assert 0 < int(cli(STANDALONE, "PTTL", k)) <= 5000

        await client.write_through(k, "v2", lambda: source.update({k: "v2"}), mode="invalidate")
        assert source[k] == "v2" and cli(STANDALONE, "EXISTS", k) == "0"

        cli(STANDALONE, "SET", k, "kept")

        def broken() -> None:
            raise OSError("disk full")

        with pytest.raises(haven.ResponseError, match="disk full"):
            await client.write_through(k, "v3", broken)
        assert cli(STANDALONE, "GET", k) == "kept"
        with pytest.raises(haven.ConfigError, match="write_through.mode"):
            await client.write_through(k, "v3", lambda: None, mode="sometimes")
    finally:
        await client.close()


# -------------------------------------------------------------- outages --


@async_test
async def test_serve_stale_during_an_outage_of_the_node(servers) -> None:  # type: ignore[no-untyped-def]
    servers("spare")
    k = key("cache:stale")
    stale_cfg = config(
        SPARE,
        database=0,
        request_timeout_ms=1000,
        cache=haven.ClientCache(serve_stale_ms=60000),
    )
    plain_cfg = config(SPARE, database=0, request_timeout_ms=1000, cache=haven.ClientCache())
    with fault_lock():
        if not alive(SPARE):
            servers_sh("restart-node", str(SPARE))
        cli(SPARE, "SET", k, "last-known", db=0)
        stale = await haven.Client.connect(stale_cfg)
        plain = await haven.Client.connect(plain_cfg)
        sync_stale = haven.SyncClient.connect(stale_cfg)
        try:
            assert sync_stale.get(k) == b"last-known"
            assert await stale.get(k) == b"last-known"
            assert await plain.get(k) == b"last-known"
            servers_sh("kill-node", str(SPARE))
            try:
                # Serve-stale on: the last known value, counted as stale.
                assert await stale.get(k) == b"last-known"
                assert stale.cache_stats()["stale_served"] >= 1
                # The flag: how stale the value is.
                value, stale_ms = await stale.cached(["GET", k], with_stale=True)
                assert value == b"last-known" and isinstance(stale_ms, int) and stale_ms >= 0
                assert stale.cache_stats()["stale_served"] >= 2
                # SyncClient too (off the loop: it blocks).
                value, stale_ms = await asyncio.to_thread(sync_stale.cached, ["GET", k], None, True)
                assert value == b"last-known" and isinstance(stale_ms, int)
                assert sync_stale.cache_stats()["stale_served"] == 1
                # A key never cached has nothing to fall back on.
                with pytest.raises(haven.HavenError):
                    await stale.get(key("cache:never"))
                # Serve-stale off: the read fails as usual.
                with pytest.raises(haven.HavenError):
                    await plain.get(k)
            finally:
                servers_sh("restart-node", str(SPARE))
            # Back: a write is seen (fresh values, not stale ones).
            await await_until("the node back", lambda: alive(SPARE))
            cli(SPARE, "SET", k, "fresh", db=0)
            started = time.monotonic()
            while True:
                try:
                    if await stale.get(k) == b"fresh":
                        break
                except haven.HavenError:
                    pass
                assert time.monotonic() - started < 30, "the fresh value never came back"
                await asyncio.sleep(0.1)
        finally:
            sync_stale.close()
            await stale.close()
            await plain.close()
            if not alive(SPARE):
                servers_sh("restart-node", str(SPARE))


# ------------------------------------------------------------ bad config --


@pytest.mark.parametrize(
    "cache,field",
    [
        (haven.ClientCache(max_entries=0), "cache.max_entries"),
        (haven.ClientCache(max_bytes=-1), "cache.max_bytes"),
        (haven.ClientCache(ttl_ms=0), "cache.ttl_ms"),
        (haven.ClientCache(mode="sometimes"), "cache.mode"),
        (haven.ClientCache(commands=("SET",)), "cache.commands[0]"),
        (haven.ClientCache(commands=("NOPE",)), "cache.commands[0]"),
        (haven.ClientCache(prefixes=("a:",)), "cache.prefixes"),
        (haven.ClientCache(serve_stale_ms=-5), "cache.serve_stale_ms"),
    ],
)
def test_bad_cache_config_names_the_field(standalone_server: None, cache: Any, field: str) -> None:
    with pytest.raises(haven.ConfigError, match=field.replace("[", r"\[").replace("]", r"\]")):
        haven.SyncClient.connect(config(cache=cache))


def test_cache_config_types_are_checked() -> None:
    with pytest.raises(TypeError, match="cache.max_entries"):
        haven.ClientCache(max_entries="many")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"cache.commands\[1\]"):
        haven.ClientCache(commands=("GET", 3))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cache"):
        config(cache={"max_entries": 5})
    for cls in (haven.ClusterConfig, haven.SentinelConfig):
        assert "cache" in {f for f in cls.__dataclass_fields__}
    multi = haven.MultiEndpointConfig(
        [haven.Endpoint("a", config=config())], cache=haven.ClientCache(mode="bcast", prefixes=(b"x:",))
    )
    assert multi._to_dict()["cache"]["prefixes"] == [b"x:"]


@async_test
async def test_bad_load_options_are_named(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    try:
        k = key("aside:bad")
        with pytest.raises(haven.ConfigError, match="get_or_load.jitter"):
            await client.get_or_load(k, lambda: "v", jitter=2.0)
        with pytest.raises(haven.ConfigError, match="get_or_load.ttl"):
            await client.get_or_load(k, lambda: "v", ttl_ms=-1)
        with pytest.raises(TypeError, match="loader"):
            await client.get_or_load(k, "not callable")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="key"):
            await client.get_or_load(3, lambda: "v")  # type: ignore[arg-type]
    finally:
        await client.close()


@async_test
async def test_multi_endpoint_and_sentinel_configs_take_a_cache(servers) -> None:  # type: ignore[no-untyped-def]
    k = key("cache:multi")
    cli(STANDALONE, "SET", k, "m1")
    cfg = haven.MultiEndpointConfig(
        [haven.Endpoint("only", config=config())], request_timeout_ms=TIMEOUT_MS, cache=haven.ClientCache()
    )
    client = await haven.Client.connect(cfg)
    try:
        assert await client.get(k) == b"m1"
        assert await client.get(k) == b"m1"
        assert client.cache_stats()["hits"] == 1
        cli(STANDALONE, "SET", k, "m2")
        await await_until("the write seen", lambda: client.cache_stats()["invalidations"] >= 1, 2.0)
        assert await client.get(k) == b"m2"
    finally:
        await client.close()
    servers("sentinel")
    sentinel = haven.SentinelConfig(
        [f"127.0.0.1:{p}" for p in SENTINELS], MASTER_NAME, request_timeout_ms=TIMEOUT_MS,
        cache=haven.ClientCache(max_entries=0),
    )
    with pytest.raises(haven.ConfigError, match="cache.max_entries"):
        await haven.Client.connect(sentinel)
