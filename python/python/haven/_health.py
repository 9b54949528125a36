"""Custom health checks written in Python: the engine asks (on its own
threads, never holding the GIL), this module answers. Async clients run the
checks on their event loop; SyncClient runs them on a small pool of
"haven-health" threads. A check is ``check(endpoint_name)`` returning a bool
or an awaitable of one; one that raises, returns an awaitable that fails, or
takes longer than the endpoint's ``health_check.timeout_ms`` counts as
unhealthy (the engine stops waiting at that timeout either way).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import inspect
import logging
import queue
import threading
import weakref
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple, Union

from . import _haven

__all__ = ["HealthCheckFn", "LoopHealthRunner", "ThreadHealthRunner"]

logger = logging.getLogger("haven")

#: A custom health check: called with the endpoint's name, returns whether
#: it is healthy (or an awaitable of that).
HealthCheckFn = Callable[[str], Union[bool, Awaitable[bool]]]


class _Checks:
    """The registered checks, with each endpoint's probe timeout."""

    def __init__(self) -> None:
        self.checks: Dict[str, Tuple[HealthCheckFn, float]] = {}

    def set(self, name: str, check: HealthCheckFn, timeout_s: float) -> None:
        self.checks[name] = (check, timeout_s)

    def get(self, name: str) -> Optional[Tuple[HealthCheckFn, float]]:
        return self.checks.get(name)


class LoopHealthRunner(_Checks):
    """Answers probes on the client's loop (``AsyncEngine.subscribe_probes``)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.tasks: "set[asyncio.Future[Any]]" = set()

    def __call__(self, batch: List[Tuple[str, _haven.HealthReply]]) -> None:
        for name, reply in batch:
            entry = self.get(name)
            if entry is None:
                reply.set(False)
                continue
            check, timeout_s = entry
            try:
                result = check(name)
            except Exception:
                logger.debug("haven: health check of %r raised", name, exc_info=True)
                reply.set(False)
                continue
            if not inspect.isawaitable(result):
                reply.set(bool(result))
                continue
            task = asyncio.ensure_future(asyncio.wait_for(result, timeout_s))
            self.tasks.add(task)
            task.add_done_callback(functools.partial(self._done, reply=reply, name=name))

    def _done(self, task: "asyncio.Future[Any]", reply: _haven.HealthReply, name: str) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            reply.set(False)
        elif task.exception() is not None:
            logger.debug("haven: async health check of %r failed: %r", name, task.exception())
            reply.set(False)
        else:
            reply.set(bool(task.result()))

    def cancel(self) -> None:
        for task in list(self.tasks):
            task.cancel()


class ThreadHealthRunner(_Checks):
    """Answers SyncClient's probes: one "haven-health" thread reads the probe
    stream and hands each probe to a few daemon worker threads, so one hung
    check does not hold the others (nor, being daemons, interpreter exit).
    While every worker is busy and a few probes wait, new probes fail at
    once instead of piling up behind checks that hang."""

    def __init__(self, stream: _haven.ProbeStream, workers: int = 4) -> None:
        super().__init__()
        self.stream = stream
        self.stopped = False
        self.work: "queue.Queue[Optional[Tuple[str, _haven.HealthReply, HealthCheckFn, float]]]" = queue.Queue()
        self.busy = 0
        self.limit = workers * 2
        self.busy_lock = threading.Lock()
        self.workers = [
            threading.Thread(target=self._work, name=f"haven-health-{i}", daemon=True) for i in range(workers)
        ]
        for w in self.workers:
            w.start()
        self.thread = threading.Thread(target=self._run, name="haven-health", daemon=True)
        self.thread.start()
        _runners.add(self)

    def _run(self) -> None:
        try:
            while not self.stopped:
                try:
                    probe = self.stream.next(0.5)
                except StopIteration:
                    return
                if probe is None:
                    continue
                name, reply = probe
                entry = self.get(name)
                with self.busy_lock:
                    full = self.busy >= self.limit
                    if not full and entry is not None:
                        self.busy += 1
                if entry is None or full:
                    if full:
                        logger.debug("haven: health checks of %r are backed up; probe failed", name)
                    reply.set(False)
                    continue
                self.work.put((name, reply, *entry))
        finally:
            for _ in self.workers:
                self.work.put(None)

    def _work(self) -> None:
        while True:
            item = self.work.get()
            if item is None:
                return
            name, reply, check, timeout_s = item
            try:
                self._run_check(name, reply, check, timeout_s)
            finally:
                with self.busy_lock:
                    self.busy -= 1

    @staticmethod
    def _run_check(name: str, reply: _haven.HealthReply, check: HealthCheckFn, timeout_s: float) -> None:
        try:
            result = check(name)
            if inspect.isawaitable(result):
                pending: Awaitable[bool] = result

                async def bounded() -> Any:
                    return await asyncio.wait_for(pending, timeout_s)

                result = asyncio.run(bounded())
            reply.set(bool(result))
        except Exception:
            logger.debug("haven: health check of %r raised", name, exc_info=True)
            reply.set(False)

    def stop(self, wait: float) -> None:
        """Stops reading probes (unanswered ones fail in the engine) and lets
        the workers end after their current check."""
        self.stopped = True
        if threading.current_thread() is not self.thread:
            self.thread.join(wait)


_runners: "weakref.WeakSet[ThreadHealthRunner]" = weakref.WeakSet()


@atexit.register
def _stop_runners() -> None:
    # Stop reading while the interpreter is whole, rather than have the
    # thread wake up inside native code during finalization.
    for r in list(_runners):
        r.stop(1.0)
