"""haven.contrib.django: Django's cache API on haven behaves as Django's own
RedisCache (the same assertions run against both, on real servers), values
are stored the same way (each backend reads the other's), sessions work
through django.contrib.sessions.backends.cache, and a session survives a
Sentinel primary failover.

Database 12 of the shared servers: clear() flushes it."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable, List

import pytest

django = pytest.importorskip("django")

from django.conf import settings  # noqa: E402

import haven  # noqa: E402
from conftest import (  # noqa: E402
    MASTER_NAME,
    SENTINELS,
    STANDALONE,
    cli,
    fault_lock,
    replicas_caught_up,
    sentinel_failover,
    sentinel_primary,
    wait_until,
)

DJANGO_DB = 12
HAS_REDIS_PY = True
try:
    import redis  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_REDIS_PY = False


def custom_key(key: str, key_prefix: str, version: int) -> str:
    return f"custom|{key_prefix}|{version}|{key}"


if not settings.configured:
    settings.configure(
        SECRET_KEY="haven-tests",
        INSTALLED_APPS=["django.contrib.sessions"],
        SESSION_ENGINE="django.contrib.sessions.backends.cache",
        SESSION_CACHE_ALIAS="default",
        CACHES={
            "default": {
                "BACKEND": "haven.contrib.django.HavenCache",
                "LOCATION": f"redis://127.0.0.1:{STANDALONE}/{DJANGO_DB}",
                "KEY_PREFIX": "hv",
                "OPTIONS": {"request_timeout_ms": 3000},
            },
            "haven": {
                "BACKEND": "haven.contrib.django.HavenCache",
                "LOCATION": [f"127.0.0.1:{STANDALONE}"],
                "KEY_PREFIX": "cmp",
                "VERSION": 2,
                "OPTIONS": {"database": DJANGO_DB, "request_timeout_ms": 3000},
            },
            "redis": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{STANDALONE}/{DJANGO_DB}",
                "KEY_PREFIX": "cmp",
                "VERSION": 2,
            },
            "haven_keyfunc": {
                "BACKEND": "haven.contrib.django.HavenCache",
                "LOCATION": f"127.0.0.1:{STANDALONE}",
                "KEY_FUNCTION": custom_key,
                "KEY_PREFIX": "kf",
                "TIMEOUT": None,
                "OPTIONS": {"database": DJANGO_DB, "request_timeout_ms": 3000},
            },
            "sentinel": {
                "BACKEND": "haven.contrib.django.HavenCache",
                "LOCATION": ",".join(f"127.0.0.1:{p}" for p in SENTINELS),
                "KEY_PREFIX": "sn",
                "OPTIONS": {
                    "SENTINEL": MASTER_NAME,
                    "database": DJANGO_DB,
                    "request_timeout_ms": 2000,
                    "reconnect": haven.Backoff(base_ms=50, max_ms=300),
                },
            },
        },
    )
    django.setup()

from django.core.cache import caches  # noqa: E402

BACKENDS = ["haven", "redis"] if HAS_REDIS_PY else ["haven"]


@pytest.fixture(params=BACKENDS)
def cache(request: pytest.FixtureRequest, standalone_server: None) -> Any:
    c = caches[request.param]
    c.clear()
    yield c
    c.clear()


def ttl(raw_key: str) -> int:
    return int(cli(STANDALONE, "TTL", raw_key, db=DJANGO_DB))


def test_the_whole_cache_api_behaves_as_djangos_redis_backend(cache: Any) -> None:
    # get / set / defaults
    assert cache.get("missing") is None
    assert cache.get("missing", "dflt") == "dflt"
    cache.set("k", {"a": [1, 2.5, "x"], "b": None})
    assert cache.get("k") == {"a": [1, 2.5, "x"], "b": None}
    cache.set("none", None)
    assert cache.get("none", "dflt") is None
    cache.set("bool", True)
    assert cache.get("bool") is True
    # integers raw: incr/decr work on them, and redis-cli sees digits
    cache.set("n", 41)
    assert cli(STANDALONE, "GET", cache.make_key("n"), db=DJANGO_DB) == "41"
    assert cache.incr("n") == 42
    assert cache.decr("n", 2) == 40
    assert cache.get("n") == 40
    with pytest.raises(ValueError):
        cache.incr("no-such-key")
    # timeouts: default, None forever, 0 and negative already expired
    cache.set("t-default", 1)
    assert 295 <= ttl(cache.make_key("t-default")) <= 300
    cache.set("t-none", 1, timeout=None)
    assert ttl(cache.make_key("t-none")) == -1
    cache.set("t-zero", 1, timeout=0)
    assert cache.get("t-zero") is None
    cache.set("t-neg", 1, timeout=-5)
    assert cache.has_key("t-neg") is False
    cache.set("t-short", "v", timeout=1)
    assert cache.get("t-short") == "v"
    # add
    assert cache.add("k", "other") is False
    assert cache.add("added", "v", timeout=10) is True
    assert cache.get("added") == "v"
    assert cache.add("added0", "v", timeout=0) is True
    assert cache.get("added0") is None
    # touch
    assert cache.touch("added", 100) is True
    assert 95 <= ttl(cache.make_key("added")) <= 100
    assert cache.touch("added", None) is True
    assert ttl(cache.make_key("added")) == -1
    assert cache.touch("missing", 10) is False
    # has_key / delete
    assert cache.has_key("k") is True
    assert cache.delete("k") is True
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    # many
    assert cache.set_many({"m1": 1, "m2": "two", "m3": [3]}) == []
    assert cache.get_many(["m1", "m2", "m3", "m4"]) == {"m1": 1, "m2": "two", "m3": [3]}
    cache.set_many({"m5": 5}, timeout=0)
    assert cache.get("m5") is None
    cache.delete_many(["m1", "m2"])
    assert cache.get_many(["m1", "m2", "m3"]) == {"m3": [3]}
    cache.delete_many([])
    # get_or_set
    assert cache.get_or_set("gos", "first") == "first"
    assert cache.get_or_set("gos", "second") == "first"
    assert cache.get_or_set("gos-callable", lambda: 7) == 7
    # versions
    cache.set("ver", "v2")
    assert cache.get("ver", version=1) is None
    assert cache.incr_version("ver") == cache.version + 1
    assert cache.get("ver", version=cache.version + 1) == "v2"
    assert cache.get("ver") is None
    # clear and close
    assert cache.get_many(["m3"]) == {"m3": [3]}
    cache.clear()
    assert cache.get("m3") is None
    cache.close()
    assert cache.set("after-close", 1) is None and cache.get("after-close") == 1


def test_the_async_api_behaves_as_djangos_redis_backend(cache: Any) -> None:
    async def body() -> None:
        assert await cache.aget("missing", "d") == "d"
        await cache.aset("k", {"x": 1})
        assert await cache.aget("k") == {"x": 1}
        await cache.aset("n", 1)
        assert await cache.aincr("n", 5) == 6
        assert await cache.adecr("n") == 5
        with pytest.raises(ValueError):
            await cache.aincr("nope")
        assert await cache.aadd("k", 2) is False
        assert await cache.aadd("k2", 2) is True
        await cache.aset("gone", 1, timeout=0)
        assert await cache.ahas_key("gone") is False
        assert await cache.atouch("k2", 50) is True
        await cache.aset_many({"a": 1, "b": 2})
        assert await cache.aget_many(["a", "b", "c"]) == {"a": 1, "b": 2}
        await cache.adelete_many(["a"])
        assert await cache.adelete("b") is True
        assert await cache.aget_or_set("g", "v") == "v"
        await cache.aclear()
        assert await cache.aget("k") is None
        await cache.aclose()

    asyncio.run(body())
    asyncio.run(body())  # a second event loop: the same clients serve it


def test_async_methods_are_native_not_threads(standalone_server: None) -> None:
    from django.core.cache.backends.base import BaseCache

    backend = type(caches["haven"])
    for name in ("aget", "aset", "aadd", "adelete", "aget_many", "aset_many", "aincr", "atouch", "ahas_key", "aclear"):
        assert getattr(backend, name) is not getattr(BaseCache, name), name


@pytest.mark.skipif(not HAS_REDIS_PY, reason="needs redis-py for Django's RedisCache")
def test_each_backend_reads_what_the_other_wrote(standalone_server: None) -> None:
    ours, theirs = caches["haven"], caches["redis"]
    ours.clear()
    ours.set("shared", {"from": "haven"})
    assert theirs.get("shared") == {"from": "haven"}
    theirs.set("count", 10)
    assert ours.incr("count", 5) == 15
    assert theirs.get("count") == 15
    ours.clear()


def test_key_function_prefix_and_default_timeout_none(standalone_server: None) -> None:
    c = caches["haven_keyfunc"]
    c.set("x", "y")
    assert cli(STANDALONE, "EXISTS", "custom|kf|1|x", db=DJANGO_DB) == "1"
    assert ttl("custom|kf|1|x") == -1  # TIMEOUT None: forever
    assert c.get("x") == "y"
    c.delete("x")


def test_one_client_per_process_shared_by_threads(standalone_server: None) -> None:
    import threading

    seen: List[int] = []

    def use() -> None:
        c = caches["default"]
        c.set("thread", 1)
        seen.append(id(c.client))

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


def _session_round_trip(alias: str = "default") -> str:
    from django.contrib.sessions.backends.cache import SessionStore

    store = SessionStore()
    store["user_id"] = 42
    store["cart"] = ["a", "b"]
    store.save()
    again = SessionStore(session_key=store.session_key)
    assert again["user_id"] == 42 and again["cart"] == ["a", "b"]
    return str(store.session_key)


def test_a_session_round_trip(standalone_server: None) -> None:
    from django.contrib.sessions.backends.cache import SessionStore

    key = _session_round_trip()
    store = SessionStore(session_key=key)
    store["user_id"] = 43
    store.save()
    assert SessionStore(session_key=key)["user_id"] == 43
    store.delete()
    assert SessionStore(session_key=key).load() == {}


def test_a_session_survives_a_sentinel_failover(servers: Callable[[str], None]) -> None:
    servers("sentinel")
    from django.contrib.sessions.backends.cache import SessionStore

    cache = caches["sentinel"]

    class SentinelStore(SessionStore):
        cache_key_prefix = "django.contrib.sessions.cache-haven"

        def __init__(self, session_key: Any = None) -> None:
            super().__init__(session_key)
            self._cache = cache

    store = SentinelStore()
    store["user_id"] = 7
    store.save()
    key = store.session_key
    # The write is on both replicas before the failover (their acknowledged offsets).
    wait_until("the session on the replicas", lambda: replicas_caught_up(sentinel_primary() or 0, 2), seconds=60)
    with fault_lock():
        old = sentinel_primary()
        assert old is not None
        sentinel_failover(old)
        new = sentinel_primary()
        # Through the backend: reads, then a write that must reach the new primary.
        deadline = time.monotonic() + 30
        while True:
            try:
                loaded = SentinelStore(session_key=key)
                assert loaded["user_id"] == 7
                loaded["user_id"] = 8
                loaded.save()
                break
            except (haven.ConnectionError, haven.TimeoutError, haven.ResponseError):
                assert time.monotonic() < deadline, "the backend never reached the new primary"
                time.sleep(0.2)
        wait_until(
            "the write on the new primary",
            lambda: SentinelStore(session_key=key).get("user_id") == 8
            and cli(new, "EXISTS", cache.make_key(SentinelStore.cache_key_prefix + key), db=DJANGO_DB) == "1",
            seconds=30,
        )
    SentinelStore(session_key=key).delete()
