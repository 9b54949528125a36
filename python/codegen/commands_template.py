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
        self, cursor: int = 0, match: Optional[KeyT] = None, count: Optional[int] = None, _type: Optional[str] = None
    ) -> R[Tuple[int, List[ReplyT]]]:
        """One SCAN step: (next cursor, keys). A cursor of 0 ends the iteration."""
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

    # ---------------------------------------------------------- scripting --

    def eval(self, script: Union[str, bytes], numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """Runs a Lua script; the first ``numkeys`` arguments are keys."""
        return self._exec(("EVAL", script, numkeys, *keys_and_args))

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: EncodableT) -> R[Any]:
        """Runs a cached Lua script by its SHA1 (NOSCRIPT if not cached)."""
        return self._exec(("EVALSHA", sha, numkeys, *keys_and_args))

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
