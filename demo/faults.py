"""The faults the demo injects, in turn, each under the shared fault lock and
each restoring what it broke before releasing it: SIGKILL of a cluster
primary (restarted afterwards), a Sentinel failover, the loss of the active
region and its return (failback), and a hung region (SIGSTOP, then SIGCONT).
Each yields a :class:`FaultResult`: time to recover, failed requests and
requests past their deadline, measured on the client the fault hits."""

from __future__ import annotations

import asyncio
import signal
import time
from dataclasses import dataclass
from typing import List, Optional, Protocol

from servers import (
    REGION_A,
    FaultLock,
    ServerError,
    answers,
    cli,
    cluster_primaries,
    sentinel_primary,
    servers,
    signal_node,
)
from workload import Stats


@dataclass
class FaultResult:
    fault: str
    client: str
    recovered: bool
    recovery_ms: Optional[float]
    failed: int
    past_deadline: int
    note: str = ""
    #: When the fault was injected and when its observation ended (time.monotonic()).
    at: float = 0.0
    until: float = 0.0


class Demo(Protocol):
    """What a fault needs from the running demo."""

    quick: bool

    def stats(self, client: str) -> Stats: ...

    def status(self, text: str) -> None: ...

    def event_after(self, client: str, kind: str, after: float) -> Optional[float]: ...

    def active_endpoint(self) -> str: ...


async def observe(demo: Demo, client: str, fault_at: float, min_s: float, max_s: float) -> Optional[float]:
    """Waits at least ``min_s`` after the fault, then until the client has
    recovered (see Stats.recovery) or ``max_s`` has passed; returns the
    recovery time in seconds, None if it did not recover."""
    stats = demo.stats(client)
    while True:
        now = time.monotonic()
        if now - fault_at >= min_s:
            r = stats.recovery(fault_at, now)
            if r is not None:
                return r
        if now - fault_at >= max_s:
            return None
        await asyncio.sleep(0.2)


def _result(demo: Demo, fault: str, client: str, start: float, end: float, rec: Optional[float], note: str = "") -> FaultResult:
    _, failed, late = demo.stats(client).counts(start, end)
    return FaultResult(fault, client, rec is not None, None if rec is None else rec * 1000, failed, late, note, start, end)


async def cluster_primary_kill(demo: Demo) -> List[FaultResult]:
    async with FaultLock():
        primaries = await asyncio.to_thread(cluster_primaries)
        if not primaries:
            raise ServerError("could not read the cluster's primaries")
        victim = primaries[0]
        demo.status(f"SIGKILL of cluster primary {victim}")
        try:
            await asyncio.to_thread(servers, "kill-node", str(victim))
            t = time.monotonic()
            rec = await observe(demo, "cluster", t, 3.0 if demo.quick else 5.0, 30.0)
            end = time.monotonic()
            promoted = [p for p in await asyncio.to_thread(cluster_primaries) if p != victim]
            note = f"{victim} killed; primaries now {', '.join(map(str, promoted))}"
        finally:
            demo.status(f"restarting {victim} (it rejoins as a replica)")
            await asyncio.to_thread(servers, "restart-node", str(victim))
    return [_result(demo, f"cluster primary SIGKILL ({victim})", "cluster", t, end, rec, note)]


async def sentinel_failover(demo: Demo) -> List[FaultResult]:
    async with FaultLock():
        old = await asyncio.to_thread(sentinel_primary)
        demo.status(f"SENTINEL FAILOVER (primary {old})")
        # Right after an earlier failover the Sentinels refuse for a while
        # (INPROG, NOGOODSLAVE while replicas resync): ask again.
        asked = time.monotonic()
        while True:
            reply = await asyncio.to_thread(cli, 26420, "SENTINEL", "FAILOVER", "havenprimary")
            t = time.monotonic()
            if reply == "OK":
                break
            if t - asked > 45:
                raise ServerError(f"SENTINEL FAILOVER refused for 45 s: {reply!r}")
            demo.status(f"SENTINEL FAILOVER refused ({reply}); asking again")
            await asyncio.sleep(1.0)
            old = await asyncio.to_thread(sentinel_primary)
        new = old
        while new == old and time.monotonic() - t < 30:
            await asyncio.sleep(0.2)
            new = await asyncio.to_thread(sentinel_primary)
        switched = time.monotonic()
        rec = await observe(demo, "sentinel", t, switched - t + (2.0 if demo.quick else 3.0), 40.0)
        end = time.monotonic()
        # A failover leaves a healthy group (the old primary is now a replica): nothing to restore.
    note = f"primary {old} -> {new}, Sentinels switched after {(switched - t) * 1000:.0f} ms"
    return [_result(demo, "Sentinel failover", "sentinel", t, end, rec if new != old else None, note)]


async def _wait_failback(demo: Demo, since: float, within: float) -> Optional[float]:
    while time.monotonic() - since < within:
        t = demo.event_after("regions", "failback", since)
        if t is not None:
            return t
        await asyncio.sleep(0.1)
    return None


async def _wait_active(demo: Demo, endpoint: str, within: float) -> str:
    """Waits (under the lock) until ``endpoint`` takes traffic: another
    suite's fault may just have moved the client away from it."""
    since = time.monotonic()
    if demo.active_endpoint() != endpoint:
        demo.status(f"waiting for {endpoint} to be active again (failback) before the fault")
    while demo.active_endpoint() != endpoint and time.monotonic() - since < within:
        await asyncio.sleep(0.1)
    if demo.active_endpoint() == endpoint:
        # A little clean traffic on it, so the fault's window starts steady.
        await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - since)))
    return demo.active_endpoint()


async def region_loss_and_return(demo: Demo) -> List[FaultResult]:
    results = []
    async with FaultLock():
        active = await _wait_active(demo, "region-a", 30.0)
        demo.status(f"SIGKILL of the active region {REGION_A} ({active})")
        killed = False
        try:
            await asyncio.to_thread(servers, "kill-node", str(REGION_A))
            killed = True
            t = time.monotonic()
            rec = await observe(demo, "regions", t, 2.0 if demo.quick else 4.0, 20.0)
            end = time.monotonic()
            results.append(_result(demo, "region loss (SIGKILL 6440)", "regions", t, end, rec, f"active was {active}, now {demo.active_endpoint()}"))
            demo.status(f"restarting region {REGION_A}: failback after the grace period")
            await asyncio.to_thread(servers, "restart-node", str(REGION_A))
            killed = False
            t = time.monotonic()
            back = await _wait_failback(demo, t, 30.0)
            if back is not None:
                await observe(demo, "regions", back, 1.0, 5.0)
            end = time.monotonic()
            rec = None if back is None else back - t
            results.append(_result(demo, "region return (failback)", "regions", t, end, rec, f"active now {demo.active_endpoint()}"))
        finally:
            if killed or not await asyncio.to_thread(answers, REGION_A):
                await asyncio.to_thread(servers, "restart-node", str(REGION_A))
    return results


async def hung_region(demo: Demo, hang_s: float = 4.0) -> List[FaultResult]:
    async with FaultLock():
        active = await _wait_active(demo, "region-a", 30.0)
        demo.status(f"SIGSTOP of the active region {REGION_A} ({active}) for {hang_s:g} s")
        stopped = False
        try:
            signal_node(REGION_A, signal.SIGSTOP)
            stopped = True
            t = time.monotonic()
            await asyncio.sleep(hang_s)
            note = f"while hung: active {demo.active_endpoint()}"
            signal_node(REGION_A, signal.SIGCONT)
            stopped = False
            demo.status(f"SIGCONT of {REGION_A}: failback after the grace period")
            resumed = time.monotonic()
            back = await _wait_failback(demo, resumed, 30.0)
            rec = await observe(demo, "regions", t, (back or resumed) - t + 1.0, 45.0)
            end = time.monotonic()
            note += f"; failback {'after %.1f s' % (back - resumed) if back else 'not seen'}"
        finally:
            if stopped:
                signal_node(REGION_A, signal.SIGCONT)
    return [_result(demo, f"hung region (SIGSTOP 6440 {hang_s:g} s)", "regions", t, end, rec, note)]


FAULTS = [cluster_primary_kill, sentinel_failover, region_loss_and_return, hung_region]
