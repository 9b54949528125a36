"""Bad use of the HA and pub/sub calls gives Python exceptions naming the
argument or the problem: HA calls on a client that is not multi-endpoint,
wrong types, unknown endpoints, a closed client; a health check that is not
callable in the configuration."""

from __future__ import annotations

import pytest

import haven
from conftest import REGIONS, async_test, config


def test_endpoint_health_check_must_be_a_check_or_callable() -> None:
    with pytest.raises(TypeError, match="endpoint.health_check"):
        haven.Endpoint("a", config(), health_check="ping")  # type: ignore[arg-type]
    e = haven.Endpoint("a", config(), health_check=lambda name: True)
    assert e._to_dict()["health_check"]["kind"] == "custom"


@async_test
async def test_ha_calls_on_a_standalone_client(standalone_server: None) -> None:
    async with await haven.Client.connect(config()) as client:
        with pytest.raises(haven.ConfigError, match="failover_to"):
            await client.failover_to("a")
        with pytest.raises(haven.ConfigError, match="active_endpoint"):
            client.active_endpoint
        with pytest.raises(haven.ConfigError, match="endpoint_health"):
            client.endpoint_health()
        with pytest.raises(haven.ConfigError, match="set_health_check"):
            client.set_health_check("a", lambda n: True)
        with pytest.raises(haven.ConfigError, match="add_endpoint"):
            await client.add_endpoint(haven.Endpoint("x", config()))


def test_sync_ha_calls_on_a_standalone_client(standalone_server: None) -> None:
    with haven.SyncClient.connect(config()) as client:
        with pytest.raises(haven.ConfigError, match="set_weight"):
            client.set_weight("a", 1.0)
        with pytest.raises(TypeError, match="weight"):
            client.set_weight("a", None)  # type: ignore[arg-type]
        with pytest.raises(haven.ConfigError, match="remove_endpoint"):
            client.remove_endpoint("a")


@async_test
async def test_ha_calls_on_a_closed_client(servers) -> None:  # type: ignore[no-untyped-def]
    servers("regions")
    cfg = haven.MultiEndpointConfig(
        [haven.Endpoint("a", haven.StandaloneConfig([f"127.0.0.1:{REGIONS[0]}"]))]
    )
    client = await haven.Client.connect(cfg)
    assert client.active_endpoint == "a"
    with pytest.raises(haven.ConfigError, match="kind 'ping'"):
        client.set_health_check("a", lambda n: True)
    await client.close()
    with pytest.raises(haven.ClosingError):
        await client.failover_to("a")
    with pytest.raises(haven.ClosingError):
        client.endpoint_health()
    with pytest.raises(haven.ClosingError):
        await client.add_endpoint(haven.Endpoint("b", haven.StandaloneConfig([f"127.0.0.1:{REGIONS[1]}"])))
    sync = haven.SyncClient.connect(cfg)
    sync.close()
    with pytest.raises(haven.ClosingError):
        sync.failover_to("a")
