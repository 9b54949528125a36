"""haven's exceptions: one class per engine error kind (the same names in
every haven language binding), all under :class:`HavenError`.

Each carries the engine's message: the server's text, the node, or the
configuration field that was wrong.
"""

from __future__ import annotations

__all__ = [
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
]


class HavenError(Exception):
    """Base class of every error haven raises (besides TypeError/ValueError
    for arguments of the wrong type or shape)."""

    @property
    def message(self) -> str:
        """The engine's message."""
        return str(self.args[0]) if self.args else ""


class ResponseError(HavenError):
    """The server answered with an error (ERR, WRONGTYPE, NOSCRIPT, EXECABORT...).

    Inside a pipeline's or transaction's result list, a failed command's
    entry is a ResponseError instance instead of a raised exception.
    """


class TimeoutError(HavenError):  # noqa: A001 - the contract's name
    """The request's deadline (request_timeout_ms) passed."""


class ConnectionError(HavenError):  # noqa: A001 - the contract's name
    """A node could not be reached, refused the handshake, or the link was lost."""


class ClusterError(HavenError):
    """Cluster trouble: redirects exhausted, CLUSTERDOWN, cross-slot keys."""


class NoHealthyEndpointError(HavenError):
    """Multi-endpoint deployments: no endpoint is healthy."""


class BackpressureError(HavenError):
    """More requests in flight than inflight_limit allows."""


class ClosingError(HavenError):
    """The client is closed or closing."""


class ConfigError(HavenError, ValueError):
    """Bad configuration or bad input; the message names the field."""


class WatchError(HavenError):
    """A transaction's EXEC was aborted because a key WATCHed in its session
    changed (``pipe.watch(...)`` then ``pipe.execute()``): nothing of the
    transaction ran. Read the keys again and retry."""


class InternalError(HavenError):
    """Something failed inside haven's engine (a bug): the request ended
    with this error instead of never completing."""
