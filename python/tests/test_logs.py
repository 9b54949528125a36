"""The engine's logs in Python's `logging`: records reach the `haven.*`
loggers at the configured level (no debug line at info), a region failover
is logged with the lost node named, the password of the `auth` group
appears in no record even at trace through AUTH-bearing reconnects, and
HAVEN_LOG wins over a config's log_level.

The engine's level is the process's: every test sets the level it needs
and puts "info" back."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from typing import Callable, Iterator, List

import pytest

import haven
from conftest import AUTH, DB, REGIONS, STANDALONE, alive, async_test, await_until, config, fault_lock, key, servers_sh

PASSWORD = "hunter2"


class Capture(logging.Handler):
    """Every record of the `haven` loggers, TRACE included."""

    def __init__(self) -> None:
        super().__init__(level=1)
        self.records: List[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def find(self, want: Callable[[logging.LogRecord], bool]) -> List[logging.LogRecord]:
        return [r for r in list(self.records) if want(r)]

    def dump(self) -> str:
        return "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in self.records[-60:])


@pytest.fixture
def captured() -> Iterator[Capture]:
    logger = logging.getLogger("haven")
    handler = Capture()
    old = logger.level
    logger.setLevel(1)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
        haven.set_log_level("info")


async def kill_connection(client: haven.Client, other: haven.Client) -> None:
    """Closes `client`'s shared connection from `other`; it reconnects."""
    client_id = await client.custom_command(["CLIENT", "ID"])
    await other.custom_command(["CLIENT", "KILL", "ID", str(client_id)])


@async_test
async def test_records_reach_logging_at_the_configured_level(servers, captured: Capture) -> None:
    servers("standalone")
    client = await haven.Client.connect(config(log_level="info"))
    other = await haven.Client.connect(config(log_level="info"))
    try:
        await client.set(key("logs"), "v")
        await kill_connection(client, other)
        node = f"127.0.0.1:{STANDALONE}"
        await await_until(
            "the reconnect's info line",
            lambda: captured.find(lambda r: r.name == "haven.connection" and f"reconnected to {node}" in r.getMessage()),
        )
        lost = captured.find(lambda r: f"node {node} disconnected" in r.getMessage())
        assert lost and lost[0].levelno == logging.WARNING, captured.dump()
        assert not captured.find(lambda r: r.levelno < logging.INFO), captured.dump()
    finally:
        await client.close()
        await other.close()

    # At debug, the lines of debug exist (a client's connect, at least).
    debug_client = await haven.Client.connect(config(log_level="debug"))
    try:
        await await_until(
            "a debug line",
            lambda: captured.find(lambda r: r.levelno == logging.DEBUG and r.name == "haven.engine"),
        )
    finally:
        await debug_client.close()


@async_test
async def test_a_region_failover_is_logged_naming_the_node(servers, captured: Capture) -> None:
    servers("regions")
    a, b = REGIONS[0], REGIONS[1]

    def region(port: int) -> haven.StandaloneConfig:
        return haven.StandaloneConfig(
            [f"127.0.0.1:{port}"],
            database=DB,
            request_timeout_ms=1000,
            connection_timeout_ms=500,
            reconnect=haven.Backoff(base_ms=50, max_ms=300),
        )

    cfg = haven.MultiEndpointConfig(
        [haven.Endpoint("east", region(a), weight=3.0), haven.Endpoint("west", region(b), weight=2.0)],
        health_check=haven.HealthCheck(interval_ms=100, timeout_ms=80, probes=1, probe_policy="all"),
        failback_grace_ms=300,
        request_timeout_ms=1000,
        circuit_breaker=haven.CircuitBreaker(consecutive_failures=3, half_open_after_ms=300),
        log_level="info",
    )
    client = await haven.Client.connect(cfg)
    try:
        with fault_lock():
            try:
                servers_sh("kill-node", str(a))
                for _ in range(20):
                    try:
                        await client.set(key("failover"), "x")
                    except haven.HavenError:
                        pass
                    await asyncio.sleep(0.05)
                failover = await await_until(
                    "a failover line",
                    lambda: captured.find(lambda r: "failover from endpoint east to west" in r.getMessage()),
                )
                assert failover[0].levelno == logging.WARNING and failover[0].name == "haven.failover", captured.dump()
                lost = captured.find(lambda r: f"127.0.0.1:{a}" in r.getMessage() and r.levelno >= logging.INFO)
                assert lost, captured.dump()
            finally:
                if not alive(a):
                    servers_sh("restart-node", str(a))
            await await_until(
                "the failback line",
                lambda: captured.find(lambda r: "failback from endpoint west to east" in r.getMessage()),
                seconds=30,
            )
    finally:
        await client.close()


@async_test
async def test_no_secret_in_any_record_at_trace(servers, captured: Capture) -> None:
    servers("auth")

    def auth_config(password: str) -> haven.StandaloneConfig:
        return config(
            AUTH,
            password=password,
            log_level="trace",
            reconnect=haven.Backoff(base_ms=20, max_ms=200),
            connection_timeout_ms=1000,
        )

    client = await haven.Client.connect(auth_config(PASSWORD))
    other = await haven.Client.connect(auth_config(PASSWORD))
    try:
        await client.set(key("secret"), PASSWORD)
        assert await client.get(key("secret")) == PASSWORD.encode()
        for _ in range(2):
            before = len(captured.find(lambda r: "reconnected to" in r.getMessage()))
            await kill_connection(client, other)
            await await_until(
                "an AUTH-bearing reconnect",
                lambda: len(captured.find(lambda r: "reconnected to" in r.getMessage())) > before,
            )
            await client.ping()
        for attempt in (lambda: client.custom_command(["AUTH", PASSWORD]), lambda: client.custom_command(["NOSUCH", PASSWORD])):
            try:
                await attempt()
            except haven.HavenError:
                pass
        with pytest.raises(haven.ConnectionError):
            await haven.Client.connect(auth_config("wr0ng-" + PASSWORD))
        await await_until(
            "the trace line of the SET",
            lambda: captured.find(lambda r: r.levelno == haven.TRACE and r.getMessage() == "request: SET"),
        )
        await asyncio.sleep(0.3)
    finally:
        await client.close()
        await other.close()
    assert len(captured.records) > 10, captured.dump()
    assert captured.find(lambda r: r.levelno == logging.DEBUG), captured.dump()
    for r in captured.records:
        assert PASSWORD not in r.getMessage(), f"the password in a record: {r.name}: {r.getMessage()}"
        assert not r.args, r


def test_haven_log_wins_over_log_level(servers) -> None:
    servers("standalone")
    script = f"""
import logging, time, haven
seen = []
class H(logging.Handler):
    def emit(self, r): seen.append(r.levelno)
logging.getLogger("haven").addHandler(H())
logging.getLogger("haven").setLevel(logging.DEBUG)
c = haven.SyncClient.connect(haven.StandaloneConfig(["127.0.0.1:{STANDALONE}"], log_level="warn"))
c.ping()
assert haven.set_log_level("error") is False
c.close()
deadline = time.monotonic() + 10
while logging.DEBUG not in seen and time.monotonic() < deadline:
    time.sleep(0.05)
print("debug" if logging.DEBUG in seen else "none")
"""
    env = dict(os.environ, HAVEN_LOG="haven=debug")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "debug", out


def test_a_bad_level_is_a_config_error() -> None:
    with pytest.raises(haven.ConfigError, match="log_level"):
        haven.SyncClient.connect(haven.StandaloneConfig(["127.0.0.1:1"], log_level="loud", lazy_connect=True))
    with pytest.raises(haven.ConfigError, match="level"):
        haven.set_log_level("haven=loud")
