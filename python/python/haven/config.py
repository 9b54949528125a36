"""Client configuration: one dataclass per deployment kind, mirroring
``ClientConfig`` in proto/haven.proto (same field names); every default is
the engine's own (``haven_core::defaults``, read from the native module).

Construction checks types and names the argument (``TypeError:
addresses[1]: expected a "host:port" string, got int``); values are validated
by the engine when the client connects, which raises :class:`ConfigError`
naming the field (``standalone.addresses[0]: port 0 is not a valid port``).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, fields
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Sequence, Union

from . import _haven
from .exceptions import ConfigError

__all__ = [
    "ClientCache",
    "Backoff",
    "TlsConfig",
    "StandaloneConfig",
    "ClusterConfig",
    "SentinelConfig",
    "MultiEndpointConfig",
    "Endpoint",
    "CircuitBreaker",
    "HealthCheck",
    "Config",
    "READ_FROM",
    "PROTOCOLS",
]

#: Accepted ``read_from`` strategies (the engine checks them).
READ_FROM = ("primary", "prefer_replica", "az_affinity", "az_affinity_replicas_and_primary", "primary_preferred")
#: Accepted ``protocol`` values.
PROTOCOLS = ("resp3", "resp2")


# ----------------------------------------------------------------- checks --


def _type_error(name: str, expected: str, value: object) -> TypeError:
    return TypeError(f"{name}: expected {expected}, got {type(value).__name__} {value!r:.60}")


def _int(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error(name, "an int" + (" or None" if optional else ""), value)


def _number(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _type_error(name, "a number" + (" or None" if optional else ""), value)


def _bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise _type_error(name, "a bool", value)


def _str(name: str, value: object, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise _type_error(name, "a str" + (" or None" if optional else ""), value)


def _addresses(name: str, value: object) -> None:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise _type_error(name, 'a list of "host:port" strings', value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _type_error(f"{name}[{i}]", 'a "host:port" string', item)


def _str_map(name: str, value: object) -> None:
    if not isinstance(value, Mapping):
        raise _type_error(name, "a dict of str to str", value)
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise TypeError(f"{name}: expected str keys and values, got {k!r:.40}: {v!r:.40}")


def _instance(name: str, value: object, cls: type, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, cls):
        raise _type_error(name, f"haven.{cls.__name__}" + (" or None" if optional else ""), value)


def _pem(name: str, value: object) -> None:
    if value is not None and not isinstance(value, (bytes, str)):
        raise _type_error(name, "PEM text as bytes or str, or None", value)


def _to_dict(obj: Any) -> Dict[str, Any]:
    """The dataclass as a plain dict (nested configs too) for the native side."""
    out: Dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if hasattr(value, "_to_dict"):
            value = value._to_dict()
        elif isinstance(value, (list, tuple)):
            value = [v._to_dict() if hasattr(v, "_to_dict") else v for v in value]
        elif isinstance(value, Mapping):
            value = dict(value)
        out[f.name] = value
    return out


# The engine's defaults (haven_core::defaults), by the contract's
# "Message.field": the one place each is written. A field left at its
# default here is sent with the engine's own value.
def _default_int(name: str) -> int:
    value = _haven.DEFAULTS[name]
    assert isinstance(value, int), name
    return value


def _default_float(name: str) -> float:
    value = _haven.DEFAULTS[name]
    assert isinstance(value, (int, float)), name
    return float(value)


def _default_str(name: str) -> str:
    value = _haven.DEFAULTS[name]
    assert isinstance(value, str), name
    return value


# ---------------------------------------------------------- building blocks --


@dataclass
class Backoff:
    """Reconnect delay: ``min(max_ms, base_ms * factor**attempt)`` ± ``jitter_percent``."""

    base_ms: int = _default_int("Backoff.base_ms")
    factor: float = _default_float("Backoff.factor")
    max_ms: int = _default_int("Backoff.max_ms")
    jitter_percent: float = _default_float("Backoff.jitter_percent")

    def __post_init__(self) -> None:
        _int("reconnect.base_ms", self.base_ms)
        _number("reconnect.factor", self.factor)
        _int("reconnect.max_ms", self.max_ms)
        _number("reconnect.jitter_percent", self.jitter_percent)

    def _to_dict(self) -> Dict[str, Any]:
        return _to_dict(self)


@dataclass
class TlsConfig:
    """TLS towards the servers. Giving a TlsConfig turns TLS on.

    ``ca_cert_pem``: PEM of the CA(s) to trust (None: the system's trust
    store). ``client_cert_pem``/``client_key_pem``: for mutual TLS.
    ``insecure_skip_verify``: accept any certificate (tests only).
    ``server_name``: the name checked against the certificate (default: the host).
    """

    ca_cert_pem: Union[bytes, str, None] = None
    client_cert_pem: Union[bytes, str, None] = None
    client_key_pem: Union[bytes, str, None] = None
    insecure_skip_verify: bool = False
    server_name: Optional[str] = None

    def __post_init__(self) -> None:
        _pem("tls.ca_cert_pem", self.ca_cert_pem)
        _pem("tls.client_cert_pem", self.client_cert_pem)
        _pem("tls.client_key_pem", self.client_key_pem)
        _bool("tls.insecure_skip_verify", self.insecure_skip_verify)
        _str("tls.server_name", self.server_name, optional=True)

    def _to_dict(self) -> Dict[str, Any]:
        return _to_dict(self)


@dataclass
class ClientCache:
    """The client-side cache (local tier), given as ``cache=`` to any config.

    Replies of one-key reads are kept in the client and dropped the moment
    the server says the key changed (RESP3 CLIENT TRACKING; needs RESP3).
    An entry lives for min(``ttl_ms``, the key's PTTL); the cache never holds
    more than ``max_entries`` entries or ``max_bytes`` bytes. ``mode``:
    "optin" (the server tracks only what haven caches) or "bcast" (every
    change under ``prefixes``). ``commands``: the reads cached without being
    asked per request (others: ``client.cached([...])``). ``serve_stale_ms``
    > 0: while the node holding a key is unreachable, a cached read returns
    the last known value if it is at most that old (counted in
    ``cache_stats()["stale_served"]``); 0: off. Values are checked by the
    engine at connect, whose ConfigError names the field (``cache.<field>``).
    """

    max_entries: int = _default_int("ClientCache.max_entries")
    max_bytes: int = _default_int("ClientCache.max_bytes")
    ttl_ms: int = _default_int("ClientCache.ttl_ms")
    mode: str = _default_str("ClientCache.mode")
    prefixes: Sequence[Union[str, bytes]] = ()
    commands: Sequence[str] = ("GET",)
    serve_stale_ms: int = _default_int("ClientCache.serve_stale_ms")

    def __post_init__(self) -> None:
        _int("cache.max_entries", self.max_entries)
        _int("cache.max_bytes", self.max_bytes)
        _int("cache.ttl_ms", self.ttl_ms)
        _str("cache.mode", self.mode)
        _int("cache.serve_stale_ms", self.serve_stale_ms)
        for name, seq, kinds in (("prefixes", self.prefixes, (str, bytes)), ("commands", self.commands, (str,))):
            if isinstance(seq, (str, bytes)) or not isinstance(seq, (list, tuple)):
                raise _type_error(f"cache.{name}", "a list or tuple", seq)
            for i, item in enumerate(seq):
                if not isinstance(item, kinds):
                    raise _type_error(f"cache.{name}[{i}]", "a str" if kinds == (str,) else "str or bytes", item)

    def _to_dict(self) -> Dict[str, Any]:
        out = _to_dict(self)
        out["prefixes"] = [p.encode() if isinstance(p, str) else bytes(p) for p in self.prefixes]
        out["commands"] = list(self.commands)
        return out


def _check_common(c: Any) -> None:
    """Type checks of the settings every single-deployment config shares."""
    _int("request_timeout_ms", c.request_timeout_ms)
    _str("read_from", c.read_from)
    _str("client_az", c.client_az, optional=True)
    _str_map("node_az", c.node_az)
    _bool("lazy_connect", c.lazy_connect)
    _int("inflight_limit", c.inflight_limit)
    _int("connection_timeout_ms", c.connection_timeout_ms)
    _instance("reconnect", c.reconnect, Backoff)
    _str("username", c.username, optional=True)
    _str("password", c.password, optional=True)
    _instance("tls", c.tls, TlsConfig, optional=True)
    _int("database", c.database)
    _str("client_name", c.client_name, optional=True)
    _str("protocol", c.protocol)
    if c.protocol.lower() not in PROTOCOLS:
        raise ConfigError(f"protocol: unknown protocol {c.protocol!r} (expected 'resp3' or 'resp2')")
    _int("heartbeat_interval_ms", c.heartbeat_interval_ms)
    _int("heartbeat_timeout_ms", c.heartbeat_timeout_ms)
    _int("tcp_keepalive_ms", c.tcp_keepalive_ms)
    _int("tcp_user_timeout_ms", c.tcp_user_timeout_ms)
    _instance("cache", c.cache, ClientCache, optional=True)
    _bool("coalesce_reads", c.coalesce_reads)
    _bool("fail_fast", c.fail_fast)
    # Ranges are the engine's to check (ConfigError naming the field).
    _int("max_dedicated_connections", c.max_dedicated_connections, optional=True)
    _int("dedicated_idle_ms", c.dedicated_idle_ms, optional=True)
    _str("log_level", c.log_level, optional=True)


# ------------------------------------------------------------ deployments --
# The settings shared by standalone, cluster and Sentinel deployments are
# repeated in each class (rather than inherited) so that the deployment's
# own fields come first and can be given positionally on Python 3.9.


@dataclass
class StandaloneConfig:
    """A primary with optional replicas: ``addresses`` lists them all as
    "host:port"; the node that reports role master takes writes, the others
    serve reads according to ``read_from``.

    Common settings: ``request_timeout_ms`` (deadline of one request,
    retries included), ``read_from`` (see :data:`READ_FROM`), ``client_az``
    and ``node_az`` (for the az_affinity strategies), ``lazy_connect``,
    ``inflight_limit`` (BackpressureError beyond it), and per connection
    ``connection_timeout_ms``, ``reconnect``, ``username``/``password``,
    ``tls``, ``database``, ``client_name``, ``protocol`` ("resp3" falls back
    to RESP2 on old servers), heartbeat and TCP keepalive settings (0 turns
    each off). ``cache``: the client-side cache (:class:`ClientCache`);
    ``coalesce_reads``: identical keyed reads in flight at once go to the
    server once and every caller gets the reply (reads through the cache
    are coalesced either way; a read never shares one sent before a write
    of this client ended). ``fail_fast``: a request whose primary cannot be
    reached fails at once with ConnectionError instead of waiting (parked)
    for a new primary until its deadline.

    Dedicated connections (blocking commands such as BLPOP or XREAD BLOCK,
    and the sessions of ``pipeline.watch()``) come from a small pool per
    node, opened on demand: ``max_dedicated_connections`` caps it (1 to
    10000), ``dedicated_idle_ms`` closes one left unused that long (> 0).
    None leaves the engine's default (64 per node, 30000 ms).

    ``log_level``: the engine's log level, for the whole process (records
    go to the ``haven`` logger of :mod:`logging`): "error", "warn", "info",
    "debug", "trace" or directives such as "haven=info,haven::connection=debug";
    applied when the client is created; None leaves it ("info" unless set).
    The ``HAVEN_LOG`` environment variable wins over it. See
    :func:`haven.set_log_level`.
    """

    addresses: Sequence[str]
    role_check_interval_ms: int = _default_int("StandaloneDeployment.role_check_interval_ms")
    request_timeout_ms: int = _default_int("ClientConfig.request_timeout_ms")
    read_from: str = _default_str("ClientConfig.read_from")
    client_az: Optional[str] = None
    node_az: Mapping[str, str] = field(default_factory=dict)
    lazy_connect: bool = False
    inflight_limit: int = _default_int("ClientConfig.inflight_limit")
    connection_timeout_ms: int = _default_int("ConnectionSettings.connection_timeout_ms")
    reconnect: Backoff = field(default_factory=Backoff)
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    tls: Optional[TlsConfig] = None
    database: int = 0
    client_name: Optional[str] = None
    protocol: str = _default_str("ConnectionSettings.protocol")
    heartbeat_interval_ms: int = _default_int("ConnectionSettings.heartbeat_interval_ms")
    heartbeat_timeout_ms: int = _default_int("ConnectionSettings.heartbeat_timeout_ms")
    tcp_keepalive_ms: int = _default_int("ConnectionSettings.tcp_keepalive_ms")
    tcp_user_timeout_ms: int = _default_int("ConnectionSettings.tcp_user_timeout_ms")
    cache: Optional[ClientCache] = None
    coalesce_reads: bool = False
    fail_fast: bool = False
    max_dedicated_connections: Optional[int] = None
    dedicated_idle_ms: Optional[int] = None
    log_level: Optional[str] = None

    def __post_init__(self) -> None:
        _addresses("addresses", self.addresses)
        _int("role_check_interval_ms", self.role_check_interval_ms)
        _check_common(self)

    def _to_dict(self) -> Dict[str, Any]:
        return {"kind": "standalone", **_to_dict(self)}


@dataclass
class ClusterConfig:
    """A Redis/Valkey cluster reached through any of its ``seeds``.

    ``refresh_interval_ms``: periodic topology check (0 off);
    ``address_map``: announced "host:port" -> reachable "host:port" (NAT);
    ``max_redirects``: MOVED/ASK followed per request before ClusterError.
    The common settings are those of :class:`StandaloneConfig`; ``database``
    other than 0 needs numbered databases in cluster mode (Valkey 9+ with
    ``cluster-databases``; a server that refuses SELECT makes connect raise
    ConfigError naming ``connection.database``).
    """

    seeds: Sequence[str]
    refresh_interval_ms: int = _default_int("ClusterDeployment.refresh_interval_ms")
    address_map: Mapping[str, str] = field(default_factory=dict)
    max_redirects: int = _default_int("ClusterDeployment.max_redirects")
    request_timeout_ms: int = _default_int("ClientConfig.request_timeout_ms")
    read_from: str = _default_str("ClientConfig.read_from")
    client_az: Optional[str] = None
    node_az: Mapping[str, str] = field(default_factory=dict)
    lazy_connect: bool = False
    inflight_limit: int = _default_int("ClientConfig.inflight_limit")
    connection_timeout_ms: int = _default_int("ConnectionSettings.connection_timeout_ms")
    reconnect: Backoff = field(default_factory=Backoff)
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    tls: Optional[TlsConfig] = None
    database: int = 0
    client_name: Optional[str] = None
    protocol: str = _default_str("ConnectionSettings.protocol")
    heartbeat_interval_ms: int = _default_int("ConnectionSettings.heartbeat_interval_ms")
    heartbeat_timeout_ms: int = _default_int("ConnectionSettings.heartbeat_timeout_ms")
    tcp_keepalive_ms: int = _default_int("ConnectionSettings.tcp_keepalive_ms")
    tcp_user_timeout_ms: int = _default_int("ConnectionSettings.tcp_user_timeout_ms")
    cache: Optional[ClientCache] = None
    coalesce_reads: bool = False
    fail_fast: bool = False
    max_dedicated_connections: Optional[int] = None
    dedicated_idle_ms: Optional[int] = None
    log_level: Optional[str] = None

    def __post_init__(self) -> None:
        _addresses("seeds", self.seeds)
        _int("refresh_interval_ms", self.refresh_interval_ms)
        _str_map("address_map", self.address_map)
        _int("max_redirects", self.max_redirects)
        _check_common(self)

    def _to_dict(self) -> Dict[str, Any]:
        return {"kind": "cluster", **_to_dict(self)}


@dataclass
class SentinelConfig:
    """A primary and replicas found through Redis Sentinel: ``sentinels``
    ("host:port") monitor ``master_name``. ``sentinel_username``,
    ``sentinel_password`` and ``sentinel_tls`` apply to the Sentinels; the
    common settings (see :class:`StandaloneConfig`) to the data nodes.
    """

    sentinels: Sequence[str]
    master_name: str
    sentinel_username: Optional[str] = None
    sentinel_password: Optional[str] = field(default=None, repr=False)
    sentinel_tls: Optional[TlsConfig] = None
    request_timeout_ms: int = _default_int("ClientConfig.request_timeout_ms")
    read_from: str = _default_str("ClientConfig.read_from")
    client_az: Optional[str] = None
    node_az: Mapping[str, str] = field(default_factory=dict)
    lazy_connect: bool = False
    inflight_limit: int = _default_int("ClientConfig.inflight_limit")
    connection_timeout_ms: int = _default_int("ConnectionSettings.connection_timeout_ms")
    reconnect: Backoff = field(default_factory=Backoff)
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)
    tls: Optional[TlsConfig] = None
    database: int = 0
    client_name: Optional[str] = None
    protocol: str = _default_str("ConnectionSettings.protocol")
    heartbeat_interval_ms: int = _default_int("ConnectionSettings.heartbeat_interval_ms")
    heartbeat_timeout_ms: int = _default_int("ConnectionSettings.heartbeat_timeout_ms")
    tcp_keepalive_ms: int = _default_int("ConnectionSettings.tcp_keepalive_ms")
    tcp_user_timeout_ms: int = _default_int("ConnectionSettings.tcp_user_timeout_ms")
    cache: Optional[ClientCache] = None
    coalesce_reads: bool = False
    fail_fast: bool = False
    max_dedicated_connections: Optional[int] = None
    dedicated_idle_ms: Optional[int] = None
    log_level: Optional[str] = None

    def __post_init__(self) -> None:
        _addresses("sentinels", self.sentinels)
        _str("master_name", self.master_name)
        _str("sentinel_username", self.sentinel_username, optional=True)
        _str("sentinel_password", self.sentinel_password, optional=True)
        _instance("sentinel_tls", self.sentinel_tls, TlsConfig, optional=True)
        _check_common(self)

    def _to_dict(self) -> Dict[str, Any]:
        return {"kind": "sentinel", **_to_dict(self)}


# ---------------------------------------------------------- multi-endpoint --


@dataclass
class HealthCheck:
    """How an endpoint's health is probed: ``kind`` is "ping", "info", "http"
    or "none"; ``probes`` probes every ``interval_ms``, each failing after
    ``timeout_ms``, judged by ``probe_policy`` ("all", "majority", "any")."""

    kind: str = _default_str("HealthCheck.kind")
    interval_ms: int = _default_int("HealthCheck.interval_ms")
    timeout_ms: int = _default_int("HealthCheck.timeout_ms")
    probes: int = _default_int("HealthCheck.probes")
    probe_policy: str = _default_str("HealthCheck.probe_policy")
    http_url: Optional[str] = None

    def __post_init__(self) -> None:
        _str("health_check.kind", self.kind)
        _int("health_check.interval_ms", self.interval_ms)
        _int("health_check.timeout_ms", self.timeout_ms)
        _int("health_check.probes", self.probes)
        _str("health_check.probe_policy", self.probe_policy)
        _str("health_check.http_url", self.http_url, optional=True)

    def _to_dict(self) -> Dict[str, Any]:
        return _to_dict(self)


@dataclass
class CircuitBreaker:
    """Opens an endpoint's circuit on live-traffic failures: a
    ``failure_rate`` over ``window_ms`` (with at least ``minimum_failures``),
    or ``consecutive_failures`` in a row (0 off); half-open after
    ``half_open_after_ms``."""

    window_ms: int = _default_int("CircuitBreaker.window_ms")
    failure_rate: float = _default_float("CircuitBreaker.failure_rate")
    minimum_failures: int = _default_int("CircuitBreaker.minimum_failures")
    consecutive_failures: int = _default_int("CircuitBreaker.consecutive_failures")
    half_open_after_ms: int = _default_int("CircuitBreaker.half_open_after_ms")

    def __post_init__(self) -> None:
        _int("circuit_breaker.window_ms", self.window_ms)
        _number("circuit_breaker.failure_rate", self.failure_rate)
        _int("circuit_breaker.minimum_failures", self.minimum_failures)
        _int("circuit_breaker.consecutive_failures", self.consecutive_failures)
        _int("circuit_breaker.half_open_after_ms", self.half_open_after_ms)

    def _to_dict(self) -> Dict[str, Any]:
        return _to_dict(self)


SingleConfig = Union[StandaloneConfig, ClusterConfig, SentinelConfig]


#: A custom health check: ``check(endpoint_name)`` returns whether the
#: endpoint is healthy, or an awaitable of that (see haven._health).
HealthCheckFn = Callable[[str], Union[bool, Awaitable[bool]]]


@dataclass
class Endpoint:
    """One endpoint of a multi-endpoint deployment: its own deployment
    ``config``, a ``weight`` (higher is preferred) and an optional health
    check overriding the deployment-wide one: a :class:`HealthCheck`, or a
    Python callable ``check(endpoint_name) -> bool`` (sync or async), which
    is polled every 500 ms with a 300 ms deadline (for other figures use
    ``HealthCheck(kind="custom", ...)`` and ``client.set_health_check``).
    A check that raises or overruns counts as unhealthy."""

    name: str
    config: SingleConfig
    weight: float = _default_float("Endpoint.weight")
    health_check: Optional[Union[HealthCheck, HealthCheckFn]] = None

    def __post_init__(self) -> None:
        _str("endpoint.name", self.name)
        if not isinstance(self.config, (StandaloneConfig, ClusterConfig, SentinelConfig)):
            raise _type_error(
                f"endpoint {self.name!r}: config",
                "haven.StandaloneConfig, ClusterConfig or SentinelConfig",
                self.config,
            )
        _number("endpoint.weight", self.weight)
        if not callable(self.health_check):
            _instance("endpoint.health_check", self.health_check, HealthCheck, optional=True)

    def _health(self) -> Optional[HealthCheck]:
        """The health check the engine runs (a callable: kind "custom")."""
        if callable(self.health_check):
            return HealthCheck(kind="custom", probes=1, probe_policy="all")
        return self.health_check

    def _to_dict(self) -> Dict[str, Any]:
        out = _to_dict(self)
        health = self._health()
        out["health_check"] = None if health is None else health._to_dict()
        return out


@dataclass
class MultiEndpointConfig:
    """Several weighted endpoints (each a standalone, cluster or Sentinel
    deployment) with a circuit breaker, health checks, failover to the next
    healthy endpoint and failback after ``failback_grace_ms`` (0 off).
    ``startup_policy``: "one", "majority" or "all" endpoints healthy before
    the client is ready."""

    endpoints: Sequence[Endpoint]
    circuit_breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    health_check: HealthCheck = field(default_factory=HealthCheck)
    failback_grace_ms: int = _default_int("MultiEndpointDeployment.failback_grace_ms")
    startup_policy: str = _default_str("MultiEndpointDeployment.startup_policy")
    retry_writes_on_failover: bool = False
    request_timeout_ms: int = _default_int("ClientConfig.request_timeout_ms")
    inflight_limit: int = _default_int("ClientConfig.inflight_limit")
    lazy_connect: bool = False
    cache: Optional[ClientCache] = None
    coalesce_reads: bool = False
    fail_fast: bool = False
    log_level: Optional[str] = None

    def __post_init__(self) -> None:
        if isinstance(self.endpoints, (str, bytes)) or not isinstance(self.endpoints, (list, tuple)):
            raise _type_error("endpoints", "a list of haven.Endpoint", self.endpoints)
        for i, e in enumerate(self.endpoints):
            _instance(f"endpoints[{i}]", e, Endpoint)
        _instance("circuit_breaker", self.circuit_breaker, CircuitBreaker)
        _instance("health_check", self.health_check, HealthCheck)
        _int("failback_grace_ms", self.failback_grace_ms)
        _str("startup_policy", self.startup_policy)
        _bool("retry_writes_on_failover", self.retry_writes_on_failover)
        _int("request_timeout_ms", self.request_timeout_ms)
        _int("inflight_limit", self.inflight_limit)
        _bool("lazy_connect", self.lazy_connect)
        _instance("cache", self.cache, ClientCache, optional=True)
        _bool("coalesce_reads", self.coalesce_reads)
        _bool("fail_fast", self.fail_fast)
        _str("log_level", self.log_level, optional=True)

    def _to_dict(self) -> Dict[str, Any]:
        return {"kind": "multi_endpoint", **_to_dict(self)}


#: Any configuration a client accepts.
Config = Union[StandaloneConfig, ClusterConfig, SentinelConfig, MultiEndpointConfig]

_CONFIG_TYPES = (StandaloneConfig, ClusterConfig, SentinelConfig, MultiEndpointConfig)

_URL_KINDS: Dict[str, Any] = {"standalone": StandaloneConfig, "cluster": ClusterConfig, "sentinel": SentinelConfig}


def config_from_url(
    url: str, **overrides: Any
) -> Union[StandaloneConfig, ClusterConfig, SentinelConfig]:
    """The configuration a connection URL describes, with ``overrides``
    (any field of the configuration class) taking precedence over the URL:

    - ``redis://[[user]:password@]host[:port][,host2[:port2]...][/db][?option=value&...]``
    - ``rediss://``, ``valkey://``, ``valkeys://`` (the "s" forms turn TLS on)
    - ``unix:///path/to/redis.sock?db=N`` (a unix domain socket; user and
      password before the path as ``unix://user:pw@/path`` or as query options)

    Hosts default to port 6379 (26379 for Sentinels). Query options: ``db``,
    ``protocol`` (2, 3, resp2, resp3), ``client_name``,
    ``request_timeout_ms``, ``connection_timeout_ms``, ``read_from``,
    ``lazy_connect``, ``cluster=true`` (a :class:`ClusterConfig` with the
    hosts as seeds), ``master_name=NAME`` (a :class:`SentinelConfig` with
    the hosts as Sentinels). User and password are percent-decoded.

    Raises ConfigError naming the part of the URL that is wrong (never
    showing the password), TypeError for an override of the wrong type or
    name.
    """
    from . import _haven

    _str("url", url)
    settings = _haven.url_settings(url)
    cls = _URL_KINDS[settings.pop("kind")]
    if settings.pop("tls", False) and "tls" not in overrides:
        settings["tls"] = TlsConfig()
    settings.update(overrides)
    return cls(**settings)  # type: ignore[no-any-return]

#: A credential provider: a plain function returning ``(username, password)``,
#: ``(password,)`` or a password str (or an object with ``username`` and
#: ``password``), or a redis-py ``CredentialProvider`` (``get_credentials()``).
CredentialProviderT = Any


def _check_credential_provider(provider: Any, refresh_ms: Any) -> None:
    """The arguments of ``connect(credential_provider=..., credential_refresh_ms=...)``."""
    if provider is not None:
        method = getattr(provider, "get_credentials", None)
        target = method if callable(method) else provider
        if not callable(target):
            raise TypeError(
                "credential_provider: expected a function or an object with get_credentials(), "
                f"got {type(provider).__name__}"
            )
        if inspect.iscoroutinefunction(target):
            raise TypeError("credential_provider: must be a plain function (it runs on an engine thread), not async")
    if refresh_ms is not None:
        if isinstance(refresh_ms, bool) or not isinstance(refresh_ms, int):
            raise TypeError(f"credential_refresh_ms: expected an int, got {type(refresh_ms).__name__}")
        if provider is None:
            raise ConfigError("credential_refresh_ms: needs a credential_provider")
        if refresh_ms < 100:
            raise ConfigError(f"credential_refresh_ms: at least 100 (or None), got {refresh_ms}")


def _native(config: object) -> Dict[str, Any]:
    """The dict the native side converts into proto's ClientConfig."""
    if not isinstance(config, _CONFIG_TYPES):
        raise _type_error(
            "config",
            "haven.StandaloneConfig, ClusterConfig, SentinelConfig or MultiEndpointConfig",
            config,
        )
    # Dataclasses are mutable: check again what may have changed since.
    config.__post_init__()
    # Every client is made from this: the engine's logs reach `logging`
    # from the first one on.
    from . import _logs

    _logs.ensure_started()
    return config._to_dict()


def _custom_checks(config: object) -> Dict[str, HealthCheckFn]:
    """The endpoints given a Python callable as their health check."""
    if not isinstance(config, MultiEndpointConfig):
        return {}
    return {e.name: e.health_check for e in config.endpoints if callable(e.health_check)}


def _effective_health(config: "MultiEndpointConfig", endpoint: Endpoint) -> HealthCheck:
    return endpoint._health() or config.health_check
