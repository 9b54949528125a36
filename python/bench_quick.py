"""Quick throughput check: haven vs redis-py asyncio (and valkey-glide when
installed) on the standalone server (127.0.0.1:6400), 80% GET / 20% SET of
100-byte values over 10,000 keys, at 1 and 100 concurrent tasks, 5 s each.
Prints ops/s, latency percentiles and process CPU per request for each
client; the clients take turns in short rounds so that the shared machine's
changing load hits them alike. Not the benchmark harness
(benches/ is): a figure to know where we stand.

    make -C python bench            # builds the release wheel first
    python bench_quick.py --seconds 5 --tasks 1,100
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from typing import Any, Awaitable, Callable, Dict, List, Tuple

HOST, PORT, DB = "127.0.0.1", 6400, 12
KEYS = 10_000
VALUE = b"x" * 100

Ops = Tuple[Callable[[str], Awaitable[Any]], Callable[[str, bytes], Awaitable[Any]]]


def workload(seed: int, n: int = 8192) -> List[Tuple[bool, str]]:
    rnd = random.Random(seed)
    return [(rnd.random() < 0.8, f"bench:{rnd.randrange(KEYS)}") for _ in range(n)]


async def run(ops: Ops, tasks: int, seconds: float) -> Tuple[List[float], float, float]:
    """Runs the mix; returns the latencies, the elapsed wall time and the
    process CPU time (all threads: the client's own included)."""
    get, set_ = ops
    stop = time.perf_counter() + seconds
    latencies: List[List[float]] = [[] for _ in range(tasks)]

    async def worker(index: int) -> None:
        plan = workload(index)
        lat = latencies[index]
        i = 0
        perf = time.perf_counter
        while True:
            is_get, key = plan[i & 8191]
            i += 1
            t0 = perf()
            if is_get:
                await get(key)
            else:
                await set_(key, VALUE)
            t1 = perf()
            lat.append(t1 - t0)
            if t1 >= stop:
                return

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker(i) for i in range(tasks)))
    return [x for lat in latencies for x in lat], time.perf_counter() - started, time.process_time() - cpu


def summary(latencies: List[float], elapsed: float, cpu: float) -> Dict[str, float]:
    latencies.sort()
    n = len(latencies)
    return {
        "ops": n / elapsed,
        "p50": latencies[n // 2] * 1e6,
        "p99": latencies[min(n - 1, int(n * 0.99))] * 1e6,
        "cpu": cpu / n * 1e6,
    }


async def haven_client() -> Tuple[Ops, Callable[[], Awaitable[None]]]:
    import haven

    client = await haven.Client.connect(
        haven.StandaloneConfig([f"{HOST}:{PORT}"], database=DB, request_timeout_ms=5000, inflight_limit=100_000)
    )
    return (client.get, client.set), client.close


async def redispy_client() -> Tuple[Ops, Callable[[], Awaitable[None]]]:
    import redis.asyncio as aioredis

    client = aioredis.Redis(host=HOST, port=PORT, db=DB, max_connections=200)
    return (client.get, client.set), client.aclose


async def glide_client() -> Tuple[Ops, Callable[[], Awaitable[None]]]:
    from glide import GlideClient, GlideClientConfiguration, NodeAddress

    config = GlideClientConfiguration([NodeAddress(HOST, PORT)], database_id=DB, request_timeout=5000)
    client = await GlideClient.create(config)
    return (client.get, client.set), client.close


CLIENTS: Dict[str, Callable[[], Awaitable[Tuple[Ops, Callable[[], Awaitable[None]]]]]] = {
    "haven": haven_client,
    "redis-py": redispy_client,
    "valkey-glide": glide_client,
}


async def populate() -> None:
    import haven

    client = await haven.Client.connect(haven.StandaloneConfig([f"{HOST}:{PORT}"], database=DB))
    for start in range(0, KEYS, 1000):
        await client.mset({f"bench:{i}": VALUE for i in range(start, start + 1000)})
    await client.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--tasks", default="1,100", help="comma-separated concurrency levels")
    parser.add_argument("--clients", default=",".join(CLIENTS), help="comma-separated: " + ", ".join(CLIENTS))
    parser.add_argument("--rounds", type=int, default=5, help="turns each client takes per level")
    args = parser.parse_args()
    levels = [int(t) for t in args.tasks.split(",")]
    await populate()
    clients: Dict[str, Tuple[Ops, Callable[[], Awaitable[None]]]] = {}
    for name in args.clients.split(","):
        try:
            clients[name] = await CLIENTS[name]()
        except ImportError as e:
            print(f"# {name}: not installed ({e.name}); skipped", file=sys.stderr)
    results: Dict[Tuple[str, int], Dict[str, float]] = {}
    try:
        for ops, _ in clients.values():
            await run(ops, 10, 0.5)  # warm-up: connections, caches
        # The clients take turns in short rounds, so a change in the
        # machine's load (it is shared) hits them alike.
        for tasks in levels:
            acc: Dict[str, Tuple[List[float], float, float]] = {name: ([], 0.0, 0.0) for name in clients}
            for _ in range(args.rounds):
                for name, (ops, _) in clients.items():
                    lat, elapsed, cpu = await run(ops, tasks, args.seconds / args.rounds)
                    old_lat, old_elapsed, old_cpu = acc[name]
                    acc[name] = (old_lat + lat, old_elapsed + elapsed, old_cpu + cpu)
            for name, (lat, elapsed, cpu) in acc.items():
                results[(name, tasks)] = summary(lat, elapsed, cpu)
    finally:
        for _, close in clients.values():
            await close()
    print(f"\n{args.seconds:g} s per client and level, in {args.rounds} rounds; CPU = process CPU time per request")
    print(f"{'client':<14}{'tasks':>6}{'ops/s':>10}{'p50 us':>9}{'p99 us':>9}{'CPU us':>9}{'vs redis-py':>13}{'vs glide':>10}")
    for tasks in levels:
        for name in clients:
            r = results[(name, tasks)]
            base = results.get(("redis-py", tasks))
            glide = results.get(("valkey-glide", tasks))
            vs = f"{r['ops'] / base['ops']:.2f}x" if base else "-"
            vg = f"{r['ops'] / glide['ops']:.2f}x" if glide else "-"
            print(
                f"{name:<14}{tasks:>6}{r['ops']:>10,.0f}{r['p50']:>9.0f}{r['p99']:>9.0f}{r['cpu']:>9.1f}{vs:>13}{vg:>10}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
