"""What the demo shows: a live rich dashboard on a terminal (per client
ops/s, p99, errors/s, requests past deadline; the active endpoint and node
roles; the event log beside each client's latency distribution and
counters from its telemetry metrics, client.stats(); the faults so far),
or plain per-second lines when
there is no terminal or CI is set; and the final summary table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Sequence, Tuple

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from faults import FaultResult
from workload import Second


@dataclass
class ClientRow:
    name: str
    deployment: str
    second: Second
    totals: Tuple[int, int, int]  # ok, failed, late
    where: str  # the primary / active endpoint, as known
    nodes: List[Tuple[str, str, bool]]  # address, role, connected
    metrics: Dict[str, Any] = field(default_factory=dict)  # client.stats()


BARS = " ▁▂▃▄▅▆▇█"


def latency_line(stats: Dict[str, Any]) -> Text:
    """The client's request durations so far (every command, ok), one bar
    per bucket of duration_buckets_ms, with p50/p99 of GET."""
    bounds = stats.get("duration_buckets_ms") or []
    counts = [0] * (len(bounds) + 1)
    for d in stats.get("durations", []):
        if d.get("outcome") == "ok":
            for i, n in enumerate(d.get("buckets", [])):
                if i < len(counts):
                    counts[i] += n
    top = max(counts) or 1
    line = Text()
    first = next((i for i, n in enumerate(counts) if n), 0)
    last = max((i for i, n in enumerate(counts) if n), default=0)
    lo, hi = max(0, first - 1), min(len(counts) - 1, last + 1)
    label = lambda i: "inf" if i >= len(bounds) else (f"{bounds[i]:g}")
    line.append(f"≤{label(lo)} ms ", style="dim")
    for n in counts[lo:hi + 1]:
        line.append(BARS[0 if n == 0 else max(1, round(8 * n / top))], style="green")
    line.append(f" ≤{label(hi)} ms", style="dim")
    get = next((d for d in stats.get("durations", []) if d.get("command") == "GET" and d.get("outcome") == "ok"), None)
    if get:
        line.append(f"  GET p50 ≤{get['p50_ms']:g} p99 ≤{get['p99_ms']:g} ms")
    return line


def counters_line(stats: Dict[str, Any]) -> str:
    errors = sum((stats.get("errors") or {}).values())
    return (f"errors {errors}  retries {stats.get('retries', 0)}  redirects {stats.get('redirects', 0)}  "
            f"reconnects {stats.get('reconnects', 0)}  failovers {stats.get('failovers', 0)}  "
            f"failbacks {stats.get('failbacks', 0)}  parked {stats.get('parked_total', 0)}")


def metrics_panel(rows: Sequence["ClientRow"]) -> Panel:
    t = Table(expand=True, show_header=False, box=None)
    t.add_column("client", style="bold")
    t.add_column("metrics")
    for r in rows:
        if r.metrics:
            t.add_row(r.name, Group(latency_line(r.metrics), Text(counters_line(r.metrics), style="dim")))
    return Panel(t, title="metrics (client.stats(): latency distribution since start, counters)", height=14)


def _ms(v: object) -> str:
    return "-" if v is None else f"{v:.1f}"


def plain_line(elapsed: float, phase: str, rows: Sequence[ClientRow]) -> str:
    parts = [
        f"{r.name} {r.second.ops}/s p99 {_ms(r.second.p99_ms)} ms err {r.second.errors}/s late {r.second.late}/s [{r.where}]"
        for r in rows
    ]
    return f"[{elapsed:6.1f}s] {phase} | " + " | ".join(parts)


def _role(role: str, connected: bool) -> Text:
    style = "bold green" if role == "primary" else "cyan" if role == "replica" else "yellow"
    if not connected:
        style = "red"
    return Text(f"{'P' if role == 'primary' else 'R' if role == 'replica' else '?'}{'' if connected else '✗'}", style=style)


def dashboard(elapsed: float, phase: str, rows: Sequence[ClientRow], events: Sequence[str], results: Sequence[FaultResult]) -> Group:
    clients = Table(title="haven clients (80% GET / 20% SET, steady pace)", expand=True)
    for col, just in [("client", "left"), ("deployment", "left"), ("ops/s", "right"), ("p99 ms", "right"),
                      ("errors/s", "right"), ("past deadline/s", "right"), ("total ok / failed / late", "right"),
                      ("primary / active endpoint", "left")]:
        clients.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in rows:
        s = r.second
        clients.add_row(
            r.name, r.deployment, f"{s.ops:,}", _ms(s.p99_ms),
            Text(str(s.errors), style="bold red" if s.errors else ""),
            Text(str(s.late), style="bold yellow" if s.late else ""),
            f"{r.totals[0]:,} / {r.totals[1]:,} / {r.totals[2]:,}", r.where,
        )
    nodes = Table(title="node roles as each client sees them (P primary, R replica, ✗ disconnected)", expand=True, show_header=False)
    nodes.add_column("client", style="bold")
    nodes.add_column("nodes")
    for r in rows:
        line = Text()
        for addr, role, connected in sorted(r.nodes):
            line.append(f"{addr.rsplit(':', 1)[-1]} ")
            line.append_text(_role(role, connected))
            line.append("  ")
        nodes.add_row(r.name, line)
    log = Panel(Text("\n".join(events[-12:]) or "(no events yet)"), title="events (client.on_event)", height=14)
    side = Table.grid(expand=True)
    side.add_column(ratio=1)
    side.add_column(ratio=1)
    side.add_row(log, metrics_panel(rows))
    return Group(
        Panel(Text(f"{phase}", style="bold"), title=f"haven demo  {elapsed:5.1f} s   (Ctrl-C stops)"),
        clients,
        nodes,
        side,
        summary(results),
    )


def recovery_text(r: FaultResult) -> str:
    """Measured in 100 ms buckets: 0 means no bucket was disrupted."""
    if r.recovery_ms is None:
        return "-"
    return "< 100 ms" if r.recovery_ms < 100 else f"{r.recovery_ms:.0f} ms"


def summary(results: Sequence[FaultResult]) -> Table:
    t = Table(title="faults", expand=True)
    for col, just in [("fault", "left"), ("client", "left"), ("recovered", "left"), ("time to recover", "right"),
                      ("failed requests", "right"), ("past deadline", "right"), ("notes", "left")]:
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in results:
        t.add_row(
            r.fault, r.client, Text("yes", style="green") if r.recovered else Text("NO", style="bold red"),
            recovery_text(r), str(r.failed), str(r.past_deadline), r.note,
        )
    return t


def summary_plain(results: Sequence[FaultResult]) -> str:
    lines = [f"{'fault':<36} {'client':<9} {'recovered':<9} {'recovered in':>12} {'failed':>7} {'late':>6}  notes"]
    for r in results:
        ms = recovery_text(r)
        lines.append(f"{r.fault:<36} {r.client:<9} {'yes' if r.recovered else 'NO':<9} {ms:>12} {r.failed:>7} {r.past_deadline:>6}  {r.note}")
    return "\n".join(lines)
