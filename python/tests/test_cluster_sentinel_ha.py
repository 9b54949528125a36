"""Cluster and Sentinel failovers from Python. Cluster: SIGKILL the primary
owning a key's slot; the client keeps serving (writes land on the promoted
replica) and a Python callback sees the topology/primary change; the node is
restarted afterwards. Sentinel: `SENTINEL FAILOVER havenprimary`; writes
continue on the new primary and the primary_changed event arrives. Both run
under the fault lock, and roles are discovered, never assumed."""

from __future__ import annotations

import asyncio
import time
from typing import List, Tuple

import pytest

import haven
from conftest import (
    CLUSTER,
    DB,
    REPLICAS,
    MASTER_NAME,
    SENTINELS,
    VALKEY,
    alive,
    async_test,
    await_until,
    cli,
    fault_lock,
    key,
    replicas_caught_up,
    sentinel_failover,
    sentinel_primary,
    servers_sh,
)

TOPOLOGY_KINDS = ("topology_changed", "primary_changed")


def cluster_primary_of(k: str) -> Tuple[int, str]:
    """(port, node id) of the primary serving key `k`, from the nodes' own
    CLUSTER NODES (asking any live node)."""
    for port in CLUSTER:
        slot_text = cli(port, "CLUSTER", "KEYSLOT", k, db=0)
        if not slot_text.isdigit():
            continue
        slot = int(slot_text)
        for line in cli(port, "CLUSTER", "NODES", db=0).splitlines():
            parts = line.split()
            if len(parts) < 9 or "master" not in parts[2] or "fail" in parts[2]:
                continue
            for r in parts[8:]:
                lo, _, hi = r.partition("-")
                if lo.isdigit() and int(lo) <= slot <= int(hi or lo):
                    return int(parts[1].split(":")[1].split("@")[0]), parts[0]
    raise AssertionError(f"no live primary serves {k}")


def cluster_ok() -> bool:
    return all("cluster_state:ok" in cli(p, "CLUSTER", "INFO", db=0) for p in CLUSTER if alive(p))


@async_test
async def test_cluster_primary_killed_client_keeps_serving(servers) -> None:  # type: ignore[no-untyped-def]
    servers("cluster")
    cfg = haven.ClusterConfig(
        [f"127.0.0.1:{p}" for p in CLUSTER[:3]],
        request_timeout_ms=1000,
        refresh_interval_ms=500,
        reconnect=haven.Backoff(base_ms=50, max_ms=300),
    )
    client = await haven.Client.connect(cfg)
    seen: List[haven.Event] = []
    client.on_event(seen.append)
    k = key("cluster-ha")
    assert await client.set(k, "before") is True
    with fault_lock():
        await await_until("cluster ok", cluster_ok, seconds=30)
        port, _ = cluster_primary_of(k)
        # The shard's replica has everything (one restarted by an earlier
        # test may still be syncing, and then neither takes over nor has the
        # keys).
        await await_until("the shard's replica in sync", lambda: replicas_caught_up(port), seconds=60)
        try:
            servers_sh("kill-node", str(port))
            t0 = time.monotonic()
            failed = 0

            async def write() -> bool:
                nonlocal failed
                try:
                    return bool(await client.set(k, "after"))
                except (haven.ConnectionError, haven.TimeoutError, haven.ClusterError):
                    failed += 1
                    return False

            await await_until("writes after the primary's death", write, seconds=30)
            print(f"\ncluster primary {port} killed: writes back after {time.monotonic() - t0:.2f} s ({failed} failed)")
            assert await client.get(k) == b"after"
            new_port, _ = cluster_primary_of(k)
            assert new_port != port
            e = await await_until(
                "a topology event", lambda: next((e for e in seen if e.kind in TOPOLOGY_KINDS), None)
            )
            assert e.reason and abs(e.time - time.time()) < 60
            assert any(e.kind == "node_disconnected" and e.node.endswith(f":{port}") for e in seen)
        finally:
            if not alive(port):
                servers_sh("restart-node", str(port))
            await await_until("cluster ok again", cluster_ok, seconds=30)
    assert await client.get(k) == b"after"
    await client.close()


@async_test
async def test_sentinel_failover_writes_continue(servers) -> None:  # type: ignore[no-untyped-def]
    servers("sentinel")
    cfg = haven.SentinelConfig(
        [f"127.0.0.1:{p}" for p in SENTINELS],
        MASTER_NAME,
        database=DB,
        request_timeout_ms=1000,
        reconnect=haven.Backoff(base_ms=50, max_ms=300),
    )
    client = await haven.Client.connect(cfg)
    seen: List[haven.Event] = []

    @client.on_event
    async def record(event: haven.Event) -> None:
        seen.append(event)

    k = key("sentinel-ha")
    assert await client.set(k, 0) is True
    with fault_lock():
        old = sentinel_primary()
        assert old is not None
        t0 = time.monotonic()
        await asyncio.to_thread(sentinel_failover, old)
        writes, failed = 0, 0
        until = time.monotonic() + 30
        while time.monotonic() < until:
            try:
                await client.incr(k)
                writes += 1
            except (haven.ConnectionError, haven.TimeoutError, haven.ResponseError):
                failed += 1
            if any(e.kind == "primary_changed" for e in seen) and writes > 20:
                break
            await asyncio.sleep(0.01)
        print(f"\nsentinel failover {old} -> {sentinel_primary()}: {writes} writes, {failed} failed, {time.monotonic() - t0:.2f} s")
        changed = [e for e in seen if e.kind == "primary_changed"]
        assert changed, (
            f"no primary_changed: {old} -> {sentinel_primary()}, {writes} writes, {failed} failed; "
            f"events {[(e.kind, e.node, e.reason) for e in seen]}"
        )
        assert changed[0].to.endswith(f":{sentinel_primary()}"), changed[0]
        assert changed[0].from_.endswith(f":{old}"), changed[0]
        # (Writes acked by the old primary just before its demotion may be
        # lost: replication is asynchronous. New writes land on the new one.)
        new = sentinel_primary()
        assert new is not None and cli(new, "ROLE", db=0).startswith("master")
        assert await client.set(k, "after") is True
        assert cli(new, "GET", k) == "after"
    await client.close()


@async_test
async def test_standalone_with_replicas_follows_a_promotion(servers) -> None:  # type: ignore[no-untyped-def]
    """Standalone with replicas: a replica is promoted (REPLICAOF swap);
    writes follow it and the primary_changed event reaches Python."""
    servers("replicas")
    ports = REPLICAS
    with fault_lock():
        roles = {p: cli(p, "ROLE", db=0).split("\n")[0] for p in ports}
        old = next(p for p, r in roles.items() if r == "master")
        new = next(p for p in ports if p != old)
        client = await haven.Client.connect(
            haven.StandaloneConfig(
                [f"127.0.0.1:{p}" for p in ports], database=DB, request_timeout_ms=1000, role_check_interval_ms=200
            )
        )
        seen: List[haven.Event] = []
        client.on_event(seen.append)
        k = key("promotion")
        assert await client.set(k, "before") is True
        try:
            assert cli(new, "REPLICAOF", "NO", "ONE", db=0) == "OK"
            for p in ports:
                if p != new:
                    cli(p, "REPLICAOF", "127.0.0.1", str(new), db=0)

            async def written() -> bool:
                try:
                    await client.set(k, "after")
                except haven.HavenError:
                    return False
                return cli(new, "GET", k) == "after"

            await await_until("writes on the promoted replica", written, seconds=20)
            e = await await_until(
                "primary_changed", lambda: next((e for e in seen if e.kind == "primary_changed"), None)
            )
            assert e.to == f"127.0.0.1:{new}", e
        finally:
            cli(old, "REPLICAOF", "NO", "ONE", db=0)
            for p in ports:
                if p != old:
                    cli(p, "REPLICAOF", "127.0.0.1", str(old), db=0)
            await client.close()


@async_test
async def test_a_cluster_database_other_than_0(servers) -> None:
    """Valkey 9 (cluster-databases 16): the cluster client's database is
    selected on every connection, apart from database 0's keys. Redis
    refuses SELECT in cluster mode: ConfigError naming the setting."""
    servers("cluster")
    cfg = haven.ClusterConfig([f"127.0.0.1:{p}" for p in CLUSTER[:3]], database=5, request_timeout_ms=3000)
    if not VALKEY:
        with pytest.raises(haven.ConfigError, match=r"connection\.database.*SELECT"):
            await haven.Client.connect(cfg)
        return
    k = key("cluster-db5")
    async with await haven.Client.connect(cfg) as c5:
        assert await c5.set(k, "five") is True
        port, _ = cluster_primary_of(k)
        assert cli(port, "GET", k, db=5) == "five"
        assert cli(port, "EXISTS", k, db=0) == "0"
        async with await haven.Client.from_url(f"redis://127.0.0.1:{CLUSTER[0]}?cluster=true") as c0:
            assert await c0.get(k) is None
        await c5.delete(k)
