"""Connection settings end to end: AUTH (password and ACL user, wrong
password named), TLS with the test CA (and mutual TLS, and an untrusted CA
refused), and read_from="prefer_replica" sending reads to the replicas as
the servers' own INFO commandstats show."""

from __future__ import annotations

import pytest

import haven
from conftest import AUTH, REPLICAS, SERVERS_DIR, TLS, async_test, calls, cli, config, key, needs_tls


@async_test
async def test_auth_with_password_and_acl_user(servers) -> None:
    servers("auth")
    async with await haven.Client.connect(config(AUTH, database=0, password="hunter2", client_name="haven-py")) as c:
        assert await c.ping() is True
        assert await c.custom_command(["CLIENT", "GETNAME"]) == b"haven-py"
    with haven.SyncClient.connect(config(AUTH, database=0, username="app", password="apppass")) as s:
        assert s.custom_command(["ACL", "WHOAMI"]) == b"app"


@async_test
async def test_wrong_password_is_a_connection_error_naming_the_node(servers) -> None:
    servers("auth")
    with pytest.raises(haven.ConnectionError) as err:
        await haven.Client.connect(config(AUTH, database=0, password="wrong"))
    assert f"127.0.0.1:{AUTH}" in str(err.value) and "WRONGPASS" in str(err.value)
    with pytest.raises(haven.ConnectionError, match=f"127.0.0.1:{AUTH}"):
        haven.SyncClient.connect(config(AUTH, database=0, username="app", password="nope"))


def tls_config(**tls) -> haven.StandaloneConfig:
    return haven.StandaloneConfig([f"localhost:{TLS}"], tls=haven.TlsConfig(**tls), request_timeout_ms=3000)


@needs_tls
@async_test
async def test_tls_with_the_test_ca(servers) -> None:
    servers("tls")
    ca = (SERVERS_DIR / "tls" / "ca.crt").read_bytes()
    async with await haven.Client.connect(tls_config(ca_cert_pem=ca)) as c:
        k = key("tls")
        assert await c.set(k, "secret") is True
        assert await c.get(k) == b"secret"
    assert cli(TLS, "GET", k) == "secret"
    # Mutual TLS, PEM given as str.
    mutual = tls_config(
        ca_cert_pem=ca.decode(),
        client_cert_pem=(SERVERS_DIR / "tls" / "client.crt").read_text(),
        client_key_pem=(SERVERS_DIR / "tls" / "client.key").read_bytes(),
    )
    with haven.SyncClient.connect(mutual) as s:
        assert s.ping() is True
    # A server certificate from a CA we do not trust is refused.
    untrusted = tls_config(ca_cert_pem=(SERVERS_DIR / "tls" / "server.crt").read_bytes())
    with pytest.raises(haven.ConnectionError, match="TLS handshake failed"):
        await haven.Client.connect(untrusted)


@async_test
async def test_prefer_replica_reads_land_on_replicas(servers) -> None:
    servers("replicas")
    primary, r1, r2 = REPLICAS
    k = key("reads")
    cli(primary, "SET", k, "x", db=0)
    cli(primary, "WAIT", "2", "1000", db=0)
    cfg = haven.StandaloneConfig([f"127.0.0.1:{p}" for p in REPLICAS], read_from="prefer_replica", request_timeout_ms=3000)
    async with await haven.Client.connect(cfg) as client:
        roles = {n.address: n.role for n in client.nodes()}
        assert roles == {f"127.0.0.1:{primary}": "primary", f"127.0.0.1:{r1}": "replica", f"127.0.0.1:{r2}": "replica"}
        # GETRANGE: a read no other suite counts on these nodes.
        before = [calls(p, "getrange") for p in REPLICAS]
        for _ in range(40):
            assert await client.getrange(k, 0, 0) == b"x"
        after = [calls(p, "getrange") for p in REPLICAS]
        delta = [a - b for a, b in zip(after, before)]
        assert delta[0] == 0, f"reads reached the primary: {delta}"
        assert delta[1] + delta[2] == 40 and delta[1] > 0 and delta[2] > 0, delta
        # Writes go to the primary.
        before_primary = calls(primary, "setrange")
        await client.setrange(k, 1, "y")
        assert calls(primary, "setrange") - before_primary == 1
