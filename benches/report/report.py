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


# ------------------------------------------------------- ride through --

# Columns of the ride-through tables (kind "ride_through", python/bench_failover.py).
RIDE_MEASURES = {
    "cluster": [("untouched_pct", "untouched shards after/before %"), ("untouched_errors", "errors on untouched after kill"),
                ("untouched_errors_before_kill", "(before kill)"),
                ("promo_to_first_write_ms", "promotion seen → first write ms"), ("failed_shard_errors", "failed (failed shard)"),
                ("past_deadline", "past deadline + 20 ms"), ("cpu_parked_pct", "CPU kill → first write % core"),
                ("outage_ms", "kill → first write ms")],
    "parked": [("cpu_parked_pct", "CPU while parked % core"), ("failed_shard_errors", "failed"),
               ("past_deadline", "past deadline + 20 ms"), ("outage_ms", "kill → first write ms")],
    "sentinel": [("failed_writes", "failed writes"), ("switch_to_first_write_ms", "+switch-master → first write ms"),
                 ("past_deadline", "past deadline + 20 ms"), ("outage_ms", "kill → first write ms"),
                 ("switch_master_ms", "kill → +switch-master ms")],
}
RIDE_TITLES = {
    "cluster": "Cluster 3x2, SIGKILL of one primary, 30 writers per shard",
    "parked": "100 callers on the dead shard only (cluster, 5000 ms): the process's CPU while they wait",
    "sentinel": "Sentinel (1 primary, 2 replicas, 3 Sentinels), SIGKILL of the primary, 20 writers, 5000 ms",
}


def spread_text(m: Any) -> str:
    """"median (min-max)" of one measure over a cell's rounds."""
    if not isinstance(m, dict) or m.get("median") is None:
        return "-"
    fmt = "{:,.1f}" if any(isinstance(v, float) and abs(v) < 20 for v in (m.get("min"), m.get("max"))) else "{:,.0f}"
    text = num(m["median"], fmt)
    if len(m.get("values") or []) > 1:
        text += f" ({num(m.get('min'), fmt)} .. {num(m.get('max'), fmt)})"
    return text


def ride_through_section(records: List[Record]) -> List[str]:
    rt = [r for r in records if r["kind"] == "ride_through"]
    md = ["", "## Ride through failover", "",
          "Issue 17: requests to an unreachable primary wait, parked, for the promotion until their deadline. "
          "Each round runs one client in its own process through a SIGKILL of a primary (clients alternate round by round, "
          "under the machine's fault lock); figures are the median and (min .. max) over the rounds. *kill*: the moment the node's process died (watched on /proc). *first write*: the first success on the "
          "failed shard ending 500 ms or more after the kill (nothing is promoted sooner; a reply sent before the kill can "
          "be read late). *promotion seen*: a "
          "watcher polling CLUSTER NODES on a surviving primary every ~2 ms names the heir master; *+switch-master*: the "
          "earliest of the three Sentinels' events (negative: the client wrote to the new primary before any Sentinel "
          "announced it). *past deadline*: ended more than 20 ms after its deadline. Targets are judged on haven's worst "
          "round. Source: python/bench_failover.py."]
    if not rt:
        return md + ["", "(no ride-through results in this run)"]
    for scenario in ("cluster", "parked", "sentinel"):
        cells = [r for r in rt if r.get("scenario") == scenario]
        if not cells:
            continue
        cols = RIDE_MEASURES[scenario]
        md += ["", f"### {RIDE_TITLES[scenario]}", ""]
        rows = [[str(c.get("client")), str(c.get("request_timeout_ms")), str(c.get("full_coverage", "-")), str(c.get("rounds"))]
                + [spread_text((c.get("measures") or {}).get(k)) for k, _ in cols] for c in cells]
        md += table(["client", "timeout ms", "full coverage", "rounds"] + [t for _, t in cols], rows, "lrlr" + "r" * len(cols))
        checks = []
        for c in cells:
            if not str(c.get("client", "")).startswith("haven"):
                continue
            for t in c.get("targets") or []:
                where = f"{c.get('request_timeout_ms')} ms" + (f", full coverage {c['full_coverage']}" if scenario == "cluster" else "")
                worst = t.get("worst")
                checks.append(["**PASS**" if t.get("pass") else "**FAIL**", where, str(t.get("target")),
                               "-" if worst is None else num(worst, "{:,.1f}") + str(t.get("unit", ""))])
        if checks:
            md += ["", "Targets (haven):", ""] + table(["", "cell", "target", "haven's worst round"], checks, "llll")
        if scenario == "cluster" and any(c.get("full_coverage") == "yes" for c in cells):
            md += ["", "With `cluster-require-full-coverage yes` (the server default) every shard answers CLUSTERDOWN until "
                   "the promotion: no client can keep the untouched shards' throughput there."]
    return md


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

    md += ride_through_section(records)

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
