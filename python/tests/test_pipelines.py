"""Pipelines and transactions run as one engine Batch: replies shaped like
the typed methods, server errors as ResponseError instances, EXECABORT
raised, an aborted transaction changing nothing."""

from __future__ import annotations

import pytest

import haven
from conftest import STANDALONE, async_test, cli, config, key


@async_test
async def test_pipeline_replies_in_order_with_errors_as_values(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        k = key("pipe")
        await client.delete(k, k + ":h")
        pipe = client.pipeline(transaction=False)
        assert pipe.set(k, 1).incr(k).hget(k, "f").hset(k + ":h", mapping={"a": 1}) is pipe
        pipe.hgetall(k + ":h").get(k + ":missing").expire(k, 100).ping()
        assert len(pipe) == 8
        replies = await pipe.execute()
        assert len(pipe) == 0
        assert replies[:2] == [True, 2]
        assert isinstance(replies[2], haven.ResponseError) and "WRONGTYPE" in str(replies[2])
        assert replies[3:] == [1, {b"a": b"1"}, None, True, True]
        pipe.get(k).hget(k, "f")
        with pytest.raises(haven.ResponseError, match="WRONGTYPE"):
            await pipe.execute(raise_on_error=True)
        assert await client.pipeline().execute() == []


@async_test
async def test_transactions_are_atomic_and_execabort_raises(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        k = key("multi")
        await client.set(k, 1)
        async with client.pipeline(transaction=True) as tx:
            tx.incr(k).incr(k).get(k).hget(k, "f")
            replies = await tx.execute()
        assert replies[:3] == [2, 3, b"3"]
        assert isinstance(replies[3], haven.ResponseError)
        tx = client.pipeline()
        assert tx.transaction is True
        tx.incr(k).custom_command(["NOSUCHCOMMAND"])
        with pytest.raises(haven.ResponseError, match="EXECABORT"):
            await tx.execute()
        assert cli(STANDALONE, "GET", k) == "3", "an aborted transaction changes nothing"


def test_sync_pipeline_and_transaction(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        k = key("sync-pipe")
        client.delete(k)
        with client.pipeline(transaction=False) as pipe:
            pipe.rpush(k, "a", "b").lrange(k, 0, -1).lpop(k)
            assert pipe.execute() == [2, [b"a", b"b"], b"a"]
        tx = client.pipeline(transaction=True)
        tx.rpush(k, "c").llen(k)
        assert tx.execute() == [2, 2]
        tx.incr(k).custom_command(["NOSUCHCOMMAND"])
        with pytest.raises(haven.ResponseError, match="EXECABORT"):
            tx.execute()
        assert client.llen(k) == 2


@async_test
async def test_pipeline_with_blocking_command_gets_its_deadline(standalone_server: None) -> None:
    async with await haven.Client.connect(config(request_timeout_ms=300)) as client:
        k = key("pipe-block")
        pipe = client.pipeline(transaction=False)
        pipe.blpop(k, timeout=0.6).ping()
        assert await pipe.execute() == [None, True]


def test_bad_pipeline_use_is_named(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        with pytest.raises(TypeError, match="transaction"):
            client.pipeline(transaction="yes")  # type: ignore[arg-type]
        pipe = client.pipeline(transaction=False)
        with pytest.raises(TypeError, match=r"pipeline command 0 \(SET\) argument 2"):
            pipe.set("k", {"not": "encodable"}).execute()  # type: ignore[arg-type]
        assert len(pipe) == 0
