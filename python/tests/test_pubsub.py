"""Pub/sub from Python on the standalone server and the cluster: subscribe,
psubscribe, ssubscribe and the unsubscribes; messages as typed
haven.Message through `async for client.messages()`, `get_message` and
SyncClient's `get_message`/`listen`; decode_responses; bad use."""

from __future__ import annotations

import asyncio
import threading
from typing import List

import pytest

import haven
from conftest import CLUSTER, async_test, cli, config, key


@async_test
async def test_subscribe_psubscribe_and_iterate(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client, await haven.Client.connect(config()) as pub:
        ch, pat = key("ch"), key("pat") + ".*"
        await client.subscribe(ch)
        await client.psubscribe(pat)
        assert await pub.publish(ch, "one") == 1
        assert await pub.publish(key("pat") + ".x", b"two") == 1
        got: List[haven.Message] = []
        async for msg in client.messages():
            got.append(msg)
            if len(got) == 2:
                break
        assert got[0] == haven.Message("message", ch.encode(), None, b"one")
        assert got[1] == haven.Message("pmessage", (key("pat") + ".x").encode(), pat.encode(), b"two")
        await client.unsubscribe(ch)
        await client.punsubscribe()
        assert await pub.publish(ch, "after") == 0
        assert await client.get_message(timeout=0.2) is None


@async_test
async def test_decode_responses_gives_str(standalone_server: None) -> None:
    async with await haven.Client.connect(config(), decode_responses=True) as client:
        ch = key("dec")
        await client.subscribe(ch)
        assert cli(6400, "PUBLISH", ch, "héllo") == "1"
        msg = await client.get_message(timeout=5)
        assert msg == haven.Message("message", ch, None, "héllo")


@async_test
async def test_a_burst_of_messages_all_arrive(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        ch = key("burst")
        await client.subscribe(ch)
        for start in range(0, 2000, 500):
            await asyncio.gather(*(client.publish(ch, str(i)) for i in range(start, start + 500)))
        payloads = []
        while len(payloads) < 2000:
            msg = await client.get_message(timeout=5)
            assert msg is not None, len(payloads)
            payloads.append(int(msg.payload))
        assert sorted(payloads) == list(range(2000))


def test_sync_client_pubsub(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client, haven.SyncClient.connect(config()) as pub:
        ch = key("sync")
        client.subscribe(ch)
        assert client.get_message(timeout=0.05) is None

        def publisher() -> None:
            for i in range(3):
                pub.publish(ch, f"m{i}")

        t = threading.Thread(target=publisher)
        t.start()
        got = []
        for msg in client.listen():
            got.append(msg.payload)
            if len(got) == 3:
                break
        t.join()
        assert got == [b"m0", b"m1", b"m2"]
        client.unsubscribe()
        assert pub.publish(ch, "late") == 0
    assert client.get_message(timeout=0.1) is None


@async_test
async def test_cluster_ssubscribe(servers) -> None:  # type: ignore[no-untyped-def]
    servers("cluster")
    cfg = haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], request_timeout_ms=3000)
    async with await haven.Client.connect(cfg) as client:
        chans = [key(f"shard{i}") for i in range(5)]
        await client.ssubscribe(*chans)
        await client.subscribe(key("plain"))
        for c in chans:
            assert await client.spublish(c, c) == 1
        assert await client.publish(key("plain"), "p") >= 0
        got = set()
        while len(got) < len(chans):
            msg = await client.get_message(timeout=5)
            assert msg is not None, got
            if msg.kind == "smessage":
                assert msg.channel == msg.payload
                got.add(msg.channel)
        await client.sunsubscribe(*chans)


@async_test
async def test_pubsub_bad_use(standalone_server: None) -> None:
    client = await haven.Client.connect(config())
    with pytest.raises(ValueError, match="channels"):
        await client.subscribe()
    with pytest.raises(TypeError, match=r"channels\[1\]"):
        await client.subscribe("ok", 3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="patterns"):
        await client.psubscribe(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timeout"):
        await client.get_message(timeout="soon")  # type: ignore[arg-type]
    await client.close()
    with pytest.raises(haven.ClosingError):
        await client.subscribe("x")
    sync = haven.SyncClient.connect(config())
    with pytest.raises(TypeError, match="timeout"):
        sync.get_message(timeout=-1)
    sync.close()
    with pytest.raises(haven.ClosingError):
        sync.subscribe("x")
