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

  // -------------------------------------------------------------- scripting
  eval(script: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("EVAL", script, "script", keyList, args);
  }
  evalsha(sha: string, keyList: Arg[] = [], args: Arg[] = []): P {
    return this.script("EVALSHA", sha, "sha", keyList, args);
  }
  /** EVAL / EVALSHA: `body` (the script or its sha), the key count, keys, then args. */
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
}
