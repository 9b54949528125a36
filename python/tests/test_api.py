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
