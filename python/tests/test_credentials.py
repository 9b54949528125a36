"""A credential provider (``connect(credential_provider=...)``) on the
``auth`` group (6401): rotated credentials re-authenticate the live
connection in place while callers keep going (the same server-side client
runs as the new user), SyncClient refreshes on its own timer, redis-py
style providers work, and bad providers and arguments are named."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

import haven
from conftest import AUTH, async_test, await_until, cli, key, wait_until


def acl_user(name: str, password: str) -> str:
    user = f"py-rot-{name}-{os.getpid()}"
    assert cli(AUTH, "ACL", "SETUSER", user, "reset", "on", f">{password}", "~*", "&*", "+@all", db=0) == "OK"
    return user


def connection_ids(user: str) -> List[str]:
    return [
        line.split()[0]
        for line in cli(AUTH, "CLIENT", "LIST", db=0).splitlines()
        if f" user={user} " in line and "cmd=client|list" not in line
    ]


def config(**kwargs: Any) -> haven.StandaloneConfig:
    return haven.StandaloneConfig(addresses=[f"127.0.0.1:{AUTH}"], request_timeout_ms=2000, **kwargs)


@async_test
async def test_rotation_re_authenticates_the_live_connection(servers: Callable[[str], None]) -> None:
    servers("auth")
    first = acl_user("first", "first-secret")
    now: Dict[str, Tuple[Optional[str], str]] = {"creds": (first, "first-secret")}
    calls: List[int] = []

    def provider() -> Tuple[Optional[str], str]:
        calls.append(threading.get_ident())
        return now["creds"]

    client = await haven.Client.connect(config(), credential_provider=provider)
    try:
        assert len(calls) == 1
        assert threading.get_ident() not in calls, "the provider ran on an engine thread, not the loop"
        k = key("cred")
        assert await client.set(k, 0) is True
        before = connection_ids(first)
        assert len(before) == 1, before
        second = acl_user("second", "second-secret")
        errors: List[BaseException] = []
        done = asyncio.Event()

        async def caller() -> None:
            while not done.is_set():
                try:
                    await client.incr(k)
                except haven.HavenError as e:
                    errors.append(e)

        callers = [asyncio.create_task(caller()) for _ in range(8)]
        await asyncio.sleep(0.2)
        now["creds"] = (second, "second-secret")
        assert await client.refresh_credentials() is True
        await await_until("the connection re-authenticated as the new user", lambda: connection_ids(second) == before, 10)
        assert cli(AUTH, "ACL", "DELUSER", first, db=0) == "1"
        await asyncio.sleep(0.3)
        done.set()
        await asyncio.gather(*callers)
        assert not errors, f"{len(errors)} requests failed during the rotation: {errors[:3]}"
        assert int(cli(AUTH, "GET", k, db=0)) > 10
        assert await client.refresh_credentials() is False, "unchanged credentials are no change"
    finally:
        await client.close()
        cli(AUTH, "ACL", "DELUSER", first, db=0)
        cli(AUTH, "ACL", "DELUSER", f"py-rot-second-{os.getpid()}", db=0)


class VaultProvider:
    """redis-py's CredentialProvider shape: ``get_credentials()``."""

    def __init__(self, user: str, password: str) -> None:
        self.creds: Tuple[str, ...] = (user, password)
        self.asked = 0

    def get_credentials(self) -> Tuple[str, ...]:
        self.asked += 1
        return self.creds


def test_sync_client_refreshes_on_its_timer(servers: Callable[[str], None]) -> None:
    servers("auth")
    user = acl_user("timer", "timer-secret")
    vault = VaultProvider(user, "timer-secret")
    client = haven.SyncClient.connect(config(), credential_provider=vault, credential_refresh_ms=150)
    try:
        client.set(key("timer"), "v")
        # Refreshes run on engine threads while this thread sleeps.
        wait_until("three asks", lambda: vault.asked >= 3, 5)
        assert client.get(key("timer")) == b"v"
        assert client.refresh_credentials() is False
    finally:
        client.close()
        cli(AUTH, "ACL", "DELUSER", user, db=0)


@async_test
async def test_bad_providers_and_arguments_are_named(servers: Callable[[str], None]) -> None:
    servers("auth")

    def sealed() -> Tuple[str, str]:
        raise RuntimeError("the vault is sealed")

    with pytest.raises(haven.HavenError, match="the vault is sealed"):
        await haven.Client.connect(config(), credential_provider=sealed)
    with pytest.raises(haven.HavenError, match="expected .username, password."):
        await haven.Client.connect(config(), credential_provider=lambda: 42)
    with pytest.raises(TypeError, match="credential_provider"):
        await haven.Client.connect(config(), credential_provider="hunter2")  # type: ignore[arg-type]

    async def coroutine() -> Tuple[str, str]:
        return ("default", "hunter2")

    with pytest.raises(TypeError, match="not async"):
        await haven.Client.connect(config(), credential_provider=coroutine)
    with pytest.raises(haven.ConfigError, match="credential_refresh_ms"):
        await haven.Client.connect(config(), credential_provider=lambda: "hunter2", credential_refresh_ms=10)
    with pytest.raises(haven.ConfigError, match="credential provider"):
        await haven.Client.connect(config(password="hunter2"), credential_provider=lambda: "hunter2")
    # A password alone (the default user) works, and so does an object with
    # username/password attributes.
    class Creds:
        username = None
        password = "hunter2"

    client = await haven.Client.connect(config(), credential_provider=lambda: Creds())
    try:
        assert await client.ping() is True
    finally:
        await client.close()
    plain = await haven.Client.connect(config(password="hunter2"))
    try:
        with pytest.raises(haven.ConfigError, match="no credential provider"):
            await plain.refresh_credentials()
    finally:
        await plain.close()
    # No secret in the error of refused credentials.
    start = time.monotonic()
    with pytest.raises(haven.ConnectionError) as refused:
        await haven.Client.connect(config(), credential_provider=lambda: ("default", "not-the-password-xyz"))
    assert "not-the-password-xyz" not in str(refused.value)
    assert time.monotonic() - start < 30
