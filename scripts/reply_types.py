"""The TypeScript type of each command's reply as haven's Node client
delivers it (no shaping: what `customCommand` resolves to), for the
methods scripts/gen_commands.py generates; one entry per command of
proto/commands.json that has a Node method.

How the addon turns RESP into JavaScript (node/native/src/convert.rs):

- a bulk or verbatim string: a string when `decodeResponses` is on (the
  default) and its bytes are UTF-8, else a Buffer: `Bulk` (string | Buffer);
- a simple (status) string: always a string ("OK", "PONG", TYPE's "hash");
- an integer: a number; a null: null; an array, set or push: an array;
- a RESP3 double: a number; under RESP2 the server sends its text (a
  Bulk): `Double` (number | Bulk);
- a RESP3 map: an object keyed by the keys' text; under RESP2 the server
  sends a flat [key, value, ...] array: `RespMap<V>`;
- on a cluster, the commands whose response policy is "special" (INFO,
  MEMORY STATS, LATENCY ..., FUNCTION STATS) come back from every node as
  an object of node address -> reply (an Error for a node that failed):
  `PerNode<T>`, hence `T | PerNode<T>` for them.

Where an option changes the reply's shape (LPOP's count, ZRANGE's
WITHSCORES, LCS's LEN / IDX, ...) the type is the union of the shapes.
The aliases are declared in node/src/commands.ts. A script's or a
function's reply is whatever it returns: `unknown`.

Hand-written methods may shape a reply further (EXPIRE to a boolean,
HGETALL to an object): their types are in commands.ts itself; this table
gives the raw reply of every command all the same.
"""

from __future__ import annotations

from typing import Dict

B = "Bulk"
OPT_B = "Bulk | null"
LIST_B = "Bulk[]"
N = "number"
OPT_N = "number | null"
OK = '"OK"'
STATUS = "string"  # a simple string other than OK (BGSAVE's "Background saving started")
SCAN = "[Bulk, Bulk[]]"  # [next cursor, items]
SCORED = "Bulk[] | [Bulk, number][]"  # members; WITHSCORES: RESP3 [member, score] pairs, RESP2 flat
POP = "Bulk | Bulk[] | null"  # one element, or with a count a list
ENTRY = "[Bulk, Bulk[] | null]"  # a stream entry: [id, [field, value, ...]] (null: deleted since delivery)
READ = f"Record<string, {ENTRY}[]> | [Bulk, {ENTRY}[]][] | null"  # XREAD: RESP3 map, RESP2 pairs
GEO_ROW = "[Bulk, ...(Bulk | number | [Double, Double])[]]"  # member, then distance, hash, [lon, lat]
GEO = f"Bulk[] | {GEO_ROW}[]"
LOG_ENTRY = "[number, number, number, Bulk[], Bulk, Bulk]"  # id, unix time, duration / size, args, peer, name
RANK = "number | [number, Double] | null"  # WITHSCORE: [rank, score]


def per_node(t: str) -> str:
    """A reply a cluster gathers from every node (response policy "special")."""
    return f"{t} | PerNode<{t}>"


REPLY_TYPES: Dict[str, str] = {
    # ------------------------------------------------------------- ACL
    "acl|cat": LIST_B,
    "acl|deluser": N,
    "acl|dryrun": B,  # "OK", or why the user may not run it
    "acl|genpass": B,
    "acl|getuser": "RespMap | null",
    "acl|list": LIST_B,
    "acl|load": OK,
    "acl|log": 'RespMap[] | "OK"',  # RESET: OK
    "acl|save": OK,
    "acl|setuser": OK,
    "acl|users": LIST_B,
    "acl|whoami": B,
    # ---------------------------------------------------------- strings
    "append": N,
    "decr": N,
    "decrby": N,
    "delifeq": N,
    "get": OPT_B,
    "getdel": OPT_B,
    "getex": OPT_B,
    "getrange": B,
    "getset": OPT_B,
    "incr": N,
    "incrby": N,
    "incrbyfloat": B,
    "lcs": "Bulk | number | RespMap",  # the string; LEN: its length; IDX: {matches, len}
    "mget": "(Bulk | null)[]",
    "mset": OK,
    "msetex": N,
    "msetnx": N,
    "psetex": OK,
    "set": '"OK" | Bulk | null',  # null when NX / XX stopped it; GET: the old value
    "setex": OK,
    "setnx": N,
    "setrange": N,
    "strlen": N,
    "substr": B,
    # -------------------------------------------------------------- keys
    "copy": N,
    "del": N,
    "dump": OPT_B,
    "exists": N,
    "expire": N,
    "expireat": N,
    "expiretime": N,
    "keys": LIST_B,
    "migrate": '"OK" | "NOKEY"',
    "move": N,
    "object|encoding": OPT_B,
    "object|freq": OPT_N,
    "object|idletime": OPT_N,
    "object|refcount": OPT_N,
    "persist": N,
    "pexpire": N,
    "pexpireat": N,
    "pexpiretime": N,
    "pttl": N,
    "randomkey": OPT_B,
    "rename": OK,
    "renamenx": N,
    "restore": OK,
    "scan": SCAN,
    "sort": "(Bulk | null)[] | number",  # STORE: how many were stored
    "sort_ro": "(Bulk | null)[]",
    "touch": N,
    "ttl": N,
    "type": STATUS,
    "unlink": N,
    "wait": N,
    "waitaof": "[number, number]",
    # ------------------------------------------------------------ bitmaps
    "bitcount": N,
    "bitfield": "(number | null)[]",  # null: OVERFLOW FAIL stopped that operation
    "bitfield_ro": "number[]",
    "bitop": N,
    "bitpos": N,
    "getbit": N,
    "setbit": N,
    # ------------------------------------------------------------- hashes
    "hdel": N,
    "hexists": N,
    "hexpire": "number[]",
    "hexpireat": "number[]",
    "hexpiretime": "number[]",
    "hget": OPT_B,
    "hgetall": "RespMap<Bulk>",
    "hgetdel": "(Bulk | null)[]",
    "hgetex": "(Bulk | null)[]",
    "hincrby": N,
    "hincrbyfloat": B,
    "hkeys": LIST_B,
    "hlen": N,
    "hmget": "(Bulk | null)[]",
    "hmset": OK,
    "hpersist": "number[]",
    "hpexpire": "number[]",
    "hpexpireat": "number[]",
    "hpexpiretime": "number[]",
    "hpttl": "number[]",
    "hrandfield": "Bulk | null | Bulk[] | [Bulk, Bulk][]",  # WITHVALUES: RESP3 pairs, RESP2 flat
    "hscan": SCAN,
    "hset": N,
    "hsetex": N,
    "hsetnx": N,
    "hstrlen": N,
    "httl": "number[]",
    "hvals": LIST_B,
    # -------------------------------------------------------------- lists
    "blmove": OPT_B,
    "blmpop": "[Bulk, Bulk[]] | null",
    "blpop": "[Bulk, Bulk] | null",
    "brpop": "[Bulk, Bulk] | null",
    "brpoplpush": OPT_B,
    "lindex": OPT_B,
    "linsert": N,
    "llen": N,
    "lmove": OPT_B,
    "lmpop": "[Bulk, Bulk[]] | null",
    "lpop": POP,
    "lpos": "number | number[] | null",  # COUNT: every position
    "lpush": N,
    "lpushx": N,
    "lrange": LIST_B,
    "lrem": N,
    "lset": OK,
    "ltrim": OK,
    "rpop": POP,
    "rpoplpush": OPT_B,
    "rpush": N,
    "rpushx": N,
    # --------------------------------------------------------------- sets
    "sadd": N,
    "scard": N,
    "sdiff": LIST_B,
    "sdiffstore": N,
    "sinter": LIST_B,
    "sintercard": N,
    "sinterstore": N,
    "sismember": N,
    "smembers": LIST_B,
    "smismember": "number[]",
    "smove": N,
    "spop": POP,
    "srandmember": POP,
    "srem": N,
    "sscan": SCAN,
    "sunion": LIST_B,
    "sunionstore": N,
    # -------------------------------------------------------- sorted sets
    "bzmpop": "[Bulk, [Bulk, Double][]] | null",
    "bzpopmax": "[Bulk, Bulk, Double] | null",
    "bzpopmin": "[Bulk, Bulk, Double] | null",
    "zadd": "number | Double | null",  # INCR: the new score (null when NX / XX stopped it)
    "zcard": N,
    "zcount": N,
    "zdiff": SCORED,
    "zdiffstore": N,
    "zincrby": "Double",
    "zinter": SCORED,
    "zintercard": N,
    "zinterstore": N,
    "zlexcount": N,
    "zmpop": "[Bulk, [Bulk, Double][]] | null",
    "zmscore": "(Double | null)[]",
    # RESP2: flat [member, score, ...]; RESP3: one [member, score], or pairs with a count
    "zpopmax": "Bulk[] | [Bulk, number] | [Bulk, number][]",
    "zpopmin": "Bulk[] | [Bulk, number] | [Bulk, number][]",
    "zrandmember": "Bulk | null | Bulk[] | [Bulk, number][]",
    "zrange": SCORED,
    "zrangebylex": LIST_B,
    "zrangebyscore": SCORED,
    "zrangestore": N,
    "zrank": RANK,
    "zrem": N,
    "zremrangebylex": N,
    "zremrangebyrank": N,
    "zremrangebyscore": N,
    "zrevrange": SCORED,
    "zrevrangebylex": LIST_B,
    "zrevrangebyscore": SCORED,
    "zrevrank": RANK,
    "zscan": SCAN,  # scores as text in either protocol
    "zscore": "Double | null",
    "zunion": SCORED,
    "zunionstore": N,
    # ------------------------------------------------------------ streams
    "xack": N,
    "xadd": OPT_B,  # null: NOMKSTREAM and no stream
    "xautoclaim": f"[Bulk, {ENTRY}[] | Bulk[], Bulk[]]",  # [next, entries (JUSTID: ids), deleted ids]
    "xclaim": f"{ENTRY}[] | Bulk[]",  # JUSTID: ids
    "xdel": N,
    "xgroup|create": OK,
    "xgroup|createconsumer": N,
    "xgroup|delconsumer": N,
    "xgroup|destroy": N,
    "xgroup|setid": OK,
    "xinfo|consumers": "RespMap[]",
    "xinfo|groups": "RespMap[]",
    "xinfo|stream": "RespMap",
    "xlen": N,
    # summary: [count, smallest id, greatest id, [consumer, count as text][]]; with a range: [id, consumer, idle ms, deliveries][]
    "xpending": "[number, Bulk | null, Bulk | null, [Bulk, Bulk][] | null] | [Bulk, Bulk, number, number][]",
    "xrange": f"{ENTRY}[]",
    "xread": READ,
    "xreadgroup": READ,
    "xrevrange": f"{ENTRY}[]",
    "xsetid": OK,
    "xtrim": N,
    # ---------------------------------------------------------------- geo
    "geoadd": N,
    "geodist": OPT_B,  # the distance's text in either protocol
    "geohash": "(Bulk | null)[]",
    "geopos": "([Double, Double] | null)[]",
    "georadius": f"{GEO} | number",  # STORE / STOREDIST: how many were stored
    "georadius_ro": GEO,
    "georadiusbymember": f"{GEO} | number",
    "georadiusbymember_ro": GEO,
    "geosearch": GEO,
    "geosearchstore": N,
    # -------------------------------------------------------- hyperloglog
    "pfadd": N,
    "pfcount": N,
    "pfmerge": OK,
    # ------------------------------------------------------------ pub/sub
    "publish": N,
    "pubsub|channels": LIST_B,
    "pubsub|numpat": N,
    "pubsub|numsub": "(Bulk | number)[]",  # [channel, subscribers, ...]
    "pubsub|shardchannels": LIST_B,
    "pubsub|shardnumsub": "(Bulk | number)[]",
    "spublish": N,
    # ---------------------------------------------- scripting and functions
    "eval": "unknown",
    "eval_ro": "unknown",
    "evalsha": "unknown",
    "evalsha_ro": "unknown",
    "fcall": "unknown",
    "fcall_ro": "unknown",
    "function|delete": OK,
    "function|dump": B,
    "function|flush": OK,
    "function|kill": OK,
    "function|list": "RespMap[]",
    "function|load": B,  # the library's name
    "function|restore": OK,
    "function|stats": per_node("RespMap"),
    "script|debug": OK,
    "script|exists": "number[]",
    "script|flush": OK,
    "script|kill": OK,
    "script|load": B,  # the SHA1
    "script|show": B,
    # ---------------------------------------------------------- connection
    "client|capa": OK,
    "client|getname": OPT_B,
    "client|id": N,
    "client|import-source": OK,
    "client|info": B,
    "client|kill": '"OK" | number',  # the old form: OK; filters: how many were killed
    "client|list": B,
    "client|no-evict": OK,
    "client|no-touch": OK,
    "client|pause": OK,
    "client|unblock": N,
    "client|unpause": OK,
    "echo": B,
    "ping": B,  # "PONG", or the message
    # -------------------------------------------------------------- server
    "bgrewriteaof": STATUS,
    "bgsave": STATUS,
    "command|count": N,
    "command|docs": "RespMap<RespMap>",
    "command|getkeys": LIST_B,
    "command|getkeysandflags": "[Bulk, string[]][]",
    "command|info": "(unknown[] | null)[]",
    "command|list": LIST_B,
    "commandlog|get": f"{LOG_ENTRY}[]",
    "commandlog|len": N,
    "commandlog|reset": OK,
    "config|get": "RespMap<Bulk>",
    "config|resetstat": OK,
    "config|rewrite": OK,
    "config|set": OK,
    "dbsize": N,
    "flushall": OK,
    "flushdb": OK,
    "info": per_node(B),
    "lastsave": N,
    "latency|doctor": per_node(B),
    "latency|graph": per_node(B),
    "latency|histogram": per_node("RespMap<RespMap>"),
    "latency|history": per_node("[number, number][]"),
    "latency|latest": per_node("[Bulk, number, number, number][]"),
    "latency|reset": N,
    "lolwut": B,
    "memory|doctor": per_node(B),
    "memory|malloc-stats": per_node(B),
    "memory|purge": OK,
    "memory|stats": per_node("RespMap"),
    "memory|usage": OPT_N,
    "module|list": "RespMap[]",
    "module|load": OK,
    "module|loadex": OK,
    "module|unload": OK,
    "replicaof": STATUS,  # OK, or "OK Already connected to specified master"
    "role": "[Bulk, ...unknown[]]",  # "master" / "slave" / "sentinel", then the role's fields
    "save": OK,
    "shutdown": OK,  # only when it fails to shut down (ABORT); else the link just ends
    "slaveof": STATUS,
    "slowlog|get": f"{LOG_ENTRY}[]",
    "slowlog|len": N,
    "slowlog|reset": OK,
    "swapdb": OK,
    "time": "[Bulk, Bulk]",  # [unix seconds, microseconds] as text
    # ------------------------------------------------------------- cluster
    "cluster|addslots": OK,
    "cluster|addslotsrange": OK,
    "cluster|bumpepoch": STATUS,  # "BUMPED <epoch>" or "STILL <epoch>"
    "cluster|cancelslotmigrations": OK,
    "cluster|count-failure-reports": N,
    "cluster|countkeysinslot": N,
    "cluster|delslots": OK,
    "cluster|delslotsrange": OK,
    "cluster|failover": OK,
    "cluster|flushslot": OK,
    "cluster|flushslots": OK,
    "cluster|forget": OK,
    "cluster|getkeysinslot": LIST_B,
    "cluster|getslotmigrations": "RespMap[]",
    "cluster|info": B,
    "cluster|keyslot": N,
    "cluster|links": "RespMap[]",
    "cluster|meet": OK,
    "cluster|migrateslots": OK,
    "cluster|myid": B,
    "cluster|myshardid": B,
    "cluster|nodes": B,
    "cluster|replicas": LIST_B,
    "cluster|replicate": OK,
    "cluster|reset": OK,
    "cluster|saveconfig": OK,
    "cluster|set-config-epoch": OK,
    "cluster|setslot": OK,
    "cluster|shards": "RespMap[]",
    "cluster|slaves": LIST_B,
    "cluster|slot-stats": "[number, RespMap<number>][]",
    # [first slot, last slot, [ip, port, id, metadata]...]
    "cluster|slots": "[number, number, ...[Bulk, number, ...unknown[]][]][]",
    "cluster|syncslots": OK,
    "clusterscan": SCAN,
}


def node_reply_type(command: str) -> str:
    """The TypeScript type of `command`'s reply ("object|encoding",
    "hexpire"); a KeyError names a command the table lacks."""
    try:
        return REPLY_TYPES[command]
    except KeyError:
        raise KeyError(f"scripts/reply_types.py: no Node reply type for {command!r}: add it to REPLY_TYPES") from None


if __name__ == "__main__":
    # The table as JSON (node/test/reply_types.test.js checks live replies against it).
    import json

    print(json.dumps(REPLY_TYPES, indent=1, sort_keys=True))
