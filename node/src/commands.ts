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

/** Repeated groups of `n` arguments (field value, start end, ...): from
 * arrays of `n`, or for pairs an object too; at least one. */
function tuples(v: unknown, n: number, name: string): (string | Buffer)[][] {
  const list: unknown[] =
    n === 2 && typeof v === "object" && v !== null && !Array.isArray(v) ? Object.entries(v) : Array.isArray(v) ? v : [];
  if (list.length === 0) throw new TypeError(`${name}: expected at least one group of ${n}`);
  return list.map((t, i) => {
    if (!Array.isArray(t) || t.length !== n) throw new TypeError(`${name}[${i}]: expected ${n} values`);
    return t.map((x, j) => toArg(x, `${name}[${i}][${j}]`));
  });
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

/** CLIENT KILL's filters (`notType` and the other `not` forms: Valkey 8+). */
export interface ClientKillFilters {
  id?: number | number[];
  type?: "normal" | "master" | "primary" | "slave" | "replica" | "pubsub";
  user?: string;
  addr?: string;
  laddr?: string;
  skipMe?: boolean;
  maxAge?: number;
  name?: string;
  idle?: number;
  flags?: string;
  libName?: string;
  libVer?: string;
  db?: number;
  capa?: string;
  ip?: string;
  notId?: number | number[];
  notType?: "normal" | "master" | "primary" | "slave" | "replica" | "pubsub";
  notUser?: string;
  notAddr?: string;
  notLaddr?: string;
  notName?: string;
  notFlags?: string;
  notLibName?: string;
  notLibVer?: string;
  notDb?: number;
  notCapa?: string;
  notIp?: string;
}
const CLIENT_KILL_FILTERS: Record<string, string> = {
  id: "ID", type: "TYPE", user: "USER", addr: "ADDR", laddr: "LADDR", skipMe: "SKIPME", maxAge: "MAXAGE",
  name: "NAME", idle: "IDLE", flags: "FLAGS", libName: "LIB-NAME", libVer: "LIB-VER", db: "DB", capa: "CAPA", ip: "IP",
  notId: "NOT-ID", notType: "NOT-TYPE", notUser: "NOT-USER", notAddr: "NOT-ADDR", notLaddr: "NOT-LADDR",
  notName: "NOT-NAME", notFlags: "NOT-FLAGS", notLibName: "NOT-LIB-NAME", notLibVer: "NOT-LIB-VER", notDb: "NOT-DB",
  notCapa: "NOT-CAPA", notIp: "NOT-IP",
};

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
  /**
   * CLIENT KILL by its old form (`"ip:port"`; resolves to "OK") or by
   * filters (resolves to how many connections were closed): `{ id: [5, 7],
   * type: "pubsub", skipMe: false }`; Valkey 8+ also takes name, idle,
   * flags, libName, libVer, db, capa, ip and each with `not` in front
   * (`notType: "pubsub"`).
   */
  clientKill(target: string | ClientKillFilters): Result<M, "OK" | number> {
    if (typeof target === "string") return this.send(["CLIENT", "KILL", target]);
    if (typeof target !== "object" || target === null || Object.keys(target).length === 0)
      throw new TypeError("target: expected an address or an object of filters");
    const a: (string | Buffer)[] = ["CLIENT", "KILL"];
    for (const [name, value] of Object.entries(target)) {
      const token = CLIENT_KILL_FILTERS[name];
      if (token === undefined) throw new TypeError(`target.${name}: not a CLIENT KILL filter (known: ${Object.keys(CLIENT_KILL_FILTERS).join(", ")})`);
      if (value === undefined) continue;
      if (typeof value === "boolean") a.push(token, value ? "YES" : "NO");
      else if (Array.isArray(value)) a.push(token, ...keys(value, `target.${name}`));
      else a.push(token, toArg(value, `target.${name}`));
    }
    return this.send(a);
  }
  /**
   * SHUTDOWN the server (`abort`: cancel one in progress; `safe` and
   * `failover` on Valkey 8.1+). When it goes down the server closes the
   * connection without a reply, so the Promise rejects with a
   * ConnectionError (or at its deadline); a refusal is a ResponseError.
   */
  shutdown(opts: { save?: boolean; nosave?: boolean; now?: boolean; force?: boolean; safe?: boolean; failover?: boolean; abort?: boolean } = {}): Result<M, "OK"> {
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.save && opts.nosave) throw new TypeError("opts: save and nosave exclude each other");
    if (opts.abort && (opts.save || opts.nosave || opts.now || opts.force || opts.safe || opts.failover))
      throw new TypeError("opts.abort: takes no other option");
    const a: (string | Buffer)[] = ["SHUTDOWN"];
    for (const [on, word] of [[opts.save, "SAVE"], [opts.nosave, "NOSAVE"], [opts.now, "NOW"], [opts.force, "FORCE"],
      [opts.safe, "SAFE"], [opts.failover, "FAILOVER"], [opts.abort, "ABORT"]] as [unknown, string][])
      if (on) a.push(word);
    return this.send(a);
  }
  /**
   * CLUSTER MIGRATESLOTS (Valkey 9): moves slot ranges atomically to the
   * node of each id: `{ [targetId]: [[start, end], ...] }`. It goes to the
   * source primary (the ranges' owner): on a cluster client use
   * `customCommand([...], { route: "host:port" })` when the default route
   * is not it.
   */
  clusterMigrateslots(migrations: Record<string, [number, number][]>): Result<M, "OK"> {
    if (typeof migrations !== "object" || migrations === null || Object.keys(migrations).length === 0)
      throw new TypeError("migrations: expected an object of target node id -> [[start, end], ...]");
    const a: (string | Buffer)[] = ["CLUSTER", "MIGRATESLOTS"];
    for (const [id, ranges] of Object.entries(migrations)) {
      a.push("SLOTSRANGE");
      for (const t of tuples(ranges, 2, `migrations.${id}`)) a.push(...t);
      a.push("NODE", id);
    }
    return this.send(a);
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
  /** ACL CAT [category]: Lists the ACL categories, or the commands inside a category. (Redis and Valkey; the reply as the server sends it.) */
  aclCat(opts: { category?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "CAT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.category !== undefined) a.push(toArg(opts.category, "category"));
    return this.send(a);
  }
  /** ACL DELUSER username ...: Deletes ACL users, and terminates their connections. (Redis and Valkey; the reply as the server sends it.) */
  aclDeluser(username: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["ACL", "DELUSER"];
    const _username = keys(username, "username");
    a.push(..._username);
    return this.send(a);
  }
  /** ACL DRYRUN username command [arg ...]: Simulates the execution of a command by a user, without executing the command. (Redis and Valkey; the reply as the server sends it.) */
  aclDryrun(username: Arg, command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "DRYRUN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(username, "username"));
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** ACL GENPASS [bits]: Generates a pseudorandom, secure password that can be used to identify ACL users. (Redis and Valkey; the reply as the server sends it.) */
  aclGenpass(opts: { bits?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "GENPASS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.bits !== undefined) a.push(toArg(opts.bits, "bits"));
    return this.send(a);
  }
  /** ACL GETUSER username: Lists the ACL rules of a user. (Redis and Valkey; the reply as the server sends it.) */
  aclGetuser(username: Arg): Result<M, RespMap | null> {
    const a: (string | Buffer)[] = ["ACL", "GETUSER"];
    a.push(toArg(username, "username"));
    return this.send(a);
  }
  /** ACL LIST : Dumps the effective rules in ACL file format. (Redis and Valkey; the reply as the server sends it.) */
  aclList(): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "LIST"];
    return this.send(a);
  }
  /** ACL LOAD : Reloads the rules from the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclLoad(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "LOAD"];
    return this.send(a);
  }
  /** ACL LOG [(count | RESET)]: Lists recent security events generated due to ACL rules. (Redis and Valkey; the reply as the server sends it.) */
  aclLog(opts: { count?: Arg; reset?: boolean } = {}): Result<M, RespMap[] | "OK"> {
    const a: (string | Buffer)[] = ["ACL", "LOG"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["count", opts.count !== undefined], ["reset", !!opts.reset]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    if (!!opts.reset) a.push("RESET");
    return this.send(a);
  }
  /** ACL SAVE : Saves the effective ACL rules in the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclSave(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "SAVE"];
    return this.send(a);
  }
  /** ACL SETUSER username [rule ...]: Creates and modifies an ACL user and its rules. (Redis and Valkey; the reply as the server sends it.) */
  aclSetuser(username: Arg, opts: { rule?: Arg | Arg[] } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["ACL", "SETUSER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(username, "username"));
    if (opts.rule !== undefined) {
      const _rule = keys(opts.rule, "rule");
      a.push(..._rule);
    }
    return this.send(a);
  }
  /** ACL USERS : Lists all ACL users. (Redis and Valkey; the reply as the server sends it.) */
  aclUsers(): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ACL", "USERS"];
    return this.send(a);
  }
  /** ACL WHOAMI : Returns the authenticated username of the current connection. (Redis and Valkey; the reply as the server sends it.) */
  aclWhoami(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["ACL", "WHOAMI"];
    return this.send(a);
  }
  /** BGREWRITEAOF : Asynchronously rewrites the append-only file to disk. (Redis and Valkey; the reply as the server sends it.) */
  bgrewriteaof(): Result<M, string> {
    const a: (string | Buffer)[] = ["BGREWRITEAOF"];
    return this.send(a);
  }
  /** BGSAVE [(SCHEDULE | CANCEL)]: Asynchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
  bgsave(opts: { operation?: "SCHEDULE" | "CANCEL" } = {}): Result<M, string> {
    const a: (string | Buffer)[] = ["BGSAVE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.operation !== undefined) a.push(toArg(opts.operation, "operation"));
    return this.send(a);
  }
  /** BITFIELD_RO key [GET encoding offset ...]: Performs arbitrary read-only bitfield integer operations on strings. (Redis and Valkey; the reply as the server sends it.) */
  bitfieldReadonly(key: Arg, opts: { getBlock?: Record<string, Arg> | [Arg, Arg][] } = {}): Result<M, number[]> {
    const a: (string | Buffer)[] = ["BITFIELD_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.getBlock !== undefined) {
      const _getBlock = tuples(opts.getBlock, 2, "getBlock");
      for (const t of _getBlock) a.push("GET", ...t);
    }
    return this.send(a);
  }
  /** BITPOS key bit [start [end [(BYTE | BIT)]]]: Finds the first set (1) or clear (0) bit in a string. (Redis and Valkey; the reply as the server sends it.) */
  bitpos(key: Arg, bit: Arg, opts: { start?: Arg; end?: Arg; unit?: "BYTE" | "BIT" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["BITPOS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.end !== undefined && !(opts.start !== undefined)) throw new TypeError("opts.end: needs start");
    if (opts.unit !== undefined && !(opts.end !== undefined)) throw new TypeError("opts.unit: needs end");
    a.push(toArg(key, "key"));
    a.push(toArg(bit, "bit"));
    if (opts.start !== undefined) a.push(toArg(opts.start, "start"));
    if (opts.end !== undefined) a.push(toArg(opts.end, "end"));
    if (opts.unit !== undefined) a.push(toArg(opts.unit, "unit"));
    return this.send(a);
  }
  /** BLMOVE source destination (LEFT | RIGHT) (LEFT | RIGHT) timeout: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
  blmove(source: Arg, destination: Arg, wherefrom: "LEFT" | "RIGHT", whereto: "LEFT" | "RIGHT", timeout: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["BLMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(wherefrom, "wherefrom"));
    a.push(toArg(whereto, "whereto"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BLMPOP timeout numkeys key ... (LEFT | RIGHT) [COUNT count]: Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  blmpop(timeout: Arg, key: Arg | Arg[], where: "LEFT" | "RIGHT", opts: { count?: Arg } = {}): Result<M, [Bulk, Bulk[]] | null> {
    const a: (string | Buffer)[] = ["BLMPOP"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(timeout, "timeout"));
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    a.push(toArg(where, "where"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** BLPOP key ... timeout: Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  blpop(key: Arg | Arg[], timeout: Arg): Result<M, [Bulk, Bulk] | null> {
    const a: (string | Buffer)[] = ["BLPOP"];
    const _key = keys(key, "key");
    a.push(..._key);
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BRPOP key ... timeout: Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  brpop(key: Arg | Arg[], timeout: Arg): Result<M, [Bulk, Bulk] | null> {
    const a: (string | Buffer)[] = ["BRPOP"];
    const _key = keys(key, "key");
    a.push(..._key);
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BRPOPLPUSH source destination timeout: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  brpoplpush(source: Arg, destination: Arg, timeout: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["BRPOPLPUSH"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BZMPOP timeout numkeys key ... (MIN | MAX) [COUNT count]: Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  bzmpop(timeout: Arg, key: Arg | Arg[], where: "MIN" | "MAX", opts: { count?: Arg } = {}): Result<M, [Bulk, [Bulk, Double][]] | null> {
    const a: (string | Buffer)[] = ["BZMPOP"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(timeout, "timeout"));
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    a.push(toArg(where, "where"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** BZPOPMAX key ... timeout: Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  bzpopmax(key: Arg | Arg[], timeout: Arg): Result<M, [Bulk, Bulk, Double] | null> {
    const a: (string | Buffer)[] = ["BZPOPMAX"];
    const _key = keys(key, "key");
    a.push(..._key);
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** BZPOPMIN key ... timeout: Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  bzpopmin(key: Arg | Arg[], timeout: Arg): Result<M, [Bulk, Bulk, Double] | null> {
    const a: (string | Buffer)[] = ["BZPOPMIN"];
    const _key = keys(key, "key");
    a.push(..._key);
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** CLIENT CAPA capability ...: A client claims its capability. (Valkey; the reply as the server sends it.) */
  clientCapa(capability: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "CAPA"];
    const _capability = keys(capability, "capability");
    a.push(..._capability);
    return this.send(a);
  }
  /** CLIENT GETNAME : Returns the name of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientGetname(): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["CLIENT", "GETNAME"];
    return this.send(a);
  }
  /** CLIENT ID : Returns the unique client ID of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientId(): Result<M, number> {
    const a: (string | Buffer)[] = ["CLIENT", "ID"];
    return this.send(a);
  }
  /** CLIENT IMPORT-SOURCE (ON | OFF): Marks this client as an import source when the server is in import mode. (Valkey; the reply as the server sends it.) */
  clientImportSource(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "IMPORT-SOURCE"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT INFO : Returns information about the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientInfo(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLIENT", "INFO"];
    return this.send(a);
  }
  /** CLIENT LIST [TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [ID client-id ...] [USER username] [ADDR addr] [LADDR laddr] [SKIPME (YES | NO)] [MAXAGE maxage] [NAME name] [IDLE idle] [FLAGS flags] [LIB-NAME lib-name] [LIB-VER lib-ver] [DB db] [CAPA capa] [IP ip] [NOT-TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [NOT-ID not-client-id ...] [NOT-USER not-username] [NOT-ADDR not-addr] [NOT-LADDR not-laddr] [NOT-NAME not-name] [NOT-FLAGS not-flags] [NOT-LIB-NAME not-lib-name] [NOT-LIB-VER not-lib-ver] [NOT-DB not-db] [NOT-CAPA not-capa] [NOT-IP not-ip]: Lists open connections. (Redis and Valkey; the reply as the server sends it.) */
  clientList(opts: { clientType?: "NORMAL" | "MASTER" | "REPLICA" | "PUBSUB"; clientId?: Arg | Arg[]; username?: Arg; addr?: Arg; laddr?: Arg; skipme?: "YES" | "NO"; maxage?: Arg; name?: Arg; idle?: Arg; flags?: Arg; libName?: Arg; libVer?: Arg; db?: Arg; capa?: Arg; ip?: Arg; notClientType?: "NORMAL" | "MASTER" | "REPLICA" | "PUBSUB"; notClientId?: Arg | Arg[]; notUsername?: Arg; notAddr?: Arg; notLaddr?: Arg; notName?: Arg; notFlags?: Arg; notLibName?: Arg; notLibVer?: Arg; notDb?: Arg; notCapa?: Arg; notIp?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLIENT", "LIST"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.clientType !== undefined) a.push("TYPE", toArg(opts.clientType, "clientType"));
    if (opts.clientId !== undefined) {
      const _clientId = keys(opts.clientId, "clientId");
      a.push("ID", ..._clientId);
    }
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
    if (opts.notClientId !== undefined) {
      const _notClientId = keys(opts.notClientId, "notClientId");
      a.push("NOT-ID", ..._notClientId);
    }
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
  /** CLIENT NO-EVICT (ON | OFF): Sets the client eviction mode of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientNoEvict(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "NO-EVICT"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT NO-TOUCH (ON | OFF): Controls whether commands sent by the client affect the LRU/LFU of accessed keys. (Valkey; the reply as the server sends it.) */
  clientNoTouch(enabled: "ON" | "OFF"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "NO-TOUCH"];
    a.push(toArg(enabled, "enabled"));
    return this.send(a);
  }
  /** CLIENT PAUSE timeout [(WRITE | ALL)]: Suspends commands processing. (Redis and Valkey; the reply as the server sends it.) */
  clientPause(timeout: Arg, opts: { mode?: "WRITE" | "ALL" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "PAUSE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(timeout, "timeout"));
    if (opts.mode !== undefined) a.push(toArg(opts.mode, "mode"));
    return this.send(a);
  }
  /** CLIENT UNBLOCK client-id [(TIMEOUT | ERROR)]: Unblocks a client blocked by a blocking command from a different connection. (Redis and Valkey; the reply as the server sends it.) */
  clientUnblock(clientId: Arg, opts: { unblockType?: "TIMEOUT" | "ERROR" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["CLIENT", "UNBLOCK"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(clientId, "clientId"));
    if (opts.unblockType !== undefined) a.push(toArg(opts.unblockType, "unblockType"));
    return this.send(a);
  }
  /** CLIENT UNPAUSE : Resumes processing commands from paused clients. (Redis and Valkey; the reply as the server sends it.) */
  clientUnpause(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLIENT", "UNPAUSE"];
    return this.send(a);
  }
  /** CLUSTERSCAN cursor [MATCH match-pattern] [COUNT count] [TYPE type] [SLOT slot]: Iterates over the keys in the cluster. (Valkey; the reply as the server sends it.) */
  clusterscan(cursor: Arg, opts: { matchPattern?: Arg; count?: Arg; type?: Arg; slot?: Arg } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["CLUSTERSCAN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(cursor, "cursor"));
    if (opts.matchPattern !== undefined) a.push("MATCH", toArg(opts.matchPattern, "matchPattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (opts.type !== undefined) a.push("TYPE", toArg(opts.type, "type"));
    if (opts.slot !== undefined) a.push("SLOT", toArg(opts.slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER ADDSLOTS slot ...: Assigns new hash slots to a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterAddslots(slot: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "ADDSLOTS"];
    const _slot = keys(slot, "slot");
    a.push(..._slot);
    return this.send(a);
  }
  /** CLUSTER ADDSLOTSRANGE start-slot end-slot ...: Assigns new hash slot ranges to a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterAddslotsrange(range: Record<string, Arg> | [Arg, Arg][]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "ADDSLOTSRANGE"];
    const _range = tuples(range, 2, "range");
    for (const t of _range) a.push(...t);
    return this.send(a);
  }
  /** CLUSTER BUMPEPOCH : Advances the cluster config epoch. (Redis and Valkey; the reply as the server sends it.) */
  clusterBumpepoch(): Result<M, string> {
    const a: (string | Buffer)[] = ["CLUSTER", "BUMPEPOCH"];
    return this.send(a);
  }
  /** CLUSTER CANCELSLOTMIGRATIONS : Cancel all current ongoing slot migration operations. (Valkey; the reply as the server sends it.) */
  clusterCancelslotmigrations(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "CANCELSLOTMIGRATIONS"];
    return this.send(a);
  }
  /** CLUSTER COUNT-FAILURE-REPORTS node-id: Returns the number of active failure reports for a node. No new reports are created once the node is marked as failed. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountFailureReports(nodeId: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "COUNT-FAILURE-REPORTS"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER COUNTKEYSINSLOT slot: Returns the number of keys in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountkeysinslot(slot: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "COUNTKEYSINSLOT"];
    a.push(toArg(slot, "slot"));
    return this.send(a);
  }
  /** CLUSTER DELSLOTS slot ...: Sets hash slots as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterDelslots(slot: Arg | Arg[]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "DELSLOTS"];
    const _slot = keys(slot, "slot");
    a.push(..._slot);
    return this.send(a);
  }
  /** CLUSTER DELSLOTSRANGE start-slot end-slot ...: Sets hash slot ranges as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterDelslotsrange(range: Record<string, Arg> | [Arg, Arg][]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "DELSLOTSRANGE"];
    const _range = tuples(range, 2, "range");
    for (const t of _range) a.push(...t);
    return this.send(a);
  }
  /** CLUSTER FAILOVER [(FORCE | TAKEOVER)]: Forces a replica to perform a manual failover of its primary. (Redis and Valkey; the reply as the server sends it.) */
  clusterFailover(opts: { options?: "FORCE" | "TAKEOVER" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FAILOVER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.options !== undefined) a.push(toArg(opts.options, "options"));
    return this.send(a);
  }
  /** CLUSTER FLUSHSLOT slot [(ASYNC | SYNC)]: Removes all keys from the target slot. (Valkey; the reply as the server sends it.) */
  clusterFlushslot(slot: Arg, opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FLUSHSLOT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(slot, "slot"));
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** CLUSTER FLUSHSLOTS : Deletes all slots information from a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterFlushslots(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FLUSHSLOTS"];
    return this.send(a);
  }
  /** CLUSTER FORGET node-id: Removes a node from the nodes table. (Redis and Valkey; the reply as the server sends it.) */
  clusterForget(nodeId: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "FORGET"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER GETKEYSINSLOT slot count: Returns the key names in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterGetkeysinslot(slot: Arg, count: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "GETKEYSINSLOT"];
    a.push(toArg(slot, "slot"));
    a.push(toArg(count, "count"));
    return this.send(a);
  }
  /** CLUSTER GETSLOTMIGRATIONS : Gets the status of ongoing and recently finished slot import and export operations. (Valkey; the reply as the server sends it.) */
  clusterGetslotmigrations(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "GETSLOTMIGRATIONS"];
    return this.send(a);
  }
  /** CLUSTER INFO : Returns information about the state of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterInfo(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "INFO"];
    return this.send(a);
  }
  /** CLUSTER KEYSLOT key: Returns the hash slot for a key. (Redis and Valkey; the reply as the server sends it.) */
  clusterKeyslot(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["CLUSTER", "KEYSLOT"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** CLUSTER LINKS : Returns a list of all TCP links to and from peer nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterLinks(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "LINKS"];
    return this.send(a);
  }
  /** CLUSTER MEET ip port [cluster-bus-port]: Forces a node to handshake with another node. (Redis and Valkey; the reply as the server sends it.) */
  clusterMeet(ip: Arg, port: Arg, opts: { clusterBusPort?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "MEET"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(ip, "ip"));
    a.push(toArg(port, "port"));
    if (opts.clusterBusPort !== undefined) a.push(toArg(opts.clusterBusPort, "clusterBusPort"));
    return this.send(a);
  }
  /** CLUSTER MYID : Returns the ID of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterMyid(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "MYID"];
    return this.send(a);
  }
  /** CLUSTER MYSHARDID : Returns the shard ID of a node. (Valkey; the reply as the server sends it.) */
  clusterMyshardid(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "MYSHARDID"];
    return this.send(a);
  }
  /** CLUSTER NODES : Returns the cluster configuration for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterNodes(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["CLUSTER", "NODES"];
    return this.send(a);
  }
  /** CLUSTER REPLICAS node-id: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterReplicas(nodeId: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "REPLICAS"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER REPLICATE (node-id | NO ONE): Configures a node as replica of a primary node or detaches a replica from its primary. (Redis and Valkey; the reply as the server sends it.) */
  clusterReplicate(opts: { nodeId?: Arg; noOne?: boolean }): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "REPLICATE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["nodeId", opts.nodeId !== undefined], ["noOne", !!opts.noOne]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (given0.length === 0) throw new TypeError("opts: give one of nodeId, noOne");
    if (opts.nodeId !== undefined) a.push(toArg(opts.nodeId, "nodeId"));
    if (!!opts.noOne) a.push("NO", "ONE");
    return this.send(a);
  }
  /** CLUSTER RESET [(HARD | SOFT)]: Resets a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterReset(opts: { resetType?: "HARD" | "SOFT" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "RESET"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.resetType !== undefined) a.push(toArg(opts.resetType, "resetType"));
    return this.send(a);
  }
  /** CLUSTER SAVECONFIG : Forces a node to save the cluster configuration to disk. (Redis and Valkey; the reply as the server sends it.) */
  clusterSaveconfig(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SAVECONFIG"];
    return this.send(a);
  }
  /** CLUSTER SET-CONFIG-EPOCH config-epoch: Sets the configuration epoch for a new node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSetConfigEpoch(configEpoch: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SET-CONFIG-EPOCH"];
    a.push(toArg(configEpoch, "configEpoch"));
    return this.send(a);
  }
  /** CLUSTER SETSLOT slot (IMPORTING importing | MIGRATING migrating | NODE node | STABLE) [TIMEOUT timeout]: Binds a hash slot to a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSetslot(slot: Arg, opts: { importing?: Arg; migrating?: Arg; node?: Arg; stable?: boolean; timeout?: Arg }): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SETSLOT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["importing", opts.importing !== undefined], ["migrating", opts.migrating !== undefined], ["node", opts.node !== undefined], ["stable", !!opts.stable]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (given0.length === 0) throw new TypeError("opts: give one of importing, migrating, node, stable");
    a.push(toArg(slot, "slot"));
    if (opts.importing !== undefined) a.push("IMPORTING", toArg(opts.importing, "importing"));
    if (opts.migrating !== undefined) a.push("MIGRATING", toArg(opts.migrating, "migrating"));
    if (opts.node !== undefined) a.push("NODE", toArg(opts.node, "node"));
    if (!!opts.stable) a.push("STABLE");
    if (opts.timeout !== undefined) a.push("TIMEOUT", toArg(opts.timeout, "timeout"));
    return this.send(a);
  }
  /** CLUSTER SHARDS : Returns the mapping of cluster slots to shards. (Redis and Valkey; the reply as the server sends it.) */
  clusterShards(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SHARDS"];
    return this.send(a);
  }
  /** CLUSTER SLAVES node-id: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlaves(nodeId: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SLAVES"];
    a.push(toArg(nodeId, "nodeId"));
    return this.send(a);
  }
  /** CLUSTER SLOT-STATS (SLOTSRANGE start-slot end-slot | ORDERBY metric [LIMIT limit] [(ASC | DESC)]): Return an array of slot usage statistics for slots assigned to the current node. (Valkey; the reply as the server sends it.) */
  clusterSlotStats(opts: { startSlot?: Arg; endSlot?: Arg; metric?: Arg; limit?: Arg; order?: "ASC" | "DESC" }): Result<M, [number, RespMap<number>][]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SLOT-STATS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["startSlot", opts.startSlot !== undefined], ["metric", opts.metric !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (given0.length === 0) throw new TypeError("opts: give one of startSlot, metric");
    if (opts.endSlot !== undefined && !(opts.startSlot !== undefined)) throw new TypeError("opts.endSlot: needs startSlot");
    if ((opts.startSlot !== undefined) && !(opts.endSlot !== undefined)) throw new TypeError("opts.startSlot: needs endSlot");
    if (opts.limit !== undefined && !(opts.metric !== undefined)) throw new TypeError("opts.limit: needs metric");
    if (opts.order !== undefined && !(opts.metric !== undefined)) throw new TypeError("opts.order: needs metric");
    if (opts.startSlot !== undefined) a.push("SLOTSRANGE", toArg(opts.startSlot, "startSlot"));
    if (opts.endSlot !== undefined) a.push(toArg(opts.endSlot, "endSlot"));
    if (opts.metric !== undefined) a.push("ORDERBY", toArg(opts.metric, "metric"));
    if (opts.limit !== undefined) a.push("LIMIT", toArg(opts.limit, "limit"));
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    return this.send(a);
  }
  /** CLUSTER SLOTS : Returns the mapping of cluster slots to nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlots(): Result<M, [number, number, ...[Bulk, number, ...unknown[]][]][]> {
    const a: (string | Buffer)[] = ["CLUSTER", "SLOTS"];
    return this.send(a);
  }
  /** CLUSTER SYNCSLOTS : A container for internal slot migration commands. (Valkey; the reply as the server sends it.) */
  clusterSyncslots(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CLUSTER", "SYNCSLOTS"];
    return this.send(a);
  }
  /** COMMANDLOG GET count (SLOW | LARGE-REQUEST | LARGE-REPLY): Returns the specified command log's entries. (Valkey; the reply as the server sends it.) */
  commandlogGet(count: Arg, type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, [number, number, number, Bulk[], Bulk, Bulk][]> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "GET"];
    a.push(toArg(count, "count"));
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMANDLOG LEN (SLOW | LARGE-REQUEST | LARGE-REPLY): Returns the number of entries in the specified type of command log. (Valkey; the reply as the server sends it.) */
  commandlogLen(type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, number> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "LEN"];
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMANDLOG RESET (SLOW | LARGE-REQUEST | LARGE-REPLY): Clears all entries from the specified type of command log. (Valkey; the reply as the server sends it.) */
  commandlogReset(type: "SLOW" | "LARGE-REQUEST" | "LARGE-REPLY"): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["COMMANDLOG", "RESET"];
    a.push(toArg(type, "type"));
    return this.send(a);
  }
  /** COMMAND COUNT : Returns a count of commands. (Redis and Valkey; the reply as the server sends it.) */
  commandCount(): Result<M, number> {
    const a: (string | Buffer)[] = ["COMMAND", "COUNT"];
    return this.send(a);
  }
  /** COMMAND DOCS [command-name ...]: Returns documentary information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) */
  commandDocs(opts: { commandName?: Arg | Arg[] } = {}): Result<M, RespMap<RespMap>> {
    const a: (string | Buffer)[] = ["COMMAND", "DOCS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.commandName !== undefined) {
      const _commandName = keys(opts.commandName, "commandName");
      a.push(..._commandName);
    }
    return this.send(a);
  }
  /** COMMAND GETKEYS command [arg ...]: Extracts the key names from an arbitrary command. (Redis and Valkey; the reply as the server sends it.) */
  commandGetkeys(command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["COMMAND", "GETKEYS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** COMMAND GETKEYSANDFLAGS command [arg ...]: Extracts the key names and access flags for an arbitrary command. (Redis and Valkey; the reply as the server sends it.) */
  commandGetkeysandflags(command: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, [Bulk, string[]][]> {
    const a: (string | Buffer)[] = ["COMMAND", "GETKEYSANDFLAGS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(command, "command"));
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** COMMAND INFO [command-name ...]: Returns information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) */
  commandInfo(opts: { commandName?: Arg | Arg[] } = {}): Result<M, (unknown[] | null)[]> {
    const a: (string | Buffer)[] = ["COMMAND", "INFO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.commandName !== undefined) {
      const _commandName = keys(opts.commandName, "commandName");
      a.push(..._commandName);
    }
    return this.send(a);
  }
  /** COMMAND LIST [FILTERBY (MODULE module-name | ACLCAT category | PATTERN pattern)]: Returns a list of command names. (Redis and Valkey; the reply as the server sends it.) */
  commandList(opts: { module?: Arg; aclcat?: Arg; pattern?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["COMMAND", "LIST"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["module", opts.module !== undefined], ["aclcat", opts.aclcat !== undefined], ["pattern", opts.pattern !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (opts.module !== undefined) a.push("FILTERBY", "MODULE", toArg(opts.module, "module"));
    if (opts.aclcat !== undefined) a.push("FILTERBY", "ACLCAT", toArg(opts.aclcat, "aclcat"));
    if (opts.pattern !== undefined) a.push("FILTERBY", "PATTERN", toArg(opts.pattern, "pattern"));
    return this.send(a);
  }
  /** CONFIG GET parameter ...: Returns the effective values of configuration parameters. (Redis and Valkey; the reply as the server sends it.) */
  configGet(parameter: Arg | Arg[]): Result<M, RespMap<Bulk>> {
    const a: (string | Buffer)[] = ["CONFIG", "GET"];
    const _parameter = keys(parameter, "parameter");
    a.push(..._parameter);
    return this.send(a);
  }
  /** CONFIG RESETSTAT : Resets the server's statistics. (Redis and Valkey; the reply as the server sends it.) */
  configResetstat(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CONFIG", "RESETSTAT"];
    return this.send(a);
  }
  /** CONFIG REWRITE : Persists the effective configuration to file. (Redis and Valkey; the reply as the server sends it.) */
  configRewrite(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CONFIG", "REWRITE"];
    return this.send(a);
  }
  /** CONFIG SET parameter value ...: Sets configuration parameters in-flight. (Redis and Valkey; the reply as the server sends it.) */
  configSet(data: Record<string, Arg> | [Arg, Arg][]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["CONFIG", "SET"];
    const _data = tuples(data, 2, "data");
    for (const t of _data) a.push(...t);
    return this.send(a);
  }
  /** COPY source destination [DB destination-db] [REPLACE]: Copies the value of a key to a new key. (Redis and Valkey; the reply as the server sends it.) */
  copy(source: Arg, destination: Arg, opts: { destinationDb?: Arg; replace?: boolean } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["COPY"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    if (opts.destinationDb !== undefined) a.push("DB", toArg(opts.destinationDb, "destinationDb"));
    if (!!opts.replace) a.push("REPLACE");
    return this.send(a);
  }
  /** DBSIZE : Returns the number of keys in the database. (Redis and Valkey; the reply as the server sends it.) */
  dbsize(): Result<M, number> {
    const a: (string | Buffer)[] = ["DBSIZE"];
    return this.send(a);
  }
  /** DELIFEQ key value: Delete key if value matches string. (Valkey; the reply as the server sends it.) */
  delifeq(key: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["DELIFEQ"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** DUMP key: Returns a serialized representation of the value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
  dump(key: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["DUMP"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** EVAL_RO script numkeys [key ...] [arg ...]: Executes a read-only server-side Lua script. (Redis and Valkey; the reply as the server sends it.) */
  evalReadonly(script: Arg, opts: { key?: Arg | Arg[]; arg?: Arg | Arg[] } = {}): Result<M, unknown> {
    const a: (string | Buffer)[] = ["EVAL_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(script, "script"));
    if (opts.key === undefined) a.push("0");
    else {
      const _key = keys(opts.key, "key");
      a.push(String(_key.length), ..._key);
    }
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** EVALSHA_RO sha1 numkeys [key ...] [arg ...]: Executes a read-only server-side Lua script by SHA1 digest. (Redis and Valkey; the reply as the server sends it.) */
  evalshaReadonly(sha1: Arg, opts: { key?: Arg | Arg[]; arg?: Arg | Arg[] } = {}): Result<M, unknown> {
    const a: (string | Buffer)[] = ["EVALSHA_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(sha1, "sha1"));
    if (opts.key === undefined) a.push("0");
    else {
      const _key = keys(opts.key, "key");
      a.push(String(_key.length), ..._key);
    }
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** EXPIRETIME key: Returns the expiration time of a key as a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) */
  expiretime(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["EXPIRETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** FLUSHALL [(ASYNC | SYNC)]: Removes all keys from all databases. (Redis and Valkey; the reply as the server sends it.) */
  flushall(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FLUSHALL"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** FLUSHDB [(ASYNC | SYNC)]: Removes all keys from the current database. (Redis and Valkey; the reply as the server sends it.) */
  flushdb(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FLUSHDB"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** FUNCTION DUMP : Dumps all libraries into a serialized binary payload. (Redis and Valkey; the reply as the server sends it.) */
  functionDump(): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["FUNCTION", "DUMP"];
    return this.send(a);
  }
  /** FUNCTION KILL : Terminates a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionKill(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FUNCTION", "KILL"];
    return this.send(a);
  }
  /** FUNCTION RESTORE serialized-value [(FLUSH | APPEND | REPLACE)]: Restores all libraries from a payload. (Redis and Valkey; the reply as the server sends it.) */
  functionRestore(serializedValue: Arg, opts: { policy?: "FLUSH" | "APPEND" | "REPLACE" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["FUNCTION", "RESTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(serializedValue, "serializedValue"));
    if (opts.policy !== undefined) a.push(toArg(opts.policy, "policy"));
    return this.send(a);
  }
  /** FUNCTION STATS : Returns information about a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionStats(): Result<M, RespMap | PerNode<RespMap>> {
    const a: (string | Buffer)[] = ["FUNCTION", "STATS"];
    return this.send(a);
  }
  /** GEOHASH key [member ...]: Returns members from a geospatial index as geohash strings. (Redis and Valkey; the reply as the server sends it.) */
  geohash(key: Arg, opts: { member?: Arg | Arg[] } = {}): Result<M, (Bulk | null)[]> {
    const a: (string | Buffer)[] = ["GEOHASH"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.member !== undefined) {
      const _member = keys(opts.member, "member");
      a.push(..._member);
    }
    return this.send(a);
  }
  /** GEORADIUS key longitude latitude radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]: Queries a geospatial index for members within a distance from a coordinate, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) */
  georadius(key: Arg, longitude: Arg, latitude: Arg, radius: Arg, unit: "M" | "KM" | "FT" | "MI", opts: { withcoord?: boolean; withdist?: boolean; withhash?: boolean; count?: Arg; any?: boolean; order?: "ASC" | "DESC"; store?: Arg; storedist?: Arg } = {}): Result<M, Bulk[] | [Bulk, ...(Bulk | number | [Double, Double])[]][] | number> {
    const a: (string | Buffer)[] = ["GEORADIUS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["store", opts.store !== undefined], ["storedist", opts.storedist !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (!!opts.any && !(opts.count !== undefined)) throw new TypeError("opts.any: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(longitude, "longitude"));
    a.push(toArg(latitude, "latitude"));
    a.push(toArg(radius, "radius"));
    a.push(toArg(unit, "unit"));
    if (!!opts.withcoord) a.push("WITHCOORD");
    if (!!opts.withdist) a.push("WITHDIST");
    if (!!opts.withhash) a.push("WITHHASH");
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.any) a.push("ANY");
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    if (opts.store !== undefined) a.push("STORE", toArg(opts.store, "store"));
    if (opts.storedist !== undefined) a.push("STOREDIST", toArg(opts.storedist, "storedist"));
    return this.send(a);
  }
  /** GEORADIUS_RO key longitude latitude radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]: Returns members from a geospatial index that are within a distance from a coordinate. (Redis and Valkey; the reply as the server sends it.) */
  georadiusReadonly(key: Arg, longitude: Arg, latitude: Arg, radius: Arg, unit: "M" | "KM" | "FT" | "MI", opts: { withcoord?: boolean; withdist?: boolean; withhash?: boolean; count?: Arg; any?: boolean; order?: "ASC" | "DESC" } = {}): Result<M, Bulk[] | [Bulk, ...(Bulk | number | [Double, Double])[]][]> {
    const a: (string | Buffer)[] = ["GEORADIUS_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (!!opts.any && !(opts.count !== undefined)) throw new TypeError("opts.any: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(longitude, "longitude"));
    a.push(toArg(latitude, "latitude"));
    a.push(toArg(radius, "radius"));
    a.push(toArg(unit, "unit"));
    if (!!opts.withcoord) a.push("WITHCOORD");
    if (!!opts.withdist) a.push("WITHDIST");
    if (!!opts.withhash) a.push("WITHHASH");
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.any) a.push("ANY");
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    return this.send(a);
  }
  /** GEORADIUSBYMEMBER key member radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]: Queries a geospatial index for members within a distance from a member, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) */
  georadiusbymember(key: Arg, member: Arg, radius: Arg, unit: "M" | "KM" | "FT" | "MI", opts: { withcoord?: boolean; withdist?: boolean; withhash?: boolean; count?: Arg; any?: boolean; order?: "ASC" | "DESC"; store?: Arg; storedist?: Arg } = {}): Result<M, Bulk[] | [Bulk, ...(Bulk | number | [Double, Double])[]][] | number> {
    const a: (string | Buffer)[] = ["GEORADIUSBYMEMBER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["store", opts.store !== undefined], ["storedist", opts.storedist !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (!!opts.any && !(opts.count !== undefined)) throw new TypeError("opts.any: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(member, "member"));
    a.push(toArg(radius, "radius"));
    a.push(toArg(unit, "unit"));
    if (!!opts.withcoord) a.push("WITHCOORD");
    if (!!opts.withdist) a.push("WITHDIST");
    if (!!opts.withhash) a.push("WITHHASH");
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.any) a.push("ANY");
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    if (opts.store !== undefined) a.push("STORE", toArg(opts.store, "store"));
    if (opts.storedist !== undefined) a.push("STOREDIST", toArg(opts.storedist, "storedist"));
    return this.send(a);
  }
  /** GEORADIUSBYMEMBER_RO key member radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]: Returns members from a geospatial index that are within a distance from a member. (Redis and Valkey; the reply as the server sends it.) */
  georadiusbymemberReadonly(key: Arg, member: Arg, radius: Arg, unit: "M" | "KM" | "FT" | "MI", opts: { withcoord?: boolean; withdist?: boolean; withhash?: boolean; count?: Arg; any?: boolean; order?: "ASC" | "DESC" } = {}): Result<M, Bulk[] | [Bulk, ...(Bulk | number | [Double, Double])[]][]> {
    const a: (string | Buffer)[] = ["GEORADIUSBYMEMBER_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (!!opts.any && !(opts.count !== undefined)) throw new TypeError("opts.any: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(member, "member"));
    a.push(toArg(radius, "radius"));
    a.push(toArg(unit, "unit"));
    if (!!opts.withcoord) a.push("WITHCOORD");
    if (!!opts.withdist) a.push("WITHDIST");
    if (!!opts.withhash) a.push("WITHHASH");
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.any) a.push("ANY");
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    return this.send(a);
  }
  /** GEOSEARCHSTORE destination source [(FROMMEMBER member | FROMLONLAT longitude latitude)] (BYRADIUS radius (M | KM | FT | MI) | BYBOX width height (M | KM | FT | MI) | BYPOLYGON num-vertices longitude latitude ...) [(ASC | DESC)] [COUNT count [ANY]] [STOREDIST]: Queries a geospatial index for members inside an area of a box, a circle, or a polygon, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) */
  geosearchstore(destination: Arg, source: Arg, opts: { frommember?: Arg; longitude?: Arg; latitude?: Arg; radius?: Arg; unit?: "M" | "KM" | "FT" | "MI"; width?: Arg; height?: Arg; unit_?: "M" | "KM" | "FT" | "MI"; numVertices?: Arg; vertices?: Record<string, Arg> | [Arg, Arg][]; order?: "ASC" | "DESC"; count?: Arg; any?: boolean; storedist?: boolean }): Result<M, number> {
    const a: (string | Buffer)[] = ["GEOSEARCHSTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["frommember", opts.frommember !== undefined], ["longitude", opts.longitude !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    const given1 = ([["radius", opts.radius !== undefined], ["width", opts.width !== undefined], ["numVertices", opts.numVertices !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given1.length > 1) throw new TypeError(`opts: ${given1.join(", ")} exclude each other`);
    if (given1.length === 0) throw new TypeError("opts: give one of radius, width, numVertices");
    if (opts.latitude !== undefined && !(opts.longitude !== undefined)) throw new TypeError("opts.latitude: needs longitude");
    if ((opts.longitude !== undefined) && !(opts.latitude !== undefined)) throw new TypeError("opts.longitude: needs latitude");
    if (opts.unit !== undefined && !(opts.radius !== undefined)) throw new TypeError("opts.unit: needs radius");
    if ((opts.radius !== undefined) && !(opts.unit !== undefined)) throw new TypeError("opts.radius: needs unit");
    if (opts.height !== undefined && !(opts.width !== undefined)) throw new TypeError("opts.height: needs width");
    if ((opts.width !== undefined) && !(opts.height !== undefined)) throw new TypeError("opts.width: needs height");
    if (opts.unit_ !== undefined && !(opts.width !== undefined)) throw new TypeError("opts.unit_: needs width");
    if ((opts.width !== undefined) && !(opts.unit_ !== undefined)) throw new TypeError("opts.width: needs unit_");
    if (opts.vertices !== undefined && !(opts.numVertices !== undefined)) throw new TypeError("opts.vertices: needs numVertices");
    if ((opts.numVertices !== undefined) && !(opts.vertices !== undefined)) throw new TypeError("opts.numVertices: needs vertices");
    if (!!opts.any && !(opts.count !== undefined)) throw new TypeError("opts.any: needs count");
    a.push(toArg(destination, "destination"));
    a.push(toArg(source, "source"));
    if (opts.frommember !== undefined) a.push("FROMMEMBER", toArg(opts.frommember, "frommember"));
    if (opts.longitude !== undefined) a.push("FROMLONLAT", toArg(opts.longitude, "longitude"));
    if (opts.latitude !== undefined) a.push(toArg(opts.latitude, "latitude"));
    if (opts.radius !== undefined) a.push("BYRADIUS", toArg(opts.radius, "radius"));
    if (opts.unit !== undefined) a.push(toArg(opts.unit, "unit"));
    if (opts.width !== undefined) a.push("BYBOX", toArg(opts.width, "width"));
    if (opts.height !== undefined) a.push(toArg(opts.height, "height"));
    if (opts.unit_ !== undefined) a.push(toArg(opts.unit_, "unit_"));
    if (opts.numVertices !== undefined) a.push("BYPOLYGON", toArg(opts.numVertices, "numVertices"));
    if (opts.vertices !== undefined) {
      const _vertices = tuples(opts.vertices, 2, "vertices");
      for (const t of _vertices) a.push(...t);
    }
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.any) a.push("ANY");
    if (!!opts.storedist) a.push("STOREDIST");
    return this.send(a);
  }
  /** GETEX key [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)]: Returns the string value of a key after setting its expiration time. (Redis and Valkey; the reply as the server sends it.) */
  getex(key: Arg, opts: { ex?: Arg; px?: Arg; exat?: Arg; pxat?: Arg; persist?: boolean } = {}): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["GETEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["ex", opts.ex !== undefined], ["px", opts.px !== undefined], ["exat", opts.exat !== undefined], ["pxat", opts.pxat !== undefined], ["persist", !!opts.persist]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    a.push(toArg(key, "key"));
    if (opts.ex !== undefined) a.push("EX", toArg(opts.ex, "ex"));
    if (opts.px !== undefined) a.push("PX", toArg(opts.px, "px"));
    if (opts.exat !== undefined) a.push("EXAT", toArg(opts.exat, "exat"));
    if (opts.pxat !== undefined) a.push("PXAT", toArg(opts.pxat, "pxat"));
    if (!!opts.persist) a.push("PERSIST");
    return this.send(a);
  }
  /** GETSET key value: Returns the previous string value of a key after setting it to a new value. (Redis and Valkey; the reply as the server sends it.) */
  getset(key: Arg, value: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["GETSET"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** HEXPIREAT key unix-time-seconds [(NX | XX | GT | LT)] FIELDS numfields field ...: Sets expiry time on hash fields. (Valkey; the reply as the server sends it.) */
  hexpireat(key: Arg, unixTimeSeconds: Arg, field: Arg | Arg[], opts: { condition?: "NX" | "XX" | "GT" | "LT" } = {}): Result<M, number[]> {
    const a: (string | Buffer)[] = ["HEXPIREAT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(unixTimeSeconds, "unixTimeSeconds"));
    if (opts.condition !== undefined) a.push(toArg(opts.condition, "condition"));
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HEXPIRETIME key FIELDS numfields field ...: Returns Unix timestamps in seconds since the epoch at which the given key's field(s) will expire. (Valkey; the reply as the server sends it.) */
  hexpiretime(key: Arg, field: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["HEXPIRETIME"];
    a.push(toArg(key, "key"));
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HGETDEL key FIELDS numfields field ...: Returns the values of one or more fields and deletes them from a hash. (Valkey; the reply as the server sends it.) */
  hgetdel(key: Arg, field: Arg | Arg[]): Result<M, (Bulk | null)[]> {
    const a: (string | Buffer)[] = ["HGETDEL"];
    a.push(toArg(key, "key"));
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HGETEX key [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)] FIELDS numfields field ...: Gets the value of one or more fields of a given hash key, and optionally sets their expiration time or time-to-live (TTL). (Valkey; the reply as the server sends it.) */
  hgetex(key: Arg, field: Arg | Arg[], opts: { ex?: Arg; px?: Arg; exat?: Arg; pxat?: Arg; persist?: boolean } = {}): Result<M, (Bulk | null)[]> {
    const a: (string | Buffer)[] = ["HGETEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["ex", opts.ex !== undefined], ["px", opts.px !== undefined], ["exat", opts.exat !== undefined], ["pxat", opts.pxat !== undefined], ["persist", !!opts.persist]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    a.push(toArg(key, "key"));
    if (opts.ex !== undefined) a.push("EX", toArg(opts.ex, "ex"));
    if (opts.px !== undefined) a.push("PX", toArg(opts.px, "px"));
    if (opts.exat !== undefined) a.push("EXAT", toArg(opts.exat, "exat"));
    if (opts.pxat !== undefined) a.push("PXAT", toArg(opts.pxat, "pxat"));
    if (!!opts.persist) a.push("PERSIST");
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HINCRBYFLOAT key field increment: Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hincrbyfloat(key: Arg, field: Arg, increment: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["HINCRBYFLOAT"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    a.push(toArg(increment, "increment"));
    return this.send(a);
  }
  /** HMSET key field value ...: Sets the values of multiple fields. (Redis and Valkey; the reply as the server sends it.) */
  hmset(key: Arg, data: Record<string, Arg> | [Arg, Arg][]): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["HMSET"];
    a.push(toArg(key, "key"));
    const _data = tuples(data, 2, "data");
    for (const t of _data) a.push(...t);
    return this.send(a);
  }
  /** HPEXPIREAT key unix-time-milliseconds [(NX | XX | GT | LT)] FIELDS numfields field ...: Sets expiration time on hash field. (Valkey; the reply as the server sends it.) */
  hpexpireat(key: Arg, unixTimeMilliseconds: Arg, field: Arg | Arg[], opts: { condition?: "NX" | "XX" | "GT" | "LT" } = {}): Result<M, number[]> {
    const a: (string | Buffer)[] = ["HPEXPIREAT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(unixTimeMilliseconds, "unixTimeMilliseconds"));
    if (opts.condition !== undefined) a.push(toArg(opts.condition, "condition"));
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HPEXPIRETIME key FIELDS numfields field ...: Returns the Unix timestamp in milliseconds since Unix epoch at which the given key's field(s) will expire. (Valkey; the reply as the server sends it.) */
  hpexpiretime(key: Arg, field: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["HPEXPIRETIME"];
    a.push(toArg(key, "key"));
    const _field = keys(field, "field");
    a.push("FIELDS", String(_field.length), ..._field);
    return this.send(a);
  }
  /** HRANDFIELD key [count [WITHVALUES]]: Returns one or more random fields from a hash. (Redis and Valkey; the reply as the server sends it.) */
  hrandfield(key: Arg, opts: { count?: Arg; withvalues?: boolean } = {}): Result<M, Bulk | null | Bulk[] | [Bulk, Bulk][]> {
    const a: (string | Buffer)[] = ["HRANDFIELD"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (!!opts.withvalues && !(opts.count !== undefined)) throw new TypeError("opts.withvalues: needs count");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    if (!!opts.withvalues) a.push("WITHVALUES");
    return this.send(a);
  }
  /** HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]: Iterates over fields and values of a hash. (Redis and Valkey; the reply as the server sends it.) */
  hscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg; novalues?: boolean } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["HSCAN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.novalues) a.push("NOVALUES");
    return this.send(a);
  }
  /** HSETEX key [(NX | XX)] [(FNX | FXX)] [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)] FIELDS numfields field value ...: Sets the value of one or more fields of a given hash key, and optionally sets their expiration time. (Valkey; the reply as the server sends it.) */
  hsetex(key: Arg, data: Record<string, Arg> | [Arg, Arg][], opts: { keyCondition?: "NX" | "XX"; fieldsCondition?: "FNX" | "FXX"; ex?: Arg; px?: Arg; exat?: Arg; pxat?: Arg; keepttl?: boolean } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["HSETEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["ex", opts.ex !== undefined], ["px", opts.px !== undefined], ["exat", opts.exat !== undefined], ["pxat", opts.pxat !== undefined], ["keepttl", !!opts.keepttl]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    a.push(toArg(key, "key"));
    if (opts.keyCondition !== undefined) a.push(toArg(opts.keyCondition, "keyCondition"));
    if (opts.fieldsCondition !== undefined) a.push(toArg(opts.fieldsCondition, "fieldsCondition"));
    if (opts.ex !== undefined) a.push("EX", toArg(opts.ex, "ex"));
    if (opts.px !== undefined) a.push("PX", toArg(opts.px, "px"));
    if (opts.exat !== undefined) a.push("EXAT", toArg(opts.exat, "exat"));
    if (opts.pxat !== undefined) a.push("PXAT", toArg(opts.pxat, "pxat"));
    if (!!opts.keepttl) a.push("KEEPTTL");
    const _data = tuples(data, 2, "data");
    a.push("FIELDS", String(_data.length));
    for (const t of _data) a.push(...t);
    return this.send(a);
  }
  /** HSETNX key field value: Sets the value of a field in a hash only when the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hsetnx(key: Arg, field: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["HSETNX"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** HSTRLEN key field: Returns the length of the value of a field. (Redis and Valkey; the reply as the server sends it.) */
  hstrlen(key: Arg, field: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["HSTRLEN"];
    a.push(toArg(key, "key"));
    a.push(toArg(field, "field"));
    return this.send(a);
  }
  /** INFO [section ...]: Returns information and statistics about the server. (Redis and Valkey; the reply as the server sends it.) */
  info(opts: { section?: Arg | Arg[] } = {}): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["INFO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.section !== undefined) {
      const _section = keys(opts.section, "section");
      a.push(..._section);
    }
    return this.send(a);
  }
  /** KEYS pattern: Returns all key names that match a pattern. (Redis and Valkey; the reply as the server sends it.) */
  keys(pattern: Arg): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["KEYS"];
    a.push(toArg(pattern, "pattern"));
    return this.send(a);
  }
  /** LASTSAVE : Returns the Unix timestamp of the last successful save to disk. (Redis and Valkey; the reply as the server sends it.) */
  lastsave(): Result<M, number> {
    const a: (string | Buffer)[] = ["LASTSAVE"];
    return this.send(a);
  }
  /** LATENCY DOCTOR : Returns a human-readable latency analysis report. (Redis and Valkey; the reply as the server sends it.) */
  latencyDoctor(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["LATENCY", "DOCTOR"];
    return this.send(a);
  }
  /** LATENCY GRAPH event: Returns a latency graph for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyGraph(event: Arg): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["LATENCY", "GRAPH"];
    a.push(toArg(event, "event"));
    return this.send(a);
  }
  /** LATENCY HISTOGRAM [command ...]: Returns the cumulative distribution of latencies of a subset or all commands. (Redis and Valkey; the reply as the server sends it.) */
  latencyHistogram(opts: { command?: Arg | Arg[] } = {}): Result<M, RespMap<RespMap> | PerNode<RespMap<RespMap>>> {
    const a: (string | Buffer)[] = ["LATENCY", "HISTOGRAM"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.command !== undefined) {
      const _command = keys(opts.command, "command");
      a.push(..._command);
    }
    return this.send(a);
  }
  /** LATENCY HISTORY event: Returns timestamp-latency samples for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyHistory(event: Arg): Result<M, [number, number][] | PerNode<[number, number][]>> {
    const a: (string | Buffer)[] = ["LATENCY", "HISTORY"];
    a.push(toArg(event, "event"));
    return this.send(a);
  }
  /** LATENCY LATEST : Returns the latest latency samples for all events. (Redis and Valkey; the reply as the server sends it.) */
  latencyLatest(): Result<M, [Bulk, number, number, number][] | PerNode<[Bulk, number, number, number][]>> {
    const a: (string | Buffer)[] = ["LATENCY", "LATEST"];
    return this.send(a);
  }
  /** LATENCY RESET [event ...]: Resets the latency data for one or more events. (Redis and Valkey; the reply as the server sends it.) */
  latencyReset(opts: { event?: Arg | Arg[] } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["LATENCY", "RESET"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.event !== undefined) {
      const _event = keys(opts.event, "event");
      a.push(..._event);
    }
    return this.send(a);
  }
  /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]: Finds the longest common substring. (Redis and Valkey; the reply as the server sends it.) */
  lcs(key1: Arg, key2: Arg, opts: { len?: boolean; idx?: boolean; minMatchLen?: Arg; withmatchlen?: boolean } = {}): Result<M, Bulk | number | RespMap> {
    const a: (string | Buffer)[] = ["LCS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key1, "key1"));
    a.push(toArg(key2, "key2"));
    if (!!opts.len) a.push("LEN");
    if (!!opts.idx) a.push("IDX");
    if (opts.minMatchLen !== undefined) a.push("MINMATCHLEN", toArg(opts.minMatchLen, "minMatchLen"));
    if (!!opts.withmatchlen) a.push("WITHMATCHLEN");
    return this.send(a);
  }
  /** LINSERT key (BEFORE | AFTER) pivot element: Inserts an element before or after another element in a list. (Redis and Valkey; the reply as the server sends it.) */
  linsert(key: Arg, where: "BEFORE" | "AFTER", pivot: Arg, element: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["LINSERT"];
    a.push(toArg(key, "key"));
    a.push(toArg(where, "where"));
    a.push(toArg(pivot, "pivot"));
    a.push(toArg(element, "element"));
    return this.send(a);
  }
  /** LMOVE source destination (LEFT | RIGHT) (LEFT | RIGHT): Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
  lmove(source: Arg, destination: Arg, wherefrom: "LEFT" | "RIGHT", whereto: "LEFT" | "RIGHT"): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["LMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(wherefrom, "wherefrom"));
    a.push(toArg(whereto, "whereto"));
    return this.send(a);
  }
  /** LMPOP numkeys key ... (LEFT | RIGHT) [COUNT count]: Returns multiple elements from a list after removing them. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  lmpop(key: Arg | Arg[], where: "LEFT" | "RIGHT", opts: { count?: Arg } = {}): Result<M, [Bulk, Bulk[]] | null> {
    const a: (string | Buffer)[] = ["LMPOP"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    a.push(toArg(where, "where"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** LOLWUT [VERSION version]: Displays computer art and the server version. (Redis and Valkey; the reply as the server sends it.) */
  lolwut(opts: { version?: Arg } = {}): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["LOLWUT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.version !== undefined) a.push("VERSION", toArg(opts.version, "version"));
    return this.send(a);
  }
  /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: Returns the index of matching elements in a list. (Redis and Valkey; the reply as the server sends it.) */
  lpos(key: Arg, element: Arg, opts: { rank?: Arg; numMatches?: Arg; len?: Arg } = {}): Result<M, number | number[] | null> {
    const a: (string | Buffer)[] = ["LPOS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(element, "element"));
    if (opts.rank !== undefined) a.push("RANK", toArg(opts.rank, "rank"));
    if (opts.numMatches !== undefined) a.push("COUNT", toArg(opts.numMatches, "numMatches"));
    if (opts.len !== undefined) a.push("MAXLEN", toArg(opts.len, "len"));
    return this.send(a);
  }
  /** LPUSHX key element ...: Prepends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  lpushx(key: Arg, element: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["LPUSHX"];
    a.push(toArg(key, "key"));
    const _element = keys(element, "element");
    a.push(..._element);
    return this.send(a);
  }
  /** MEMORY DOCTOR : Outputs a memory problems report. (Redis and Valkey; the reply as the server sends it.) */
  memoryDoctor(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["MEMORY", "DOCTOR"];
    return this.send(a);
  }
  /** MEMORY MALLOC-STATS : Returns the allocator statistics. (Redis and Valkey; the reply as the server sends it.) */
  memoryMallocStats(): Result<M, Bulk | PerNode<Bulk>> {
    const a: (string | Buffer)[] = ["MEMORY", "MALLOC-STATS"];
    return this.send(a);
  }
  /** MEMORY PURGE : Asks the allocator to release memory. (Redis and Valkey; the reply as the server sends it.) */
  memoryPurge(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MEMORY", "PURGE"];
    return this.send(a);
  }
  /** MEMORY STATS : Returns details about memory usage. (Redis and Valkey; the reply as the server sends it.) */
  memoryStats(): Result<M, RespMap | PerNode<RespMap>> {
    const a: (string | Buffer)[] = ["MEMORY", "STATS"];
    return this.send(a);
  }
  /** MEMORY USAGE key [SAMPLES count]: Estimates the memory usage of a key. (Redis and Valkey; the reply as the server sends it.) */
  memoryUsage(key: Arg, opts: { count?: Arg } = {}): Result<M, number | null> {
    const a: (string | Buffer)[] = ["MEMORY", "USAGE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push("SAMPLES", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** MIGRATE host port (key | ) destination-db timeout [COPY] [REPLACE] [(AUTH auth | AUTH2 username password)] [KEYS keys ...]: Atomically transfers a key from one instance to another. (Redis and Valkey; the reply as the server sends it.) */
  migrate(host: Arg, port: Arg, keySelector: Arg, destinationDb: Arg, timeout: Arg, opts: { copy?: boolean; replace?: boolean; auth?: Arg; username?: Arg; password?: Arg; keys?: Arg | Arg[] } = {}): Result<M, "OK" | "NOKEY"> {
    const a: (string | Buffer)[] = ["MIGRATE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["auth", opts.auth !== undefined], ["username", opts.username !== undefined]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (opts.password !== undefined && !(opts.username !== undefined)) throw new TypeError("opts.password: needs username");
    if ((opts.username !== undefined) && !(opts.password !== undefined)) throw new TypeError("opts.username: needs password");
    a.push(toArg(host, "host"));
    a.push(toArg(port, "port"));
    a.push(toArg(keySelector, "keySelector"));
    a.push(toArg(destinationDb, "destinationDb"));
    a.push(toArg(timeout, "timeout"));
    if (!!opts.copy) a.push("COPY");
    if (!!opts.replace) a.push("REPLACE");
    if (opts.auth !== undefined) a.push("AUTH", toArg(opts.auth, "auth"));
    if (opts.username !== undefined) a.push("AUTH2", toArg(opts.username, "username"));
    if (opts.password !== undefined) a.push(toArg(opts.password, "password"));
    if (opts.keys !== undefined) {
      const _keys = keys(opts.keys, "keys");
      a.push("KEYS", ..._keys);
    }
    return this.send(a);
  }
  /** MODULE LIST : Returns all loaded modules. (Redis and Valkey; the reply as the server sends it.) */
  moduleList(): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["MODULE", "LIST"];
    return this.send(a);
  }
  /** MODULE LOAD path [arg ...]: Loads a module. (Redis and Valkey; the reply as the server sends it.) */
  moduleLoad(path: Arg, opts: { arg?: Arg | Arg[] } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MODULE", "LOAD"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(path, "path"));
    if (opts.arg !== undefined) {
      const _arg = keys(opts.arg, "arg");
      a.push(..._arg);
    }
    return this.send(a);
  }
  /** MODULE LOADEX path [CONFIG name value ...] [ARGS args ...]: Loads a module using extended parameters. (Redis and Valkey; the reply as the server sends it.) */
  moduleLoadex(path: Arg, opts: { configs?: Record<string, Arg> | [Arg, Arg][]; args?: Arg | Arg[] } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MODULE", "LOADEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(path, "path"));
    if (opts.configs !== undefined) {
      const _configs = tuples(opts.configs, 2, "configs");
      for (const t of _configs) a.push("CONFIG", ...t);
    }
    if (opts.args !== undefined) {
      const _args = keys(opts.args, "args");
      a.push("ARGS", ..._args);
    }
    return this.send(a);
  }
  /** MODULE UNLOAD name: Unloads a module. (Redis and Valkey; the reply as the server sends it.) */
  moduleUnload(name: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["MODULE", "UNLOAD"];
    a.push(toArg(name, "name"));
    return this.send(a);
  }
  /** MOVE key db: Moves a key to another database. (Redis and Valkey; the reply as the server sends it.) */
  move(key: Arg, db: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["MOVE"];
    a.push(toArg(key, "key"));
    a.push(toArg(db, "db"));
    return this.send(a);
  }
  /** MSETEX numkeys key value ... [(NX | XX)] [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)]: Atomically creates or modifies the string values of one or more keys, and optionally set their expiration. (Valkey; the reply as the server sends it.) */
  msetex(data: Record<string, Arg> | [Arg, Arg][], opts: { condition?: "NX" | "XX"; ex?: Arg; px?: Arg; exat?: Arg; pxat?: Arg; keepttl?: boolean } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["MSETEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["ex", opts.ex !== undefined], ["px", opts.px !== undefined], ["exat", opts.exat !== undefined], ["pxat", opts.pxat !== undefined], ["keepttl", !!opts.keepttl]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    const _data = tuples(data, 2, "data");
    a.push(String(_data.length));
    for (const t of _data) a.push(...t);
    if (opts.condition !== undefined) a.push(toArg(opts.condition, "condition"));
    if (opts.ex !== undefined) a.push("EX", toArg(opts.ex, "ex"));
    if (opts.px !== undefined) a.push("PX", toArg(opts.px, "px"));
    if (opts.exat !== undefined) a.push("EXAT", toArg(opts.exat, "exat"));
    if (opts.pxat !== undefined) a.push("PXAT", toArg(opts.pxat, "pxat"));
    if (!!opts.keepttl) a.push("KEEPTTL");
    return this.send(a);
  }
  /** MSETNX key value ...: Atomically modifies the string values of one or more keys only when all keys don't exist. (Redis and Valkey; the reply as the server sends it.) */
  msetnx(data: Record<string, Arg> | [Arg, Arg][]): Result<M, number> {
    const a: (string | Buffer)[] = ["MSETNX"];
    const _data = tuples(data, 2, "data");
    for (const t of _data) a.push(...t);
    return this.send(a);
  }
  /** OBJECT ENCODING key: Returns the internal encoding of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectEncoding(key: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["OBJECT", "ENCODING"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT FREQ key: Returns the logarithmic access frequency counter of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectFreq(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "FREQ"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT IDLETIME key: Returns the time since the last access to an object. (Redis and Valkey; the reply as the server sends it.) */
  objectIdletime(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "IDLETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** OBJECT REFCOUNT key: Returns the reference count of a value of a key. (Redis and Valkey; the reply as the server sends it.) */
  objectRefcount(key: Arg): Result<M, number | null> {
    const a: (string | Buffer)[] = ["OBJECT", "REFCOUNT"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** PEXPIREAT key unix-time-milliseconds [(NX | XX | GT | LT)]: Sets the expiration time of a key to a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
  pexpireat(key: Arg, unixTimeMilliseconds: Arg, opts: { condition?: "NX" | "XX" | "GT" | "LT" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["PEXPIREAT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(unixTimeMilliseconds, "unixTimeMilliseconds"));
    if (opts.condition !== undefined) a.push(toArg(opts.condition, "condition"));
    return this.send(a);
  }
  /** PEXPIRETIME key: Returns the expiration time of a key as a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
  pexpiretime(key: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["PEXPIRETIME"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** PSETEX key milliseconds value: Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  psetex(key: Arg, milliseconds: Arg, value: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["PSETEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(milliseconds, "milliseconds"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** PUBSUB CHANNELS [pattern]: Returns the active channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubChannels(opts: { pattern?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "CHANNELS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.pattern !== undefined) a.push(toArg(opts.pattern, "pattern"));
    return this.send(a);
  }
  /** PUBSUB NUMPAT : Returns a count of unique pattern subscriptions. (Redis and Valkey; the reply as the server sends it.) */
  pubsubNumpat(): Result<M, number> {
    const a: (string | Buffer)[] = ["PUBSUB", "NUMPAT"];
    return this.send(a);
  }
  /** PUBSUB NUMSUB [channel ...]: Returns a count of subscribers to channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubNumsub(opts: { channel?: Arg | Arg[] } = {}): Result<M, (Bulk | number)[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "NUMSUB"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.channel !== undefined) {
      const _channel = keys(opts.channel, "channel");
      a.push(..._channel);
    }
    return this.send(a);
  }
  /** PUBSUB SHARDCHANNELS [pattern]: Returns the active shard channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubShardchannels(opts: { pattern?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "SHARDCHANNELS"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.pattern !== undefined) a.push(toArg(opts.pattern, "pattern"));
    return this.send(a);
  }
  /** PUBSUB SHARDNUMSUB [shardchannel ...]: Returns the count of subscribers of shard channels. (Redis and Valkey; the reply as the server sends it.) */
  pubsubShardnumsub(opts: { shardchannel?: Arg | Arg[] } = {}): Result<M, (Bulk | number)[]> {
    const a: (string | Buffer)[] = ["PUBSUB", "SHARDNUMSUB"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.shardchannel !== undefined) {
      const _shardchannel = keys(opts.shardchannel, "shardchannel");
      a.push(..._shardchannel);
    }
    return this.send(a);
  }
  /** RANDOMKEY : Returns a random key name from the database. (Redis and Valkey; the reply as the server sends it.) */
  randomkey(): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["RANDOMKEY"];
    return this.send(a);
  }
  /** RENAMENX key newkey: Renames a key only when the target key name doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  renamenx(key: Arg, newkey: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["RENAMENX"];
    a.push(toArg(key, "key"));
    a.push(toArg(newkey, "newkey"));
    return this.send(a);
  }
  /** REPLICAOF (host port | NO ONE): Configures a server as replica of another, or promotes it to a primary. (Redis and Valkey; the reply as the server sends it.) */
  replicaof(opts: { host?: Arg; port?: Arg; noOne?: boolean }): Result<M, string> {
    const a: (string | Buffer)[] = ["REPLICAOF"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["host", opts.host !== undefined], ["noOne", !!opts.noOne]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (given0.length === 0) throw new TypeError("opts: give one of host, noOne");
    if (opts.port !== undefined && !(opts.host !== undefined)) throw new TypeError("opts.port: needs host");
    if ((opts.host !== undefined) && !(opts.port !== undefined)) throw new TypeError("opts.host: needs port");
    if (opts.host !== undefined) a.push(toArg(opts.host, "host"));
    if (opts.port !== undefined) a.push(toArg(opts.port, "port"));
    if (!!opts.noOne) a.push("NO", "ONE");
    return this.send(a);
  }
  /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]: Creates a key from the serialized representation of a value. (Redis and Valkey; the reply as the server sends it.) */
  restore(key: Arg, ttl: Arg, serializedValue: Arg, opts: { replace?: boolean; absttl?: boolean; seconds?: Arg; frequency?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["RESTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(ttl, "ttl"));
    a.push(toArg(serializedValue, "serializedValue"));
    if (!!opts.replace) a.push("REPLACE");
    if (!!opts.absttl) a.push("ABSTTL");
    if (opts.seconds !== undefined) a.push("IDLETIME", toArg(opts.seconds, "seconds"));
    if (opts.frequency !== undefined) a.push("FREQ", toArg(opts.frequency, "frequency"));
    return this.send(a);
  }
  /** ROLE : Returns the replication role. (Redis and Valkey; the reply as the server sends it.) */
  role(): Result<M, [Bulk, ...unknown[]]> {
    const a: (string | Buffer)[] = ["ROLE"];
    return this.send(a);
  }
  /** RPOPLPUSH source destination: Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  rpoplpush(source: Arg, destination: Arg): Result<M, Bulk | null> {
    const a: (string | Buffer)[] = ["RPOPLPUSH"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    return this.send(a);
  }
  /** RPUSHX key element ...: Appends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  rpushx(key: Arg, element: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["RPUSHX"];
    a.push(toArg(key, "key"));
    const _element = keys(element, "element");
    a.push(..._element);
    return this.send(a);
  }
  /** SAVE : Synchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
  save(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SAVE"];
    return this.send(a);
  }
  /** SCRIPT DEBUG (YES | SYNC | NO) [engine]: Sets the debug mode of server-side Lua scripts. (Redis and Valkey; the reply as the server sends it.) */
  scriptDebug(mode: "YES" | "SYNC" | "NO", opts: { engine?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "DEBUG"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(mode, "mode"));
    if (opts.engine !== undefined) a.push(toArg(opts.engine, "engine"));
    return this.send(a);
  }
  /** SCRIPT EXISTS sha1 ...: Determines whether server-side Lua scripts exist in the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptExists(sha1: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["SCRIPT", "EXISTS"];
    const _sha1 = keys(sha1, "sha1");
    a.push(..._sha1);
    return this.send(a);
  }
  /** SCRIPT FLUSH [(ASYNC | SYNC)]: Removes all server-side Lua scripts from the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptFlush(opts: { flushType?: "ASYNC" | "SYNC" } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "FLUSH"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.flushType !== undefined) a.push(toArg(opts.flushType, "flushType"));
    return this.send(a);
  }
  /** SCRIPT KILL : Terminates a server-side Lua script during execution. (Redis and Valkey; the reply as the server sends it.) */
  scriptKill(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SCRIPT", "KILL"];
    return this.send(a);
  }
  /** SCRIPT LOAD script: Loads a server-side Lua script to the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptLoad(script: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SCRIPT", "LOAD"];
    a.push(toArg(script, "script"));
    return this.send(a);
  }
  /** SCRIPT SHOW sha1: Show server-side Lua script in the script cache. (Valkey; the reply as the server sends it.) */
  scriptShow(sha1: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SCRIPT", "SHOW"];
    a.push(toArg(sha1, "sha1"));
    return this.send(a);
  }
  /** SDIFFSTORE destination key ...: Stores the difference of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sdiffstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SDIFFSTORE"];
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(..._key);
    return this.send(a);
  }
  /** SETEX key seconds value: Sets the string value and expiration time of a key. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setex(key: Arg, seconds: Arg, value: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SETEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(seconds, "seconds"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SETNX key value: Sets the string value of a key only when the key doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setnx(key: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SETNX"];
    a.push(toArg(key, "key"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SETRANGE key offset value: Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setrange(key: Arg, offset: Arg, value: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SETRANGE"];
    a.push(toArg(key, "key"));
    a.push(toArg(offset, "offset"));
    a.push(toArg(value, "value"));
    return this.send(a);
  }
  /** SINTERCARD numkeys key ... [LIMIT limit]: Returns the number of members of the intersect of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
  sintercard(key: Arg | Arg[], opts: { limit?: Arg } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["SINTERCARD"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.limit !== undefined) a.push("LIMIT", toArg(opts.limit, "limit"));
    return this.send(a);
  }
  /** SINTERSTORE destination key ...: Stores the intersect of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sinterstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SINTERSTORE"];
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(..._key);
    return this.send(a);
  }
  /** SLAVEOF (host port | NO ONE): Sets a server as a replica of another, or promotes it to being a primary. (Redis and Valkey; the reply as the server sends it.) */
  slaveof(opts: { host?: Arg; port?: Arg; noOne?: boolean }): Result<M, string> {
    const a: (string | Buffer)[] = ["SLAVEOF"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const given0 = ([["host", opts.host !== undefined], ["noOne", !!opts.noOne]] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);
    if (given0.length > 1) throw new TypeError(`opts: ${given0.join(", ")} exclude each other`);
    if (given0.length === 0) throw new TypeError("opts: give one of host, noOne");
    if (opts.port !== undefined && !(opts.host !== undefined)) throw new TypeError("opts.port: needs host");
    if ((opts.host !== undefined) && !(opts.port !== undefined)) throw new TypeError("opts.host: needs port");
    if (opts.host !== undefined) a.push(toArg(opts.host, "host"));
    if (opts.port !== undefined) a.push(toArg(opts.port, "port"));
    if (!!opts.noOne) a.push("NO", "ONE");
    return this.send(a);
  }
  /** SLOWLOG GET [count]: Returns the slow log's entries. (Redis and Valkey; the reply as the server sends it.) */
  slowlogGet(opts: { count?: Arg } = {}): Result<M, [number, number, number, Bulk[], Bulk, Bulk][]> {
    const a: (string | Buffer)[] = ["SLOWLOG", "GET"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SLOWLOG LEN : Returns the number of entries in the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogLen(): Result<M, number> {
    const a: (string | Buffer)[] = ["SLOWLOG", "LEN"];
    return this.send(a);
  }
  /** SLOWLOG RESET : Clears all entries from the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogReset(): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SLOWLOG", "RESET"];
    return this.send(a);
  }
  /** SMISMEMBER key member ...: Determines whether multiple members belong to a set. (Redis and Valkey; the reply as the server sends it.) */
  smismember(key: Arg, member: Arg | Arg[]): Result<M, number[]> {
    const a: (string | Buffer)[] = ["SMISMEMBER"];
    a.push(toArg(key, "key"));
    const _member = keys(member, "member");
    a.push(..._member);
    return this.send(a);
  }
  /** SMOVE source destination member: Moves a member from one set to another. (Redis and Valkey; the reply as the server sends it.) */
  smove(source: Arg, destination: Arg, member: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["SMOVE"];
    a.push(toArg(source, "source"));
    a.push(toArg(destination, "destination"));
    a.push(toArg(member, "member"));
    return this.send(a);
  }
  /** SORT key [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA] [STORE destination]: Sorts the elements in a list, a set, or a sorted set, optionally storing the result. (Redis and Valkey; the reply as the server sends it.) */
  sort(key: Arg, opts: { byPattern?: Arg; offset?: Arg; count?: Arg; getPattern?: Arg | Arg[]; order?: "ASC" | "DESC"; alpha?: boolean; destination?: Arg } = {}): Result<M, (Bulk | null)[] | number> {
    const a: (string | Buffer)[] = ["SORT"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    if (opts.byPattern !== undefined) a.push("BY", toArg(opts.byPattern, "byPattern"));
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    if (opts.getPattern !== undefined) {
      const _getPattern = keys(opts.getPattern, "getPattern");
      for (const x of _getPattern) a.push("GET", x);
    }
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    if (!!opts.alpha) a.push("ALPHA");
    if (opts.destination !== undefined) a.push("STORE", toArg(opts.destination, "destination"));
    return this.send(a);
  }
  /** SORT_RO key [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA]: Returns the sorted elements of a list, a set, or a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  sortReadonly(key: Arg, opts: { byPattern?: Arg; offset?: Arg; count?: Arg; getPattern?: Arg | Arg[]; order?: "ASC" | "DESC"; alpha?: boolean } = {}): Result<M, (Bulk | null)[]> {
    const a: (string | Buffer)[] = ["SORT_RO"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    if (opts.byPattern !== undefined) a.push("BY", toArg(opts.byPattern, "byPattern"));
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    if (opts.getPattern !== undefined) {
      const _getPattern = keys(opts.getPattern, "getPattern");
      for (const x of _getPattern) a.push("GET", x);
    }
    if (opts.order !== undefined) a.push(toArg(opts.order, "order"));
    if (!!opts.alpha) a.push("ALPHA");
    return this.send(a);
  }
  /** SRANDMEMBER key [count]: Gets one or multiple random members from a set. (Redis and Valkey; the reply as the server sends it.) */
  srandmember(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk | Bulk[] | null> {
    const a: (string | Buffer)[] = ["SRANDMEMBER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SSCAN key cursor [MATCH pattern] [COUNT count]: Iterates over members of a set. (Redis and Valkey; the reply as the server sends it.) */
  sscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["SSCAN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** SUBSTR key start end: Returns a substring from a string value. (Redis and Valkey; the reply as the server sends it.) */
  substr(key: Arg, start: Arg, end: Arg): Result<M, Bulk> {
    const a: (string | Buffer)[] = ["SUBSTR"];
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(end, "end"));
    return this.send(a);
  }
  /** SUNIONSTORE destination key ...: Stores the union of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sunionstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["SUNIONSTORE"];
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(..._key);
    return this.send(a);
  }
  /** SWAPDB index1 index2: Swaps two databases. (Redis and Valkey; the reply as the server sends it.) */
  swapdb(index1: Arg, index2: Arg): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["SWAPDB"];
    a.push(toArg(index1, "index1"));
    a.push(toArg(index2, "index2"));
    return this.send(a);
  }
  /** TIME : Returns the server time. (Redis and Valkey; the reply as the server sends it.) */
  time(): Result<M, [Bulk, Bulk]> {
    const a: (string | Buffer)[] = ["TIME"];
    return this.send(a);
  }
  /** TOUCH key ...: Returns the number of existing keys out of those specified after updating the time they were last accessed. (Redis and Valkey; the reply as the server sends it.) */
  touch(key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["TOUCH"];
    const _key = keys(key, "key");
    a.push(..._key);
    return this.send(a);
  }
  /** WAIT numreplicas timeout: Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed. (Redis and Valkey; the reply as the server sends it.) */
  wait(numreplicas: Arg, timeout: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["WAIT"];
    a.push(toArg(numreplicas, "numreplicas"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** WAITAOF numlocal numreplicas timeout: Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas. (Valkey; the reply as the server sends it.) */
  waitaof(numlocal: Arg, numreplicas: Arg, timeout: Arg): Result<M, [number, number]> {
    const a: (string | Buffer)[] = ["WAITAOF"];
    a.push(toArg(numlocal, "numlocal"));
    a.push(toArg(numreplicas, "numreplicas"));
    a.push(toArg(timeout, "timeout"));
    return this.send(a);
  }
  /** XCLAIM key group consumer min-idle-time id ... [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]: Changes, or acquires, ownership of a message in a consumer group, as if the message was delivered to a consumer group member. (Redis and Valkey; the reply as the server sends it.) */
  xclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: Arg, id: Arg | Arg[], opts: { ms?: Arg; unixTimeMilliseconds?: Arg; count?: Arg; force?: boolean; justid?: boolean; lastid?: Arg } = {}): Result<M, [Bulk, Bulk[] | null][] | Bulk[]> {
    const a: (string | Buffer)[] = ["XCLAIM"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(consumer, "consumer"));
    a.push(toArg(minIdleTime, "minIdleTime"));
    const _id = keys(id, "id");
    a.push(..._id);
    if (opts.ms !== undefined) a.push("IDLE", toArg(opts.ms, "ms"));
    if (opts.unixTimeMilliseconds !== undefined) a.push("TIME", toArg(opts.unixTimeMilliseconds, "unixTimeMilliseconds"));
    if (opts.count !== undefined) a.push("RETRYCOUNT", toArg(opts.count, "count"));
    if (!!opts.force) a.push("FORCE");
    if (!!opts.justid) a.push("JUSTID");
    if (opts.lastid !== undefined) a.push("LASTID", toArg(opts.lastid, "lastid"));
    return this.send(a);
  }
  /** XGROUP CREATECONSUMER key group consumer: Creates a consumer in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupCreateconsumer(key: Arg, group: Arg, consumer: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["XGROUP", "CREATECONSUMER"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(consumer, "consumer"));
    return this.send(a);
  }
  /** XGROUP DELCONSUMER key group consumer: Deletes a consumer from a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupDelconsumer(key: Arg, group: Arg, consumer: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["XGROUP", "DELCONSUMER"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(consumer, "consumer"));
    return this.send(a);
  }
  /** XGROUP SETID key group (id | $) [ENTRIESREAD entriesread]: Sets the last-delivered ID of a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupSetid(key: Arg, group: Arg, idSelector: Arg, opts: { entriesread?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["XGROUP", "SETID"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    a.push(toArg(idSelector, "idSelector"));
    if (opts.entriesread !== undefined) a.push("ENTRIESREAD", toArg(opts.entriesread, "entriesread"));
    return this.send(a);
  }
  /** XINFO CONSUMERS key group: Returns a list of the consumers in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xinfoConsumers(key: Arg, group: Arg): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["XINFO", "CONSUMERS"];
    a.push(toArg(key, "key"));
    a.push(toArg(group, "group"));
    return this.send(a);
  }
  /** XINFO GROUPS key: Returns a list of the consumer groups of a stream. (Redis and Valkey; the reply as the server sends it.) */
  xinfoGroups(key: Arg): Result<M, RespMap[]> {
    const a: (string | Buffer)[] = ["XINFO", "GROUPS"];
    a.push(toArg(key, "key"));
    return this.send(a);
  }
  /** XINFO STREAM key [FULL [COUNT count]]: Returns information about a stream. (Redis and Valkey; the reply as the server sends it.) */
  xinfoStream(key: Arg, opts: { full?: boolean; count?: Arg } = {}): Result<M, RespMap> {
    const a: (string | Buffer)[] = ["XINFO", "STREAM"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(!!opts.full)) throw new TypeError("opts.count: needs full");
    a.push(toArg(key, "key"));
    if (!!opts.full) a.push("FULL");
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** XREVRANGE key end start [COUNT count]: Returns the messages from a stream within a range of IDs in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  xrevrange(key: Arg, end: Arg, start: Arg, opts: { count?: Arg } = {}): Result<M, [Bulk, Bulk[] | null][]> {
    const a: (string | Buffer)[] = ["XREVRANGE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(end, "end"));
    a.push(toArg(start, "start"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]: An internal command for replicating stream values. (Redis and Valkey; the reply as the server sends it.) */
  xsetid(key: Arg, lastId: Arg, opts: { entriesAdded?: Arg; maxDeletedId?: Arg } = {}): Result<M, "OK"> {
    const a: (string | Buffer)[] = ["XSETID"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(lastId, "lastId"));
    if (opts.entriesAdded !== undefined) a.push("ENTRIESADDED", toArg(opts.entriesAdded, "entriesAdded"));
    if (opts.maxDeletedId !== undefined) a.push("MAXDELETEDID", toArg(opts.maxDeletedId, "maxDeletedId"));
    return this.send(a);
  }
  /** ZDIFF numkeys key ... [WITHSCORES]: Returns the difference between multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) */
  zdiff(key: Arg | Arg[], opts: { withscores?: boolean } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZDIFF"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (!!opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZDIFFSTORE destination numkeys key ...: Stores the difference of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  zdiffstore(destination: Arg, key: Arg | Arg[]): Result<M, number> {
    const a: (string | Buffer)[] = ["ZDIFFSTORE"];
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    return this.send(a);
  }
  /** ZINTER numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]: Returns the intersect of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) */
  zinter(key: Arg | Arg[], opts: { weight?: Arg | Arg[]; aggregate?: "SUM" | "MIN" | "MAX"; withscores?: boolean } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZINTER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.weight !== undefined) {
      const _weight = keys(opts.weight, "weight");
      a.push("WEIGHTS", ..._weight);
    }
    if (opts.aggregate !== undefined) a.push("AGGREGATE", toArg(opts.aggregate, "aggregate"));
    if (!!opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZINTERCARD numkeys key ... [LIMIT limit]: Returns the number of members of the intersect of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) */
  zintercard(key: Arg | Arg[], opts: { limit?: Arg } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["ZINTERCARD"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.limit !== undefined) a.push("LIMIT", toArg(opts.limit, "limit"));
    return this.send(a);
  }
  /** ZINTERSTORE destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]: Stores the intersect of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  zinterstore(destination: Arg, key: Arg | Arg[], opts: { weight?: Arg | Arg[]; aggregate?: "SUM" | "MIN" | "MAX" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["ZINTERSTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.weight !== undefined) {
      const _weight = keys(opts.weight, "weight");
      a.push("WEIGHTS", ..._weight);
    }
    if (opts.aggregate !== undefined) a.push("AGGREGATE", toArg(opts.aggregate, "aggregate"));
    return this.send(a);
  }
  /** ZLEXCOUNT key min max: Returns the number of members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
  zlexcount(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZLEXCOUNT"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZMPOP numkeys key ... (MIN | MAX) [COUNT count]: Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) */
  zmpop(key: Arg | Arg[], where: "MIN" | "MAX", opts: { count?: Arg } = {}): Result<M, [Bulk, [Bulk, Double][]] | null> {
    const a: (string | Buffer)[] = ["ZMPOP"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    a.push(toArg(where, "where"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZMSCORE key member ...: Returns the score of one or more members in a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zmscore(key: Arg, member: Arg | Arg[]): Result<M, (Double | null)[]> {
    const a: (string | Buffer)[] = ["ZMSCORE"];
    a.push(toArg(key, "key"));
    const _member = keys(member, "member");
    a.push(..._member);
    return this.send(a);
  }
  /** ZPOPMAX key [count]: Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) */
  zpopmax(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZPOPMAX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZPOPMIN key [count]: Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) */
  zpopmin(key: Arg, opts: { count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZPOPMIN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZRANDMEMBER key [count [WITHSCORES]]: Returns one or more random members from a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zrandmember(key: Arg, opts: { count?: Arg; withscores?: boolean } = {}): Result<M, Bulk | null | Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZRANDMEMBER"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (!!opts.withscores && !(opts.count !== undefined)) throw new TypeError("opts.withscores: needs count");
    a.push(toArg(key, "key"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    if (!!opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZRANGEBYLEX key min max [LIMIT offset count]: Returns members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
  zrangebylex(key: Arg, min: Arg, max: Arg, opts: { offset?: Arg; count?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ZRANGEBYLEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]: Returns members in a sorted set within a range of scores. (Redis and Valkey; the reply as the server sends it.) */
  zrangebyscore(key: Arg, min: Arg, max: Arg, opts: { withscores?: boolean; offset?: Arg; count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZRANGEBYSCORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    if (!!opts.withscores) a.push("WITHSCORES");
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZRANGESTORE dst src min max [(BYSCORE | BYLEX)] [REV] [LIMIT offset count]: Stores a range of members from sorted set in a key. (Redis and Valkey; the reply as the server sends it.) */
  zrangestore(dst: Arg, src: Arg, min: Arg, max: Arg, opts: { sortby?: "BYSCORE" | "BYLEX"; rev?: boolean; offset?: Arg; count?: Arg } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["ZRANGESTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(dst, "dst"));
    a.push(toArg(src, "src"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    if (opts.sortby !== undefined) a.push(toArg(opts.sortby, "sortby"));
    if (!!opts.rev) a.push("REV");
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZREMRANGEBYLEX key min max: Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebylex(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYLEX"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZREMRANGEBYRANK key start stop: Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyrank(key: Arg, start: Arg, stop: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYRANK"];
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(stop, "stop"));
    return this.send(a);
  }
  /** ZREMRANGEBYSCORE key min max: Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyscore(key: Arg, min: Arg, max: Arg): Result<M, number> {
    const a: (string | Buffer)[] = ["ZREMRANGEBYSCORE"];
    a.push(toArg(key, "key"));
    a.push(toArg(min, "min"));
    a.push(toArg(max, "max"));
    return this.send(a);
  }
  /** ZREVRANGE key start stop [WITHSCORES]: Returns members in a sorted set within a range of indexes in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  zrevrange(key: Arg, start: Arg, stop: Arg, opts: { withscores?: boolean } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZREVRANGE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(start, "start"));
    a.push(toArg(stop, "stop"));
    if (!!opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZREVRANGEBYLEX key max min [LIMIT offset count]: Returns members in a sorted set within a lexicographical range in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  zrevrangebylex(key: Arg, max: Arg, min: Arg, opts: { offset?: Arg; count?: Arg } = {}): Result<M, Bulk[]> {
    const a: (string | Buffer)[] = ["ZREVRANGEBYLEX"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(max, "max"));
    a.push(toArg(min, "min"));
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]: Returns members in a sorted set within a range of scores in reverse order. (Redis and Valkey; the reply as the server sends it.) */
  zrevrangebyscore(key: Arg, max: Arg, min: Arg, opts: { withscores?: boolean; offset?: Arg; count?: Arg } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZREVRANGEBYSCORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.count !== undefined && !(opts.offset !== undefined)) throw new TypeError("opts.count: needs offset");
    if ((opts.offset !== undefined) && !(opts.count !== undefined)) throw new TypeError("opts.offset: needs count");
    a.push(toArg(key, "key"));
    a.push(toArg(max, "max"));
    a.push(toArg(min, "min"));
    if (!!opts.withscores) a.push("WITHSCORES");
    if (opts.offset !== undefined) a.push("LIMIT", toArg(opts.offset, "offset"));
    if (opts.count !== undefined) a.push(toArg(opts.count, "count"));
    return this.send(a);
  }
  /** ZREVRANK key member [WITHSCORE]: Returns the index of a member in a sorted set ordered by descending scores. (Redis and Valkey; the reply as the server sends it.) */
  zrevrank(key: Arg, member: Arg, opts: { withscore?: boolean } = {}): Result<M, number | [number, Double] | null> {
    const a: (string | Buffer)[] = ["ZREVRANK"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(member, "member"));
    if (!!opts.withscore) a.push("WITHSCORE");
    return this.send(a);
  }
  /** ZSCAN key cursor [MATCH pattern] [COUNT count] [NOSCORES]: Iterates over members and scores of a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zscan(key: Arg, cursor: Arg, opts: { pattern?: Arg; count?: Arg; noscores?: boolean } = {}): Result<M, [Bulk, Bulk[]]> {
    const a: (string | Buffer)[] = ["ZSCAN"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(key, "key"));
    a.push(toArg(cursor, "cursor"));
    if (opts.pattern !== undefined) a.push("MATCH", toArg(opts.pattern, "pattern"));
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "count"));
    if (!!opts.noscores) a.push("NOSCORES");
    return this.send(a);
  }
  /** ZUNION numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]: Returns the union of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) */
  zunion(key: Arg | Arg[], opts: { weight?: Arg | Arg[]; aggregate?: "SUM" | "MIN" | "MAX"; withscores?: boolean } = {}): Result<M, Bulk[] | [Bulk, number][]> {
    const a: (string | Buffer)[] = ["ZUNION"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.weight !== undefined) {
      const _weight = keys(opts.weight, "weight");
      a.push("WEIGHTS", ..._weight);
    }
    if (opts.aggregate !== undefined) a.push("AGGREGATE", toArg(opts.aggregate, "aggregate"));
    if (!!opts.withscores) a.push("WITHSCORES");
    return this.send(a);
  }
  /** ZUNIONSTORE destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]: Stores the union of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  zunionstore(destination: Arg, key: Arg | Arg[], opts: { weight?: Arg | Arg[]; aggregate?: "SUM" | "MIN" | "MAX" } = {}): Result<M, number> {
    const a: (string | Buffer)[] = ["ZUNIONSTORE"];
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    a.push(toArg(destination, "destination"));
    const _key = keys(key, "key");
    a.push(String(_key.length), ..._key);
    if (opts.weight !== undefined) {
      const _weight = keys(opts.weight, "weight");
      a.push("WEIGHTS", ..._weight);
    }
    if (opts.aggregate !== undefined) a.push("AGGREGATE", toArg(opts.aggregate, "aggregate"));
    return this.send(a);
  }
  // --- end of the generated methods ---
}
