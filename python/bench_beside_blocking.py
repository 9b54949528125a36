#!/usr/bin/env python3
"""Issue 16: 50 tasks' GET latency on one client, alone vs beside a BLPOP and an
XREADGROUP BLOCK on the same client: alternating rounds, p50/p99 per round.

    python bench_beside_blocking.py [ROUNDS]   # local standalone server on 6400
"""
import asyncio, statistics, sys, time, haven

async def round_(client, blockers: bool, secs: float):
    lat = []
    stop = time.monotonic() + secs
    bg = []
    if blockers:
        bg.append(asyncio.ensure_future(client.custom_command(["BLPOP", "lat:q", str(int(secs) + 1)])))
        bg.append(asyncio.ensure_future(client.custom_command(
            ["XREADGROUP", "GROUP", "g", "c", "BLOCK", str(int(secs * 1000) + 1000), "STREAMS", "lat:s", ">"])))
        await asyncio.sleep(0.05)
    errors = 0
    async def worker(i):
        nonlocal errors
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                await client.get(f"lat:{i}")
            except haven.HavenError:
                errors += 1
            lat.append(time.perf_counter() - t)
    await asyncio.gather(*(worker(i) for i in range(50)))
    for b in bg:
        await b
    lat.sort()
    return lat[len(lat) // 2] * 1e6, lat[int(len(lat) * 0.99)] * 1e6, len(lat), errors

async def main():
    client = await haven.Client.connect(haven.StandaloneConfig(["127.0.0.1:6400"]))
    try:
        await client.custom_command(["XGROUP", "CREATE", "lat:s", "g", "$", "MKSTREAM"])
    except haven.ResponseError:
        pass
    rows = {False: [], True: []}
    for r in range(int(sys.argv[1]) if len(sys.argv) > 1 else 4):
        for blockers in (False, True):
            rows[blockers].append(await round_(client, blockers, 2.0))
    for blockers, rs in rows.items():
        p50 = [x[0] for x in rs]; p99 = [x[1] for x in rs]
        print(f"{'beside BLPOP+XREADGROUP' if blockers else 'alone                  '}: "
              f"p50 median {statistics.median(p50):7.0f} us ({min(p50):.0f}..{max(p50):.0f}), "
              f"p99 median {statistics.median(p99):7.0f} us ({min(p99):.0f}..{max(p99):.0f}), "
              f"GETs/round {statistics.median([x[2] for x in rs]):.0f}, errors {sum(x[3] for x in rs)}")
    await client.close()

asyncio.run(main())
