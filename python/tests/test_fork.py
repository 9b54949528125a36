"""Fork safety: clients made before ``os.fork()`` keep working in the child
on new connections of their own (cache emptied, subscriptions re-made), new
clients work there too, and the parent is untouched. Children report through
their exit status only (never pytest in a child)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from typing import Callable, List, Optional

import pytest

import haven
from conftest import STANDALONE, calls, config, key

#: What the children of a test use: set in the parent before forking.
_client: Optional[haven.SyncClient] = None


def run_forked(body: Callable[[], None], seconds: float = 60) -> int:
    """Forks; the child runs `body` and exits 0 (1 if it raised). The
    parent returns the child's exit code, killing a child that hangs."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            body()
            code = 0
        except BaseException as e:  # noqa: BLE001 - reported by the exit code
            os.write(2, f"child {os.getpid()}: {e!r}\n".encode())
        finally:
            os._exit(code)
    return wait_child(pid, seconds)


def wait_child(pid: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return -9
        time.sleep(0.02)


def test_eight_forked_children_use_the_parents_client_and_a_new_one(standalone_server: None) -> None:
    parent = haven.SyncClient.connect(config())
    k = key("fork8")
    parent.set(k, "parent")
    before = {n.address: n.connects for n in parent.nodes()}
    pipe = parent.pipeline(False)  # made before the fork: refused in the child

    def child() -> None:
        me = os.getpid()
        assert parent.get(k) == b"parent"  # the parent's client, rebuilt here
        for i in range(50):
            assert parent.set(f"{k}:{me}", i) is True
        assert parent.get(f"{k}:{me}") == b"49"
        fresh = haven.SyncClient.connect(config())
        assert fresh.incr(f"{k}:count") >= 1
        fresh.close()
        try:
            pipe.get(k)
            pipe.execute()
            raise AssertionError("a pipeline made in the parent ran in the child")
        except haven.ClosingError as e:
            assert "os.fork()" in str(e)
        parent.close()

    pids: List[int] = []
    for _ in range(8):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                child()
                code = 0
            except BaseException as e:  # noqa: BLE001
                os.write(2, f"child {os.getpid()}: {e!r}\n".encode())
            finally:
                os._exit(code)
        pids.append(pid)
        # The parent keeps working between and during the forks.
        assert parent.get(k) == b"parent"
    for _ in range(200):
        assert parent.set(k, "parent") is True
    codes = [wait_child(pid, 60) for pid in pids]
    assert codes == [0] * 8
    assert parent.get(f"{k}:count") == b"8"
    assert parent.get(k) == b"parent"
    # Untouched: the parent's connections were never replaced.
    assert {n.address: n.connects for n in parent.nodes()} == before
    parent.delete(k, f"{k}:count", *[f"{k}:{p}" for p in pids])
    parent.close()


def _pool_task(i: int) -> int:
    assert _client is not None
    k = key(f"pool:{os.getpid()}")
    _client.set(k, i)
    value = int(_client.get(k))
    _client.delete(k)
    return value * 2


def test_a_multiprocessing_fork_pool_uses_a_client_made_in_the_parent(standalone_server: None) -> None:
    global _client
    _client = haven.SyncClient.connect(config())
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(8) as pool:
            assert pool.map(_pool_task, range(200)) == [i * 2 for i in range(200)]
        assert _client.ping() is True
    finally:
        _client.close()
        _client = None


def test_an_async_client_made_before_the_fork_works_in_the_child(standalone_server: None) -> None:
    k = key("fork-async")

    async def make() -> haven.Client:
        client = await haven.Client.connect(config())
        await client.set(k, "before")
        return client

    client = asyncio.run(make())

    def child() -> None:
        async def use() -> None:
            assert await client.get(k) == b"before"
            await client.set(k, "child")
            await client.close()

        asyncio.run(use())

    assert run_forked(child) == 0

    async def after() -> None:
        assert await client.get(k) == b"child"  # another loop, same client
        await client.delete(k)
        await client.close()

    asyncio.run(after())


def test_the_child_re_subscribes_and_starts_with_an_empty_cache(standalone_server: None) -> None:
    k = key("fork-cache")
    channel = key("fork-chan")
    parent = haven.SyncClient.connect(config(cache=haven.ClientCache()))
    parent.set(k, "v1")
    assert parent.get(k) == b"v1"
    assert parent.get(k) == b"v1"  # served from the cache now
    parent.subscribe(channel)

    def child() -> None:
        assert parent.cache_stats()["entries"] == 0  # a new, empty cache
        gets = calls(STANDALONE, "get")
        assert parent.get(k) == b"v1"
        assert calls(STANDALONE, "get") == gets + 1  # went to the server
        publisher = haven.SyncClient.connect(config())
        deadline = time.monotonic() + 10
        while True:
            publisher.publish(channel, "hello")
            msg = parent.get_message(0.2)
            while msg is not None and msg.kind != "message":
                msg = parent.get_message(0.2)
            if msg is not None:
                assert msg.payload == b"hello"
                break
            assert time.monotonic() < deadline, "no message in the child"
        publisher.close()
        parent.close()

    assert run_forked(child) == 0
    assert parent.get(k) == b"v1"
    parent.delete(k)
    parent.close()


def test_forks_in_a_loop_never_hang(standalone_server: None) -> None:
    """Forks while other threads keep the engine busy: the hooks pause the
    engine's workers, so no child inherits a lock held by a lost thread."""
    import threading

    client = haven.SyncClient.connect(config())
    k = key("fork-busy")
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            client.set(k, "x")
            client.get(k)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    try:

        def child() -> None:
            assert client.get(k) == b"x"
            fresh = haven.SyncClient.connect(config())
            assert fresh.ping() is True

        for _ in range(20):
            assert run_forked(child, 30) == 0
    finally:
        stop.set()
        for t in threads:
            t.join()
    client.delete(k)
    client.close()


@pytest.mark.parametrize("use_uvloop", [False, True])
def test_one_async_client_serves_successive_event_loops(standalone_server: None, use_uvloop: bool) -> None:
    if use_uvloop:
        uvloop = pytest.importorskip("uvloop")
        run: Callable[..., object] = uvloop.run
    else:
        run = asyncio.run
    k = key("loops")

    async def make() -> haven.Client:
        client = await haven.Client.connect(config())
        await client.set(k, "0")
        return client

    client = run(make())  # type: ignore[assignment]

    async def use(i: int) -> int:
        assert isinstance(client, haven.Client)
        replies = await asyncio.gather(*(client.incr(k) for _ in range(100)))
        pipe = client.pipeline(False)
        pipe.get(k)
        (value,) = await pipe.execute()
        assert int(value) == max(replies)
        return int(value)

    assert run(use(1)) == 100
    assert run(use(2)) == 200
    assert run(use(3)) == 300

    async def finish() -> None:
        assert isinstance(client, haven.Client)
        await client.delete(k)
        await client.close()  # from a loop other than the one it connected on

    run(finish())
    assert client.closed
