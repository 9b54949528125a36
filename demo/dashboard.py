"""haven's demo: a steady workload through three haven clients (a 3x2
cluster, a Sentinel group, and a multi-endpoint client over two standalone
"regions") while faults are injected in turn, with a live dashboard and a
summary of how each fault went.

    make demo                           # builds the wheel, then runs this
    python dashboard.py [--quick] [--plain] [--rate OPS_PER_CLIENT]

Starts the servers it needs (scripts/servers.sh start cluster sentinel
regions) and at the end stops the groups it started. Ctrl-C stops cleanly.
Without a terminal (or with CI set) it prints one plain line per second.
Exits 0 only if every fault recovered. With HAVEN_BENCH_JSON set, each
fault is appended there as a JSON line (the benchmark report's format)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections import deque
from typing import Deque, Dict, List, Optional, Tuple

import haven
from rich.console import Console
from rich.live import Live

import faults
import servers
import view
from faults import FaultResult
from workload import Stats, bucket, bucket_start, worker

TASKS_PER_CLIENT = 6


def configs() -> Dict[str, Tuple[str, haven.Config]]:
    region = lambda port: haven.StandaloneConfig([f"127.0.0.1:{port}"])  # noqa: E731
    return {
        "cluster": ("cluster 3x2", haven.ClusterConfig([f"127.0.0.1:{p}" for p in servers.CLUSTER_PORTS])),
        "sentinel": ("Sentinel", haven.SentinelConfig([f"127.0.0.1:{p}" for p in servers.SENTINEL_PORTS], servers.SENTINEL_MASTER)),
        "regions": (
            "multi-endpoint",
            haven.MultiEndpointConfig(
                [
                    haven.Endpoint("region-a", region(servers.REGION_A), weight=2.0),
                    haven.Endpoint("region-b", region(servers.REGION_B), weight=1.0),
                ],
                # Shorter than the default 10 s so the demo shows the failback soon.
                failback_grace_ms=3000,
            ),
        ),
    }


class DemoRun:
    """The running demo: clients, their stats, the event log and the phase."""

    def __init__(self, quick: bool, plain: bool, rate: float) -> None:
        self.quick, self.plain, self.rate = quick, plain, rate
        self.started = time.monotonic()
        self.clients: Dict[str, haven.Client] = {}
        self.deployments: Dict[str, str] = {}
        self._stats: Dict[str, Stats] = {}
        self.tasks: List[asyncio.Task] = []
        self.events: List[Tuple[float, str, haven.Event]] = []
        self.log: Deque[str] = deque(maxlen=200)
        self.phase = "starting"
        self.active = "region-a"
        self.results: List[FaultResult] = []
        self.live: Optional[Live] = None

    # -- what faults need --------------------------------------------------
    def stats(self, client: str) -> Stats:
        return self._stats[client]

    def status(self, text: str) -> None:
        self.phase = text
        self._say(f"{self.elapsed():6.1f}s  >> {text}")

    def event_after(self, client: str, kind: str, after: float) -> Optional[float]:
        return next((t for t, c, e in self.events if c == client and e.kind == kind and t >= after), None)

    def active_endpoint(self) -> str:
        return self.active

    # -- running -------------------------------------------------------------
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def _say(self, line: str) -> None:
        self.log.append(line)
        if self.plain:
            print(line, flush=True)

    def _on_event(self, client: str, e: haven.Event) -> None:
        self.events.append((time.monotonic(), client, e))
        if client == "regions" and e.kind in ("failover", "failback", "manual_switch") and e.to:
            self.active = e.to
        where = e.node or e.endpoint
        move = f" {e.from_} -> {e.to}" if (e.from_ or e.to) else ""
        reason = f" ({e.reason})" if e.reason else ""
        self._say(f"{self.elapsed():6.1f}s  {client:<8} {e.kind} {where}{move}{reason}")

    async def connect(self) -> None:
        for name, (deployment, config) in configs().items():
            client = await haven.Client.connect(config)
            self.clients[name], self.deployments[name] = client, deployment
            self._stats[name] = Stats()
            client.on_event(lambda e, name=name: self._on_event(name, e))
            for i in range(TASKS_PER_CLIENT):
                task = asyncio.create_task(worker(client, self._stats[name], f"demo:{name}:{i}", TASKS_PER_CLIENT / self.rate))
                self.tasks.append(task)

    def _where(self, name: str, nodes: List[haven.NodeInfo]) -> str:
        if name == "regions":
            return f"active {self.active}"
        primaries = sorted(n.address.rsplit(":", 1)[-1] for n in nodes if n.role == "primary" and n.connected)
        return ("primaries " if name == "cluster" else "primary ") + (", ".join(primaries) or "none")

    def rows(self, now: float) -> List[view.ClientRow]:
        rows = []
        for name, client in self.clients.items():
            s = self._stats[name]
            try:
                nodes = client.nodes()
            except haven.HavenError:
                nodes = []
            try:
                metrics = client.stats()
            except haven.HavenError:
                metrics = {}
            rows.append(
                view.ClientRow(name, self.deployments[name], s.tick(now), (s.ok, s.failed, s.late), self._where(name, nodes),
                               [(n.address, n.role, n.connected) for n in nodes], metrics)
            )
        return rows

    async def ticker(self) -> None:
        """Once a second: close the second's stats and show them."""
        next_t = time.monotonic() + 1
        while True:
            await asyncio.sleep(max(0.0, next_t - time.monotonic()))
            next_t += 1
            rows = self.rows(time.monotonic())
            if self.plain:
                print(view.plain_line(self.elapsed(), self.phase, rows), flush=True)
            elif self.live is not None:
                self.live.update(view.dashboard(self.elapsed(), self.phase, rows, list(self.log), self.results))

    async def close(self) -> None:
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for client in self.clients.values():
            await client.close()

    def emit_json(self, path: str) -> None:
        """The faults as JSON lines for the benchmark report; the timeline
        is in 100 ms buckets from 1 s before the fault."""
        with open(path, "a", encoding="utf-8") as f:
            for r in self.results:
                s = self._stats.get(r.client)
                if s is None or not r.at:
                    continue
                timeline = []
                for b in range(bucket(r.at - 1.0), bucket(r.until) + 1):
                    ok, failed, _ = s.buckets.get(b, (0, 0, 0))
                    timeline.append([round((bucket_start(b) - r.at) * 10) * 100, ok, failed])
                f.write(json.dumps({
                    "kind": "failover", "language": "python", "client": "haven", "source": "demo",
                    "deployment": r.client, "fault": r.fault, "recovered": r.recovered,
                    "recovery_ms": r.recovery_ms, "failed": r.failed, "past_deadline": r.past_deadline,
                    "timeline": timeline,
                }) + "\n")


async def run(args: argparse.Namespace) -> int:
    plain = args.plain or not sys.stdout.isatty() or bool(os.environ.get("CI"))
    demo = DemoRun(args.quick, plain, args.rate)
    down = await asyncio.to_thread(servers.groups_down)
    print(f"starting servers: cluster sentinel regions ({'started by this demo: ' + ' '.join(down) if down else 'all already up'})", flush=True)
    ticker = None
    try:
        await asyncio.to_thread(servers.servers, "start", "cluster", "sentinel", "regions")
        await demo.connect()
        ticker = asyncio.create_task(demo.ticker())
        live_cm = contextlib.nullcontext() if plain else Live(view.dashboard(0, "starting", [], [], []), refresh_per_second=4, screen=False)
        with live_cm as live:
            demo.live = live if isinstance(live, Live) else None
            demo.status("steady workload (warm-up)")
            await asyncio.sleep(3 if args.quick else 8)
            for fault in faults.FAULTS:
                demo.status(f"next: {fault.__name__.replace('_', ' ')} (waiting for the shared fault lock)")
                try:
                    results = await fault(demo)
                except servers.ServerError as e:
                    results = [FaultResult(fault.__name__, "-", False, None, 0, 0, str(e).splitlines()[0])]
                for r in results:
                    demo._say(f"{demo.elapsed():6.1f}s  == {r.fault}: {'recovered in ' + view.recovery_text(r) if r.recovered else 'NOT recovered'}, "
                              f"{r.failed} failed, {r.past_deadline} past deadline")
                demo.results.extend(results)
                demo.status("steady workload")
                await asyncio.sleep(1 if args.quick else 4)
            demo.status("done")
            await asyncio.sleep(1.1)
    finally:
        if ticker is not None:
            ticker.cancel()
            await asyncio.gather(ticker, return_exceptions=True)
        await demo.close()
        if down:
            print(f"stopping the servers this demo started: {' '.join(down)}", flush=True)
            await asyncio.to_thread(servers.servers, "stop", *down)
    path = os.environ.get("HAVEN_BENCH_JSON")
    if path:
        demo.emit_json(path)
    if plain:
        print("\nsummary\n" + view.summary_plain(demo.results), flush=True)
    else:
        Console().print(view.summary(demo.results))
    ok = bool(demo.results) and all(r.recovered for r in demo.results)
    print("every fault recovered" if ok else "some fault did NOT recover", flush=True)
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter pauses between faults (what `make test` runs)")
    parser.add_argument("--plain", action="store_true", help="plain per-second lines instead of the live view")
    parser.add_argument("--rate", type=float, default=600.0, help="requests per second per client (default 600)")
    args = parser.parse_args()
    if args.rate <= 0:
        parser.error("--rate must be > 0")
    try:
        return asyncio.run(run(args))
    except KeyboardInterrupt:
        print("\nstopped (Ctrl-C): tasks cancelled, clients closed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
