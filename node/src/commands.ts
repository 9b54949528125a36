/**
 * Typed methods for the common command families, written once over an
 * abstract `send`: the Client sends each at once (a Promise), a Batch
 * records it (chainable) and sends them all with `exec()`.
 */

export type Arg = string | Buffer | number;
export type Reply = unknown;
/** Turns a raw reply into the method's result (runs when the reply arrives). */
export type Shape = (v: Reply) => unknown;

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

/** RESP2 flat [k, v, k, v] or RESP3 map object -> object. */
export function toObject(v: Reply): Record<string, unknown> {
  if (Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = v[i + 1];
    return out;
  }
  return (v ?? {}) as Record<string, unknown>;
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

const toNumber = (v: Reply) => (v === null ? null : Number(v as string));
const toBool = (v: Reply) => v === 1 || v === true;
const okOrNull = (v: Reply) => v;

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

export type ZMember = { score: number; member: string | Buffer };

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
  id: unknown;
  fields: Record<string, unknown> | null;
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
  const [id, fields] = v as [unknown, unknown];
  return { id, fields: fields === null || fields === undefined ? null : toObject(fields) };
}
function toEntries(v: Reply): StreamEntry[] {
  return ((v as unknown[]) ?? []).map(toEntry);
}
/** XREAD / XREADGROUP: RESP3 map or RESP2 list -> [{stream, entries}]. */
function toStreams(v: Reply): { stream: unknown; entries: StreamEntry[] }[] {
  if (v === null || v === undefined) return [];
  const pairs: [unknown, unknown][] = Array.isArray(v)
    ? (v as unknown[][]).map((x) => [x[0], x[1]])
    : v instanceof Map
      ? [...v.entries()]
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

/** The command methods; `R<T>` is what each returns (Promise or chain). */
export abstract class Commands<P> {
  protected abstract send(args: (string | Buffer)[], shape?: Shape, opts?: RequestOptions): P;

  /** Any command: `customCommand(["CLIENT", "INFO"])`; `opts` as `command()` (a batch ignores them). */
  customCommand(args: Arg[], opts?: RequestOptions): P {
    if (!Array.isArray(args) || args.length === 0) throw new TypeError("args: expected a non-empty array");
    return this.send(
      args.map((a, i) => toArg(a, `args[${i}]`)),
      undefined,
      opts === undefined ? undefined : checkRequestOptions(opts),
    );
  }

  // ---------------------------------------------------------------- strings
  get(key: Arg): P {
    return this.send(["GET", toArg(key, "key")]);
  }
  set(key: Arg, value: Arg, opts?: SetOptions): P {
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
  mget(keyList: Arg[]): P {
    return this.send(["MGET", ...keys(keyList, "keys")]);
  }
  mset(pairs: Record<string, Arg>): P {
    if (typeof pairs !== "object" || pairs === null) throw new TypeError("pairs: expected an object");
    const a: (string | Buffer)[] = ["MSET"];
    for (const [k, v] of Object.entries(pairs)) a.push(k, toArg(v, `pairs.${k}`));
    return this.send(a);
  }
  incr(key: Arg): P {
    return this.send(["INCR", toArg(key, "key")]);
  }
  incrBy(key: Arg, by: number): P {
    return this.send(["INCRBY", toArg(key, "key"), toArg(by, "by")]);
  }
  incrByFloat(key: Arg, by: number): P {
    return this.send(["INCRBYFLOAT", toArg(key, "key"), toArg(by, "by")], toNumber);
  }
  decr(key: Arg): P {
    return this.send(["DECR", toArg(key, "key")]);
  }
  decrBy(key: Arg, by: number): P {
    return this.send(["DECRBY", toArg(key, "key"), toArg(by, "by")]);
  }
  append(key: Arg, value: Arg): P {
    return this.send(["APPEND", toArg(key, "key"), toArg(value, "value")]);
  }
  strlen(key: Arg): P {
    return this.send(["STRLEN", toArg(key, "key")]);
  }
  getDel(key: Arg): P {
    return this.send(["GETDEL", toArg(key, "key")]);
  }
  getRange(key: Arg, start: number, end: number): P {
    return this.send(["GETRANGE", toArg(key, "key"), toArg(start, "start"), toArg(end, "end")]);
  }

  // ------------------------------------------------------------ keys/expiry
  del(keyList: Arg | Arg[]): P {
    return this.send(["DEL", ...keys(keyList, "keys")]);
  }
  unlink(keyList: Arg | Arg[]): P {
    return this.send(["UNLINK", ...keys(keyList, "keys")]);
  }
  exists(keyList: Arg | Arg[]): P {
    return this.send(["EXISTS", ...keys(keyList, "keys")]);
  }
  expire(key: Arg, seconds: number): P {
    return this.send(["EXPIRE", toArg(key, "key"), toArg(seconds, "seconds")], toBool);
  }
  pexpire(key: Arg, ms: number): P {
    return this.send(["PEXPIRE", toArg(key, "key"), toArg(ms, "ms")], toBool);
  }
  expireAt(key: Arg, unixSeconds: number): P {
    return this.send(["EXPIREAT", toArg(key, "key"), toArg(unixSeconds, "unixSeconds")], toBool);
  }
  ttl(key: Arg): P {
    return this.send(["TTL", toArg(key, "key")]);
  }
  pttl(key: Arg): P {
    return this.send(["PTTL", toArg(key, "key")]);
  }
  persist(key: Arg): P {
    return this.send(["PERSIST", toArg(key, "key")], toBool);
  }
  type(key: Arg): P {
    return this.send(["TYPE", toArg(key, "key")]);
  }
  rename(key: Arg, newKey: Arg): P {
    return this.send(["RENAME", toArg(key, "key"), toArg(newKey, "newKey")]);
  }
  /** One SCAN step: resolves to [nextCursor, keys] ("0": done). On a cluster the step walks the whole cluster; pass its cursor back as it is. */
  scan(cursor: Arg, opts?: ScanOptions): P {
    const a: (string | Buffer)[] = ["SCAN", toArg(cursor, "cursor")];
    if (opts?.match !== undefined) a.push("MATCH", toArg(opts.match, "opts.match"));
    if (opts?.count !== undefined) a.push("COUNT", toArg(opts.count, "opts.count"));
    if (opts?.type !== undefined) a.push("TYPE", toArg(opts.type, "opts.type"));
    return this.send(a, (v) => {
      const [c, k] = v as [unknown, unknown[]];
      return [String(c), k];
    });
  }

  // ----------------------------------------------------------------- server
  ping(message?: Arg): P {
    return this.send(message === undefined ? ["PING"] : ["PING", toArg(message, "message")]);
  }
  echo(message: Arg): P {
    return this.send(["ECHO", toArg(message, "message")]);
  }
  publish(channel: Arg, message: Arg): P {
    return this.send(["PUBLISH", toArg(channel, "channel"), toArg(message, "message")]);
  }
  spublish(channel: Arg, message: Arg): P {
    return this.send(["SPUBLISH", toArg(channel, "channel"), toArg(message, "message")]);
  }

  // ----------------------------------------------------------------- hashes
  hset(key: Arg, fields: Record<string, Arg>): P {
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new TypeError("fields: expected an object");
    const a: (string | Buffer)[] = ["HSET", toArg(key, "key")];
    for (const [f, v] of Object.entries(fields)) a.push(f, toArg(v, `fields.${f}`));
    if (a.length === 2) throw new TypeError("fields: expected at least one field");
    return this.send(a);
  }
  hget(key: Arg, field: Arg): P {
    return this.send(["HGET", toArg(key, "key"), toArg(field, "field")]);
  }
  hmget(key: Arg, fields: Arg[]): P {
    return this.send(["HMGET", toArg(key, "key"), ...keys(fields, "fields")]);
  }
  hgetall(key: Arg): P {
    return this.send(["HGETALL", toArg(key, "key")], toObject);
  }
  hdel(key: Arg, fields: Arg | Arg[]): P {
    return this.send(["HDEL", toArg(key, "key"), ...keys(fields, "fields")]);
  }
  hexists(key: Arg, field: Arg): P {
    return this.send(["HEXISTS", toArg(key, "key"), toArg(field, "field")], toBool);
  }
  hincrBy(key: Arg, field: Arg, by: number): P {
    return this.send(["HINCRBY", toArg(key, "key"), toArg(field, "field"), toArg(by, "by")]);
  }
  hkeys(key: Arg): P {
    return this.send(["HKEYS", toArg(key, "key")]);
  }
  hvals(key: Arg): P {
    return this.send(["HVALS", toArg(key, "key")]);
  }
  hlen(key: Arg): P {
    return this.send(["HLEN", toArg(key, "key")]);
  }

  // ------------------------------------------------------------------ lists
  lpush(key: Arg, values: Arg | Arg[]): P {
    return this.send(["LPUSH", toArg(key, "key"), ...keys(values, "values")]);
  }
  rpush(key: Arg, values: Arg | Arg[]): P {
    return this.send(["RPUSH", toArg(key, "key"), ...keys(values, "values")]);
  }
  lpop(key: Arg, count?: number): P {
    return this.send(count === undefined ? ["LPOP", toArg(key, "key")] : ["LPOP", toArg(key, "key"), toArg(count, "count")]);
  }
  rpop(key: Arg, count?: number): P {
    return this.send(count === undefined ? ["RPOP", toArg(key, "key")] : ["RPOP", toArg(key, "key"), toArg(count, "count")]);
  }
  lrange(key: Arg, start: number, stop: number): P {
    return this.send(["LRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }
  llen(key: Arg): P {
    return this.send(["LLEN", toArg(key, "key")]);
  }
  lindex(key: Arg, index: number): P {
    return this.send(["LINDEX", toArg(key, "key"), toArg(index, "index")]);
  }
  lset(key: Arg, index: number, value: Arg): P {
    return this.send(["LSET", toArg(key, "key"), toArg(index, "index"), toArg(value, "value")]);
  }
  lrem(key: Arg, count: number, value: Arg): P {
    return this.send(["LREM", toArg(key, "key"), toArg(count, "count"), toArg(value, "value")]);
  }
  ltrim(key: Arg, start: number, stop: number): P {
    return this.send(["LTRIM", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }

  // ------------------------------------------------------------------- sets
  sadd(key: Arg, members: Arg | Arg[]): P {
    return this.send(["SADD", toArg(key, "key"), ...keys(members, "members")]);
  }
  srem(key: Arg, members: Arg | Arg[]): P {
    return this.send(["SREM", toArg(key, "key"), ...keys(members, "members")]);
  }
  smembers(key: Arg): P {
    return this.send(["SMEMBERS", toArg(key, "key")]);
  }
  sismember(key: Arg, member: Arg): P {
    return this.send(["SISMEMBER", toArg(key, "key"), toArg(member, "member")], toBool);
  }
  scard(key: Arg): P {
    return this.send(["SCARD", toArg(key, "key")]);
  }
  sinter(keyList: Arg[]): P {
    return this.send(["SINTER", ...keys(keyList, "keys")]);
  }
  sunion(keyList: Arg[]): P {
    return this.send(["SUNION", ...keys(keyList, "keys")]);
  }
  sdiff(keyList: Arg[]): P {
    return this.send(["SDIFF", ...keys(keyList, "keys")]);
  }
  spop(key: Arg): P {
    return this.send(["SPOP", toArg(key, "key")]);
  }

  // ------------------------------------------------------------ sorted sets
  zadd(key: Arg, members: ZMember | ZMember[]): P {
    const list = Array.isArray(members) ? members : [members];
    if (list.length === 0) throw new TypeError("members: expected at least one");
    const a: (string | Buffer)[] = ["ZADD", toArg(key, "key")];
    list.forEach((m, i) => {
      if (typeof m !== "object" || m === null) throw new TypeError(`members[${i}]: expected {score, member}`);
      a.push(toArg(m.score, `members[${i}].score`), toArg(m.member, `members[${i}].member`));
    });
    return this.send(a);
  }
  zscore(key: Arg, member: Arg): P {
    return this.send(["ZSCORE", toArg(key, "key"), toArg(member, "member")], toNumber);
  }
  zincrBy(key: Arg, by: number, member: Arg): P {
    return this.send(["ZINCRBY", toArg(key, "key"), toArg(by, "by"), toArg(member, "member")], toNumber);
  }
  zrem(key: Arg, members: Arg | Arg[]): P {
    return this.send(["ZREM", toArg(key, "key"), ...keys(members, "members")]);
  }
  zcard(key: Arg): P {
    return this.send(["ZCARD", toArg(key, "key")]);
  }
  zcount(key: Arg, min: Arg, max: Arg): P {
    return this.send(["ZCOUNT", toArg(key, "key"), toArg(min, "min"), toArg(max, "max")]);
  }
  zrank(key: Arg, member: Arg): P {
    return this.send(["ZRANK", toArg(key, "key"), toArg(member, "member")], okOrNull);
  }
  /** Members by rank (ZRANGE start stop). */
  zrange(key: Arg, start: number, stop: number): P {
    return this.send(["ZRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }
  /** Members with scores by rank: [{member, score}]. */
  zrangeWithScores(key: Arg, start: number, stop: number): P {
    return this.send(["ZRANGE", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop"), "WITHSCORES"], (v) => {
      const items = v as unknown[];
      if (items.length > 0 && Array.isArray(items[0])) {
        return (items as unknown[][]).map(([m, s]) => ({ member: m, score: Number(s) }));
      }
      const out = [];
      for (let i = 0; i + 1 < items.length; i += 2) out.push({ member: items[i], score: Number(items[i + 1]) });
      return out;
    });
  }

  // ---------------------------------------------------------------- streams
  /** XADD: appends `fields` to stream `key`; resolves to the entry id (null with `nomkstream` and no stream). */
  xadd(key: Arg, fields: Record<string, Arg>, opts: XAddOptions = {}): P {
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
  xlen(key: Arg): P {
    return this.send(["XLEN", toArg(key, "key")]);
  }
  /** XRANGE: entries from `start` to `end` as [{id, fields}]. */
  xrange(key: Arg, start: Arg = "-", end: Arg = "+", count?: number): P {
    const a: (string | Buffer)[] = ["XRANGE", toArg(key, "key"), toArg(start, "start"), toArg(end, "end")];
    if (count !== undefined) a.push("COUNT", toArg(count, "count"));
    return this.send(a, toEntries);
  }
  xdel(key: Arg, ids: Arg | Arg[]): P {
    return this.send(["XDEL", toArg(key, "key"), ...keys(ids, "ids")]);
  }
  /** XTRIM: to `maxlen` entries or ids from `minid`; resolves to how many were removed. */
  xtrim(key: Arg, opts: TrimOptions): P {
    if (opts?.maxlen === undefined && opts?.minid === undefined) throw new TypeError("opts: give maxlen or minid");
    return this.send(["XTRIM", toArg(key, "key"), ...trimArgs(opts)]);
  }
  /** XREAD: entries after the ids in `streams` (name -> last id seen, "$": new only); `block` ms waits (0: forever). [{stream, entries}] or []. */
  xread(streams: Record<string, Arg>, opts: XReadOptions = {}): P {
    return this.send(["XREAD", ...readArgs(streams, opts)], toStreams);
  }
  /** XREADGROUP as `consumer` of `group`: id ">" reads entries never delivered to the group. [{stream, entries}] or []. */
  xreadgroup(group: Arg, consumer: Arg, streams: Record<string, Arg>, opts: XReadOptions & { noack?: boolean } = {}): P {
    const a: (string | Buffer)[] = ["XREADGROUP", "GROUP", toArg(group, "group"), toArg(consumer, "consumer")];
    if (opts.noack) a.push("NOACK");
    return this.send([...a, ...readArgs(streams, opts)], toStreams);
  }
  /** XGROUP CREATE: the group starts after `id` ("$": new entries only, "0": all). */
  xgroupCreate(key: Arg, group: Arg, id: Arg = "$", opts: { mkstream?: boolean; entriesRead?: number } = {}): P {
    const a: (string | Buffer)[] = ["XGROUP", "CREATE", toArg(key, "key"), toArg(group, "group"), toArg(id, "id")];
    if (opts.mkstream) a.push("MKSTREAM");
    if (opts.entriesRead !== undefined) a.push("ENTRIESREAD", toArg(opts.entriesRead, "opts.entriesRead"));
    return this.send(a);
  }
  xgroupDestroy(key: Arg, group: Arg): P {
    return this.send(["XGROUP", "DESTROY", toArg(key, "key"), toArg(group, "group")]);
  }
  xack(key: Arg, group: Arg, ids: Arg | Arg[]): P {
    return this.send(["XACK", toArg(key, "key"), toArg(group, "group"), ...keys(ids, "ids")]);
  }
  /** XPENDING summary: {pending, min, max, consumers: [{name, pending}]}. */
  xpending(key: Arg, group: Arg): P {
    return this.send(["XPENDING", toArg(key, "key"), toArg(group, "group")], (v) => {
      const [pending, min, max, consumers] = v as [unknown, unknown, unknown, unknown[][] | null];
      return {
        pending: Number(pending),
        min,
        max,
        consumers: (consumers ?? []).map(([name, n]) => ({ name, pending: Number(n) })),
      };
    });
  }
  /** XAUTOCLAIM: {next, entries (or ids with `justid`), deleted}. */
  xautoclaim(key: Arg, group: Arg, consumer: Arg, minIdleTime: number, start: Arg = "0-0", opts: { count?: number; justid?: boolean } = {}): P {
    const a: (string | Buffer)[] = ["XAUTOCLAIM", toArg(key, "key"), toArg(group, "group"), toArg(consumer, "consumer"), toArg(minIdleTime, "minIdleTime"), toArg(start, "start")];
    if (opts.count !== undefined) a.push("COUNT", toArg(opts.count, "opts.count"));
    if (opts.justid) a.push("JUSTID");
    return this.send(a, (v) => {
      const [next, claimed, deleted] = v as [unknown, unknown[], unknown[] | undefined];
      return { next, entries: opts.justid ? claimed : toEntries(claimed), deleted: deleted ?? [] };
    });
  }

  // -------------------------------------------------------------------- geo
  /** GEOADD: [{longitude, latitude, member}]; resolves to how many were added. */
  geoadd(key: Arg, members: GeoMember | GeoMember[], opts: { nx?: boolean; xx?: boolean; ch?: boolean } = {}): P {
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
  geodist(key: Arg, member1: Arg, member2: Arg, unit?: string): P {
    const a: (string | Buffer)[] = ["GEODIST", toArg(key, "key"), toArg(member1, "member1"), toArg(member2, "member2")];
    if (unit !== undefined) a.push(toArg(unit, "unit"));
    return this.send(a, toNumber);
  }
  /** GEOPOS: [longitude, latitude] or null per member. */
  geopos(key: Arg, members: Arg | Arg[]): P {
    return this.send(["GEOPOS", toArg(key, "key"), ...keys(members, "members")], (v) =>
      (v as (unknown[] | null)[]).map((p) => (p ? [Number(p[0]), Number(p[1])] : null)),
    );
  }
  /**
   * GEOSEARCH from a member or a point, within a radius or a box: member
   * names, or with any of withDist/withHash/withCoord, [{member, distance?, hash?, coordinates?}].
   */
  geosearch(key: Arg, from: GeoFrom, by: GeoBy, opts: GeoSearchOptions = {}): P {
    const a: (string | Buffer)[] = ["GEOSEARCH", toArg(key, "key"), ...geoArgs(from, by, opts)];
    if (opts.withCoord) a.push("WITHCOORD");
    if (opts.withDist) a.push("WITHDIST");
    if (opts.withHash) a.push("WITHHASH");
    const rows = opts.withCoord || opts.withDist || opts.withHash;
    return this.send(a, (v) =>
      !rows
        ? v
        : (v as unknown[][]).map((item) => {
            const row: Record<string, unknown> = { member: item[0] };
            let i = 1;
            if (opts.withDist) row.distance = Number(item[i++]);
            if (opts.withHash) row.hash = Number(item[i++]);
            if (opts.withCoord) {
              const c = item[i] as unknown[];
              row.coordinates = [Number(c[0]), Number(c[1])];
            }
            return row;
          }),
    );
  }

  // ------------------------------------------------------------ hyperloglog
  pfadd(key: Arg, elements: Arg | Arg[]): P {
    return this.send(["PFADD", toArg(key, "key"), ...keys(elements, "elements")]);
  }
  pfcount(keyList: Arg | Arg[]): P {
    return this.send(["PFCOUNT", ...keys(keyList, "keys")]);
  }
  pfmerge(dest: Arg, sources: Arg | Arg[]): P {
    return this.send(["PFMERGE", toArg(dest, "dest"), ...keys(sources, "sources")]);
  }

  // ---------------------------------------------------------------- bitmaps
  setbit(key: Arg, offset: number, value: 0 | 1): P {
    return this.send(["SETBIT", toArg(key, "key"), toArg(offset, "offset"), toArg(value, "value")]);
  }
  getbit(key: Arg, offset: number): P {
    return this.send(["GETBIT", toArg(key, "key"), toArg(offset, "offset")]);
  }
  /** BITCOUNT, of the whole string or between start and end (mode "BYTE" or "BIT"). */
  bitcount(key: Arg, range?: { start: number; end: number; mode?: "BYTE" | "BIT" }): P {
    const a: (string | Buffer)[] = ["BITCOUNT", toArg(key, "key")];
    if (range !== undefined) {
      a.push(toArg(range.start, "range.start"), toArg(range.end, "range.end"));
      if (range.mode !== undefined) a.push(toArg(range.mode, "range.mode"));
    }
    return this.send(a);
  }
  bitop(operation: "AND" | "OR" | "XOR" | "NOT", dest: Arg, keyList: Arg | Arg[]): P {
    return this.send(["BITOP", toArg(operation, "operation"), toArg(dest, "dest"), ...keys(keyList, "keys")]);
  }
  /** BITFIELD with operations in order, e.g. [["SET", "u8", 0, 255], ["GET", "u8", 0], ["OVERFLOW", "FAIL"], ["INCRBY", "u8", 0, 1]]: (number | null)[]. */
  bitfield(key: Arg, operations: Arg[][]): P {
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
  functionLoad(code: string, replace = false): P {
    return this.send(["FUNCTION", "LOAD", ...(replace ? ["REPLACE"] : []), toArg(code, "code")]);
  }
  functionDelete(library: string): P {
    return this.send(["FUNCTION", "DELETE", toArg(library, "library")]);
  }
  functionFlush(mode?: "SYNC" | "ASYNC"): P {
    return this.send(["FUNCTION", "FLUSH", ...(mode ? [mode] : [])]);
  }
  /** FUNCTION LIST: [{library_name, engine, functions: [{name, description, flags}], library_code?}]. */
  functionList(opts: { libraryName?: string; withCode?: boolean } = {}): P {
    const a: (string | Buffer)[] = ["FUNCTION", "LIST"];
    if (opts.libraryName !== undefined) a.push("LIBRARYNAME", toArg(opts.libraryName, "opts.libraryName"));
    if (opts.withCode) a.push("WITHCODE");
    return this.send(a, (v) =>
      (v as unknown[]).map((lib) => {
        const o = toObject(lib);
        return { ...o, functions: ((o.functions as unknown[]) ?? []).map(toObject) };
      }),
    );
  }
  /** FCALL `fn` with its keys and args. */
  fcall(fn: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("FCALL", fn, "fn", keyList, args);
  }
  /** FCALL_RO: a read-only function (may run on a replica). */
  fcallReadonly(fn: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("FCALL_RO", fn, "fn", keyList, args);
  }

  // ------------------------------------------------------ hash field expiry
  /** HEXPIRE (Valkey 9, Redis 7.4+): per field 1 set, 0 condition not met, 2 deleted, -2 no field. */
  hexpire(key: Arg, seconds: number, fields: Arg | Arg[], condition?: "NX" | "XX" | "GT" | "LT"): P {
    return this.hfields("HEXPIRE", key, fields, [toArg(seconds, "seconds"), ...(condition ? [toArg(condition, "condition")] : [])]);
  }
  hpexpire(key: Arg, milliseconds: number, fields: Arg | Arg[], condition?: "NX" | "XX" | "GT" | "LT"): P {
    return this.hfields("HPEXPIRE", key, fields, [toArg(milliseconds, "milliseconds"), ...(condition ? [toArg(condition, "condition")] : [])]);
  }
  /** HTTL: each field's TTL in seconds (-1 none, -2 no field). */
  httl(key: Arg, fields: Arg | Arg[]): P {
    return this.hfields("HTTL", key, fields, []);
  }
  hpttl(key: Arg, fields: Arg | Arg[]): P {
    return this.hfields("HPTTL", key, fields, []);
  }
  hpersist(key: Arg, fields: Arg | Arg[]): P {
    return this.hfields("HPERSIST", key, fields, []);
  }
  private hfields(name: string, key: Arg, fields: Arg | Arg[], before: (string | Buffer)[]): P {
    const list = keys(fields, "fields");
    return this.send([name, toArg(key, "key"), ...before, "FIELDS", String(list.length), ...list]);
  }

  // -------------------------------------------------------------- scripting
  eval(script: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("EVAL", script, "script", keyList, args);
  }
  evalsha(sha: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("EVALSHA", sha, "sha", keyList, args);
  }
  /** EVAL / EVALSHA / FCALL / FCALL_RO: `body` (the script, sha or function), the key count, keys, then args. */
  private script(name: string, body: string, bodyName: string, keyList: Arg[], args: Arg[]): P {
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
  /** ACL DELUSER: Deletes ACL users, and terminates their connections. (Redis and Valkey; the reply as the server sends it.) */
  aclDeluser(username: Arg | Arg[]): P {
    return this.send(["ACL", "DELUSER", ...keys(username, "username")]);
  }
  /** ACL GETUSER: Lists the ACL rules of a user. (Redis and Valkey; the reply as the server sends it.) */
  aclGetuser(username: Arg): P {
    return this.send(["ACL", "GETUSER", toArg(username, "username")]);
  }
  /** ACL LIST: Dumps the effective rules in ACL file format. (Redis and Valkey; the reply as the server sends it.) */
  aclList(): P {
    return this.send(["ACL", "LIST"]);
  }
  /** ACL LOAD: Reloads the rules from the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclLoad(): P {
    return this.send(["ACL", "LOAD"]);
  }
  /** ACL SAVE: Saves the effective ACL rules in the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
  aclSave(): P {
    return this.send(["ACL", "SAVE"]);
  }
  /** ACL USERS: Lists all ACL users. (Redis and Valkey; the reply as the server sends it.) */
  aclUsers(): P {
    return this.send(["ACL", "USERS"]);
  }
  /** ACL WHOAMI: Returns the authenticated username of the current connection. (Redis and Valkey; the reply as the server sends it.) */
  aclWhoami(): P {
    return this.send(["ACL", "WHOAMI"]);
  }
  /** BGREWRITEAOF: Asynchronously rewrites the append-only file to disk. (Redis and Valkey; the reply as the server sends it.) */
  bgrewriteaof(): P {
    return this.send(["BGREWRITEAOF"]);
  }
  /** BRPOPLPUSH: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  brpoplpush(source: Arg, destination: Arg, timeout: Arg): P {
    return this.send(["BRPOPLPUSH", toArg(source, "source"), toArg(destination, "destination"), toArg(timeout, "timeout")]);
  }
  /** CLIENT CAPA: A client claims its capability. (Valkey; the reply as the server sends it.) */
  clientCapa(capability: Arg | Arg[]): P {
    return this.send(["CLIENT", "CAPA", ...keys(capability, "capability")]);
  }
  /** CLIENT GETNAME: Returns the name of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientGetname(): P {
    return this.send(["CLIENT", "GETNAME"]);
  }
  /** CLIENT ID: Returns the unique client ID of the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientId(): P {
    return this.send(["CLIENT", "ID"]);
  }
  /** CLIENT INFO: Returns information about the connection. (Redis and Valkey; the reply as the server sends it.) */
  clientInfo(): P {
    return this.send(["CLIENT", "INFO"]);
  }
  /** CLIENT UNPAUSE: Resumes processing commands from paused clients. (Redis and Valkey; the reply as the server sends it.) */
  clientUnpause(): P {
    return this.send(["CLIENT", "UNPAUSE"]);
  }
  /** CLUSTER ADDSLOTS: Assigns new hash slots to a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterAddslots(slot: Arg | Arg[]): P {
    return this.send(["CLUSTER", "ADDSLOTS", ...keys(slot, "slot")]);
  }
  /** CLUSTER BUMPEPOCH: Advances the cluster config epoch. (Redis and Valkey; the reply as the server sends it.) */
  clusterBumpepoch(): P {
    return this.send(["CLUSTER", "BUMPEPOCH"]);
  }
  /** CLUSTER CANCELSLOTMIGRATIONS: Cancel all current ongoing slot migration operations. (Valkey; the reply as the server sends it.) */
  clusterCancelslotmigrations(): P {
    return this.send(["CLUSTER", "CANCELSLOTMIGRATIONS"]);
  }
  /** CLUSTER COUNT-FAILURE-REPORTS: Returns the number of active failure reports for a node. No new reports are created once the node is marked as failed. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountFailureReports(nodeId: Arg): P {
    return this.send(["CLUSTER", "COUNT-FAILURE-REPORTS", toArg(nodeId, "nodeId")]);
  }
  /** CLUSTER COUNTKEYSINSLOT: Returns the number of keys in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterCountkeysinslot(slot: Arg): P {
    return this.send(["CLUSTER", "COUNTKEYSINSLOT", toArg(slot, "slot")]);
  }
  /** CLUSTER DELSLOTS: Sets hash slots as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterDelslots(slot: Arg | Arg[]): P {
    return this.send(["CLUSTER", "DELSLOTS", ...keys(slot, "slot")]);
  }
  /** CLUSTER FLUSHSLOTS: Deletes all slots information from a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterFlushslots(): P {
    return this.send(["CLUSTER", "FLUSHSLOTS"]);
  }
  /** CLUSTER FORGET: Removes a node from the nodes table. (Redis and Valkey; the reply as the server sends it.) */
  clusterForget(nodeId: Arg): P {
    return this.send(["CLUSTER", "FORGET", toArg(nodeId, "nodeId")]);
  }
  /** CLUSTER GETKEYSINSLOT: Returns the key names in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
  clusterGetkeysinslot(slot: Arg, count: Arg): P {
    return this.send(["CLUSTER", "GETKEYSINSLOT", toArg(slot, "slot"), toArg(count, "count")]);
  }
  /** CLUSTER GETSLOTMIGRATIONS: Gets the status of ongoing and recently finished slot import and export operations. (Valkey; the reply as the server sends it.) */
  clusterGetslotmigrations(): P {
    return this.send(["CLUSTER", "GETSLOTMIGRATIONS"]);
  }
  /** CLUSTER INFO: Returns information about the state of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterInfo(): P {
    return this.send(["CLUSTER", "INFO"]);
  }
  /** CLUSTER KEYSLOT: Returns the hash slot for a key. (Redis and Valkey; the reply as the server sends it.) */
  clusterKeyslot(key: Arg): P {
    return this.send(["CLUSTER", "KEYSLOT", toArg(key, "key")]);
  }
  /** CLUSTER LINKS: Returns a list of all TCP links to and from peer nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterLinks(): P {
    return this.send(["CLUSTER", "LINKS"]);
  }
  /** CLUSTER MYID: Returns the ID of a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterMyid(): P {
    return this.send(["CLUSTER", "MYID"]);
  }
  /** CLUSTER MYSHARDID: Returns the shard ID of a node. (Valkey; the reply as the server sends it.) */
  clusterMyshardid(): P {
    return this.send(["CLUSTER", "MYSHARDID"]);
  }
  /** CLUSTER NODES: Returns the cluster configuration for a node. (Redis and Valkey; the reply as the server sends it.) */
  clusterNodes(): P {
    return this.send(["CLUSTER", "NODES"]);
  }
  /** CLUSTER REPLICAS: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterReplicas(nodeId: Arg): P {
    return this.send(["CLUSTER", "REPLICAS", toArg(nodeId, "nodeId")]);
  }
  /** CLUSTER SAVECONFIG: Forces a node to save the cluster configuration to disk. (Redis and Valkey; the reply as the server sends it.) */
  clusterSaveconfig(): P {
    return this.send(["CLUSTER", "SAVECONFIG"]);
  }
  /** CLUSTER SET-CONFIG-EPOCH: Sets the configuration epoch for a new node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSetConfigEpoch(configEpoch: Arg): P {
    return this.send(["CLUSTER", "SET-CONFIG-EPOCH", toArg(configEpoch, "configEpoch")]);
  }
  /** CLUSTER SHARDS: Returns the mapping of cluster slots to shards. (Redis and Valkey; the reply as the server sends it.) */
  clusterShards(): P {
    return this.send(["CLUSTER", "SHARDS"]);
  }
  /** CLUSTER SLAVES: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlaves(nodeId: Arg): P {
    return this.send(["CLUSTER", "SLAVES", toArg(nodeId, "nodeId")]);
  }
  /** CLUSTER SLOTS: Returns the mapping of cluster slots to nodes. (Redis and Valkey; the reply as the server sends it.) */
  clusterSlots(): P {
    return this.send(["CLUSTER", "SLOTS"]);
  }
  /** CLUSTER SYNCSLOTS: A container for internal slot migration commands. (Valkey; the reply as the server sends it.) */
  clusterSyncslots(): P {
    return this.send(["CLUSTER", "SYNCSLOTS"]);
  }
  /** COMMAND COUNT: Returns a count of commands. (Redis and Valkey; the reply as the server sends it.) */
  commandCount(): P {
    return this.send(["COMMAND", "COUNT"]);
  }
  /** CONFIG GET: Returns the effective values of configuration parameters. (Redis and Valkey; the reply as the server sends it.) */
  configGet(parameter: Arg | Arg[]): P {
    return this.send(["CONFIG", "GET", ...keys(parameter, "parameter")]);
  }
  /** CONFIG RESETSTAT: Resets the server's statistics. (Redis and Valkey; the reply as the server sends it.) */
  configResetstat(): P {
    return this.send(["CONFIG", "RESETSTAT"]);
  }
  /** CONFIG REWRITE: Persists the effective configuration to file. (Redis and Valkey; the reply as the server sends it.) */
  configRewrite(): P {
    return this.send(["CONFIG", "REWRITE"]);
  }
  /** DBSIZE: Returns the number of keys in the database. (Redis and Valkey; the reply as the server sends it.) */
  dbsize(): P {
    return this.send(["DBSIZE"]);
  }
  /** DELIFEQ: Delete key if value matches string. (Valkey; the reply as the server sends it.) */
  delifeq(key: Arg, value: Arg): P {
    return this.send(["DELIFEQ", toArg(key, "key"), toArg(value, "value")]);
  }
  /** DUMP: Returns a serialized representation of the value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
  dump(key: Arg): P {
    return this.send(["DUMP", toArg(key, "key")]);
  }
  /** EXPIRETIME: Returns the expiration time of a key as a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) */
  expiretime(key: Arg): P {
    return this.send(["EXPIRETIME", toArg(key, "key")]);
  }
  /** FUNCTION DUMP: Dumps all libraries into a serialized binary payload. (Redis and Valkey; the reply as the server sends it.) */
  functionDump(): P {
    return this.send(["FUNCTION", "DUMP"]);
  }
  /** FUNCTION KILL: Terminates a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionKill(): P {
    return this.send(["FUNCTION", "KILL"]);
  }
  /** FUNCTION STATS: Returns information about a function during execution. (Redis and Valkey; the reply as the server sends it.) */
  functionStats(): P {
    return this.send(["FUNCTION", "STATS"]);
  }
  /** GETSET: Returns the previous string value of a key after setting it to a new value. (Redis and Valkey; the reply as the server sends it.) */
  getset(key: Arg, value: Arg): P {
    return this.send(["GETSET", toArg(key, "key"), toArg(value, "value")]);
  }
  /** HINCRBYFLOAT: Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hincrbyfloat(key: Arg, field: Arg, increment: Arg): P {
    return this.send(["HINCRBYFLOAT", toArg(key, "key"), toArg(field, "field"), toArg(increment, "increment")]);
  }
  /** HSETNX: Sets the value of a field in a hash only when the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  hsetnx(key: Arg, field: Arg, value: Arg): P {
    return this.send(["HSETNX", toArg(key, "key"), toArg(field, "field"), toArg(value, "value")]);
  }
  /** HSTRLEN: Returns the length of the value of a field. (Redis and Valkey; the reply as the server sends it.) */
  hstrlen(key: Arg, field: Arg): P {
    return this.send(["HSTRLEN", toArg(key, "key"), toArg(field, "field")]);
  }
  /** KEYS: Returns all key names that match a pattern. (Redis and Valkey; the reply as the server sends it.) */
  keys(pattern: Arg): P {
    return this.send(["KEYS", toArg(pattern, "pattern")]);
  }
  /** LASTSAVE: Returns the Unix timestamp of the last successful save to disk. (Redis and Valkey; the reply as the server sends it.) */
  lastsave(): P {
    return this.send(["LASTSAVE"]);
  }
  /** LATENCY DOCTOR: Returns a human-readable latency analysis report. (Redis and Valkey; the reply as the server sends it.) */
  latencyDoctor(): P {
    return this.send(["LATENCY", "DOCTOR"]);
  }
  /** LATENCY GRAPH: Returns a latency graph for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyGraph(event: Arg): P {
    return this.send(["LATENCY", "GRAPH", toArg(event, "event")]);
  }
  /** LATENCY HISTORY: Returns timestamp-latency samples for an event. (Redis and Valkey; the reply as the server sends it.) */
  latencyHistory(event: Arg): P {
    return this.send(["LATENCY", "HISTORY", toArg(event, "event")]);
  }
  /** LATENCY LATEST: Returns the latest latency samples for all events. (Redis and Valkey; the reply as the server sends it.) */
  latencyLatest(): P {
    return this.send(["LATENCY", "LATEST"]);
  }
  /** LPUSHX: Prepends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  lpushx(key: Arg, element: Arg | Arg[]): P {
    return this.send(["LPUSHX", toArg(key, "key"), ...keys(element, "element")]);
  }
  /** MEMORY DOCTOR: Outputs a memory problems report. (Redis and Valkey; the reply as the server sends it.) */
  memoryDoctor(): P {
    return this.send(["MEMORY", "DOCTOR"]);
  }
  /** MEMORY MALLOC-STATS: Returns the allocator statistics. (Redis and Valkey; the reply as the server sends it.) */
  memoryMallocStats(): P {
    return this.send(["MEMORY", "MALLOC-STATS"]);
  }
  /** MEMORY PURGE: Asks the allocator to release memory. (Redis and Valkey; the reply as the server sends it.) */
  memoryPurge(): P {
    return this.send(["MEMORY", "PURGE"]);
  }
  /** MEMORY STATS: Returns details about memory usage. (Redis and Valkey; the reply as the server sends it.) */
  memoryStats(): P {
    return this.send(["MEMORY", "STATS"]);
  }
  /** MODULE LIST: Returns all loaded modules. (Redis and Valkey; the reply as the server sends it.) */
  moduleList(): P {
    return this.send(["MODULE", "LIST"]);
  }
  /** MODULE UNLOAD: Unloads a module. (Redis and Valkey; the reply as the server sends it.) */
  moduleUnload(name: Arg): P {
    return this.send(["MODULE", "UNLOAD", toArg(name, "name")]);
  }
  /** MOVE: Moves a key to another database. (Redis and Valkey; the reply as the server sends it.) */
  move(key: Arg, db: Arg): P {
    return this.send(["MOVE", toArg(key, "key"), toArg(db, "db")]);
  }
  /** OBJECT ENCODING: Returns the internal encoding of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectEncoding(key: Arg): P {
    return this.send(["OBJECT", "ENCODING", toArg(key, "key")]);
  }
  /** OBJECT FREQ: Returns the logarithmic access frequency counter of an object. (Redis and Valkey; the reply as the server sends it.) */
  objectFreq(key: Arg): P {
    return this.send(["OBJECT", "FREQ", toArg(key, "key")]);
  }
  /** OBJECT IDLETIME: Returns the time since the last access to an object. (Redis and Valkey; the reply as the server sends it.) */
  objectIdletime(key: Arg): P {
    return this.send(["OBJECT", "IDLETIME", toArg(key, "key")]);
  }
  /** OBJECT REFCOUNT: Returns the reference count of a value of a key. (Redis and Valkey; the reply as the server sends it.) */
  objectRefcount(key: Arg): P {
    return this.send(["OBJECT", "REFCOUNT", toArg(key, "key")]);
  }
  /** PEXPIRETIME: Returns the expiration time of a key as a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
  pexpiretime(key: Arg): P {
    return this.send(["PEXPIRETIME", toArg(key, "key")]);
  }
  /** PSETEX: Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  psetex(key: Arg, milliseconds: Arg, value: Arg): P {
    return this.send(["PSETEX", toArg(key, "key"), toArg(milliseconds, "milliseconds"), toArg(value, "value")]);
  }
  /** PUBSUB NUMPAT: Returns a count of unique pattern subscriptions. (Redis and Valkey; the reply as the server sends it.) */
  pubsubNumpat(): P {
    return this.send(["PUBSUB", "NUMPAT"]);
  }
  /** RANDOMKEY: Returns a random key name from the database. (Redis and Valkey; the reply as the server sends it.) */
  randomkey(): P {
    return this.send(["RANDOMKEY"]);
  }
  /** RENAMENX: Renames a key only when the target key name doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  renamenx(key: Arg, newkey: Arg): P {
    return this.send(["RENAMENX", toArg(key, "key"), toArg(newkey, "newkey")]);
  }
  /** ROLE: Returns the replication role. (Redis and Valkey; the reply as the server sends it.) */
  role(): P {
    return this.send(["ROLE"]);
  }
  /** RPOPLPUSH: Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
  rpoplpush(source: Arg, destination: Arg): P {
    return this.send(["RPOPLPUSH", toArg(source, "source"), toArg(destination, "destination")]);
  }
  /** RPUSHX: Appends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
  rpushx(key: Arg, element: Arg | Arg[]): P {
    return this.send(["RPUSHX", toArg(key, "key"), ...keys(element, "element")]);
  }
  /** SAVE: Synchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
  save(): P {
    return this.send(["SAVE"]);
  }
  /** SCRIPT EXISTS: Determines whether server-side Lua scripts exist in the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptExists(sha1: Arg | Arg[]): P {
    return this.send(["SCRIPT", "EXISTS", ...keys(sha1, "sha1")]);
  }
  /** SCRIPT KILL: Terminates a server-side Lua script during execution. (Redis and Valkey; the reply as the server sends it.) */
  scriptKill(): P {
    return this.send(["SCRIPT", "KILL"]);
  }
  /** SCRIPT LOAD: Loads a server-side Lua script to the script cache. (Redis and Valkey; the reply as the server sends it.) */
  scriptLoad(script: Arg): P {
    return this.send(["SCRIPT", "LOAD", toArg(script, "script")]);
  }
  /** SCRIPT SHOW: Show server-side Lua script in the script cache. (Valkey; the reply as the server sends it.) */
  scriptShow(sha1: Arg): P {
    return this.send(["SCRIPT", "SHOW", toArg(sha1, "sha1")]);
  }
  /** SDIFFSTORE: Stores the difference of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sdiffstore(destination: Arg, key: Arg | Arg[]): P {
    return this.send(["SDIFFSTORE", toArg(destination, "destination"), ...keys(key, "key")]);
  }
  /** SETEX: Sets the string value and expiration time of a key. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setex(key: Arg, seconds: Arg, value: Arg): P {
    return this.send(["SETEX", toArg(key, "key"), toArg(seconds, "seconds"), toArg(value, "value")]);
  }
  /** SETNX: Sets the string value of a key only when the key doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setnx(key: Arg, value: Arg): P {
    return this.send(["SETNX", toArg(key, "key"), toArg(value, "value")]);
  }
  /** SETRANGE: Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
  setrange(key: Arg, offset: Arg, value: Arg): P {
    return this.send(["SETRANGE", toArg(key, "key"), toArg(offset, "offset"), toArg(value, "value")]);
  }
  /** SINTERSTORE: Stores the intersect of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sinterstore(destination: Arg, key: Arg | Arg[]): P {
    return this.send(["SINTERSTORE", toArg(destination, "destination"), ...keys(key, "key")]);
  }
  /** SLOWLOG LEN: Returns the number of entries in the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogLen(): P {
    return this.send(["SLOWLOG", "LEN"]);
  }
  /** SLOWLOG RESET: Clears all entries from the slow log. (Redis and Valkey; the reply as the server sends it.) */
  slowlogReset(): P {
    return this.send(["SLOWLOG", "RESET"]);
  }
  /** SMISMEMBER: Determines whether multiple members belong to a set. (Redis and Valkey; the reply as the server sends it.) */
  smismember(key: Arg, member: Arg | Arg[]): P {
    return this.send(["SMISMEMBER", toArg(key, "key"), ...keys(member, "member")]);
  }
  /** SMOVE: Moves a member from one set to another. (Redis and Valkey; the reply as the server sends it.) */
  smove(source: Arg, destination: Arg, member: Arg): P {
    return this.send(["SMOVE", toArg(source, "source"), toArg(destination, "destination"), toArg(member, "member")]);
  }
  /** SUBSTR: Returns a substring from a string value. (Redis and Valkey; the reply as the server sends it.) */
  substr(key: Arg, start: Arg, end: Arg): P {
    return this.send(["SUBSTR", toArg(key, "key"), toArg(start, "start"), toArg(end, "end")]);
  }
  /** SUNIONSTORE: Stores the union of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  sunionstore(destination: Arg, key: Arg | Arg[]): P {
    return this.send(["SUNIONSTORE", toArg(destination, "destination"), ...keys(key, "key")]);
  }
  /** SWAPDB: Swaps two databases. (Redis and Valkey; the reply as the server sends it.) */
  swapdb(index1: Arg, index2: Arg): P {
    return this.send(["SWAPDB", toArg(index1, "index1"), toArg(index2, "index2")]);
  }
  /** TIME: Returns the server time. (Redis and Valkey; the reply as the server sends it.) */
  time(): P {
    return this.send(["TIME"]);
  }
  /** TOUCH: Returns the number of existing keys out of those specified after updating the time they were last accessed. (Redis and Valkey; the reply as the server sends it.) */
  touch(key: Arg | Arg[]): P {
    return this.send(["TOUCH", ...keys(key, "key")]);
  }
  /** WAIT: Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed. (Redis and Valkey; the reply as the server sends it.) */
  wait(numreplicas: Arg, timeout: Arg): P {
    return this.send(["WAIT", toArg(numreplicas, "numreplicas"), toArg(timeout, "timeout")]);
  }
  /** WAITAOF: Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas. (Valkey; the reply as the server sends it.) */
  waitaof(numlocal: Arg, numreplicas: Arg, timeout: Arg): P {
    return this.send(["WAITAOF", toArg(numlocal, "numlocal"), toArg(numreplicas, "numreplicas"), toArg(timeout, "timeout")]);
  }
  /** XGROUP CREATECONSUMER: Creates a consumer in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupCreateconsumer(key: Arg, group: Arg, consumer: Arg): P {
    return this.send(["XGROUP", "CREATECONSUMER", toArg(key, "key"), toArg(group, "group"), toArg(consumer, "consumer")]);
  }
  /** XGROUP DELCONSUMER: Deletes a consumer from a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xgroupDelconsumer(key: Arg, group: Arg, consumer: Arg): P {
    return this.send(["XGROUP", "DELCONSUMER", toArg(key, "key"), toArg(group, "group"), toArg(consumer, "consumer")]);
  }
  /** XINFO CONSUMERS: Returns a list of the consumers in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
  xinfoConsumers(key: Arg, group: Arg): P {
    return this.send(["XINFO", "CONSUMERS", toArg(key, "key"), toArg(group, "group")]);
  }
  /** XINFO GROUPS: Returns a list of the consumer groups of a stream. (Redis and Valkey; the reply as the server sends it.) */
  xinfoGroups(key: Arg): P {
    return this.send(["XINFO", "GROUPS", toArg(key, "key")]);
  }
  /** ZDIFFSTORE: Stores the difference of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
  zdiffstore(destination: Arg, numkeys: Arg, key: Arg | Arg[]): P {
    return this.send(["ZDIFFSTORE", toArg(destination, "destination"), toArg(numkeys, "numkeys"), ...keys(key, "key")]);
  }
  /** ZLEXCOUNT: Returns the number of members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
  zlexcount(key: Arg, min: Arg, max: Arg): P {
    return this.send(["ZLEXCOUNT", toArg(key, "key"), toArg(min, "min"), toArg(max, "max")]);
  }
  /** ZMSCORE: Returns the score of one or more members in a sorted set. (Redis and Valkey; the reply as the server sends it.) */
  zmscore(key: Arg, member: Arg | Arg[]): P {
    return this.send(["ZMSCORE", toArg(key, "key"), ...keys(member, "member")]);
  }
  /** ZREMRANGEBYLEX: Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebylex(key: Arg, min: Arg, max: Arg): P {
    return this.send(["ZREMRANGEBYLEX", toArg(key, "key"), toArg(min, "min"), toArg(max, "max")]);
  }
  /** ZREMRANGEBYRANK: Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyrank(key: Arg, start: Arg, stop: Arg): P {
    return this.send(["ZREMRANGEBYRANK", toArg(key, "key"), toArg(start, "start"), toArg(stop, "stop")]);
  }
  /** ZREMRANGEBYSCORE: Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
  zremrangebyscore(key: Arg, min: Arg, max: Arg): P {
    return this.send(["ZREMRANGEBYSCORE", toArg(key, "key"), toArg(min, "min"), toArg(max, "max")]);
  }
  // --- end of the generated methods ---
}
