"""Django's cache framework on haven: ``haven.contrib.django.HavenCache``.

.. code-block:: python

    CACHES = {
        "default": {
            "BACKEND": "haven.contrib.django.HavenCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "TIMEOUT": 300,
            "OPTIONS": {"request_timeout_ms": 500},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

The whole cache API (get, set, add, delete, get_many, set_many,
delete_many, incr, decr, touch, has_key, get_or_set, clear, close and the
async ``a*`` methods, which run natively on haven's asyncio client rather
than in a thread), with Django's timeout rules (None: forever; 0 or
negative: already expired; default: TIMEOUT), VERSION, KEY_PREFIX and
KEY_FUNCTION. Values are stored as Django's own RedisCache stores them:
integers raw (so incr works, and either backend reads the other's data),
everything else pickled.

LOCATION: a URL (``redis://[[user]:password@]host:port[/db]``, ``rediss://``
for TLS), "host:port", or a list of them / a string of them separated by
"," or ";" (every node of a primary+replicas set, cluster seeds, or the
Sentinels). OPTIONS: ``CLUSTER`` (True: LOCATION lists cluster seeds),
``SENTINEL`` (the master name: LOCATION lists the Sentinels), ``CONFIG``
(any ready ``haven`` config, e.g. a MultiEndpointConfig: LOCATION is then
ignored), ``CLIENT_CACHE`` (True or a ``haven.ClientCache``: client-side
caching), ``PICKLE_PROTOCOL``; every other key is a field of the haven
config (``request_timeout_ms``, ``read_from``, ``password``, ...).

One client per process, made on first use, shared by every thread; it
survives os.fork() (gunicorn --preload, Celery prefork) and serves any
event loop. ``close()`` (called by Django after each request) keeps the
connections: they are the point of a client.
"""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union
from urllib.parse import unquote, urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisSerializer

import haven

__all__ = ["HavenCache", "HavenSerializer", "config_from"]

# Django's own: ints raw (so INCR works), the rest pickled.
HavenSerializer = RedisSerializer


def _parse(location: str) -> Tuple[str, Dict[str, Any]]:
    """("host:port", config fields the URL implies)."""
    if "://" not in location:
        return location.strip(), {}
    url = urlsplit(location.strip())
    if url.scheme not in ("redis", "rediss", "valkey", "valkeys"):
        raise haven.ConfigError(f"LOCATION: unsupported scheme {url.scheme!r} in {location!r}")
    fields: Dict[str, Any] = {}
    if url.password is not None:
        fields["password"] = unquote(url.password)
    if url.username:
        fields["username"] = unquote(url.username)
    path = url.path.strip("/")
    if path:
        try:
            fields["database"] = int(path)
        except ValueError:
            raise haven.ConfigError(f"LOCATION: the database must be a number, got {path!r}") from None
    if url.scheme in ("rediss", "valkeys"):
        fields["tls"] = haven.TlsConfig()
    host = url.hostname or "127.0.0.1"
    return f"{host}:{url.port or 6379}", fields


def config_from(location: Union[str, Sequence[str], None], options: Dict[str, Any]) -> haven.Config:
    """The haven config of a CACHES entry's LOCATION and OPTIONS."""
    options = dict(options)
    ready = options.pop("CONFIG", None)
    options.pop("PICKLE_PROTOCOL", None)
    if ready is not None:
        return ready  # type: ignore[no-any-return]
    if location is None or location == "":
        locations: List[str] = ["127.0.0.1:6379"]
    elif isinstance(location, str):
        locations = [p for p in re.split("[;,]", location) if p.strip()]
    else:
        locations = list(location)
    addresses: List[str] = []
    fields: Dict[str, Any] = {}
    for loc in locations:
        address, implied = _parse(loc)
        addresses.append(address)
        fields.update(implied)
    cluster = options.pop("CLUSTER", False)
    master = options.pop("SENTINEL", None)
    client_cache = options.pop("CLIENT_CACHE", None)
    if client_cache is True:
        fields["cache"] = haven.ClientCache()
    elif client_cache:
        fields["cache"] = client_cache
    fields.update({k: v for k, v in options.items()})
    if master:
        return haven.SentinelConfig(addresses, master, **fields)
    if cluster:
        fields.pop("database", None)
        return haven.ClusterConfig(addresses, **fields)
    return haven.StandaloneConfig(addresses, **fields)


class _Clients:
    """The clients of one CACHES entry, shared by every backend instance of
    the process (Django makes one per thread and per async context)."""

    def __init__(self, config: haven.Config) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.sync: Optional[haven.SyncClient] = None
        self.aio: Optional[haven.Client] = None


_registry: Dict[str, _Clients] = {}
_registry_lock = threading.Lock()


def _clients_for(server: Any, options: Dict[str, Any]) -> _Clients:
    ident = repr((server, sorted(options.items(), key=lambda kv: str(kv[0]))))
    with _registry_lock:
        found = _registry.get(ident)
        if found is None:
            found = _registry[ident] = _Clients(config_from(server, options))
        return found


class HavenCache(BaseCache):
    """Django cache backend on haven (see the module's docstring)."""

    def __init__(self, server: Union[str, Sequence[str]], params: Dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS") or {}
        self._clients = _clients_for(server, options)
        self._serializer = HavenSerializer(options.get("PICKLE_PROTOCOL"))

    # ------------------------------------------------------------ clients --

    @property
    def client(self) -> haven.SyncClient:
        """The process's SyncClient (made on first use)."""
        shared = self._clients
        client = shared.sync
        if client is None:
            with shared.lock:
                if shared.sync is None:
                    shared.sync = haven.SyncClient.connect(shared.config)
                client = shared.sync
        return client

    async def aclient(self) -> haven.Client:
        """The process's asyncio Client (made on first use, any loop)."""
        shared = self._clients
        client = shared.aio
        if client is None:
            made = await haven.Client.connect(shared.config)
            if shared.aio is None:
                shared.aio = made
            else:  # another task won the race
                await made.close()
            client = shared.aio
        return client

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> Optional[int]:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        # None: forever; 0 or negative: expired at once (deleted).
        return None if timeout is None else max(0, int(timeout))

    def _dumps(self, value: Any) -> Union[int, bytes]:
        return self._serializer.dumps(value)

    def _loads(self, value: Optional[bytes], default: Any = None) -> Any:
        return default if value is None else self._serializer.loads(value)

    # --------------------------------------------------------------- sync --

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        c = self.client
        if timeout == 0:
            added = c.set(key, self._dumps(value), ex=None, nx=True) is not None
            if added:
                c.delete(key)
            return added
        return c.set(key, self._dumps(value), ex=timeout, nx=True) is not None

    def get(self, key: Any, default: Any = None, version: Optional[int] = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        return self._loads(self.client.get(key), default)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            self.client.delete(key)
        else:
            self.client.set(key, self._dumps(value), ex=timeout)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return bool(self.client.persist(key))
        return bool(self.client.expire(key, timeout))

    def delete(self, key: Any, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self.client.delete(key))

    def get_many(self, keys: Iterable[Any], version: Optional[int] = None) -> Dict[Any, Any]:
        key_map = {self.make_and_validate_key(k, version=version): k for k in keys}
        if not key_map:
            return {}
        # One GET per key in one round trip: keys of any cluster slot.
        pipe = self.client.pipeline(False)
        for k in key_map:
            pipe.get(k)
        values = pipe.execute()
        return {key_map[k]: self._serializer.loads(v) for k, v in zip(key_map, values) if v is not None}

    def has_key(self, key: Any, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(self.client.exists(key))

    def incr(self, key: Any, delta: int = 1, version: Optional[int] = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        if not self.client.exists(key):
            raise ValueError("Key '%s' not found." % key)
        return int(self.client.incrby(key, delta))

    def set_many(self, data: Dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> List[Any]:
        if not data:
            return []
        timeout = self.get_backend_timeout(timeout)
        pipe = self.client.pipeline(False)
        for k, v in data.items():
            k = self.make_and_validate_key(k, version=version)
            if timeout == 0:
                pipe.delete(k)
            else:
                pipe.set(k, self._dumps(v), ex=timeout)
        pipe.execute()
        return []

    def delete_many(self, keys: Iterable[Any], version: Optional[int] = None) -> None:
        safe = [self.make_and_validate_key(k, version=version) for k in keys]
        if not safe:
            return
        pipe = self.client.pipeline(False)
        for k in safe:
            pipe.delete(k)
        pipe.execute()

    def clear(self) -> bool:
        return bool(self.client.flushdb())

    def close(self, **kwargs: Any) -> None:
        """Django calls it after each request: the connections stay open."""

    # -------------------------------------------------------------- async --

    async def aadd(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        c = await self.aclient()
        if timeout == 0:
            added = await c.set(key, self._dumps(value), ex=None, nx=True) is not None
            if added:
                await c.delete(key)
            return added
        return await c.set(key, self._dumps(value), ex=timeout, nx=True) is not None

    async def aget(self, key: Any, default: Any = None, version: Optional[int] = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        return self._loads(await (await self.aclient()).get(key), default)

    async def aset(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> None:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        c = await self.aclient()
        if timeout == 0:
            await c.delete(key)
        else:
            await c.set(key, self._dumps(value), ex=timeout)

    async def atouch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        c = await self.aclient()
        if timeout is None:
            return bool(await c.persist(key))
        return bool(await c.expire(key, timeout))

    async def adelete(self, key: Any, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(await (await self.aclient()).delete(key))

    async def aget_many(self, keys: Iterable[Any], version: Optional[int] = None) -> Dict[Any, Any]:
        key_map = {self.make_and_validate_key(k, version=version): k for k in keys}
        if not key_map:
            return {}
        pipe = (await self.aclient()).pipeline(False)
        for k in key_map:
            pipe.get(k)
        values = await pipe.execute()
        return {key_map[k]: self._serializer.loads(v) for k, v in zip(key_map, values) if v is not None}

    async def ahas_key(self, key: Any, version: Optional[int] = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return bool(await (await self.aclient()).exists(key))

    async def aincr(self, key: Any, delta: int = 1, version: Optional[int] = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        c = await self.aclient()
        if not await c.exists(key):
            raise ValueError("Key '%s' not found." % key)
        return int(await c.incrby(key, delta))

    async def aset_many(self, data: Dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Optional[int] = None) -> List[Any]:
        if not data:
            return []
        timeout = self.get_backend_timeout(timeout)
        pipe = (await self.aclient()).pipeline(False)
        for k, v in data.items():
            k = self.make_and_validate_key(k, version=version)
            if timeout == 0:
                pipe.delete(k)
            else:
                pipe.set(k, self._dumps(v), ex=timeout)
        await pipe.execute()
        return []

    async def adelete_many(self, keys: Iterable[Any], version: Optional[int] = None) -> None:
        safe = [self.make_and_validate_key(k, version=version) for k in keys]
        if not safe:
            return
        pipe = (await self.aclient()).pipeline(False)
        for k in safe:
            pipe.delete(k)
        await pipe.execute()

    async def aclear(self) -> bool:
        return bool(await (await self.aclient()).flushdb())

    async def aclose(self, **kwargs: Any) -> None:
        """See close()."""
