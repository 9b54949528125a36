"""Fork safety: haven's clients survive ``os.fork()``.

The engine runs on threads of its own, which a forked child does not have.
Around every fork the interpreter calls the hooks registered here:

- before: the engine pauses its worker threads and takes its process-wide
  locks (``_haven.before_fork``), so the child inherits none of them held;
- after, in the parent: everything goes on, untouched;
- after, in the child: the engine forgets the parent's runtime (a new one
  starts on first use) and every live client is told (``_forked``). A
  client then rebuilds its engine client lazily, on its first use in the
  child, from the configuration it was made with: new connections of its
  own (the parent's sockets are never touched), an empty client-side cache,
  its pub/sub subscriptions and event callbacks re-established. This is
  redis-py's pid check, done once per fork instead of on every call.

No lock is held across the fork by these hooks' design: the client-side
Python locks that could be held by a thread that is gone are replaced in
the child (``_forked``).
"""

from __future__ import annotations

import os
import weakref
from typing import Any, Dict, List, Set

from . import _haven

#: Live clients (Client and SyncClient), told after a fork in the child.
_clients: "weakref.WeakSet[Any]" = weakref.WeakSet()


def track(client: Any) -> None:
    _clients.add(client)


def _after_in_child() -> None:
    _haven.after_fork_in_child()
    from . import _logs

    try:
        _logs._after_fork_in_child()
    except Exception:  # pragma: no cover - logging must not break the child
        pass
    for client in list(_clients):
        try:
            client._forked()
        except Exception:  # pragma: no cover - one client must not stop the others
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_haven.before_fork,
        after_in_parent=_haven.after_fork_in_parent,
        after_in_child=_after_in_child,
    )


def remember(subscriptions: Dict[str, Set[bytes]], action: str, names: List[bytes]) -> None:
    """Keeps the subscriptions a forked child re-establishes (Client and
    SyncClient alike)."""
    if action.startswith(("un", "pun", "sun")):
        kind = action[2:] if action.startswith("un") else action[0] + action[3:]
        if names:
            subscriptions[kind].difference_update(names)
        else:
            subscriptions[kind].clear()
    else:
        subscriptions[action].update(names)
