"""Reply shaping for the typed commands: turns raw replies (the same under
RESP2 and RESP3 after this) into what redis-py returns — True for OK, bool
for 0/1 flags, dicts for field/value pairs, floats for scores, INFO parsed
into a dict — and argument helpers (expiry times, key lists)."""

from __future__ import annotations

import datetime
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, TypeVar, Union

from .exceptions import ResponseError

T = TypeVar("T")

# ------------------------------------------------------------- arguments --


def seconds(name: str, value: Union[int, datetime.timedelta]) -> int:
    """An expiry in whole seconds from an int or a timedelta."""
    if isinstance(value, datetime.timedelta):
        return int(value.total_seconds())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int or a timedelta, got {type(value).__name__}")
    return value


def millis(name: str, value: Union[int, datetime.timedelta]) -> int:
    """An expiry in milliseconds from an int or a timedelta."""
    if isinstance(value, datetime.timedelta):
        return int(value.total_seconds() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int or a timedelta, got {type(value).__name__}")
    return value


def unix_seconds(name: str, value: Union[int, datetime.datetime]) -> int:
    """An absolute time in unix seconds from an int or a datetime."""
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int or a datetime, got {type(value).__name__}")
    return value


def unix_millis(name: str, value: Union[int, datetime.datetime]) -> int:
    """An absolute time in unix milliseconds from an int or a datetime."""
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int or a datetime, got {type(value).__name__}")
    return value


def list_or_args(name: str, keys: Any, args: Sequence[Any]) -> List[Any]:
    """``keys`` as one key or a list of keys, followed by ``args``."""
    if isinstance(keys, (bytes, str, int, float, bytearray, memoryview)):
        out = [keys]
    elif isinstance(keys, (list, tuple, set, frozenset)) or hasattr(keys, "__iter__"):
        out = list(keys)
    else:
        raise TypeError(f"{name}: expected a key or a list of keys, got {type(keys).__name__}")
    out.extend(args)
    return out


def mapping_items(name: str, mapping: Any) -> List[Any]:
    """A dict's items flattened: k1, v1, k2, v2..."""
    if not hasattr(mapping, "items"):
        raise TypeError(f"{name}: expected a dict, got {type(mapping).__name__}")
    out: List[Any] = []
    for k, v in mapping.items():
        out.append(k)
        out.append(v)
    return out


def blocking_timeout_ms(timeout: Union[int, float], request_timeout_ms: int) -> int:
    """The request deadline of a blocking command that waits ``timeout``
    seconds on the server (0: forever)."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout: expected a number of seconds, got {type(timeout).__name__}")
    if timeout < 0:
        raise ValueError(f"timeout: must be >= 0 seconds, got {timeout}")
    if timeout == 0:
        return FOREVER_MS
    return int(timeout * 1000) + request_timeout_ms


#: The deadline of a blocking command that waits forever (one year).
FOREVER_MS = 365 * 24 * 3600 * 1000

# ---------------------------------------------------------------- replies --


def text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def ok(value: Any) -> Optional[bool]:
    """OK -> True; nil (NX/XX not met) -> None."""
    if value is None:
        return None
    return value in (b"OK", "OK") or value is True


def is_pong(value: Any) -> bool:
    return value in (b"PONG", "PONG")


def to_bool(value: Any) -> bool:
    return bool(value)


def to_int(value: Any) -> int:
    return int(value)


def to_float(value: Any) -> float:
    return float(value)


def float_or_none(value: Any) -> Optional[float]:
    return None if value is None else float(value)


def floats_or_none(values: Any) -> List[Optional[float]]:
    return [float_or_none(v) for v in values]


def bools(values: Any) -> List[bool]:
    return [bool(v) for v in values]


def to_set(value: Any) -> Set[Any]:
    return value if isinstance(value, set) else set(value)


def pairs(values: Any) -> Dict[Any, Any]:
    """A RESP3 map, or a RESP2 flat list of pairs, as a dict."""
    if isinstance(values, dict):
        return values
    it = iter(values)
    return dict(zip(it, it))


def pair_list(values: Any) -> List[Tuple[Any, Any]]:
    """A flat [k1, v1, k2, v2, ...] reply (or a map) as a list of pairs."""
    if isinstance(values, dict):
        return list(values.items())
    it = iter(values)
    return list(zip(it, it))


def tuple_or_none(value: Any) -> Optional[Tuple[Any, ...]]:
    return tuple(value) if value else None


def rank_reply(value: Any) -> Any:
    """ZRANK: the rank, None, or with WITHSCORE [rank, score]."""
    if value is None or isinstance(value, int):
        return value
    return [int(value[0]), float(value[1])]


def scored(score_cast: Callable[[Any], Any]) -> Callable[[Any], List[Tuple[Any, Any]]]:
    """member/score replies -> [(member, score)]: RESP3's [[m, s], ...] or
    RESP2's flat [m, s, m, s]."""

    def shape(values: Any) -> List[Tuple[Any, Any]]:
        if not values:
            return []
        if isinstance(values[0], list):
            return [(m, score_cast(s)) for m, s in values]
        it = iter(values)
        return [(m, score_cast(s)) for m, s in zip(it, it)]

    return shape


def popped(count_given: bool, score_cast: Callable[[Any], Any] = float) -> Callable[[Any], List[Tuple[Any, Any]]]:
    """ZPOPMIN/ZPOPMAX: RESP3 without a count answers a bare [m, s]."""
    shape = scored(score_cast)

    def pop(values: Any) -> List[Tuple[Any, Any]]:
        if not count_given and values and not isinstance(values[0], list):
            return shape([values])
        return shape(values)

    return pop


def _key(name: Any) -> str:
    return name.decode("utf-8", errors="replace") if isinstance(name, (bytes, bytearray)) else str(name)


def str_keys(value: Any) -> Dict[str, Any]:
    """A map reply (RESP3 map or RESP2 flat list) with str keys (XINFO,
    FUNCTION LIST, ...: the field names are the server's, not the user's)."""
    return {_key(k): v for k, v in pairs(value).items()}


def stream_entry(value: Any) -> Tuple[Any, Optional[Dict[Any, Any]]]:
    """[id, [f, v, ...]] -> (id, {f: v}); a deleted entry's fields are None."""
    entry_id, fields = value
    return entry_id, (pairs(fields) if fields is not None else None)


def stream_entries(value: Any) -> List[Tuple[Any, Optional[Dict[Any, Any]]]]:
    return [stream_entry(e) for e in (value or [])]


def stream_read(value: Any) -> List[List[Any]]:
    """XREAD / XREADGROUP: [[stream, [(id, fields), ...]], ...] (redis-py's
    shape) from RESP3's map or RESP2's list; [] when nothing came."""
    if not value:
        return []
    items = value.items() if isinstance(value, dict) else [(s, e) for s, e in value]
    return [[stream, stream_entries(entries)] for stream, entries in items]


def xpending_summary(value: Any) -> Dict[str, Any]:
    count, first, last, consumers = value
    return {
        "pending": count,
        "min": first,
        "max": last,
        "consumers": [{"name": name, "pending": int(n)} for name, n in (consumers or [])],
    }


def xpending_range(value: Any) -> List[Dict[str, Any]]:
    return [
        {"message_id": m, "consumer": c, "time_since_delivered": idle, "times_delivered": n}
        for m, c, idle, n in (value or [])
    ]


def xclaim(justid: bool) -> Callable[[Any], List[Any]]:
    def shape(value: Any) -> List[Any]:
        return list(value or []) if justid else stream_entries(value)

    return shape


def xautoclaim(justid: bool) -> Callable[[Any], List[Any]]:
    """[next start id, claimed entries (or ids), deleted ids]."""

    def shape(value: Any) -> List[Any]:
        start, claimed = value[0], value[1]
        deleted = list(value[2]) if len(value) > 2 else []
        return [start, list(claimed) if justid else stream_entries(claimed), deleted]

    return shape


def xinfo_stream(value: Any) -> Dict[str, Any]:
    info = str_keys(value)
    for k in ("first-entry", "last-entry"):
        if info.get(k) is not None:
            info[k] = stream_entry(info[k])
    if isinstance(info.get("entries"), list):
        info["entries"] = stream_entries(info["entries"])
    return info


def list_of_maps(value: Any) -> List[Dict[str, Any]]:
    return [str_keys(v) for v in (value or [])]


def function_list(value: Any) -> List[Dict[str, Any]]:
    libraries = list_of_maps(value)
    for lib in libraries:
        lib["functions"] = list_of_maps(lib.get("functions"))
    return libraries


def geopos(value: Any) -> List[Optional[Tuple[float, float]]]:
    return [(float(p[0]), float(p[1])) if p is not None else None for p in (value or [])]


def geosearch(withdist: bool, withhash: bool, withcoord: bool) -> Callable[[Any], List[Any]]:
    """Members, or with WITH* options [member, dist, hash, (lon, lat)] (only
    those asked for, in that order), as redis-py."""

    def shape(value: Any) -> List[Any]:
        if not (withdist or withhash or withcoord):
            return list(value or [])
        out = []
        for item in value or []:
            row: List[Any] = [item[0]]
            i = 1
            if withdist:
                row.append(float(item[i]))
                i += 1
            if withhash:
                row.append(int(item[i]))
                i += 1
            if withcoord:
                row.append((float(item[i][0]), float(item[i][1])))
            out.append(row)
        return out

    return shape


def mpop_scored(value: Any) -> Optional[List[Any]]:
    """ZMPOP / BZMPOP: [key, [(member, score), ...]] or None."""
    if not value:
        return None
    return [value[0], scored(float)(value[1])]


def list_or_none(value: Any) -> Optional[List[Any]]:
    return list(value) if value else None


def scan_cursor(cursor: Any) -> Union[int, str]:
    """A SCAN cursor: an int from one server, the text a cluster-wide SCAN
    returns (``"hc1:..."``, passed back as it is) otherwise."""
    text = cursor.decode() if isinstance(cursor, (bytes, bytearray)) else str(cursor)
    return int(text) if text.isdigit() else text


def scan_keys(value: Any) -> Tuple[Union[int, str], List[Any]]:
    cursor, keys = value
    return scan_cursor(cursor), list(keys)


def scan_pairs(value: Any) -> Tuple[int, Dict[Any, Any]]:
    cursor, items = value
    return int(cursor), pairs(items)


def scan_scored(score_cast: Callable[[Any], Any]) -> Callable[[Any], Tuple[int, List[Tuple[Any, Any]]]]:
    shape = scored(score_cast)

    def scan(value: Any) -> Tuple[int, List[Tuple[Any, Any]]]:
        cursor, items = value
        return int(cursor), shape(items)

    return scan


def zadd_reply(incr: bool) -> Callable[[Any], Any]:
    return float_or_none if incr else to_int


def time_reply(value: Any) -> Tuple[int, int]:
    return int(value[0]), int(value[1])


def script_load_reply(value: Any) -> str:
    return text(value)


def _info_value(value: str) -> Any:
    if "," not in value and "=" not in value:
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    if "=" not in value:
        return [_info_value(v) for v in value.split(",") if v]
    sub: Dict[str, Any] = {}
    for item in value.split(","):
        if not item:
            continue
        if "=" in item:
            k, v = item.rsplit("=", 1)
            sub[k] = _info_value(v)
        else:
            sub[item] = True
    return sub


def parse_info(reply: Any) -> Dict[str, Any]:
    """INFO text -> dict, as redis-py: numbers become int/float, "a=1,b=2"
    values become dicts, "module" lines collect under "modules"."""
    info: Dict[str, Any] = {}
    for line in text(reply).splitlines():
        if not line or line.startswith("#"):
            continue
        if ":" not in line:
            info.setdefault("__raw__", []).append(line)
            continue
        key, value = line.split(":", 1)
        if key == "cmdstat_host":
            key, value = line.rsplit(":", 1)
        if key == "module":
            info.setdefault("modules", []).append(_info_value(value))
        else:
            info[key] = _info_value(value)
    return info


# --------------------------------------------------------------- batches --


def apply_callbacks(
    replies: Any, callbacks: Sequence[Optional[Callable[[Any], Any]]], raise_on_error: bool
) -> List[Any]:
    """Shapes each reply of a pipeline/transaction; server errors stay
    ResponseError instances (or the first is raised)."""
    out: List[Any] = []
    for reply, cb in zip(replies, callbacks):
        if isinstance(reply, ResponseError):
            if raise_on_error:
                raise reply
            out.append(reply)
        elif cb is not None:
            out.append(cb(reply))
        else:
            out.append(reply)
    return out


def is_noscript(err: BaseException) -> bool:
    return str(err).startswith("NOSCRIPT")
