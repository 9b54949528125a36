"""Multi-endpoint HA from Python over the `regions` group (6440/6441/6442,
three independent servers standing for regions): a killed region fails over
and its return fails back, with the events seen by Python callbacks; manual
failover_to; runtime endpoint changes; custom health checks written in
Python (sync and async, on both clients) decide health; no healthy endpoint
gives NoHealthyEndpointError; pub/sub keeps delivering across a failover.

Each region holds a marker key whose value is its port, so a GET tells which
region served it. Faults run under the fault lock and are undone before it
is released."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Awaitable, Dict, List, Optional

import pytest

import haven
from conftest import (
    DB,
    REGIONS,
    alive,
    async_test,
    await_until,
    cli,
    fault_lock,
    key,
    servers_sh,
    wait_until,
)

A, B, C = REGIONS
MARK = key("region")


def region(port: int) -> haven.StandaloneConfig:
    return haven.StandaloneConfig(
        [f"127.0.0.1:{port}"],
        database=DB,
        request_timeout_ms=1000,
        connection_timeout_ms=500,
        reconnect=haven.Backoff(base_ms=50, max_ms=300),
    )


def fast_health(kind: str = "ping") -> haven.HealthCheck:
    return haven.HealthCheck(kind=kind, interval_ms=100, timeout_ms=80, probes=1, probe_policy="all")


def multi(
    endpoints: List[haven.Endpoint], failback_grace_ms: int = 500, health: Optional[haven.HealthCheck] = None
) -> haven.MultiEndpointConfig:
    return haven.MultiEndpointConfig(
        endpoints,
        health_check=health or fast_health(),
        failback_grace_ms=failback_grace_ms,
        request_timeout_ms=1000,
        circuit_breaker=haven.CircuitBreaker(consecutive_failures=3, half_open_after_ms=300),
    )


def mark_regions() -> None:
    for port in REGIONS:
        assert cli(port, "SET", MARK, str(port)) == "OK"


async def served_by(client: haven.Client) -> Optional[int]:
    try:
        v = await client.get(MARK)
    except haven.HavenError:
        return None
    return int(v) if v is not None else None


class Recorder:
    """Collects events (sync callback) and answers "has X happened"."""

    def __init__(self) -> None:
        self.events: List[haven.Event] = []
        self.lock = threading.Lock()

    def __call__(self, event: haven.Event) -> None:
        with self.lock:
            self.events.append(event)

    def find(self, kind: str, **fields: str) -> Optional[haven.Event]:
        with self.lock:
            for e in self.events:
                if e.kind == kind and all(getattr(e, k) == v for k, v in fields.items()):
                    return e
        return None

    def kinds(self) -> List[str]:
        with self.lock:
            return [e.kind for e in self.events]


@pytest.fixture
def regions(servers) -> None:  # type: ignore[no-untyped-def]
    servers("regions")
    mark_regions()


@async_test
async def test_region_loss_fails_over_and_return_fails_back(regions: None) -> None:
    cfg = multi([haven.Endpoint("a", region(A), weight=3.0), haven.Endpoint("b", region(B), weight=2.0)])
    client = await haven.Client.connect(cfg)
    rec = Recorder()
    client.on_event(rec)
    assert client.active_endpoint == "a"
    assert await served_by(client) == A
    with fault_lock():
        try:
            servers_sh("kill-node", str(A))
            t0 = time.monotonic()
            await await_until("traffic on b", lambda: _is(served_by(client), B))
            failover = await await_until("a failover event", lambda: rec.find("failover"))
            assert (failover.from_, failover.to) == ("a", "b"), failover
            assert failover.reason and abs(failover.time - time.time()) < 60
            assert client.active_endpoint == "b"
            down = await await_until(
                "a's endpoint_unhealthy or circuit_opened event",
                lambda: rec.find("endpoint_unhealthy", endpoint="a") or rec.find("circuit_opened", endpoint="a"),
            )
            assert down.reason, down
            print(f"\nregion loss: traffic on b after {time.monotonic() - t0:.2f} s")
            health: Dict[str, haven.EndpointHealth] = {h.name: h for h in client.endpoint_health()}
            assert health["b"].healthy
            await await_until("a unhealthy", lambda: not {h.name: h for h in client.endpoint_health()}["a"].healthy)
            assert client.endpoint_health()[0].last_error, client.endpoint_health()
            await client.set(key("during"), "written on b")
            assert cli(B, "GET", key("during")) == "written on b"
        finally:
            if not alive(A):
                servers_sh("restart-node", str(A))
        mark_regions()
        failback = await await_until("a failback event", lambda: rec.find("failback"), seconds=30)
        assert (failback.from_, failback.to) == ("b", "a"), failback
        await await_until("traffic back on a", lambda: _is(served_by(client), A))
    assert client.active_endpoint == "a"
    await client.close()


async def _is(value: Awaitable[Optional[int]], expected: int) -> bool:
    return (await value) == expected


@async_test
async def test_manual_failover_to_and_runtime_changes(regions: None) -> None:
    cfg = multi(
        [haven.Endpoint("a", region(A), weight=3.0), haven.Endpoint("b", region(B), weight=2.0)],
        failback_grace_ms=300,
    )
    async with await haven.Client.connect(cfg) as client:
        rec = Recorder()
        client.on_event(rec)
        assert client.active_endpoint == "a"
        await client.failover_to("b")
        assert client.active_endpoint == "b"
        assert await served_by(client) == B
        switch = await await_until("a manual_switch event", lambda: rec.find("manual_switch"))
        assert (switch.from_, switch.to) == ("a", "b")
        await asyncio.sleep(0.8)  # past the grace: a manual switch holds
        assert client.active_endpoint == "b"

        with pytest.raises(haven.ConfigError, match="nowhere"):
            await client.failover_to("nowhere")
        with pytest.raises(TypeError, match="name"):
            await client.failover_to(3)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="force"):
            await client.failover_to("a", force="yes")  # type: ignore[arg-type]

        # Reweighting moves traffic at once, past the manual choice.
        await client.set_weight("a", 9.0)
        assert client.active_endpoint == "a"
        assert await served_by(client) == A
        # A third region added at run time, weighing most, takes traffic
        # after the failback grace.
        await client.add_endpoint(haven.Endpoint("c", region(C), weight=20.0))
        await await_until("traffic on c", lambda: _is(served_by(client), C))
        assert [h.name for h in client.endpoint_health()] == ["a", "b", "c"]
        # Removing the active one moves traffic to the heaviest left.
        await client.remove_endpoint("c")
        assert client.active_endpoint == "a"
        assert await served_by(client) == A
        assert [h.name for h in client.endpoint_health()] == ["a", "b"]
        with pytest.raises(haven.ConfigError):
            await client.remove_endpoint("c")
        with pytest.raises(TypeError, match="weight"):
            await client.set_weight("b", "heavy")  # type: ignore[arg-type]
        with pytest.raises(haven.ConfigError):
            await client.set_weight("b", -1.0)
        with pytest.raises(TypeError, match="endpoint"):
            await client.add_endpoint("c")  # type: ignore[arg-type]


@async_test
async def test_custom_sync_and_async_health_checks_decide(regions: None) -> None:
    up = {"a": True, "b": True}
    calls: Dict[str, int] = {"a": 0, "b": 0}
    loop_thread = threading.get_ident()
    threads = set()

    def check_a(name: str) -> bool:
        threads.add(threading.get_ident())
        calls[name] += 1
        return up["a"]

    async def check_b(name: str) -> bool:
        await asyncio.sleep(0.001)
        calls[name] += 1
        return up["b"]

    cfg = multi(
        [
            haven.Endpoint("a", region(A), weight=3.0, health_check=check_a),
            haven.Endpoint("b", region(B), weight=2.0, health_check=check_b),
            haven.Endpoint("c", region(C), weight=1.0, health_check=fast_health("custom")),
        ],
        failback_grace_ms=300,
    )
    client = await haven.Client.connect(cfg)
    rec = Recorder()
    client.on_event(rec)

    def check_c(name: str) -> bool:
        raise RuntimeError("a raising check counts as unhealthy")

    client.set_health_check("c", check_c)
    assert client.active_endpoint == "a"
    await await_until("c unhealthy", lambda: not {h.name: h.healthy for h in client.endpoint_health()}["c"])

    up["a"] = False
    e = await await_until("failover a -> b", lambda: rec.find("failover", from_="a", to="b"))
    assert "a" in e.reason
    assert await served_by(client) == B
    assert not {h.name: h.healthy for h in client.endpoint_health()}["a"]

    # Nothing healthy: requests fail with NoHealthyEndpointError, fast.
    up["b"] = False
    await await_until("no healthy endpoint", lambda: client.active_endpoint == "")

    async def refused() -> bool:
        try:
            await client.get(MARK)
        except haven.NoHealthyEndpointError:
            return True
        return False

    await await_until("NoHealthyEndpointError", refused)
    with pytest.raises(haven.NoHealthyEndpointError):
        await client.failover_to("b")

    up["a"] = up["b"] = True
    await await_until("traffic back on a", lambda: _is(served_by(client), A))
    # The checks keep running on their interval; how many ran by now depends
    # on how fast the steps above went.
    await await_until("repeated checks", lambda: calls["a"] > 5 and calls["b"] > 5, seconds=10)
    assert calls["a"] > 5 and calls["b"] > 5, calls
    assert threads == {loop_thread}, "sync checks run on the loop thread"

    # set_health_check refuses an endpoint without a custom check.
    with pytest.raises(TypeError, match="check"):
        client.set_health_check("a", "not callable")  # type: ignore[arg-type]
    with pytest.raises(haven.ConfigError, match="nowhere"):
        client.set_health_check("nowhere", check_a)
    await client.close()


@async_test
async def test_a_hung_async_check_times_out_as_unhealthy(regions: None) -> None:
    hang = {"b": False}

    async def check(name: str) -> bool:
        if hang["b"]:
            await asyncio.sleep(3600)
        return True

    cfg = multi(
        [
            haven.Endpoint("a", region(A), weight=1.0),
            haven.Endpoint("b", region(B), weight=2.0, health_check=check),
        ]
    )
    async with await haven.Client.connect(cfg) as client:
        assert client.active_endpoint == "b"
        hang["b"] = True
        await await_until("failover off the hung check", lambda: client.active_endpoint == "a")
        (b,) = [h for h in client.endpoint_health() if h.name == "b"]
        assert not b.healthy and b.last_error


def test_sync_client_custom_checks_and_manual_switch(regions: None) -> None:
    up = {"a": True}
    threads = set()

    def check_a(name: str) -> bool:
        threads.add(threading.current_thread().name)
        return up["a"]

    async def check_b(name: str) -> bool:
        await asyncio.sleep(0)
        return True

    cfg = multi(
        [
            haven.Endpoint("a", region(A), weight=3.0, health_check=check_a),
            haven.Endpoint("b", region(B), weight=2.0, health_check=fast_health("custom")),
        ],
        failback_grace_ms=300,
    )
    with haven.SyncClient.connect(cfg) as client:
        client.set_health_check("b", check_b)
        seen: List[haven.Event] = []
        client.on_event(seen.append)
        assert client.active_endpoint == "a"
        assert int(client.get(MARK)) == A
        up["a"] = False
        wait_until("failover to b", lambda: client.active_endpoint == "b")
        assert int(client.get(MARK)) == B
        up["a"] = True
        wait_until("failback to a", lambda: client.active_endpoint == "a")
        wait_until("failback event", lambda: any(e.kind == "failback" for e in seen))
        client.failover_to("b")
        assert int(client.get(MARK)) == B
        with pytest.raises(haven.ConfigError):
            client.failover_to("nowhere")
        assert all(t.startswith("haven-health") for t in threads), threads


@async_test
async def test_pubsub_messages_keep_flowing_across_a_failover(regions: None) -> None:
    cfg = multi([haven.Endpoint("a", region(A), weight=3.0), haven.Endpoint("b", region(B), weight=2.0)])
    client = await haven.Client.connect(cfg)
    channel = key("news")
    await client.subscribe(channel)
    await client.psubscribe(key("pat") + ":*")
    assert cli(A, "PUBLISH", channel, "from a") == "1"
    msg = await client.get_message(timeout=5)
    assert msg is not None and (msg.kind, msg.channel, msg.payload) == ("message", channel.encode(), b"from a")
    with fault_lock():
        try:
            servers_sh("kill-node", str(A))
            await await_until("traffic on b", lambda: client.active_endpoint == "b")
            # The subscription moved with the traffic: b's subscriber shows up.
            await await_until("subscribed on b", lambda: cli(B, "PUBLISH", channel, "from b") == "1")
            got = await client.get_message(timeout=5)
            while got is not None and got.payload != b"from b":
                got = await client.get_message(timeout=5)
            assert got is not None and got.channel == channel.encode()
            assert cli(B, "PUBLISH", key("pat") + ":x", "pattern on b") == "1"
            got = await client.get_message(timeout=5)
            assert got is not None and got.kind == "pmessage" and got.pattern == (key("pat") + ":*").encode()
            # Published through haven too.
            assert await client.publish(channel, "via haven") == 1
            got = await client.get_message(timeout=5)
            assert got is not None and got.payload == b"via haven"
        finally:
            if not alive(A):
                servers_sh("restart-node", str(A))
        mark_regions()
    await client.close()
    assert await client.get_message(timeout=0.1) is None


def test_sync_client_hung_check_counts_as_unhealthy_and_blocks_nothing(regions: None) -> None:
    hang = threading.Event()
    release = threading.Event()

    def check_b(name: str) -> bool:
        if hang.is_set():
            release.wait(5)  # hangs far past the 300 ms probe deadline
        return True

    cfg = multi(
        [
            haven.Endpoint("a", region(A), weight=1.0),
            haven.Endpoint("b", region(B), weight=2.0, health_check=check_b),
        ]
    )
    with haven.SyncClient.connect(cfg) as client:
        assert client.active_endpoint == "b"
        hang.set()
        t0 = time.monotonic()
        while client.active_endpoint != "a":
            assert time.monotonic() - t0 < 15, client.endpoint_health()
            started = time.monotonic()
            client.get(MARK)  # requests are not held up by the hung checks
            assert time.monotonic() - started < 1.0
            time.sleep(0.05)
        assert int(client.get(MARK)) == A
        (b,) = [h for h in client.endpoint_health() if h.name == "b"]
        assert not b.healthy and b.last_error
        release.set()


def test_sync_client_messages_keep_flowing_across_a_failover(regions: None) -> None:
    cfg = multi([haven.Endpoint("a", region(A), weight=3.0), haven.Endpoint("b", region(B), weight=2.0)])
    with haven.SyncClient.connect(cfg) as client:
        channel = key("sync-news")
        client.subscribe(channel)
        assert cli(A, "PUBLISH", channel, "from a") == "1"
        msg = client.get_message(timeout=5)
        assert msg is not None and msg.payload == b"from a"
        with fault_lock():
            try:
                servers_sh("kill-node", str(A))
                wait_until("traffic on b", lambda: client.active_endpoint == "b")
                wait_until("subscribed on b", lambda: cli(B, "PUBLISH", channel, "from b") == "1")
                got = client.get_message(timeout=5)
                while got is not None and got.payload != b"from b":
                    got = client.get_message(timeout=5)
                assert got is not None and got.channel == channel.encode()
            finally:
                if not alive(A):
                    servers_sh("restart-node", str(A))
            mark_regions()
