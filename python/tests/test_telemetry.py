"""OpenTelemetry from Python: haven.telemetry.init sends spans and metrics
to a real OTLP receiver over HTTP and over gRPC (scripts/otlp_receiver.py,
decoding with the opentelemetry-proto package): spans named after the command with
db.system.name, db.operation.name, server.address and server.port, one
span for a pipeline with its size, error.type on a failure, no argument
value anywhere; the duration histogram and the counters arrive. And
Client.stats() without a collector. Telemetry is process-wide, so the
exporting client runs in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import haven
from conftest import DB, REPO, STANDALONE, async_test, config, key

SECRET = "an-argument-value-that-must-never-be-exported"

SCRIPT = f"""
import json, sys
sys.path.insert(0, {str(REPO / "scripts")!r})
import haven, haven.telemetry
from otlp_receiver import Receiver

with Receiver() as r:
    haven.telemetry.init(endpoint=r.endpoint, sample_percentage=100.0, flush_interval_ms=200,
                         service_name="haven-python-test")
    try:
        haven.telemetry.init(endpoint=r.endpoint)
        again = "accepted"
    except haven.ConfigError:
        again = "refused"
    c = haven.SyncClient.connect(haven.StandaloneConfig(["127.0.0.1:{STANDALONE}"], database={DB}))
    k = {key("telemetry")!r}
    c.set(k, {SECRET!r})
    for _ in range(5):
        c.get(k)
    try:
        c.incr(k)
    except haven.ResponseError:
        pass
    p = c.pipeline(transaction=False)
    p.get(k)
    p.get(k)
    p.execute()
    stats = c.stats()
    haven.telemetry.flush()
    import time
    deadline = time.time() + 10
    while time.time() < deadline:
        names = {{m["name"] for m in r.metrics()}}
        if {{"GET", "SET"}} <= {{s["name"] for s in r.spans()}} and "db.client.operation.duration" in names:
            break
        haven.telemetry.flush()
        time.sleep(0.2)
    c.close()
    print(json.dumps({{"again": again, "stats": stats, "got": r.summaries()}}))
"""


def run_exporting_client() -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.usefixtures("standalone_server")
def test_spans_and_metrics_reach_an_otlp_receiver() -> None:
    result = run_exporting_client()
    assert result["again"] == "refused"
    got = result["got"]
    assert not [g for g in got if g["signal"] == "error"], got
    spans = [s for g in got if g["signal"] == "traces" for s in g["spans"]]
    by_name = {}
    for s in spans:
        by_name.setdefault(s["name"], []).append(s)
    get = by_name["GET"][0]
    attrs = get["attributes"]
    assert attrs["db.system.name"] in ("redis", "valkey")
    assert attrs["db.operation.name"] == "GET"
    assert attrs["server.address"] == "127.0.0.1"
    assert attrs["server.port"] == STANDALONE
    assert get["kind"] == 3  # SPAN_KIND_CLIENT
    assert get["resource"].get("service.name") == "haven-python-test"
    incr = by_name["INCRBY"][0]  # redis-py's incr is INCRBY
    assert incr["attributes"]["error.type"] == "ResponseError"
    assert incr["status"] == 2  # STATUS_CODE_ERROR
    pipeline = by_name["PIPELINE"][0]
    assert pipeline["attributes"]["db.operation.batch.size"] == 2
    # Never an argument value: not in attributes, not anywhere in the bytes.
    for g in got:
        assert SECRET not in g.get("raw", ""), g["signal"]
        assert key("telemetry") not in g.get("raw", ""), "keys are argument values too"

    metrics = [m for g in got if g["signal"] == "metrics" for m in g["metrics"]]
    names = {m["name"] for m in metrics}
    duration = [m for m in metrics if m["name"] == "db.client.operation.duration"]
    assert duration and duration[-1]["type"] == "histogram" and duration[-1]["unit"] == "s"
    points = duration[-1]["points"]
    gets = [p for p in points if p["attributes"].get("db.operation.name") == "GET"]
    assert gets and gets[0]["count"] >= 5 and "error.type" not in gets[0]["attributes"]
    assert any(p["attributes"].get("error.type") == "ResponseError" for p in points)
    errors = [m for m in metrics if m["name"] == "haven.client.errors"]
    assert errors and any(p["attributes"].get("error.type") == "ResponseError" and p["value"] >= 1
                          for p in errors[-1]["points"])
    assert {"haven.client.retries", "haven.client.requests.in_flight", "haven.client.reconnects"} <= names, names


@pytest.mark.usefixtures("standalone_server")
@async_test
async def test_stats_without_a_collector() -> None:
    client = await haven.Client.connect(config())
    try:
        k = key("stats")
        await client.set(k, "1")
        for _ in range(3):
            await client.get(k)
        with pytest.raises(haven.ResponseError):
            await client.hget(k, "field")
        s = client.stats()
        assert s["requests_total"] >= 5 and s["requests_failed"] == 1
        assert s["errors"] == {"ResponseError": 1}
        gets = [d for d in s["durations"] if d["command"] == "GET" and d["outcome"] == "ok"]
        assert gets and gets[0]["count"] == 3
        assert len(gets[0]["buckets"]) == len(s["duration_buckets_ms"]) + 1
        assert gets[0]["p50_ms"] > 0
        assert s["in_flight"] == 0 and s["cache"] is None
        assert s["connects"] >= 1
    finally:
        await client.close()


GRPC_SCRIPT = f"""
import json, os, sys, time
sys.path.insert(0, {str(REPO / "scripts")!r})
import haven, haven.telemetry
from otlp_receiver import Receiver

with Receiver(grpc=True) as r:
    if sys.argv[1] == "env":
        # The standard variables alone choose the protocol and the receiver.
        os.environ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc"
        os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = r.endpoint
        haven.telemetry.init(sample_percentage=100.0, flush_interval_ms=200)
    else:
        haven.telemetry.init(endpoint=r.endpoint, protocol="grpc", sample_percentage=100.0,
                             flush_interval_ms=200, service_name="haven-python-grpc")
    c = haven.SyncClient.connect(haven.StandaloneConfig(["127.0.0.1:{STANDALONE}"], database={DB}))
    k = {key("telemetry-grpc")!r}
    c.set(k, {SECRET!r})
    for _ in range(3):
        c.get(k)
    deadline = time.time() + 20
    while time.time() < deadline:
        haven.telemetry.flush()
        names = {{m["name"] for m in r.metrics()}}
        if {{"GET", "SET"}} <= {{s["name"] for s in r.spans()}} and "db.client.operation.duration" in names:
            break
        time.sleep(0.2)
    c.close()
    print(json.dumps({{"got": r.summaries()}}))
"""


@pytest.mark.usefixtures("standalone_server")
@pytest.mark.parametrize("chosen_by", ["argument", "env"])
def test_spans_and_metrics_reach_an_otlp_grpc_receiver(chosen_by: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    out = subprocess.run([sys.executable, "-c", GRPC_SCRIPT, chosen_by], capture_output=True, text=True,
                         timeout=90, env=env)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])["got"]
    assert got and not [g for g in got if g["signal"] == "error"], got
    assert {g["content_type"] for g in got} == {"application/grpc"}
    spans = [s for g in got if g["signal"] == "traces" for s in g["spans"]]
    gets = [s for s in spans if s["name"] == "GET"]
    assert len(gets) == 3, [s["name"] for s in spans]
    attrs = gets[0]["attributes"]
    assert attrs["db.operation.name"] == "GET" and attrs["server.port"] == STANDALONE
    if chosen_by == "argument":
        assert gets[0]["resource"].get("service.name") == "haven-python-grpc"
    metrics = [m for g in got if g["signal"] == "metrics" for m in g["metrics"]]
    duration = [m for m in metrics if m["name"] == "db.client.operation.duration"]
    points = [p for p in duration[-1]["points"] if p["attributes"].get("db.operation.name") == "GET"]
    assert points and points[0]["count"] >= 3
    for g in got:
        assert SECRET not in g.get("raw", "")


FAILOVER_SCRIPT = f"""
import json, subprocess, sys, time
sys.path.insert(0, {str(REPO / "scripts")!r})
import haven, haven.telemetry
from otlp_receiver import Receiver

A, B = int(sys.argv[1]), int(sys.argv[2])

def region(port):
    return haven.StandaloneConfig([f"127.0.0.1:{{port}}"], database={DB}, request_timeout_ms=1000,
                                  connection_timeout_ms=500, reconnect=haven.Backoff(base_ms=50, max_ms=300))

with Receiver() as r:
    haven.telemetry.init(endpoint=r.endpoint, sample_percentage=100.0, flush_interval_ms=200)
    c = haven.SyncClient.connect(haven.MultiEndpointConfig(
        [haven.Endpoint("a", region(A), weight=3.0), haven.Endpoint("b", region(B), weight=2.0)],
        health_check=haven.HealthCheck(kind="ping", interval_ms=100, timeout_ms=80, probes=1, probe_policy="all"),
        request_timeout_ms=5000,
        circuit_breaker=haven.CircuitBreaker(consecutive_failures=3, half_open_after_ms=300)))
    k = {key("telemetry-failover")!r}
    c.set(k, "before")
    subprocess.run(["bash", {str(REPO / "scripts" / "servers.sh")!r}, "kill-node", str(A)], check=True,
                   stdin=subprocess.DEVNULL)
    failed = 0
    for _ in range(40):
        try:
            c.get(k)
        except haven.HavenError:
            failed += 1
    haven.telemetry.flush()
    spans = []
    deadline = time.time() + 10
    while time.time() < deadline and len([s for s in r.spans() if s["name"] == "GET"]) < 40 - failed:
        haven.telemetry.flush()
        time.sleep(0.2)
    c.close()
    print(json.dumps({{"failed": failed, "spans": r.spans()}}))
"""


@pytest.mark.usefixtures("standalone_server")
def test_a_failover_is_in_the_spans_of_the_requests_it_moved(servers) -> None:  # type: ignore[no-untyped-def]
    """A region killed under traffic: the requests that were on it carry
    their story as span events (failover a -> b, or parked then resumed,
    each with a retry) and haven.retries, under the same span."""
    from conftest import REGIONS, alive, fault_lock, servers_sh

    a, b = REGIONS[0], REGIONS[1]
    servers("regions")
    with fault_lock():
        try:
            out = subprocess.run([sys.executable, "-c", FAILOVER_SCRIPT, str(a), str(b)], capture_output=True,
                                 text=True, timeout=120, env={k: v for k, v in os.environ.items()
                                                              if not k.startswith("OTEL_")})
        finally:
            if not alive(a):
                servers_sh("restart-node", str(a))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    gets = [s for s in result["spans"] if s["name"] == "GET"]
    assert len(gets) >= 40 - result["failed"], len(gets)
    moved = [s for s in gets if s["events"]]
    assert moved, "no GET span tells of the failover"
    names = {e["name"] for s in moved for e in s["events"]}
    assert names & {"failover", "parked"}, names
    for s in moved:
        assert s["attributes"].get("haven.retries", 0) >= 1, s
        for e in s["events"]:
            if e["name"] == "failover":
                assert e["attributes"].get("haven.reason") == "a -> b", e
    # Served by b in the end: the last GETs are plain spans on b's port.
    assert gets[-1]["attributes"]["server.port"] == b and not gets[-1]["events"], gets[-1]


def test_bad_settings_are_config_errors() -> None:
    import haven.telemetry

    with pytest.raises(haven.ConfigError):
        haven.telemetry.init(sample_percentage=150.0)
    with pytest.raises(haven.ConfigError):
        haven.telemetry.init(flush_interval_ms=0)
    with pytest.raises(haven.ConfigError, match="http/json"):
        haven.telemetry.init(protocol="http/json")
    with pytest.raises(haven.ConfigError, match="https"):
        haven.telemetry.init(endpoint="https://collector:4318")
    with pytest.raises(TypeError):
        haven.telemetry.init(protocol=4317)  # type: ignore[arg-type]
    assert not haven.telemetry.enabled()
