"""Pub/sub as Python sees it: :class:`Message` (one message received on a
subscribed channel, pattern or shard channel) and the argument checks of the
subscribe calls. Subscriptions belong to the client: the engine re-applies
them after reconnects, cluster topology changes, Sentinel and multi-endpoint
failovers, so messages keep flowing without any action from the caller.
"""

from __future__ import annotations

import asyncio
import collections
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

__all__ = ["Message", "MESSAGE_KINDS", "ChannelT"]

#: A channel or pattern name.
ChannelT = Union[str, bytes]

#: ``Message.kind`` values: from SUBSCRIBE, PSUBSCRIBE and SSUBSCRIBE.
MESSAGE_KINDS = ("message", "pmessage", "smessage")


@dataclass(frozen=True)
class Message:
    """A pub/sub message. ``kind`` is "message", "pmessage" (``pattern`` is
    the pattern that matched) or "smessage"; ``channel``, ``pattern`` and
    ``payload`` are bytes, or str with ``decode_responses=True``."""

    kind: str
    channel: Union[bytes, str]
    pattern: Optional[Union[bytes, str]]
    payload: Union[bytes, str]

    @classmethod
    def _from_native(cls, t: Tuple[str, bytes, Optional[bytes], bytes], decode: bool) -> "Message":
        kind, channel, pattern, payload = t
        if decode:
            return cls(
                kind,
                channel.decode("utf-8", "replace"),
                None if pattern is None else pattern.decode("utf-8", "replace"),
                payload.decode("utf-8", "replace"),
            )
        return cls(kind, channel, pattern, payload)


def _names(what: str, names: Sequence[object], allow_empty: bool) -> List[bytes]:
    """The channel/pattern arguments as bytes, naming a bad one."""
    if not names and not allow_empty:
        raise ValueError(f"{what}: give at least one name")
    out: List[bytes] = []
    for i, n in enumerate(names):
        if isinstance(n, str):
            out.append(n.encode("utf-8"))
        elif isinstance(n, (bytes, bytearray, memoryview)):
            out.append(bytes(n))
        else:
            raise TypeError(f"{what}[{i}]: expected str or bytes, got {type(n).__name__} {n!r:.60}")
    return out


class _MessageQueue:
    """An async client's received messages, filled on the loop in batches
    (``AsyncEngine.subscribe_messages``). Bounded: past ``maxlen`` unread
    messages the oldest are dropped (counted in ``dropped``)."""

    def __init__(self, decode: bool, maxlen: int = 100_000) -> None:
        self.decode = decode
        self.items: "collections.deque[Message]" = collections.deque()
        self.maxlen = maxlen
        self.dropped = 0
        self.closed = False
        self.ready = asyncio.Event()

    def __call__(self, batch: List[Tuple[str, bytes, Optional[bytes], bytes]]) -> None:
        for raw in batch:
            if len(self.items) >= self.maxlen:
                self.items.popleft()
                self.dropped += 1
            self.items.append(Message._from_native(raw, self.decode))
        self.ready.set()

    def close(self) -> None:
        self.closed = True
        self.ready.set()

    async def get(self, timeout: Optional[float]) -> Optional[Message]:
        """The next message; None after ``timeout`` seconds or once closed."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while not self.items:
            if self.closed:
                return None
            self.ready.clear()
            if deadline is None:
                await self.ready.wait()
            else:
                left = deadline - loop.time()
                if left <= 0:
                    return None
                try:
                    await asyncio.wait_for(self.ready.wait(), left)
                except asyncio.TimeoutError:
                    return None
        return self.items.popleft()
