"""How replies reach Python: many completions wake the asyncio loop once
(not once per request), cancelled futures are skipped, the loop stays free
while the engine waits, and SyncClient waits without the GIL."""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
import time

import pytest

import haven
from conftest import async_test, cli, config, key


@async_test
async def test_a_burst_of_replies_wakes_the_loop_in_batches(standalone_server: None) -> None:
    async with await haven.Client.connect(config(inflight_limit=10_000)) as client:
        loop = asyncio.get_running_loop()
        core, fd = client._core, client._fd
        wakeups = 0

        def counting_drain() -> None:
            nonlocal wakeups
            wakeups += 1
            core.drain()

        loop.remove_reader(fd)
        loop.add_reader(fd, counting_drain)
        k = key("burst")
        await client.set(k, "v")
        wakeups = 0
        replies = await asyncio.gather(*(client.get(k) for _ in range(2000)))
        assert replies == [b"v"] * 2000
        # 2000 replies, far fewer wake-ups: completions are delivered in
        # batches (one wake-up per reply would be 2000; a quiet machine sees
        # ~200, a loaded 2-core one up to ~600: the bound is generous).
        assert wakeups < 1000, wakeups
        assert {k: client.stats()[k] for k in ("in_flight", "pending", "coalesced_reads")} == {"in_flight": 0, "pending": 0, "coalesced_reads": 0}


@async_test
async def test_cancelled_requests_are_skipped(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        k = key("cancel")
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.blpop(k, timeout=0.5), 0.05)
        # The reply arrives later for a cancelled future; nothing breaks.
        await asyncio.sleep(0.7)
        assert client.stats()["pending"] == 0
        assert await client.ping() is True


@async_test
async def test_the_loop_runs_while_the_engine_waits(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        t = asyncio.ensure_future(ticker())
        assert await client.blpop(key("idle"), timeout=0.5) is None
        t.cancel()
        assert ticks >= 20, ticks


def test_sync_client_waits_without_the_gil(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        counted = 0
        stop = time.monotonic() + 0.6

        def count() -> None:
            nonlocal counted
            while time.monotonic() < stop:
                counted += 1

        t = threading.Thread(target=count)
        t.start()
        assert client.blpop(key("gil"), timeout=0.5) is None
        t.join()
        # The counting thread ran (pure Python) all along the blocking call.
        assert counted > 10_000, counted


def test_sync_client_is_shared_by_threads(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        k = key("threads")
        client.delete(k)
        errors = []

        def work() -> None:
            try:
                for _ in range(200):
                    client.incr(k)
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors and client.get(k) == b"1600"


@async_test
async def test_timeouts_are_timeout_errors(standalone_server: None) -> None:
    async with await haven.Client.connect(config(request_timeout_ms=500)) as client:
        # A blocking command's deadline is its own timeout plus the request
        # timeout; an explicit shorter timeout_ms ends it first. (No DEBUG
        # SLEEP: the server is shared.) The margins are wide: a loaded 2-core
        # machine can hold a blocked reply back by a good part of a second.
        started = time.monotonic()
        with pytest.raises(haven.TimeoutError, match="deadline"):
            await client.custom_command(["BLPOP", key("timeout"), "2"], timeout_ms=100)
        assert time.monotonic() - started < 1.5
        # Blocks longer than the request timeout, and still gets its reply.
        assert await client.custom_command(["BLPOP", key("timeout"), "0.8"]) is None
        assert await client.custom_command(["BLPOP", key("timeout"), "0.2"], timeout_ms=2000) is None
        assert await client.ping() is True


@async_test
async def test_backpressure_past_the_inflight_limit(standalone_server: None) -> None:
    async with await haven.Client.connect(config(inflight_limit=5)) as client:
        k = key("inflight")
        results = await asyncio.gather(*(client.blpop(k, timeout=0.3) for _ in range(20)), return_exceptions=True)
        refused = [r for r in results if isinstance(r, haven.BackpressureError)]
        assert len(refused) == 15 and results.count(None) == 5
        assert "inflight_limit" in str(refused[0])


@async_test
async def test_a_forgotten_client_warns_and_lets_go_of_its_connections(standalone_server: None) -> None:
    name = f"haven-forgotten-{key('x').split(':')[-1]}"
    client = await haven.Client.connect(config(client_name=name))
    assert await client.ping() is True
    assert name in cli(6400, "CLIENT", "LIST")
    with pytest.warns(ResourceWarning, match="unclosed"):
        del client
        gc.collect()
    for _ in range(100):
        await asyncio.sleep(0.05)
        if name not in cli(6400, "CLIENT", "LIST"):
            break
    assert name not in cli(6400, "CLIENT", "LIST"), "the engine kept the connection of a dropped client"


def test_a_forgotten_sync_client_lets_go_too(standalone_server: None) -> None:
    name = f"haven-forgotten-sync-{key('x').split(':')[-1]}"
    client = haven.SyncClient.connect(config(client_name=name))
    client.on_event(lambda event: None)
    thread = next(t for t in threading.enumerate() if t.name == "haven-events")
    assert name in cli(6400, "CLIENT", "LIST")
    with pytest.warns(ResourceWarning, match="unclosed"):
        del client
        gc.collect()
    thread.join(5)
    assert not thread.is_alive()
    for _ in range(100):
        if name not in cli(6400, "CLIENT", "LIST"):
            break
        time.sleep(0.05)
    assert name not in cli(6400, "CLIENT", "LIST")


def test_a_signal_interrupts_a_sync_blocking_wait(standalone_server: None) -> None:
    class Interrupted(Exception):
        pass

    def handler(signum: int, frame: object) -> None:
        raise Interrupted()

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        with haven.SyncClient.connect(config()) as client:
            signal.setitimer(signal.ITIMER_REAL, 0.3)
            started = time.monotonic()
            with pytest.raises(Interrupted):
                client.blpop(key("forever"), timeout=2)
            assert time.monotonic() - started < 1.5
            # The BLPOP still holds the (multiplexed) connection until the
            # server ends it; the next request waits behind it.
            assert client.ping() is True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
