"""``haven.SyncClient``: the blocking client. Each command waits for its
reply with the GIL released, so other Python threads run meanwhile and may
share one client. Events (``on_event``) are delivered on a dedicated
"haven-events" thread.
"""

from __future__ import annotations

import atexit
import json
import logging
import threading
import time
import warnings
import weakref
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from . import _aside, _fork, _ha, _haven
from ._commands import SyncCommands
from ._ha import EndpointHealth, Endpoints
from ._health import HealthCheckFn, ThreadHealthRunner
from ._types import KeyT, ReplyT
from .config import (
    Config,
    CredentialProviderT,
    Endpoint,
    MultiEndpointConfig,
    _check_credential_provider,
    _custom_checks,
    _native,
    config_from_url,
)
from .events import Event, NodeInfo
from .exceptions import WatchError
from .pubsub import ChannelT, Message, _names
from .pipeline import Pipeline
from .script import Script

__all__ = ["SyncClient", "SyncEventCallback"]

logger = logging.getLogger("haven")

#: An event callback of SyncClient.
SyncEventCallback = Callable[[Event], None]


class _EventThread:
    """Reads the engine's event stream on its own thread and calls the
    callbacks; ends when the client closes."""

    def __init__(self, core: _haven.SyncEngine) -> None:
        self.core = core
        self.callbacks: List[SyncEventCallback] = []
        self.stream = core.event_stream()
        self.thread = threading.Thread(target=self._run, name="haven-events", daemon=True)
        self.thread.start()
        _event_threads.add(self)

    def _run(self) -> None:
        while True:
            try:
                raw = self.stream.next(1.0)
            except StopIteration:
                return
            if raw is None:
                continue
            event = Event._from_native(raw)
            for callback in list(self.callbacks):
                try:
                    callback(event)
                except Exception:  # a callback's bug must not stop delivery
                    logger.exception("haven: event callback %r raised", callback)

    def stop(self, wait: float) -> None:
        self.core.close()
        if threading.current_thread() is not self.thread:
            self.thread.join(wait)


_event_threads: "weakref.WeakSet[_EventThread]" = weakref.WeakSet()


@atexit.register
def _stop_event_threads() -> None:
    # Stop the threads while the interpreter is whole, rather than have them
    # wake up inside native code during finalization.
    for t in list(_event_threads):
        t.stop(1.0)


class _Rebuild:
    """Stands for the engine of a client made before os.fork() in the child:
    any use rebuilds the client's engine first (see SyncClient._rebuilt)."""

    __slots__ = ("_client",)

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client._rebuilt(), name)


class SyncClient(SyncCommands):
    """A blocking client for a Redis/Valkey deployment.

    .. code-block:: python

        with haven.SyncClient.connect(haven.StandaloneConfig(["localhost:6379"])) as client:
            client.set("k", "v")
            assert client.get("k") == b"v"
    """

    _core: _haven.SyncEngine
    _decode: bool
    _closed: bool
    _events: Optional[_EventThread]
    _lock: threading.Lock
    _endpoints: Endpoints
    _health: Optional[ThreadHealthRunner]
    _stream: Optional[_haven.MessageStream]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("create a client with `haven.SyncClient.connect(config)`")

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        decode_responses: bool = False,
        credential_provider: Optional[CredentialProviderT] = None,
        credential_refresh_ms: Optional[int] = None,
        **overrides: Any,
    ) -> "SyncClient":
        """Connects to what a connection URL describes (``redis://``,
        ``rediss://``, ``valkey://``, ``valkeys://``, ``unix://``; see
        :func:`haven.config_from_url`), with ``overrides`` (fields of the
        configuration class, e.g. ``request_timeout_ms=500``) taking
        precedence over the URL. Raises ConfigError naming the part of a bad
        URL, and otherwise like :meth:`connect`."""
        config = config_from_url(url, **overrides)
        return cls.connect(
            config,
            decode_responses=decode_responses,
            credential_provider=credential_provider,
            credential_refresh_ms=credential_refresh_ms,
        )

    @classmethod
    def connect(
        cls,
        config: Config,
        *,
        decode_responses: bool = False,
        credential_provider: Optional[CredentialProviderT] = None,
        credential_refresh_ms: Optional[int] = None,
    ) -> "SyncClient":
        """Connects (unless ``config.lazy_connect``) and returns the client.
        ``credential_provider`` and ``credential_refresh_ms`` as in
        :meth:`haven.Client.connect` (the provider runs on an engine thread,
        so refreshes happen in the background). Raises like
        :meth:`haven.Client.connect`."""
        native = _native(config)
        if not isinstance(decode_responses, bool):
            raise TypeError(f"decode_responses: expected a bool, got {type(decode_responses).__name__}")
        _check_credential_provider(credential_provider, credential_refresh_ms)
        credentials = (credential_provider, credential_refresh_ms)
        endpoints = Endpoints(config)
        checks = _custom_checks(config)
        timeouts = {name: endpoints.custom_timeout_s("health_check", name) for name in checks}
        core, health = cls._build(
            native, decode_responses, isinstance(config, MultiEndpointConfig), checks, timeouts, credentials
        )
        self = cls.__new__(cls)
        self._core = core
        self._exec = core.execute
        self._request_timeout_ms = config.request_timeout_ms
        self._decode = decode_responses
        self._closed = False
        self._events = None
        self._lock = threading.Lock()
        self._endpoints = endpoints
        self._health = health
        self._stream = None
        # What a forked child rebuilds the client from (see _fork.py).
        self._spec = native
        self._credentials = credentials
        self._multi = isinstance(config, MultiEndpointConfig)
        self._subscriptions: Dict[str, Set[bytes]] = {"subscribe": set(), "psubscribe": set(), "ssubscribe": set()}
        self._fork_lock = threading.Lock()
        _fork.track(self)
        return self

    @staticmethod
    def _build(
        native: Dict[str, Any],
        decode: bool,
        multi: bool,
        checks: Dict[str, HealthCheckFn],
        timeouts: Dict[str, float],
        credentials: Tuple[Any, Optional[int]] = (None, None),
    ) -> Tuple[_haven.SyncEngine, Optional[ThreadHealthRunner]]:
        core = _haven.SyncEngine(decode)
        health = None
        if multi:
            health = ThreadHealthRunner(core.probe_stream())
            for name, check in checks.items():
                health.set(name, check, timeouts[name])
        try:
            core.connect(native, list(checks), *credentials)
        except BaseException:
            core.close()
            if health is not None:
                health.stop(1.0)
            raise
        return core, health

    # ---------------------------------------------------------------- fork --

    def _forked(self) -> None:
        """In a forked child (at-fork hook, one thread): the engine client
        belongs to the parent. Locks another thread may have held are
        replaced, and the next use rebuilds the engine client."""
        self._lock = threading.Lock()
        self._fork_lock = threading.Lock()
        if self._closed:
            return
        self._core = _Rebuild(self)  # type: ignore[assignment]
        self._exec = self._exec_after_fork

    def _exec_after_fork(self, *args: Any, **kwargs: Any) -> Any:
        return self._rebuilt().execute(*args, **kwargs)

    def _rebuilt(self) -> _haven.SyncEngine:
        """The engine client of this process, rebuilt on first use after a
        fork: new connections, an empty client-side cache, the pub/sub
        subscriptions, event callbacks and health checks re-established."""
        with self._fork_lock:
            core = self._core
            if not isinstance(core, _Rebuild):
                return core
            checks = dict(self._health.checks) if self._health is not None else {}
            fresh, health = self._build(
                self._spec,
                self._decode,
                self._multi,
                {name: c for name, (c, _) in checks.items()},
                {name: t for name, (_, t) in checks.items()},
                self._credentials,
            )
            self._health = health
            callbacks = self._events.callbacks if self._events is not None else []
            self._events = None
            self._stream = None
            self._core = fresh
            self._exec = fresh.execute
            if callbacks:
                self._events = _EventThread(fresh)
                self._events.callbacks.extend(callbacks)
            if any(self._subscriptions.values()):
                self._stream = fresh.message_stream()
                for action, names in self._subscriptions.items():
                    if names:
                        fresh.pubsub(action, sorted(names))
            return fresh

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._closed

    def close(self) -> None:
        """Closes every connection; later requests fail with ClosingError."""
        if self._closed:
            return
        self._closed = True
        if not isinstance(self._core, _Rebuild):  # a forked child's, never used: nothing to close
            self._core.close()
        if self._events is not None:
            self._events.stop(1.0)
        if self._health is not None:
            self._health.stop(1.0)

    def __enter__(self) -> "SyncClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self, _warn: Callable[..., None] = warnings.warn) -> None:
        if getattr(self, "_closed", True):
            return
        self._closed = True
        if isinstance(self._core, _Rebuild):  # the parent's, unused in this child
            return
        _warn(f"unclosed {self!r}; use `client.close()` or `with`", ResourceWarning, source=self)
        self._core.close()

    def __repr__(self) -> str:
        state = "closed" if getattr(self, "_closed", True) else "open"
        return f"<haven.SyncClient {state}>"

    def pipeline(self, transaction: bool = True) -> Pipeline:
        """A pipeline (``transaction=False``) or MULTI/EXEC transaction
        (``transaction=True``): queue commands, then ``pipe.execute()``."""
        return Pipeline(self._core, transaction, self._request_timeout_ms)

    def transaction(
        self,
        func: Callable[[Pipeline], Any],
        *watches: KeyT,
        value_from_callable: bool = False,
        watch_delay: Optional[float] = None,
    ) -> Any:
        """redis-py's optimistic transaction helper: WATCHes ``watches``,
        calls ``func(pipe)`` (which reads with ``pipe.get(...)``, then calls
        ``pipe.multi()`` and queues the writes) and executes, retrying from
        the WATCH whenever a watched key changed (WatchError),
        ``watch_delay`` seconds apart. Returns execute()'s replies, or
        func's value with ``value_from_callable=True``."""
        if not callable(func):
            raise TypeError(f"func: expected a callable, got {type(func).__name__}")
        with self.pipeline(True) as pipe:
            while True:
                try:
                    if watches:
                        pipe.watch(*watches)
                    value = func(pipe)
                    replies = pipe.execute()
                    return value if value_from_callable else replies
                except WatchError:
                    if watch_delay is not None and watch_delay > 0:
                        time.sleep(watch_delay)

    def register_script(self, script: Union[str, bytes]) -> Script:
        """A Lua script run with EVALSHA, loaded automatically on NOSCRIPT."""
        return Script(self, script)

    def scan_iter(
        self, match: Optional[KeyT] = None, count: Optional[int] = None, _type: Optional[str] = None
    ) -> Iterator[ReplyT]:
        """Every key (matching ``match``, of type ``_type``), by SCAN."""
        cursor: Union[int, str] = 0
        while True:
            cursor, keys = self.scan(cursor, match, count, _type)
            yield from keys
            if cursor == 0:
                return

    def hscan_iter(
        self, name: KeyT, match: Optional[KeyT] = None, count: Optional[int] = None
    ) -> Iterator[Tuple[ReplyT, ReplyT]]:
        """Every (field, value) of hash ``name``, by HSCAN."""
        cursor = 0
        while True:
            cursor, items = self.hscan(name, cursor, match, count)
            yield from items.items()
            if cursor == 0:
                return

    def sscan_iter(self, name: KeyT, match: Optional[KeyT] = None, count: Optional[int] = None) -> Iterator[ReplyT]:
        """Every member of set ``name``, by SSCAN."""
        cursor = 0
        while True:
            cursor, members = self.sscan(name, cursor, match, count)
            yield from members
            if cursor == 0:
                return

    def zscan_iter(
        self,
        name: KeyT,
        match: Optional[KeyT] = None,
        count: Optional[int] = None,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> Iterator[Tuple[ReplyT, Any]]:
        """Every (member, score) of sorted set ``name``, by ZSCAN."""
        cursor = 0
        while True:
            cursor, items = self.zscan(name, cursor, match, count, score_cast_func)
            yield from items
            if cursor == 0:
                return

    def on_event(self, callback: SyncEventCallback) -> SyncEventCallback:
        """Calls ``callback(event)`` on the "haven-events" thread for every
        engine event. Returns the callback (usable as a decorator)."""
        if not callable(callback):
            raise TypeError(f"callback: expected a callable, got {type(callback).__name__}")
        with self._lock:
            if self._events is None:
                self._events = _EventThread(self._core)
            self._events.callbacks.append(callback)
        return callback

    def off_event(self, callback: SyncEventCallback) -> None:
        """Stops calling ``callback``."""
        if self._events is not None and callback in self._events.callbacks:
            self._events.callbacks.remove(callback)

    def nodes(self) -> List[NodeInfo]:
        """The deployment's nodes with their roles and connection counters."""
        return [NodeInfo._from_native(n) for n in self._core.nodes()]

    def stats(self) -> Dict[str, Any]:
        """A snapshot of the client's metrics (see Client.stats), and
        ``coalesced_reads``."""
        s: Dict[str, Any] = json.loads(self._core.stats_json())
        s["coalesced_reads"] = self._core.coalesced_reads()
        return s

    # -------------------------------------------------------------- cache --

    def cached(self, args: Sequence[Any], timeout_ms: Optional[int] = None, with_stale: bool = False) -> Any:
        """Reads one command through the client-side cache (see
        ``Client.cached``; ``with_stale=True``: ``(reply, stale_ms)``)."""
        if isinstance(args, (str, bytes)) or not isinstance(args, (list, tuple)):
            raise TypeError("args: expected a list of arguments")
        if not isinstance(with_stale, bool):
            raise TypeError(f"with_stale: expected a bool, got {type(with_stale).__name__}")
        if with_stale:
            return self._core.execute_marked(args, timeout_ms)
        return self._core.execute(args, None, timeout_ms, True)

    def custom_command(self, args: Sequence[Any], timeout_ms: Optional[int] = None, *,
                       resend_safe: bool = False, route: Optional[str] = None) -> Any:
        """Any command; the raw reply. ``timeout_ms`` overrides the request
        timeout; ``resend_safe``: the command may run twice (sent again to a
        new primary if its link died while it was on the wire); ``route``
        as in Client.custom_command."""
        if isinstance(args, (str, bytes)):
            raise TypeError("args: expected a list of arguments, got a single str/bytes (split it)")
        args = args if isinstance(args, (list, tuple)) else list(args)
        if resend_safe or route is not None:
            return self._exec(args, None, timeout_ms, resend_safe=resend_safe, route=route)
        return self._exec(args, None, timeout_ms)

    def refresh_credentials(self) -> bool:
        """Asks the credential provider now (see Client.refresh_credentials);
        True when the credentials changed."""
        return bool(self._core.refresh_credentials_blocking())

    def park_stats(self) -> Dict[str, int]:
        """Requests that waited, parked, for a reachable primary (see
        Client.park_stats)."""
        return self._core.park_stats()

    def cache_stats(self) -> Optional[Dict[str, int]]:
        """The client-side cache's counters; None without a cache."""
        return self._core.cache_stats()

    def load_stats(self) -> Dict[str, int]:
        """``get_or_load``'s counters."""
        return self._core.load_stats()

    def get_or_load(
        self,
        key: Union[bytes, str],
        loader: Callable[[], Union[bytes, str]],
        ttl_ms: int = 60000,
        jitter: float = 0.1,
        lease_ms: Optional[int] = None,
        early_refresh: Optional[float] = None,
    ) -> Any:
        """``Client.get_or_load`` with a plain function as loader, run on the
        calling thread. (An early refresh started in the background after
        the call returned cannot run the loader and is skipped.)"""
        _aside.check_options(key, loader, "loader", ttl_ms, jitter, lease_ms, early_refresh)
        return self._core.get_or_load(key, loader, _aside.run_sync, ttl_ms, float(jitter), lease_ms,
                                               None if early_refresh is None else float(early_refresh))

    def write_through(
        self,
        key: Union[bytes, str],
        value: Union[bytes, str],
        writer: Callable[[], Any],
        ttl_ms: int = 60000,
        mode: str = "update",
    ) -> None:
        """``Client.write_through`` with a plain function as writer."""
        _aside.check_options(key, writer, "writer", ttl_ms)
        if not isinstance(value, (bytes, str)):
            raise TypeError(f"value: expected bytes or str, got {type(value).__name__}")
        if not isinstance(mode, str):
            raise TypeError(f"mode: expected a str, got {type(mode).__name__}")
        self._core.write_through(key, value, writer, _aside.run_sync, ttl_ms, mode)

    # ----------------------------------------------------- multi-endpoint --

    def failover_to(self, name: str, force: bool = False) -> None:
        """Moves traffic to endpoint ``name`` now (see Client.failover_to)."""
        _ha.check_name("name", name)
        _ha.check_bool("force", force)
        self._core.failover_to(name, force)

    def add_endpoint(self, endpoint: Endpoint) -> None:
        """Adds an endpoint at run time (see Client.add_endpoint)."""
        if not isinstance(endpoint, Endpoint):
            raise _ha.type_error("endpoint", "a haven.Endpoint", endpoint)
        endpoint.__post_init__()
        multi = self._endpoints.require_multi("add_endpoint")
        if callable(endpoint.health_check) and self._health is not None:
            timeout_s = (endpoint._health() or multi.health_check).timeout_ms / 1000.0
            self._health.set(endpoint.name, endpoint.health_check, timeout_s)
            self._core.set_health_check(endpoint.name)
        self._core.add_endpoint(endpoint._to_dict())
        self._endpoints.added(endpoint)

    def remove_endpoint(self, name: str) -> None:
        """Removes endpoint ``name``; traffic moves first if it was active."""
        _ha.check_name("name", name)
        self._core.remove_endpoint(name)
        self._endpoints.removed(name)

    def set_weight(self, name: str, weight: float) -> None:
        """Changes endpoint ``name``'s weight (see Client.set_weight)."""
        _ha.check_name("name", name)
        self._core.set_weight(name, _ha.check_weight(weight))

    @property
    def active_endpoint(self) -> str:
        """The name of the endpoint taking traffic ("" while none is healthy)."""
        return self._core.active_endpoint()

    def endpoint_health(self) -> List[EndpointHealth]:
        """Every endpoint's name, whether it may take traffic, last error."""
        return [EndpointHealth(*t) for t in self._core.endpoint_health()]

    def set_health_check(self, name: str, check: HealthCheckFn) -> None:
        """Makes ``check(name)`` decide the health of endpoint ``name`` (its
        health check must be of kind "custom"). It runs on a "haven-health"
        pool thread (a coroutine function runs there under asyncio.run);
        raising or overrunning ``timeout_ms`` counts as unhealthy."""
        _ha.check_name("name", name)
        _ha.check_callable("check", check)
        timeout_s = self._endpoints.custom_timeout_s("set_health_check", name)
        if self._health is None:  # pragma: no cover - multi clients always have one
            raise RuntimeError("this client has no health check runner")
        self._health.set(name, check, timeout_s)
        self._core.set_health_check(name)

    # ------------------------------------------------------------ pub/sub --

    def _message_stream(self) -> _haven.MessageStream:
        with self._lock:
            if self._stream is None:
                self._stream = self._core.message_stream()
            return self._stream

    def _pubsub(self, action: str, names: List[bytes]) -> None:
        self._message_stream()  # listen before subscribing: nothing is missed
        self._core.pubsub(action, names)
        _fork.remember(self._subscriptions, action, names)

    def subscribe(self, *channels: ChannelT) -> None:
        """SUBSCRIBE (see Client.subscribe); read with :meth:`get_message`
        or :meth:`listen`."""
        self._pubsub("subscribe", _names("channels", channels, False))

    def psubscribe(self, *patterns: ChannelT) -> None:
        """PSUBSCRIBE glob-style patterns."""
        self._pubsub("psubscribe", _names("patterns", patterns, False))

    def ssubscribe(self, *channels: ChannelT) -> None:
        """SSUBSCRIBE sharded channels."""
        self._pubsub("ssubscribe", _names("channels", channels, False))

    def unsubscribe(self, *channels: ChannelT) -> None:
        """UNSUBSCRIBE the channels (none given: every channel)."""
        self._pubsub("unsubscribe", _names("channels", channels, True))

    def punsubscribe(self, *patterns: ChannelT) -> None:
        """PUNSUBSCRIBE the patterns (none given: every pattern)."""
        self._pubsub("punsubscribe", _names("patterns", patterns, True))

    def sunsubscribe(self, *channels: ChannelT) -> None:
        """SUNSUBSCRIBE the shard channels (none given: all of them)."""
        self._pubsub("sunsubscribe", _names("channels", channels, True))

    def get_message(self, timeout: float = 0.0) -> Optional[Message]:
        """The next message received, waiting up to ``timeout`` seconds with
        the GIL released; None on timeout or once the client is closed."""
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0:
            raise _ha.type_error("timeout", "a non-negative number of seconds", timeout)
        try:
            raw = self._message_stream().next(float(timeout))
        except StopIteration:
            return None
        return None if raw is None else Message._from_native(raw, self._decode)

    def listen(self) -> Iterator[Message]:
        """Every message received, in order, until the client closes."""
        while not self._closed:
            msg = self.get_message(1.0)
            if msg is not None:
                yield msg

    def messages_dropped(self) -> int:
        """Messages lost because nobody read them fast enough."""
        stream_dropped = self._stream.dropped() if self._stream is not None else 0
        return stream_dropped + self._core.pubsub_dropped()
