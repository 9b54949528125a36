# The typed commands, written once. `python codegen/generate.py` turns this
# template into python/haven/_commands.py with three classes:
#   AsyncCommands     R[X] -> Awaitable[X]   (haven.Client)
#   SyncCommands      R[X] -> X              (haven.SyncClient)
#   PipelineCommands  R[X] -> the pipeline   (pipelines and transactions)
# Every method builds the argument tuple and names the reply shaper; the
# class's `_exec(args, callback=None, timeout_ms=None)` does the rest.
# --- header (copied as is) ---
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple, TypeVar, Union

from . import _replies as r
from ._types import AbsExpiryT, EncodableT, ExpiryT, KeyT, ReplyT, ScoreT

_P = TypeVar("_P", bound="PipelineCommands")

#: CLIENT KILL's filters by keyword (the server's words).
_CLIENT_KILL_FILTERS = {
    name.lower().replace("-", "_"): name
    for base in ("ID", "TYPE", "USER", "ADDR", "LADDR", "NAME", "IDLE", "FLAGS", "LIB-NAME", "LIB-VER", "DB", "CAPA", "IP")
    for name in (base, "NOT-" + base)
}
_CLIENT_KILL_FILTERS.update(skipme="SKIPME", maxage="MAXAGE")


def _sort(command: str, key: Any, start: Optional[int], num: Optional[int], by: Any, get: Any, desc: bool,
          alpha: bool, store: Any, groups: bool) -> Tuple[List[Any], Any]:
    """SORT / SORT_RO's arguments and reply shape (redis-py's parameters)."""
    if (start is None) != (num is None):
        raise ValueError(f"{command.lower()}: start and num go together")
    args: List[Any] = [command, key]
    if by is not None:
        args += ["BY", by]
    if start is not None:
        args += ["LIMIT", start, num]
    gets = [] if get is None else [get] if isinstance(get, (str, bytes, bytearray, memoryview)) else list(get)
    for pattern in gets:
        args += ["GET", pattern]
    if desc:
        args.append("DESC")
    if alpha:
        args.append("ALPHA")
    if store is not None:
        args += ["STORE", store]
    if not groups:
        return args, None
    if len(gets) < 2:
        raise ValueError(f"{command.lower()}: groups needs at least two get patterns")
    n = len(gets)
    return args, lambda v: v if not isinstance(v, list) else [tuple(v[i : i + n]) for i in range(0, len(v), n)]
# --- class ---


class _Commands:
    _request_timeout_ms: int

    # ------------------------------------------------------------ strings --

    def get(self, name: KeyT) -> R[Optional[ReplyT]]:
        """The value of ``name``, or None if it does not exist."""
        return self._exec(("GET", name))

    def set(
        self,
        name: KeyT,
        value: EncodableT,
        ex: Optional[ExpiryT] = None,
        px: Optional[ExpiryT] = None,
        nx: bool = False,
        xx: bool = False,
        keepttl: bool = False,
        get: bool = False,
        exat: Optional[AbsExpiryT] = None,
        pxat: Optional[AbsExpiryT] = None,
    ) -> R[Union[bool, None, ReplyT]]:
        """Sets ``name`` to ``value``. ``ex``/``px``: expire after seconds or
        milliseconds (int or timedelta); ``exat``/``pxat``: at a unix time;
        ``nx``: only if absent; ``xx``: only if present; ``keepttl``: keep the
        current TTL; ``get``: return the old value. Returns True, or None when
        ``nx``/``xx`` prevented the write (with ``get``: the old value)."""
        args: List[Any] = ["SET", name, value]
        if ex is not None:
            args += ["EX", r.seconds("ex", ex)]
        if px is not None:
            args += ["PX", r.millis("px", px)]
        if exat is not None:
            args += ["EXAT", r.unix_seconds("exat", exat)]
        if pxat is not None:
            args += ["PXAT", r.unix_millis("pxat", pxat)]
        if keepttl:
            args.append("KEEPTTL")
        if nx:
            args.append("NX")
        if xx:
            args.append("XX")
        if get:
            args.append("GET")
            return self._exec(args)
        return self._exec(args, r.ok)

    def mget(self, keys: Union[KeyT, Sequence[KeyT]], *args: KeyT) -> R[List[Optional[ReplyT]]]:
        """The values of several keys (None for missing ones), in order."""
        return self._exec(["MGET", *r.list_or_args("keys", keys, args)])

    def mset(self, mapping: Mapping[KeyT, EncodableT]) -> R[bool]:
        """Sets every key of ``mapping`` to its value. Returns True."""
        return self._exec(["MSET", *r.mapping_items("mapping", mapping)], r.ok)

    def msetnx(self, mapping: Mapping[KeyT, EncodableT]) -> R[bool]:
        """Sets the keys of ``mapping`` only if none exists. True if set."""
        return self._exec(["MSETNX", *r.mapping_items("mapping", mapping)], r.to_bool)

    def setnx(self, name: KeyT, value: EncodableT) -> R[bool]:
        """Sets ``name`` only if it does not exist. True if set."""
        return self._exec(("SETNX", name, value), r.to_bool)

    def setex(self, name: KeyT, time: ExpiryT, value: EncodableT) -> R[bool]:
        """Sets ``name`` to expire after ``time`` seconds. Returns True."""
        return self._exec(("SETEX", name, r.seconds("time", time), value), r.ok)

    def psetex(self, name: KeyT, time_ms: ExpiryT, value: EncodableT) -> R[bool]:
        """Sets ``name`` to expire after ``time_ms`` milliseconds. Returns True."""
        return self._exec(("PSETEX", name, r.millis("time_ms", time_ms), value), r.ok)

    def getdel(self, name: KeyT) -> R[Optional[ReplyT]]:
        """Gets ``name`` and deletes it."""
        return self._exec(("GETDEL", name))

    def getex(
        self,
        name: KeyT,
        ex: Optional[ExpiryT] = None,
        px: Optional[ExpiryT] = None,
        exat: Optional[AbsExpiryT] = None,
        pxat: Optional[AbsExpiryT] = None,
        persist: bool = False,
    ) -> R[Optional[ReplyT]]:
        """Gets ``name`` and sets or removes (``persist``) its expiry."""
        args: List[Any] = ["GETEX", name]
        if ex is not None:
            args += ["EX", r.seconds("ex", ex)]
        if px is not None:
            args += ["PX", r.millis("px", px)]
        if exat is not None:
            args += ["EXAT", r.unix_seconds("exat", exat)]
        if pxat is not None:
            args += ["PXAT", r.unix_millis("pxat", pxat)]
        if persist:
            args.append("PERSIST")
        return self._exec(args)

    def incr(self, name: KeyT, amount: int = 1) -> R[int]:
        """Adds ``amount`` to the integer at ``name``; returns the new value."""
        return self._exec(("INCRBY", name, amount))

    def incrby(self, name: KeyT, amount: int = 1) -> R[int]:
        """Adds ``amount`` to the integer at ``name``; returns the new value."""
        return self._exec(("INCRBY", name, amount))

    def incrbyfloat(self, name: KeyT, amount: float = 1.0) -> R[float]:
        """Adds ``amount`` to the number at ``name``; returns the new value."""
        return self._exec(("INCRBYFLOAT", name, amount), r.to_float)

    def decr(self, name: KeyT, amount: int = 1) -> R[int]:
        """Subtracts ``amount`` from the integer at ``name``; returns the new value."""
        return self._exec(("DECRBY", name, amount))

    def decrby(self, name: KeyT, amount: int = 1) -> R[int]:
        """Subtracts ``amount`` from the integer at ``name``; returns the new value."""
        return self._exec(("DECRBY", name, amount))

    def append(self, key: KeyT, value: EncodableT) -> R[int]:
        """Appends ``value`` to the string at ``key``; returns the new length."""
        return self._exec(("APPEND", key, value))

    def strlen(self, name: KeyT) -> R[int]:
        """The length of the string at ``name`` (0 if missing)."""
        return self._exec(("STRLEN", name))

    def getrange(self, key: KeyT, start: int, end: int) -> R[ReplyT]:
        """The substring of the value at ``key`` from ``start`` to ``end`` (inclusive)."""
        return self._exec(("GETRANGE", key, start, end))

    def setrange(self, name: KeyT, offset: int, value: EncodableT) -> R[int]:
        """Overwrites the string at ``name`` from ``offset``; returns the new length."""
        return self._exec(("SETRANGE", name, offset, value))

    # ------------------------------------------------------ keys, expiry --

    def delete(self, *names: KeyT) -> R[int]:
        """Deletes keys; returns how many existed."""
        return self._exec(("DEL", *names))

    def unlink(self, *names: KeyT) -> R[int]:
        """Deletes keys, reclaiming memory in the background; returns how many existed."""
        return self._exec(("UNLINK", *names))

    def exists(self, *names: KeyT) -> R[int]:
        """How many of the keys exist (a key given twice counts twice)."""
        return self._exec(("EXISTS", *names))

    def touch(self, *names: KeyT) -> R[int]:
        """Updates the keys' last access time; returns how many exist."""
        return self._exec(("TOUCH", *names))

    def _expire_args(self, cmd: str, name: KeyT, value: int, nx: bool, xx: bool, gt: bool, lt: bool) -> List[Any]:
        args: List[Any] = [cmd, name, value]
        for flag, on in (("NX", nx), ("XX", xx), ("GT", gt), ("LT", lt)):
            if on:
                args.append(flag)
        return args

    def expire(
        self, name: KeyT, time: ExpiryT, nx: bool = False, xx: bool = False, gt: bool = False, lt: bool = False
    ) -> R[bool]:
        """Expires ``name`` after ``time`` seconds (int or timedelta). True if set."""
        return self._exec(self._expire_args("EXPIRE", name, r.seconds("time", time), nx, xx, gt, lt), r.to_bool)

    def pexpire(
        self, name: KeyT, time: ExpiryT, nx: bool = False, xx: bool = False, gt: bool = False, lt: bool = False
    ) -> R[bool]:
        """Expires ``name`` after ``time`` milliseconds (int or timedelta). True if set."""
        return self._exec(self._expire_args("PEXPIRE", name, r.millis("time", time), nx, xx, gt, lt), r.to_bool)

    def expireat(
        self, name: KeyT, when: AbsExpiryT, nx: bool = False, xx: bool = False, gt: bool = False, lt: bool = False
    ) -> R[bool]:
        """Expires ``name`` at ``when`` (unix seconds or datetime). True if set."""
        return self._exec(self._expire_args("EXPIREAT", name, r.unix_seconds("when", when), nx, xx, gt, lt), r.to_bool)

    def pexpireat(
        self, name: KeyT, when: AbsExpiryT, nx: bool = False, xx: bool = False, gt: bool = False, lt: bool = False
    ) -> R[bool]:
        """Expires ``name`` at ``when`` (unix milliseconds or datetime). True if set."""
        return self._exec(self._expire_args("PEXPIREAT", name, r.unix_millis("when", when), nx, xx, gt, lt), r.to_bool)

    def ttl(self, name: KeyT) -> R[int]:
        """Seconds until ``name`` expires; -1 without expiry, -2 if missing."""
        return self._exec(("TTL", name))

    def pttl(self, name: KeyT) -> R[int]:
        """Milliseconds until ``name`` expires; -1 without expiry, -2 if missing."""
        return self._exec(("PTTL", name))

    def persist(self, name: KeyT) -> R[bool]:
        """Removes the expiry of ``name``. True if it had one."""
        return self._exec(("PERSIST", name), r.to_bool)

    def type(self, name: KeyT) -> R[ReplyT]:
        """The type of ``name``: string, list, set, zset, hash, stream or none."""
        return self._exec(("TYPE", name))

    def rename(self, src: KeyT, dst: KeyT) -> R[bool]:
        """Renames ``src`` to ``dst`` (overwriting it). Returns True."""
        return self._exec(("RENAME", src, dst), r.ok)

    def renamenx(self, src: KeyT, dst: KeyT) -> R[bool]:
        """Renames ``src`` to ``dst`` only if ``dst`` does not exist. True if renamed."""
        return self._exec(("RENAMENX", src, dst), r.to_bool)

    def keys(self, pattern: KeyT = "*") -> R[List[ReplyT]]:
        """Every key matching ``pattern``. Blocks the server: prefer scan_iter."""
        return self._exec(("KEYS", pattern))

    def randomkey(self) -> R[Optional[ReplyT]]:
        """A random key, or None if the database is empty."""
        return self._exec(("RANDOMKEY",))

    def scan(
        self,
        cursor: Union[int, str] = 0,
        match: Optional[KeyT] = None,
        count: Optional[int] = None,
        _type: Optional[str] = None,
    ) -> R[Tuple[Union[int, str], List[ReplyT]]]:
        """One SCAN step: (next cursor, keys). A cursor of 0 ends the iteration.
        On a cluster the step walks the whole cluster (every primary, safe
        across slot migrations and failovers) and the cursor is text to pass
        back as it is."""
        args: List[Any] = ["SCAN", cursor]
        if match is not None:
            args += ["MATCH", match]
        if count is not None:
            args += ["COUNT", count]
        if _type is not None:
            args += ["TYPE", _type]
        return self._exec(args, r.scan_keys)

    # ------------------------------------------------------------- hashes --

    def hget(self, name: KeyT, key: KeyT) -> R[Optional[ReplyT]]:
        """The value of field ``key`` in hash ``name``."""
        return self._exec(("HGET", name, key))

    def hset(
        self,
        name: KeyT,
        key: Optional[KeyT] = None,
        value: Optional[EncodableT] = None,
        mapping: Optional[Mapping[KeyT, EncodableT]] = None,
        items: Optional[Sequence[Any]] = None,
    ) -> R[int]:
        """Sets ``key`` to ``value``, every pair of ``mapping``, and the flat
        field/value list ``items`` in hash ``name``; returns the fields added."""
        args: List[Any] = ["HSET", name]
        if key is not None:
            args += [key, value]
        if mapping is not None:
            args += r.mapping_items("mapping", mapping)
        if items is not None:
            args += list(items)
        if len(args) == 2:
            raise ValueError("hset: give key and value, mapping or items")
        return self._exec(args)

    def hsetnx(self, name: KeyT, key: KeyT, value: EncodableT) -> R[bool]:
        """Sets field ``key`` only if absent. True if set."""
        return self._exec(("HSETNX", name, key, value), r.to_bool)

    def hgetall(self, name: KeyT) -> R[Dict[ReplyT, ReplyT]]:
        """Every field and value of hash ``name`` as a dict."""
        return self._exec(("HGETALL", name), r.pairs)

    def hdel(self, name: KeyT, *keys: KeyT) -> R[int]:
        """Deletes fields; returns how many existed."""
        return self._exec(("HDEL", name, *keys))

    def hincrby(self, name: KeyT, key: KeyT, amount: int = 1) -> R[int]:
        """Adds ``amount`` to the integer field ``key``; returns the new value."""
        return self._exec(("HINCRBY", name, key, amount))

    def hincrbyfloat(self, name: KeyT, key: KeyT, amount: float = 1.0) -> R[float]:
        """Adds ``amount`` to the number field ``key``; returns the new value."""
        return self._exec(("HINCRBYFLOAT", name, key, amount), r.to_float)

    def hkeys(self, name: KeyT) -> R[List[ReplyT]]:
        """The field names of hash ``name``."""
        return self._exec(("HKEYS", name))

    def hvals(self, name: KeyT) -> R[List[ReplyT]]:
        """The values of hash ``name``."""
        return self._exec(("HVALS", name))

    def hlen(self, name: KeyT) -> R[int]:
        """The number of fields in hash ``name``."""
        return self._exec(("HLEN", name))

    def hmget(self, name: KeyT, keys: Union[KeyT, Sequence[KeyT]], *args: KeyT) -> R[List[Optional[ReplyT]]]:
        """The values of several fields (None for missing ones), in order."""
        return self._exec(["HMGET", name, *r.list_or_args("keys", keys, args)])

    def hexists(self, name: KeyT, key: KeyT) -> R[bool]:
        """Whether field ``key`` exists in hash ``name``."""
        return self._exec(("HEXISTS", name, key), r.to_bool)

    def hstrlen(self, name: KeyT, key: KeyT) -> R[int]:
        """The length of the value of field ``key``."""
        return self._exec(("HSTRLEN", name, key))

    def hscan(
        self, name: KeyT, cursor: int = 0, match: Optional[KeyT] = None, count: Optional[int] = None
    ) -> R[Tuple[int, Dict[ReplyT, ReplyT]]]:
        """One HSCAN step: (next cursor, {field: value})."""
        args: List[Any] = ["HSCAN", name, cursor]
        if match is not None:
            args += ["MATCH", match]
        if count is not None:
            args += ["COUNT", count]
        return self._exec(args, r.scan_pairs)

    # -------------------------------------------------------------- lists --

    def lpush(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Pushes values at the head of list ``name``; returns its length."""
        return self._exec(("LPUSH", name, *values))

    def rpush(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Pushes values at the tail of list ``name``; returns its length."""
        return self._exec(("RPUSH", name, *values))

    def lpushx(self, name: KeyT, *values: EncodableT) -> R[int]:
        """LPUSH only if the list exists; returns its length."""
        return self._exec(("LPUSHX", name, *values))

    def rpushx(self, name: KeyT, *values: EncodableT) -> R[int]:
        """RPUSH only if the list exists; returns its length."""
        return self._exec(("RPUSHX", name, *values))

    def lpop(self, name: KeyT, count: Optional[int] = None) -> R[Union[ReplyT, List[ReplyT], None]]:
        """Removes and returns the first element (or a list of ``count``)."""
        if count is not None:
            return self._exec(("LPOP", name, count))
        return self._exec(("LPOP", name))

    def rpop(self, name: KeyT, count: Optional[int] = None) -> R[Union[ReplyT, List[ReplyT], None]]:
        """Removes and returns the last element (or a list of ``count``)."""
        if count is not None:
            return self._exec(("RPOP", name, count))
        return self._exec(("RPOP", name))

    def lrange(self, name: KeyT, start: int, end: int) -> R[List[ReplyT]]:
        """Elements ``start`` to ``end`` (inclusive; negative counts from the end)."""
        return self._exec(("LRANGE", name, start, end))

    def llen(self, name: KeyT) -> R[int]:
        """The length of list ``name``."""
        return self._exec(("LLEN", name))

    def lindex(self, name: KeyT, index: int) -> R[Optional[ReplyT]]:
        """The element at ``index``, or None."""
        return self._exec(("LINDEX", name, index))

    def lset(self, name: KeyT, index: int, value: EncodableT) -> R[bool]:
        """Sets the element at ``index``. Returns True."""
        return self._exec(("LSET", name, index, value), r.ok)

    def lrem(self, name: KeyT, count: int, value: EncodableT) -> R[int]:
        """Removes ``count`` occurrences of ``value`` (0: all; negative: from
        the tail); returns how many were removed."""
        return self._exec(("LREM", name, count, value))

    def ltrim(self, name: KeyT, start: int, end: int) -> R[bool]:
        """Keeps only elements ``start`` to ``end``. Returns True."""
        return self._exec(("LTRIM", name, start, end), r.ok)

    def linsert(self, name: KeyT, where: str, refvalue: EncodableT, value: EncodableT) -> R[int]:
        """Inserts ``value`` BEFORE or AFTER (``where``) ``refvalue``; returns the new length or -1."""
        return self._exec(("LINSERT", name, where, refvalue, value))

    def lmove(self, first_list: KeyT, second_list: KeyT, src: str = "LEFT", dest: str = "RIGHT") -> R[Optional[ReplyT]]:
        """Moves an element from one end of ``first_list`` to an end of ``second_list``."""
        return self._exec(("LMOVE", first_list, second_list, src, dest))

    def rpoplpush(self, src: KeyT, dst: KeyT) -> R[Optional[ReplyT]]:
        """Moves the last element of ``src`` to the head of ``dst``."""
        return self._exec(("RPOPLPUSH", src, dst))

    def blpop(self, keys: Union[KeyT, Sequence[KeyT]], timeout: float = 0) -> R[Optional[Tuple[ReplyT, ReplyT]]]:
        """Pops the first element of the first non-empty list, waiting up to
        ``timeout`` seconds (0: forever). Returns (key, value) or None.

        The wait runs on a dedicated connection to that node, so other
        requests of the client are not held up; cancelling the awaiting task
        unblocks it on the server (nothing is popped)."""
        deadline = r.blocking_timeout_ms(timeout, self._request_timeout_ms)
        return self._exec(["BLPOP", *r.list_or_args("keys", keys, ()), timeout], r.tuple_or_none, deadline)

    def brpop(self, keys: Union[KeyT, Sequence[KeyT]], timeout: float = 0) -> R[Optional[Tuple[ReplyT, ReplyT]]]:
        """Pops the last element of the first non-empty list, waiting up to
        ``timeout`` seconds (0: forever). Returns (key, value) or None. Like
        blpop, the wait runs on a dedicated connection."""
        deadline = r.blocking_timeout_ms(timeout, self._request_timeout_ms)
        return self._exec(["BRPOP", *r.list_or_args("keys", keys, ()), timeout], r.tuple_or_none, deadline)

    def blmove(
        self, first_list: KeyT, second_list: KeyT, timeout: float, src: str = "LEFT", dest: str = "RIGHT"
    ) -> R[Optional[ReplyT]]:
        """LMOVE that waits up to ``timeout`` seconds for an element (on a
        dedicated connection, like blpop)."""
        deadline = r.blocking_timeout_ms(timeout, self._request_timeout_ms)
        return self._exec(("BLMOVE", first_list, second_list, src, dest, timeout), None, deadline)

    # --------------------------------------------------------------- sets --

    def sadd(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Adds members to set ``name``; returns how many were new."""
        return self._exec(("SADD", name, *values))

    def srem(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Removes members; returns how many were there."""
        return self._exec(("SREM", name, *values))

    def smembers(self, name: KeyT) -> R[Set[ReplyT]]:
        """The members of set ``name``."""
        return self._exec(("SMEMBERS", name), r.to_set)

    def sismember(self, name: KeyT, value: EncodableT) -> R[bool]:
        """Whether ``value`` is a member of set ``name``."""
        return self._exec(("SISMEMBER", name, value), r.to_bool)

    def smismember(self, name: KeyT, values: Union[EncodableT, Sequence[EncodableT]], *args: EncodableT) -> R[List[bool]]:
        """For each value, whether it is a member."""
        return self._exec(["SMISMEMBER", name, *r.list_or_args("values", values, args)], r.bools)

    def scard(self, name: KeyT) -> R[int]:
        """The number of members of set ``name``."""
        return self._exec(("SCARD", name))

    def spop(self, name: KeyT, count: Optional[int] = None) -> R[Union[ReplyT, List[ReplyT], None]]:
        """Removes and returns a random member (or a list of ``count``)."""
        if count is not None:
            return self._exec(("SPOP", name, count))
        return self._exec(("SPOP", name))

    def srandmember(self, name: KeyT, number: Optional[int] = None) -> R[Union[ReplyT, List[ReplyT], None]]:
        """A random member (or a list of ``number``), without removing it."""
        if number is not None:
            return self._exec(("SRANDMEMBER", name, number))
        return self._exec(("SRANDMEMBER", name))

    def smove(self, src: KeyT, dst: KeyT, value: EncodableT) -> R[bool]:
        """Moves ``value`` from set ``src`` to set ``dst``. True if moved."""
        return self._exec(("SMOVE", src, dst, value), r.to_bool)

    def sinter(self, keys: Union[KeyT, Sequence[KeyT]], *args: KeyT) -> R[Set[ReplyT]]:
        """The intersection of the sets."""
        return self._exec(["SINTER", *r.list_or_args("keys", keys, args)], r.to_set)

    def sunion(self, keys: Union[KeyT, Sequence[KeyT]], *args: KeyT) -> R[Set[ReplyT]]:
        """The union of the sets."""
        return self._exec(["SUNION", *r.list_or_args("keys", keys, args)], r.to_set)

    def sdiff(self, keys: Union[KeyT, Sequence[KeyT]], *args: KeyT) -> R[Set[ReplyT]]:
        """The members of the first set that are in none of the others."""
        return self._exec(["SDIFF", *r.list_or_args("keys", keys, args)], r.to_set)

    def sscan(
        self, name: KeyT, cursor: int = 0, match: Optional[KeyT] = None, count: Optional[int] = None
    ) -> R[Tuple[int, List[ReplyT]]]:
        """One SSCAN step: (next cursor, members)."""
        args: List[Any] = ["SSCAN", name, cursor]
        if match is not None:
            args += ["MATCH", match]
        if count is not None:
            args += ["COUNT", count]
        return self._exec(args, r.scan_keys)

    # -------------------------------------------------------- sorted sets --

    def zadd(
        self,
        name: KeyT,
        mapping: Mapping[EncodableT, ScoreT],
        nx: bool = False,
        xx: bool = False,
        ch: bool = False,
        incr: bool = False,
        gt: bool = False,
        lt: bool = False,
    ) -> R[Union[int, float, None]]:
        """Adds members with scores (``mapping``: member -> score). Returns
        the members added (changed, with ``ch``); with ``incr`` the new score
        of the single member (None if nx/xx prevented it)."""
        if not hasattr(mapping, "items"):
            raise TypeError(f"mapping: expected a dict of member to score, got {type(mapping).__name__}")
        if not mapping:
            raise ValueError("mapping: at least one member is needed")
        if incr and len(mapping) != 1:
            raise ValueError("mapping: incr works with exactly one member")
        args: List[Any] = ["ZADD", name]
        for flag, on in (("NX", nx), ("XX", xx), ("GT", gt), ("LT", lt), ("CH", ch), ("INCR", incr)):
            if on:
                args.append(flag)
        for member, score in mapping.items():
            args += [score, member]
        return self._exec(args, r.zadd_reply(incr))

    def zrange(
        self,
        name: KeyT,
        start: Union[int, str],
        end: Union[int, str],
        desc: bool = False,
        withscores: bool = False,
        score_cast_func: Callable[[Any], Any] = float,
        byscore: bool = False,
        bylex: bool = False,
        offset: Optional[int] = None,
        num: Optional[int] = None,
    ) -> R[List[Any]]:
        """Members from ``start`` to ``end`` (ranks, or scores with ``byscore``,
        or lex ranges with ``bylex``); ``desc`` reverses; ``offset``/``num``
        limit. With ``withscores``: [(member, score)]."""
        args: List[Any] = ["ZRANGE", name, start, end]
        if byscore:
            args.append("BYSCORE")
        if bylex:
            args.append("BYLEX")
        if desc:
            args.append("REV")
        if offset is not None or num is not None:
            if offset is None or num is None:
                raise ValueError("offset and num: give both or neither")
            args += ["LIMIT", offset, num]
        if withscores:
            args.append("WITHSCORES")
            return self._exec(args, r.scored(score_cast_func))
        return self._exec(args)

    def zrevrange(
        self,
        name: KeyT,
        start: int,
        end: int,
        withscores: bool = False,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> R[List[Any]]:
        """Members from rank ``start`` to ``end``, highest score first."""
        return self.zrange(name, start, end, desc=True, withscores=withscores, score_cast_func=score_cast_func)

    def zrangebyscore(
        self,
        name: KeyT,
        min: ScoreT,
        max: ScoreT,
        start: Optional[int] = None,
        num: Optional[int] = None,
        withscores: bool = False,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> R[List[Any]]:
        """Members with scores within [``min``, ``max``] ("(" for exclusive,
        "-inf"/"+inf"), lowest first; ``start``/``num`` limit."""
        args: List[Any] = ["ZRANGEBYSCORE", name, min, max]
        if start is not None or num is not None:
            if start is None or num is None:
                raise ValueError("start and num: give both or neither")
            args += ["LIMIT", start, num]
        if withscores:
            args.append("WITHSCORES")
            return self._exec(args, r.scored(score_cast_func))
        return self._exec(args)

    def zrevrangebyscore(
        self,
        name: KeyT,
        max: ScoreT,
        min: ScoreT,
        start: Optional[int] = None,
        num: Optional[int] = None,
        withscores: bool = False,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> R[List[Any]]:
        """Members with scores within [``min``, ``max``], highest first."""
        args: List[Any] = ["ZREVRANGEBYSCORE", name, max, min]
        if start is not None or num is not None:
            if start is None or num is None:
                raise ValueError("start and num: give both or neither")
            args += ["LIMIT", start, num]
        if withscores:
            args.append("WITHSCORES")
            return self._exec(args, r.scored(score_cast_func))
        return self._exec(args)

    def zscore(self, name: KeyT, value: EncodableT) -> R[Optional[float]]:
        """The score of ``value``, or None."""
        return self._exec(("ZSCORE", name, value), r.float_or_none)

    def zmscore(self, key: KeyT, members: Sequence[EncodableT]) -> R[List[Optional[float]]]:
        """The scores of several members (None for missing ones)."""
        return self._exec(["ZMSCORE", key, *r.list_or_args("members", members, ())], r.floats_or_none)

    def zincrby(self, name: KeyT, amount: float, value: EncodableT) -> R[float]:
        """Adds ``amount`` to the score of ``value``; returns the new score."""
        return self._exec(("ZINCRBY", name, amount, value), r.to_float)

    def zrem(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Removes members; returns how many were there."""
        return self._exec(("ZREM", name, *values))

    def zcard(self, name: KeyT) -> R[int]:
        """The number of members of sorted set ``name``."""
        return self._exec(("ZCARD", name))

    def zcount(self, name: KeyT, min: ScoreT, max: ScoreT) -> R[int]:
        """How many members have scores within [``min``, ``max``]."""
        return self._exec(("ZCOUNT", name, min, max))

    def zrank(self, name: KeyT, value: EncodableT, withscore: bool = False) -> R[Any]:
        """The rank of ``value`` (lowest score first), or None; with
        ``withscore`` [rank, score]."""
        if withscore:
            return self._exec(("ZRANK", name, value, "WITHSCORE"), r.rank_reply)
        return self._exec(("ZRANK", name, value))

    def zrevrank(self, name: KeyT, value: EncodableT, withscore: bool = False) -> R[Any]:
        """The rank of ``value`` (highest score first), or None."""
        if withscore:
            return self._exec(("ZREVRANK", name, value, "WITHSCORE"), r.rank_reply)
        return self._exec(("ZREVRANK", name, value))

    def zpopmin(self, name: KeyT, count: Optional[int] = None) -> R[List[Tuple[Any, float]]]:
        """Removes and returns the lowest-scored members as [(member, score)]."""
        args: List[Any] = ["ZPOPMIN", name] + ([count] if count is not None else [])
        return self._exec(args, r.popped(count is not None))

    def zpopmax(self, name: KeyT, count: Optional[int] = None) -> R[List[Tuple[Any, float]]]:
        """Removes and returns the highest-scored members as [(member, score)]."""
        args: List[Any] = ["ZPOPMAX", name] + ([count] if count is not None else [])
        return self._exec(args, r.popped(count is not None))

    def zremrangebyscore(self, name: KeyT, min: ScoreT, max: ScoreT) -> R[int]:
        """Removes members with scores within [``min``, ``max``]; returns how many."""
        return self._exec(("ZREMRANGEBYSCORE", name, min, max))

    def zremrangebyrank(self, name: KeyT, min: int, max: int) -> R[int]:
        """Removes members ranked ``min`` to ``max``; returns how many."""
        return self._exec(("ZREMRANGEBYRANK", name, min, max))

    def zscan(
        self,
        name: KeyT,
        cursor: int = 0,
        match: Optional[KeyT] = None,
        count: Optional[int] = None,
        score_cast_func: Callable[[Any], Any] = float,
    ) -> R[Tuple[int, List[Tuple[Any, Any]]]]:
        """One ZSCAN step: (next cursor, [(member, score)])."""
        args: List[Any] = ["ZSCAN", name, cursor]
        if match is not None:
            args += ["MATCH", match]
        if count is not None:
            args += ["COUNT", count]
        return self._exec(args, r.scan_scored(score_cast_func))

    # ------------------------------------------------- sorted sets (more) --

    def _zaggregate(
        self, command: str, dest: Optional[KeyT], keys: Union[Sequence[KeyT], Mapping[KeyT, float]],
        aggregate: Optional[str], withscores: bool,
    ) -> List[Any]:
        args: List[Any] = [command] + ([dest] if dest is not None else [])
        weights: List[Any] = []
        if isinstance(keys, Mapping):
            args += [len(keys), *keys.keys()]
            weights = list(keys.values())
        else:
            names = r.list_or_args("keys", keys, ())
            args += [len(names), *names]
        if weights:
            args += ["WEIGHTS", *weights]
        if aggregate is not None:
            args += ["AGGREGATE", aggregate]
        if withscores:
            args.append("WITHSCORES")
        return args

    def zunion(
        self, keys: Union[Sequence[KeyT], Mapping[KeyT, float]], aggregate: Optional[str] = None, withscores: bool = False
    ) -> R[List[Any]]:
        """The union of the sorted sets ``keys`` (a dict: key -> weight);
        ``aggregate``: "SUM", "MIN" or "MAX". With ``withscores``: [(member, score)]."""
        args = self._zaggregate("ZUNION", None, keys, aggregate, withscores)
        return self._exec(args, r.scored(float) if withscores else None)

    def zinter(
        self, keys: Union[Sequence[KeyT], Mapping[KeyT, float]], aggregate: Optional[str] = None, withscores: bool = False
    ) -> R[List[Any]]:
        """The intersection of the sorted sets ``keys`` (as zunion)."""
        args = self._zaggregate("ZINTER", None, keys, aggregate, withscores)
        return self._exec(args, r.scored(float) if withscores else None)

    def zdiff(self, keys: Sequence[KeyT], withscores: bool = False) -> R[List[Any]]:
        """Members of the first sorted set that are in none of the others."""
        names = r.list_or_args("keys", keys, ())
        args: List[Any] = ["ZDIFF", len(names), *names] + (["WITHSCORES"] if withscores else [])
        return self._exec(args, r.scored(float) if withscores else None)

    def zunionstore(
        self, dest: KeyT, keys: Union[Sequence[KeyT], Mapping[KeyT, float]], aggregate: Optional[str] = None
    ) -> R[int]:
        """Stores the union of ``keys`` at ``dest``; returns its size."""
        return self._exec(self._zaggregate("ZUNIONSTORE", dest, keys, aggregate, False))

    def zinterstore(
        self, dest: KeyT, keys: Union[Sequence[KeyT], Mapping[KeyT, float]], aggregate: Optional[str] = None
    ) -> R[int]:
        """Stores the intersection of ``keys`` at ``dest``; returns its size."""
        return self._exec(self._zaggregate("ZINTERSTORE", dest, keys, aggregate, False))

    def zdiffstore(self, dest: KeyT, keys: Sequence[KeyT]) -> R[int]:
        """Stores the difference of ``keys`` at ``dest``; returns its size."""
        names = r.list_or_args("keys", keys, ())
        return self._exec(("ZDIFFSTORE", dest, len(names), *names))

    def zrangestore(
        self,
        dest: KeyT,
        name: KeyT,
        start: Union[int, str],
        end: Union[int, str],
        byscore: bool = False,
        bylex: bool = False,
        desc: bool = False,
        offset: Optional[int] = None,
        num: Optional[int] = None,
    ) -> R[int]:
        """Stores the ZRANGE of ``name`` at ``dest``; returns its size."""
        args: List[Any] = ["ZRANGESTORE", dest, name, start, end]
        if byscore:
            args.append("BYSCORE")
        if bylex:
            args.append("BYLEX")
        if desc:
            args.append("REV")
        if offset is not None or num is not None:
            if offset is None or num is None:
                raise ValueError("offset and num: give both or neither")
            args += ["LIMIT", offset, num]
        return self._exec(args)

    def zmpop(
        self, num_keys: int, keys: Sequence[KeyT], min: bool = False, max: bool = False, count: Optional[int] = 1
    ) -> R[Optional[List[Any]]]:
        """Pops from the first non-empty sorted set of ``keys`` its lowest
        (``min``) or highest (``max``) members: [key, [(member, score)]] or None."""
        if min == max:
            raise ValueError("zmpop: give exactly one of min and max")
        args: List[Any] = ["ZMPOP", num_keys, *keys, "MIN" if min else "MAX"]
        if count is not None:
            args += ["COUNT", count]
        return self._exec(args, r.mpop_scored)

    def bzmpop(
        self, timeout: float, numkeys: int, keys: Sequence[KeyT], min: bool = False, max: bool = False,
        count: Optional[int] = 1,
    ) -> R[Optional[List[Any]]]:
        """zmpop, waiting up to ``timeout`` seconds (0: forever) on a dedicated connection."""
        if min == max:
            raise ValueError("bzmpop: give exactly one of min and max")
        deadline = r.blocking_timeout_ms(timeout, self._request_timeout_ms)
        args: List[Any] = ["BZMPOP", timeout, numkeys, *keys, "MIN" if min else "MAX"]
        if count is not None:
            args += ["COUNT", count]
        return self._exec(args, r.mpop_scored, deadline)

    # ------------------------------------------------------- lists (more) --

    def lmpop(self, num_keys: int, *args: KeyT, direction: str, count: Optional[int] = 1) -> R[Optional[List[Any]]]:
        """Pops from the first non-empty list of ``args`` (``direction``
        "LEFT" or "RIGHT"): [key, [elements]] or None."""
        cmd: List[Any] = ["LMPOP", num_keys, *args, direction]
        if count is not None:
            cmd += ["COUNT", count]
        return self._exec(cmd, r.list_or_none)

    def blmpop(
        self, timeout: float, numkeys: int, *args: KeyT, direction: str, count: Optional[int] = 1
    ) -> R[Optional[List[Any]]]:
        """lmpop, waiting up to ``timeout`` seconds (0: forever) on a dedicated connection."""
        deadline = r.blocking_timeout_ms(timeout, self._request_timeout_ms)
        cmd: List[Any] = ["BLMPOP", timeout, numkeys, *args, direction]
        if count is not None:
            cmd += ["COUNT", count]
        return self._exec(cmd, r.list_or_none, deadline)

    # --------------------------------------------------- hash field expiry --

    def _hexpire(
        self, command: str, name: KeyT, when: Any, fields: Sequence[KeyT], nx: bool, xx: bool, gt: bool, lt: bool
    ) -> Any:
        if not fields:
            raise ValueError(f"{command.lower()}: give at least one field")
        conditions = [c for c, on in (("NX", nx), ("XX", xx), ("GT", gt), ("LT", lt)) if on]
        if len(conditions) > 1:
            raise ValueError(f"{command.lower()}: nx, xx, gt and lt exclude each other")
        return self._exec((command, name, when, *conditions, "FIELDS", len(fields), *fields))

    def hexpire(
        self, name: KeyT, seconds: ExpiryT, *fields: KeyT, nx: bool = False, xx: bool = False, gt: bool = False,
        lt: bool = False,
    ) -> R[List[int]]:
        """Sets a TTL on hash fields (Valkey 9, Redis 7.4+). Per field: 1 set,
        0 condition not met, 2 deleted (TTL 0 or in the past), -2 no such field."""
        return self._hexpire("HEXPIRE", name, r.seconds("seconds", seconds), fields, nx, xx, gt, lt)

    def hpexpire(
        self, name: KeyT, milliseconds: ExpiryT, *fields: KeyT, nx: bool = False, xx: bool = False,
        gt: bool = False, lt: bool = False,
    ) -> R[List[int]]:
        """hexpire in milliseconds."""
        return self._hexpire("HPEXPIRE", name, r.millis("milliseconds", milliseconds), fields, nx, xx, gt, lt)

    def hexpireat(
        self, name: KeyT, unix_time_seconds: AbsExpiryT, *fields: KeyT, nx: bool = False, xx: bool = False,
        gt: bool = False, lt: bool = False,
    ) -> R[List[int]]:
        """hexpire at a unix time (seconds)."""
        when = r.unix_seconds("unix_time_seconds", unix_time_seconds)
        return self._hexpire("HEXPIREAT", name, when, fields, nx, xx, gt, lt)

    def hpexpireat(
        self, name: KeyT, unix_time_milliseconds: AbsExpiryT, *fields: KeyT, nx: bool = False, xx: bool = False,
        gt: bool = False, lt: bool = False,
    ) -> R[List[int]]:
        """hexpire at a unix time (milliseconds)."""
        when = r.unix_millis("unix_time_milliseconds", unix_time_milliseconds)
        return self._hexpire("HPEXPIREAT", name, when, fields, nx, xx, gt, lt)

    def _hfields(self, command: str, name: KeyT, fields: Sequence[KeyT]) -> Any:
        if not fields:
            raise ValueError(f"{command.lower()}: give at least one field")
        return self._exec((command, name, "FIELDS", len(fields), *fields))

    def httl(self, name: KeyT, *fields: KeyT) -> R[List[int]]:
        """Each field's remaining TTL in seconds (-1 none, -2 no such field)."""
        return self._hfields("HTTL", name, fields)

    def hpttl(self, name: KeyT, *fields: KeyT) -> R[List[int]]:
        """httl in milliseconds."""
        return self._hfields("HPTTL", name, fields)

    def hexpiretime(self, name: KeyT, *fields: KeyT) -> R[List[int]]:
        """Each field's expiry as a unix time in seconds (-1 none, -2 no such field)."""
        return self._hfields("HEXPIRETIME", name, fields)

    def hpexpiretime(self, name: KeyT, *fields: KeyT) -> R[List[int]]:
        """hexpiretime in milliseconds."""
        return self._hfields("HPEXPIRETIME", name, fields)

    def hpersist(self, name: KeyT, *fields: KeyT) -> R[List[int]]:
        """Removes the fields' TTLs: 1 removed, -1 had none, -2 no such field."""
        return self._hfields("HPERSIST", name, fields)

    def hgetex(
        self,
        name: KeyT,
        *fields: KeyT,
        ex: Optional[ExpiryT] = None,
        px: Optional[ExpiryT] = None,
        exat: Optional[AbsExpiryT] = None,
        pxat: Optional[AbsExpiryT] = None,
        persist: bool = False,
    ) -> R[List[Optional[ReplyT]]]:
        """The fields' values, setting (``ex``/``px``/``exat``/``pxat``) or
        removing (``persist``) their TTLs at once (Valkey 9, Redis 8)."""
        if not fields:
            raise ValueError("hgetex: give at least one field")
        args: List[Any] = ["HGETEX", name] + self._hexpiry("hgetex", ex, px, exat, pxat, persist, False)
        return self._exec(args + ["FIELDS", len(fields), *fields])

    def hsetex(
        self,
        name: KeyT,
        mapping: Mapping[KeyT, EncodableT],
        fnx: bool = False,
        fxx: bool = False,
        ex: Optional[ExpiryT] = None,
        px: Optional[ExpiryT] = None,
        exat: Optional[AbsExpiryT] = None,
        pxat: Optional[AbsExpiryT] = None,
        keepttl: bool = False,
    ) -> R[int]:
        """Sets hash fields with a TTL (Valkey 9, Redis 8); ``fnx``: only if
        none of the fields exists, ``fxx``: only if all exist. Returns 1 if
        set, 0 if the condition prevented it."""
        items = r.mapping_items("mapping", mapping)
        if not items:
            raise ValueError("hsetex: give at least one field")
        if fnx and fxx:
            raise ValueError("hsetex: fnx and fxx exclude each other")
        args: List[Any] = ["HSETEX", name] + (["FNX"] if fnx else []) + (["FXX"] if fxx else [])
        args += self._hexpiry("hsetex", ex, px, exat, pxat, False, keepttl)
        return self._exec(args + ["FIELDS", len(items) // 2, *items])

    def _hexpiry(
        self, what: str, ex: Any, px: Any, exat: Any, pxat: Any, persist: bool, keepttl: bool
    ) -> List[Any]:
        given = [
            (k, v)
            for k, v in (
                ("EX", None if ex is None else r.seconds("ex", ex)),
                ("PX", None if px is None else r.millis("px", px)),
                ("EXAT", None if exat is None else r.unix_seconds("exat", exat)),
                ("PXAT", None if pxat is None else r.unix_millis("pxat", pxat)),
            )
            if v is not None
        ]
        flags = [f for f, on in (("PERSIST", persist), ("KEEPTTL", keepttl)) if on]
        if len(given) + len(flags) > 1:
            raise ValueError(f"{what}: ex, px, exat, pxat, persist and keepttl exclude each other")
        return [x for kv in given for x in kv] + flags

    # ------------------------------------------------------------ streams --

    @staticmethod
    def _trim_args(maxlen: Optional[int], approximate: bool, minid: Optional[EncodableT], limit: Optional[int]) -> List[Any]:
        if maxlen is not None and minid is not None:
            raise ValueError("maxlen and minid exclude each other")
        args: List[Any] = []
        if maxlen is not None or minid is not None:
            args += ["MAXLEN" if maxlen is not None else "MINID"]
            if approximate:
                args.append("~")
            args.append(maxlen if maxlen is not None else minid)
            if limit is not None:
                args += ["LIMIT", limit]
        elif limit is not None:
            raise ValueError("limit needs maxlen or minid")
        return args

    def xadd(
        self,
        name: KeyT,
        fields: Mapping[KeyT, EncodableT],
        id: EncodableT = "*",
        maxlen: Optional[int] = None,
        approximate: bool = True,
        nomkstream: bool = False,
        minid: Optional[EncodableT] = None,
        limit: Optional[int] = None,
    ) -> R[Optional[ReplyT]]:
        """Appends an entry to stream ``name``; returns its id (None with
        ``nomkstream`` when the stream does not exist). ``maxlen``/``minid``
        trim it (``approximate``: "~")."""
        items = r.mapping_items("fields", fields)
        if not items:
            raise ValueError("xadd: fields must not be empty")
        args: List[Any] = ["XADD", name] + (["NOMKSTREAM"] if nomkstream else [])
        args += self._trim_args(maxlen, approximate, minid, limit)
        return self._exec(args + [id, *items])

    def xlen(self, name: KeyT) -> R[int]:
        """The number of entries in stream ``name``."""
        return self._exec(("XLEN", name))

    def xrange(
        self, name: KeyT, min: EncodableT = "-", max: EncodableT = "+", count: Optional[int] = None
    ) -> R[List[Tuple[ReplyT, Dict[Any, Any]]]]:
        """Entries from ``min`` to ``max`` as [(id, fields)]."""
        args: List[Any] = ["XRANGE", name, min, max] + (["COUNT", count] if count is not None else [])
        return self._exec(args, r.stream_entries)

    def xrevrange(
        self, name: KeyT, max: EncodableT = "+", min: EncodableT = "-", count: Optional[int] = None
    ) -> R[List[Tuple[ReplyT, Dict[Any, Any]]]]:
        """xrange, newest first."""
        args: List[Any] = ["XREVRANGE", name, max, min] + (["COUNT", count] if count is not None else [])
        return self._exec(args, r.stream_entries)

    def xdel(self, name: KeyT, *ids: EncodableT) -> R[int]:
        """Deletes entries by id; returns how many existed."""
        return self._exec(("XDEL", name, *ids))

    def xtrim(
        self, name: KeyT, maxlen: Optional[int] = None, approximate: bool = True, minid: Optional[EncodableT] = None,
        limit: Optional[int] = None,
    ) -> R[int]:
        """Trims stream ``name`` to ``maxlen`` entries or ids from ``minid``; returns how many were removed."""
        if maxlen is None and minid is None:
            raise ValueError("xtrim: give maxlen or minid")
        return self._exec(["XTRIM", name] + self._trim_args(maxlen, approximate, minid, limit))

    def _xread_args(self, streams: Mapping[KeyT, EncodableT], count: Optional[int], block: Optional[int]) -> Tuple[List[Any], Optional[int]]:
        if not isinstance(streams, Mapping) or not streams:
            raise TypeError("streams: expected a non-empty dict of stream name -> last id seen")
        args: List[Any] = []
        if count is not None:
            args += ["COUNT", count]
        deadline = None
        if block is not None:
            if isinstance(block, bool) or not isinstance(block, int) or block < 0:
                raise ValueError(f"block: expected milliseconds >= 0, got {block!r}")
            args += ["BLOCK", block]
            deadline = r.blocking_timeout_ms(block / 1000, self._request_timeout_ms)
        return args + ["STREAMS", *streams.keys(), *streams.values()], deadline

    def xread(
        self, streams: Mapping[KeyT, EncodableT], count: Optional[int] = None, block: Optional[int] = None
    ) -> R[List[List[Any]]]:
        """Entries after the given ids: ``streams`` maps name -> last id seen
        ("$": only new ones). ``block``: wait up to that many ms (0: forever),
        on a dedicated connection. Returns [[stream, [(id, fields)]]], [] if none."""
        args, deadline = self._xread_args(streams, count, block)
        return self._exec(["XREAD", *args], r.stream_read, deadline)

    def xreadgroup(
        self,
        groupname: EncodableT,
        consumername: EncodableT,
        streams: Mapping[KeyT, EncodableT],
        count: Optional[int] = None,
        block: Optional[int] = None,
        noack: bool = False,
    ) -> R[List[List[Any]]]:
        """xread as consumer ``consumername`` of group ``groupname``: id ">"
        reads entries never delivered to the group; another id re-reads this
        consumer's pending ones. ``noack``: no pending entry is kept."""
        args, deadline = self._xread_args(streams, count, block)
        head: List[Any] = ["XREADGROUP", "GROUP", groupname, consumername] + (["NOACK"] if noack else [])
        return self._exec(head + args, r.stream_read, deadline)

    def xgroup_create(
        self, name: KeyT, groupname: EncodableT, id: EncodableT = "$", mkstream: bool = False,
        entries_read: Optional[int] = None,
    ) -> R[bool]:
        """Creates consumer group ``groupname`` starting after ``id`` ("$":
        new entries only; "0": all); ``mkstream`` creates the stream. True."""
        args: List[Any] = ["XGROUP", "CREATE", name, groupname, id] + (["MKSTREAM"] if mkstream else [])
        if entries_read is not None:
            args += ["ENTRIESREAD", entries_read]
        return self._exec(args, r.ok)

    def xgroup_destroy(self, name: KeyT, groupname: EncodableT) -> R[int]:
        """Destroys a consumer group; 1 if it existed."""
        return self._exec(("XGROUP", "DESTROY", name, groupname))

    def xgroup_createconsumer(self, name: KeyT, groupname: EncodableT, consumername: EncodableT) -> R[int]:
        """Creates a consumer in a group; 1 if created."""
        return self._exec(("XGROUP", "CREATECONSUMER", name, groupname, consumername))

    def xgroup_delconsumer(self, name: KeyT, groupname: EncodableT, consumername: EncodableT) -> R[int]:
        """Deletes a consumer; returns how many pending entries it had."""
        return self._exec(("XGROUP", "DELCONSUMER", name, groupname, consumername))

    def xgroup_setid(
        self, name: KeyT, groupname: EncodableT, id: EncodableT, entries_read: Optional[int] = None
    ) -> R[bool]:
        """Moves a group's last-delivered id. True."""
        args: List[Any] = ["XGROUP", "SETID", name, groupname, id]
        if entries_read is not None:
            args += ["ENTRIESREAD", entries_read]
        return self._exec(args, r.ok)

    def xack(self, name: KeyT, groupname: EncodableT, *ids: EncodableT) -> R[int]:
        """Acknowledges entries of a group; returns how many were pending."""
        return self._exec(("XACK", name, groupname, *ids))

    def xpending(self, name: KeyT, groupname: EncodableT) -> R[Dict[str, Any]]:
        """The group's pending entries in summary: {"pending", "min", "max",
        "consumers": [{"name", "pending"}]}."""
        return self._exec(("XPENDING", name, groupname), r.xpending_summary)

    def xpending_range(
        self,
        name: KeyT,
        groupname: EncodableT,
        min: EncodableT,
        max: EncodableT,
        count: int,
        consumername: Optional[EncodableT] = None,
        idle: Optional[int] = None,
    ) -> R[List[Dict[str, Any]]]:
        """Pending entries from ``min`` to ``max`` (of one consumer, idle at
        least ``idle`` ms): [{"message_id", "consumer", "time_since_delivered",
        "times_delivered"}]."""
        args: List[Any] = ["XPENDING", name, groupname] + (["IDLE", idle] if idle is not None else [])
        args += [min, max, count] + ([consumername] if consumername is not None else [])
        return self._exec(args, r.xpending_range)

    def xclaim(
        self,
        name: KeyT,
        groupname: EncodableT,
        consumername: EncodableT,
        min_idle_time: int,
        message_ids: Sequence[EncodableT],
        idle: Optional[int] = None,
        time: Optional[int] = None,
        retrycount: Optional[int] = None,
        force: bool = False,
        justid: bool = False,
    ) -> R[List[Any]]:
        """Takes pending entries idle at least ``min_idle_time`` ms over for
        ``consumername``: [(id, fields)] (``justid``: the ids)."""
        ids = r.list_or_args("message_ids", message_ids, ())
        args: List[Any] = ["XCLAIM", name, groupname, consumername, min_idle_time, *ids]
        for token, value in (("IDLE", idle), ("TIME", time), ("RETRYCOUNT", retrycount)):
            if value is not None:
                args += [token, value]
        args += (["FORCE"] if force else []) + (["JUSTID"] if justid else [])
        return self._exec(args, r.xclaim(justid))

    def xautoclaim(
        self,
        name: KeyT,
        groupname: EncodableT,
        consumername: EncodableT,
        min_idle_time: int,
        start_id: EncodableT = "0-0",
        count: Optional[int] = None,
        justid: bool = False,
    ) -> R[List[Any]]:
        """Claims entries idle at least ``min_idle_time`` ms from ``start_id``
        on: [next start id, [(id, fields)] (``justid``: ids), [deleted ids]]."""
        args: List[Any] = ["XAUTOCLAIM", name, groupname, consumername, min_idle_time, start_id]
        args += (["COUNT", count] if count is not None else []) + (["JUSTID"] if justid else [])
        return self._exec(args, r.xautoclaim(justid))

    def xinfo_stream(self, name: KeyT, full: bool = False) -> R[Dict[str, Any]]:
        """The stream's details (str keys; first-entry/last-entry as (id, fields))."""
        return self._exec(("XINFO", "STREAM", name) + (("FULL",) if full else ()), r.xinfo_stream)

    def xinfo_groups(self, name: KeyT) -> R[List[Dict[str, Any]]]:
        """The stream's consumer groups, one dict each."""
        return self._exec(("XINFO", "GROUPS", name), r.list_of_maps)

    def xinfo_consumers(self, name: KeyT, groupname: EncodableT) -> R[List[Dict[str, Any]]]:
        """The group's consumers, one dict each."""
        return self._exec(("XINFO", "CONSUMERS", name, groupname), r.list_of_maps)

    # ---------------------------------------------------------------- geo --

    def geoadd(
        self, name: KeyT, values: Sequence[EncodableT], nx: bool = False, xx: bool = False, ch: bool = False
    ) -> R[int]:
        """Adds members: ``values`` is flat (longitude, latitude, member, ...).
        Returns how many were added (``ch``: changed too)."""
        if len(values) % 3 != 0 or not values:
            raise ValueError("geoadd: values must be (longitude, latitude, member) triples")
        if nx and xx:
            raise ValueError("geoadd: nx and xx exclude each other")
        args: List[Any] = ["GEOADD", name] + (["NX"] if nx else []) + (["XX"] if xx else []) + (["CH"] if ch else [])
        return self._exec(args + list(values))

    def geopos(self, name: KeyT, *values: EncodableT) -> R[List[Optional[Tuple[float, float]]]]:
        """Each member's (longitude, latitude), or None."""
        return self._exec(("GEOPOS", name, *values), r.geopos)

    def geodist(self, name: KeyT, place1: EncodableT, place2: EncodableT, unit: Optional[str] = None) -> R[Optional[float]]:
        """The distance between two members (``unit``: m, km, mi, ft), or None."""
        return self._exec(("GEODIST", name, place1, place2) + ((unit,) if unit else ()), r.float_or_none)

    def geohash(self, name: KeyT, *values: EncodableT) -> R[List[Optional[ReplyT]]]:
        """Each member's geohash string, or None."""
        return self._exec(("GEOHASH", name, *values))

    def _geosearch_args(
        self, member: Optional[EncodableT], longitude: Optional[float], latitude: Optional[float], unit: str,
        radius: Optional[float], width: Optional[float], height: Optional[float], sort: Optional[str],
        count: Optional[int], any: bool,
    ) -> List[Any]:
        if (member is None) == (longitude is None or latitude is None):
            raise ValueError("geosearch: give member, or longitude and latitude")
        if (radius is None) == (width is None or height is None):
            raise ValueError("geosearch: give radius, or width and height")
        args: List[Any] = ["FROMMEMBER", member] if member is not None else ["FROMLONLAT", longitude, latitude]
        args += ["BYRADIUS", radius, unit] if radius is not None else ["BYBOX", width, height, unit]
        if sort is not None:
            args.append(sort)
        if count is not None:
            args += ["COUNT", count] + (["ANY"] if any else [])
        elif any:
            raise ValueError("geosearch: any needs count")
        return args

    def geosearch(
        self,
        name: KeyT,
        member: Optional[EncodableT] = None,
        longitude: Optional[float] = None,
        latitude: Optional[float] = None,
        unit: str = "m",
        radius: Optional[float] = None,
        width: Optional[float] = None,
        height: Optional[float] = None,
        sort: Optional[str] = None,
        count: Optional[int] = None,
        any: bool = False,
        withcoord: bool = False,
        withdist: bool = False,
        withhash: bool = False,
    ) -> R[List[Any]]:
        """Members within ``radius`` (or a ``width`` x ``height`` box) of a
        member or a point; ``sort`` "ASC"/"DESC". With WITH* options each is
        [member, dist, hash, (lon, lat)] (those asked for, in that order)."""
        args = ["GEOSEARCH", name] + self._geosearch_args(
            member, longitude, latitude, unit, radius, width, height, sort, count, any
        )
        args += (["WITHCOORD"] if withcoord else []) + (["WITHDIST"] if withdist else []) + (["WITHHASH"] if withhash else [])
        return self._exec(args, r.geosearch(withdist, withhash, withcoord))

    def geosearchstore(
        self,
        dest: KeyT,
        name: KeyT,
        member: Optional[EncodableT] = None,
        longitude: Optional[float] = None,
        latitude: Optional[float] = None,
        unit: str = "m",
        radius: Optional[float] = None,
        width: Optional[float] = None,
        height: Optional[float] = None,
        sort: Optional[str] = None,
        count: Optional[int] = None,
        any: bool = False,
        storedist: bool = False,
    ) -> R[int]:
        """geosearch stored at ``dest`` (``storedist``: distances as scores); returns the count."""
        args = ["GEOSEARCHSTORE", dest, name] + self._geosearch_args(
            member, longitude, latitude, unit, radius, width, height, sort, count, any
        )
        return self._exec(args + (["STOREDIST"] if storedist else []))

    # -------------------------------------------------------- hyperloglog --

    def pfadd(self, name: KeyT, *values: EncodableT) -> R[int]:
        """Adds elements to a HyperLogLog; 1 if its estimate changed."""
        return self._exec(("PFADD", name, *values))

    def pfcount(self, *sources: KeyT) -> R[int]:
        """The estimated number of distinct elements (of the union of ``sources``)."""
        return self._exec(("PFCOUNT", *sources))

    def pfmerge(self, dest: KeyT, *sources: KeyT) -> R[bool]:
        """Merges HyperLogLogs into ``dest``. True."""
        return self._exec(("PFMERGE", dest, *sources), r.ok)

    # ------------------------------------------------------------ bitmaps --

    def setbit(self, name: KeyT, offset: int, value: int) -> R[int]:
        """Sets the bit at ``offset``; returns its previous value."""
        return self._exec(("SETBIT", name, offset, value))

    def getbit(self, name: KeyT, offset: int) -> R[int]:
        """The bit at ``offset``."""
        return self._exec(("GETBIT", name, offset))

    def bitcount(
        self, key: KeyT, start: Optional[int] = None, end: Optional[int] = None, mode: Optional[str] = None
    ) -> R[int]:
        """Set bits in the string (between ``start`` and ``end``, in BYTE or BIT ``mode``)."""
        if (start is None) != (end is None):
            raise ValueError("bitcount: give both start and end, or neither")
        args: List[Any] = ["BITCOUNT", key] + ([start, end] if start is not None else [])
        if mode is not None:
            if start is None:
                raise ValueError("bitcount: mode needs start and end")
            args.append(mode)
        return self._exec(args)

    def bitpos(
        self, key: KeyT, bit: int, start: Optional[int] = None, end: Optional[int] = None, mode: Optional[str] = None
    ) -> R[int]:
        """The position of the first ``bit`` (0 or 1), or -1."""
        if end is not None and start is None:
            raise ValueError("bitpos: end needs start")
        args: List[Any] = ["BITPOS", key, bit] + ([start] if start is not None else []) + ([end] if end is not None else [])
        if mode is not None:
            if end is None:
                raise ValueError("bitpos: mode needs start and end")
            args.append(mode)
        return self._exec(args)

    def bitop(self, operation: str, dest: KeyT, *keys: KeyT) -> R[int]:
        """AND, OR, XOR or NOT of ``keys`` into ``dest``; returns its length."""
        return self._exec(("BITOP", operation, dest, *keys))

    def bitfield(self, key: KeyT, operations: Sequence[Sequence[EncodableT]]) -> R[List[Optional[int]]]:
        """BITFIELD with ``operations`` in order, each a tuple such as
        ("GET", "u8", 0), ("SET", "i8", "#1", -3), ("INCRBY", "u8", 0, 10) or
        ("OVERFLOW", "SAT"). One result per GET/SET/INCRBY (None on FAIL overflow)."""
        args: List[Any] = ["BITFIELD", key]
        for i, op in enumerate(operations):
            if isinstance(op, (str, bytes)) or not isinstance(op, Sequence) or not op:
                raise TypeError(f"operations[{i}]: expected a tuple such as ('GET', 'u8', 0), got {op!r}")
            args += list(op)
        return self._exec(args)

    def bitfield_ro(
        self, key: KeyT, encoding: str, offset: Union[int, str], items: Optional[Sequence[Tuple[str, Union[int, str]]]] = None
    ) -> R[List[int]]:
        """Read-only BITFIELD GETs: (``encoding``, ``offset``) and then ``items``."""
        args: List[Any] = ["BITFIELD_RO", key, "GET", encoding, offset]
        for enc, off in items or []:
            args += ["GET", enc, off]
        return self._exec(args)

    # ---------------------------------------------------------- functions --

    def function_load(self, code: Union[str, bytes], replace: bool = False) -> R[ReplyT]:
        """Loads a library of functions (in a cluster: on every primary);
        ``replace`` overwrites one of the same name. Returns its name."""
        return self._exec(("FUNCTION", "LOAD") + (("REPLACE",) if replace else ()) + (code,))

    def function_delete(self, library: str) -> R[bool]:
        """Deletes a library (everywhere). True."""
        return self._exec(("FUNCTION", "DELETE", library), r.ok)

    def function_flush(self, mode: Optional[str] = None) -> R[bool]:
        """Deletes every library (``mode``: "SYNC" or "ASYNC"). True."""
        return self._exec(("FUNCTION", "FLUSH") + ((mode,) if mode else ()), r.ok)

    def function_list(self, library: Optional[str] = None, withcode: bool = False) -> R[List[Dict[str, Any]]]:
        """The libraries (matching ``library``), each a dict with
        "library_name", "engine", "functions" (dicts) and, with ``withcode``, "library_code"."""
        args: List[Any] = ["FUNCTION", "LIST"] + (["LIBRARYNAME", library] if library else [])
        return self._exec(args + (["WITHCODE"] if withcode else []), r.function_list)

    def fcall(self, function: str, numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """Calls a function; the first ``numkeys`` arguments are keys."""
        return self._exec(("FCALL", function, numkeys, *keys_and_args))

    def fcall_ro(self, function: str, numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """fcall of a read-only function (may run on a replica)."""
        return self._exec(("FCALL_RO", function, numkeys, *keys_and_args))

    # ---------------------------------------------------------- scripting --

    def eval(self, script: Union[str, bytes], numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """Runs a Lua script; the first ``numkeys`` arguments are keys."""
        return self._exec(("EVAL", script, numkeys, *keys_and_args))

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """Runs a cached Lua script by its SHA1 (NOSCRIPT if not cached)."""
        return self._exec(("EVALSHA", sha, numkeys, *keys_and_args))

    def eval_ro(self, script: Union[str, bytes], numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """eval of a read-only script (EVAL_RO: may run on a replica)."""
        return self._exec(("EVAL_RO", script, numkeys, *keys_and_args))

    def evalsha_ro(self, sha: str, numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """evalsha of a read-only script (EVALSHA_RO: may run on a replica)."""
        return self._exec(("EVALSHA_RO", sha, numkeys, *keys_and_args))

    def script_load(self, script: Union[str, bytes]) -> R[str]:
        """Caches a Lua script; returns its SHA1."""
        return self._exec(("SCRIPT", "LOAD", script), r.script_load_reply)

    def script_exists(self, *args: str) -> R[List[bool]]:
        """For each SHA1, whether the script is cached."""
        return self._exec(("SCRIPT", "EXISTS", *args), r.bools)

    def script_flush(self, sync_type: Optional[str] = None) -> R[bool]:
        """Empties the script cache (``sync_type``: "SYNC" or "ASYNC"). Returns True."""
        args: List[Any] = ["SCRIPT", "FLUSH"] + ([sync_type] if sync_type is not None else [])
        return self._exec(args, r.ok)

    # ------------------------------------------------- server, connection --

    def ping(self) -> R[bool]:
        """True if the server answers PONG."""
        return self._exec(("PING",), r.is_pong)

    # ------------------------------------------------------------ pub/sub --

    def publish(self, channel: KeyT, message: EncodableT) -> R[int]:
        """Posts ``message`` on ``channel``. Returns how many subscribers
        (of the node it reached) received it."""
        return self._exec(("PUBLISH", channel, message))

    def spublish(self, shard_channel: KeyT, message: EncodableT) -> R[int]:
        """Posts ``message`` on the sharded channel ``shard_channel`` (routed
        to its slot's primary in a cluster)."""
        return self._exec(("SPUBLISH", shard_channel, message))

    def pubsub_channels(self, pattern: Optional[KeyT] = None) -> R[List[ReplyT]]:
        """The node's active channels (matching ``pattern``)."""
        return self._exec(("PUBSUB", "CHANNELS") + ((pattern,) if pattern is not None else ()))

    def pubsub_numsub(self, *channels: KeyT) -> R[List[Tuple[ReplyT, int]]]:
        """(channel, subscriber count) for each of ``channels``."""
        return self._exec(("PUBSUB", "NUMSUB", *channels), r.pair_list)

    # ------------------------------------------------------------- server --

    def echo(self, value: EncodableT) -> R[ReplyT]:
        """``value``, echoed by the server."""
        return self._exec(("ECHO", value))

    def flushdb(self, asynchronous: bool = False) -> R[bool]:
        """Deletes every key of the current database. Returns True."""
        return self._exec(("FLUSHDB", "ASYNC") if asynchronous else ("FLUSHDB",), r.ok)

    def flushall(self, asynchronous: bool = False) -> R[bool]:
        """Deletes every key of every database. Returns True."""
        return self._exec(("FLUSHALL", "ASYNC") if asynchronous else ("FLUSHALL",), r.ok)

    def client_kill(self, address: Optional[str] = None, **filters: Any) -> R[Any]:
        """CLIENT KILL, by the old form (``address``, "ip:port"; the reply is
        OK) or by filters as keywords (the reply is how many connections were
        closed): ``id`` (one or a list), ``type``, ``user``, ``addr``,
        ``laddr``, ``skipme`` (bool), ``maxage``; on Valkey 8+ also ``name``,
        ``idle``, ``flags``, ``lib_name``, ``lib_ver``, ``db``, ``capa``,
        ``ip`` and each with ``not_`` in front (``not_type="pubsub"``)."""
        if (address is None) == (not filters):
            raise ValueError("client_kill: give either address or filters")
        if address is not None:
            return self._exec(("CLIENT", "KILL", address))
        args: List[Any] = ["CLIENT", "KILL"]
        for name, value in filters.items():
            token = _CLIENT_KILL_FILTERS.get(name)
            if token is None:
                raise ValueError(f"client_kill: unknown filter {name!r} (known: {', '.join(sorted(_CLIENT_KILL_FILTERS))})")
            if value is None:
                continue
            if isinstance(value, bool):
                value = "YES" if value else "NO"
            if token in ("ID", "NOT-ID") and isinstance(value, (list, tuple, set)):
                if not value:
                    raise ValueError(f"client_kill: {name} is empty")
                args += [token, *value]
            else:
                args += [token, value]
        return self._exec(args)

    def shutdown(
        self,
        save: bool = False,
        nosave: bool = False,
        now: bool = False,
        force: bool = False,
        abort: bool = False,
        *,
        safe: bool = False,
        failover: bool = False,
    ) -> R[Any]:
        """SHUTDOWN the server (``abort``: cancel a shutdown in progress;
        ``safe`` and ``failover`` on Valkey 8.1+). When it goes down, the
        server closes the connection without a reply, so the request ends
        with a ConnectionError (or its deadline); a refusal is a
        ResponseError."""
        if save and nosave:
            raise ValueError("shutdown: save and nosave exclude each other")
        if abort and (save or nosave or now or force or safe or failover):
            raise ValueError("shutdown: abort takes no other option")
        args: List[Any] = ["SHUTDOWN"]
        for on, word in ((save, "SAVE"), (nosave, "NOSAVE"), (now, "NOW"), (force, "FORCE"), (safe, "SAFE"),
                         (failover, "FAILOVER"), (abort, "ABORT")):
            if on:
                args.append(word)
        return self._exec(args)

    def cluster_migrateslots(self, migrations: Mapping[str, Sequence[Tuple[int, int]]]) -> R[Any]:
        """CLUSTER MIGRATESLOTS (Valkey 9): moves slot ranges atomically, to
        the node of each id: ``{target_id: [(start, end), ...]}``. Sent to the
        source primary (the ranges' owner): on a cluster client use
        ``custom_command([...], route="host:port")`` when the default route
        is not it."""
        if not migrations:
            raise ValueError("cluster_migrateslots: give at least one target node")
        args: List[Any] = ["CLUSTER", "MIGRATESLOTS"]
        for node_id, ranges in migrations.items():
            pairs = [tuple(x) for x in ranges]
            if not pairs or any(len(x) != 2 for x in pairs):
                raise ValueError(f"cluster_migrateslots: {node_id}: give (start, end) slot ranges")
            args.append("SLOTSRANGE")
            for start, end in pairs:
                args += [start, end]
            args += ["NODE", node_id]
        return self._exec(args)

    def sort(
        self,
        name: KeyT,
        start: Optional[int] = None,
        num: Optional[int] = None,
        by: Optional[EncodableT] = None,
        get: Optional[Union[EncodableT, Sequence[EncodableT]]] = None,
        desc: bool = False,
        alpha: bool = False,
        store: Optional[KeyT] = None,
        groups: bool = False,
    ) -> R[Any]:
        """SORT, as redis-py's: ``start`` and ``num`` (LIMIT, both or
        neither), ``by`` (a pattern, "nosort" to skip sorting), ``get`` (one
        pattern or several), ``desc``, ``alpha``; ``store``: into that key
        (the reply is how many); ``groups``: with several ``get`` patterns,
        the reply as tuples of them."""
        return self._exec(*_sort("SORT", name, start, num, by, get, desc, alpha, store, groups))

    def sort_ro(
        self,
        key: KeyT,
        start: Optional[int] = None,
        num: Optional[int] = None,
        by: Optional[EncodableT] = None,
        get: Optional[Union[EncodableT, Sequence[EncodableT]]] = None,
        desc: bool = False,
        alpha: bool = False,
    ) -> R[Any]:
        """SORT_RO (a read, so replicas may serve it): as :meth:`sort` without ``store``."""
        return self._exec(*_sort("SORT_RO", key, start, num, by, get, desc, alpha, None, False))

    def dbsize(self) -> R[int]:
        """The number of keys in the current database."""
        return self._exec(("DBSIZE",))

    def info(self, section: Optional[str] = None, *args: str) -> R[Dict[str, Any]]:
        """Server information parsed into a dict (as redis-py): numbers as
        int/float, "k=v,..." values as dicts."""
        sections = ([section] if section is not None else []) + list(args)
        return self._exec(("INFO", *sections), r.parse_info)

    def time(self) -> R[Tuple[int, int]]:
        """The server's clock: (seconds, microseconds)."""
        return self._exec(("TIME",), r.time_reply)

    def config_get(self, pattern: str = "*") -> R[Dict[ReplyT, ReplyT]]:
        """Configuration parameters matching ``pattern``."""
        return self._exec(("CONFIG", "GET", pattern), r.pairs)

    def config_set(self, name: str, value: EncodableT) -> R[bool]:
        """Sets a configuration parameter. Returns True."""
        return self._exec(("CONFIG", "SET", name, value), r.ok)

    def custom_command(self, args: Sequence[EncodableT], timeout_ms: Optional[int] = None) -> R[Any]:
        """Any command, e.g. ``["OBJECT", "ENCODING", key]``; the raw reply
        (bytes/str, int, float, bool, None, list, dict, set; server errors
        inside arrays as ResponseError instances). ``timeout_ms`` overrides
        the request timeout (needed for blocking commands)."""
        if isinstance(args, (str, bytes)):
            raise TypeError("args: expected a list of arguments, got a single str/bytes (split it)")
        return self._exec(args if isinstance(args, (list, tuple)) else list(args), None, timeout_ms)
