"""The steady workload and what it measured: a few asyncio tasks per client,
each sending 80% GET / 20% SET at a fixed pace, and :class:`Stats`, which
counts every request into 100 ms buckets (successes, failures, past the
deadline) and keeps the latencies for the per-second p99."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import haven

#: The clients' request deadline (haven's default request_timeout_ms) plus
#: 20 ms of slack: a request that ended later than this was past its deadline.
DEADLINE_S = 0.250 + 0.020
VALUE = b"v" * 64
#: The time base of every bucket and fault (time.monotonic()).
T0 = time.monotonic()


def bucket(t: float) -> int:
    """The 100 ms bucket of monotonic time ``t``."""
    return int((t - T0) * 10)


def bucket_start(b: int) -> float:
    return T0 + b / 10


@dataclass
class Second:
    """One client's last full second."""

    ops: int = 0
    errors: int = 0
    late: int = 0
    p99_ms: Optional[float] = None


@dataclass
class Stats:
    """Everything one client's requests did, by 100 ms bucket."""

    buckets: Dict[int, List[int]] = field(default_factory=dict)  # [ok, failed, late]
    latencies: List[float] = field(default_factory=list)
    ok: int = 0
    failed: int = 0
    late: int = 0

    def record(self, started: float, ended: float, ok: bool) -> None:
        b = self.buckets.get(bucket(ended))
        if b is None:
            b = self.buckets[bucket(ended)] = [0, 0, 0]
        took = ended - started
        if ok:
            b[0] += 1
            self.ok += 1
            self.latencies.append(took)
        else:
            b[1] += 1
            self.failed += 1
        if took > DEADLINE_S:
            b[2] += 1
            self.late += 1

    def tick(self, now: float) -> Second:
        """Closes the second that just ended (called once a second)."""
        end = bucket(now)
        ok, failed, late = self._sum(end - 10, end)
        lat, self.latencies = self.latencies, []
        p99 = None
        if lat:
            lat.sort()
            p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        return Second(ok, failed, late, p99)

    def counts(self, start: float, end: float) -> Tuple[int, int, int]:
        """(ok, failed, late) of the requests that ended in [start, end)."""
        return self._sum(bucket(start), bucket(end) + 1)

    def _sum(self, first: int, stop: int) -> Tuple[int, int, int]:
        """(ok, failed, late) over buckets ``first`` up to ``stop`` (excluded)."""
        ok = failed = late = 0
        for i in range(first, stop):
            b = self.buckets.get(i)
            if b:
                ok, failed, late = ok + b[0], failed + b[1], late + b[2]
        return ok, failed, late

    def recovery(self, fault_at: float, now: float, clean_s: float = 1.0) -> Optional[float]:
        """Seconds from the fault to the end of the last bad 100 ms bucket (a
        failure, a request past its deadline, or no success at all), if at
        least ``clean_s`` of clean buckets follow it up to ``now``; None while
        the client has not recovered."""
        first, last = bucket(fault_at), bucket(now) - 1  # the current bucket is still filling
        bad = None
        for i in range(first, last + 1):
            b = self.buckets.get(i)
            if not b or b[0] == 0 or b[1] or b[2]:
                bad = i
        clean_from = first if bad is None else bad + 1
        if last + 1 - clean_from < clean_s * 10:
            return None
        return max(0.0, bucket_start(clean_from) - fault_at) if bad is not None else 0.0


async def worker(client: haven.Client, stats: Stats, prefix: str, interval_s: float) -> None:
    """One task of the workload: a request every ``interval_s`` (at most one
    in flight), until cancelled. A failure is counted, never raised."""
    n = 0
    now = time.monotonic
    due = now()
    while True:
        n += 1
        key = f"{prefix}:{n % 200}"
        started = now()
        try:
            if n % 5 == 0:
                await client.set(key, VALUE)
            else:
                await client.get(key)
            ok = True
        except haven.HavenError:
            ok = False
        ended = now()
        stats.record(started, ended, ok)
        due = max(due + interval_s, ended - interval_s)  # steady pace; no burst after a stall
        await asyncio.sleep(max(0.0, due - ended))
