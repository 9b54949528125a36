/**
 * Typed methods for the common command families, written once over an
 * abstract `send`: the Client sends each at once (a Promise), a Batch
 * records it (chainable) and sends them all with `exec()`.
 */

import type { Batch } from "./client";

export type Arg = string | Buffer | number;
/** A reply as the addon delivers it, before a method shapes it. */
export type Reply = unknown;
/** Turns a raw reply into the method's result (runs when the reply arrives). */
export type Shape<T = unknown> = (v: Reply) => T;

/**
 * How a command method delivers its result: `"promise"` (Client, Session)
 * sends it at once and resolves to the reply; `"batch"` records it and
 * returns the Batch, for chaining (the replies come from `exec()`).
 */
export type Mode = "promise" | "batch";
/** What a command method of `Commands<M>` returns: `Promise<T>`, or the Batch in a batch. */
export type Result<M extends Mode, T> = M extends "batch" ? Batch : Promise<T>;

/**
 * A bulk-string reply (GET's value, HGET's, a list's elements, ...): a
 * string when the client decodes responses (`decodeResponses`, the default)
 * and the bytes are valid UTF-8, else a Buffer. Even a decoding client gets
 * a Buffer for binary data, so the type says both: narrow it with
 * `typeof v === "string"` or convert with `String(v)` / `Buffer.from(v)`.
 * Status replies ("OK", "PONG", TYPE's "hash") are always strings.
 */
export type Bulk = string | Buffer;
/**
 * A double reply (ZSCORE's score, ZINCRBY's, GEOPOS's coordinates): a
 * number under RESP3, the protocol by default; its text (a Bulk) under
 * RESP2. `Number(v)` takes either. The typed methods that shape scores
 * (zscore, zincrBy, geodist, zrangeWithScores, ...) always give numbers.
 */
export type Double = number | Bulk;
/**
 * A map reply (CONFIG GET, XINFO STREAM, HGETALL as the server sends it):
 * an object keyed by the keys' text under RESP3, a flat
 * `[key, value, key, value, ...]` array under RESP2. `toObject` turns
 * either into the object.
 */
export type RespMap<V = unknown> = Record<string, V> | (Bulk | V)[];
/**
 * A reply a cluster gathers from every node (INFO, MEMORY STATS, LATENCY
 * ..., FUNCTION STATS: the commands whose response policy is "special"):
 * an object of node address -> that node's reply, or the Error it gave.
 */
export type PerNode<T> = Record<string, T | Error>;

/** Validates one argument (string, Buffer or finite number) for the wire. */
export function toArg(v: unknown, name: string): string | Buffer {
  if (typeof v === "string" || Buffer.isBuffer(v)) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${name}: expected a string, Buffer or finite number, got ${v === null ? "null" : typeof v}`);
}

function keys(v: unknown, name: string): (string | Buffer)[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new TypeError(`${name}: expected at least one`);
  return list.map((x, i) => toArg(x, `${name}[${i}]`));
}

/** RESP2 flat [k, v, k, v] or RESP3 map object -> object (`V`: what the values are). */
export function toObject<V = unknown>(v: Reply): Record<string, V> {
  if (Array.isArray(v)) {
    const out: Record<string, V> = {};
    for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = v[i + 1] as V;
    return out;
  }
  return (v ?? {}) as Record<string, V>;
}
/** Checks `command()` options (TypeError naming the option). */
export function checkRequestOptions(opts: unknown): RequestOptions {
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) throw new TypeError("opts: expected an options object");
  const o = opts as RequestOptions;
  if (o.timeoutMs !== undefined && (!Number.isInteger(o.timeoutMs) || o.timeoutMs < 0))
    throw new TypeError("timeoutMs: expected a non-negative integer");
  if (o.route !== undefined && typeof o.route !== "string") throw new TypeError("route: expected a string");
  if (o.resendSafe !== undefined && typeof o.resendSafe !== "boolean") throw new TypeError("resendSafe: expected a boolean");
  if (o.signal !== undefined && o.signal !== null) {
    const s = o.signal as { aborted?: unknown; addEventListener?: unknown };
    if (typeof s !== "object" || typeof s.aborted !== "boolean" || typeof s.addEventListener !== "function")
      throw new TypeError("signal: expected an AbortSignal");
  }
  return o;
}

/** A double (RESP3 number or RESP2 text) or null -> number or null. */
const toNumber = (v: Reply): number | null => (v === null ? null : Number(v as Double));
/** A double that is never null (INCRBYFLOAT, ZINCRBY) -> number. */
const toDouble = (v: Reply): number => Number(v as Double);
/** An integer 0/1 reply (EXPIRE, SISMEMBER, ...) -> boolean. */
const toBool = (v: Reply): boolean => v === 1 || v === true;


export interface SetOptions {
  /** Expire after seconds. */
  ex?: number;
  /** Expire after milliseconds. */
  px?: number;
  /** Only if the key does not exist. */
  nx?: boolean;
  /** Only if the key exists. */
  xx?: boolean;
  keepTtl?: boolean;
  /** Return the old value. */
  get?: boolean;
}

export interface ScanOptions {
  match?: string;
  count?: number;
  type?: string;
}

export type ZMember = { score: number; member: Bulk };

/** Per-request options of `command()` / `customCommand()`. */
export interface RequestOptions {
  /** Overrides the client's requestTimeoutMs for this request. */
  timeoutMs?: number;
  /** "allPrimaries", "allNodes", "random", "primary" or a node's "host:port". */
  route?: string;
  /**
   * Cancels the request when it fires: the Promise rejects with an
   * AbortError at once. A blocking command (BLPOP, XREAD BLOCK, ...) or a
   * session's command is ended in the engine and unblocked on the server,
   * so an element pushed afterwards stays in its list; any other command
   * runs to its end and its reply is dropped.
   */
  signal?: AbortSignal;
  /**
   * The command may run twice. A write that was on the wire when its
   * node's link died (primary killed, failing over) is then sent again to
   * the new primary; by default it fails with ConnectionError, since the
   * server may have run it (reads and requests never written are always
   * sent again). Default false.
   */
  resendSafe?: boolean;
}

export interface XAddOptions extends Partial<TrimOptions> {
  /** The entry id; default "*" (the server's). */
  id?: Arg;
  /** Do not create the stream when it does not exist. */
  nomkstream?: boolean;
}
export interface TrimOptions {
  /** Keep at most this many entries. */
  maxlen?: number;
  /** Drop entries with ids below this one. */
  minid?: Arg;
  /** Trim with "~" (whole nodes; cheaper). Default true. */
  approximate?: boolean;
  /** With approximate: at most this many entries dropped per call. */
  limit?: number;
}
export interface XReadOptions {
  count?: number;
  /** Wait up to this many ms for entries (0: forever), on a dedicated connection. */
  block?: number;
}
/** A stream entry: its id and fields (null for one deleted since delivery). */
export interface StreamEntry {
  id: Bulk;
  fields: Record<string, Bulk> | null;
}
/** One stream's entries in an XREAD / XREADGROUP reply. */
export interface StreamRead {
  stream: Bulk;
  entries: StreamEntry[];
}
/** XPENDING's summary of a consumer group. */
export interface XPendingSummary {
  /** Entries delivered and not acknowledged. */
  pending: number;
  /** The smallest and greatest pending ids (null when none is pending). */
  min: Bulk | null;
  max: Bulk | null;
  /** Each consumer with pending entries, and how many. */
  consumers: { name: Bulk; pending: number }[];
}
/** XAUTOCLAIM's result: the cursor for the next call ("0-0": done), the entries claimed (ids with `justid`), the ids deleted meanwhile. */
export interface XAutoClaimed<E> {
  next: Bulk;
  entries: E[];
  deleted: Bulk[];
}
/** A GEOSEARCH row with any of withDist (distance in the query's unit), withHash, withCoord ([longitude, latitude]). */
export interface GeoRow {
  member: Bulk;
  distance?: number;
  hash?: number;
  coordinates?: [number, number];
}
/** A function of a FUNCTION LIST library. */
export interface FunctionInfo {
  name: Bulk;
  description: Bulk | null;
  flags: string[];
}
/** A library in FUNCTION LIST (`library_code` with withCode). */
export interface FunctionLibrary {
  library_name: Bulk;
  engine: Bulk;
  functions: FunctionInfo[];
  library_code?: Bulk;
}
export interface GeoMember {
  longitude: number;
  latitude: number;
  member: Arg;
}
export type GeoFrom = { member: Arg } | { longitude: number; latitude: number };
export type GeoBy = { radius: number; unit: "m" | "km" | "mi" | "ft" } | { width: number; height: number; unit: "m" | "km" | "mi" | "ft" };
export interface GeoSearchOptions {
  sort?: "ASC" | "DESC";
  count?: number;
  /** With count: stop at the first `count` found (not the nearest). */
  any?: boolean;
  withCoord?: boolean;
  withDist?: boolean;
  withHash?: boolean;
}

function trimArgs(o: Partial<TrimOptions>): (string | Buffer)[] {
  if (typeof o !== "object" || o === null) throw new TypeError("opts: expected an options object");
  if (o.maxlen !== undefined && o.minid !== undefined) throw new TypeError("opts: maxlen and minid exclude each other");
  if (o.maxlen === undefined && o.minid === undefined) {
    if (o.limit !== undefined) throw new TypeError("opts.limit: needs maxlen or minid");
    return [];
  }
  const a: (string | Buffer)[] = [o.maxlen !== undefined ? "MAXLEN" : "MINID"];
  if (o.approximate !== false) a.push("~");
  a.push(o.maxlen !== undefined ? toArg(o.maxlen, "opts.maxlen") : toArg(o.minid, "opts.minid"));
  if (o.limit !== undefined) a.push("LIMIT", toArg(o.limit, "opts.limit"));
  return a;
}

function readArgs(streams: Record<string, Arg>, o: XReadOptions): (string | Buffer)[] {
  if (typeof streams !== "object" || streams === null || Array.isArray(streams) || Object.keys(streams).length === 0)
    throw new TypeError("streams: expected an object of stream name -> last id seen");
  if (typeof o !== "object" || o === null) throw new TypeError("opts: expected an options object");
  const a: (string | Buffer)[] = [];
  if (o.count !== undefined) a.push("COUNT", toArg(o.count, "opts.count"));
  if (o.block !== undefined) {
    if (!Number.isInteger(o.block) || o.block < 0) throw new TypeError("opts.block: expected milliseconds >= 0");
    a.push("BLOCK", String(o.block));
  }
  const names = Object.keys(streams);
  return [...a, "STREAMS", ...names, ...names.map((n) => toArg(streams[n], `streams.${n}`))];
}

function toEntry(v: unknown): StreamEntry {
  const [id, fields] = v as [Bulk, Bulk[] | null | undefined];
  return { id, fields: fields === null || fields === undefined ? null : toObject<Bulk>(fields) };
}
function toEntries(v: Reply): StreamEntry[] {
  return ((v as unknown[]) ?? []).map(toEntry);
}
/** XREAD / XREADGROUP: RESP3 map or RESP2 list -> [{stream, entries}]. */
function toStreams(v: Reply): StreamRead[] {
  if (v === null || v === undefined) return [];
  const pairs: [Bulk, unknown][] = Array.isArray(v)
    ? (v as [Bulk, unknown][]).map((x) => [x[0], x[1]])
    : v instanceof Map
      ? [...(v as Map<Bulk, unknown>).entries()]
      : Object.entries(v as Record<string, unknown>);
  return pairs.map(([stream, entries]) => ({ stream, entries: toEntries(entries) }));
}

function geoArgs(from: GeoFrom, by: GeoBy, o: GeoSearchOptions): (string | Buffer)[] {
  const a: (string | Buffer)[] = [];
  if (from && "member" in from) a.push("FROMMEMBER", toArg(from.member, "from.member"));
  else if (from && "longitude" in from) a.push("FROMLONLAT", toArg(from.longitude, "from.longitude"), toArg(from.latitude, "from.latitude"));
  else throw new TypeError("from: expected {member} or {longitude, latitude}");
  if (by && "radius" in by) a.push("BYRADIUS", toArg(by.radius, "by.radius"), toArg(by.unit, "by.unit"));
  else if (by && "width" in by) a.push("BYBOX", toArg(by.width, "by.width"), toArg(by.height, "by.height"), toArg(by.unit, "by.unit"));
  else throw new TypeError("by: expected {radius, unit} or {width, height, unit}");
  if (typeof o !== "object" || o === null) throw new TypeError("opts: expected an options object");
  if (o.sort !== undefined) a.push(toArg(o.sort, "opts.sort"));
  if (o.count !== undefined) {
    a.push("COUNT", toArg(o.count, "opts.count"));
    if (o.any) a.push("ANY");
  } else if (o.any) throw new TypeError("opts.any: needs count");
  return a;
}

/**
 * The command methods; each returns `Result<M, T>`: a `Promise<T>` of its
 * reply on a Client or Session, the Batch itself in a batch (chainable).
 * `T` is what the method resolves to: the reply as the addon delivers it
 * (see `Bulk`, `Double`, `RespMap`), or as the method shapes it (EXPIRE's
 * boolean, HGETALL's object, XREAD's `StreamRead[]`).
 */
export abstract class Commands<M extends Mode> {
  /** Sends (or records) one command; `shape` turns its reply into the `T` the method declares. */
  protected abstract send<T>(args: (string | Buffer)[], shape?: Shape<T>, opts?: RequestOptions): Result<M, T>;

  /** Any command: `customCommand(["CLIENT", "INFO"])`; `opts` as `command()` (a batch ignores them). */
  customCommand(args: Arg[], opts?: RequestOptions): Result<M, unknown> {
    if (!Array.isArray(args) || args.length === 0) throw new TypeError("args: expected a non-empty array");
    return this.send(
      args.map((a, i) => toArg(a, `args[${i}]`)),
      undefined,
      opts === undefined ? undefined : checkRequestOptions(opts),
    );
  }

  // ---------------------------------------------------------------- strings
  get(key: Arg): Result<M, Bulk | null> {
    return this.send(["GET", toArg(key, "key")]);
  }
  /** SET: "OK", or null when `nx` / `xx` stopped it; with `get`, the old value (null: none). */
  set(key: Arg, value: Arg, opts: SetOptions & { get: true }): Result<M, Bulk | null>;
  set(key: Arg, value: Arg, opts?: SetOptions & { get?: false }): Result<M, "OK" | null>;
  set(key: Arg, value: Arg, opts?: SetOptions): Result<M, "OK" | Bulk | null>;
  set(key: Arg, value: Arg, opts?: SetOptions): Result<M, "OK" | Bulk | null> {
    const a: (string | Buffer)[] = ["SET", toArg(key, "key"), toArg(value, "value")];
    if (opts !== undefined) {
      if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
      if (opts.ex !== undefined) a.push("EX", toArg(opts.ex, "opts.ex"));
      if (opts.px !== undefined) a.push("PX", toArg(opts.px, "opts.px"));
      if (opts.nx) a.push("NX");
      if (opts.xx) a.push("XX");
      if (opts.keepTtl) a.push("KEEPTTL");
      if (opts.get) a.push("GET");
    }
    return this.send(a);
  }
  mget(keyList: Arg[]): Result<M, (Bulk | null)[]> {
    return this.send(["MGET", ...keys(keyList, "keys")]);
  }
  mset(pairs: Record<string, Arg>): Result<M, "OK"> {
    if (typeof pairs !== "object" || pairs === null) throw new TypeError("pairs: expected an object");
    const a: (string | Buffer)[] = ["MSET"];
    for (const [k, v] of Object.entries(pairs)) a.push(k, toArg(v, `pairs.${k}`));
    return this.send(a);
  }
  incr(key: Arg): Result<M, number> {
    return this.send(["INCR", toArg(key, "key")]);
  }
  incrBy(key: Arg, by: number): Result<M, number> {
    return this.send(["INCRBY", toArg(key, "key"), toArg(by, "by")]);
  }
  incrByFloat(key: Arg, by: number): Result<M, number> {
    return this.send(["INCRBYFLOAT", toArg(key, "key"), toArg(by, "by")], toDouble);
  }
  decr(key: Arg): Result<M, number> {
    return this.send(["DECR", toArg(key, "key")]);
  }
  decrBy(key: Arg, by: number): Result<M, number> {
    return this.send(["DECRBY", toArg(key, "key"), toArg(by, "by")]);
  }
  append(key: Arg, value: Arg): Result<M, number> {
    return this.send(["APPEND", toArg(key, "key"), toArg(value, "value")]);
  }
  strlen(key: Arg): Result<M, number> {
    return this.send(["STRLEN", toArg(key, "key")]);
  }
  getDel(key: Arg): Result<M, Bulk | null> {
    return this.send(["GETDEL", toArg(key, "key")]);
  }
  getRange(key: Arg, start: number, end: number): Result<M, Bulk> {
    return this.send(["GETRANGE", toArg(key, "key"), toArg(start, "start"), toArg(end, "end")]);
  }

  // ------------------------------------------------------------ keys/expiry
  del(keyList: Arg | Arg[]): Result<M, number> {
    return this.send(["DEL", ...keys(keyList, "keys")]);
  }
  unlink(keyList: Arg | Arg[]): Result<M, number> {
    return this.send(["UNLINK", ...keys(keyList, "keys")]);
  }
  exists(keyList: Arg | Arg[]): Result<M, number> {
    return this.send(["EXISTS", ...keys(keyList, "keys")]);
  }
  expire(key: Arg, seconds: number): Result<M, boolean> {
    return this.send(["EXPIRE", toArg(key, "key"), toArg(seconds, "seconds")], toBool);
  }
  pexpire(key: Arg, ms: number): Result<M, boolean> {
    return this.send(["PEXPIRE", toArg(key, "key"), toArg(ms, "ms")], toBool);
  }
  expireAt(key: Arg, unixSeconds: number): Result<M, boolean> {
    return this.send(["EXPIREAT", toArg(key, "key"), toArg(unixSeconds, "unixSeconds")], toBool);
  }
  ttl(key: Arg): Result<M, number> {
    return this.send(["TTL", toArg(key, "key")]);
  }
  pttl(key: Arg): Result<M, number> {
    return this.send(["PTTL", toArg(key, "key")]);
  }
  persist(key: Arg): Result<M, boolean> {
    return this.send(["PERSIST", toArg(key, "key")], toBool);
  }
  type(key: Arg): Result<M, string> {
    return this.send(["TYPE", toArg(key, "key")]);
  }
  rename(key: Arg, newKey: Arg): Result<M, "OK"> {
    return this.send(["RENAME", toArg(key, "key"), toArg(newKey, "newKey")]);
  }
  /** One SCAN step: resolves to [nextCursor, keys] ("0": done). On a cluster the step walks the whole cluster; pass its cursor back as it is. */
  scan(cursor: Arg, opts?: ScanOptions): Result<M, [string, Bulk[]]> {
    const a: (string | Buffer)[] = ["SCAN", toArg(cursor, "cursor")];
    if (opts?.match !== undefined) a.push("MATCH", toArg(opts.match, "opts.match"));
    if (opts?.count !== undefined) a.push("COUNT", toArg(opts.count, "opts.count"));
    if (opts?.type !== undefined) a.push("TYPE", toArg(opts.type, "opts.type"));
    return this.send(a, (v): [string, Bulk[]] => {
      const [c, k] = v as [Bulk, Bulk[]];
      return [String(c), k];
    });
  }

  // ----------------------------------------------------------------- server
  ping(message?: Arg): Result<M, Bulk> {
    return this.send(message === undefined ? ["PING"] : ["PING", toArg(message, "message")]);
  }
  echo(message: Arg): Result<M, Bulk> {
    return this.send(["ECHO", toArg(message, "message")]);
  }
  publish(channel: Arg, message: Arg): Result<M, number> {
    return this.send(["PUBLISH", toArg(channel, "channel"), toArg(message, "message")]);
  }
  spublish(channel: Arg, message: Arg): Result<M, number> {
    return this.send(["SPUBLISH", toArg(channel, "channel"), toArg(message, "message")]);
  }

  // ----------------------------------------------------------------- hashes
  hset(key: Arg, fields: Record<string, Arg>): Result<M, number> {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new TypeError("fields: expected an object");
    const a: (string | Buffer)[] = ["HSET", toArg(key, "key")];
    for (const [f, v] of Object.entries(fields)) a.push(f, toArg(v, `fields.${f}`));
    if (a.length === 2) throw new TypeError("fields: expected at least one field");
    return this.send(a);
  }
  hget(key: Arg, field: Arg): Result<M, Bulk | null> {
    return this.send(["HGET", toArg(key, "key"), toArg(field, "field")]);
  }
  hmget(key: Arg, fields: Arg[]): Result<M, (Bulk | null)[]> {
    return this.send(["HMGET", toArg(key, "key"), ...keys(fields, "fields")]);
  }
  hgetall(key: Arg): Result<M, Record<string, Bulk>> {
    return this.send(["HGETALL", toArg(key, "key")], (v) => toObject<Bulk>(v));
  }
  hdel(key: Arg, fields: Arg | Arg[]): Result<M, number> {
    return this.send(["HDEL", toArg(key, "key"), ...keys(fields, "fields")]);
  }
  hexists(key: Arg, field: Arg): Result<M, boolean> {
    return this.send(["HEXISTS", toArg(key, "key"), toArg(field, "field")], toBool);
  }
  hincrBy(key: Arg, field: Arg, by: number): Result<M, number> {
    return this.send(["HINCRBY", toArg(key, "key"), toArg(field, "field"), toArg(by, "by")]);
  }
  hkeys(key: Arg): Result<M, Bulk[]> {
    return this.send(["HKEYS", toArg(key, "key")]);
  }
  hvals(key: Arg): Result<M, Bulk[]> {
    return this.send(["HVALS", toArg(key, "key")]);
  }
  hlen(key: Arg): Result<M, number> {
    return this.send(["HLEN", toArg(key, "key")]);
  }

  // ------------------------------------------------------------------ lists
  lpush(key: Arg, values: Arg | Arg[]): Result<M, number> {
    return this.send(["LPUSH", toArg(key, "key"), ...keys(values, "values")]);
  }
  rpush(key: Arg, values: Arg | Arg[]): Result<M, number> {
    return this.send(["RPUSH", toArg(key, "key"), ...keys(values, "values")]);
  }
  /** LPOP: one element (null: empty list); with `count`, up to that many (null: no list). */
  lpop(key: Arg): Result<M, Bulk | null>;
  lpop(key: Arg, count: number): Result<M, Bulk[] | null>;
  lpop(key: Arg, count?: number): Result<M, Bulk | Bulk[] | null>;
  lpop(key: Arg, count?: number): Result<M, Bulk | Bulk[] | null> {
    return this.send(count === undefined ? ["LPOP", toArg(key, "key")] : ["LPOP", toArg(key, "key"), toArg(count, "count")]);
  }
  /** RPOP: one element (null: empty list); with `count`, up to that many (null: no list). */
  rpop(key: Arg): Result<M, Bulk | null>;
  rpop(key: Arg, count: number): Result<M, Bulk[] | null>;
  rpop(key: Arg, count?: number): Result<M, Bulk | Bulk[] | null>;
  rpop(key: Arg, count?: number): Result<M, Bulk | Bulk[] | null> {
    return this.send(count === undefined ? ["RPOP", toArg(key, "key")] : ["RPOP", toArg(key, "key"), toArg(count, "count")]);
  }
  lrange(key: Arg, start: number, stop: number): Result<M, Bulk[]> {
    return this.send(["LRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }
  llen(key: Arg): Result<M, number> {
    return this.send(["LLEN", toArg(key, "key")]);
  }
  lindex(key: Arg, index: number): Result<M, Bulk | null> {
    return this.send(["LINDEX", toArg(key, "key"), toArg(index, "index")]);
  }
  lset(key: Arg, index: number, value: Arg): Result<M, "OK"> {
    return this.send(["LSET", toArg(key, "key"), toArg(index, "index"), toArg(value, "value")]);
  }
  lrem(key: Arg, count: number, value: Arg): Result<M, number> {
    return this.send(["LREM", toArg(key, "key"), toArg(count, "count"), toArg(value, "value")]);
  }
  ltrim(key: Arg, start: number, stop: number): Result<M, "OK"> {
    return this.send(["LTRIM", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }

  // ------------------------------------------------------------------- sets
  sadd(key: Arg, members: Arg | Arg[]): Result<M, number> {
    return this.send(["SADD", toArg(key, "key"), ...keys(members, "members")]);
  }
  srem(key: Arg, members: Arg | Arg[]): Result<M, number> {
    return this.send(["SREM", toArg(key, "key"), ...keys(members, "members")]);
  }
  smembers(key: Arg): Result<M, Bulk[]> {
    return this.send(["SMEMBERS", toArg(key, "key")]);
  }
  sismember(key: Arg, member: Arg): Result<M, boolean> {
    return this.send(["SISMEMBER", toArg(key, "key"), toArg(member, "member")], toBool);
  }
  scard(key: Arg): Result<M, number> {
    return this.send(["SCARD", toArg(key, "key")]);
  }
  sinter(keyList: Arg[]): Result<M, Bulk[]> {
    return this.send(["SINTER", ...keys(keyList, "keys")]);
  }
  sunion(keyList: Arg[]): Result<M, Bulk[]> {
    return this.send(["SUNION", ...keys(keyList, "keys")]);
  }
  sdiff(keyList: Arg[]): Result<M, Bulk[]> {
    return this.send(["SDIFF", ...keys(keyList, "keys")]);
  }
  spop(key: Arg): Result<M, Bulk | null> {
    return this.send(["SPOP", toArg(key, "key")]);
  }

  // ------------------------------------------------------------ sorted sets
  zadd(key: Arg, members: ZMember | ZMember[]): Result<M, number> {
    const list = Array.isArray(members) ? members : [members];
    if (list.length === 0) throw new TypeError("members: expected at least one");
    const a: (string | Buffer)[] = ["ZADD", toArg(key, "key")];
    list.forEach((m, i) => {
      if (typeof m !== "object" || m === null) throw new TypeError(`members[${i}]: expected {score, member}`);
      a.push(toArg(m.score, `members[${i}].score`), toArg(m.member, `members[${i}].member`));
    });
    return this.send(a);
  }
  zscore(key: Arg, member: Arg): Result<M, number | null> {
    return this.send(["ZSCORE", toArg(key, "key"), toArg(member, "member")], toNumber);
  }
  zincrBy(key: Arg, by: number, member: Arg): Result<M, number> {
    return this.send(["ZINCRBY", toArg(key, "key"), toArg(by, "by"), toArg(member, "member")], toDouble);
  }
  zrem(key: Arg, members: Arg | Arg[]): Result<M, number> {
    return this.send(["ZREM", toArg(key, "key"), ...keys(members, "members")]);
  }
  zcard(key: Arg): Result<M, number> {
    return this.send(["ZCARD", toArg(key, "key")]);
  }
  zcount(key: Arg, min: Arg, max: Arg): Result<M, number> {
    return this.send(["ZCOUNT", toArg(key, "key"), toArg(min, "min"), toArg(max, "max")]);
  }
  zrank(key: Arg, member: Arg): Result<M, number | null> {
    return this.send(["ZRANK", toArg(key, "key"), toArg(member, "member")]);
  }
  /** Members by rank (ZRANGE start stop). */
  zrange(key: Arg, start: number, stop: number): Result<M, Bulk[]> {
    return this.send(["ZRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }
  /** Members with scores by rank: [{member, score}]. */
  zrangeWithScores(key: Arg, start: number, stop: number): Result<M, ZMember[]> {
    return this.send(["ZRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop"), "WITHSCORES"], (v): ZMember[] => {
      // RESP3: [member, score] pairs; RESP2: member, score text, member, ...
      const items = v as Bulk[] | [Bulk, number][];
      if (items.length > 0 && Array.isArray(items[0])) {
        return (items as [Bulk, number][]).map(([m, s]) => ({ member: m, score: Number(s) }));
      }
      const flat = items as Bulk[];
      const out: ZMember[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i], score: Number(flat[i + 1]) });
      return out;
    });
  }

  // ---------------------------------------------------------------- streams
  /** XADD: appends `fields` to stream `key`; resolves to the entry id (null with `nomkstream` and no stream). */
  xadd(key: Arg, fields: Record<string, Arg>, opts: XAddOptions = {}): Result<M, Bulk | null> {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new TypeError("fields: expected an object");
    const a: (string | Buffer)[] = ["XADD", toArg(key, "key")];
    if (opts.nomkstream) a.push("NOMKSTREAM");
    a.push(...trimArgs(opts));
    a.push(opts.id === undefined ? "*" : toArg(opts.id, "opts.id"));
    const before = a.length;
    for (const [f, v] of Object.entries(fields)) a.push(f, toArg(v, `fields.${f}`));
    if (a.length === before) throw new TypeError("fields: expected at least one field");
    return this.send(a);
  }
  xlen(key: Arg): Result<M, number> {
    return this.send(["XLEN", toArg(key, "key")]);
  }
  /** XRANGE: entries from `start` to `end` as [{id, fields}]. */
  xrange(key: Arg, start: Arg = "-", end: Arg = "+", count?: number): Result<M, StreamEntry[]> {
    const a: (string | Buffer)[] = ["XRANGE", toArg(key, "key"), toArg(start, "start"), toArg(end, "end")];
    if (count !== undefined) a.push("COUNT", toArg(count, "count"));
    return this.send(a, toEntries);
  }
  xdel(key: Arg, ids: Arg | Arg[]): Result<M, number> {
    return this.send(["XDEL", toArg(key, "key"), ...keys(ids, "ids")]);
  }
  /** XTRIM: to `maxlen` entries or ids from `minid`; resolves to how many were removed. */
  xtrim(key: Arg, opts: TrimOptions): Result<M, number> {
    if (opts?.maxlen === undefined && opts?.minid === undefined) throw new TypeError("opts: give maxlen or minid");
    return this.send(["XTRIM", toArg(key, "key"), ...trimArgs(opts)]);
  }
  /** XREAD: entries after the ids in `streams` (name -> last id seen, "$": new only); `block` ms waits (0: forever). [{stream, entries}] or []. */
  xread(streams: Record<string, Arg>, opts: XReadOptions = {}): Result<M, StreamRead[]> {
    return this.send(["XREAD", ...readArgs(streams, opts)], toStreams);
  }
  /** XREADGROUP as `consumer` of `group`: id ">" reads entries never delivered to the group. [{stream, entries}] or []. */
  xreadgroup(group: Arg, consumer: Arg, streams: Record<string, Arg>, opts: XReadOptions & { noack?: boolean } = {}): Result<M, StreamRead[]> {
    const a: (string | Buffer)[] = ["XREADGROUP", "GROUP", toArg(group, "group"), toArg(consumer, "consumer")];
    if (opts.noack) a.push("NOACK");
    return this.send([...a, ...readArgs(streams, opts)], toStreams);
  }
  /** XGROUP CREATE: the group starts after `id` ("$": new entries only, "0": all). */
  xgroupCreate(key: Arg, group: Arg, id: Arg = "$", opts: { mkstream?: boolean; entriesRead?: number } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["XGROUP", "CREATE", toArg(key, "key"), toArg(group, "group"), toArg(id, "id")];
    if (opts.mkstream) a.push("MKSTREAM");
    if (opts.entriesRead !== undefined) a.push("ENTRIESREAD", toArg(opts.entriesRead, "opts.entriesRead"));
    return this.send(a);
  }
  xgroupDestroy(key: Arg, group: Arg): Result<M, number> {
    return this.send(["XGROUP", "DESTROY", toArg(key, "key"), toArg(group, "group")]);
  }
  xack(key: Arg, group: Arg, ids: Arg | Arg[]): Result<M, number> {
    return this.send(["XACK", toArg(key, "key"), toArg(group, "group"), ...keys(ids, "ids")]);
  }
  /** XPENDING summary: {pending, min, max, consumers: [{name, pending}]}. */
  xpending(key: Arg, group: Arg): Result<M, XPendingSummary> {
    return this.send(["XPENDING", toArg(key, "key"), toArg(group, "group")], (v): XPendingSummary => {
      // Each consumer's count comes as text.
      const [pending, min, max, consumers] = v as [number, Bulk | null, Bulk | null, [Bulk, Bulk][] | null];
      return {
        pending: Number(pending),
        min,
        max,
        consumers: (consumers ?? []).map(([name, n]) => ({ name, pending: Number(n) })),
      };
    });
  }
  /** XAUTOCLAIM: {next, entries (or ids with `justid`), deleted}. */
  xautoclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: number, start?: Arg, opts?: { count?: number; justid?: false }): Result<M, XAutoClaimed<StreamEntry>>;
  xautoclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: number, start: Arg, opts: { count?: number; justid: true }): Result<M, XAutoClaimed<Bulk>>;
  xautoclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: number, start?: Arg, opts?: { count?: number; justid?: boolean }): Result<M, XAutoClaimed<StreamEntry | Bulk>>;
  xautoclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: number, start: Arg = "0-0", opts: { count?: number; justid?: boolean } = {}): Result<M, XAutoClaimed<StreamEntry | Bulk>> {
    const a: (string | Buffer)[] = ["XAUTOCLAIM", toArg(key, "key"), toArg(group, "group"), toArg(consumer, "consumer"), toArg(minIdleTime, "minIdleTime"), toArg(start, "start")];
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "opts.count"));
    if (opts.justid) a.push("JUSTID");
    return this.send(a, (v): XAutoClaimed<StreamEntry | Bulk> => {
      // Redis 6.2 sends no third element.
      const [next, claimed, deleted] = v as [Bulk, unknown[], Bulk[] | undefined];
      return { next, entries: opts.justid ? (claimed as Bulk[]) : toEntries(claimed), deleted: deleted ?? [] };
    });
  }

  // -------------------------------------------------------------------- geo
  /** GEOADD: [{longitude, latitude, member}]; resolves to how many were added. */
  geoadd(key: Arg, members: GeoMember | GeoMember[], opts: { nx?: boolean; xx?: boolean; ch?: boolean } = {}): Result<M, number> {
    const list = Array.isArray(members) ? members : [members];
    if (list.length === 0) throw new TypeError("members: expected at least one");
    const a: (string | Buffer)[] = ["GEOADD", toArg(key, "key")];
    if (opts.nx) a.push("NX");
    if (opts.xx) a.push("XX");
    if (opts.ch) a.push("CH");
    list.forEach((m, i) => a.push(toArg(m?.longitude, `members[${i}].longitude`), toArg(m?.latitude, `members[${i}].latitude`), toArg(m?.member, `members[${i}].member`)));
    return this.send(a);
  }
  /** GEODIST in `unit` (m, km, mi, ft): a number or null. */
  geodist(key: Arg, member1: Arg, member2: Arg, unit?: string): Result<M, number | null> {
    const a: (string | Buffer)[] = ["GEODIST", toArg(key, "key"), toArg(member1, "member1"), toArg(member2, "member2")];
    if (unit !== undefined) a.push(toArg(unit, "unit"));
    return this.send(a, toNumber);
  }
  /** GEOPOS: [longitude, latitude] or null per member. */
  geopos(key: Arg, members: Arg | Arg[]): Result<M, ([number, number] | null)[]> {
    return this.send(["GEOPOS", toArg(key, "key"), ...keys(members, "members")], (v) =>
      (v as ([Double, Double] | null)[]).map((p): [number, number] | null => (p ? [Number(p[0]), Number(p[1])] : null)),
    );
  }
  /**
   * GEOSEARCH from a member or a point, within a radius or a box: member
   * names, or with any of withDist/withHash/withCoord, [{member, distance?, hash?, coordinates?}].
   */
  geosearch(key: Arg, from: GeoFrom, by: GeoBy, opts: GeoSearchOptions & ({ withCoord: true } | { withDist: true } | { withHash: true })): Result<M, GeoRow[]>;
  geosearch(key: Arg, from: GeoFrom, by: GeoBy, opts?: GeoSearchOptions & { withCoord?: false; withDist?: false; withHash?: false }): Result<M, Bulk[]>;
  geosearch(key: Arg, from: GeoFrom, by: GeoBy, opts?: GeoSearchOptions): Result<M, Bulk[] | GeoRow[]>;
  geosearch(key: Arg, from: GeoFrom, by: GeoBy, opts: GeoSearchOptions = {}): Result<M, Bulk[] | GeoRow[]> {
    const a: (string | Buffer)[] = ["GEOSEARCH", toArg(key, "key"), ...geoArgs(from, by, opts)];
    if (opts.withCoord) a.push("WITHCOORD");
    if (opts.withDist) a.push("WITHDIST");
    if (opts.withHash) a.push("WITHHASH");
    const rows = opts.withCoord || opts.withDist || opts.withHash;
    return this.send(a, (v): Bulk[] | GeoRow[] =>
      !rows
        ? (v as Bulk[])
        : (v as [Bulk, ...(Bulk | number | [Double, Double])[]][]).map((item) => {
            const row: GeoRow = { member: item[0] };
            let i = 1;
            if (opts.withDist) row.distance = Number(item[i++]);
            if (opts.withHash) row.hash = Number(item[i++]);
            if (opts.withCoord) {
              const c = item[i] as [Double, Double];
              row.coordinates = [Number(c[0]), Number(c[1])];
            }
            return row;
          }),
    );
  }

  // ------------------------------------------------------------ hyperloglog
  pfadd(key: Arg, elements: Arg | Arg[]): Result<M, number> {
    return this.send(["PFADD", toArg(key, "key"), ...keys(elements, "elements")]);
  }
  pfcount(keyList: Arg | Arg[]): Result<M, number> {
    return this.send(["PFCOUNT", ...keys(keyList, "keys")]);
  }
  pfmerge(dest: Arg, sources: Arg | Arg[]): Result<M, "OK"> {
    return this.send(["PFMERGE", toArg(dest, "dest"), ...keys(sources, "sources")]);
  }

  // ---------------------------------------------------------------- bitmaps
  setbit(key: Arg, offset: number, value: 0 | 1): Result<M, number> {
    return this.send(["SETBIT", toArg(key, "key"), toArg(offset, "offset"), toArg(value, "value")]);
  }
  getbit(key: Arg, offset: number): Result<M, number> {
    return this.send(["GETBIT", toArg(key, "key"), toArg(offset, "offset")]);
  }
  /** BITCOUNT, of the whole string or between start and end (mode "BYTE" or "BIT"). */
  bitcount(key: Arg, range?: { start: number; end: number; mode?: "BYTE" | "BIT" }): Result<M, number> {
    const a: (string | Buffer)[] = ["BITCOUNT", toArg(key, "key")];
    if (range !== undefined) {
      a.push(toArg(range.start, "range.start"), toArg(range.end, "range.end"));
      if (range.mode !== undefined) a.push(toArg(range.mode, "range.mode"));
    }
    return this.send(a);
  }
  bitop(operation: "AND" | "OR" | "XOR" | "NOT", dest: Arg, keyList: Arg | Arg[]): Result<M, number> {
    return this.send(["BITOP", toArg(operation, "operation"), toArg(dest, "dest"), ...keys(keyList, "keys")]);
  }
  /** BITFIELD with operations in order, e.g. [["SET", "u8", 0, 255], ["GET", "u8", 0], ["OVERFLOW", "FAIL"], ["INCRBY", "u8", 0, 1]]: (number | null)[]. */
  bitfield(key: Arg, operations: Arg[][]): Result<M, (number | null)[]> {
    if (!Array.isArray(operations)) throw new TypeError("operations: expected an array of arrays");
    const a: (string | Buffer)[] = ["BITFIELD", toArg(key, "key")];
    operations.forEach((op, i) => {
      if (!Array.isArray(op) || op.length === 0) throw new TypeError(`operations[${i}]: expected an array such as ["GET", "u8", 0]`);
      op.forEach((x, j) => a.push(toArg(x, `operations[${i}][${j}]`)));
    });
    return this.send(a);
  }

  // -------------------------------------------------------------- functions
  /** FUNCTION LOAD (in a cluster: on every primary); resolves to the library name. */
  functionLoad(code: string, replace = false): Result<M, Bulk> {
    return this.send(["FUNCTION", "LOAD", ...(replace ? ["REPLACE"] : []), toArg(code, "code")]);
  }
  functionDelete(library: string): Result<M, "OK"> {
    return this.send(["FUNCTION", "DELETE", toArg(library, "library")]);
  }
  functionFlush(mode?: "SYNC" | "ASYNC"): Result<M, "OK"> {
    return this.send(["FUNCTION", "FLUSH", ...(mode ? [mode] : [])]);
  }
  /** FUNCTION LIST: [{library_name, engine, functions: [{name, description, flags}], library_code?}]. */
  functionList(opts: { libraryName?: string; withCode?: boolean } = {}): Result<M, FunctionLibrary[]> {
    const a: (string | Buffer)[] = ["FUNCTION", "LIST"];
    if (opts.libraryName !== undefined) a.push("LIBRARYNAME", toArg(opts.libraryName, "opts.libraryName"));
    if (opts.withCode) a.push("WITHCODE");
    return this.send(a, (v) =>
      (v as RespMap[]).map((lib): FunctionLibrary => {
        // The server's maps, as objects: the fields FunctionLibrary and FunctionInfo name.
        const o = toObject(lib) as unknown as FunctionLibrary;
        return { ...o, functions: ((o.functions as unknown as RespMap[]) ?? []).map((f) => toObject(f) as unknown as FunctionInfo) };
      }),
    );
  }
  /** FCALL `fn` with its keys and args. */
  fcall(fn: string, keyList: Arg[] = [], args: Arg[] = []): Result<M, unknown> {
    return this.script("FCALL", fn, "fn", keyList, args);
  }
  /** FCALL_RO: a read-only function (may run on a replica). */
  fcallReadonly(fn: string, keyList: Arg[] = [], args: Arg[] = []): Result<M, unknown> {
    return this.script("FCALL_RO", fn, "fn", keyList, args);
  }

  // ------------------------------------------------------ hash field expiry
  /** HEXPIRE (Valkey 9, Redis 7.4+): per field 1 set, 0 condition not met, 2 deleted, -2 no field. */
  hexpire(key: Arg, seconds: number, fields: Arg | Arg[], condition?: "NX" | "XX" | "GT" | "LT"): Result<M, number[]> {
    return this.hfields("HEXPIRE", key, fields, [toArg(seconds, "seconds"), ...(condition ? [toArg(condition, "condition")] : [])]);
  }
  hpexpire(key: Arg, milliseconds: number, fields: Arg | Arg[], condition?: "NX" | "XX" | "GT" | "LT"): Result<M, number[]> {
    return this.hfields("HPEXPIRE", key, fields, [toArg(milliseconds, "milliseconds"), ...(condition ? [toArg(condition, "condition")] : [])]);
  }
  /** HTTL: each field's TTL in seconds (-1 none, -2 no field). */
  httl(key: Arg, fields: Arg | Arg[]): Result<M, number[]> {
    return this.hfields("HTTL", key, fields, []);
  }
  hpttl(key: Arg, fields: Arg | Arg[]): Result<M, number[]> {
    return this.hfields("HPTTL", key, fields, []);
  }
  hpersist(key: Arg, fields: Arg | Arg[]): Result<M, number[]> {
    return this.hfields("HPERSIST", key, fields, []);
  }
  private hfields(name: string, key: Arg, fields: Arg | Arg[], before: (string | Buffer)[]): Result<M, number[]> {
    const list = keys(fields, "fields");
    return this.send([name, toArg(key, "key"), ...before, "FIELDS", String(list.length), ...list]);
  }

  // -------------------------------------------------------------- scripting
  eval(script: string, keyList: Arg[] = [], args: Arg[] = []): Result<M, unknown> {
    return this.script("EVAL", script, "script", keyList, args);
  }
  evalsha(sha: string, keyList: Arg[] = [], args: Arg[] = []): Result<M, unknown> {
    return this.script("EVALSHA", sha, "sha", keyList, args);
  }
  /** EVAL / EVALSHA / FCALL / FCALL_RO: `body` (the script, sha or function), the key count, keys, then args. */
  private script(name: string, body: string, bodyName: string, keyList: Arg[], args: Arg[]): Result<M, unknown> {
    if (!Array.isArray(keyList)) throw new TypeError("keys: expected an array");
    if (!Array.isArray(args)) throw new TypeError("args: expected an array");
    return this.send([
      name,
      toArg(body, bodyName),
      String(keyList.length),
      ...keyList.map((k, i) => toArg(k, `keys[${i}]`)),
      ...args.map((a, i) => toArg(a, `args[${i}]`)),
    ]);
  }

  // --- generated from the specification by scripts/gen_commands.py: do not edit ---
  /** ACL CAT: Lists the ACL categories, or the commands inside a category. (Redis and Valkey; the reply as the server sends it.) */
  aclCat(opts: { category?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "CAT"];
    if (opts.category !== undefined) a.push(toArg(opts.category, "category"));
    return this.send(a);
  }
  /** ACL DELUSER: Deletes ACL users, and terminates their connections. (Redis and Valkey; the reply as the server sends it.) */
  aclDeluser(username: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["ACL", "DELUSER"];
    a.push(...keys(username, "username"));
    return this.send(a);
  }
  /** ACL DRYRUN: Simulates the execution of a command by a user, without executing the command. (Redis and Valkey; the reply as the server sends it.) */
  aclDryrun(username: Arg, command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "DRYRUN"];
    a.push(toArg(username, "username"));
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) a.push(...keys(opts.arg, "arg"));
    return this.send(a);
  }
  /** ACL GENPASS: Generates a pseudorandom, secure password that can be used to identify ACL users. (Redis and Valkey; the reply as the server sends it.) */
  aclGenpass(opts: { bits?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "GENPASS"];
    if (opts.bits !== undefined) a.push(toArg(opts.bits, "bits"));
    return this.send(a);
  }
  /** ACL GETUSER: Lists the ACL rules of a user. (Redis and Valkey; the reply as the server sends it.) */
  aclGetuser(username: Arg): Result<M, RespMap | null> {
    const a: (string | Buffer)[] = ["ACL", "GETUSER"];
    a.push(toArg(username, "username"));
    return this.send(a);
  }
  /** ACL LIST: Dumps the effective rules in ACL file format. (Redis and Valkey; the reply as the server sends it.) */
  aclList(): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "LIST"];
    return this.send(a);
  }
  /** ACL LOAD: Reloads the rules from the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclLoad(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "LOAD"];
    return this.send(a);
  }
  /** ACL SAVE: Saves the effective ACL rules in the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclSave(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "SAVE"];
    return this.send(a);
  }
  /** ACL SETUSER: Creates and modifies an ACL user and its rules. (Redis and Valkey; the reply as the server sends it.) */
  aclSetuser(username: Arg, opts: { rule?: Arg | Arg[] } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "SETUSER"];
    a.push(toArg(username, "username"));
    if (opts.rule !== undefined) a.push(...keys(opts.rule, "rule"));
    return this.send(a);
  }
  /** ACL USERS: Lists all ACL users. (Redis and Valkey; the reply as the server sends it.) */
  aclUsers(): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "USERS"];
    return this.send(a);
  }
  /** ACL WHOAMI: Returns the authenticated username of the current connection. (Redis and Valkey; the reply as the server sends it.) */
  aclWhoami(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "WHOAMI"];
    return this.send(a);
  }
  /** BGREWRITEAOF: Asynchronously rewrites the append-only file to disk. (Redis and Valkey; the reply as the server sends it.) */
  bgrewriteaof(): Result<M, string> {
    const a: (string | Buffer)[] = ["BGREWRITEAOF"];
    return this.send(a);
  }
  /** BGSAVE: Asynchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
  bgsave(opts: { operation?: "SCHEDULE" | "CANCEL" } = {}): Result<M, string> {
    const a: (string | Buffer)[] = ["BGSAVE"];
    if (opts.operation !== undefined) a.push(toArg(opts.operation, "operation"));
    return this.send(a);
  }
  /** BLMOVE: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
  blmove(source: Arg, destination: Arg, wherefrom: "LEFT" | "RIGHT", whereto: "LEFT" | "RIGHT", timeout: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["BLMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(wherefrom, "wherefrom"));
    a.push(toArg(whereto, "whereto"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BRPOPLPUSH: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  brpoplpush(source: Arg, destination: Arg, timeout: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["BRPOPLPUSH"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** CLIENT CAPA: A client claims its capability. (Valkey; the reply as the server sends it.) */
  clientCapa(capability: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "CAPA"];
    a.push(...keys(capability, "capability"));
    return this.send(a);
  }
  /** CLIENT GETNAME: Returns the name of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientGetname(): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["CLIENT", "GETNAME"];
    return this.send(a);
  }
  /** CLIENT ID: Returns the unique client ID of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientId(): Result<M, number> {
    const a: (string | Buffer)[] = ["CLIENT", "ID"];
    return this.send(a);
  }
  /** CLIENT IMPORT-SOURCE: Marks this client as an import source when the server is in import mode. (Valkey; the reply as the server sends it.) */
  clientImportSource(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "IMPORT-SOURCE"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT INFO: Returns information about the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientInfo(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLIENT", "INFO"];
    return this.send(a);
  }
  /** CLIENT LIST: Lists open connections. (Redis and Valkey; the reply as the server sends it.) */
  clientList(opts: { clientType?: "NORMAL" | "MASTER" | "REPLICA" | "PUBSUB"; clientId?: Arg | Arg[]; username?: Arg; addr?: Arg; laddr?: Arg; skipme?: "YES" | "NO"; maxage?: Arg; name?: Arg; idle?: Arg; flags?: Arg; libName?: Arg; libVer?: Arg; db?: Arg; capa?: Arg; ip?: Arg; notClientType?: "NORMAL" | "MASTER" | "REPLICA" | "PUBSUB"; notClientId?: Arg | Arg[]; notUsername?: Arg; notAddr?: Arg; notLaddr?: Arg; notName?: Arg; notFlags?: Arg; notLibName?: Arg; notLibVer?: Arg; notDb?: Arg; notCapa?: Arg; notIp?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLIENT", "LIST"];
    if (opts.clientType !== undefined) a.push("TYPE", toArg(opts.clientType, "clientType"));
    if (opts.clientId !== undefined) a.push("ID", ...keys(opts.clientId, "clientId"));
    if (opts.username !== undefined) a.push("USER", toArg(opts.username, "username"));
    if (opts.addr !== undefined) a.push("ADDR", toArg(opts.addr, "addr"));
    if (opts.laddr !== undefined) a.push("LADDR", toArg(opts.laddr, "laddr"));
    if (opts.skipme !== undefined) a.push("SKIPME", toArg(opts.skipme, "skipme"));
    if (opts.maxage !== undefined) a.push("MAXAGE", toArg(opts.maxage, "maxage"));
    if (opts.name !== undefined) a.push("NAME", toArg(opts.name, "name"));
    if (opts.idle !== undefined) a.push("IDLE", toArg(opts.idle, "idle"));
    if (opts.flags !== undefined) a.push("FLAGS", toArg(opts.flags, "flags"));
    if (opts.libName !== undefined) a.push("LIB-NAME", toArg(opts.libName, "libName"));
    if (opts.libVer !== undefined) a.push("LIB-VER", toArg(opts.libVer, "libVer"));
    if (opts.db !== undefined) a.push("DB", toArg(opts.db, "db"));
    if (opts.capa !== undefined) a.push("CAPA", toArg(opts.capa, "capa"));
    if (opts.ip !== undefined) a.push("IP", toArg(opts.ip, "ip"));
    if (opts.notClientType !== undefined) a.push("NOT-TYPE", toArg(opts.notClientType, "notClientType"));
    if (opts.notClientId !== undefined) a.push("NOT-ID", ...keys(opts.notClientId, "notClientId"));
    if (opts.notUsername !== undefined) a.push("NOT-USER", toArg(opts.notUsername, "notUsername"));
    if (opts.notAddr !== undefined) a.push("NOT-ADDR", toArg(opts.notAddr, "notAddr"));
    if (opts.notLaddr !== undefined) a.push("NOT-LADDR", toArg(opts.notLaddr, "notLaddr"));
    if (opts.notName !== undefined) a.push("NOT-NAME", toArg(opts.notName, "notName"));
    if (opts.notFlags !== undefined) a.push("NOT-FLAGS", toArg(opts.notFlags, "notFlags"));
    if (opts.notLibName !== undefined) a.push("NOT-LIB-NAME", toArg(opts.notLibName, "notLibName"));
    if (opts.notLibVer !== undefined) a.push("NOT-LIB-VER", toArg(opts.notLibVer, "notLibVer"));
    if (opts.notDb !== undefined) a.push("NOT-DB", toArg(opts.notDb, "notDb"));
    if (opts.notCapa !== undefined) a.push("NOT-CAPA", toArg(opts.notCapa, "notCapa"));
    if (opts.notIp !== undefined) a.push("NOT-IP", toArg(opts.notIp, "notIp"));
    return this.send(a);
  }
  /** CLIENT NO-EVICT: Sets the client eviction mode of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientNoEvict(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "NO-EVICT"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT NO-TOUCH: Controls whether commands sent by the client affect the LRU/LFU of accessed keys. (Valkey; the reply as the server sends it.) */
  clientNoTouch(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "NO-TOUCH"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT PAUSE: Suspends commands processing. (Redis and Valkey; the reply as the server sends it.) */
  clientPause(timeout: Arg, opts: { mode?: "WRITE" | "ALL" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "PAUSE"];
    a.push(toArg(timeout, "timeout"));
    if (opts.mode !== undefined) a.push(toArg(opts.mode, "mode"));
    return this.send(a);
  }
  /** CLIENT UNBLOCK: Unblocks a client blocked by a blocking command from a different connection. (Redis and Valkey; the reply as the server sends it.) */
  clientUnblock(clientId: Arg, opts: { unblockType?: "TIMEOUT" | "ERROR" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["CLIENT", "UNBLOCK"];
    a.push(toArg(clientId, "clientId"));
    if (opts.unblockType !== undefined) a.push(toArg(opts.unblockType, "unblockType"));
    return this.send(a);
  }
  /** CLIENT UNPAUSE: Resumes processing commands from paused clients. (Redis and Valkey; the reply as the server sends it.) */
  clientUnpause(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "UNPAUSE"];
    return this.send(a);
  }
  /** CLUSTERSCAN: Iterates over the keys in the cluster. (Valkey; the reply as the server sends it.) */
  clusterscan(cursor: Arg, opts: { matchPattern?: Arg; count?: Arg; type?: Arg; slot?: Arg } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["CLUSTERSCAN"];
    a.push(toArg(cursor, "cursor"));
    if (opts.matchPattern !== undefined) a.push("MATCH", toArg(opts.matchPattern, "matchPattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (opts.type !== undefined) a.push("TYPE", toArg(opts.type, "type"));
    if (opts.slot !== undefined) a.push("SLOT", toArg(opts.slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER ADDSLOTS: Assigns new hash slots to a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterAddslots(slot: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "ADDSLOTS"];
    a.push(...keys(slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER BUMPEPOCH: Advances the cluster config epoch. (Redis and Valkey; the reply as the server sends it.) */
  clusterBumpepoch(): Result<M, string> {
    const a: (string | Buffer)[] = ["CLUSTER", "BUMPEPOCH"];
    return this.send(a);
  }
  /** CLUSTER CANCELSLOTMIGRATIONS: Cancel all current ongoing slot migration operations. (Valkey; the reply as the server sends it.) */
  clusterCancelslotmigrations(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "CANCELSLOTMIGRATIONS"];
    return this.send(a);
  }
  /** CLUSTER COUNT-FAILURE-REPORTS: Returns the number of active failure reports for a node. No new reports are created once the node is marked as failed. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountFailureReports(nodeId: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "COUNT-FAILURE-REPORTS"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER COUNTKEYSINSLOT: Returns the number of keys in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountkeysinslot(slot: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "COUNTKEYSINSLOT"];
    a.push(toArg(slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER DELSLOTS: Sets hash slots as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterDelslots(slot: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "DELSLOTS"];
    a.push(...keys(slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER FAILOVER: Forces a replica to perform a manual failover of its primary. (Redis and Valkey; the reply as the server sends it.) */
  clusterFailover(opts: { options?: "FORCE" | "TAKEOVER" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FAILOVER"];
    if (opts.options !== undefined) a.push(toArg(opts.options, "options"));
    return this.send(a);
  }
  /** CLUSTER FLUSHSLOT: Removes all keys from the target slot. (Valkey; the reply as the server sends it.) */
  clusterFlushslot(slot: Arg, opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FLUSHSLOT"];
    a.push(toArg(slot, "slot"));
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** CLUSTER FLUSHSLOTS: Deletes all slots information from a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterFlushslots(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FLUSHSLOTS"];
    return this.send(a);
  }
  /** CLUSTER FORGET: Removes a node from the nodes table. (Redis and Valkey; the reply as the server sends it.) */
  clusterForget(nodeId: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FORGET"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER GETKEYSINSLOT: Returns the key names in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterGetkeysinslot(slot: Arg, count: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "GETKEYSINSLOT"];
    a.push(toArg(slot, "slot"));
    a.push(toArg(count, "count"));
    return this.send(a);
  }
  /** CLUSTER GETSLOTMIGRATIONS: Gets the status of ongoing and recently finished slot import and export operations. (Valkey; the reply as the server sends it.) */
  clusterGetslotmigrations(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "GETSLOTMIGRATIONS"];
    return this.send(a);
  }
  /** CLUSTER INFO: Returns information about the state of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterInfo(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "INFO"];
    return this.send(a);
  }
  /** CLUSTER KEYSLOT: Returns the hash slot for a key. (Redis and Valkey; the reply as the server sends it.) */
  clusterKeyslot(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "KEYSLOT"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** CLUSTER LINKS: Returns a list of all TCP links to and from peer nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterLinks(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "LINKS"];
    return this.send(a);
  }
  /** CLUSTER MEET: Forces a node to handshake with another node. (Redis and Valkey; the reply as the server sends it.) */
  clusterMeet(ip: Arg, port: Arg, opts: { clusterBusPort?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "MEET"];
    a.push(toArg(ip, "ip"));
    a.push(toArg(port, "port"));
    if (opts.clusterBusPort !== undefined) a.push(toArg(opts.clusterBusPort, "clusterBusPort"));
    return this.send(a);
  }
  /** CLUSTER MYID: Returns the ID of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterMyid(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "MYID"];
    return this.send(a);
  }
  /** CLUSTER MYSHARDID: Returns the shard ID of a node. (Valkey; the reply as the server sends it.) */
  clusterMyshardid(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "MYSHARDID"];
    return this.send(a);
  }
  /** CLUSTER NODES: Returns the cluster configuration for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterNodes(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "NODES"];
    return this.send(a);
  }
  /** CLUSTER REPLICAS: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterReplicas(nodeId: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "REPLICAS"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER RESET: Resets a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterReset(opts: { resetType?: "HARD" | "SOFT" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "RESET"];
    if (opts.resetType !== undefined) a.push(toArg(opts.resetType, "resetType"));
    return this.send(a);
  }
  /** CLUSTER SAVECONFIG: Forces a node to save the cluster configuration to disk. (Redis and Valkey; the reply as the server sends it.) */
  clusterSaveconfig(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SAVECONFIG"];
    return this.send(a);
  }
  /** CLUSTER SET-CONFIG-EPOCH: Sets the configuration epoch for a new node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSetConfigEpoch(configEpoch: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SET-CONFIG-EPOCH"];
    a.push(toArg(configEpoch, "configEpoch"));
    return this.send(a);
  }
  /** CLUSTER SHARDS: Returns the mapping of cluster slots to shards. (Redis and Valkey; the reply as the server sends it.) */
  clusterShards(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SHARDS"];
    return this.send(a);
  }
  /** CLUSTER SLAVES: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlaves(nodeId: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SLAVES"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER SLOTS: Returns the mapping of cluster slots to nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlots(): Result<M, [number, number, ...[Bulk, number, ...unknown[]][]][]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SLOTS"];
    return this.send(a);
  }
  /** CLUSTER SYNCSLOTS: A container for internal slot migration commands. (Valkey; the reply as the server sends it.) */
  clusterSyncslots(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SYNCSLOTS"];
    return this.send(a);
  }
  /** COMMANDLOG GET: Returns the specified command log's entries. (Valkey; the reply as the server sends it.) */
  commandlogGet(count: Arg, type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, [number, number, number, Bulk[], Bulk, Bulk][]> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "GET"];
    a.push(toArg(count, "count"));
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMANDLOG LEN: Returns the number of entries in the specified type of command log. (Valkey; the reply as the server sends it.) */
  commandlogLen(type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, number> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "LEN"];
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMANDLOG RESET: Clears all entries from the specified type of command log. (Valkey; the reply as the server sends it.) */
  commandlogReset(type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "RESET"];
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMAND COUNT: Returns a count of commands. (Redis and Valkey; the reply as the server sends it.) */
  commandCount(): Result<M, number> {
    const a: (string | Buffer)[] = ["COMMAND", "COUNT"];
    return this.send(a);
  }
  /** COMMAND DOCS: Returns documentary information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) */
  commandDocs(opts: { commandName?: Arg | Arg[] } = {}): Result<M, RespMap<RespMap>> {
    const a: (string | Buffer)[] = ["COMMAND", "DOCS"];
    if (opts.commandName !== undefined) a.push(...keys(opts.commandName, "commandName"));
    return this.send(a);
  }
  /** COMMAND GETKEYS: Extracts the key names from an arbitrary command. (Redis and Valkey; the reply as the server sends it.) */
  commandGetkeys(command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["COMMAND", "GETKEYS"];
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) a.push(...keys(opts.arg, "arg"));
    return this.send(a);
  }
  /** COMMAND GETKEYSANDFLAGS: Extracts the key names and access flags for an arbitrary command. (Redis and Valkey; the reply as the server sends it.) */
  commandGetkeysandflags(command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, [Bulk, string[]][]> {
    const a: (string | Buffer)[] = ["COMMAND", "GETKEYSANDFLAGS"];
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) a.push(...keys(opts.arg, "arg"));
    return this.send(a);
  }
  /** COMMAND INFO: Returns information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) */
  commandInfo(opts: { commandName?: Arg | Arg[] } = {}): Result<M, (unknown[] | null)[]> {
    const a: (string | Buffer)[] = ["COMMAND", "INFO"];
    if (opts.commandName !== undefined) a.push(...keys(opts.commandName, "commandName"));
    return this.send(a);
  }
  /** CONFIG GET: Returns the effective values of configuration parameters. (Redis and Valkey; the reply as the server sends it.) */
  configGet(parameter: Arg | Arg[]): Result<M, RespMap<Bulk>> {
    const a: (string | Buffer)[] = ["CONFIG", "GET"];
    a.push(...keys(parameter, "parameter"));
    return this.send(a);
  }
  /** CONFIG RESETSTAT: Resets the server's statistics. (Redis and Valkey; the reply as the server sends it.) */
  configResetstat(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CONFIG", "RESETSTAT"];
    return this.send(a);
  }
  /** CONFIG REWRITE: Persists the effective configuration to file. (Redis and Valkey; the reply as the server sends it.) */
  configRewrite(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CONFIG", "REWRITE"];
    return this.send(a);
  }
  /** COPY: Copies the value of a key to a new key. (Redis and Valkey; the reply as the server sends it.) */
  copy(source: Arg, destination: Arg, opts: { destinationDb?: Arg; replace?: boolean } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["COPY"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    if (opts.destinationDb !== undefined) a.push("DB", toArg(opts.destinationDb, "destinationDb"));
    if (opts.replace) a.push("REPLACE");
    return this.send(a);
  }
  /** DBSIZE: Returns the number of keys in the database. (Redis and Valkey; the reply as the server sends it.) */
  dbsize(): Result<M, number> {
    const a: (string | Buffer)[] = ["DBSIZE"];
    return this.send(a);
  }
  /** DELIFEQ: Delete key if value matches string. (Valkey; the reply as the server sends it.) */
  delifeq(key: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["DELIFEQ"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** DUMP: Returns a serialized representation of the value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
  dump(key: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["DUMP"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** EXPIRETIME: Returns the expiration time of a key as a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) */
  expiretime(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["EXPIRETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** FLUSHALL: Removes all keys from all databases. (Redis and Valkey; the reply as the server sends it.) */
  flushall(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FLUSHALL"];
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** FLUSHDB: Removes all keys from the current database. (Redis and Valkey; the reply as the server sends it.) */
  flushdb(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FLUSHDB"];
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** FUNCTION DUMP: Dumps all libraries into a serialized binary payload. (Redis and Valkey; the reply as the server sends it.) */
  functionDump(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["FUNCTION", "DUMP"];
    return this.send(a);
  }
  /** FUNCTION KILL: Terminates a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionKill(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FUNCTION", "KILL"];
    return this.send(a);
  }
  /** FUNCTION RESTORE: Restores all libraries from a payload. (Redis and Valkey; the reply as the server sends it.) */
  functionRestore(serializedValue: Arg, opts: { policy?: "FLUSH" | "APPEND" | "REPLACE" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FUNCTION", "RESTORE"];
    a.push(toArg(serializedValue, "serializedValue"));
    if (opts.policy !== undefined) a.push(toArg(opts.policy, "policy"));
    return this.send(a);
  }
  /** FUNCTION STATS: Returns information about a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionStats(): Result<M, RespMap | PerNode<RespMap>> {
    const a: (string | Buffer)[] = ["FUNCTION", "STATS"];
    return this.send(a);
  }
  /** GEOHASH: Returns members from a geospatial index as geohash strings. (Redis and Valkey; the reply as the server sends it.) */
  geohash(key: Arg, opts: { member?: Arg | Arg[] } = {}): Result<M, (Bulk | null)[]> {
    const a: (string | Buffer)[] = ["GEOHASH"];
    a.push(toArg(key, "key"));
    if (opts.member !== undefined) a.push(...keys(opts.member, "member"));
    return this.send(a);
  }
  /** GETSET: Returns the previous string value of a key after setting it to a new value. (Redis and Valkey; the reply as the server sends it.) */
  getset(key: Arg, value: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["GETSET"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** HINCRBYFLOAT: Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hincrbyfloat(key: Arg, field: Arg, increment: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["HINCRBYFLOAT"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    a.push(toArg(increment, "increment"));
    return this.send(a);
  }
  /** HSCAN: Iterates over fields and values of a hash. (Redis and Valkey; the reply as the server sends it.) */
  hscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg; novalues?: boolean } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["HSCAN"];
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (opts.novalues) a.push("NOVALUES");
    return this.send(a);
  }
  /** HSETNX: Sets the value of a field in a hash only when the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hsetnx(key: Arg, field: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["HSETNX"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** HSTRLEN: Returns the length of the value of a field. (Redis and Valkey; the reply as the server sends it.) */
  hstrlen(key: Arg, field: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["HSTRLEN"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    return this.send(a);
  }
  /** INFO: Returns information and statistics about the server. (Redis and Valkey; the reply as the server sends it.) */
  info(opts: { section?: Arg | Arg[] } = {}): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["INFO"];
    if (opts.section !== undefined) a.push(...keys(opts.section, "section"));
    return this.send(a);
  }
  /** KEYS: Returns all key names that match a pattern. (Redis and Valkey; the reply as the server sends it.) */
  keys(pattern: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["KEYS"];
    a.push(toArg(pattern, "pattern"));
    return this.send(a);
  }
  /** LASTSAVE: Returns the Unix timestamp of the last successful save to disk. (Redis and Valkey; the reply as the server sends it.) */
  lastsave(): Result<M, number> {
    const a: (string | Buffer)[] = ["LASTSAVE"];
    return this.send(a);
  }
  /** LATENCY DOCTOR: Returns a human-readable latency analysis report. (Redis and Valkey; the reply as the server sends it.) */
  latencyDoctor(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["LATENCY", "DOCTOR"];
    return this.send(a);
  }
  /** LATENCY GRAPH: Returns a latency graph for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyGraph(event: Arg): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["LATENCY", "GRAPH"];
    a.push(toArg(event, "event"));
    return this.send(a);
  }
  /** LATENCY HISTOGRAM: Returns the cumulative distribution of latencies of a subset or all commands. (Redis and Valkey; the reply as the server sends it.) */
  latencyHistogram(opts: { command?: Arg | Arg[] } = {}): Result<M, RespMap<RespMap> | PerNode<RespMap<RespMap>>> {
    const a: (string | Buffer)[] = ["LATENCY", "HISTOGRAM"];
    if (opts.command !== undefined) a.push(...keys(opts.command, "command"));
    return this.send(a);
  }
  /** LATENCY HISTORY: Returns timestamp-latency samples for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyHistory(event: Arg): Result<M, [number, number][] | PerNode<[number, number][]>> {
    const a: (string | Buffer)[] = ["LATENCY", "HISTORY"];
    a.push(toArg(event, "event"));
    return this.send(a);
  }
  /** LATENCY LATEST: Returns the latest latency samples for all events. (Redis and Valkey; the reply as the server sends it.) */
  latencyLatest(): Result<M, [Bulk, number, number, number][] | PerNode<[Bulk, number, number, number][]>> {
    const a: (string | Buffer)[] = ["LATENCY", "LATEST"];
    return this.send(a);
  }
  /** LATENCY RESET: Resets the latency data for one or more events. (Redis and Valkey; the reply as the server sends it.) */
  latencyReset(opts: { event?: Arg | Arg[] } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["LATENCY", "RESET"];
    if (opts.event !== undefined) a.push(...keys(opts.event, "event"));
    return this.send(a);
  }
  /** LCS: Finds the longest common substring. (Redis and Valkey; the reply as the server sends it.) */
  lcs(key1: Arg, key2: Arg, opts: { len?: boolean; idx?: boolean; minMatchLen?: Arg; withmatchlen?: boolean } = {}): Result<M, Bulk | number | RespMap> {
    const a: (string | Buffer)[] = ["LCS"];
    a.push(toArg(key1, "key1"));
    a.push(toArg(key2, "key2"));
    if (opts.len) a.push("LEN");
    if (opts.idx) a.push("IDX");
    if (opts.minMatchLen !== undefined) a.push("MINMATCHLEN", toArg(opts.minMatchLen, "minMatchLen"));
    if (opts.withmatchlen) a.push("WITHMATCHLEN");
    return this.send(a);
  }
  /** LINSERT: Inserts an element before or after another element in a list. (Redis and Valkey; the reply as the server sends it.) */
  linsert(key: Arg, where: "BEFORE" | "AFTER", pivot: Arg, element: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["LINSERT"];
    a.push(toArg(key, "key"));
    a.push(toArg(where, "where"));
    a.push(toArg(pivot, "pivot"));
    a.push(toArg(element, "element"));
    return this.send(a);
  }
  /** LMOVE: Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
  lmove(source: Arg, destination: Arg, wherefrom: "LEFT" | "RIGHT", whereto: "LEFT" | "RIGHT"): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["LMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(wherefrom, "wherefrom"));
    a.push(toArg(whereto, "whereto"));
    return this.send(a);
  }
  /** LOLWUT: Displays computer art and the server version. (Redis and Valkey; the reply as the server sends it.) */
  lolwut(opts: { version?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["LOLWUT"];
    if (opts.version !== undefined) a.push("VERSION", toArg(opts.version, "version"));
    return this.send(a);
  }
  /** LPOS: Returns the index of matching elements in a list. (Redis and Valkey; the reply as the server sends it.) */
  lpos(key: Arg, element: Arg, opts: { rank?: Arg; numMatches?: Arg; len?: Arg } = {}): Result<M, number | number[] | null> {
    const a: (string | Buffer)[] = ["LPOS"];
    a.push(toArg(key, "key"));
    a.push(toArg(element, "element"));
    if (opts.rank !== undefined) a.push("RANK", toArg(opts.rank, "rank"));
    if (opts.numMatches !== undefined) a.push("COUNT", toArg(opts.numMatches, "numMatches"));
    if (opts.len !== undefined) a.push("MAXLEN", toArg(opts.len, "len"));
    return this.send(a);
  }
  /** LPUSHX: Prepends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  lpushx(key: Arg, element: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["LPUSHX"];
    a.push(toArg(key, "key"));
    a.push(...keys(element, "element"));
    return this.send(a);
  }
  /** MEMORY DOCTOR: Outputs a memory problems report. (Redis and Valkey; the reply as the server sends it.) */
  memoryDoctor(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["MEMORY", "DOCTOR"];
    return this.send(a);
  }
  /** MEMORY MALLOC-STATS: Returns the allocator statistics. (Redis and Valkey; the reply as the server sends it.) */
  memoryMallocStats(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["MEMORY", "MALLOC-STATS"];
    return this.send(a);
  }
  /** MEMORY PURGE: Asks the allocator to release memory. (Redis and Valkey; the reply as the server sends it.) */
  memoryPurge(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MEMORY", "PURGE"];
    return this.send(a);
  }
  /** MEMORY STATS: Returns details about memory usage. (Redis and Valkey; the reply as the server sends it.) */
  memoryStats(): Result<M, RespMap | PerNode<RespMap>> {
    const a: (string | Buffer)[] = ["MEMORY", "STATS"];
    return this.send(a);
  }
  /** MEMORY USAGE: Estimates the memory usage of a key. (Redis and Valkey; the reply as the server sends it.) */
  memoryUsage(key: Arg, opts: { count?: Arg } = {}): Result<M, number | null> {
    const a: (string | Buffer)[] = ["MEMORY", "USAGE"];
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push("SAMPLES", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** MODULE LIST: Returns all loaded modules. (Redis and Valkey; the reply as the server sends it.) */
  moduleList(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["MODULE", "LIST"];
    return this.send(a);
  }
  /** MODULE LOAD: Loads a module. (Redis and Valkey; the reply as the server sends it.) */
  moduleLoad(path: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MODULE", "LOAD"];
    a.push(toArg(path, "path"));
    if (opts.arg !== undefined) a.push(...keys(opts.arg, "arg"));
    return this.send(a);
  }
  /** MODULE UNLOAD: Unloads a module. (Redis and Valkey; the reply as the server sends it.) */
  moduleUnload(name: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MODULE", "UNLOAD"];
    a.push(toArg(name, "name"));
    return this.send(a);
  }
  /** MOVE: Moves a key to another database. (Redis and Valkey; the reply as the server sends it.) */
  move(key: Arg, db: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["MOVE"];
    a.push(toArg(key, "key"));
    a.push(toArg(db, "db"));
    return this.send(a);
  }
  /** OBJECT ENCODING: Returns the internal encoding of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectEncoding(key: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["OBJECT", "ENCODING"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT FREQ: Returns the logarithmic access frequency counter of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectFreq(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "FREQ"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT IDLETIME: Returns the time since the last access to an object. (Redis and Valkey; the reply as the server sends it.) */
  objectIdletime(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "IDLETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT REFCOUNT: Returns the reference count of a value of a key. (Redis and Valkey; the reply as the server sends it.) */
  objectRefcount(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "REFCOUNT"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** PEXPIREAT: Sets the expiration time of a key to a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
  pexpireat(key: Arg, unixTimeMilliseconds: Arg, opts: { condition?: "NX" | "XX" | "GT" | "LT" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["PEXPIREAT"];
    a.push(toArg(key, "key"));
    a.push(toArg(unixTimeMilliseconds, "unixTimeMilliseconds"));
    if (opts.condition !== undefined) a.push(toArg(opts.condition, "condition"));
    return this.send(a);
  }
  /** PEXPIRETIME: Returns the expiration time of a key as a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
  pexpiretime(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["PEXPIRETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** PSETEX: Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  psetex(key: Arg, milliseconds: Arg, value: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["PSETEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(milliseconds, "milliseconds"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** PUBSUB CHANNELS: Returns the active channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubChannels(opts: { pattern?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "CHANNELS"];
    if (opts.pattern !== undefined) a.push(toArg(opts.pattern, "pattern"));
    return this.send(a);
  }
  /** PUBSUB NUMPAT: Returns a count of unique pattern subscriptions. (Redis and Valkey; the reply as the server sends it.) */
  pubsubNumpat(): Result<M, number> {
    const a: (string | Buffer)[] = ["PUBSUB", "NUMPAT"];
    return this.send(a);
  }
  /** PUBSUB NUMSUB: Returns a count of subscribers to channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubNumsub(opts: { channel?: Arg | Arg[] } = {}): Result<M, (Bulk | number)[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "NUMSUB"];
    if (opts.channel !== undefined) a.push(...keys(opts.channel, "channel"));
    return this.send(a);
  }
  /** PUBSUB SHARDCHANNELS: Returns the active shard channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubShardchannels(opts: { pattern?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "SHARDCHANNELS"];
    if (opts.pattern !== undefined) a.push(toArg(opts.pattern, "pattern"));
    return this.send(a);
  }
  /** PUBSUB SHARDNUMSUB: Returns the count of subscribers of shard channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubShardnumsub(opts: { shardchannel?: Arg | Arg[] } = {}): Result<M, (Bulk | number)[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "SHARDNUMSUB"];
    if (opts.shardchannel !== undefined) a.push(...keys(opts.shardchannel, "shardchannel"));
    return this.send(a);
  }
  /** RANDOMKEY: Returns a random key name from the database. (Redis and Valkey; the reply as the server sends it.) */
  randomkey(): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["RANDOMKEY"];
    return this.send(a);
  }
  /** RENAMENX: Renames a key only when the target key name doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  renamenx(key: Arg, newkey: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["RENAMENX"];
    a.push(toArg(key, "key"));
    a.push(toArg(newkey, "newkey"));
    return this.send(a);
  }
  /** RESTORE: Creates a key from the serialized representation of a value. (Redis and Valkey; the reply as the server sends it.) */
  restore(key: Arg, ttl: Arg, serializedValue: Arg, opts: { replace?: boolean; absttl?: boolean; seconds?: Arg; frequency?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["RESTORE"];
    a.push(toArg(key, "key"));
    a.push(toArg(ttl, "ttl"));
    a.push(toArg(serializedValue, "serializedValue"));
    if (opts.replace) a.push("REPLACE");
    if (opts.absttl) a.push("ABSTTL");
    if (opts.seconds !== undefined) a.push("IDLETIME", toArg(opts.seconds, "seconds"));
    if (opts.frequency !== undefined) a.push("FREQ", toArg(opts.frequency, "frequency"));
    return this.send(a);
  }
  /** ROLE: Returns the replication role. (Redis and Valkey; the reply as the server sends it.) */
  role(): Result<M, [Bulk, ...unknown[]]> {
    const a: (string | Buffer)[] = ["ROLE"];
    return this.send(a);
  }
  /** RPOPLPUSH: Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  rpoplpush(source: Arg, destination: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["RPOPLPUSH"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    return this.send(a);
  }
  /** RPUSHX: Appends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  rpushx(key: Arg, element: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["RPUSHX"];
    a.push(toArg(key, "key"));
    a.push(...keys(element, "element"));
    return this.send(a);
  }
  /** SAVE: Synchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
  save(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SAVE"];
    return this.send(a);
  }
  /** SCRIPT DEBUG: Sets the debug mode of server-side Lua scripts. (Redis and Valkey; the reply as the server sends it.) */
  scriptDebug(mode: "YES" | "SYNC" | "NO", opts: { engine?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "DEBUG"];
    a.push(toArg(mode, "mode"));
    if (opts.engine !== undefined) a.push(toArg(opts.engine, "engine"));
    return this.send(a);
  }
  /** SCRIPT EXISTS: Determines whether server-side Lua scripts exist in the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptExists(sha1: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["SCRIPT", "EXISTS"];
    a.push(...keys(sha1, "sha1"));
    return this.send(a);
  }
  /** SCRIPT FLUSH: Removes all server-side Lua scripts from the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptFlush(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "FLUSH"];
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** SCRIPT KILL: Terminates a server-side Lua script during execution. (Redis and Valkey; the reply as the server sends it.) */
  scriptKill(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "KILL"];
    return this.send(a);
  }
  /** SCRIPT LOAD: Loads a server-side Lua script to the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptLoad(script: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SCRIPT", "LOAD"];
    a.push(toArg(script, "script"));
    return this.send(a);
  }
  /** SCRIPT SHOW: Show server-side Lua script in the script cache. (Valkey; the reply as the server sends it.) */
  scriptShow(sha1: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SCRIPT", "SHOW"];
    a.push(toArg(sha1, "sha1"));
    return this.send(a);
  }
  /** SDIFFSTORE: Stores the difference of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sdiffstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SDIFFSTORE"];
    a.push(toArg(destination, "destination"));
    a.push(...keys(key, "key"));
    return this.send(a);
  }
  /** SETEX: Sets the string value and expiration time of a key. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setex(key: Arg, seconds: Arg, value: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SETEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(seconds, "seconds"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SETNX: Sets the string value of a key only when the key doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setnx(key: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SETNX"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SETRANGE: Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setrange(key: Arg, offset: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SETRANGE"];
    a.push(toArg(key, "key"));
    a.push(toArg(offset, "offset"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SINTERSTORE: Stores the intersect of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sinterstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SINTERSTORE"];
    a.push(toArg(destination, "destination"));
    a.push(...keys(key, "key"));
    return this.send(a);
  }
  /** SLOWLOG GET: Returns the slow log's entries. (Redis and Valkey; the reply as the server sends it.) */
  slowlogGet(opts: { count?: Arg } = {}): Result<M, [number, number, number, Bulk[], Bulk, Bulk][]> {
    const a: (string | Buffer)[] = ["SLOWLOG", "GET"];
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SLOWLOG LEN: Returns the number of entries in the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogLen(): Result<M, number> {
    const a: (string | Buffer)[] = ["SLOWLOG", "LEN"];
    return this.send(a);
  }
  /** SLOWLOG RESET: Clears all entries from the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogReset(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SLOWLOG", "RESET"];
    return this.send(a);
  }
  /** SMISMEMBER: Determines whether multiple members belong to a set. (Redis and Valkey; the reply as the server sends it.) */
  smismember(key: Arg, member: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["SMISMEMBER"];
    a.push(toArg(key, "key"));
    a.push(...keys(member, "member"));
    return this.send(a);
  }
  /** SMOVE: Moves a member from one set to another. (Redis and Valkey; the reply as the server sends it.) */
  smove(source: Arg, destination: Arg, member: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(member, "member"));
    return this.send(a);
  }
  /** SRANDMEMBER: Gets one or multiple random members from a set. (Redis and Valkey; the reply as the server sends it.) */
  srandmember(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk | Bulk[] | null> {
    const a: (string | Buffer)[] = ["SRANDMEMBER"];
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SSCAN: Iterates over members of a set. (Redis and Valkey; the reply as the server sends it.) */
  sscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["SSCAN"];
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SUBSTR: Returns a substring from a string value. (Redis and Valkey; the reply as the server sends it.) */
  substr(key: Arg, start: Arg, end: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SUBSTR"];
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(end, "end"));
    return this.send(a);
  }
  /** SUNIONSTORE: Stores the union of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sunionstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SUNIONSTORE"];
    a.push(toArg(destination, "destination"));
    a.push(...keys(key, "key"));
    return this.send(a);
  }
  /** SWAPDB: Swaps two databases. (Redis and Valkey; the reply as the server sends it.) */
  swapdb(index1: Arg, index2: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SWAPDB"];
    a.push(toArg(index1, "index1"));
    a.push(toArg(index2, "index2"));
    return this.send(a);
  }
  /** TIME: Returns the server time. (Redis and Valkey; the reply as the server sends it.) */
  time(): Result<M, [Bulk, Bulk]> {
    const a: (string | Buffer)[] = ["TIME"];
    return this.send(a);
  }
  /** TOUCH: Returns the number of existing keys out of those specified after updating the time they were last accessed. (Redis and Valkey; the reply as the server sends it.) */
  touch(key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["TOUCH"];
    a.push(...keys(key, "key"));
    return this.send(a);
  }
  /** WAIT: Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed. (Redis and Valkey; the reply as the server sends it.) */
  wait(numreplicas: Arg, timeout: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["WAIT"];
    a.push(toArg(numreplicas, "numreplicas"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** WAITAOF: Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas. (Valkey; the reply as the server sends it.) */
  waitaof(numlocal: Arg, numreplicas: Arg, timeout: Arg): Result<M, [number, number]> {
    const a: (string | Buffer)[] = ["WAITAOF"];
    a.push(toArg(numlocal, "numlocal"));
    a.push(toArg(numreplicas, "numreplicas"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** XGROUP CREATECONSUMER: Creates a consumer in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupCreateconsumer(key: Arg, group: Arg, consumer: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["XGROUP", "CREATECONSUMER"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(consumer, "consumer"));
    return this.send(a);
  }
  /** XGROUP DELCONSUMER: Deletes a consumer from a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupDelconsumer(key: Arg, group: Arg, consumer: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["XGROUP", "DELCONSUMER"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(consumer, "consumer"));
    return this.send(a);
  }
  /** XINFO CONSUMERS: Returns a list of the consumers in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xinfoConsumers(key: Arg, group: Arg): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["XINFO", "CONSUMERS"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    return this.send(a);
  }
  /** XINFO GROUPS: Returns a list of the consumer groups of a stream. (Redis and Valkey; the reply as the server sends it.) */
  xinfoGroups(key: Arg): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["XINFO", "GROUPS"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** XREVRANGE: Returns the messages from a stream within a range of IDs in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  xrevrange(key: Arg, end: Arg, start: Arg, opts: { count?: Arg } = {}): Result<M, [Bulk, Bulk[] | null][]> {
    const a: (string | Buffer)[] = ["XREVRANGE"];
    a.push(toArg(key, "key"));
    a.push(toArg(end, "end"));
    a.push(toArg(start, "start"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** XSETID: An internal command for replicating stream values. (Redis and Valkey; the reply as the server sends it.) */
  xsetid(key: Arg, lastId: Arg, opts: { entriesAdded?: Arg; maxDeletedId?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["XSETID"];
    a.push(toArg(key, "key"));
    a.push(toArg(lastId, "lastId"));
    if (opts.entriesAdded !== undefined) a.push("ENTRIESADDED", toArg(opts.entriesAdded, "entriesAdded"));
    if (opts.maxDeletedId !== undefined) a.push("MAXDELETEDID", toArg(opts.maxDeletedId, "maxDeletedId"));
    return this.send(a);
  }
  /** ZDIFFSTORE: Stores the difference of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  zdiffstore(destination: Arg, numkeys: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["ZDIFFSTORE"];
    a.push(toArg(destination, "destination"));
    a.push(toArg(numkeys, "numkeys"));
    a.push(...keys(key, "key"));
    return this.send(a);
  }
  /** ZLEXCOUNT: Returns the number of members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
  zlexcount(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZLEXCOUNT"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZMSCORE: Returns the score of one or more members in a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zmscore(key: Arg, member: Arg | Arg[]): Result<M, (Double | null)[]> {
    const a: (string | Buffer)[] = ["ZMSCORE"];
    a.push(toArg(key, "key"));
    a.push(...keys(member, "member"));
    return this.send(a);
  }
  /** ZPOPMAX: Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) */
  zpopmax(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZPOPMAX"];
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZPOPMIN: Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) */
  zpopmin(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZPOPMIN"];
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZREMRANGEBYLEX: Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebylex(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYLEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZREMRANGEBYRANK: Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyrank(key: Arg, start: Arg, stop: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYRANK"];
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(stop, "stop"));
    return this.send(a);
  }
  /** ZREMRANGEBYSCORE: Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyscore(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYSCORE"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZREVRANGE: Returns members in a sorted set within a range of indexes in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  zrevrange(key: Arg, start: Arg, stop: Arg, opts: { withscores?: boolean } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZREVRANGE"];
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(stop, "stop"));
    if (opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZREVRANK: Returns the index of a member in a sorted set ordered by descending scores. (Redis and Valkey; the reply as the server sends it.) */
  zrevrank(key: Arg, member: Arg, opts: { withscore?: boolean } = {}): Result<M, number | [number, Double] | null> {
    const a: (string | Buffer)[] = ["ZREVRANK"];
    a.push(toArg(key, "key"));
    a.push(toArg(member, "member"));
    if (opts.withscore) a.push("WITHSCORE");
    return this.send(a);
  }
  /** ZSCAN: Iterates over members and scores of a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg; noscores?: boolean } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["ZSCAN"];
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (opts.noscores) a.push("NOSCORES");
    return this.send(a);
  }
  // --- end of the generated methods ---
}
