"""Checks shared by both clients' multi-endpoint calls (failover_to,
set_weight, set_health_check, ...): argument types, and the bookkeeping of
which endpoints exist and how their health is checked."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from .config import Config, Endpoint, HealthCheckFn, MultiEndpointConfig, _effective_health, _type_error
from .exceptions import ConfigError

__all__ = ["EndpointHealth", "Endpoints", "type_error"]

#: "name: expected X, got T value" (re-exported for the clients).
type_error = _type_error


class EndpointHealth(Tuple[str, bool, Optional[str]]):
    """One endpoint's health: ``name``, ``healthy`` (may take traffic:
    healthy with a closed circuit) and ``last_error`` (None if none yet)."""

    __slots__ = ()

    def __new__(cls, name: str, healthy: bool, last_error: Optional[str]) -> "EndpointHealth":
        return tuple.__new__(cls, (name, healthy, last_error))

    @property
    def name(self) -> str:
        return self[0]

    @property
    def healthy(self) -> bool:
        return self[1]

    @property
    def last_error(self) -> Optional[str]:
        return self[2]

    def __repr__(self) -> str:
        return f"EndpointHealth(name={self.name!r}, healthy={self.healthy!r}, last_error={self.last_error!r})"


def check_name(what: str, name: object) -> str:
    if not isinstance(name, str):
        raise _type_error(what, "an endpoint name (str)", name)
    return name


def check_bool(what: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _type_error(what, "a bool", value)
    return value


def check_weight(weight: object) -> float:
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        raise _type_error("weight", "a number", weight)
    return float(weight)


def check_callable(what: str, fn: object) -> HealthCheckFn:
    if not callable(fn):
        raise _type_error(what, "a callable", fn)
    return fn


class Endpoints:
    """The endpoints of a multi-endpoint client as configured (None for other
    deployments), to find each one's health check settings."""

    def __init__(self, config: Config) -> None:
        self.multi: Optional[MultiEndpointConfig] = config if isinstance(config, MultiEndpointConfig) else None
        self.by_name: Dict[str, Endpoint] = {e.name: e for e in self.multi.endpoints} if self.multi else {}

    def require_multi(self, what: str) -> MultiEndpointConfig:
        if self.multi is None:
            raise ConfigError(f"{what}: needs a multi-endpoint deployment (this client is not one)")
        return self.multi

    def custom_timeout_s(self, what: str, name: str) -> float:
        """The probe deadline of endpoint ``name``'s custom check; ConfigError
        if it has none."""
        multi = self.require_multi(what)
        endpoint = self.by_name.get(name)
        if endpoint is None:
            known = ", ".join(sorted(self.by_name))
            raise ConfigError(f"{what}: no endpoint named {name!r} (endpoints: {known})")
        health = _effective_health(multi, endpoint)
        if health.kind != "custom":
            raise ConfigError(
                f"{what}: endpoint {name!r} checks its health with kind {health.kind!r}; give it "
                'health_check=haven.HealthCheck(kind="custom", ...) (or a callable) to use a Python check'
            )
        return health.timeout_ms / 1000.0

    def added(self, endpoint: Endpoint) -> None:
        self.by_name[endpoint.name] = endpoint

    def removed(self, name: str) -> None:
        self.by_name.pop(name, None)

    def names(self) -> List[str]:
        return list(self.by_name)
