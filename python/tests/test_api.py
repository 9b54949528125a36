"""The package's surface: the generated command classes match their
template, every public name is typed, and the wheel ships py.typed."""

from __future__ import annotations

import importlib.resources
import inspect
import subprocess
import sys

import pytest

import haven
from conftest import REPO


def test_generated_commands_match_the_template() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "python" / "codegen" / "generate.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_three_command_flavours_have_the_same_methods() -> None:
    from haven._commands import AsyncCommands, PipelineCommands, SyncCommands

    def public(cls: type) -> set:
        return {n for n in vars(cls) if not n.startswith("_")}

    assert public(AsyncCommands) == public(SyncCommands) == public(PipelineCommands)
    assert len(public(AsyncCommands)) > 100


@pytest.mark.parametrize(
    "cls", [haven.Client, haven.SyncClient, haven.AsyncPipeline, haven.Pipeline, haven.AsyncScript, haven.Script]
)
def test_every_public_method_is_typed_and_documented(cls: type) -> None:
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name not in ("__call__",):
            continue
        if not (inspect.isfunction(member) or inspect.ismethod(member)):
            continue
        func = inspect.unwrap(member)
        hints = func.__annotations__
        assert "return" in hints, f"{cls.__name__}.{name} has no return type"
        params = [p for p in inspect.signature(func).parameters.values() if p.name not in ("self", "cls")]
        for p in params:
            assert p.name in hints, f"{cls.__name__}.{name}({p.name}) has no type"
        assert func.__doc__, f"{cls.__name__}.{name} has no docstring"


def test_the_package_is_typed() -> None:
    assert importlib.resources.files("haven").joinpath("py.typed").is_file()
    assert importlib.resources.files("haven").joinpath("_haven.pyi").is_file()
    for name in haven.__all__:
        assert hasattr(haven, name), name


def test_config_defaults_are_the_engines() -> None:
    """Every scalar default of the config dataclasses is the engine's
    (haven_core::defaults, by the contract's Message.field), and every
    engine default is shown by some dataclass field: a default written
    again in Python, or one the engine adds that Python does not show,
    fails here."""
    import dataclasses

    from haven import _haven, config

    defaults = _haven.DEFAULTS
    assert defaults["ClientConfig.request_timeout_ms"] > 0
    single = ["ClientConfig", "ConnectionSettings"]
    messages = {
        config.Backoff: ["Backoff"],
        config.ClientCache: ["ClientCache"],
        config.StandaloneConfig: single + ["StandaloneDeployment"],
        config.ClusterConfig: single + ["ClusterDeployment"],
        config.SentinelConfig: single + ["SentinelDeployment"],
        config.HealthCheck: ["HealthCheck"],
        config.CircuitBreaker: ["CircuitBreaker"],
        config.Endpoint: ["Endpoint"],
        config.MultiEndpointConfig: ["MultiEndpointDeployment", "ClientConfig"],
    }
    shown = set()
    for cls, names in messages.items():
        for f in dataclasses.fields(cls):
            keys = [f"{m}.{f.name}" for m in names if f"{m}.{f.name}" in defaults]
            if f.default is dataclasses.MISSING or f.default is None or not keys:
                continue
            assert f.default == defaults[keys[0]], f"{cls.__name__}.{f.name}: {f.default!r} is not the engine's {keys[0]}"
            shown.update(keys)
    # Left unset (None) in Python: the engine applies its default.
    unset = {"ConnectionSettings.max_dedicated_connections", "ConnectionSettings.dedicated_idle_ms"}
    assert set(defaults) - shown == unset, sorted(set(defaults) - shown)


def test_the_native_engines_are_split_by_mode_and_match_their_stub() -> None:
    """One class per mode over one base (python/src/engine): what a mode
    cannot do is not there to call, and the stub lists exactly what each
    native class has."""
    import ast

    from haven import _haven

    stub = ast.parse(importlib.resources.files("haven").joinpath("_haven.pyi").read_text())
    stubbed = {
        node.name: {f.name for f in node.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")}
        for node in stub.body
        if isinstance(node, ast.ClassDef)
    }
    base = set(stubbed["EngineBase"])
    for name in ("EngineBase", "AsyncEngine", "SyncEngine"):
        cls = getattr(_haven, name)
        native = {n for n in dir(cls) if not n.startswith("_")}
        expected = stubbed[name] | (base if name != "EngineBase" else set())
        assert native == expected, f"{name}: native only {native - expected}, stub only {expected - native}"
    assert issubclass(_haven.AsyncEngine, _haven.EngineBase)
    assert issubclass(_haven.SyncEngine, _haven.EngineBase)
    loop_only = {"drain", "fileno", "wait_closed", "abandon", "subscribe_events", "subscribe_messages"}
    thread_only = {"event_stream", "message_stream", "probe_stream"}
    assert not loop_only & set(dir(_haven.SyncEngine))
    assert not thread_only & set(dir(_haven.AsyncEngine))
    with pytest.raises(TypeError):
        _haven.EngineBase()
