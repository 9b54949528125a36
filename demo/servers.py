"""The local servers the demo runs against: starting the groups it needs
(and, at the end, stopping only the groups it started), the shared fault
lock, signals to a node, and what the servers say about their roles (read
every time: faults move primaries, so nothing is assumed)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import subprocess
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "servers.sh"
SERVERS_DIR = Path(os.environ.get("HAVEN_SERVERS_DIR", "/tmp/haven-servers"))

CLUSTER_PORTS = [7000, 7001, 7002, 7003, 7004, 7005]
SENTINEL_PORTS = [26420, 26421, 26422]
SENTINEL_MASTER = "havenprimary"
REGION_A, REGION_B = 6440, 6441

GROUPS: Dict[str, List[int]] = {
    "cluster": CLUSTER_PORTS,
    "sentinel": [6420, 6421, 6422, *SENTINEL_PORTS],
    "regions": [6440, 6441, 6442],
}


class ServerError(RuntimeError):
    """A server command failed; the message carries its output."""


def cli(port: int, *args: str, timeout: float = 3.0) -> str:
    """redis-cli's reply text, or "" when the node does not answer."""
    try:
        out = subprocess.run(
            ["redis-cli", "-p", str(port), *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (subprocess.TimeoutExpired, OSError):
        return ""
    return out.stdout.strip()


def answers(port: int) -> bool:
    return cli(port, "PING", timeout=1.0) == "PONG"


def groups_down() -> List[str]:
    """The demo's groups with a node that does not answer now."""
    return [g for g, ports in GROUPS.items() if not all(answers(p) for p in ports)]


def servers(*args: str) -> None:
    """Runs scripts/servers.sh; its chatter is kept out of the dashboard."""
    out = subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise ServerError(f"scripts/servers.sh {' '.join(args)} failed:\n{out.stderr.strip()}")


def signal_node(port: int, sig: signal.Signals) -> None:
    pid_file = SERVERS_DIR / str(port) / "redis.pid"
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError) as e:
        raise ServerError(f"no pid for the node on {port} ({pid_file}): {e}") from None
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        raise ServerError(f"the node on {port} (pid {pid}) is not running") from None


def cluster_primaries() -> List[int]:
    """Ports of the primaries that serve slots, as a live node reports them."""
    for port in CLUSTER_PORTS:
        text = cli(port, "CLUSTER", "NODES")
        found = []
        for line in text.splitlines():
            f = line.split()
            if len(f) < 9 or "master" not in f[2] or "fail" in f[2]:
                continue
            found.append(int(f[1].split("@")[0].rsplit(":", 1)[1]))
        if len(found) >= 3:
            return sorted(found)
    return []


def sentinel_primary() -> Optional[int]:
    """The primary's port as the first Sentinel that answers reports it."""
    for port in SENTINEL_PORTS:
        lines = cli(port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_MASTER).splitlines()
        if len(lines) == 2 and lines[1].isdigit():
            return int(lines[1])
    return None


class FaultLock:
    """The shared machine's exclusive lock on $HAVEN_SERVERS_DIR/faults.lock,
    held for a whole fault (other suites' fault tests wait for it). Waits by
    polling, so a Ctrl-C while waiting cancels cleanly."""

    #: A lock held longer than this is stuck (e.g. a daemon that inherited
    #: the descriptor): the fault is reported as not run, with the holders.
    TIMEOUT_S = 300.0

    def __init__(self) -> None:
        self._fd: Optional[int] = None

    async def __aenter__(self) -> "FaultLock":
        SERVERS_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(SERVERS_DIR / "faults.lock", os.O_RDWR | os.O_CREAT, 0o666)
        waited = 0.0
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if waited >= self.TIMEOUT_S:
                        raise ServerError(
                            f"{SERVERS_DIR / 'faults.lock'} held by another process for {self.TIMEOUT_S:.0f} s "
                            f"(see `fuser -v {SERVERS_DIR / 'faults.lock'}`)"
                        ) from None
                    await asyncio.sleep(0.1)
                    waited += 0.1
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
