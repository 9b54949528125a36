"""What the demo shows: a live rich dashboard on a terminal (per client
ops/s, p99, errors/s, requests past deadline; the active endpoint and node
roles; the event log; the faults so far), or plain per-second lines when
there is no terminal or CI is set; and the final summary table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

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
    return Group(
        Panel(Text(f"{phase}", style="bold"), title=f"haven demo  {elapsed:5.1f} s   (Ctrl-C stops)"),
        clients,
        nodes,
        log,
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
