// The reply types of scripts/reply_types.py (the generated methods' return
// types) hold at run time: each sample command's reply, as customCommand
// delivers it, matches its command's TypeScript type, under RESP3 and RESP2,
// decoding and not. A command the server lacks (Valkey-only, newer Redis) is
// skipped. The types are read by a small matcher of the type syntax the
// table uses (unions, arrays, tuples, literals and the aliases of
// node/src/commands.ts).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { haven, servers, key, ROOT } = require("./helpers");
const { Client, StandaloneConfig, ResponseError } = haven;

servers("start", "standalone");

const TYPES = JSON.parse(execFileSync("python3", [path.join(ROOT, "scripts", "reply_types.py")], { encoding: "utf8" }));

// ------------------------------------------------------------ the matcher

/** Splits `s` at top-level occurrences of `sep` (outside [], (), <>). */
function splitTop(s, sep) {
  const out = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if ("[(<".includes(ch)) depth++;
    else if ("])>".includes(ch)) depth--;
    if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Whether `s` is one bracketed group from its first character to its last. */
function wrapped(s, open, close) {
  if (s[0] !== open || s[s.length - 1] !== close) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if ("[(<".includes(s[i])) depth++;
    else if ("])>".includes(s[i])) depth--;
    if (depth === 0 && i < s.length - 1) return false;
  }
  return true;
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Error);
const isBulk = (v) => typeof v === "string" || Buffer.isBuffer(v);

/** Whether value `v` has TypeScript type `t` (the table's syntax). */
function matches(t, v) {
  t = t.trim();
  const alts = splitTop(t, "|");
  if (alts.length > 1) return alts.some((a) => matches(a, v));
  if (wrapped(t, "(", ")")) return matches(t.slice(1, -1), v);
  if (t.endsWith("[]") && (wrapped(t.slice(0, -2), "(", ")") || wrapped(t.slice(0, -2), "[", "]") || /^[\w<>, ]+$/.test(t.slice(0, -2))))
    return Array.isArray(v) && v.every((x) => matches(t.slice(0, -2), x));
  if (wrapped(t, "[", "]")) {
    if (!Array.isArray(v)) return false;
    const parts = splitTop(t.slice(1, -1), ",");
    const rest = parts.length > 0 && parts[parts.length - 1].startsWith("...") ? parts.pop().slice(3) : null;
    if (rest === null ? v.length !== parts.length : v.length < parts.length) return false;
    if (!parts.every((p, i) => matches(p, v[i]))) return false;
    return rest === null || matches(rest, v.slice(parts.length));
  }
  if (/^".*"$/.test(t)) return v === t.slice(1, -1);
  const generic = /^(\w+)<(.*)>$/.exec(t);
  const name = generic ? generic[1] : t;
  const args = generic ? splitTop(generic[2], ",") : [];
  switch (name) {
    case "unknown":
      return true;
    case "null":
      return v === null;
    case "number":
      return typeof v === "number";
    case "string":
      return typeof v === "string";
    case "Bulk":
      return isBulk(v);
    case "Double":
      return typeof v === "number" || isBulk(v);
    case "Record":
      return isObject(v) && Object.values(v).every((x) => matches(args[1], x));
    case "RespMap": {
      const val = args[0] ?? "unknown";
      if (isObject(v)) return Object.values(v).every((x) => matches(val, x));
      return Array.isArray(v) && v.length % 2 === 0 && v.every((x, i) => (i % 2 === 0 ? isBulk(x) : matches(val, x)));
    }
    case "PerNode":
      return isObject(v) && Object.values(v).every((x) => x instanceof Error || matches(args[0], x));
    default:
      throw new Error(`the matcher does not know the type ${t}`);
  }
}

test("the matcher reads the table's type syntax", () => {
  assert.ok(matches("Bulk | null", null));
  assert.ok(matches("Bulk | null", Buffer.from("x")));
  assert.ok(!matches("Bulk | null", 1));
  assert.ok(matches("(Bulk | null)[]", ["a", null]));
  assert.ok(!matches("Bulk[]", ["a", 1]));
  assert.ok(matches("[Bulk, Bulk[] | null][]", [["1-1", ["f", "v"]], ["1-2", null]]));
  assert.ok(matches("[Bulk, ...unknown[]]", ["master", 0, []]));
  assert.ok(!matches("[number, number]", [1]));
  assert.ok(matches('"OK" | number', "OK"));
  assert.ok(!matches('"OK"', "PONG"));
  assert.ok(matches("RespMap<Bulk>", { a: "1" }) && matches("RespMap<Bulk>", ["a", "1"]) && !matches("RespMap<Bulk>", ["a"]));
  assert.ok(matches("Bulk | PerNode<Bulk>", { "h:1": "x", "h:2": new Error("down") }));
  assert.ok(matches("[Bulk, ...(Bulk | number | [Double, Double])[]][]", [["m", "1.5", 3, [1.5, "2"]]]));
  for (const [command, type] of Object.entries(TYPES)) assert.doesNotThrow(() => matches(type, Symbol(command)), command);
});

// ------------------------------------------------------------ the samples

/** Sample commands (the command's name in the table, then its words), over keys made by setup. */
function samples(k) {
  return [
    ["get", "GET", k.s], ["get", "GET", k.none], ["set", "SET", k.t, "v"], ["set", "SET", k.t, "w", "GET"], ["set", "SET", k.t, "x", "NX"],
    ["getrange", "GETRANGE", k.s, "0", "1"], ["getset", "GETSET", k.t, "v"], ["getdel", "GETDEL", k.none], ["getex", "GETEX", k.s],
    ["append", "APPEND", k.t, "x"], ["strlen", "STRLEN", k.s], ["incr", "INCR", k.n], ["incrbyfloat", "INCRBYFLOAT", k.f, "1.5"],
    ["mget", "MGET", k.s, k.none], ["lcs", "LCS", k.s, k.t], ["lcs", "LCS", k.s, k.t, "LEN"], ["lcs", "LCS", k.s, k.t, "IDX"],
    ["msetnx", "MSETNX", k.none2, "1"], ["setrange", "SETRANGE", k.t, "0", "a"], ["substr", "SUBSTR", k.s, "0", "1"],
    ["exists", "EXISTS", k.s], ["expire", "EXPIRE", k.t, "100"], ["ttl", "TTL", k.t], ["pttl", "PTTL", k.t], ["expiretime", "EXPIRETIME", k.t],
    ["type", "TYPE", k.s], ["object|encoding", "OBJECT", "ENCODING", k.s], ["object|encoding", "OBJECT", "ENCODING", k.none],
    ["object|refcount", "OBJECT", "REFCOUNT", k.s], ["object|idletime", "OBJECT", "IDLETIME", k.none], ["dump", "DUMP", k.s],
    ["dump", "DUMP", k.none], ["scan", "SCAN", "0", "MATCH", `${k.prefix}*`], ["keys", "KEYS", `${k.prefix}*`], ["copy", "COPY", k.s, k.copy],
    ["sort", "SORT", k.l, "ALPHA"], ["sort", "SORT", k.l, "ALPHA", "STORE", k.sorted], ["sort_ro", "SORT_RO", k.l, "ALPHA"],
    ["touch", "TOUCH", k.s], ["randomkey", "RANDOMKEY"], ["persist", "PERSIST", k.t], ["renamenx", "RENAMENX", k.copy, k.s],
    ["time", "TIME"], ["dbsize", "DBSIZE"], ["echo", "ECHO", "x"], ["ping", "PING"], ["ping", "PING", "x"], ["lastsave", "LASTSAVE"],
    ["info", "INFO", "server"], ["config|get", "CONFIG", "GET", "maxmemory*"], ["client|id", "CLIENT", "ID"],
    ["client|getname", "CLIENT", "GETNAME"], ["client|info", "CLIENT", "INFO"], ["client|list", "CLIENT", "LIST", "ID", "1"],
    ["acl|whoami", "ACL", "WHOAMI"], ["acl|cat", "ACL", "CAT"], ["acl|getuser", "ACL", "GETUSER", "default"],
    ["acl|getuser", "ACL", "GETUSER", "nobody-such"], ["acl|users", "ACL", "USERS"], ["acl|dryrun", "ACL", "DRYRUN", "default", "get", "k"],
    ["acl|log", "ACL", "LOG", "1"], ["command|count", "COMMAND", "COUNT"], ["command|getkeys", "COMMAND", "GETKEYS", "set", "a", "b"],
    ["command|getkeysandflags", "COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"], ["command|docs", "COMMAND", "DOCS", "get"],
    ["memory|usage", "MEMORY", "USAGE", k.s], ["memory|usage", "MEMORY", "USAGE", k.none], ["memory|stats", "MEMORY", "STATS"],
    ["memory|doctor", "MEMORY", "DOCTOR"], ["latency|latest", "LATENCY", "LATEST"], ["latency|history", "LATENCY", "HISTORY", "command"],
    ["latency|histogram", "LATENCY", "HISTOGRAM", "set"], ["slowlog|get", "SLOWLOG", "GET", "2"], ["slowlog|len", "SLOWLOG", "LEN"],
    ["function|stats", "FUNCTION", "STATS"], ["function|list", "FUNCTION", "LIST"], ["function|dump", "FUNCTION", "DUMP"],
    ["script|exists", "SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"], ["script|load", "SCRIPT", "LOAD", "return 1"],
    ["pubsub|numsub", "PUBSUB", "NUMSUB", k.s], ["pubsub|channels", "PUBSUB", "CHANNELS", `${k.prefix}*`], ["pubsub|numpat", "PUBSUB", "NUMPAT"],
    ["pubsub|shardnumsub", "PUBSUB", "SHARDNUMSUB", k.s], ["publish", "PUBLISH", k.s, "m"], ["role", "ROLE"], ["lolwut", "LOLWUT"],
    ["hgetall", "HGETALL", k.h], ["hrandfield", "HRANDFIELD", k.h], ["hrandfield", "HRANDFIELD", k.h, "2"],
    ["hrandfield", "HRANDFIELD", k.h, "2", "WITHVALUES"], ["hscan", "HSCAN", k.h, "0"], ["hmget", "HMGET", k.h, "f", "nope"],
    ["hincrbyfloat", "HINCRBYFLOAT", k.h, "n", "1.5"], ["hstrlen", "HSTRLEN", k.h, "f"], ["hsetnx", "HSETNX", k.h, "f", "v"],
    ["hexpire", "HEXPIRE", k.h, "100", "FIELDS", "2", "f", "nope"], ["httl", "HTTL", k.h, "FIELDS", "1", "f"],
    ["hgetdel", "HGETDEL", k.h, "FIELDS", "1", "g"], ["hgetex", "HGETEX", k.h, "FIELDS", "1", "f"],
    ["lpos", "LPOS", k.l, "a"], ["lpos", "LPOS", k.l, "zz"], ["lpos", "LPOS", k.l, "a", "COUNT", "0"], ["lrange", "LRANGE", k.l, "0", "-1"],
    ["lindex", "LINDEX", k.l, "9"], ["linsert", "LINSERT", k.l, "BEFORE", "a", "z"], ["lpop", "LPOP", k.l2], ["lpop", "LPOP", k.l2, "2"],
    ["lpop", "LPOP", k.none, "2"], ["rpop", "RPOP", k.l2], ["lmpop", "LMPOP", "1", k.l2, "LEFT"], ["lmpop", "LMPOP", "1", k.none, "LEFT"],
    ["blpop", "BLPOP", k.l2, "1"], ["lmove", "LMOVE", k.l2, k.l3, "LEFT", "RIGHT"], ["rpoplpush", "RPOPLPUSH", k.none, k.l3],
    ["sismember", "SISMEMBER", k.st, "a"], ["smismember", "SMISMEMBER", k.st, "a", "x"], ["srandmember", "SRANDMEMBER", k.st],
    ["srandmember", "SRANDMEMBER", k.st, "2"], ["srandmember", "SRANDMEMBER", k.none], ["spop", "SPOP", k.st2], ["spop", "SPOP", k.st2, "2"],
    ["sscan", "SSCAN", k.st, "0"], ["sintercard", "SINTERCARD", "1", k.st], ["smembers", "SMEMBERS", k.st],
    ["zscore", "ZSCORE", k.z, "b"], ["zscore", "ZSCORE", k.z, "nope"], ["zmscore", "ZMSCORE", k.z, "a", "nope"], ["zincrby", "ZINCRBY", k.z, "1", "c"],
    ["zadd", "ZADD", k.z, "INCR", "1", "c"], ["zadd", "ZADD", k.z, "NX", "INCR", "1", "c"], ["zpopmin", "ZPOPMIN", k.z2],
    ["zpopmax", "ZPOPMAX", k.z2, "2"], ["zpopmin", "ZPOPMIN", k.none], ["zrange", "ZRANGE", k.z, "0", "-1"],
    ["zrange", "ZRANGE", k.z, "0", "-1", "WITHSCORES"], ["zrangebyscore", "ZRANGEBYSCORE", k.z, "-inf", "+inf", "WITHSCORES"],
    ["zrevrange", "ZREVRANGE", k.z, "0", "-1", "WITHSCORES"], ["zrank", "ZRANK", k.z, "a"], ["zrank", "ZRANK", k.z, "nope"],
    ["zrevrank", "ZREVRANK", k.z, "a", "WITHSCORE"], ["zrandmember", "ZRANDMEMBER", k.z], ["zrandmember", "ZRANDMEMBER", k.z, "2", "WITHSCORES"],
    ["zmpop", "ZMPOP", "1", k.z3, "MIN", "COUNT", "2"], ["zmpop", "ZMPOP", "1", k.none, "MIN"], ["bzpopmin", "BZPOPMIN", k.z3, "1"],
    ["zscan", "ZSCAN", k.z, "0"], ["zunion", "ZUNION", "1", k.z, "WITHSCORES"], ["zdiff", "ZDIFF", "1", k.z],
    ["zinter", "ZINTER", "1", k.z, "WITHSCORES"], ["zlexcount", "ZLEXCOUNT", k.z, "-", "+"],
    ["xrange", "XRANGE", k.x, "-", "+"], ["xrevrange", "XREVRANGE", k.x, "+", "-", "COUNT", "1"], ["xread", "XREAD", "STREAMS", k.x, "0"],
    ["xread", "XREAD", "STREAMS", k.x, "$"], ["xreadgroup", "XREADGROUP", "GROUP", "g", "c", "STREAMS", k.x, ">"],
    ["xreadgroup", "XREADGROUP", "GROUP", "g", "c", "STREAMS", k.x, "0"], ["xpending", "XPENDING", k.x, "g"],
    ["xpending", "XPENDING", k.x, "g", "-", "+", "10"], ["xautoclaim", "XAUTOCLAIM", k.x, "g", "c2", "0", "0"],
    ["xautoclaim", "XAUTOCLAIM", k.x, "g", "c3", "0", "0", "JUSTID"], ["xclaim", "XCLAIM", k.x, "g", "c4", "0", "1-1"],
    ["xclaim", "XCLAIM", k.x, "g", "c4", "0", "1-1", "JUSTID"], ["xinfo|stream", "XINFO", "STREAM", k.x],
    ["xinfo|groups", "XINFO", "GROUPS", k.x], ["xinfo|consumers", "XINFO", "CONSUMERS", k.x, "g"], ["xadd", "XADD", k.none, "NOMKSTREAM", "*", "f", "v"],
    ["xgroup|createconsumer", "XGROUP", "CREATECONSUMER", k.x, "g", "c9"],
    ["geopos", "GEOPOS", k.g, "Palermo", "nope"], ["geodist", "GEODIST", k.g, "Palermo", "Catania"], ["geodist", "GEODIST", k.g, "Palermo", "nope"],
    ["geohash", "GEOHASH", k.g, "Palermo", "nope"], ["geosearch", "GEOSEARCH", k.g, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"],
    ["geosearch", "GEOSEARCH", k.g, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHCOORD", "WITHDIST", "WITHHASH"],
    ["georadius", "GEORADIUS", k.g, "15", "37", "200", "km", "WITHDIST"], ["georadius", "GEORADIUS", k.g, "15", "37", "200", "km", "STORE", k.geo2],
    ["georadius_ro", "GEORADIUS_RO", k.g, "15", "37", "200", "km", "WITHCOORD"],
    ["georadiusbymember", "GEORADIUSBYMEMBER", k.g, "Palermo", "200", "km"], ["geosearchstore", "GEOSEARCHSTORE", k.geo2, k.g, "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km"],
    ["bitfield", "BITFIELD", k.b, "SET", "u8", "0", "255", "GET", "u8", "0", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"],
    ["bitfield_ro", "BITFIELD_RO", k.b, "GET", "u8", "0"], ["bitcount", "BITCOUNT", k.b], ["bitpos", "BITPOS", k.b, "1"],
    ["getbit", "GETBIT", k.b, "7"], ["pfcount", "PFCOUNT", k.p], ["pfadd", "PFADD", k.p, "z"],
    ["waitaof", "WAITAOF", "0", "0", "0"], ["wait", "WAIT", "0", "0"], ["delifeq", "DELIFEQ", k.none, "x"],
  ];
}

async function setUp(c, k) {
  for (const a of [
    ["SET", k.s, "value"], ["SET", k.t, "vault"], ["RPUSH", k.l, "a", "b", "a"], ["RPUSH", k.l2, "a", "b", "c", "d", "e", "f"],
    ["SADD", k.st, "a", "b"], ["SADD", k.st2, "a", "b", "c", "d"], ["ZADD", k.z, "1", "a", "2.5", "b"], ["ZADD", k.z2, "1", "a", "2", "b", "3", "c", "4", "d"],
    ["ZADD", k.z3, "1", "a", "2", "b", "3", "c", "4", "d"], ["HSET", k.h, "f", "v", "g", "w"], ["XADD", k.x, "1-1", "f", "v"], ["XADD", k.x, "1-2", "f", "w"],
    ["XGROUP", "CREATE", k.x, "g", "0"], ["GEOADD", k.g, "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"],
    ["PFADD", k.p, "a", "b"], ["SETBIT", k.b, "7", "1"],
  ])
    await c.customCommand(a);
}

for (const [protocol, decodeResponses] of [["resp3", true], ["resp2", true], ["resp3", false]]) {
  test(`live replies match the generated methods' types (${protocol}${decodeResponses ? "" : ", Buffers"})`, async () => {
    const c = await Client.connect(new StandaloneConfig({ addresses: ["127.0.0.1:6400"], protocol, requestTimeoutMs: 5000 }), { decodeResponses });
    const prefix = key("reply-types");
    const names = ["s", "t", "n", "f", "none", "none2", "copy", "sorted", "l", "l2", "l3", "st", "st2", "z", "z2", "z3", "h", "x", "g", "geo2", "p", "b"];
    const k = Object.fromEntries(names.map((n) => [n, `${prefix}:${n}`]));
    k.prefix = prefix;
    const wrong = [];
    let checked = 0;
    try {
      await setUp(c, k);
      for (const [command, ...args] of samples(k)) {
        const type = TYPES[command];
        assert.ok(type, `no type for ${command}`);
        let reply;
        try {
          reply = await c.customCommand(args);
        } catch (e) {
          if (e instanceof ResponseError && /unknown command|unknown subcommand|syntax error|wrong number of arguments/i.test(e.message)) continue; // not on this server
          throw new Error(`${args.join(" ")}: ${e.message}`);
        }
        checked++;
        if (!matches(type, reply)) wrong.push(`${args.join(" ")} -> ${require("node:util").inspect(reply, { depth: 4 })} is not ${type}`);
      }
    } finally {
      await c.customCommand(["DEL", ...Object.values(k).filter((x) => x !== prefix)]).catch(() => undefined);
      await c.close();
    }
    assert.deepEqual(wrong, []);
    assert.ok(checked > 150, `only ${checked} samples ran`);
  });
}
