"""Ride-through failover benchmark (issue 17): haven beside valkey-glide on
the local 3x2 cluster and beside redis-py's asyncio Sentinel client on the
Sentinel group, through a SIGKILL of a primary, in the same run, with the
clients taking turns round by round.

Scenarios (each round runs one client in its own process; the parent kills
the node, watches the servers, restores them and computes the figures):

* cluster: 30 writers (asyncio tasks, SET) per shard, each pinned to its
  shard by a hash tag; ~3 s of load, SIGKILL of one primary, ~6 s more.
  For each request timeout (250, 5000 ms) and each
  ``cluster-require-full-coverage`` (``no``: the servers' config here;
  ``yes``: the server default, set with CONFIG SET on all six nodes for the
  round and set back). Measures: untouched shards' throughput in the 3 s
  after the kill over the 3 s before (%), errors on them; the time from the
  promotion being visible on a survivor (a watcher thread polls CLUSTER
  NODES on a surviving primary every ~2 ms and timestamps when it names the
  heir master) to the first successful write on the failed shard; failed
  requests on the failed shard; requests that ended more than 20 ms past
  their deadline; the client process's CPU (all threads, % of one core)
  from the kill to that first success.
* parked: 100 writers on the dead shard only, no other load, 5000 ms
  timeout: the process's CPU (% of one core) while they wait.
* sentinel: 20 writers, 5000 ms timeout, SIGKILL of the primary: failed
  writes, requests past their deadline, and the time from the earliest
  +switch-master (a watcher subscribed to all three Sentinels) to the first
  successful write.

Every fault runs under the machine's fault lock
($HAVEN_SERVERS_DIR/faults.lock) and is restored (scripts/servers.sh start,
then until every node agrees) before the lock is released. Prints a table
per scenario (median and min-max over the rounds) and PASS/FAIL per target
of issue 17 (judged on the worst round); with HAVEN_BENCH_JSON=<file> it
appends one JSON line per cell (kind "ride_through", the config in it).

    python bench_failover.py                      # full run: 2 rounds per cell
    python bench_failover.py --quick              # 1 round, 250 and 5000 ms, coverage no
    python bench_failover.py --scenarios sentinel --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

HOST = "127.0.0.1"
CLUSTER_PORTS = (7000, 7001, 7002, 7003, 7004, 7005)
SENTINEL_DATA_PORTS = (6420, 6421, 6422)
SENTINEL_PORTS = (26420, 26421, 26422)
MASTER_NAME = "havenprimary"
ROOT = Path(__file__).resolve().parent.parent
SERVERS = ["bash", str(ROOT / "scripts" / "servers.sh")]
SERVERS_DIR = Path(os.environ.get("HAVEN_SERVERS_DIR", "/tmp/haven-servers"))
VALUE = b"v" * 100
LATE_MS = 20  # a request "past its deadline": ended more than this after it
FAILED_SHARD = 1  # index (by first slot) of the shard whose primary is killed
# A success on the failed shard counts as "the first write" only if it ended
# this long after the kill: nothing can be promoted sooner (node timeout and
# down-after are 1000 ms), while a reply the dead primary sent just before
# the kill can still be read late by a client on a busy machine.
FIRST_WRITE_AFTER = 0.5

Json = Dict[str, Any]


# ---------------------------------------------------------------- helpers --


def now() -> float:
    return time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process


def resp_command(*args: str) -> bytes:
    out = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Resp:
    """A minimal blocking RESP2 connection: the watchers use it so that a
    poll costs one round trip and nothing else."""

    def __init__(self, port: int, timeout: float = 1.0) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2 :]
        return data

    def read(self) -> Any:
        line = self._line()
        t, rest = line[:1], line[1:]
        if t in (b"+", b":"):
            return rest.decode()
        if t == b"-":
            raise RuntimeError(rest.decode())
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError(f"unexpected RESP {line!r}")

    def call(self, *args: str) -> Any:
        self.sock.sendall(resp_command(*args))
        return self.read()

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def call(port: int, *args: str, timeout: float = 1.0) -> Any:
    c = Resp(port, timeout)
    try:
        return c.call(*args)
    finally:
        c.close()


def kill_node(port: int) -> Tuple[float, float]:
    """`servers.sh kill-node PORT`; returns (when it was called, when the
    node's process died). The script can wait for the servers' own lock, so
    the moment of death is watched on the process itself (~1 ms)."""
    pid = int((SERVERS_DIR / str(port) / "redis.pid").read_text().split()[0])
    died: List[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = "X"
            if state in ("Z", "X"):
                died.append(now())
                return
            time.sleep(0.0005)

    t = threading.Thread(target=watch, daemon=True)
    called = now()
    t.start()
    try:
        servers("kill-node", str(port))
    finally:
        t.join(timeout=5)
        stop.set()
    return called, (died[0] if died else now())


def servers(*args: str) -> None:
    subprocess.run(SERVERS + list(args), cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def fault_lock() -> Iterator[None]:
    """The machine-wide fault lock every haven suite takes around a fault."""
    SERVERS_DIR.mkdir(parents=True, exist_ok=True)
    with open(SERVERS_DIR / "faults.lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def wait_until(what: str, check: Callable[[], bool], seconds: float = 60.0, step: float = 0.1) -> None:
    deadline = now() + seconds
    while True:
        try:
            if check():
                return
        except (OSError, RuntimeError, ValueError):
            pass
        if now() > deadline:
            raise RuntimeError(f"timed out ({seconds:g} s) waiting for {what}")
        time.sleep(step)


def key_slot(key: str) -> int:
    from redis.crc import key_slot as slot

    return int(slot(key.encode()))


# ---------------------------------------------------------------- cluster --


class Node:
    def __init__(self, line: str) -> None:
        f = line.split()
        self.id = f[0]
        self.port = int(f[1].split("@")[0].rsplit(":", 1)[1])
        self.flags = f[2].split(",")
        self.primary_id = None if f[3] == "-" else f[3]
        self.connected = f[7] == "connected"
        self.ranges: List[Tuple[int, int]] = []
        for r in f[8:]:
            if r.startswith("["):
                continue
            a, _, b = r.partition("-")
            self.ranges.append((int(a), int(b or a)))

    @property
    def primary(self) -> bool:
        return "master" in self.flags

    @property
    def failed(self) -> bool:
        return any(x in ("fail", "fail?", "handshake", "noaddr") for x in self.flags)


def cluster_nodes(port: int) -> List[Node]:
    return [Node(l) for l in str(call(port, "CLUSTER", "NODES")).splitlines() if l.strip()]


def shards(port: int) -> List[Tuple[Node, List[Node]]]:
    """(primary, replicas) per shard, ordered by first slot."""
    nodes = cluster_nodes(port)
    out = []
    for p in nodes:
        if p.primary and not p.failed and p.ranges:
            out.append((p, [r for r in nodes if r.primary_id == p.id]))
    out.sort(key=lambda s: s[0].ranges[0][0])
    return out


def cluster_settled() -> bool:
    """Every node: cluster_state ok, six known nodes, none failing, the same
    primaries and replicas for the same slots; every replica's link up."""
    views = []
    for p in CLUSTER_PORTS:
        info = str(call(p, "CLUSTER", "INFO"))
        if "cluster_state:ok" not in info or "cluster_known_nodes:6" not in info:
            return False
        nodes = cluster_nodes(p)
        if any(n.failed or not n.connected for n in nodes):
            return False
        views.append(sorted((s.port, s.ranges, sorted(r.port for r in reps)) for s, reps in shards(p)))
    if any(v != views[0] for v in views) or len(views[0]) != 3 or any(len(v[2]) != 1 for v in views[0]):
        return False
    for _, _, reps in views[0]:
        if "master_link_status:up" not in str(call(reps[0], "INFO", "replication")):
            return False
    return True


def restore_cluster() -> None:
    servers("start", "cluster")
    wait_until("the cluster to agree", cluster_settled)


def tags_for(layout: List[Tuple[Node, List[Node]]]) -> List[str]:
    """One hash tag per shard (same tag for the same slot ranges every round)."""
    out = []
    for primary, _ in layout:
        i = 0
        while not any(a <= key_slot(f"s{i}") <= b for a, b in primary.ranges):
            i += 1
        out.append(f"s{i}")
    return out


def set_full_coverage(value: str) -> None:
    for p in CLUSTER_PORTS:
        try:
            call(p, "CONFIG", "SET", "cluster-require-full-coverage", value)
        except (OSError, RuntimeError):
            pass  # a node that is down: restarted with the servers' config (no)


class PromotionWatcher(threading.Thread):
    """Polls CLUSTER NODES on a surviving primary every ~2 ms; `seen` is when
    it first names `heir` master."""

    def __init__(self, port: int, heir: str, limit: float = 20.0) -> None:
        super().__init__(daemon=True)
        self.port, self.heir, self.limit = port, heir, limit
        self.seen: Optional[float] = None
        self.polls = 0
        self.errors: List[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        end = now() + self.limit
        conn: Optional[Resp] = None
        while not self.stop.is_set() and now() < end:
            try:
                if conn is None:
                    conn = Resp(self.port)
                text = str(conn.call("CLUSTER", "NODES"))
            except (OSError, RuntimeError, ConnectionError) as e:
                self.errors.append(f"{type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(0.002)
                continue
            t = now()
            self.polls += 1
            for line in text.splitlines():
                if line.startswith(self.heir + " ") and "master" in line.split()[2].split(","):
                    self.seen = t
                    conn.close()
                    return
            time.sleep(0.002)
        if conn is not None:
            conn.close()


# --------------------------------------------------------------- sentinel --


def sentinel_primary() -> int:
    host, port = call(SENTINEL_PORTS[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)
    return int(port)


def sentinel_settled() -> bool:
    addrs = {tuple(call(s, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME)) for s in SENTINEL_PORTS}
    if len(addrs) != 1:
        return False
    port = int(next(iter(addrs))[1])
    info = str(call(port, "INFO", "replication"))
    return "role:master" in info and "connected_slaves:2" in info


def restore_sentinel() -> None:
    servers("start", "sentinel")
    wait_until("the sentinels to agree", sentinel_settled)


class SwitchWatcher:
    """Subscribed to +switch-master on every Sentinel; `seen` is the earliest."""

    def __init__(self) -> None:
        self.seen: Optional[float] = None
        self.lock = threading.Lock()
        self.conns: List[Resp] = []
        self.threads = []
        for port in SENTINEL_PORTS:
            c = Resp(port, timeout=None)  # type: ignore[arg-type]
            c.call("SUBSCRIBE", "+switch-master")
            self.conns.append(c)
            t = threading.Thread(target=self._listen, args=(c,), daemon=True)
            t.start()
            self.threads.append(t)

    def _listen(self, c: Resp) -> None:
        try:
            while True:
                msg = c.read()
                t = now()
                if isinstance(msg, list) and msg and msg[0] == "message":
                    with self.lock:
                        if self.seen is None or t < self.seen:
                            self.seen = t
        except (OSError, RuntimeError, ConnectionError):
            return

    def close(self) -> None:
        for c in self.conns:
            try:
                c.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()


# ------------------------------------------------------------------ child --
#
# One round's client runs in its own process: `bench_failover.py --child
# JSON`. It connects, warms up, prints READY, then LOAD <t0> as it starts
# the recorded load; the parent writes "kill <start> <done>" on its stdin
# right after the node is dead. The load stops `post` seconds after the kill;
# the child prints RESULT <json> and exits.


async def connect(client: str, deployment: str, timeout_ms: int) -> Tuple[Any, Callable[..., Any], Callable[[], Any]]:
    if client == "haven":
        import haven

        cfg: Any
        if deployment == "cluster":
            cfg = haven.ClusterConfig([f"{HOST}:{p}" for p in CLUSTER_PORTS], request_timeout_ms=timeout_ms)
        else:
            cfg = haven.SentinelConfig([f"{HOST}:{p}" for p in SENTINEL_PORTS], MASTER_NAME, request_timeout_ms=timeout_ms)
        c = await haven.Client.connect(cfg)
        return c, c.set, c.close
    if client == "valkey-glide":
        from glide import GlideClusterClient, GlideClusterClientConfiguration, NodeAddress

        g = await GlideClusterClient.create(
            GlideClusterClientConfiguration([NodeAddress(HOST, p) for p in CLUSTER_PORTS], request_timeout=timeout_ms)
        )
        return g, g.set, g.close
    if client == "redis-py":
        from redis.asyncio.sentinel import Sentinel

        s = Sentinel([(HOST, p) for p in SENTINEL_PORTS], socket_timeout=timeout_ms / 1000)
        m = s.master_for(MASTER_NAME, socket_timeout=timeout_ms / 1000)
        return m, m.set, m.aclose
    raise ValueError(client)


class CpuSampler(threading.Thread):
    """(monotonic, process CPU seconds) every 5 ms: the process's CPU in any
    window, interpolated."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: List[Tuple[float, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append((now(), time.process_time()))
            time.sleep(0.005)


async def child_main(p: Json) -> None:
    writers: List[Tuple[int, str]] = [(s, f"{{{tag}}}:w{i}") for s, tag, n in p["groups"] for i in range(n)]
    nshards = max(s for s, _ in writers) + 1
    failed = p["failed"]
    limit = p["timeout_ms"] / 1000 + LATE_MS / 1000
    client, set_, close = await connect(p["client"], p["deployment"], p["timeout_ms"])
    loop = asyncio.get_running_loop()
    kill: List[Optional[float]] = [None, None]
    stdin_done = asyncio.Event()

    def read_stdin() -> None:
        for line in sys.stdin:
            f = line.split()
            if f and f[0] == "kill":
                kill[0], kill[1] = float(f[1]), float(f[2])
        loop.call_soon_threadsafe(stdin_done.set)

    threading.Thread(target=read_stdin, daemon=True).start()

    # Warm-up (not recorded): every writer's first request, and some more.
    warm_end = now() + p["warmup"]

    async def warm(key: str) -> None:
        while now() < warm_end:
            try:
                await set_(key, VALUE)
            except Exception:
                await asyncio.sleep(0.01)

    await asyncio.gather(*(warm(k) for _, k in writers))
    print("READY", flush=True)

    bins = [Counter() for _ in range(nshards)]  # successes per 10 ms, by shard
    errors: List[Tuple[float, int, str, float]] = []
    late: List[Tuple[float, int, float, bool]] = []
    first_ok: List[Optional[float]] = [None]
    sampler = CpuSampler()
    sampler.start()
    t0 = now()
    print(f"LOAD {t0!r}", flush=True)
    safety = t0 + p["pre"] + 60

    def stop_at() -> float:
        return kill[0] + p["post"] if kill[0] is not None else safety

    async def writer(shard: int, key: str) -> None:
        while True:
            a = now()
            if a >= stop_at():
                return
            ok = True
            try:
                await set_(key, VALUE)
            except Exception as e:
                ok = False
                kind = type(e).__module__.split(".")[0] + "." + type(e).__name__
            b = now()
            if ok:
                bins[shard][int((b - t0) * 100)] += 1
                if shard == failed and first_ok[0] is None and kill[1] is not None and b > kill[1] + FIRST_WRITE_AFTER:
                    first_ok[0] = b
            else:
                errors.append((b, shard, kind, a))
                if len(errors) > 200_000:  # a spinning client: enough to count
                    errors.pop()
                    errors_dropped[0] += 1
            if b - a > limit:
                late.append((b, shard, b - a, ok))

    errors_dropped = [0]
    await asyncio.gather(*(writer(s, k) for s, k in writers))
    sampler.stop.set()
    sampler.join()
    try:
        await close()
    except Exception:
        pass
    result = {
        "t0": t0,
        "bins": [dict(b) for b in bins],
        "errors": errors,
        "errors_dropped": errors_dropped[0],
        "late": late,
        "first_ok": first_ok[0],
        "cpu": sampler.samples,
    }
    print("RESULT " + json.dumps(result), flush=True)


# ------------------------------------------------------------------ round --


class Child:
    def __init__(self, params: Json) -> None:
        self.log = open(SERVERS_DIR / f"bench-failover-{os.getpid()}.log", "a+")
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--child", json.dumps(params)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            cwd=Path(__file__).resolve().parent,
        )

    def expect(self, word: str) -> str:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(word):
                return line[len(word) :].strip()
        self.proc.wait()
        self.log.seek(0)
        tail = self.log.read()[-2000:]
        raise RuntimeError(f"client process ended (exit {self.proc.returncode}) before {word}: {tail}")

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self) -> Json:
        out = json.loads(self.expect("RESULT"))
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        return out

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def cpu_pct(samples: List[List[float]], a: float, b: float) -> Optional[float]:
    """The process's CPU between a and b, % of one core (interpolated)."""
    if b <= a or len(samples) < 2:
        return None

    def at(t: float) -> float:
        prev = samples[0]
        for s in samples:
            if s[0] >= t:
                if s[0] == prev[0]:
                    return s[1]
                return prev[1] + (s[1] - prev[1]) * (t - prev[0]) / (s[0] - prev[0])
            prev = s
        return samples[-1][1]

    return 100 * (at(b) - at(a)) / (b - a)


def rate(bins: List[Dict[str, int]], shards_: Sequence[int], t0: float, a: float, b: float) -> int:
    lo, hi = int((a - t0) * 100), int((b - t0) * 100)
    return sum(n for s in shards_ for k, n in bins[s].items() if lo <= int(k) < hi)


def run_cluster_round(client: str, timeout_ms: int, coverage: str, writers: int, parked: bool) -> Json:
    """One round under the fault lock: returns its measures."""
    pre, post = (1.0, 6.0) if parked else (3.5, 6.0)
    with fault_lock():
        if not cluster_settled():
            restore_cluster()
        layout = shards(CLUSTER_PORTS[0])
        tags = tags_for(layout)
        victim, heirs = layout[FAILED_SHARD]
        survivor = layout[0][0].port
        groups = [[FAILED_SHARD, tags[FAILED_SHARD], 100]] if parked else [[i, t, writers] for i, t in enumerate(tags)]
        if coverage == "yes":
            set_full_coverage("yes")
        child = None
        try:
            child = Child({"client": client, "deployment": "cluster", "timeout_ms": timeout_ms, "groups": groups,
                           "failed": FAILED_SHARD, "pre": pre, "post": post, "warmup": 0.5})
            child.expect("READY")
            t0 = float(child.expect("LOAD"))
            time.sleep(max(0.0, t0 + pre - now()))
            watcher = PromotionWatcher(survivor, heirs[0].id)
            watcher.start()
            called, kill_start = kill_node(victim.port)
            kill_done = kill_start
            child.send(f"kill {kill_start!r} {kill_done!r}")
            res = child.finish()
            watcher.join(timeout=20)
            watcher.stop.set()
        finally:
            if child is not None:
                child.kill()
            try:
                restore_cluster()
            finally:
                if coverage == "yes":
                    set_full_coverage("no")
    t0 = res["t0"]
    untouched = [i for i in range(len(layout)) if i != FAILED_SHARD]
    first_ok = res["first_ok"]
    promo = watcher.seen
    out: Json = {
        "victim_port": victim.port,
        "heir_port": heirs[0].port,
        "kill_script_ms": round((kill_start - called) * 1000, 1),
        "promotion_visible_ms": None if promo is None else round((promo - kill_start) * 1000, 1),
        "outage_ms": None if first_ok is None else round((first_ok - kill_start) * 1000, 1),
        "promo_to_first_write_ms": None if (first_ok is None or promo is None) else round((first_ok - promo) * 1000, 1),
        "failed_shard_errors": sum(1 for e in res["errors"] if e[1] == FAILED_SHARD and e[0] >= kill_start),
        "past_deadline": len(res["late"]),
        "cpu_parked_pct": None if first_ok is None else cpu_pct(res["cpu"], kill_done, first_ok),
        "error_kinds": dict(Counter(e[2] for e in res["errors"])),
    }
    if watcher.errors:
        out["watcher_errors"] = watcher.errors[:3]
    if not parked:
        # When the untouched shards' errors ended, ms after the kill (diagnostic).
        mine = [e for e in res["errors"] if e[1] != FAILED_SHARD]
        out["untouched_error_kinds"] = dict(Counter(e[2] for e in mine))
        if mine:
            out["untouched_errors_end_ms"] = [round((min(e[0] for e in mine) - kill_start) * 1000), round((max(e[0] for e in mine) - kill_start) * 1000)]
            out["untouched_errors_sent_ms"] = [round((min(e[3] for e in mine) - kill_start) * 1000), round((max(e[3] for e in mine) - kill_start) * 1000)]
    if res["errors_dropped"]:
        out["failed_shard_errors"] += res["errors_dropped"]
    if not parked:
        before = rate(res["bins"], untouched, t0, kill_start - 3, kill_start)
        after = rate(res["bins"], untouched, t0, kill_start, kill_start + 3)
        out["untouched_before_ops"] = round(before / 3)
        out["untouched_after_ops"] = round(after / 3)
        out["untouched_pct"] = round(100 * after / before, 1) if before else None
        # Errors on the untouched shards from the kill on (the target), and
        # before it (the machine's baseline: no fault yet).
        out["untouched_errors"] = sum(1 for e in res["errors"] if e[1] != FAILED_SHARD and e[0] >= kill_start)
        out["untouched_errors_before_kill"] = sum(1 for e in res["errors"] if e[1] != FAILED_SHARD and e[0] < kill_start)
    return out


def run_sentinel_round(client: str, timeout_ms: int, writers: int) -> Json:
    pre, post = 3.5, 8.0
    with fault_lock():
        if not sentinel_settled():
            restore_sentinel()
        victim = sentinel_primary()
        child = None
        watcher = None
        try:
            child = Child({"client": client, "deployment": "sentinel", "timeout_ms": timeout_ms,
                           "groups": [[0, "s", writers]], "failed": 0, "pre": pre, "post": post, "warmup": 0.5})
            child.expect("READY")
            t0 = float(child.expect("LOAD"))
            watcher = SwitchWatcher()
            time.sleep(max(0.0, t0 + pre - now()))
            called, kill_start = kill_node(victim)
            kill_done = kill_start
            child.send(f"kill {kill_start!r} {kill_done!r}")
            res = child.finish()
        finally:
            if watcher is not None:
                watcher.close()
            if child is not None:
                child.kill()
            restore_sentinel()
    first_ok, switch = res["first_ok"], watcher.seen
    return {
        "victim_port": victim,
        "kill_script_ms": round((kill_start - called) * 1000, 1),
        "switch_master_ms": None if switch is None else round((switch - kill_start) * 1000, 1),
        "outage_ms": None if first_ok is None else round((first_ok - kill_start) * 1000, 1),
        "switch_to_first_write_ms": None if (first_ok is None or switch is None) else round((first_ok - switch) * 1000, 1),
        "failed_writes": sum(1 for e in res["errors"] if e[0] >= kill_start) + res["errors_dropped"],
        "past_deadline": len(res["late"]),
        "cpu_parked_pct": None if first_ok is None else cpu_pct(res["cpu"], kill_done, first_ok),
        "error_kinds": dict(Counter(e[2] for e in res["errors"])),
    }


# ----------------------------------------------------------------- report --

# (key, column title, format) per scenario.
CLUSTER_MEASURES = [
    ("untouched_pct", "untouched shards after/before %", "{:.0f}"),
    ("untouched_errors", "errors on untouched after kill", "{:.0f}"),
    ("untouched_errors_before_kill", "(before kill)", "{:.0f}"),
    ("promo_to_first_write_ms", "promotion seen -> first write ms", "{:.0f}"),
    ("failed_shard_errors", "failed reqs (failed shard)", "{:.0f}"),
    ("past_deadline", "past deadline+20ms", "{:.0f}"),
    ("cpu_parked_pct", "CPU kill->first write %core", "{:.0f}"),
    ("outage_ms", "kill -> first write ms", "{:.0f}"),
]
PARKED_MEASURES = [
    ("cpu_parked_pct", "CPU while parked %core", "{:.1f}"),
    ("failed_shard_errors", "failed reqs", "{:.0f}"),
    ("past_deadline", "past deadline+20ms", "{:.0f}"),
    ("outage_ms", "kill -> first write ms", "{:.0f}"),
]
SENTINEL_MEASURES = [
    ("failed_writes", "failed writes", "{:.0f}"),
    ("switch_to_first_write_ms", "+switch-master -> first write ms", "{:.0f}"),
    ("past_deadline", "past deadline+20ms", "{:.0f}"),
    ("outage_ms", "kill -> first write ms", "{:.0f}"),
    ("switch_master_ms", "kill -> +switch-master ms", "{:.0f}"),
]


def spread(values: List[Any]) -> Json:
    vals = [v for v in values if isinstance(v, (int, float))]
    if not vals:
        return {"median": None, "min": None, "max": None, "values": values}
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "values": values,
            "missing": len(values) - len(vals)}


def cell_text(s: Json, fmt: str) -> str:
    if s["median"] is None:
        return "none"
    text = fmt.format(s["median"])
    if len(s["values"]) > 1:
        text += f" ({fmt.format(s['min'])}..{fmt.format(s['max'])})"
    if s.get("missing"):
        text += f" [{s['missing']} none]"
    return text


def targets_for(scenario: str, cfg: Json, m: Json) -> List[Json]:
    """Issue 17's targets for this cell, judged on the worst round."""

    def worst(key: str, high_is_bad: bool = True) -> Optional[float]:
        s = m[key]
        if s["median"] is None or s.get("missing"):
            return None
        return s["max"] if high_is_bad else s["min"]

    def check(name: str, value: Optional[float], ok: Callable[[float], bool], unit: str = "") -> Json:
        return {"target": name, "worst": value, "pass": value is not None and ok(value), "unit": unit}

    out = []
    if scenario == "cluster" and cfg["request_timeout_ms"] == 250:
        out.append(check("untouched shards >= 100% of their throughput", worst("untouched_pct", False), lambda v: v >= 100, "%"))
        out.append(check("0 errors on untouched shards (from the kill on)", worst("untouched_errors"), lambda v: v == 0))
        out.append(check("first write <= 20 ms after the promotion is visible", worst("promo_to_first_write_ms"), lambda v: v <= 20, "ms"))
    elif scenario == "cluster":
        out.append(check(f"failed requests <= {cfg['writers_per_shard']} (writes in flight)", worst("failed_shard_errors"),
                         lambda v: v <= cfg["writers_per_shard"]))
        out.append(check("none past its deadline", worst("past_deadline"), lambda v: v == 0))
    elif scenario == "parked":
        out.append(check("100 parked callers < 10% of one core", worst("cpu_parked_pct"), lambda v: v < 10, "%"))
    elif scenario == "sentinel":
        out.append(check(f"failed writes <= {cfg['writers']} (in flight)", worst("failed_writes"), lambda v: v <= cfg["writers"]))
        out.append(check("first write <= 10 ms after the earliest +switch-master", worst("switch_to_first_write_ms"),
                         lambda v: v <= 10, "ms"))
    return out


def emit_json(record: Json) -> None:
    path = os.environ.get("HAVEN_BENCH_JSON")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps(record) + "\n")


def print_table(title: str, measures: List[Tuple[str, str, str]], cells: List[Json]) -> None:
    print(f"\n== {title}: median (min..max) over the rounds")
    cfg_cols = ["client", "timeout ms", "full coverage", "rounds"]
    header = cfg_cols + [t for _, t, _ in measures]
    rows = []
    for c in cells:
        rows.append([c["client"], str(c["request_timeout_ms"]), c.get("full_coverage", "-"), str(c["rounds"])]
                    + [cell_text(c["measures"][k], f) for k, _, f in measures])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)] if rows else [len(h) for h in header]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)))


def print_targets(cells: List[Json]) -> int:
    print("\n== Targets (issue 17; haven, judged on its worst round; the peer's worst round beside it)")
    failed = 0
    for c in cells:
        if not c["client"].startswith("haven"):
            continue
        peer = next((p for p in cells if p is not c and p["scenario"] == c["scenario"]
                     and p["request_timeout_ms"] == c["request_timeout_ms"] and p.get("full_coverage") == c.get("full_coverage")), None)
        where = f"{c['scenario']}, {c['request_timeout_ms']} ms" + (f", full coverage {c['full_coverage']}" if "full_coverage" in c else "")
        for t in c["targets"]:
            pt = next((x for x in (peer or {}).get("targets", []) if x["target"] == t["target"]), None)
            note = ""
            if c.get("full_coverage") == "yes" and "untouched" in t["target"]:
                note = "  [server answers CLUSTERDOWN on every shard until the promotion: no client can meet it]"
            peer_text = f"; {peer['client']}: {fmt_value(pt['worst'])}" if (peer and pt) else ""
            verdict = "PASS" if t["pass"] else "FAIL"
            failed += 0 if t["pass"] else 1
            print(f"{verdict}  {where}: {t['target']}: {fmt_value(t['worst'])}{t['unit']}{peer_text}{note}")
    return failed


def fmt_value(v: Any) -> str:
    if v is None:
        return "none"
    return f"{v:.1f}" if isinstance(v, float) and not float(v).is_integer() else f"{v:.0f}"


def available(client: str) -> bool:
    mod = {"haven": "haven", "valkey-glide": "glide", "redis-py": "redis.asyncio.sentinel"}[client]
    try:
        __import__(mod)
        return True
    except ImportError:
        print(f"# {client}: not installed; skipped", file=sys.stderr)
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", default=os.environ.get("HAVEN_BENCH_QUICK") == "1")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per cell (default 2, quick 1)")
    parser.add_argument("--scenarios", default="cluster,parked,sentinel")
    parser.add_argument("--timeouts", default="250,5000", help="cluster request timeouts, ms")
    parser.add_argument("--coverage", default=None, help="cluster-require-full-coverage settings (default no,yes; quick no)")
    parser.add_argument("--writers", type=int, default=30, help="cluster writers per shard")
    parser.add_argument("--clients", default="haven,valkey-glide")
    args = parser.parse_args()
    if args.child:
        asyncio.run(child_main(json.loads(args.child)))
        return 0
    rounds = args.rounds or (1 if args.quick else 2)
    coverages = (args.coverage or ("no" if args.quick else "no,yes")).split(",")
    timeouts = [int(t) for t in args.timeouts.split(",")]
    scenarios = args.scenarios.split(",")
    clients = [c for c in args.clients.split(",") if available(c)]
    print(f"# haven ride-through failover benchmark: {rounds} round(s) per cell, clients alternating; "
          f"SET of {len(VALUE)} B values; fault lock {SERVERS_DIR / 'faults.lock'}")
    failed_targets = 0
    if "cluster" in scenarios or "parked" in scenarios:
        servers("start", "cluster")
    if "cluster" in scenarios:
        cells: List[Json] = []
        for coverage in coverages:
            for timeout_ms in timeouts:
                per_client: Dict[str, List[Json]] = {c: [] for c in clients}
                for r in range(rounds):
                    for c in clients:
                        m = run_cluster_round(c, timeout_ms, coverage, args.writers, parked=False)
                        per_client[c].append(m)
                        print(f"# cluster {c} {timeout_ms} ms coverage {coverage} round {r + 1}: "
                              + ", ".join(f"{k}={v}" for k, v in m.items()), flush=True)
                for c in clients:
                    cfg = {"scenario": "cluster", "client": c, "request_timeout_ms": timeout_ms, "full_coverage": coverage,
                           "writers_per_shard": args.writers, "shards": 3, "fault": "SIGKILL of one primary", "rounds": rounds}
                    cells.append(finish_cell(cfg, per_client[c], CLUSTER_MEASURES))
        print_table("cluster 3x2, SIGKILL of one primary", CLUSTER_MEASURES, cells)
        failed_targets += print_targets(cells)
    if "parked" in scenarios:
        cells = []
        per_client = {c: [] for c in clients}
        for r in range(rounds):
            for c in clients:
                m = run_cluster_round(c, 5000, "no", 100, parked=True)
                per_client[c].append(m)
                print(f"# parked {c} round {r + 1}: " + ", ".join(f"{k}={v}" for k, v in m.items()), flush=True)
        for c in clients:
            cfg = {"scenario": "parked", "client": c, "request_timeout_ms": 5000, "full_coverage": "no", "callers": 100,
                   "fault": "SIGKILL of one primary, callers on its shard only", "rounds": rounds}
            cells.append(finish_cell(cfg, per_client[c], PARKED_MEASURES))
        print_table("100 callers parked on a dead shard (cluster), CPU from the kill to the first write", PARKED_MEASURES, cells)
        failed_targets += print_targets(cells)
    if "sentinel" in scenarios:
        servers("start", "sentinel")
        s_clients = [c for c in ["haven", "redis-py"] if available(c)]
        cells = []
        per_client = {c: [] for c in s_clients}
        for r in range(rounds):
            for c in s_clients:
                m = run_sentinel_round(c, 5000, 20)
                per_client[c].append(m)
                print(f"# sentinel {c} round {r + 1}: " + ", ".join(f"{k}={v}" for k, v in m.items()), flush=True)
        for c in s_clients:
            cfg = {"scenario": "sentinel", "client": c, "request_timeout_ms": 5000, "writers": 20,
                   "fault": "SIGKILL of the primary", "rounds": rounds}
            cells.append(finish_cell(cfg, per_client[c], SENTINEL_MEASURES))
        print_table("Sentinel (1 primary, 2 replicas, 3 Sentinels), SIGKILL of the primary", SENTINEL_MEASURES, cells)
        failed_targets += print_targets(cells)
    print(f"\n# {failed_targets} target(s) failed for haven" if failed_targets else "\n# every target met by haven")
    return 0  # a missed target is a finding, not a broken benchmark


def finish_cell(cfg: Json, rounds: List[Json], measures: List[Tuple[str, str, str]]) -> Json:
    m = {k: spread([r.get(k) for r in rounds]) for k, _, _ in measures}
    cell = dict(cfg)
    cell["measures"] = m
    cell["targets"] = targets_for(cfg["scenario"], cfg, m)
    cell["round_details"] = rounds
    emit_json({"kind": "ride_through", "language": "python", **cell})
    return cell


if __name__ == "__main__":
    sys.exit(main())
