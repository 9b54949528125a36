"""A real fault on a `regions` node: SIGKILL, then `servers.sh restart-node`.
During the outage requests fail with haven.ConnectionError (fast, never a
hang); the client reconnects by itself; Python callbacks (sync and async on
haven.Client, and on SyncClient's event thread) saw node_disconnected and
node_connected."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import List

import haven
from conftest import REGIONS, async_test, cli, fault_lock, key, servers_sh


def region_config(port: int, fail_fast: bool = False) -> haven.StandaloneConfig:
    return haven.StandaloneConfig(
        [f"127.0.0.1:{port}"],
        fail_fast=fail_fast,
        request_timeout_ms=1000,
        reconnect=haven.Backoff(base_ms=50, max_ms=400),
    )


class Revive:
    """Kills the node under the fault lock and restarts it even when an
    assertion fails."""

    def __init__(self, port: int) -> None:
        self.port = port

    def __enter__(self) -> "Revive":
        self.lock = fault_lock()
        self.lock.__enter__()
        servers_sh("kill-node", str(self.port))
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if cli(self.port, "PING", db=0) != "PONG":
                servers_sh("restart-node", str(self.port))
        finally:
            self.lock.__exit__(None, None, None)


def kinds_after(events: List[haven.Event], first: str) -> List[str]:
    kinds = [e.kind for e in events]
    return kinds[kinds.index(first):] if first in kinds else []


@async_test
async def test_killed_node_fails_fast_and_client_recovers_with_events(servers) -> None:
    servers("regions")
    port = REGIONS[0]
    node = f"127.0.0.1:{port}"
    # fail_fast (opt-in): requests to the dead node fail at once instead of
    # waiting for it (test_ride_through.py covers the default).
    client = await haven.Client.connect(region_config(port, fail_fast=True))
    seen: List[haven.Event] = []
    seen_async: List[haven.Event] = []
    loop_thread = threading.get_ident()
    threads = set()

    def on_event(event: haven.Event) -> None:
        threads.add(threading.get_ident())
        seen.append(event)

    @client.on_event
    async def on_event_async(event: haven.Event) -> None:
        await asyncio.sleep(0)
        seen_async.append(event)

    client.on_event(on_event)
    k = key("failover")
    assert await client.set(k, "before") is True

    with Revive(port):
        failures = 0
        until = time.monotonic() + 1.5
        while time.monotonic() < until:
            try:
                await client.get(k)
            except haven.ConnectionError:
                # A ConnectionError, not a TimeoutError at the 1 s
                # deadline: fail_fast answered without waiting.
                failures += 1
            await asyncio.sleep(0.05)
        assert failures >= 10, failures
        servers_sh("restart-node", str(port))

    # The client comes back by itself (no reconnect call).
    deadline = time.monotonic() + 15
    while True:
        try:
            assert await client.ping() is True
            break
        except (haven.ConnectionError, haven.TimeoutError):
            assert time.monotonic() < deadline, "the client did not recover"
            await asyncio.sleep(0.05)
    await client.set(k, "after")
    assert await client.get(k) == b"after"
    for _ in range(50):  # the async callback runs as a task
        if "node_connected" in kinds_after(seen_async, "node_disconnected"):
            break
        await asyncio.sleep(0.02)

    for events in (seen, seen_async):
        after = kinds_after(events, "node_disconnected")
        assert "node_connected" in after, [e.kind for e in events]
        disconnected = next(e for e in events if e.kind == "node_disconnected")
        assert disconnected.node == node and disconnected.reason
        assert abs(disconnected.time - time.time()) < 60
    assert threads == {loop_thread}, "sync callbacks run on the loop thread"
    nodes = client.nodes()
    assert nodes[0].connected and nodes[0].connects >= 2 and nodes[0].reconnect_attempts >= 1
    await client.close()


def test_sync_client_events_arrive_on_their_own_thread(servers) -> None:
    servers("regions")
    port = REGIONS[1]
    client = haven.SyncClient.connect(region_config(port))
    seen: List[haven.Event] = []
    threads = set()
    got_connected = threading.Event()

    @client.on_event
    def on_event(event: haven.Event) -> None:
        threads.add(threading.current_thread())
        seen.append(event)
        if event.kind == "node_connected" and any(e.kind == "node_disconnected" for e in seen):
            got_connected.set()

    def broken(event: haven.Event) -> None:
        raise RuntimeError("a callback's bug must not stop delivery")

    client.on_event(broken)
    assert client.ping() is True
    with Revive(port):
        deadline = time.monotonic() + 5
        while not any(e.kind == "node_disconnected" for e in seen):
            assert time.monotonic() < deadline, "no node_disconnected event"
            try:
                client.ping()
            except haven.HavenError:
                pass
            time.sleep(0.05)
        try:
            client.get("k")
        except (haven.ConnectionError, haven.TimeoutError):
            pass  # a request to the dead node waits (parked) until its deadline
        servers_sh("restart-node", str(port))
    assert got_connected.wait(15), [e.kind for e in seen]
    assert [t.name for t in threads] == ["haven-events"]
    deadline = time.monotonic() + 15
    while True:
        try:
            assert client.ping() is True
            break
        except haven.HavenError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    client.close()
    # The event thread ends with the client.
    (thread,) = threads
    thread.join(2)
    assert not thread.is_alive()
