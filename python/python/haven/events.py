"""What the engine tells about the deployment: :class:`Event` (node
connected/disconnected, primary changed, failover, ...) and :class:`NodeInfo`
(one node's role and connection counters, from ``client.nodes()``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

__all__ = ["Event", "NodeInfo", "EVENT_KINDS"]

#: Every event kind name, as in proto/haven.proto's EventKind.
EVENT_KINDS = (
    "node_connected",
    "node_disconnected",
    "node_reconnect_failed",
    "primary_changed",
    "topology_changed",
    "failover",
    "failback",
    "circuit_opened",
    "circuit_half_open",
    "circuit_closed",
    "endpoint_healthy",
    "endpoint_unhealthy",
    "no_healthy_endpoint",
    "manual_switch",
)


@dataclass(frozen=True)
class Event:
    """An engine event.

    ``kind`` is one of :data:`EVENT_KINDS` (e.g. ``"node_disconnected"``);
    ``node`` is the "host:port" it concerns, ``endpoint`` the endpoint
    (multi-endpoint deployments), ``reason`` a message for people, ``time``
    seconds since the epoch (like ``time.time()``), ``from_``/``to`` the
    endpoints or nodes of a failover, failback or switch. Fields that do not
    apply are empty strings.
    """

    kind: str
    endpoint: str
    node: str
    reason: str
    time: float
    from_: str
    to: str

    @classmethod
    def _from_native(cls, t: Tuple[str, str, str, str, int, str, str]) -> "Event":
        kind, endpoint, node, reason, time_ms, from_, to = t
        return cls(kind, endpoint, node, reason, time_ms / 1000.0, from_, to)


@dataclass(frozen=True)
class NodeInfo:
    """A node of the deployment as the engine sees it."""

    address: str
    #: "primary", "replica" or "unknown"
    role: str
    availability_zone: Optional[str]
    connected: bool
    #: Successful connects, the first included.
    connects: int
    #: Reconnect attempts since the client started (successful or not).
    reconnect_attempts: int

    @classmethod
    def _from_native(cls, t: Tuple[str, str, Optional[str], bool, int, int]) -> "NodeInfo":
        return cls(*t)
