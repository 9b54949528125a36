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
from typing import Any, Awaitable, Callable, Iterator, List, Set, TypeVar

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
