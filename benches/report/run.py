"""`make bench`: every benchmark in one run, then the report.

Runs, each with HAVEN_BENCH_JSON pointing at one results file (JSON Lines,
format in /work/shared COMMON brief / README): the Rust haven-bench (haven
beside redis-rs and redis-benchmark; cluster, Sentinel and multi-endpoint
failovers; the FFI cost), the Python bench (`make -C python bench`: with
bench_failover.py, the ride-through failover scenarios beside valkey-glide
and redis-py's Sentinel client, kind "ride_through"), and the
Node and Java benches when the top-level Makefile has `bench-node` /
`bench-java` (skipped with a note otherwise). Then writes REPORT.md and PNG
charts (matplotlib) from that file only: nothing in the report is typed in.

    python run.py [--quick] [--out DIR] [--report-only]

--quick (or QUICK=1 / HAVEN_BENCH_QUICK=1) runs each benchmark's quick
subset and writes to benches/report/quick/ (ignored by git) unless --out is
given. Exits non-zero when a benchmark failed (the report still says which).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import report  # noqa: E402  (next to this file)


def has_make_target(name: str) -> bool:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^{re.escape(name)}\s*:", text, re.M) is not None


def steps(quick: bool) -> List[Tuple[str, List[str], str]]:
    """(name, command, why it may be skipped: "" to run)."""
    rust = ["cargo", "run", "--release", "-p", "haven-benches", "--"] + (["--quick"] if quick else [])
    out = [
        ("servers", ["bash", "scripts/servers.sh", "start", "standalone"], ""),
        ("rust", rust, ""),
        # Quick: the debug wheel `make test` already installed, no leak run.
        ("python", ["make", "-C", "python", "bench-quick" if quick else "bench"], ""),
    ]
    for lang in ("node", "java"):
        target = f"bench-{lang}"
        out.append((lang, ["make", target], "" if has_make_target(target) else f"no `{target}` target in the Makefile yet"))
    return out


def machine() -> Dict[str, str]:
    def read(path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8")
        except OSError:
            return ""

    cpu = next((l.split(":", 1)[1].strip() for l in read("/proc/cpuinfo").splitlines() if l.startswith("model name")), platform.processor())
    mem_kb = next((int(l.split()[1]) for l in read("/proc/meminfo").splitlines() if l.startswith("MemTotal")), 0)

    def cmd(*args: str) -> str:
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=10, cwd=ROOT).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    server = cmd("redis-server", "--version")
    m = re.search(r"v=(\S+)", server)
    return {
        "date (UTC)": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "cores": str(os.cpu_count() or "?"),
        "memory": f"{mem_kb / 1048576:.1f} GiB" if mem_kb else "?",
        "CPU": cpu or "?",
        "kernel": platform.release(),
        "redis-server": m.group(1) if m else (server or "?"),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "haven commit": cmd("git", "rev-parse", "--short", "HEAD") or "?",
    }


def run_step(name: str, command: List[str], env: Dict[str, str], logs: Path) -> Tuple[int, float]:
    """Runs one benchmark, its output to the terminal and to logs/NAME.log."""
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    started = time.monotonic()
    with open(logs / f"{name}.log", "w", encoding="utf-8") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        code = proc.wait()
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick_env = any(os.environ.get(v, "") not in ("", "0") for v in ("QUICK", "HAVEN_BENCH_QUICK"))
    parser.add_argument("--quick", action="store_true", default=quick_env, help="each benchmark's quick subset")
    parser.add_argument("--out", type=Path, help="output directory (default benches/report, or benches/report/quick)")
    parser.add_argument("--report-only", action="store_true", help="rewrite the report from the existing results file")
    args = parser.parse_args()
    out = (args.out or (HERE / "quick" if args.quick else HERE)).resolve()
    out.mkdir(parents=True, exist_ok=True)
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    results = out / "results.jsonl"
    ran: List[Dict[str, str]] = []
    if not args.report_only:
        results.write_text("", encoding="utf-8")
        env = dict(os.environ, HAVEN_BENCH_JSON=str(results))
        if args.quick:
            env["HAVEN_BENCH_QUICK"] = "1"
        else:
            env.pop("HAVEN_BENCH_QUICK", None)
        (out / "machine.txt").write_text("\n".join(f"{k}: {v}" for k, v in machine().items()) + "\n", encoding="utf-8")
        for name, command, skip in steps(args.quick):
            if skip:
                print(f"\n=== {name}: skipped ({skip})", flush=True)
                ran.append({"step": name, "status": "skipped", "note": skip, "command": " ".join(command)})
                continue
            before = len(results.read_text(encoding="utf-8").splitlines())
            code, secs = run_step(name, command, env, logs)
            added = len(results.read_text(encoding="utf-8").splitlines()) - before
            points = "" if name == "servers" else f", {added} result lines" + (" (it writes no JSON results yet)" if added == 0 else "")
            ran.append({"step": name, "status": "ok" if code == 0 else f"FAILED (exit {code})",
                        "note": f"{secs:.0f} s{points}, log: logs/{name}.log", "command": " ".join(command)})
        (out / "steps.txt").write_text("\n".join("\t".join(r[k] for k in ("step", "status", "note", "command")) for r in ran) + "\n", encoding="utf-8")
    else:
        for line in (out / "steps.txt").read_text(encoding="utf-8").splitlines():
            step, status, note, command = (line.split("\t") + ["", "", "", ""])[:4]
            ran.append({"step": step, "status": status, "note": note, "command": command})
    info = dict(l.split(": ", 1) for l in (out / "machine.txt").read_text(encoding="utf-8").splitlines() if ": " in l)
    path = report.write(out, results, info, ran, quick=args.quick)
    print(f"\nreport: {path}")
    failed = [r["step"] for r in ran if r["status"].startswith("FAILED")]
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
