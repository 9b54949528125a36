"""Every command correct on a shared client (issue 16): blocking commands
run on dedicated connections beside everyone's GETs, a cancelled BLPOP
takes nothing, connection-state commands are refused, WATCH-guarded
transactions through pipeline.watch() on standalone and cluster (and a
failover during one), panics answered as InternalError, deep replies whole.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from typing import Any, List, Tuple

import pytest

import haven

from conftest import (
    CLUSTER,
    DB,
    STANDALONE,
    alive,
    async_test,
    await_until,
    cli,
    config,
    fault_lock,
    key,
)


def cluster_config(**kwargs: Any) -> haven.ClusterConfig:
    kwargs.setdefault("request_timeout_ms", 3000)
    return haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], **kwargs)


# ------------------------------------------------------ blocking commands --


@async_test
async def test_gets_run_beside_a_blpop_and_an_xreadgroup_block(standalone_server: None) -> None:
    client = await haven.Client.connect(config(request_timeout_ms=1000))
    q, s, k = key("beside-q"), key("beside-s"), key("beside-k")
    await client.delete(q, s)
    await client.set(k, "v")
    await client.custom_command(["XGROUP", "CREATE", s, "g", "$", "MKSTREAM"])
    errors: List[BaseException] = []
    done = 0

    async def reader() -> None:
        nonlocal done
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            try:
                assert await client.get(k) == b"v"
                done += 1
            except haven.HavenError as e:
                errors.append(e)

    t0 = time.monotonic()
    blpop = asyncio.ensure_future(client.custom_command(["BLPOP", q, "2"]))
    xread = asyncio.ensure_future(
        client.custom_command(["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "2000", "STREAMS", s, ">"])
    )
    await asyncio.sleep(0.1)  # both are blocked on the server now
    await asyncio.gather(*(reader() for _ in range(50)))
    assert errors == [], f"{len(errors)} GETs failed beside the blocking commands: {errors[:3]}"
    assert done > 50
    assert await blpop is None
    assert await xread is None
    assert time.monotonic() - t0 >= 1.9  # they did wait on the server
    await client.delete(q, s, k)
    await client.close()


@async_test
async def test_blpop_with_the_default_timeout_gets_an_element_pushed_at_600_ms(standalone_server: None) -> None:
    # The default request timeout (250 ms): the deadline of BLPOP q 1 is
    # its own 1 s plus that.
    client = await haven.Client.connect(haven.StandaloneConfig([f"127.0.0.1:{STANDALONE}"], database=DB))
    q = key("late-push")
    await client.delete(q)
    loop = asyncio.get_running_loop()
    pusher = loop.run_in_executor(None, lambda: (time.sleep(0.6), cli(STANDALONE, "RPUSH", q, "late")))
    assert await client.custom_command(["BLPOP", q, "1"]) == [q.encode(), b"late"]
    await pusher
    assert cli(STANDALONE, "LLEN", q) == "0"
    await client.close()


def test_sync_blpop_gets_an_element_pushed_later(standalone_server: None) -> None:
    client = haven.SyncClient.connect(haven.StandaloneConfig([f"127.0.0.1:{STANDALONE}"], database=DB))
    q = key("late-push-sync")
    client.delete(q)
    pusher = threading.Timer(0.6, lambda: cli(STANDALONE, "RPUSH", q, "late"))
    pusher.start()
    assert client.blpop(q, 1) == (q.encode(), b"late")
    pusher.join()
    client.close()


@pytest.mark.parametrize("how", ["cancel", "wait_for"])
@async_test
async def test_a_cancelled_blpop_leaves_a_later_element_in_the_list(standalone_server: None, how: str) -> None:
    client = await haven.Client.connect(config())
    q = key(f"cancelled-{how}")
    await client.delete(q)

    async def pop() -> Any:
        return await client.blpop(q, 0)

    if how == "cancel":
        task = asyncio.ensure_future(pop())
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    else:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(pop(), 0.3)
    # The engine unblocks the server side; then the push must stay.
    await asyncio.sleep(0.3)
    cli(STANDALONE, "RPUSH", q, "kept")
    await asyncio.sleep(0.2)
    assert cli(STANDALONE, "LRANGE", q, "0", "-1") == "kept"
    # The cancelled request was answered inside the engine (nothing leaks).
    await await_until("no request pending", lambda: client.stats()["pending"] == 0, seconds=5)
    other = await haven.Client.connect(config())
    assert await other.lrange(q, 0, -1) == [b"kept"]
    await other.delete(q)
    await other.close()
    await client.close()


# --------------------------------------------- connection-state commands --


@async_test
async def test_select_through_custom_command_is_refused_and_changes_nothing(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    k = key("select")
    await client.set(k, "db11")
    errors: List[BaseException] = []

    async def reader() -> None:
        for _ in range(20):
            try:
                assert await client.get(k) == b"db11"
            except haven.HavenError as e:
                errors.append(e)

    readers = [asyncio.ensure_future(reader()) for _ in range(10)]
    with pytest.raises(haven.ConfigError, match="not sent"):
        await client.custom_command(["SELECT", "1"])
    await asyncio.gather(*readers)
    assert errors == []
    for command in (["MULTI"], ["WATCH", k], ["CLIENT", "TRACKING", "on"], ["SUBSCRIBE", "ch"]):
        with pytest.raises(haven.ConfigError, match="not sent"):
            await client.custom_command(command)
    assert await client.get(k) == b"db11"
    await client.delete(k)
    await client.close()

    sync = haven.SyncClient.connect(config())
    with pytest.raises(haven.ConfigError, match="not sent"):
        sync.custom_command(["SELECT", "1"])
    sync.set(k, "again")
    assert sync.get(k) == b"again"
    sync.delete(k)
    sync.close()


# ---------------------------------------------------- WATCH transactions --


async def watched_increments(client: haven.Client, k: str, tasks: int, each: int) -> int:
    """`tasks` tasks each add 1 to `k` `each` times with WATCH/MULTI/EXEC;
    returns how many times EXEC was aborted (WatchError) and retried."""
    retries = 0

    async def worker() -> None:
        nonlocal retries
        for _ in range(each):
            async with client.pipeline(transaction=True) as pipe:
                while True:
                    try:
                        await pipe.watch(k)
                        n = int(await pipe.get(k) or 0)
                        pipe.multi()
                        pipe.set(k, n + 1)
                        assert await pipe.execute() == [True]
                        break
                    except haven.WatchError:
                        retries += 1

    await asyncio.gather(*(worker() for _ in range(tasks)))
    return retries


@async_test
async def test_watched_increments_standalone(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    k = key("watch-count")
    await client.delete(k)
    retries = await watched_increments(client, k, 20, 25)
    print(f"\nstandalone: 500 increments, {retries} WatchError retries")
    assert await client.get(k) == b"500"
    assert cli(STANDALONE, "GET", k) == "500"
    assert retries > 0
    await client.delete(k)
    await client.close()


@async_test
async def test_watched_increments_cluster(servers: Any) -> None:
    servers("cluster")
    client = await haven.Client.connect(cluster_config())
    k = "{" + key("watch-count") + "}:n"
    await client.delete(k)
    retries = await watched_increments(client, k, 20, 25)
    print(f"\ncluster: 500 increments, {retries} WatchError retries")
    assert await client.get(k) == b"500"
    assert retries > 0
    await client.delete(k)
    await client.close()


def test_watched_increments_sync_threads(standalone_server: None) -> None:
    client = haven.SyncClient.connect(config())
    k = key("watch-count-sync")
    client.delete(k)
    retries = [0]
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(25):
            with client.pipeline() as pipe:
                while True:
                    try:
                        pipe.watch(k)
                        n = int(pipe.get(k) or 0)
                        pipe.multi()
                        pipe.set(k, n + 1)
                        pipe.execute()
                        break
                    except haven.WatchError:
                        with lock:
                            retries[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"\nsync: 200 increments, {retries[0]} WatchError retries")
    assert client.get(k) == b"200"
    assert retries[0] > 0
    client.delete(k)
    client.close()


@async_test
async def test_transaction_helper_retries_until_it_commits(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    k = key("watch-helper")
    await client.set(k, "0")
    calls = 0

    async def bump(pipe: haven.AsyncPipeline) -> int:
        nonlocal calls
        calls += 1
        n = int(await pipe.get(k))
        if calls == 1:
            await client.set(k, "10")  # another writer: the first EXEC aborts
        pipe.multi()
        pipe.set(k, n + 1)
        return n + 1

    assert await client.transaction(bump, k, value_from_callable=True) == 11
    assert calls == 2
    assert await client.get(k) == b"11"
    await client.delete(k)
    await client.close()

    sync = haven.SyncClient.connect(config())
    sync.set(k, "5")

    def incr(pipe: haven.Pipeline) -> None:
        n = int(pipe.get(k))
        pipe.multi()
        pipe.set(k, n + 1)

    assert sync.transaction(incr, k) == [True]
    assert sync.get(k) == b"6"
    sync.delete(k)
    sync.close()


@async_test
async def test_pipeline_without_watch_is_unchanged_and_reset_releases(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    k = key("watch-reset")
    pipe = client.pipeline()
    assert pipe.set(k, "1") is pipe  # queued, as before
    assert await pipe.execute() == [True]
    await pipe.watch(k)
    assert pipe.watching
    assert await pipe.get(k) == b"1"  # at once, on the session
    pipe.reset()
    assert not pipe.watching
    assert pipe.incr(k) is pipe  # queued again
    assert await pipe.execute() == [2]
    # A key changed after WATCH aborts EXEC with WatchError.
    await pipe.watch(k)
    await client.set(k, "changed")
    pipe.multi()
    pipe.set(k, "mine")
    with pytest.raises(haven.WatchError):
        await pipe.execute()
    assert await client.get(k) == b"changed"
    # unwatch(): the change no longer matters.
    await pipe.watch(k)
    await pipe.unwatch()
    await client.set(k, "changed again")
    pipe.multi()
    pipe.set(k, "mine")
    assert await pipe.execute() == [True]
    assert await client.get(k) == b"mine"
    await client.delete(k)
    await client.close()


# ------------------------------------------------------------- failover --


def cluster_nodes() -> List[List[str]]:
    for port in CLUSTER:
        if alive(port):
            return [line.split() for line in cli(port, "CLUSTER", "NODES", db=0).splitlines() if line]
    raise AssertionError("no live cluster node")


def port_of(node: List[str]) -> int:
    return int(node[1].split(":")[1].split("@")[0])


def owner_and_heir(k: str) -> Tuple[int, int]:
    slot = int(cli(CLUSTER[0], "CLUSTER", "KEYSLOT", k, db=0))
    nodes = cluster_nodes()
    for n in nodes:
        if "master" not in n[2] or "fail" in n[2]:
            continue
        for r in n[8:]:
            lo, _, hi = r.partition("-")
            if lo.isdigit() and int(lo) <= slot <= int(hi or lo):
                heirs = [m for m in nodes if m[3] == n[0] and "fail" not in m[2]]
                assert heirs, f"no replica of {n[1]}"
                return port_of(n), port_of(heirs[0])
    raise AssertionError(f"no primary serves slot {slot}")


def every_node_names_primary(port: int) -> bool:
    for p in CLUSTER:
        for line in cli(p, "CLUSTER", "NODES", db=0).splitlines():
            parts = line.split()
            if len(parts) > 2 and port_of(parts) == port and "master" not in parts[2]:
                return False
    return True


async def manual_failover(heir: int) -> None:
    await await_until(f"{heir} synced", lambda: "master_link_status:up" in cli(heir, "INFO", "replication", db=0))
    deadline = time.monotonic() + 30
    while True:
        assert cli(heir, "CLUSTER", "FAILOVER", db=0) == "OK"
        asked = time.monotonic()
        while time.monotonic() - asked < 6:
            if every_node_names_primary(heir):
                return
            await asyncio.sleep(0.05)
        assert time.monotonic() < deadline, f"{heir} did not take over"


@async_test
async def test_a_cluster_failover_during_a_watch_session_ends_it_clearly(servers: Any) -> None:
    servers("cluster")
    client = await haven.Client.connect(cluster_config(refresh_interval_ms=500))
    k = "{" + key("watch-failover") + "}:k"
    await client.set(k, "before")
    with fault_lock():
        await await_until("cluster ok", lambda: all(
            "cluster_state:ok" in cli(p, "CLUSTER", "INFO", db=0) for p in CLUSTER), seconds=60)
        old, heir = owner_and_heir(k)
        try:
            pipe = client.pipeline()
            await pipe.watch(k)
            assert await pipe.get(k) == b"before"
            await manual_failover(heir)
            pipe.multi()
            pipe.set(k, "after")
            with pytest.raises((haven.ClusterError, haven.ConnectionError), match="session") as caught:
                await pipe.execute()
            print(f"\nfailover during a session: {type(caught.value).__name__}: {caught.value}")
            assert not pipe.watching
            assert cli(heir, "GET", k, db=0) == "before"  # no EXEC ran anywhere
            # A new session works on the new primary once the client learnt it.
            deadline = time.monotonic() + 15
            while True:
                try:
                    await pipe.watch(k)
                    pipe.multi()
                    pipe.set(k, "after")
                    assert await pipe.execute() == [True]
                    break
                except (haven.ClusterError, haven.ConnectionError):
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.1)
            assert cli(heir, "GET", k, db=0) == "after"
        finally:
            if every_node_names_primary(heir) and alive(old):
                await manual_failover(old)
    await client.delete(k)
    await client.close()


# -------------------------------------------------------- panic, depth --

PANIC_SCRIPT = """
import asyncio, haven
cfg = haven.StandaloneConfig(["127.0.0.1:%d"], database=%d, request_timeout_ms=3000)

async def main():
    client = await haven.Client.connect(cfg)
    try:
        await client.custom_command(["HAVEN.TEST.PANIC"])
    except haven.InternalError as e:
        print("async InternalError:", e)
    assert await client.ping() is True
    await client.close()

asyncio.run(main())
sync = haven.SyncClient.connect(cfg)
try:
    sync.custom_command(["HAVEN.TEST.PANIC"])
except haven.InternalError as e:
    print("sync InternalError:", e)
assert sync.ping() is True
sync.close()
print("done")
"""


def test_a_panic_in_the_engine_is_an_internal_error_not_a_hang(standalone_server: None) -> None:
    env = dict(os.environ, HAVEN_TEST_INJECT_PANIC="1")
    out = subprocess.run(
        [sys.executable, "-c", PANIC_SCRIPT % (STANDALONE, DB)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.startswith("async InternalError:") for line in lines), out.stdout
    assert any(line.startswith("sync InternalError:") for line in lines), out.stdout
    assert lines[-1] == "done"


@pytest.mark.parametrize("flavour_", ["async", "sync"])
@async_test
async def test_a_lua_reply_nested_150_deep_arrives_whole(standalone_server: None, flavour_: str) -> None:
    script = "local t = {7} for i = 2, tonumber(ARGV[1]) do t = {t} end return t"
    if flavour_ == "async":
        client = await haven.Client.connect(config())
        reply = await client.custom_command(["EVAL", script, "0", "150"])
        await client.close()
    else:
        sync = haven.SyncClient.connect(config())
        reply = sync.custom_command(["EVAL", script, "0", "150"])
        sync.close()
    depth = 1
    while reply != [7]:
        assert isinstance(reply, list) and len(reply) == 1, reply
        reply = reply[0]
        depth += 1
    assert depth == 150


# -------------------------------------------------------------- config --


@async_test
async def test_dedicated_connection_settings(standalone_server: None) -> None:
    assert config().max_dedicated_connections is None  # the engine's default
    with pytest.raises(TypeError, match="max_dedicated_connections"):
        config(max_dedicated_connections="2")
    with pytest.raises(TypeError, match="dedicated_idle_ms"):
        config(dedicated_idle_ms=1.5)
    with pytest.raises(haven.ConfigError, match="max_dedicated_connections"):
        await haven.Client.connect(config(max_dedicated_connections=0))
    with pytest.raises(haven.ConfigError, match="dedicated_idle_ms"):
        await haven.Client.connect(config(dedicated_idle_ms=-1))
    client = await haven.Client.connect(config(max_dedicated_connections=2, dedicated_idle_ms=500))
    q = key("pool")
    await client.delete(q)
    # Two blocking commands hold the node's two dedicated connections.
    waits = [asyncio.ensure_future(client.custom_command(["BLPOP", q, "0.5"])) for _ in range(2)]
    assert await asyncio.gather(*waits) == [None, None]
    assert await client.ping() is True
    await client.close()
