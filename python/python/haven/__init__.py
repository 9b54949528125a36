"""haven: a high-availability Redis/Valkey client with a Rust engine.

.. code-block:: python

    import haven

    client = await haven.Client.connect(haven.StandaloneConfig(addresses=["localhost:6379"]))
    await client.set("greeting", "hello")
    print(await client.get("greeting"))      # b'hello'
    await client.close()

``haven.SyncClient`` is the blocking twin. Configuration classes mirror the
engine's protobuf contract (proto/haven.proto); errors are
:class:`HavenError` subclasses named as in every haven binding.
"""

from __future__ import annotations

import os

from . import _haven
from .client import Client, EventCallback
from .config import (
    Backoff,
    CircuitBreaker,
    ClientCache,
    ClusterConfig,
    Config,
    Endpoint,
    HealthCheck,
    MultiEndpointConfig,
    SentinelConfig,
    StandaloneConfig,
    TlsConfig,
    config_from_url,
)
from ._ha import EndpointHealth
from .config import HealthCheckFn
from .events import EVENT_KINDS, Event, NodeInfo
from .exceptions import (
    BackpressureError,
    ClosingError,
    ClusterError,
    ConfigError,
    ConnectionError,
    HavenError,
    NoHealthyEndpointError,
    ResponseError,
    TimeoutError,
    WatchError,
    InternalError,
)
from ._logs import TRACE, set_log_level
from . import telemetry
from .pipeline import AsyncPipeline, Pipeline
from .pubsub import MESSAGE_KINDS, ChannelT, Message
from .script import AsyncScript, Script
from .sync import SyncClient, SyncEventCallback

__version__: str = _haven.__version__

# Clients survive os.fork(): see _fork.py (registers the at-fork hooks).
from . import _fork  # noqa: E402,F401


def configure_runtime(worker_threads: int) -> None:
    """Sizes the engine's thread pool (0: one thread per core). The default
    is one per core minus the core the interpreter's thread keeps busy, at
    least one. Call it before the first client connects; afterwards it raises
    ConfigError. The environment variable ``HAVEN_ENGINE_THREADS`` sets it
    at import."""
    if isinstance(worker_threads, bool) or not isinstance(worker_threads, int):
        raise TypeError(f"worker_threads: expected an int, got {type(worker_threads).__name__}")
    _haven.configure_runtime(worker_threads)


def _configure_runtime_from_environment() -> None:
    text = os.environ.get("HAVEN_ENGINE_THREADS", "").strip()
    if not text:
        return
    try:
        threads = int(text)
    except ValueError:
        raise ConfigError(f"HAVEN_ENGINE_THREADS: expected a number of threads, got {text!r}") from None
    if threads < 0:
        raise ConfigError(f"HAVEN_ENGINE_THREADS: must be >= 0, got {threads}")
    configure_runtime(threads)


_configure_runtime_from_environment()


__all__ = [
    "Client",
    "SyncClient",
    "AsyncPipeline",
    "Pipeline",
    "AsyncScript",
    "Script",
    "Config",
    "StandaloneConfig",
    "ClusterConfig",
    "SentinelConfig",
    "MultiEndpointConfig",
    "ClientCache",
    "Endpoint",
    "CircuitBreaker",
    "HealthCheck",
    "HealthCheckFn",
    "EndpointHealth",
    "Message",
    "MESSAGE_KINDS",
    "ChannelT",
    "Backoff",
    "TlsConfig",
    "Event",
    "EVENT_KINDS",
    "EventCallback",
    "SyncEventCallback",
    "NodeInfo",
    "HavenError",
    "ResponseError",
    "TimeoutError",
    "ConnectionError",
    "ClusterError",
    "NoHealthyEndpointError",
    "BackpressureError",
    "ClosingError",
    "ConfigError",
    "WatchError",
    "InternalError",
    "configure_runtime",
    "set_log_level",
    "TRACE",
    "config_from_url",
    "__version__",
]
