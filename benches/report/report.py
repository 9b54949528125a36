"""REPORT.md and its PNG charts, from one run's results file (JSON Lines;
kinds throughput, failover, figure). Every number and chart comes from that
file; a line that cannot be read is listed in the report, not dropped
silently."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

Record = Dict[str, Any]


def load(path: Path) -> Tuple[List[Record], List[str]]:
    records, bad = [], []
    if not path.exists():
        return records, [f"{path.name}: missing"]
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            if not isinstance(r, dict) or "kind" not in r:
                raise ValueError("not an object with a kind")
            records.append(r)
        except ValueError as e:
            bad.append(f"line {n}: {e}: {line[:80]}")
    return records, bad


def num(v: Any, fmt: str = "{:,.0f}") -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    try:
        return fmt.format(float(v))
    except (TypeError, ValueError):
        return str(v)


def slug(*parts: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(str(p) for p in parts).lower()).strip("-")


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> List[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


# ----------------------------------------------------------------- charts --


def save(fig: Any, ax: Any, out: Path, name: str) -> str:
    """Finishes a chart (horizontal grid, tight layout) and writes it to ``out / name``."""
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / name, dpi=110)
    plt.close(fig)
    return name


def throughput_chart(out: Path, language: str, deployment: str, points: List[Record]) -> str:
    closed = [p for p in points if "pipelined" not in str(p.get("mode", ""))]
    ceilings = [p for p in points if "pipelined" in str(p.get("mode", ""))]

    def series(p: Record) -> str:
        # One bar series per client and API mode: a sync client's figure
        # never stands in for the same client's async one.
        mode = str(p.get("mode", "") or "")
        return str(p["client"]) if mode in ("", "async") else f"{p['client']} ({mode})"

    clients = sorted({series(p) for p in closed}, key=lambda c: (not c.startswith("haven"), c))
    levels = sorted({int(p.get("concurrency", 0)) for p in closed})
    fig, ax = plt.subplots(figsize=(9, 5))
    width = 0.8 / max(1, len(clients))
    for i, client in enumerate(clients):
        ys = []
        for lv in levels:
            match = [p for p in closed if series(p) == client and int(p.get("concurrency", 0)) == lv]
            ys.append(float(match[-1]["ops_per_sec"]) if match else 0.0)
        xs = [j + (i - (len(clients) - 1) / 2) * width for j in range(len(levels))]
        bars = ax.bar(xs, ys, width, label=client)
        ax.bar_label(bars, labels=[f"{y / 1000:.0f}k" if y else "" for y in ys], fontsize=7, padding=2)
    for p in ceilings:
        ax.axhline(float(p["ops_per_sec"]), linestyle="--", color="grey")
        ax.text(len(levels) - 0.5, float(p["ops_per_sec"]), f"{p['client']} {p.get('mode', '')}, {p.get('concurrency')} conns",
                ha="right", va="bottom", fontsize=8, color="dimgrey")
    ax.set_xticks(range(len(levels)), [str(lv) for lv in levels])
    ax.set_xlabel("concurrent callers (tasks / threads)")
    ax.set_ylabel("throughput (requests per second)")
    ax.set_title(f"{language} / {deployment}: throughput per client and concurrency\n(80% GET / 20% SET, higher is better)")
    ax.legend(fontsize=8, loc="upper left")
    return save(fig, ax, out, f"charts/throughput-{slug(language, deployment)}.png")


def failover_chart(out: Path, r: Record, index: int) -> Optional[str]:
    timeline = r.get("timeline") or []
    try:
        rows = [(float(t), float(ok), float(failed)) for t, ok, failed in timeline]
    except (TypeError, ValueError):
        return None
    if not rows:
        return None
    xs = [t / 1000 for t, _, _ in rows]
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.bar(xs, [ok for _, ok, _ in rows], width=0.1, align="edge", color="tab:green", label="successful requests")
    ax.bar(xs, [f for _, _, f in rows], width=0.1, align="edge", bottom=[ok for _, ok, _ in rows], color="tab:red", label="failed requests")
    fault = str(r.get("fault", "?"))
    # A return (failback) timeline starts when the node is back, not at a fault.
    comeback = "failback" in fault or "return" in fault
    ax.axvline(0, color="black", linestyle="--", linewidth=1)
    ax.text(0, ax.get_ylim()[1] * 0.95, " node back" if comeback else " fault", va="top", fontsize=9)
    rec = r.get("recovery_ms")
    if isinstance(rec, (int, float)) and math.isfinite(rec):
        what = "failback" if comeback else "recovered"
        ax.axvline(rec / 1000, color="tab:blue", linestyle=":", linewidth=1.5, label=f"{what} ({rec:.0f} ms)")
    ax.set_xlabel("time since the node came back (s)" if comeback else "time since the fault (s)")
    ax.set_ylabel("requests per 100 ms")
    who = f"{r.get('language', '?')} {r.get('client', '?')}" + (f" ({r['deployment']})" if r.get("deployment") else "")
    ax.set_title(f"{fault}: requests per 100 ms, {who}\n{num(r.get('failed'))} failed, {num(r.get('past_deadline'))} past deadline")
    ax.legend(fontsize=8, loc="lower right")
    return save(fig, ax, out, f"charts/failover-{index:02d}-{slug(r.get('language', ''), r.get('fault', ''))}.png")


# ----------------------------------------------------------------- report --


def write(out: Path, results: Path, machine: Dict[str, str], steps: List[Dict[str, str]], quick: bool) -> Path:
    records, bad = load(results)
    charts = out / "charts"
    charts.mkdir(exist_ok=True)
    for old in charts.glob("*.png"):
        old.unlink()
    md: List[str] = ["# haven benchmark report", ""]
    md.append(("**Quick subset** (`make bench QUICK=1`): short points on a possibly busy machine; not figures to quote."
               if quick else "Full run (`make bench`). Every figure below comes from this run's `results.jsonl`."))
    md += ["", "## Machine", ""]
    md += table(["", ""], [[k, v] for k, v in machine.items()], "ll")
    md += ["", "## Benchmarks run", ""]
    md += table(["benchmark", "status", "notes", "command"], [[s["step"], s["status"], s["note"], f"`{s['command']}`"] for s in steps], "llll")

    # Throughput, per language and deployment.
    tp = [r for r in records if r["kind"] == "throughput"]
    groups: Dict[Tuple[str, str], List[Record]] = defaultdict(list)
    for r in tp:
        groups[(str(r.get("language", "?")), str(r.get("deployment", "?")))].append(r)
    md += ["", "## Throughput", "",
           "Closed loop: each caller sends its next request when the last one answered. ops/s is requests per second; "
           "p50/p99 are request latencies in µs; *haven ÷ client* is haven's ops/s over that client's at the same "
           "concurrency (the reference is the client named `haven`, else the first haven variant in the table)."]
    for (lang, dep), pts in sorted(groups.items()):
        md += ["", f"### {lang} / {dep}", ""]
        # The reference: the client named "haven", else the first haven variant.
        havens = sorted({str(p.get("client")) for p in pts if str(p.get("client", "")).startswith("haven")}, key=lambda c: (c != "haven", c))
        ref_client = havens[0] if havens else None
        ref = {int(p.get("concurrency", 0)): float(p["ops_per_sec"]) for p in pts
               if p.get("client") == ref_client and "pipelined" not in str(p.get("mode")) and p.get("ops_per_sec")}
        rows = []
        for p in sorted(pts, key=lambda p: (int(p.get("concurrency", 0)), str(p.get("client")))):
            c = int(p.get("concurrency", 0))
            ratio = "-"
            if c in ref and p.get("ops_per_sec") and p.get("client") != ref_client:
                ratio = f"{ref[c] / float(p['ops_per_sec']):.2f}x"
            rows.append([str(c), str(p.get("client")), str(p.get("mode", "")), num(p.get("ops_per_sec")), num(p.get("p50_us"), "{:,.1f}"),
                         num(p.get("p99_us"), "{:,.1f}"), num(p.get("errors")), ratio])
        md += table(["concurrency", "client", "mode", "ops/s", "p50 µs", "p99 µs", "errors", f"{ref_client or 'haven'} ÷ client"], rows, "rllrrrrr")
        md += ["", f"![{lang} {dep} throughput]({throughput_chart(out, lang, dep, pts)})"]
    if not tp:
        md += ["", "(no throughput points in this run)"]

    # Failovers.
    fo = [r for r in records if r["kind"] == "failover"]
    md += ["", "## Failover", "",
           "*time to recover*: from the fault to the client serving requests again without failures "
           "(each benchmark's definition is in its source; the Rust ones in benches/src/{cluster,sentinel,multi}.rs). "
           "*past deadline*: requests that ended more than 20 ms after their deadline."]
    if fo:
        rows = [[str(r.get("language")), str(r.get("client")), str(r.get("fault")), num(r.get("recovery_ms")), num(r.get("failed")),
                 num(r.get("past_deadline"))] for r in fo]
        md += [""] + table(["language", "client", "fault", "time to recover (ms)", "failed requests", "past deadline"], rows, "lllrrr")
        md += ["", "### Requests per 100 ms across each fault", ""]
        for i, r in enumerate(fo):
            name = failover_chart(out, r, i)
            if name:
                md += [f"![{r.get('fault')}]({name})", ""]
    else:
        md += ["", "(no failover scenarios in this run" + ("; the quick subset skips them — `make demo` shows them)" if quick else ")")]

    figs = [r for r in records if r["kind"] == "figure"]
    md += ["", "## Other figures", ""]
    if figs:
        md += table(["language", "figure", "value", "unit"],
                    [[str(r.get("language")), str(r.get("name")), num(r.get("value"), "{:,.2f}"), str(r.get("unit", ""))] for r in figs], "llrl")
    else:
        md += ["(none in this run)"]
    if bad:
        md += ["", "## Unreadable result lines", ""] + [f"- {b}" for b in bad]
    md += ["", f"Raw results: `{results.name}`; logs of each benchmark: `logs/`.", ""]
    path = out / "REPORT.md"
    path.write_text("\n".join(md), encoding="utf-8")
    return path
