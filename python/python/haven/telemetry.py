"""OpenTelemetry traces and metrics from haven's engine, for the whole
process.

.. code-block:: python

    import haven.telemetry
    haven.telemetry.init(endpoint="http://collector:4318", sample_percentage=1.0)

Spans (one per command, named after it, with ``db.system.name``,
``db.operation.name``, ``server.address``, ``server.port`` and
``error.type``; events for retries, redirects, parking) and metrics
(``db.client.operation.duration`` by command and outcome, and
``haven.client.*`` counters) are exported over OTLP, HTTP/protobuf or gRPC,
by the engine's exporter threads. Argument values are never recorded. With no
``endpoint`` the standard ``OTEL_EXPORTER_OTLP_ENDPOINT`` (and the other
``OTEL_*`` variables, ``OTEL_EXPORTER_OTLP_PROTOCOL`` among them) apply. ``Client.stats()`` gives the same metrics
without a collector.
"""

from __future__ import annotations

from typing import Optional

from . import _haven

__all__ = ["init", "flush", "enabled"]


def init(
    endpoint: Optional[str] = None,
    sample_percentage: float = 1.0,
    flush_interval_ms: int = 5000,
    service_name: Optional[str] = None,
    protocol: Optional[str] = None,
) -> None:
    """Turns OpenTelemetry on for the process, once. ``endpoint`` is the
    OTLP receiver's base URL (for ``"http/protobuf"``, the default,
    ``/v1/traces`` and ``/v1/metrics`` are added; for ``"grpc"`` it is the
    collector's gRPC address, e.g. ``http://collector:4317``);
    ``sample_percentage`` (0 to 100) of the commands are traced; spans and
    metrics are sent every ``flush_interval_ms``. Raises ConfigError on bad
    settings or a second call."""
    if protocol is not None and not isinstance(protocol, str):
        raise TypeError(f"protocol: expected a str, got {type(protocol).__name__}")
    if isinstance(flush_interval_ms, bool) or not isinstance(flush_interval_ms, int):
        raise TypeError(f"flush_interval_ms: expected an int, got {type(flush_interval_ms).__name__}")
    if flush_interval_ms < 0:
        raise _config_error(f"telemetry flush_interval_ms: at least 1 (got {flush_interval_ms})")
    _haven.telemetry_init(endpoint, float(sample_percentage), flush_interval_ms, service_name, protocol)


def flush() -> None:
    """Sends the buffered spans and a metrics collection now."""
    _haven.telemetry_flush()


def enabled() -> bool:
    """Whether init() ran in this process."""
    return _haven.telemetry_enabled()


def _config_error(message: str) -> Exception:
    from .exceptions import ConfigError

    return ConfigError(message)
