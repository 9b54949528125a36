"""``haven.Client``: the asyncio client.

Each command hands its arguments to the engine and returns a future of the
loop that awaits it; replies come back in batches through one socket that
loop watches (see python/src/completion.rs), so a burst of replies wakes the
loop once. One client serves any number of event loops (one after another,
as successive ``asyncio.run`` calls do, or at once from several threads):
each loop gets a small native binding of its own (its futures, its wake-up
socket) over the one engine client and its connections. Events
(``on_event``), pub/sub messages and custom health checks are delivered on
the loop that registered them.
"""

from __future__ import annotations

import asyncio
import json
import inspect
import warnings
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, List, Optional, Sequence, Set, Tuple, Union

from . import _aside, _fork, _ha, _haven
from ._commands import AsyncCommands
from ._ha import EndpointHealth, Endpoints
from ._health import HealthCheckFn, LoopHealthRunner
from ._types import KeyT, ReplyT
from .config import (
    Config,
    CredentialProviderT,
    Endpoint,
    _check_credential_provider,
    _custom_checks,
    _native,
    config_from_url,
)
from .events import Event, NodeInfo
from .exceptions import ClosingError, WatchError
from .pubsub import ChannelT, Message, _MessageQueue, _names
from .pipeline import AsyncPipeline
from .script import AsyncScript

__all__ = ["Client", "EventCallback"]

#: An event callback: a plain function or a coroutine function of one Event.
EventCallback = Callable[[Event], Union[None, Awaitable[None]]]

#: How long close() waits for requests in flight to end before failing them.
_CLOSE_WAIT_S = 2.0


class _EventDispatcher:
    """Calls the event callbacks on the loop; holds no reference to the client."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.callbacks: List[EventCallback] = []
        self.tasks: Set["asyncio.Future[Any]"] = set()

    def __call__(self, batch: List[Tuple[str, str, str, str, int, str, str]]) -> None:
        for raw in batch:
            event = Event._from_native(raw)
            for callback in list(self.callbacks):
                try:
                    result = callback(event)
                    if inspect.isawaitable(result):
                        task = asyncio.ensure_future(result)
                        self.tasks.add(task)
                        task.add_done_callback(self._task_done)
                except Exception as e:  # a callback's bug must not stop delivery
                    self.loop.call_exception_handler(
                        {"message": f"haven: event callback {callback!r} raised", "exception": e}
                    )

    def _task_done(self, task: "asyncio.Future[Any]") -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.loop.call_exception_handler(
                {"message": "haven: async event callback raised", "exception": task.exception()}
            )


def _detach(loop: asyncio.AbstractEventLoop, fd: int, core: _haven.AsyncEngine) -> None:
    core.abandon()
    try:
        loop.remove_reader(fd)
    except (RuntimeError, ValueError, OSError):
        pass


def _detach_elsewhere(loop: asyncio.AbstractEventLoop, fd: int, core: _haven.AsyncEngine) -> None:
    """_detach on `loop`, from another loop or thread (nothing if it is closed)."""
    if loop.is_closed():
        return
    try:
        loop.call_soon_threadsafe(_detach, loop, fd, core)
    except RuntimeError:
        pass


#: The loop of a client made before os.fork(), in the child: matches none.
_FORKED = object()
_get_running_loop = asyncio._get_running_loop


class Client(AsyncCommands):
    """An asyncio client for a Redis/Valkey deployment.

    .. code-block:: python

        async with await haven.Client.connect(haven.StandaloneConfig(["localhost:6379"])) as client:
            await client.set("k", "v")
            assert await client.get("k") == b"v"

    Every typed command (``get``, ``set``, ``hgetall``, ...) returns an
    awaitable of the reply, shaped as redis-py does. Errors are
    :class:`haven.HavenError` subclasses carrying the engine's message.
    """

    _loop: asyncio.AbstractEventLoop
    _fd: int
    _decode: bool
    _closed: bool
    _dispatcher: Optional[_EventDispatcher]
    _endpoints: Endpoints
    _health: LoopHealthRunner
    _messages: Optional[_MessageQueue]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("create a client with `await haven.Client.connect(config)`")

    @classmethod
    async def from_url(
        cls,
        url: str,
        *,
        decode_responses: bool = False,
        credential_provider: Optional[CredentialProviderT] = None,
        credential_refresh_ms: Optional[int] = None,
        **overrides: Any,
    ) -> "Client":
        """Connects to what a connection URL describes (``redis://``,
        ``rediss://``, ``valkey://``, ``valkeys://``, ``unix://``; see
        :func:`haven.config_from_url`), with ``overrides`` (fields of the
        configuration class, e.g. ``request_timeout_ms=500``) taking
        precedence over the URL. Raises ConfigError naming the part of a bad
        URL, and otherwise like :meth:`connect`."""
        config = config_from_url(url, **overrides)
        return await cls.connect(
            config,
            decode_responses=decode_responses,
            credential_provider=credential_provider,
            credential_refresh_ms=credential_refresh_ms,
        )

    @classmethod
    async def connect(
        cls,
        config: Config,
        *,
        decode_responses: bool = False,
        credential_provider: Optional[CredentialProviderT] = None,
        credential_refresh_ms: Optional[int] = None,
    ) -> "Client":
        """Connects (unless ``config.lazy_connect``) and returns the client.

        ``credential_provider``: instead of ``config.password``, a plain
        function (or a redis-py ``CredentialProvider``, anything with
        ``get_credentials()``) returning ``(username, password)``,
        ``(password,)`` or a password; asked before the first connection,
        every ``credential_refresh_ms`` (None: only when asked) and on
        :meth:`refresh_credentials`. It runs on an engine thread, never on
        the loop. When the credentials change, live connections
        re-authenticate in place (no request is lost).

        Raises ConfigError (naming the field) for a bad configuration,
        ConnectionError (naming the node) when a node cannot be reached or
        refuses the credentials (or the provider fails), TypeError for
        arguments of the wrong type.
        """
        native = _native(config)
        if not isinstance(decode_responses, bool):
            raise TypeError(f"decode_responses: expected a bool, got {type(decode_responses).__name__}")
        _check_credential_provider(credential_provider, credential_refresh_ms)
        loop = asyncio.get_running_loop()
        core = _haven.AsyncEngine(decode_responses, loop)
        endpoints = Endpoints(config)
        health = LoopHealthRunner(loop)
        checks = _custom_checks(config)
        for name, check in checks.items():
            health.set(name, check, endpoints.custom_timeout_s("health_check", name))
        core.subscribe_probes(health)
        core.subscribe_calls(_aside.LoopCallRunner())
        fd = core.fileno()
        loop.add_reader(fd, core.drain)
        try:
            await core.connect(native, list(checks), credential_provider, credential_refresh_ms)
        except BaseException:
            core.close()
            _detach(loop, fd, core)
            raise
        self = cls.__new__(cls)
        # The binding of the loop used last: (loop, engine), read as one.
        self._active: Tuple[Any, _haven.AsyncEngine] = (loop, core)
        self._loop = loop
        self._fd = fd
        # Every loop's binding; `_home` owns the engine client (and the
        # health probes, events and messages registered on it).
        self._bindings: Dict[Any, Tuple[_haven.AsyncEngine, int]] = {loop: (core, fd)}
        self._home = core
        # What a forked child rebuilds the client from (see _fork.py).
        self._spec = native
        self._credentials = (credential_provider, credential_refresh_ms)
        self._stale = False
        self._subscriptions: Dict[str, Set[bytes]] = {"subscribe": set(), "psubscribe": set(), "ssubscribe": set()}
        self._background: Set["asyncio.Future[Any]"] = set()
        self._request_timeout_ms = config.request_timeout_ms
        self._decode = decode_responses
        self._closed = False
        self._dispatcher = None
        self._endpoints = endpoints
        self._health = health
        self._messages = None
        _fork.track(self)
        return self

    # --------------------------------------------------- loops and forks --

    def _exec(self, args: Any, callback: Any = None, timeout_ms: Optional[int] = None,
              cache: bool = False, session: Optional[int] = None,
              resend_safe: bool = False, route: Optional[str] = None) -> "asyncio.Future[Any]":
        active = self._active
        if active[0] is _get_running_loop():
            return active[1].execute(args, callback, timeout_ms, cache, session, resend_safe, route)
        return self._core.execute(args, callback, timeout_ms, cache, session, resend_safe, route)

    def custom_command(self, args: Sequence[Any], timeout_ms: Optional[int] = None, *,
                       resend_safe: bool = False, route: Optional[str] = None) -> Awaitable[Any]:
        """Any command, e.g. ``["OBJECT", "ENCODING", key]``; the raw reply
        (bytes/str, int, float, bool, None, list, dict, set; server errors
        inside arrays as ResponseError instances). ``timeout_ms`` overrides
        the request timeout. ``resend_safe``: the command may run twice, so
        if its primary's link dies while it is on the wire it is sent again
        to the new primary (by default only reads and requests never
        written are). ``route``: where it goes instead of where its keys
        say: "all_primaries", "all_nodes", "random", "primary" or a node's
        "host:port" (a bad one: ConfigError)."""
        if isinstance(args, (str, bytes)):
            raise TypeError("args: expected a list of arguments, got a single str/bytes (split it)")
        args = args if isinstance(args, (list, tuple)) else list(args)
        if resend_safe or route is not None:
            return self._exec(args, None, timeout_ms, resend_safe=resend_safe, route=route)
        return self._exec(args, None, timeout_ms)

    async def refresh_credentials(self) -> bool:
        """Asks the credential provider now (after a rotation); True when the
        credentials changed. Live connections then re-authenticate in
        place. ConfigError on a client connected without a provider."""
        core = self._core
        return bool(await asyncio.get_running_loop().run_in_executor(None, core.refresh_credentials_blocking))

    def park_stats(self) -> Dict[str, int]:
        """Requests that waited, parked, for a reachable primary during a
        failover: ``parked_now``, ``parked_total``, ``resumed`` (sent after
        the wait) and ``longest_wait_ms``."""
        return self._core.park_stats()

    @property
    def _core(self) -> _haven.AsyncEngine:
        """The engine binding of the running loop (made on its first use)."""
        active = self._active
        loop = _get_running_loop()
        if loop is active[0] or (loop is None and not self._stale):
            return active[1]
        if loop is None:
            raise ClosingError("this client was made before os.fork(): use it from an event loop to reconnect")
        return self._bind(loop)

    def _bind(self, loop: asyncio.AbstractEventLoop) -> _haven.AsyncEngine:
        if self._closed:
            raise ClosingError("the client is closed")
        if self._stale:
            self._rebuild(loop)
        found = self._bindings.get(loop)
        if found is None:
            for old, (engine, _fd) in list(self._bindings.items()):
                if engine is not self._home and old.is_closed():
                    del self._bindings[old]  # a loop that is gone
            engine = _haven.AsyncEngine(self._decode, loop)
            engine.subscribe_probes(self._health)
            engine.subscribe_calls(_aside.LoopCallRunner())
            fd = engine.fileno()
            loop.add_reader(fd, engine.drain)
            try:
                engine.adopt(self._home)
            except BaseException:
                _detach(loop, fd, engine)
                raise
            found = (engine, fd)
            self._bindings[loop] = found
        self._loop = loop
        self._fd = found[1]
        self._active = (loop, found[0])
        return found[0]

    def _forked(self) -> None:
        """In a forked child (at-fork hook): the engine client belongs to the
        parent; the next use from a loop rebuilds it."""
        if self._closed:
            return
        self._stale = True
        self._active = (_FORKED, self._active[1])

    def _rebuild(self, loop: asyncio.AbstractEventLoop) -> None:
        """After os.fork(), in the child: a new engine client from the same
        configuration (connecting on first use, so the loop never waits),
        its cache empty, subscriptions, event callbacks and health checks
        re-established on this loop."""
        health = LoopHealthRunner(loop)
        health.checks.update(self._health.checks)
        engine = _haven.AsyncEngine(self._decode, loop)
        engine.subscribe_probes(health)
        engine.subscribe_calls(_aside.LoopCallRunner())
        fd = engine.fileno()
        loop.add_reader(fd, engine.drain)
        try:
            engine.connect_blocking(dict(self._spec, lazy_connect=True), list(health.checks), *self._credentials)
        except BaseException:
            engine.close()
            _detach(loop, fd, engine)
            raise
        # The parent's bindings are dropped: their engines leak by design.
        self._bindings = {loop: (engine, fd)}
        self._home = engine
        self._health = health
        self._stale = False
        self._loop = loop
        self._fd = fd
        self._active = (loop, engine)
        if self._dispatcher is not None:
            self._dispatcher.loop = loop
            engine.subscribe_events(self._dispatcher)
        if self._messages is not None:
            engine.subscribe_messages(self._messages)
            for action, names in self._subscriptions.items():
                if names:
                    task = asyncio.ensure_future(engine.pubsub(action, sorted(names)))
                    self._background.add(task)
                    task.add_done_callback(self._background.discard)

    # ------------------------------------------------------------ lifecycle --

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._closed

    async def close(self) -> None:
        """Closes every connection. Requests in flight end with ClosingError;
        later requests fail with ClosingError at once. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._stale:  # a forked child's, never used there: nothing to close
            return
        loop = asyncio.get_running_loop()
        for engine, _fd in self._bindings.values():
            engine.close()
        self._health.cancel()
        if self._messages is not None:
            self._messages.close()
        for other, (engine, fd) in self._bindings.items():
            if other is not loop:
                _detach_elsewhere(other, fd, engine)
        here = self._bindings.get(loop)
        if here is None:
            return
        engine, fd = here
        try:
            await asyncio.wait_for(engine.wait_closed(), _CLOSE_WAIT_S)
        except asyncio.TimeoutError:
            pass
        finally:
            _detach(loop, fd, engine)

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    def __del__(self, _warn: Callable[..., None] = warnings.warn) -> None:
        if getattr(self, "_closed", True):
            return
        self._closed = True
        if self._stale:  # the parent's, unused in this child
            return
        _warn(f"unclosed {self!r}; use `await client.close()` or `async with`", ResourceWarning, source=self)
        for loop, (engine, fd) in self._bindings.items():
            engine.close()
            _detach_elsewhere(loop, fd, engine)

    def __repr__(self) -> str:
        state = "closed" if getattr(self, "_closed", True) else "open"
        return f"<haven.Client {state}>"

    # ---------------------------------------------------------- high level --

    def pipeline(self, transaction: bool = True) -> AsyncPipeline:
        """A pipeline (``transaction=False``) or MULTI/EXEC transaction
        (``transaction=True``, the default): queue commands, then
        ``await pipe.execute()``."""
        return AsyncPipeline(self._core, transaction, self._request_timeout_ms)

    async def transaction(
        self,
        func: Callable[[AsyncPipeline], Any],
        *watches: KeyT,
        value_from_callable: bool = False,
        watch_delay: Optional[float] = None,
    ) -> Any:
        """redis-py's optimistic transaction helper: WATCHes ``watches``,
        calls ``func(pipe)`` (a function or coroutine function that reads
        with ``await pipe.get(...)``, then calls ``pipe.multi()`` and queues
        the writes) and executes, retrying from the WATCH whenever a watched
        key changed (WatchError), ``watch_delay`` seconds apart. Returns
        execute()'s replies, or func's value with
        ``value_from_callable=True``."""
        if not callable(func):
            raise TypeError(f"func: expected a callable, got {type(func).__name__}")
        async with self.pipeline(True) as pipe:
            while True:
                try:
                    if watches:
                        await pipe.watch(*watches)
                    value = func(pipe)
                    if inspect.isawaitable(value):
                        value = await value
                    replies = await pipe.execute()
                    return value if value_from_callable else replies
                except WatchError:
                    if watch_delay is not None and watch_delay > 0:
                        await asyncio.sleep(watch_delay)

    def register_script(self, script: Union[str, bytes]) -> AsyncScript:
        """A Lua script run with EVALSHA, loaded automatically on NOSCRIPT."""
        return AsyncScript(self, script)

    async def scan_iter(
        self, match: Optional[KeyT] = None, count: Optional[int] = None, _type: Optional[str] = None
    ) -> AsyncIterator[ReplyT]:
        """Every key (matching ``match``, of type ``_type``), by SCAN."""
        cursor: Union[int, str] = 0
        while True:
            cursor, keys = await self.scan(cursor, match, count, _type)
            for key in keys:
                yield key
            if cursor == 0:
                return

    async def hscan_iter(
        self, name: KeyT, match: Optional[KeyT] = None, count: Optional[int] = None
    ) -> AsyncIterator[Tuple[ReplyT, ReplyT]]:
        """Every (field, value) of hash ``name``, by HSCAN."""
        cursor = 0
        while True:
            cursor, items = await self.hscan(name, cursor, match, count)
            for item in items.items():
                yield item
            if cursor == 0:
                return

    async def sscan_iter(
        self, name: KeyT, match: Optional[KeyT] = None, count: Optional[int] = None
    ) -> AsyncIterator[ReplyT]:
        """Every member of set ``name``, by SSCAN."""
        cursor = 0
        while True:
            cursor, members = await self.sscan(name, cursor, match, count)
            for member in members:
                yield member
            if cursor == 0:
                return

    async def zscan_iter(
        self,
        name: KeyT,
        match: Optional[KeyT] = None,
        count: Optional[int] = None,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> AsyncIterator[Tuple[ReplyT, Any]]:
        """Every (member, score) of sorted set ``name``, by ZSCAN."""
        cursor = 0
        while True:
            cursor, items = await self.zscan(name, cursor, match, count, score_cast_func)
            for item in items:
                yield item
            if cursor == 0:
                return

    # ------------------------------------------------------- HA and events --

    def on_event(self, callback: EventCallback) -> EventCallback:
        """Calls ``callback(event)`` on the loop for every engine event
        (node_connected, node_disconnected, primary_changed, ...). Coroutine
        functions are run as tasks. Returns the callback (usable as a
        decorator). Events before the first on_event are not kept."""
        if not callable(callback):
            raise TypeError(f"callback: expected a callable, got {type(callback).__name__}")
        if self._dispatcher is None:
            dispatcher = _EventDispatcher(self._loop)
            self._core.subscribe_events(dispatcher)
            self._dispatcher = dispatcher
        self._dispatcher.callbacks.append(callback)
        return callback

    def off_event(self, callback: EventCallback) -> None:
        """Stops calling ``callback``."""
        if self._dispatcher is not None and callback in self._dispatcher.callbacks:
            self._dispatcher.callbacks.remove(callback)

    def nodes(self) -> List[NodeInfo]:
        """The deployment's nodes with their roles and connection counters."""
        return [NodeInfo._from_native(n) for n in self._core.nodes()]

    def stats(self) -> Dict[str, Any]:
        """A snapshot of the client's metrics, with or without an
        OpenTelemetry collector (the same counters feed haven.telemetry's
        metrics): ``requests_total`` / ``_ok`` / ``_failed``, ``errors`` by
        kind, ``retries``, ``redirects``, ``connects``, ``reconnects``,
        ``failovers``, ``failbacks``, ``breakers`` (endpoint -> state),
        ``in_flight``, ``parked_now`` / ``parked_total``, ``cache`` (None
        without one) and ``durations``: one entry per command and outcome
        (``"ok"`` or an error kind) with ``count``, ``sum_ms``, ``p50_ms``,
        ``p99_ms`` and ``buckets`` over ``duration_buckets_ms``. Also
        ``pending`` (futures waiting on the loop) and ``coalesced_reads``
        (reads that shared another caller's reply, ``coalesce_reads``)."""
        s: Dict[str, Any] = json.loads(self._core.stats_json())
        s["pending"] = self._core.pending_count()
        s["coalesced_reads"] = self._core.coalesced_reads()
        return s

    # -------------------------------------------------------------- cache --

    def cached(self, args: Sequence[Any], timeout_ms: Optional[int] = None, with_stale: bool = False) -> Awaitable[Any]:
        """Reads one command through the client-side cache even if its name
        is not in ``ClientCache.commands``, e.g. ``await
        client.cached(["HGETALL", key])``; the raw reply, as custom_command.
        It must read one key (others are sent normally); without a cache it
        is a plain request. A value served stale during an outage is
        returned normally and counted in ``cache_stats()["stale_served"]``;
        ``with_stale=True`` returns ``(reply, stale_ms)`` instead, stale_ms
        being how many milliseconds past its validity a stale value is (None
        for a fresh reply)."""
        if isinstance(args, (str, bytes)) or not isinstance(args, (list, tuple)):
            raise TypeError("args: expected a list of arguments")
        if not isinstance(with_stale, bool):
            raise TypeError(f"with_stale: expected a bool, got {type(with_stale).__name__}")
        if with_stale:
            return self._core.execute_marked(args, timeout_ms)
        return self._core.execute(args, None, timeout_ms, True)

    def cache_stats(self) -> Optional[Dict[str, int]]:
        """The client-side cache's counters (hits, misses, stale_served,
        invalidations, evictions, coalesced, flushes, entries, bytes); None
        without a cache."""
        return self._core.cache_stats()

    def load_stats(self) -> Dict[str, int]:
        """``get_or_load``'s counters (hits, loader_calls, coalesced,
        lease_waits, loader_errors, cache_unavailable, early_refreshes,
        pending_invalidations)."""
        return self._core.load_stats()

    async def get_or_load(
        self,
        key: Union[bytes, str],
        loader: _aside.LoaderFn,
        ttl_ms: int = 60000,
        jitter: float = 0.1,
        lease_ms: Optional[int] = None,
        early_refresh: Optional[float] = None,
    ) -> Any:
        """Cache-aside without stampedes: the value of ``key``; on a miss
        only one caller in this process runs ``loader()`` (a function or
        coroutine function returning bytes or str), the others wait for it,
        and the value is stored with a TTL of ``ttl_ms`` scaled by a random
        factor in [1 - jitter, 1]. ``lease_ms``: a fleet-wide lease (one
        process loads). ``early_refresh``: XFetch beta (1.0 usual). A loader
        exception reaches every waiting caller as ResponseError with its
        message, and nothing is stored. When Redis cannot be reached the
        loader's value is returned."""
        _aside.check_options(key, loader, "loader", ttl_ms, jitter, lease_ms, early_refresh)
        return await self._core.get_or_load(key, loader, ttl_ms, float(jitter), lease_ms,
                                            None if early_refresh is None else float(early_refresh))

    async def write_through(
        self,
        key: Union[bytes, str],
        value: Union[bytes, str],
        writer: _aside.WriterFn,
        ttl_ms: int = 60000,
        mode: str = "update",
    ) -> None:
        """Write-through: ``writer()`` (function or coroutine function)
        writes to the source of truth, then the cache is updated with
        ``value`` ("update") or the key deleted ("invalidate"). A writer
        exception raises ResponseError and leaves the cache alone."""
        _aside.check_options(key, writer, "writer", ttl_ms)
        if not isinstance(value, (bytes, str)):
            raise TypeError(f"value: expected bytes or str, got {type(value).__name__}")
        if not isinstance(mode, str):
            raise TypeError(f"mode: expected a str, got {type(mode).__name__}")
        await self._core.write_through(key, value, writer, ttl_ms, mode)

    # ----------------------------------------------------- multi-endpoint --

    async def failover_to(self, name: str, force: bool = False) -> None:
        """Moves traffic to endpoint ``name`` now. Unless ``force``, it must
        be healthy (else NoHealthyEndpointError). The choice holds (no
        failback) until that endpoint fails. An unknown name: ConfigError."""
        _ha.check_name("name", name)
        _ha.check_bool("force", force)
        self._core.failover_to(name, force)

    async def add_endpoint(self, endpoint: Endpoint) -> None:
        """Adds an endpoint at run time; it takes traffic once healthy if it
        weighs most (after the failback grace)."""
        if not isinstance(endpoint, Endpoint):
            raise _ha.type_error("endpoint", "a haven.Endpoint", endpoint)
        endpoint.__post_init__()
        multi = self._endpoints.require_multi("add_endpoint")
        if callable(endpoint.health_check):
            # Registered first (by name), so the first probe finds it.
            timeout_s = (endpoint._health() or multi.health_check).timeout_ms / 1000.0
            self._health.set(endpoint.name, endpoint.health_check, timeout_s)
            self._core.set_health_check(endpoint.name)
        await self._core.add_endpoint(endpoint._to_dict())
        self._endpoints.added(endpoint)

    async def remove_endpoint(self, name: str) -> None:
        """Removes endpoint ``name``; traffic moves first if it was active."""
        _ha.check_name("name", name)
        self._core.remove_endpoint(name)
        self._endpoints.removed(name)

    async def set_weight(self, name: str, weight: float) -> None:
        """Changes endpoint ``name``'s weight (>= 0); traffic moves at once if
        another healthy endpoint now weighs more than the active one."""
        _ha.check_name("name", name)
        self._core.set_weight(name, _ha.check_weight(weight))

    @property
    def active_endpoint(self) -> str:
        """The name of the endpoint taking traffic ("" while none is
        healthy). ConfigError on a client that is not multi-endpoint."""
        return self._core.active_endpoint()

    def endpoint_health(self) -> List[EndpointHealth]:
        """Every endpoint's name, whether it may take traffic, last error."""
        return [EndpointHealth(*t) for t in self._core.endpoint_health()]

    def set_health_check(self, name: str, check: HealthCheckFn) -> None:
        """Makes ``check(name)`` (a function or coroutine function returning
        a bool) decide the health of endpoint ``name``, whose health check
        must be of kind "custom". It runs on this client's loop; raising or
        overrunning the check's ``timeout_ms`` counts as unhealthy."""
        _ha.check_name("name", name)
        _ha.check_callable("check", check)
        timeout_s = self._endpoints.custom_timeout_s("set_health_check", name)
        self._health.set(name, check, timeout_s)
        self._core.set_health_check(name)

    # ------------------------------------------------------------ pub/sub --

    def _message_queue(self) -> _MessageQueue:
        if self._messages is None:
            queue = _MessageQueue(self._decode)
            self._core.subscribe_messages(queue)
            self._messages = queue
        return self._messages

    async def _pubsub(self, action: str, names: List[bytes]) -> None:
        self._message_queue()  # listen before subscribing: nothing is missed
        await self._core.pubsub(action, names)
        _fork.remember(self._subscriptions, action, names)

    async def subscribe(self, *channels: ChannelT) -> None:
        """SUBSCRIBE: returns once every channel is confirmed. The engine
        keeps the subscriptions across reconnects and failovers; read the
        messages with :meth:`messages` or :meth:`get_message`."""
        await self._pubsub("subscribe", _names("channels", channels, False))

    async def psubscribe(self, *patterns: ChannelT) -> None:
        """PSUBSCRIBE: like :meth:`subscribe`, for glob-style patterns."""
        await self._pubsub("psubscribe", _names("patterns", patterns, False))

    async def ssubscribe(self, *channels: ChannelT) -> None:
        """SSUBSCRIBE: sharded channels (each on its slot's primary)."""
        await self._pubsub("ssubscribe", _names("channels", channels, False))

    async def unsubscribe(self, *channels: ChannelT) -> None:
        """UNSUBSCRIBE the channels (none given: every channel)."""
        await self._pubsub("unsubscribe", _names("channels", channels, True))

    async def punsubscribe(self, *patterns: ChannelT) -> None:
        """PUNSUBSCRIBE the patterns (none given: every pattern)."""
        await self._pubsub("punsubscribe", _names("patterns", patterns, True))

    async def sunsubscribe(self, *channels: ChannelT) -> None:
        """SUNSUBSCRIBE the shard channels (none given: all of them)."""
        await self._pubsub("sunsubscribe", _names("channels", channels, True))

    async def get_message(self, timeout: Optional[float] = None) -> Optional[Message]:
        """The next message received, waiting up to ``timeout`` seconds
        (None: until one comes); None on timeout or once the client closed."""
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0):
            raise _ha.type_error("timeout", "a non-negative number of seconds or None", timeout)
        return await self._message_queue().get(timeout)

    async def messages(self) -> AsyncIterator[Message]:
        """Every message received, in order, until the client closes:
        ``async for msg in client.messages(): ...``"""
        queue = self._message_queue()
        while True:
            msg = await queue.get(None)
            if msg is None:
                return
            yield msg

    def messages_dropped(self) -> int:
        """Messages lost because nobody read them fast enough."""
        queue_dropped = self._messages.dropped if self._messages is not None else 0
        return queue_dropped + self._core.pubsub_dropped()
