"""Pipelines and transactions: commands collected in Python and sent to the
engine as one ``Batch`` (proto/haven.proto). ``transaction=True`` runs them
atomically in MULTI/EXEC; ``transaction=False`` pipelines them. Either way
the result is a list with each command's reply shaped like the client's
typed methods; a command the server refused is a ResponseError instance in
that list (``execute(raise_on_error=True)`` raises the first instead). A
transaction the server aborts as a whole (EXECABORT, e.g. an unknown
command) raises ResponseError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from . import _replies as r
from ._commands import PipelineCommands

if TYPE_CHECKING:
    from ._haven import Engine
    from .script import _ScriptBase

__all__ = ["AsyncPipeline", "Pipeline"]

_Self = TypeVar("_Self", bound="_PipelineBase")

Callback = Optional[Callable[[Any], Any]]


class _PipelineBase(PipelineCommands):
    def __init__(self, core: "Engine", transaction: bool, request_timeout_ms: int) -> None:
        if not isinstance(transaction, bool):
            raise TypeError(f"transaction: expected a bool, got {type(transaction).__name__}")
        self._core = core
        self._transaction = transaction
        self._request_timeout_ms = request_timeout_ms
        self._commands: List[Sequence[Any]] = []
        self._callbacks: List[Callback] = []
        self._timeout_ms: Optional[int] = None
        self._scripts: Dict[str, "_ScriptBase"] = {}

    def _exec(self: _Self, args: Sequence[Any], callback: Callback = None, timeout_ms: Optional[int] = None) -> _Self:
        if not isinstance(args, (list, tuple)):
            raise TypeError(f"args: expected a list or tuple of arguments, got {type(args).__name__}")
        if not args:
            raise ValueError("args: empty command (give at least a command name)")
        self._commands.append(args)
        self._callbacks.append(callback)
        if timeout_ms is not None:
            self._timeout_ms = max(self._timeout_ms or 0, timeout_ms)
        return self

    @property
    def transaction(self) -> bool:
        """Whether the commands run atomically (MULTI/EXEC)."""
        return self._transaction

    def __len__(self) -> int:
        return len(self._commands)

    def reset(self) -> None:
        """Forgets the queued commands."""
        self._commands = []
        self._callbacks = []
        self._timeout_ms = None
        self._scripts = {}

    def _take(self) -> Tuple[List[Sequence[Any]], List[Callback], Optional[int], List["_ScriptBase"]]:
        taken = (self._commands, self._callbacks, self._timeout_ms, list(self._scripts.values()))
        self.reset()
        return taken

    def _add_script(self, script: "_ScriptBase") -> None:
        self._scripts[script.sha] = script

    def __repr__(self) -> str:
        kind = "transaction" if self._transaction else "pipeline"
        return f"<{type(self).__name__} {kind}, {len(self._commands)} commands>"


class AsyncPipeline(_PipelineBase):
    """A pipeline or transaction of :class:`haven.Client`:

    .. code-block:: python

        async with client.pipeline(transaction=True) as pipe:
            pipe.set("a", 1).incr("a")
            ok, n = await pipe.execute()
    """

    async def execute(self, raise_on_error: bool = False, timeout_ms: Optional[int] = None) -> List[Any]:
        """Sends the queued commands as one batch and returns their replies
        in order; the pipeline is empty again afterwards. ``timeout_ms``
        overrides the request timeout for the whole batch."""
        commands, callbacks, blocking_ms, scripts = self._take()
        if not commands:
            return []
        for script in scripts:
            await self._core.execute(("SCRIPT", "LOAD", script.script))
        replies = await self._core.batch(commands, self._transaction, timeout_ms or blocking_ms)
        return r.apply_callbacks(replies, callbacks, raise_on_error)

    async def __aenter__(self) -> "AsyncPipeline":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.reset()


class Pipeline(_PipelineBase):
    """A pipeline or transaction of :class:`haven.SyncClient`:

    .. code-block:: python

        with client.pipeline(transaction=True) as pipe:
            pipe.set("a", 1).incr("a")
            ok, n = pipe.execute()
    """

    def execute(self, raise_on_error: bool = False, timeout_ms: Optional[int] = None) -> List[Any]:
        """Sends the queued commands as one batch and returns their replies
        in order; the pipeline is empty again afterwards."""
        commands, callbacks, blocking_ms, scripts = self._take()
        if not commands:
            return []
        for script in scripts:
            self._core.execute_blocking(("SCRIPT", "LOAD", script.script))
        replies = self._core.batch_blocking(commands, self._transaction, timeout_ms or blocking_ms)
        return r.apply_callbacks(replies, callbacks, raise_on_error)

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.reset()
