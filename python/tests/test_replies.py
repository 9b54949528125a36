"""Every reply type crosses the shim with redis-py's shape, raw and with
decode_responses; arguments of every accepted type arrive intact."""

from __future__ import annotations

import enum

import pytest

import haven


class Score(float):
    """A float subclass whose repr() is not its number (like numpy's)."""

    def __repr__(self) -> str:
        return f"Score({float(self)})"


class Color(enum.IntEnum):
    RED = 1
from conftest import async_test, close, config, connect, key


async def protocol(client, kind: str):
    return await client.custom_command(["DEBUG", "PROTOCOL", kind])


@async_test
async def test_every_resp3_type_round_trips(flavour: str) -> None:
    client = await connect(flavour, config())
    try:
        k = key(f"types-{flavour}")
        assert await client.set(k, "v") is True
        assert await client.custom_command(["SET", k, "v"]) == b"OK"  # raw simple string
        assert await client.get(k) == b"v"
        assert await client.get(k + ":missing") is None
        assert await protocol(client, "integer") == 12345
        assert await protocol(client, "double") == 3.141
        big = await protocol(client, "bignum")
        assert isinstance(big, int) and big > 2**64
        assert await protocol(client, "true") is True
        assert await protocol(client, "false") is False
        assert await protocol(client, "null") is None
        verbatim = await protocol(client, "verbatim")
        assert isinstance(verbatim, bytes) and b"verbatim" in verbatim and not verbatim.startswith(b"txt:")
        assert await protocol(client, "array") == [0, 1, 2]
        assert await protocol(client, "set") == {0, 1, 2}
        assert await protocol(client, "map") == {0: False, 1: True, 2: False}
        # Attributes are dropped; the real reply comes through.
        assert b"real reply" in await protocol(client, "attrib")
        # A push message before the reply does not shift replies.
        assert b"real reply" in await protocol(client, "push")
        assert await client.echo("in-step") == b"in-step"
        # A server error is raised as ResponseError with the server's text.
        with pytest.raises(haven.ResponseError, match="not an integer"):
            await client.incr(k)
    finally:
        await close(client)


@async_test
async def test_decode_responses_gives_str(flavour: str) -> None:
    client = await connect(flavour, config(), decode_responses=True)
    try:
        k = key(f"decode-{flavour}")
        await client.set(k, "héllo")
        assert await client.get(k) == "héllo"
        assert await client.custom_command(["SET", k, "héllo"]) == "OK"
        assert isinstance(await protocol(client, "verbatim"), str)
        await client.hset(k + ":h", mapping={"f": "v"})
        assert await client.hgetall(k + ":h") == {"f": "v"}
        assert await client.type(k) == "string"
        # Bytes that are not UTF-8 raise UnicodeDecodeError (as redis-py),
        # and the client keeps working.
        await client.set(k + ":bin", b"\xff\xfe")
        with pytest.raises(UnicodeDecodeError):
            await client.get(k + ":bin")
        assert await client.get(k) == "héllo"
    finally:
        await close(client)


@async_test
async def test_arguments_of_every_type_arrive_intact(flavour: str) -> None:
    client = await connect(flavour, config())
    try:
        k = key(f"args-{flavour}")
        every_byte = bytes(range(256))
        cases = [
            (b"raw bytes", b"raw bytes"),
            ("ünïcödé ✓", "ünïcödé ✓".encode()),
            (every_byte, every_byte),
            (bytearray(b"ba"), b"ba"),
            (memoryview(b"mv"), b"mv"),
            (42, b"42"),
            (-7, b"-7"),
            (2**80, str(2**80).encode()),
            (1.5, b"1.5"),
            (1e20, b"1e+20"),
            (float("inf"), b"inf"),
            (Score(2.25), b"2.25"),
            (Color.RED, b"1"),
            (b"", b""),
            (b"x" * 1_000_000, b"x" * 1_000_000),
        ]
        for value, expected in cases:
            await client.set(k, value)
            assert await client.get(k) == expected, value if len(expected) < 100 else len(expected)
        # Keys of every type too.
        await client.set(b"\x00" + k.encode(), 1)
        assert await client.get(b"\x00" + k.encode()) == b"1"
        await client.delete(k, b"\x00" + k.encode())
    finally:
        await close(client)


@async_test
async def test_server_errors_inside_arrays_are_response_error_instances(flavour: str) -> None:
    client = await connect(flavour, config())
    try:
        k = key(f"arrerr-{flavour}")
        await client.set(k, "1")
        reply = await client.eval(
            "return {1, redis.pcall('HGET', KEYS[1], 'f'), 'ok'}", 1, k
        )
        assert reply[0] == 1 and reply[2] == b"ok"
        assert isinstance(reply[1], haven.ResponseError)
        assert "WRONGTYPE" in str(reply[1])
    finally:
        await close(client)


@async_test
async def test_resp2_replies_take_the_same_shapes(flavour: str) -> None:
    client = await connect(flavour, config(protocol="resp2"))
    try:
        k = key(f"resp2-{flavour}")
        await client.delete(k + ":h", k + ":s", k + ":z")
        await client.hset(k + ":h", mapping={"a": 1, "b": 2})
        assert await client.hgetall(k + ":h") == {b"a": b"1", b"b": b"2"}
        await client.sadd(k + ":s", "x", "y")
        assert await client.smembers(k + ":s") == {b"x", b"y"}
        await client.zadd(k + ":z", {"m": 1.5, "n": 2})
        assert await client.zrange(k + ":z", 0, -1, withscores=True) == [(b"m", 1.5), (b"n", 2.0)]
        assert await client.zscore(k + ":z", "m") == 1.5
        assert await client.zpopmin(k + ":z") == [(b"m", 1.5)]
        assert await client.custom_command(["HGETALL", k + ":h"]) == [b"a", b"1", b"b", b"2"]
    finally:
        await close(client)
