"""Type aliases used in haven's signatures."""

from __future__ import annotations

import datetime
from typing import Union

__all__ = ["KeyT", "EncodableT", "ReplyT", "ExpiryT", "AbsExpiryT", "ScoreT"]

#: A key or field name.
KeyT = Union[bytes, str, memoryview]
#: A value haven can send: bytes-like, str (UTF-8), int or float (bool is refused).
EncodableT = Union[bytes, bytearray, memoryview, str, int, float]
#: A string reply: bytes, or str with decode_responses=True.
ReplyT = Union[bytes, str]
#: A relative expiry: seconds/milliseconds as int, or a timedelta.
ExpiryT = Union[int, datetime.timedelta]
#: An absolute expiry: unix time as int, or a datetime.
AbsExpiryT = Union[int, datetime.datetime]
#: A sorted-set score or bound (e.g. 1.5, "-inf", "(3").
ScoreT = Union[float, int, str]
