"""Pipelines and transactions: commands collected in Python and sent to the
engine as one ``Batch`` (proto/haven.proto). ``transaction=True`` runs them
atomically in MULTI/EXEC; ``transaction=False`` pipelines them. Either way
the result is a list with each command's reply shaped like the client's
typed methods; a command the server refused is a ResponseError instance in
that list (``execute(raise_on_error=True)`` raises the first instead). A
transaction the server aborts as a whole (EXECABORT, e.g. an unknown
command) raises ResponseError.

Optimistic transactions follow redis-py: ``pipe.watch(*keys)`` opens a
session (a dedicated connection of the pipeline's own) and sends WATCH on
it; from then on the pipeline runs each command at once on that
connection (``await pipe.get(k)`` returns the value) until
``pipe.multi()``, after which commands are queued again; ``execute()``
sends them as MULTI/EXEC on the session and raises :class:`WatchError`
when a watched key changed. ``reset()`` releases the session; ``execute()``,
leaving the ``with`` block and garbage collection do too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union

from . import _replies as r
from ._commands import PipelineCommands
from .exceptions import ResponseError

if TYPE_CHECKING:
    from ._haven import AsyncEngine, SyncEngine
    from .script import _ScriptBase

__all__ = ["AsyncPipeline", "Pipeline"]

_Self = TypeVar("_Self", bound="_PipelineBase")

Callback = Optional[Callable[[Any], Any]]


class _PipelineBase(PipelineCommands):
    def __init__(self, core: "Union[AsyncEngine, SyncEngine]", transaction: bool, request_timeout_ms: int) -> None:
        if not isinstance(transaction, bool):
            raise TypeError(f"transaction: expected a bool, got {type(transaction).__name__}")
        self._core = core
        self._transaction = transaction
        self._request_timeout_ms = request_timeout_ms
        self._commands: List[Sequence[Any]] = []
        self._callbacks: List[Callback] = []
        self._timeout_ms: Optional[int] = None
        self._scripts: Dict[str, "_ScriptBase"] = {}
        #: The session of watch() (None: the pipeline is not watching).
        self._session: Optional[int] = None
        #: Whether commands run at once on the session (after watch(),
        #: before multi()).
        self._watching = False
        #: Whether multi() was called since watch().
        self._explicit_multi = False

    def _exec(self, args: Sequence[Any], callback: Callback = None, timeout_ms: Optional[int] = None) -> Any:
        if self._watching:
            return self._immediate(args, callback, timeout_ms)
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

    @property
    def watching(self) -> bool:
        """Whether the pipeline runs commands at once on its session (after
        watch(), before multi())."""
        return self._watching

    def reset(self) -> None:
        """Forgets the queued commands and releases the session of watch()
        (its WATCH undone, its connection back to the pool)."""
        self._clear()
        self._release()

    def _clear(self) -> None:
        self._commands = []
        self._callbacks = []
        self._timeout_ms = None
        self._scripts = {}

    def _release(self) -> None:
        session, self._session = self._session, None
        self._watching = False
        self._explicit_multi = False
        if session is not None:
            self._core.close_session(session)

    def _take(self) -> Tuple[List[Sequence[Any]], List[Callback], Optional[int], List["_ScriptBase"]]:
        taken = (self._commands, self._callbacks, self._timeout_ms, list(self._scripts.values()))
        self._clear()
        return taken

    def _watch_session(self, names: Sequence[Any]) -> int:
        """The session to send WATCH on (opened now if need be)."""
        if self._explicit_multi:
            raise ResponseError("WATCH inside MULTI is not allowed: call watch() before multi()")
        if not names:
            raise ValueError("watch: give at least one key")
        if self._commands:
            raise ResponseError("watch() after queued commands: call it first, or execute()/reset() them")
        if self._session is None:
            self._session = self._core.open_session()
        return self._session

    def multi(self) -> None:
        """Starts queueing the transaction's commands (after watch()); they
        run as MULTI/EXEC on the session at execute()."""
        if self._explicit_multi:
            raise ResponseError("multi() was already called")
        if self._commands:
            raise ResponseError("commands were queued before multi(): call execute() or reset() first")
        self._explicit_multi = True
        self._watching = False

    def _batch_args(self) -> Tuple[bool, Optional[int]]:
        """(atomic, session) of the batch execute() sends."""
        return self._transaction or self._explicit_multi, self._session

    def __del__(self) -> None:
        # Last resort: a session nobody reset goes back to the pool.
        try:
            if self._session is not None:
                self._release()
        except Exception:
            pass

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

    An optimistic transaction (retry on :class:`haven.WatchError`):

    .. code-block:: python

        async with client.pipeline() as pipe:
            while True:
                try:
                    await pipe.watch("counter")
                    n = int(await pipe.get("counter") or 0)
                    pipe.multi()
                    pipe.set("counter", n + 1)
                    await pipe.execute()
                    break
                except haven.WatchError:
                    continue
    """

    def _immediate(self, args: Sequence[Any], callback: Callback, timeout_ms: Optional[int]) -> Any:
        return self._core.execute(args, callback, timeout_ms, False, self._session)

    async def watch(self, *names: Any) -> None:
        """WATCHes ``names`` on the pipeline's session (opened on the first
        call); commands then run at once on it until multi()."""
        session = self._watch_session(names)
        try:
            await self._core.execute(("WATCH", *names), None, None, False, session)
        except BaseException:
            self.reset()
            raise
        self._watching = True

    async def unwatch(self) -> None:
        """UNWATCHes every key; later commands are queued again."""
        if self._session is not None:
            await self._core.execute(("UNWATCH",), None, None, False, self._session)
        self._watching = False

    async def execute(self, raise_on_error: bool = False, timeout_ms: Optional[int] = None) -> List[Any]:
        """Sends the queued commands as one batch and returns their replies
        in order; the pipeline is empty again afterwards (and its session of
        watch() released). ``timeout_ms`` overrides the request timeout for
        the whole batch. After watch(): WatchError when a watched key
        changed (nothing ran)."""
        atomic, session = self._batch_args()
        commands, callbacks, blocking_ms, scripts = self._take()
        try:
            if not commands:
                return []
            for script in scripts:
                await self._core.execute(("SCRIPT", "LOAD", script.script))
            replies = await self._core.batch(commands, atomic, timeout_ms or blocking_ms, session)
            return r.apply_callbacks(replies, callbacks, raise_on_error)
        finally:
            self._release()

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

    def _immediate(self, args: Sequence[Any], callback: Callback, timeout_ms: Optional[int]) -> Any:
        return self._core.execute(args, callback, timeout_ms, False, self._session)

    def watch(self, *names: Any) -> None:
        """WATCHes ``names`` on the pipeline's session (opened on the first
        call); commands then run at once on it until multi()."""
        session = self._watch_session(names)
        try:
            self._core.execute(("WATCH", *names), None, None, False, session)
        except BaseException:
            self.reset()
            raise
        self._watching = True

    def unwatch(self) -> None:
        """UNWATCHes every key; later commands are queued again."""
        if self._session is not None:
            self._core.execute(("UNWATCH",), None, None, False, self._session)
        self._watching = False

    def execute(self, raise_on_error: bool = False, timeout_ms: Optional[int] = None) -> List[Any]:
        """Sends the queued commands as one batch and returns their replies
        in order; the pipeline is empty again afterwards (and its session of
        watch() released). After watch(): WatchError when a watched key
        changed (nothing ran)."""
        atomic, session = self._batch_args()
        commands, callbacks, blocking_ms, scripts = self._take()
        try:
            if not commands:
                return []
            for script in scripts:
                self._core.execute(("SCRIPT", "LOAD", script.script))
            replies = self._core.batch(commands, atomic, timeout_ms or blocking_ms, session)
            return r.apply_callbacks(replies, callbacks, raise_on_error)
        finally:
            self._release()

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.reset()
