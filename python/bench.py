"""haven's Python benchmark: haven beside valkey-glide and redis-py (asyncio,
with hiredis) on the local standalone server (127.0.0.1:6400) and the local
cluster (7000-7005), 80% GET / 20% SET of 100-byte values over 10,000 keys,
at 1, 10, 100 and 1000 concurrent asyncio tasks; then haven.SyncClient
beside redis-py's sync client at concurrency 1. Prints ops/s, p50, p99 and
the ratios to the other clients; with HAVEN_BENCH_JSON=<file> it appends one
JSON line per measured point (the format of /work/shared COMMON brief:
kind "throughput").

The clients take turns in short rounds so that a change in the (shared)
machine's load hits them alike. A client that is not installed is skipped
with a note. Quick mode (--quick or HAVEN_BENCH_QUICK=1): 1 and 100 tasks,
a fraction of a second each, well under a minute in all.

    make -C python bench                 # release wheel + redis-py + glide, full run
    python bench.py --quick
    python bench.py --deployments standalone --tasks 1,100 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

HOST = "127.0.0.1"
STANDALONE_PORT = 6400
CLUSTER_PORTS = (7000, 7001, 7002, 7003, 7004, 7005)
DB = 12  # standalone only (a cluster has database 0 alone)
KEYS = 10_000
VALUE = b"x" * 100

AsyncGet = Callable[[str], Awaitable[Any]]
AsyncSet = Callable[[str, bytes], Awaitable[Any]]
Close = Callable[[], Awaitable[Any]]


PLAN_SIZE = 1 << 16


def _workload() -> List[Tuple[bool, str]]:
    """80% GET / 20% SET over KEYS keys: one fixed plan, made before any
    timing; each task walks it from its own offset."""
    rnd = random.Random(7)
    return [(rnd.random() < 0.8, f"bench:{rnd.randrange(KEYS)}") for _ in range(PLAN_SIZE)]


PLAN = _workload()


@dataclass
class Sample:
    latencies: List[float] = field(default_factory=list)
    elapsed: float = 0.0
    errors: int = 0

    def add(self, other: "Sample") -> None:
        self.latencies += other.latencies
        self.elapsed += other.elapsed
        self.errors += other.errors

    def summary(self) -> Dict[str, float]:
        lat = sorted(self.latencies)
        n = len(lat)
        if n == 0 or self.elapsed <= 0:
            return {"ops": 0.0, "p50": 0.0, "p99": 0.0}
        return {"ops": n / self.elapsed, "p50": lat[n // 2] * 1e6, "p99": lat[min(n - 1, int(n * 0.99))] * 1e6}


async def run_async(
    get: AsyncGet, set_: AsyncSet, tasks: int, seconds: float, plan: Optional[List[Tuple[bool, str]]] = None
) -> Sample:
    """`tasks` closed loops over `plan` (PLAN_SIZE steps; default PLAN)."""
    stop = time.perf_counter() + seconds
    per_task: List[List[float]] = [[] for _ in range(tasks)]
    errors = [0]
    steps = plan if plan is not None else PLAN

    async def worker(index: int) -> None:
        plan = steps
        lat = per_task[index]
        perf = time.perf_counter
        i = index * 7919
        while True:
            is_get, k = plan[i & (PLAN_SIZE - 1)]
            i += 1
            t0 = perf()
            try:
                if is_get:
                    await get(k)
                else:
                    await set_(k, VALUE)
            except Exception:
                errors[0] += 1
            t1 = perf()
            lat.append(t1 - t0)
            if t1 >= stop:
                return

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(tasks)))
    return Sample([x for lat in per_task for x in lat], time.perf_counter() - started, errors[0])


def run_sync(
    get: Callable[[str], Any],
    set_: Callable[[str, bytes], Any],
    seconds: float,
    plan: Optional[List[Tuple[bool, str]]] = None,
) -> Sample:
    plan = plan if plan is not None else PLAN
    lat: List[float] = []
    errors = 0
    perf = time.perf_counter
    stop = perf() + seconds
    started = perf()
    i = 0
    while True:
        is_get, k = plan[i & (PLAN_SIZE - 1)]
        i += 1
        t0 = perf()
        try:
            if is_get:
                get(k)
            else:
                set_(k, VALUE)
        except Exception:
            errors += 1
        t1 = perf()
        lat.append(t1 - t0)
        if t1 >= stop:
            break
    return Sample(lat, perf() - started, errors)


# ------------------------------------------------------------------ clients --


async def haven_async(deployment: str, tasks: int) -> Tuple[AsyncGet, AsyncSet, Close]:
    import haven

    cfg: Any
    if deployment == "standalone":
        cfg = haven.StandaloneConfig(
            [f"{HOST}:{STANDALONE_PORT}"], database=DB, request_timeout_ms=5000, inflight_limit=100_000
        )
    else:
        cfg = haven.ClusterConfig(
            [f"{HOST}:{p}" for p in CLUSTER_PORTS], request_timeout_ms=5000, inflight_limit=100_000
        )
    client = await haven.Client.connect(cfg)
    return client.get, client.set, client.close


async def redispy_async(deployment: str, tasks: int) -> Tuple[AsyncGet, AsyncSet, Close]:
    import redis.asyncio as aioredis
    from redis.asyncio.cluster import RedisCluster

    connections = max(10, tasks + 10)
    client: Any
    if deployment == "standalone":
        client = aioredis.Redis(host=HOST, port=STANDALONE_PORT, db=DB, max_connections=connections)
    else:
        client = RedisCluster(host=HOST, port=CLUSTER_PORTS[0], max_connections=connections)
        await client.initialize()
    return client.get, client.set, client.aclose


async def glide_async(deployment: str, tasks: int) -> Tuple[AsyncGet, AsyncSet, Close]:
    from glide import (
        GlideClient,
        GlideClientConfiguration,
        GlideClusterClient,
        GlideClusterClientConfiguration,
        NodeAddress,
    )

    client: Any
    if deployment == "standalone":
        config = GlideClientConfiguration(
            [NodeAddress(HOST, STANDALONE_PORT)], database_id=DB, request_timeout=5000
        )
        client = await GlideClient.create(config)
    else:
        cconfig = GlideClusterClientConfiguration([NodeAddress(HOST, p) for p in CLUSTER_PORTS], request_timeout=5000)
        client = await GlideClusterClient.create(cconfig)
    return client.get, client.set, client.close


ASYNC_CLIENTS: Dict[str, Callable[[str, int], Awaitable[Tuple[AsyncGet, AsyncSet, Close]]]] = {
    "haven": haven_async,
    "valkey-glide": glide_async,
    "redis-py": redispy_async,
}


def haven_sync(deployment: str) -> Tuple[Callable[[str], Any], Callable[[str, bytes], Any], Callable[[], Any]]:
    import haven

    cfg: Any
    if deployment == "standalone":
        cfg = haven.StandaloneConfig([f"{HOST}:{STANDALONE_PORT}"], database=DB, request_timeout_ms=5000)
    else:
        cfg = haven.ClusterConfig([f"{HOST}:{p}" for p in CLUSTER_PORTS], request_timeout_ms=5000)
    client = haven.SyncClient.connect(cfg)
    return client.get, client.set, client.close


def redispy_sync(deployment: str) -> Tuple[Callable[[str], Any], Callable[[str, bytes], Any], Callable[[], Any]]:
    import redis

    client: Any
    if deployment == "standalone":
        client = redis.Redis(host=HOST, port=STANDALONE_PORT, db=DB)
    else:
        client = redis.RedisCluster(host=HOST, port=CLUSTER_PORTS[0])
    return client.get, client.set, client.close


SYNC_CLIENTS = {"haven": haven_sync, "redis-py": redispy_sync}


# ------------------------------------------------------------------- output --


def emit_json(record: Dict[str, Any]) -> None:
    path = os.environ.get("HAVEN_BENCH_JSON")
    if not path:
        return
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")


def report(
    title: str,
    results: Dict[Tuple[str, int], Sample],
    clients: List[str],
    levels: List[int],
    deployment: str,
    mode: str,
    reference: str = "haven",
) -> None:
    """Prints one table (ratios: `reference`'s ops/s over each client's) and
    appends its points to HAVEN_BENCH_JSON."""
    width = max(14, max(len(c) for c in clients) + 2) if clients else 14
    ratio_width = max(13, len(reference) + 9)
    print(f"\n== {title}")
    print(f"{'client':<{width}}{'tasks':>6}{'ops/s':>11}{'p50 us':>9}{'p99 us':>9}{'errors':>8}{reference + ' vs it':>{ratio_width}}")
    for tasks in levels:
        mine = results.get((reference, tasks))
        for name in clients:
            s = results.get((name, tasks))
            if s is None:
                continue
            r = s.summary()
            ratio = "-"
            if name != reference and mine is not None and r["ops"] > 0:
                ratio = f"{mine.summary()['ops'] / r['ops']:.2f}x"
            print(f"{name:<{width}}{tasks:>6}{r['ops']:>11,.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}{s.errors:>8}{ratio:>{ratio_width}}")
            emit_json(
                {
                    "kind": "throughput",
                    "language": "python",
                    "deployment": deployment,
                    "client": name,
                    "mode": mode,
                    "concurrency": tasks,
                    "ops_per_sec": round(r["ops"], 1),
                    "p50_us": round(r["p50"], 1),
                    "p99_us": round(r["p99"], 1),
                    "errors": s.errors,
                    "seconds": round(s.elapsed, 3),
                }
            )


# --------------------------------------------------------------------- main --


async def populate(deployment: str) -> None:
    import haven

    cfg: Any
    if deployment == "standalone":
        cfg = haven.StandaloneConfig([f"{HOST}:{STANDALONE_PORT}"], database=DB)
    else:
        cfg = haven.ClusterConfig([f"{HOST}:{p}" for p in CLUSTER_PORTS])
    async with await haven.Client.connect(cfg) as client:
        for start in range(0, KEYS, 500):
            await asyncio.gather(*(client.set(f"bench:{i}", VALUE) for i in range(start, start + 500)))


async def bench_async(deployment: str, levels: List[int], seconds: float, rounds: int, names: List[str]) -> None:
    await populate(deployment)
    results: Dict[Tuple[str, int], Sample] = {}
    present: List[str] = []
    for tasks in levels:
        clients: Dict[str, Tuple[AsyncGet, AsyncSet, Close]] = {}
        for name in names:
            try:
                clients[name] = await ASYNC_CLIENTS[name](deployment, tasks)
            except ImportError as e:
                if tasks == levels[0]:
                    print(f"# {name}: not installed ({e.name}); skipped", file=sys.stderr)
            except Exception as e:  # a client that cannot connect is reported, not fatal
                print(f"# {name} on {deployment}: {type(e).__name__}: {e}; skipped", file=sys.stderr)
        try:
            for get, set_, _ in clients.values():
                await run_async(get, set_, min(tasks, 10), 0.2)  # warm-up
            for _ in range(rounds):
                for name, (get, set_, _) in clients.items():
                    sample = await run_async(get, set_, tasks, seconds / rounds)
                    results.setdefault((name, tasks), Sample()).add(sample)
        finally:
            for _, _, close in clients.values():
                try:
                    await close()
                except Exception:
                    pass
        present += [n for n in clients if n not in present]
    report(f"{deployment}, asyncio, {seconds:g} s per point", results, present, levels, deployment, "async")


def bench_sync(deployment: str, seconds: float, rounds: int) -> None:
    results: Dict[Tuple[str, int], Sample] = {}
    clients: Dict[str, Any] = {}
    for name, make in SYNC_CLIENTS.items():
        try:
            clients[name] = make(deployment)
        except ImportError as e:
            print(f"# {name} (sync): not installed ({e.name}); skipped", file=sys.stderr)
    try:
        for get, set_, _ in clients.values():
            run_sync(get, set_, 0.1)
        for _ in range(rounds):
            for name, (get, set_, _) in clients.items():
                results.setdefault((name, 1), Sample()).add(run_sync(get, set_, seconds / rounds))
    finally:
        for _, _, close in clients.values():
            close()
    report(f"{deployment}, sync, {seconds:g} s per point", results, list(clients), [1], deployment, "sync")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=os.environ.get("HAVEN_BENCH_QUICK") == "1")
    parser.add_argument("--seconds", type=float, default=None, help="per client and point (default 5, quick 0.5)")
    parser.add_argument("--tasks", default=None, help="concurrency levels (default 1,10,100,1000; quick 1,100)")
    parser.add_argument("--rounds", type=int, default=None, help="turns per client and point (default 5, quick 1)")
    parser.add_argument("--deployments", default="standalone,cluster")
    parser.add_argument("--clients", default=",".join(ASYNC_CLIENTS))
    args = parser.parse_args()
    seconds = args.seconds if args.seconds is not None else (0.5 if args.quick else 5.0)
    rounds = args.rounds if args.rounds is not None else (1 if args.quick else 5)
    levels = [int(t) for t in (args.tasks or ("1,100" if args.quick else "1,10,100,1000")).split(",")]
    names = [n for n in args.clients.split(",") if n]
    for n in names:
        if n not in ASYNC_CLIENTS:
            parser.error(f"--clients: unknown client {n!r} (known: {', '.join(ASYNC_CLIENTS)})")
    deployments = [d for d in args.deployments.split(",") if d]
    for d in deployments:
        if d not in ("standalone", "cluster"):
            parser.error(f"--deployments: unknown deployment {d!r} (standalone or cluster)")
    try:
        from redis.utils import HIREDIS_AVAILABLE

        parser_note = "redis-py with hiredis" if HIREDIS_AVAILABLE else "redis-py WITHOUT hiredis (pip install hiredis)"
    except ImportError:
        parser_note = "redis-py not installed"
    print(f"# haven Python benchmark: 80% GET / 20% SET, {len(VALUE)} B values, {KEYS} keys; {parser_note}")
    for d in deployments:
        asyncio.run(bench_async(d, levels, seconds, rounds, names))
        bench_sync(d, seconds, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
