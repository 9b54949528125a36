"""Cache-aside loaders and write-through writers written in Python: the
engine asks (on its own threads, never holding the GIL), this module runs
the callable and answers through ``CallReply``. Async clients run them on
their event loop (a loader may be a function or a coroutine function);
SyncClient runs them on the thread that called ``get_or_load`` /
``write_through`` (a sync callable). An exception becomes the message every
waiting caller gets (as ResponseError); nothing is stored.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from typing import Any, Awaitable, Callable, List, Optional, Tuple, Union

from . import _haven

__all__ = ["LoaderFn", "WriterFn", "LoopCallRunner", "run_sync", "check_options"]

#: A loader: no arguments, returns the value (bytes or str) or an awaitable of it.
LoaderFn = Callable[[], Union[bytes, str, Awaitable[Union[bytes, str]]]]
#: A writer: no arguments, writes to the source of truth (may be async).
WriterFn = Callable[[], Any]

WRITE_MODES = ("update", "invalidate")


def _message(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class LoopCallRunner:
    """Runs calls on the client's loop (``AsyncEngine.subscribe_calls``)."""

    def __init__(self) -> None:
        self.tasks: "set[asyncio.Future[Any]]" = set()

    def __call__(self, batch: List[Tuple[Callable[[], Any], str, _haven.CallReply]]) -> None:
        for func, _kind, reply in batch:
            try:
                result = func()
            except BaseException as e:  # noqa: B902 - every failure reaches the waiters
                reply.set_error(_message(e))
                if not isinstance(e, Exception):
                    raise
                continue
            if not inspect.isawaitable(result):
                _answer(reply, result)
                continue
            task = asyncio.ensure_future(result)
            self.tasks.add(task)
            task.add_done_callback(functools.partial(self._done, reply=reply))

    def _done(self, task: "asyncio.Future[Any]", reply: _haven.CallReply) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            reply.set_error("CancelledError: the loader was cancelled")
            return
        exc = task.exception()
        if exc is not None:
            reply.set_error(_message(exc))
        else:
            _answer(reply, task.result())


def _answer(reply: _haven.CallReply, value: Any) -> None:
    try:
        reply.set_result(value)
    except TypeError:
        pass  # the waiters already got the TypeError's message


def run_sync(func: Callable[[], Any], kind: str, reply: _haven.CallReply) -> None:
    """SyncClient's runner: calls ``func`` on this thread."""
    try:
        result = func()
    except Exception as e:
        reply.set_error(_message(e))
        return
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if close is not None:
            close()
        reply.set_error(f"TypeError: SyncClient needs a plain function as {kind}er, got a coroutine")
        return
    _answer(reply, result)


def check_options(
    key: Any, func: Any, fname: str, ttl_ms: Any, jitter: Any = 0.0,
    lease_ms: Optional[Any] = None, early_refresh: Optional[Any] = None,
) -> None:
    """TypeErrors naming the argument (values are checked by the engine)."""
    if not isinstance(key, (bytes, str)):
        raise TypeError(f"key: expected bytes or str, got {type(key).__name__}")
    if not callable(func):
        raise TypeError(f"{fname}: expected a callable, got {type(func).__name__}")
    if isinstance(ttl_ms, bool) or not isinstance(ttl_ms, int):
        raise TypeError(f"ttl_ms: expected an int, got {type(ttl_ms).__name__}")
    if isinstance(jitter, bool) or not isinstance(jitter, (int, float)):
        raise TypeError(f"jitter: expected a number, got {type(jitter).__name__}")
    if lease_ms is not None and (isinstance(lease_ms, bool) or not isinstance(lease_ms, int)):
        raise TypeError(f"lease_ms: expected an int or None, got {type(lease_ms).__name__}")
    if early_refresh is not None and (isinstance(early_refresh, bool) or not isinstance(early_refresh, (int, float))):
        raise TypeError(f"early_refresh: expected a number or None, got {type(early_refresh).__name__}")
