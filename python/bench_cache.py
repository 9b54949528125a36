"""haven's client-side cache benchmark (issue 10), from Python, on the local
standalone server (127.0.0.1:6400):

1. Cached GET hits beside uncached GETs: 100% GET of 100-byte values over
   1,000 hot keys (all in the cache after one pass), 100 asyncio tasks:
   haven with ``ClientCache``, haven without it, redis-py asyncio (which has
   no client-side cache for asyncio), and the loop's own ceiling: a read
   that is a future completed at once, with no client behind it.
2. The same reads from one thread, sync clients: haven.SyncClient with and
   without its cache beside redis-py with and without its client-side cache
   (``CacheConfig``, RESP3; redis-py offers it on the sync client only, and
   only against Redis 7.4 or later: on an older server it is skipped, and
   the output says why).
3. A stampede: a cold key, 1,000 concurrent readers, a loader that takes
   50 ms. haven's ``get_or_load`` beside a plain cache-aside loop (GET; on a
   miss run the loader and SET) with redis-py and with haven: loader calls
   and the readers' p50/p99 latency.

Prints tables; with HAVEN_BENCH_JSON=<file> appends one JSON line per point
(kind "throughput" for 1 and 2, kind "figure" for 3), the format of
bench.py. Quick mode (--quick or HAVEN_BENCH_QUICK=1): short points, one
stampede trial.

    python bench_cache.py            # full run (5 s per point, 5 stampede trials)
    python bench_cache.py --quick
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Tuple

import bench
from bench import DB, HOST, STANDALONE_PORT, VALUE, Sample, emit_json, run_async, run_sync

HOT_KEYS = 1_000
PLAN_SIZE = 1 << 16
#: GET only, walking the hot keys in order from each task's offset.
GET_PLAN: List[Tuple[bool, str]] = [(True, f"cbench:{i % HOT_KEYS}") for i in range(PLAN_SIZE)]
TASKS = 100
READERS = 1_000
LOADER_MS = 50
DEPLOYMENT = "standalone, cached GET"
REFERENCE = "haven (cache)"
CEILING = "(no client: a done future)"


def no_set(_k: str, _v: bytes) -> Any:
    raise AssertionError("the cache workload only reads")


# ---------------------------------------------------------------- clients --


def haven_config(cache: bool) -> Any:
    import haven

    return haven.StandaloneConfig(
        [f"{HOST}:{STANDALONE_PORT}"],
        database=DB,
        request_timeout_ms=5000,
        inflight_limit=100_000,
        cache=haven.ClientCache(max_entries=10 * HOT_KEYS) if cache else None,
    )


async def populate() -> None:
    import haven

    async with await haven.Client.connect(haven_config(False)) as client:
        await asyncio.gather(*(client.set(f"cbench:{i}", VALUE) for i in range(HOT_KEYS)))


# ------------------------------------------------------------------ output --


def report(title: str, results: Dict[str, Sample], concurrency: int, mode: str) -> None:
    """bench.py's table and JSON points, haven's cache as the reference."""
    bench.report(title, {(name, concurrency): s for name, s in results.items()}, list(results), [concurrency], DEPLOYMENT, mode, REFERENCE)


def figure(name: str, value: float, unit: str) -> None:
    emit_json({"kind": "figure", "language": "python", "name": name, "value": round(value, 2), "unit": unit})


# ------------------------------------------------------------- 1: asyncio --


async def bench_async_hits(seconds: float, rounds: int) -> None:
    import haven

    clients: Dict[str, Tuple[Callable[[str], Awaitable[Any]], Callable[[], Awaitable[Any]]]] = {}
    cached = await haven.Client.connect(haven_config(True))
    clients[REFERENCE] = (cached.get, cached.close)
    plain = await haven.Client.connect(haven_config(False))
    clients["haven, no cache"] = (plain.get, plain.close)
    try:
        import redis.asyncio as aioredis

        rp = aioredis.Redis(host=HOST, port=STANDALONE_PORT, db=DB, max_connections=TASKS + 10)
        clients["redis-py"] = (rp.get, rp.aclose)
    except ImportError:
        print("# redis-py: not installed; skipped", file=sys.stderr)
    # What the loop itself allows: every read a future completed at once,
    # with no client behind it. A hit can come no closer than this.
    loop = asyncio.get_running_loop()

    def done_future(_k: str) -> "asyncio.Future[bytes]":
        f = loop.create_future()
        f.set_result(VALUE)
        return f

    async def nothing() -> None:
        return None

    clients[CEILING] = (done_future, nothing)
    results: Dict[str, Sample] = {}
    try:
        for get, _ in clients.values():
            await run_async(get, no_set, 10, 0.2, GET_PLAN)  # fills the cache, opens connections
        for _ in range(rounds):
            for name, (get, _) in clients.items():
                results.setdefault(name, Sample()).add(await run_async(get, no_set, TASKS, seconds / rounds, GET_PLAN))
        stats = cached.cache_stats() or {}
        print(f"# haven cache after the run: {stats}")
    finally:
        for _, close in clients.values():
            await close()
    report(f"cached GET hits, {HOT_KEYS} hot keys, asyncio, {TASKS} tasks, {seconds:g} s per client", results, TASKS, "async")


# ---------------------------------------------------------------- 2: sync --


def bench_sync_hits(seconds: float, rounds: int) -> None:
    import haven

    clients: Dict[str, Tuple[Callable[[str], Any], Callable[[], Any]]] = {}
    cached = haven.SyncClient.connect(haven_config(True))
    clients[REFERENCE] = (cached.get, cached.close)
    plain = haven.SyncClient.connect(haven_config(False))
    clients["haven, no cache"] = (plain.get, plain.close)
    try:
        import redis
        from redis.cache import CacheConfig

        csc = redis.Redis(host=HOST, port=STANDALONE_PORT, db=DB, protocol=3, cache_config=CacheConfig(max_size=10 * HOT_KEYS))
        try:
            csc.get("cbench:0")
            clients["redis-py (CacheConfig)"] = (csc.get, csc.close)
        except redis.exceptions.ConnectionError as e:
            # redis-py refuses client-side caching before Redis 7.4.
            version = redis.Redis(host=HOST, port=STANDALONE_PORT).info("server").get("redis_version", "?")
            print(f"# redis-py (CacheConfig) skipped on Redis {version}: {e}", file=sys.stderr)
            csc.close()
        rp = redis.Redis(host=HOST, port=STANDALONE_PORT, db=DB)
        clients["redis-py"] = (rp.get, rp.close)
    except ImportError as e:
        print(f"# redis-py with CacheConfig: not available ({e}); skipped", file=sys.stderr)
    results: Dict[str, Sample] = {}
    try:
        for get, _ in clients.values():
            run_sync(get, no_set, 0.2, GET_PLAN)
        for _ in range(rounds):
            for name, (get, _) in clients.items():
                results.setdefault(name, Sample()).add(run_sync(get, no_set, seconds / rounds, GET_PLAN))
    finally:
        for _, close in clients.values():
            close()
    report(f"cached GET hits, {HOT_KEYS} hot keys, sync, 1 thread, {seconds:g} s per client", results, 1, "sync")


# ------------------------------------------------------------ 3: stampede --


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


async def stampede_trial(read: Callable[[str], Awaitable[Any]], key: str) -> List[float]:
    """READERS concurrent reads of a cold key; each one's latency (s)."""
    start = asyncio.Event()

    async def reader() -> float:
        await start.wait()
        t0 = time.perf_counter()
        value = await read(key)
        assert value == VALUE, value
        return time.perf_counter() - t0

    tasks = [asyncio.create_task(reader()) for _ in range(READERS)]
    await asyncio.sleep(0.05)  # every reader waits on the event
    start.set()
    return list(await asyncio.gather(*tasks))


async def bench_stampede(trials: int) -> None:
    import haven

    loader_calls = 0

    async def loader() -> bytes:
        nonlocal loader_calls
        loader_calls += 1
        await asyncio.sleep(LOADER_MS / 1000)
        return VALUE

    client = await haven.Client.connect(haven_config(False))
    ways: Dict[str, Callable[[str], Awaitable[Any]]] = {}

    async def helper(k: str) -> Any:
        return await client.get_or_load(k, loader, ttl_ms=60_000)

    async def haven_loop(k: str) -> Any:
        v = await client.get(k)
        if v is None:
            v = await loader()
            await client.set(k, v, px=60_000)
        return v

    ways["haven get_or_load"] = helper
    ways["plain cache-aside, haven"] = haven_loop
    rp: Any = None
    try:
        import redis.asyncio as aioredis

        rp = aioredis.Redis(host=HOST, port=STANDALONE_PORT, db=DB, max_connections=READERS + 10)
        # Open the pool's connections before timing (1,000 readers each
        # hold one at once): the trial measures cache-aside, not connects.
        await asyncio.gather(*(rp.get("cbench:0") for _ in range(READERS)))

        async def redispy_loop(k: str) -> Any:
            v = await rp.get(k)
            if v is None:
                v = await loader()
                await rp.set(k, v, px=60_000)
            return v

        ways["plain cache-aside, redis-py"] = redispy_loop
    except ImportError:
        print("# redis-py: not installed; its cache-aside loop skipped", file=sys.stderr)
    print(f"\n== stampede: a cold key, {READERS} concurrent readers, a {LOADER_MS} ms loader, {trials} trial(s) each")
    print(f"{'way':<30}{'loader calls/trial':>20}{'p50 ms':>9}{'p99 ms':>9}")
    try:
        for name, read in ways.items():
            calls: List[int] = []
            latencies: List[float] = []
            for _ in range(trials):
                key = f"cbench:cold:{uuid.uuid4().hex}"
                loader_calls = 0
                latencies += await stampede_trial(read, key)
                calls.append(loader_calls)
                await client.delete(key)
            mean_calls = sum(calls) / len(calls)
            p50, p99 = percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3
            print(f"{name:<30}{mean_calls:>20,.1f}{p50:>9.1f}{p99:>9.1f}")
            figure(f"stampede ({READERS} readers, {LOADER_MS} ms loader): loader calls per trial, {name}", mean_calls, "calls")
            figure(f"stampede ({READERS} readers, {LOADER_MS} ms loader): p99 latency, {name}", p99, "ms")
    finally:
        await client.close()
        if rp is not None:
            await rp.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("HAVEN_BENCH_QUICK") == "1")
    parser.add_argument("--seconds", type=float, default=None, help="per client and point (default 5, quick 0.5)")
    parser.add_argument("--rounds", type=int, default=None, help="turns per client (default 5, quick 1)")
    parser.add_argument("--trials", type=int, default=None, help="stampede trials per way (default 5, quick 1)")
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None else (0.5 if args.quick else 5.0)
    rounds = args.rounds if args.rounds is not None else (1 if args.quick else 5)
    trials = args.trials if args.trials is not None else (1 if args.quick else 5)
    print(f"# haven client-side cache benchmark: GET of {len(VALUE)} B values over {HOT_KEYS} hot keys; stampede")
    asyncio.run(populate())
    asyncio.run(bench_async_hits(seconds, rounds))
    bench_sync_hits(seconds, rounds)
    asyncio.run(bench_stampede(trials))
    return 0


if __name__ == "__main__":
    sys.exit(main())
