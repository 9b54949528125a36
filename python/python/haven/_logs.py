"""The engine's logs in Python's :mod:`logging`.

The engine queues its records (bounded: when this process's logging falls
behind, the newest are dropped and counted in a warning, never waited for)
and one daemon thread, ``haven-log``, started with the first client, takes
them in batches (waiting without the GIL) and hands each to the logger
named after its layer: ``haven.connection``, ``haven.deployment``,
``haven.failover``, ``haven.request``, ``haven.pubsub``, ``haven.cache``,
``haven.engine`` and ``haven.logging`` (the sink's own lines), all children
of ``haven``. The engine's level (``log_level`` in a config,
:func:`set_log_level`, or the ``HAVEN_LOG`` environment variable, which wins)
decides which records exist; the loggers' own levels and handlers then
apply as for any library. Engine trace records use level 5 ("TRACE").

Like any library, haven adds only a NullHandler to ``haven``: configure
logging (``logging.basicConfig(level=logging.INFO)``) to see the records.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from typing import Optional

from . import _haven

__all__ = ["set_log_level", "TRACE"]

#: The level of the engine's trace records (below DEBUG).
TRACE = 5

#: Engine level number (1 error .. 5 trace) -> logging level.
_LEVELS = {1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO, 4: logging.DEBUG, 5: TRACE}

logging.getLogger("haven").addHandler(logging.NullHandler())
if logging.getLevelName(TRACE) == f"Level {TRACE}":
    logging.addLevelName(TRACE, "TRACE")

_lock = threading.Lock()
_thread: Optional[threading.Thread] = None
_pid: Optional[int] = None
_stopping = False


def set_log_level(level: str) -> bool:
    """Sets the engine's log level for the whole process: "error", "warn",
    "info" (the default), "debug", "trace" or "off", or directives such as
    "haven=info,haven::connection=debug". Returns False when the
    ``HAVEN_LOG`` environment variable is set (it wins); raises ConfigError
    for a level it cannot read."""
    if not isinstance(level, str):
        raise TypeError(f"level: expected a str, got {type(level).__name__}")
    return bool(_haven.set_log_level(level))


def ensure_started() -> None:
    """Starts the delivery thread once per process (again in a forked
    child, which has no thread of its parent's)."""
    global _thread, _pid
    if _pid == os.getpid() and _thread is not None and _thread.is_alive():
        return
    with _lock:
        if _pid == os.getpid() and _thread is not None and _thread.is_alive():
            return
        _haven.start_logs()
        thread = threading.Thread(target=_run, name="haven-log", daemon=True)
        thread.start()
        if _pid is None:
            atexit.register(_stop)
        _thread, _pid = thread, os.getpid()


def _stop() -> None:
    """At interpreter exit: the thread must not be inside the engine's wait
    when the interpreter finalizes (a daemon thread that wakes then is
    ended by the interpreter, which native frames do not survive)."""
    global _stopping
    _stopping = True
    thread = _thread
    if thread is not None and thread.is_alive() and _pid == os.getpid():
        _haven.wake_logs()
        thread.join(2.0)


def _after_fork_in_child() -> None:
    """The parent's delivery thread does not exist in the child."""
    if _pid is not None:
        ensure_started()


def _run() -> None:
    while not _stopping:
        try:
            records = _haven.take_logs(1.0)
        except BaseException:  # pragma: no cover - interpreter shutting down
            return
        for level, name, message, time_ms in records:
            try:
                _emit(_LEVELS.get(level, logging.DEBUG), name, message, time_ms)
            except Exception:  # pragma: no cover - a broken handler must not stop delivery
                pass


def _emit(level: int, name: str, message: str, time_ms: int) -> None:
    logger = logging.getLogger(name)
    if not logger.isEnabledFor(level):
        return
    record = logger.makeRecord(name, level, "(haven engine)", 0, message, None, None)
    # When the engine logged it, not when this thread got to it.
    record.created = time_ms / 1000.0
    record.msecs = float(time_ms % 1000)
    logger.handle(record)
