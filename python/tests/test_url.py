"""Connecting by URL: ``Client.from_url`` / ``SyncClient.from_url`` and
``haven.config_from_url`` for every scheme (redis, rediss, valkey, valkeys,
unix), credentials, databases and query options, cluster and Sentinel URLs,
overrides taking precedence, and bad URLs as ConfigError naming the part."""

from __future__ import annotations

import pytest

import haven
from conftest import (
    AUTH,
    CLUSTER,
    MASTER_NAME,
    SENTINELS,
    SERVERS_DIR,
    STANDALONE,
    TLS,
    async_test,
    cli,
    key,
    needs_tls,
)


def socket(port: int) -> str:
    return str(SERVERS_DIR / str(port) / "redis.sock")


def client_info(raw: bytes) -> set:
    return set(raw.decode().split())


@async_test
async def test_every_scheme_and_socket(servers) -> None:
    servers("standalone")
    servers("auth")
    k = key("url")
    cases = [
        (f"redis://127.0.0.1:{STANDALONE}/11?client_name=py-url", {"db=11", "name=py-url"}),
        (f"valkey://127.0.0.1:{STANDALONE}?db=11&protocol=2", {"db=11", "resp=2"}),
        (f"unix://{socket(STANDALONE)}?db=11", {"db=11"}),
        (f"redis://:hunter2@127.0.0.1:{AUTH}/11", {"user=default"}),
        (f"redis://app:app%70ass@127.0.0.1:{AUTH}/11", {"user=app"}),
        (f"unix://app:apppass@{socket(AUTH)}?db=11", {"user=app"}),
    ]
    for url, fields in cases:
        async with await haven.Client.from_url(url) as c:
            assert await c.set(k, url) is True
            assert await c.get(k) == url.encode()
            info = client_info(await c.custom_command(["CLIENT", "INFO"]))
            assert fields <= info, (url, info)
        assert cli(STANDALONE if "6400" in url or socket(STANDALONE) in url else AUTH, "GET", k) == url
    with haven.SyncClient.from_url(f"unix://{socket(STANDALONE)}?db=11", decode_responses=True) as s:
        assert s.get(k) == cases[2][0]


@async_test
async def test_overrides_take_precedence_over_the_url(servers) -> None:
    servers("standalone")
    config = haven.config_from_url(f"redis://127.0.0.1:{STANDALONE}/3?request_timeout_ms=100", request_timeout_ms=900)
    assert isinstance(config, haven.StandaloneConfig)
    assert (config.addresses, config.database, config.request_timeout_ms) == ([f"127.0.0.1:{STANDALONE}"], 3, 900)
    async with await haven.Client.from_url(
        f"redis://127.0.0.1:{STANDALONE}/3", database=11, client_name="override"
    ) as c:
        assert {"db=11", "name=override"} <= client_info(await c.custom_command(["CLIENT", "INFO"]))
    with pytest.raises(TypeError, match="no_such_setting"):
        haven.config_from_url(f"redis://127.0.0.1:{STANDALONE}", no_such_setting=1)
    with pytest.raises(TypeError, match="request_timeout_ms"):
        haven.config_from_url(f"redis://127.0.0.1:{STANDALONE}", request_timeout_ms="fast")


@async_test
async def test_cluster_and_sentinel_urls(servers) -> None:
    servers("cluster")
    servers("sentinel")
    seeds = ",".join(f"127.0.0.1:{p}" for p in CLUSTER[:2])
    config = haven.config_from_url(f"redis://{seeds}?cluster=true&read_from=prefer_replica")
    assert isinstance(config, haven.ClusterConfig) and config.read_from == "prefer_replica"
    async with await haven.Client.from_url(f"redis://{seeds}?cluster=true", request_timeout_ms=3000) as c:
        keys = [key(f"url-cluster-{i}") for i in range(20)]
        for k in keys:
            assert await c.set(k, k) is True
        assert [await c.get(k) for k in keys] == [k.encode() for k in keys]
    sentinels = ",".join(f"127.0.0.1:{p}" for p in SENTINELS)
    async with await haven.Client.from_url(
        f"redis://{sentinels}/11?master_name={MASTER_NAME}", request_timeout_ms=3000
    ) as c:
        assert (await c.custom_command(["ROLE"]))[0] == b"master"
        assert await c.set(key("url-sentinel"), "v") is True


@needs_tls
@async_test
async def test_rediss_turns_tls_on(servers) -> None:
    servers("tls")
    ca = (SERVERS_DIR / "tls" / "ca.crt").read_bytes()
    # The scheme turns TLS on; the CA comes as an override.
    for scheme in ("rediss", "valkeys"):
        async with await haven.Client.from_url(
            f"{scheme}://localhost:{TLS}", tls=haven.TlsConfig(ca_cert_pem=ca), request_timeout_ms=3000
        ) as c:
            assert await c.ping() is True
    # Without the test CA the server's certificate is refused: TLS was on.
    with pytest.raises(haven.ConnectionError, match="TLS"):
        await haven.Client.from_url(f"rediss://localhost:{TLS}")
    # Plain redis:// to the TLS port does not speak TLS.
    with pytest.raises(haven.HavenError):
        await haven.Client.from_url(f"redis://localhost:{TLS}?connection_timeout_ms=1000", request_timeout_ms=1000)


@pytest.mark.parametrize(
    "url, part",
    [
        ("127.0.0.1:6400", "url: scheme"),
        ("redis:/127.0.0.1", "url: scheme"),
        ("http://127.0.0.1:6400", "url: scheme"),
        ("redis://", "url: host: missing"),
        ("redis://127.0.0.1:0", "port 0"),
        ("redis://127.0.0.1:65536", "not a valid port"),
        ("redis://127.0.0.1:six", "not a number"),
        ("redis://127.0.0.1/zero", "url: database (path)"),
        ("redis://127.0.0.1?db=-2", "url: query option db"),
        ("redis://127.0.0.1?protocol=4", "url: query option protocol"),
        ("redis://127.0.0.1?colour=blue", "url: query option colour: unknown"),
        ("redis://127.0.0.1?cluster=maybe", "url: query option cluster"),
        ("redis://::1", "brackets"),
        ("redis://user@127.0.0.1?cluster=1&master_name=m", "exclude each other"),
        ("unix://relative.sock", "url: path"),
        ("rediss:///tmp/x.sock", "url: host"),
    ],
)
def test_bad_urls_are_config_errors_naming_the_part(url: str, part: str) -> None:
    with pytest.raises(haven.ConfigError) as err:
        haven.config_from_url(url)
    assert part in str(err.value)
    with pytest.raises(haven.ConfigError):
        haven.SyncClient.from_url(url)


def test_the_password_never_shows() -> None:
    for url in ("redis://u:s3cret-pw@h:0", "redis://u:s3cret-pw@h?x=1", "redis://:s3cret-pw@h/db"):
        with pytest.raises(haven.ConfigError) as err:
            haven.config_from_url(url)
        assert "s3cret-pw" not in str(err.value), str(err.value)
    assert "s3cret-pw" not in repr(haven.config_from_url("redis://:s3cret-pw@h"))
