"""No leak on the request path: after a warm-up, a million requests from 100
concurrent tasks (GET/SET, with some server errors and pipelines among
them) grow the process's resident memory by less than 20 MB, and leave
nothing in flight or pending."""

from __future__ import annotations

import asyncio
import gc
import os
import time

import pytest

import haven
from conftest import async_test, config, key

TASKS = 100
#: `make bench` runs it against the release wheel with the same million.
REQUESTS = int(os.environ.get("HAVEN_LEAK_REQUESTS", "1000000"))
LIMIT_KB = 20 * 1024


def rss_kb() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


async def load(client: haven.Client, k: str, per_task: int) -> int:
    value = b"v" * 100

    async def worker(seed: int) -> int:
        errors = 0
        for i in range(per_task):
            if i % 1000 == 999:
                try:
                    await client.hget(k, "f")  # WRONGTYPE: the error path
                except haven.ResponseError:
                    errors += 1
            elif i % 1000 == 500:
                pipe = client.pipeline(transaction=False)
                await pipe.get(k).set(k, value).execute()
            elif i % 5 == 0:
                await client.set(k, value)
            else:
                await client.get(k)
        return errors

    results = await asyncio.gather(*(worker(s) for s in range(TASKS)))
    return sum(results)


@pytest.mark.slow
@async_test
async def test_a_million_requests_do_not_grow_memory(standalone_server: None) -> None:
    async with await haven.Client.connect(config(request_timeout_ms=10_000)) as client:
        k = key("leak")
        await client.set(k, "v")
        await load(client, k, 1000)  # warm-up: caches, pools, slab, arenas
        gc.collect()
        before = rss_kb()
        started = time.monotonic()
        errors = await load(client, k, REQUESTS // TASKS)
        elapsed = time.monotonic() - started
        gc.collect()
        grown = rss_kb() - before
        print(f"\n{REQUESTS:,} requests in {elapsed:.1f} s ({REQUESTS / elapsed:,.0f}/s), RSS grew {grown} kB")
        assert errors == REQUESTS // 1000
        assert grown < LIMIT_KB, f"RSS grew by {grown} kB over {REQUESTS:,} requests"
        assert {k: client.stats()[k] for k in ("in_flight", "pending", "coalesced_reads")} == {"in_flight": 0, "pending": 0, "coalesced_reads": 0}
