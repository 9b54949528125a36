"""The Python package's writers in `make chaos` (benches/src/chaos/main.rs
starts this script and injects the faults).

    python chaos_worker.py '{"run": ..., "cluster": [ports], "sentinels": [ports],
                             "master": name, "timeout_ms": 1000, "slack_ms": 20,
                             "writers": 4}'

Per deployment (cluster, Sentinel) `writers` tasks each own one key and
loop as the Rust writers do: SET the key to "key|writer|sequence|..."
(every fourth in a pipeline with WAIT for all replicas, on the connection
that wrote), then GET it and check the value: another key's or writer's
value, or a sequence not written yet, is cross-wired; a sequence below the
last acknowledged one is a lost acknowledged write; a request ending more
than `slack_ms` past its deadline is late (the worst lateness is reported
even under it). Prints READY, runs until a line
"stop" on stdin, and prints RESULT {json}: the counts per deployment and
each key's last acknowledged sequence (checked afterwards with redis-cli).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any, Dict, List

import haven

SLACK = 0.020  # set from the parameters' slack_ms
WAIT_MS = 200


def new_tally() -> Dict[str, Any]:
    return {"ok": 0, "failed": 0, "late": 0, "worst_late_ms": 0, "crosswired": 0, "below_acked": 0,
            "went_back": 0, "acked": 0, "errors": {}, "samples": []}


def judge(t: Dict[str, Any], started: float, budget: float, what: str) -> None:
    took = time.monotonic() - started
    t["worst_late_ms"] = max(t["worst_late_ms"], int((took - budget) * 1000))
    if took > budget + SLACK:
        t["late"] += 1
        if len(t["samples"]) < 10:
            t["samples"].append(f"{what} took {took * 1000:.0f} ms against {budget * 1000:.0f} ms")


def failed(t: Dict[str, Any], e: BaseException) -> None:
    t["failed"] += 1
    name = type(e).__name__
    t["errors"][name] = t["errors"].get(name, 0) + 1


async def writer(client: Any, key: str, me: int, replicas: int, timeout_ms: int, t: Dict[str, Any],
                 acked: Dict[str, int], stop: asyncio.Event) -> None:
    seq, last_read = 0, 0
    budget = timeout_ms / 1000
    while not stop.is_set():
        seq += 1
        value = f"{key}|{me}|{seq}|" + "x" * 64
        started = time.monotonic()
        try:
            if seq % 4 == 0:
                pipe = client.pipeline(transaction=False)
                pipe.set(key, value)
                pipe.custom_command(["WAIT", replicas, WAIT_MS])
                replies = await pipe.execute(timeout_ms=timeout_ms + WAIT_MS)
                judge(t, started, budget + WAIT_MS / 1000, "SET + WAIT")
                if replies[0] is True and isinstance(replies[1], int) and replies[1] >= replicas:
                    acked[key] = seq
                    t["acked"] += 1
            else:
                await client.set(key, value)
                judge(t, started, budget, "SET")
            t["ok"] += 1
        except haven.HavenError as e:
            judge(t, started, budget + (WAIT_MS / 1000 if seq % 4 == 0 else 0), "SET")
            failed(t, e)
            await asyncio.sleep(0.005)
            continue
        started = time.monotonic()
        try:
            got = await client.get(key)
            judge(t, started, budget, "GET")
        except haven.HavenError as e:
            judge(t, started, budget, "GET")
            failed(t, e)
            await asyncio.sleep(0.005)
            continue
        t["ok"] += 1
        floor = acked.get(key, 0)
        if got is None:
            if floor:
                t["below_acked"] += 1
                t["samples"].append(f"{key}: gone after {floor} was acknowledged")
            last_read = 0
            continue
        parts = bytes(got).split(b"|")
        try:
            k, w, s = parts[0].decode(), int(parts[1]), int(parts[2])
        except (IndexError, ValueError, UnicodeDecodeError):
            k, w, s = "", -1, -1
        if k != key or w != me or s > seq or s < 0:
            t["crosswired"] += 1
            if len(t["samples"]) < 10:
                t["samples"].append(f"{key} (sequence {seq}) read {bytes(got)[:60]!r}")
            continue
        if s < floor:
            t["below_acked"] += 1
            if len(t["samples"]) < 10:
                t["samples"].append(f"{key}: read {s} after {floor} was acknowledged")
        elif s < last_read:
            t["went_back"] += 1
        last_read = s


async def main(p: Dict[str, Any]) -> None:
    global SLACK
    SLACK = int(p.get("slack_ms", 20)) / 1000
    timeout_ms = int(p["timeout_ms"])
    clients = {
        "cluster": (await haven.Client.connect(haven.ClusterConfig(
            [f"127.0.0.1:{port}" for port in p["cluster"]], request_timeout_ms=timeout_ms)), 1),
        "sentinel": (await haven.Client.connect(haven.SentinelConfig(
            [f"127.0.0.1:{port}" for port in p["sentinels"]], p["master"], request_timeout_ms=timeout_ms)), 2),
    }
    stop = asyncio.Event()
    tallies = {name: new_tally() for name in clients}
    acked: Dict[str, Dict[str, int]] = {name: {} for name in clients}
    tasks: List["asyncio.Task[None]"] = []
    for name, (client, replicas) in clients.items():
        for i in range(int(p["writers"])):
            key = f"{p['run']}:{name}:{i}"
            tasks.append(asyncio.create_task(writer(client, key, i, replicas, timeout_ms, tallies[name], acked[name], stop)))
    print("READY", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    stop.set()
    await asyncio.gather(*tasks)
    for client, _ in clients.values():
        await client.close()
    print("RESULT " + json.dumps({"tallies": tallies, "acked": acked}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
