/**
 * `Client`: the Promise API over the native engine client. Each request gets
 * an id and a waiter in `pending`; the addon delivers replies in batches to
 * `onBatch` (one event-loop wake-up per batch), which settles the Promises.
 * Engine events are re-emitted on the client (an EventEmitter).
 */

import { EventEmitter } from "events";

import { Commands, Shape, toArg, Arg, Bulk, ScanOptions, RequestOptions, checkRequestOptions } from "./commands";
import { Config, CredentialProvider, Endpoint, configFromUrl, credentialOptions, endpointJson, toNativeJson } from "./config";
import { AbortError, ClosingError, ConfigError, HavenError, ResponseError, errorForKind, fromNative } from "./errors";
import { binding, CacheStats, EndpointHealth, HavenEvent, LoadStats, NativeClient, NodeInfo, ParkStats } from "./native";

export interface ConnectOptions {
  /** Replies as strings (true, default) or Buffers (false). */
  decodeResponses?: boolean;
}

export { RequestOptions };

/** Options of `Batch.exec()`. */
export interface ExecOptions {
  /** Overrides the client's requestTimeoutMs for this batch. */
  timeoutMs?: number;
  /** Cancels the batch (see RequestOptions.signal). */
  signal?: AbortSignal;
  /** The batch may run twice (see RequestOptions.resendSafe). */
  resendSafe?: boolean;
}

// Node < 20 lacks the well-known symbol `await using` looks for.
if ((Symbol as { asyncDispose?: symbol }).asyncDispose === undefined)
  Object.defineProperty(Symbol, "asyncDispose", { value: Symbol.for("nodejs.asyncDispose") });

/** Options of `client.cached()`. */
export interface CachedOptions {
  /** Overrides the client's requestTimeoutMs for this request. */
  timeoutMs?: number;
  /** Resolve to `{ value, staleMs }` instead of the bare reply. */
  withStale?: boolean;
}

/** A cached read with its staleness: staleMs is null for a fresh reply. */
export interface StaleValue<T = unknown> {
  value: T;
  /** How many ms past its validity a value served stale during an outage is; null when fresh. */
  staleMs: number | null;
}

/** A cache-aside loader: no arguments, returns the value (sync or async). */
export type Loader = () => string | Buffer | Uint8Array | PromiseLike<string | Buffer | Uint8Array>;
/** A write-through writer: writes to the source of truth (sync or async); its result is ignored. */
export type Writer = () => unknown;

/** Options of `client.getOrLoad()`. */
export interface GetOrLoadOptions {
  /** The value's TTL in Redis (default 60000), scaled by a random factor in [1 - jitter, 1]. */
  ttlMs?: number;
  /** TTL spread, 0 <= jitter < 1 (default 0.1). */
  jitter?: number;
  /** A fleet-wide lease: only one process loads, others wait for its value (default: none). */
  leaseMs?: number | null;
  /** XFetch early refresh with this beta (1.0 usual; default: off). */
  earlyRefresh?: number | null;
}

/** Options of `client.writeThrough()`. */
export interface WriteThroughOptions {
  /** TTL of the updated value (default 60000). */
  ttlMs?: number;
  /** "update" (default: SET the new value) or "invalidate" (DEL the key). */
  mode?: "update" | "invalidate";
}

/** A loader or writer the engine may still call, by token. */
interface HeldCall {
  fn: () => unknown;
  load: boolean;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (Buffer.isBuffer(v)) return "Buffer";
  return typeof v;
}

/** What a failed loader/writer tells every waiting caller. */
function failure(e: unknown): string {
  if (e instanceof Error) return e.message ? `${e.name}: ${e.message}` : e.name;
  return String(e);
}

/**
 * The native side's view of a credential provider: `ask(token)` runs the
 * provider (outside the addon's callback) and answers the engine's wait
 * `token` with the credentials, or with why there are none: what it threw or
 * rejected with, or the wrong shape it returned (never the values).
 */
function askProvider(provider: CredentialProvider): (token: number) => void {
  const fail = (token: number, why: string) => {
    try {
      binding.credentialFail(token, why);
    } catch (_) {
      // The wait ended already.
    }
  };
  const answer = async (token: number) => {
    let out: unknown;
    try {
      out = provider();
    } catch (e) {
      return fail(token, `credentialProvider threw: ${failure(e)}`);
    }
    try {
      out = await out;
    } catch (e) {
      return fail(token, `credentialProvider rejected: ${failure(e)}`);
    }
    if (typeof out !== "object" || out === null || Array.isArray(out))
      return fail(token, `credentialProvider returned ${typeOf(out)}, expected { username?, password }`);
    const { username, password } = out as { username?: unknown; password?: unknown };
    if (typeof password !== "string")
      return fail(token, `credentialProvider returned a password of type ${typeOf(password)}, expected a string`);
    if (username !== undefined && username !== null && typeof username !== "string")
      return fail(token, `credentialProvider returned a username of type ${typeOf(username)}, expected a string or none`);
    try {
      binding.credentialAnswer(token, username ?? null, password);
    } catch (e) {
      fail(token, `credentialProvider's answer was refused: ${e instanceof Error ? e.name : typeOf(e)}`);
    }
  };
  return (token: number) => {
    Promise.resolve()
      .then(() => answer(token))
      .catch(() => undefined);
  };
}

function checkOptions(name: string, opts: unknown, known: string[]): Record<string, unknown> {
  if (opts === undefined) return {};
  if (typeof opts !== "object" || opts === null || Array.isArray(opts))
    throw new TypeError(`${name}: expected an options object, got ${typeOf(opts)}`);
  for (const k of Object.keys(opts)) if (!known.includes(k)) throw new TypeError(`${name}: unknown option "${k}"`);
  return opts as Record<string, unknown>;
}

function checkKey(name: string, v: unknown): string | Buffer {
  if (typeof v === "string" || Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(`${name}: expected a string or Buffer, got ${typeOf(v)}`);
}

/** A positive integer number of ms (TypeError for the type, ConfigError for the value). */
function positiveMs(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${name}: expected a positive integer, got ${typeOf(v)}`);
  if (v <= 0) throw new ConfigError(`${name}: must be > 0, got ${v}`);
  return v;
}

interface Waiter {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  shape?: Shape;
}

const ignore = () => undefined;
/** Holds the id of an aborted request until the engine's answer arrives (then dropped). */
const ABORTED: Waiter = { resolve: ignore, reject: ignore };

function abortError(signal: AbortSignal): AbortError {
  return new AbortError("the operation was aborted", { cause: signal.reason });
}

/** A pub/sub message. */
export interface Message {
  kind: "message" | "pmessage" | "smessage";
  channel: string | Buffer;
  payload: string | Buffer;
  pattern: string | Buffer | null;
}

/** How long close() waits for in-flight replies before failing them. */
const CLOSE_GRACE_MS = 5000;

/** Turns server errors inside an aggregate reply into ResponseError values. */
function aggregateErrors(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((x) =>
    x instanceof Error && (x as { havenServerError?: boolean }).havenServerError ? new ResponseError(x.message) : x,
  );
}

const FAMILY: Record<string, string> = {
  circuitOpened: "circuit",
  circuitHalfOpen: "circuit",
  circuitClosed: "circuit",
  topologyChanged: "topology",
  primaryChanged: "topology",
  requestsParked: "parking",
  requestsResumed: "parking",
};

export class Client extends Commands<"promise"> {
  private native!: NativeClient;
  private readonly pending = new Map<number, Waiter>();
  private nextId = 0;
  private closed = false;
  private closing?: Promise<void>;
  private drained?: () => void;
  /** A `setImmediate` to start the requests held since a batch is queued. */
  private startQueued = false;
  private readonly emitter = new EventEmitter();
  private eventsStarted = false;
  private messagesStarted = false;
  private readonly messageQueues = new Set<MessageQueue>();
  private readonly calls = new Map<number, HeldCall>();
  private nextCall = 0;
  private callsStarted = false;

  private constructor(readonly decodeResponses: boolean) {
    super();
  }

  /**
   * Connects (unless lazyConnect) and resolves once the client is ready.
   * `config` is a configuration object or a connection URL
   * (`redis://user:password@host:6379/0`, `rediss://`, `valkey://`,
   * `valkeys://`, `unix:///path/to/redis.sock`; see `configFromUrl`, which
   * also takes settings on top of a URL).
   */
  static async connect(config: Config | string, opts: ConnectOptions = {}): Promise<Client> {
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (typeof config === "string") config = configFromUrl(config);
    const decode = opts.decodeResponses ?? true;
    if (typeof decode !== "boolean") throw new TypeError("decodeResponses: expected a boolean");
    const json = toNativeJson(config);
    const { provider, refreshMs } = credentialOptions(config);
    const client = new Client(decode);
    try {
      const ask = provider === undefined ? undefined : askProvider(provider);
      client.native = await binding.connect(json, decode, client.onBatch, ask, refreshMs);
    } catch (e) {
      throw fromNative(e);
    }
    return client;
  }

  /**
   * The addon's batch callback: settles every Promise of the batch. The
   * requests that the continuations make (in the microtasks after it) are
   * held by the addon and started together once they have all run: on the
   * `setImmediate` queued here, which runs right after this phase of the
   * event loop.
   */
  private readonly onBatch = (ids: number[], kinds: number[], values: unknown[]): void => {
    if (!this.startQueued) {
      this.startQueued = true;
      setImmediate(this.startHeld);
    }
    const pending = this.pending;
    for (let i = 0; i < ids.length; i++) {
      const w = pending.get(ids[i]);
      if (w === undefined) continue;
      pending.delete(ids[i]);
      const kind = kinds[i];
      if (kind === 0) {
        if (w.shape === undefined) {
          w.resolve(values[i]);
        } else {
          try {
            w.resolve(w.shape(values[i]));
          } catch (e) {
            w.reject(e);
          }
        }
      } else {
        w.reject(errorForKind(kind - 100, String(values[i])));
      }
    }
    if (this.drained !== undefined && pending.size === 0) this.drained();
  };

  private readonly startHeld = (): void => {
    this.startQueued = false;
    this.native.startHeld();
  };

  /**
   * Registers a waiter for a fresh id. `T`: what the Promise resolves to,
   * the reply as `shape` makes it (the caller's word for an unshaped reply).
   */
  private register<T>(shape?: Shape<T>): [number, Promise<T>] {
    let id = (this.nextId = (this.nextId + 1) >>> 0 || 1);
    while (this.pending.has(id)) id = (this.nextId = (this.nextId + 1) >>> 0 || 1);
    const p = new Promise<T>((resolve, reject) =>
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, shape }),
    );
    return [id, p];
  }

  protected send<T>(args: (string | Buffer)[], shape?: Shape<T>, opts?: RequestOptions): Promise<T> {
    return this.sendOn(args, shape, opts, undefined);
  }

  /** @internal Sends one command, on session `session` when given. */
  sendOn<T>(args: (string | Buffer)[], shape: Shape<T> | undefined, opts: RequestOptions | undefined, session: number | undefined): Promise<T> {
    return this.start(shape, opts?.signal, (id) =>
      this.native.submit(id, args, opts?.timeoutMs, opts?.route, session, opts?.resendSafe === true),
    );
  }

  /** Registers a waiter, starts the request, wires its AbortSignal. */
  private start<T>(shape: Shape<T> | undefined, signal: AbortSignal | undefined | null, submit: (id: number) => void): Promise<T> {
    if (this.closed) return Promise.reject(new ClosingError("the client is closed"));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const [id, p] = this.register<T>(shape);
    try {
      submit(id);
    } catch (e) {
      this.pending.delete(id);
      return Promise.reject(fromNative(e));
    }
    if (signal === undefined || signal === null) return p;
    const onAbort = () => {
      const w = this.pending.get(id);
      if (w === undefined || w === ABORTED || this.closed) return;
      // The id stays taken until the engine answers (the answer is dropped).
      this.pending.set(id, ABORTED);
      try {
        this.native.cancel(id);
      } catch (_) {
        // Nothing left to cancel (closing): the Promise rejects all the same.
      }
      w.reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => signal.removeEventListener("abort", onAbort);
    p.then(done, done);
    return p;
  }

  /** Any command, with per-request options (timeout, route, signal): the reply as the addon delivers it (see `Bulk`). */
  command(args: Arg[], opts: RequestOptions = {}): Promise<unknown> {
    if (!Array.isArray(args) || args.length === 0) throw new TypeError("args: expected a non-empty array");
    return this.send(
      args.map((a, i) => toArg(a, `args[${i}]`)),
      undefined,
      checkRequestOptions(opts),
    );
  }

  /** Sends recorded commands as one batch (`atomic`: MULTI/EXEC), on session `session` when given. */
  execBatch(
    commands: (string | Buffer)[][],
    atomic: boolean,
    shapes: (Shape | undefined)[],
    timeoutMs?: number,
    session?: number,
    signal?: AbortSignal,
    resendSafe = false,
  ): Promise<unknown[]> {
    const shape = (v: unknown): unknown[] => {
      // A null EXEC (aborted by WATCH) cannot reach here: only a session
      // sends WATCH, and its EXEC rejects with WatchError. Kept as a guard.
      if (v === null) return null as unknown as unknown[];
      const out = aggregateErrors(v) as unknown[];
      return out.map((x, i) => (shapes[i] !== undefined && !(x instanceof Error) ? shapes[i]!(x) : x));
    };
    return this.start(shape, signal, (id) => this.native.batch(id, commands, atomic, timeoutMs, session, resendSafe));
  }

  // --------------------------------------------------------------- sessions

  /**
   * A session: a dedicated connection of this caller's own (leased at its
   * first command; in a cluster bound to the primary of its keys' slot) for
   * WATCH-guarded transactions and anything needing one connection's state.
   * Release it with `release()` (or `await using s = await client.session()`);
   * prefer `withSession`, which always releases.
   */
  async session(): Promise<Session> {
    return new Session(this, this.call(() => this.native.openSession()));
  }

  /** Runs `fn` with a new session and releases it afterwards, whatever happens. */
  async withSession<T>(fn: (session: Session) => T | PromiseLike<T>): Promise<T> {
    if (typeof fn !== "function") throw new TypeError(`fn: expected a function, got ${typeOf(fn)}`);
    const s = await this.session();
    try {
      return await fn(s);
    } finally {
      await s.release();
    }
  }

  /** @internal Releases session `id` in the engine. */
  closeSession(id: number): void {
    if (this.closed) return; // closing the client ended every session
    try {
      this.native.closeSession(id);
    } catch (e) {
      throw fromNative(e);
    }
  }

  // ------------------------------------------------------ client-side cache

  /**
   * Reads one command through the client-side cache even if its name is not
   * in `ClientCache.commands`, e.g. `client.cached(["HGETALL", key])`: the
   * raw reply, as `command()`. It must read one key (others are sent
   * normally); without a cache it is a plain request. A value served stale
   * during an outage is returned normally and counted in
   * `cacheStats().staleServed`; `withStale: true` resolves to
   * `{ value, staleMs }` instead (staleMs null for a fresh reply).
   */
  cached(args: Arg[], opts: CachedOptions & { withStale: true }): Promise<StaleValue>;
  cached(args: Arg[], opts?: CachedOptions): Promise<unknown>;
  cached(args: Arg[], opts: CachedOptions = {}): Promise<unknown> {
    if (!Array.isArray(args) || args.length === 0) throw new TypeError("args: expected a non-empty array");
    const o = checkOptions("opts", opts, ["timeoutMs", "withStale"]);
    if (o.timeoutMs !== undefined && (!Number.isInteger(o.timeoutMs) || (o.timeoutMs as number) < 0))
      throw new TypeError("timeoutMs: expected a non-negative integer");
    const withStale = o.withStale ?? false;
    if (typeof withStale !== "boolean") throw new TypeError(`withStale: expected a boolean, got ${typeOf(withStale)}`);
    const list = args.map((a, i) => toArg(a, `args[${i}]`));
    if (this.closed) return Promise.reject(new ClosingError("the client is closed"));
    const [id, p] = this.register<unknown>();
    try {
      this.native.submitCached(id, list, o.timeoutMs as number | undefined, withStale);
    } catch (e) {
      this.pending.delete(id);
      return Promise.reject(fromNative(e));
    }
    return p;
  }

  /** The client-side cache's counters; null without a cache. */
  cacheStats(): CacheStats | null {
    return this.call(() => this.native.cacheStats());
  }

  /** `getOrLoad`'s counters. */
  loadStats(): LoadStats {
    return this.call(() => this.native.loadStats());
  }

  /**
   * Requests that waited, parked, for a reachable primary (see failFast):
   * waiting now, in all, resumed (sent on after the wait) and the longest
   * wait in ms.
   */
  parkStats(): ParkStats {
    return this.call(() => this.native.parkStats());
  }

  /**
   * A snapshot of the client's metrics, with or without an OpenTelemetry
   * collector (the same counters feed telemetry's metrics), with the
   * engine's snake_case keys, as in every language: requests_total, requests_ok, requests_failed, errors (by
   * kind), retries, redirects, reconnects, failovers, failbacks, breakers,
   * in_flight, parked_now, parked_total, cache (null without one),
   * duration_buckets_ms and durations (per command and outcome: count,
   * sum_ms, p50_ms, p99_ms, buckets).
   */
  stats(): Record<string, any> {
    return this.call(() => JSON.parse(this.native.statsJson()));
  }

  /**
   * Cache-aside without stampedes: the value of `key`; on a miss only one
   * caller in this process runs `loader()` (sync or async, returning a string
   * or Buffer), the others wait for it, and the value is stored with a TTL of
   * `ttlMs` scaled by a random factor in [1 - jitter, 1]. `leaseMs`: a
   * fleet-wide lease (one process loads). `earlyRefresh`: XFetch beta (1.0
   * usual). A loader that throws or rejects fails every waiting caller with
   * a ResponseError carrying its message, and nothing is stored (the next
   * call loads again). When Redis cannot be reached the loader's value is
   * returned.
   */
  getOrLoad(key: string | Buffer, loader: Loader, opts: GetOrLoadOptions = {}): Promise<Bulk> {
    const k = checkKey("key", key);
    if (typeof loader !== "function") throw new TypeError(`loader: expected a function, got ${typeOf(loader)}`);
    const o = checkOptions("opts", opts, ["ttlMs", "jitter", "leaseMs", "earlyRefresh"]);
    const ttlMs = positiveMs("ttlMs", o.ttlMs ?? 60000);
    const jitter = o.jitter ?? 0.1;
    if (typeof jitter !== "number" || Number.isNaN(jitter)) throw new TypeError(`jitter: expected a number, got ${typeOf(jitter)}`);
    if (!(jitter >= 0 && jitter < 1)) throw new ConfigError(`jitter: must be within 0 <= jitter < 1, got ${jitter}`);
    const leaseMs = o.leaseMs === undefined || o.leaseMs === null ? undefined : positiveMs("leaseMs", o.leaseMs);
    let beta: number | undefined;
    if (o.earlyRefresh !== undefined && o.earlyRefresh !== null) {
      if (typeof o.earlyRefresh !== "number" || Number.isNaN(o.earlyRefresh))
        throw new TypeError(`earlyRefresh: expected a number, got ${typeOf(o.earlyRefresh)}`);
      if (!(o.earlyRefresh > 0 && Number.isFinite(o.earlyRefresh)))
        throw new ConfigError(`earlyRefresh: beta must be > 0, got ${o.earlyRefresh}`);
      beta = o.earlyRefresh;
    }
    return this.submitCall<Bulk>(loader, true, (id, token) => this.native.getOrLoad(id, token, k, ttlMs, jitter, leaseMs, beta));
  }

  /**
   * Write-through: `writer()` (sync or async) writes to the source of truth,
   * then the cache is updated with `value` ("update", TTL `ttlMs`) or the key
   * deleted ("invalidate"). A writer that throws or rejects gives a
   * ResponseError with its message and leaves the cache alone. When Redis
   * cannot be reached after the write, the key is deleted as soon as it
   * answers again (and `getOrLoad` skips Redis for it meanwhile).
   */
  writeThrough(key: string | Buffer, value: string | Buffer, writer: Writer, opts: WriteThroughOptions = {}): Promise<void> {
    const k = checkKey("key", key);
    const v = checkKey("value", value);
    if (typeof writer !== "function") throw new TypeError(`writer: expected a function, got ${typeOf(writer)}`);
    const o = checkOptions("opts", opts, ["ttlMs", "mode"]);
    const ttlMs = positiveMs("ttlMs", o.ttlMs ?? 60000);
    const mode = o.mode ?? "update";
    if (typeof mode !== "string") throw new TypeError(`mode: expected a string, got ${typeOf(mode)}`);
    if (mode !== "update" && mode !== "invalidate")
      throw new ConfigError(`mode: "${mode}" (expected "update" or "invalidate")`);
    return this.submitCall<void>(writer, false, (id, token) => this.native.writeThrough(id, token, k, v, ttlMs, mode));
  }

  /** Registers `fn` under a fresh token and starts the request (`T`: the value a load resolves to, void for a write). */
  private submitCall<T>(fn: () => unknown, load: boolean, start: (id: number, token: number) => void): Promise<T> {
    if (this.closed) return Promise.reject(new ClosingError("the client is closed"));
    try {
      this.startCalls();
    } catch (e) {
      return Promise.reject(fromNative(e));
    }
    let token = (this.nextCall = (this.nextCall + 1) >>> 0 || 1);
    while (this.calls.has(token)) token = (this.nextCall = (this.nextCall + 1) >>> 0 || 1);
    this.calls.set(token, { fn, load });
    const [id, p] = this.register<T>(load ? undefined : () => undefined as T);
    try {
      start(id, token);
    } catch (e) {
      this.pending.delete(id);
      this.calls.delete(token);
      return Promise.reject(fromNative(e));
    }
    return p;
  }

  private startCalls(): void {
    if (this.callsStarted) return;
    this.native.startCalls(this.onCalls);
    this.callsStarted = true;
  }

  /**
   * The addon's call batch: run each token's function and answer as
   * calls[i], or forget it (calls[i] 0: the engine will not call it).
   */
  private readonly onCalls = (tokens: number[], calls: number[]): void => {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const call = calls[i];
      const held = this.calls.get(token);
      this.calls.delete(token);
      if (call === 0) continue;
      if (held === undefined) {
        this.native.callFail(call, "haven: the function was already released");
        continue;
      }
      this.runCall(call, held);
    }
  };

  /** Runs a loader/writer outside the addon's callback and answers the engine's call. */
  private runCall(call: number, held: HeldCall): void {
    const native = this.native;
    Promise.resolve()
      .then(() => held.fn())
      .then(
        (v) => {
          if (!held.load) return native.callAnswer(call);
          if (typeof v === "string" || Buffer.isBuffer(v)) return native.callAnswer(call, v);
          if (v instanceof Uint8Array) return native.callAnswer(call, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
          native.callFail(call, `TypeError: the loader returned ${typeOf(v)}, expected a string or Buffer`);
        },
        (e) => native.callFail(call, failure(e)),
      )
      .catch(() => undefined);
  }

  /** A transaction (MULTI/EXEC on one node): chain commands, then `exec()`. */
  multi(): Batch {
    return new Batch(this, true);
  }

  /** A pipeline (not atomic; split per node in a cluster): chain, then `exec()`. */
  pipeline(): Batch {
    return new Batch(this, false);
  }

  /**
   * Iterates every key (SCAN). On a cluster the engine walks every primary
   * with one cursor, safe across slot migrations and failovers (each key at
   * least once); on a multi-endpoint client, the active endpoint's keys.
   */
  async *scanIterator(opts: ScanOptions = {}): AsyncGenerator<Bulk> {
    let cursor = "0";
    do {
      const [next, keys] = await this.scan(cursor, opts);
      cursor = next;
      yield* keys;
    } while (cursor !== "0");
  }

  /** A script run with EVALSHA, falling back to EVAL when the server lacks it. */
  async runScript(script: string, keyList: Arg[] = [], args: Arg[] = []): Promise<unknown> {
    const sha = require("crypto").createHash("sha1").update(script).digest("hex");
    try {
      return await this.evalsha(sha, keyList, args);
    } catch (e) {
      if (e instanceof ResponseError && e.message.startsWith("NOSCRIPT")) return this.eval(script, keyList, args);
      throw e;
    }
  }

  // ------------------------------------------------------------------ events

  /**
   * Engine events: "failover", "failback", "circuit" (circuitOpened,
   * circuitHalfOpen, circuitClosed), "topology" (topologyChanged,
   * primaryChanged), "parking" (requestsParked: requests started waiting
   * for a reachable primary; requestsResumed: none waits any more), each
   * kind by its own name ("nodeDisconnected", "orphanedReply", ...), and
   * "event" for all. Pub/sub: "message", "pmessage", "smessage".
   */
  on(event: string, listener: (...args: any[]) => void): this {
    this.startFor(event);
    this.emitter.on(event, listener);
    return this;
  }
  once(event: string, listener: (...args: any[]) => void): this {
    this.startFor(event);
    this.emitter.once(event, listener);
    return this;
  }
  off(event: string, listener: (...args: any[]) => void): this {
    this.emitter.off(event, listener);
    return this;
  }

  private startFor(event: string): void {
    if (typeof event !== "string") throw new TypeError("event: expected a string");
    if (event === "message" || event === "pmessage" || event === "smessage") this.startMessages();
    else this.startEvents();
  }

  private safeEmit(name: string, ...args: unknown[]): void {
    try {
      this.emitter.emit(name, ...args);
    } catch (e) {
      // A listener's bug surfaces as an uncaught exception, as with any emitter.
      process.nextTick(() => {
        throw e;
      });
    }
  }

  private startEvents(): void {
    if (this.eventsStarted || this.closed) return;
    this.eventsStarted = true;
    try {
      this.native.startEvents((e: HavenEvent) => {
        this.safeEmit("event", e);
        this.safeEmit(e.kind, e);
        const family = FAMILY[e.kind];
        if (family !== undefined) this.safeEmit(family, e);
      });
    } catch (e) {
      this.eventsStarted = false;
      throw fromNative(e);
    }
  }

  private startMessages(): void {
    if (this.messagesStarted || this.closed) return;
    this.messagesStarted = true;
    try {
      this.native.startMessages((kind, channel, payload, pattern) => {
        const m = { kind, channel, payload, pattern } as Message;
        this.safeEmit(kind, channel, payload, pattern);
        for (const q of this.messageQueues) q.push(m);
      }, this.decodeResponses);
    } catch (e) {
      this.messagesStarted = false;
      throw fromNative(e);
    }
  }

  // ---------------------------------------------------------------- pub/sub

  private pubsub(kind: string, names: Arg[] | Arg, subscribe: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new ClosingError("the client is closed"));
    const list = (Array.isArray(names) ? names : [names]).map((n, i) => {
      const a = toArg(n, `channels[${i}]`);
      return typeof a === "string" ? a : a.toString("utf8");
    });
    this.startMessages();
    try {
      return this.native.pubsub(kind, list, subscribe).catch((e) => {
        throw fromNative(e);
      });
    } catch (e) {
      return Promise.reject(fromNative(e));
    }
  }
  subscribe(channels: Arg | Arg[]): Promise<void> {
    return this.pubsub("channel", channels, true);
  }
  unsubscribe(channels: Arg | Arg[] = []): Promise<void> {
    return this.pubsub("channel", channels, false);
  }
  psubscribe(patterns: Arg | Arg[]): Promise<void> {
    return this.pubsub("pattern", patterns, true);
  }
  punsubscribe(patterns: Arg | Arg[] = []): Promise<void> {
    return this.pubsub("pattern", patterns, false);
  }
  ssubscribe(channels: Arg | Arg[]): Promise<void> {
    return this.pubsub("shard", channels, true);
  }
  sunsubscribe(channels: Arg | Arg[] = []): Promise<void> {
    return this.pubsub("shard", channels, false);
  }

  /** Messages from now on as an async iterator (ends when the client closes or the loop breaks). */
  messages(): AsyncIterableIterator<Message> {
    this.startMessages();
    const q = new MessageQueue(() => this.messageQueues.delete(q));
    this.messageQueues.add(q);
    if (this.closed) q.end();
    return q;
  }

  // ---------------------------------------------------- multi-endpoint & info

  /** Multi-endpoint: moves traffic to `name` (must be healthy unless `force`). */
  failoverTo(name: string, force = false): void {
    if (typeof name !== "string") throw new TypeError("name: expected a string");
    if (typeof force !== "boolean") throw new TypeError("force: expected a boolean");
    this.call(() => this.native.failoverTo(name, force));
  }
  /** Multi-endpoint: changes an endpoint's weight. */
  setWeight(name: string, weight: number): void {
    if (typeof name !== "string") throw new TypeError("name: expected a string");
    if (typeof weight !== "number") throw new TypeError("weight: expected a number");
    this.call(() => this.native.setWeight(name, weight));
  }
  /**
   * Multi-endpoint: adds an endpoint at run time; it takes traffic once
   * healthy if it weighs most (after the failback grace). A custom health
   * check for it is registered with setHealthCheck (before, so the first
   * probe finds it). Rejects with ConfigError naming a bad field or a name
   * already taken.
   */
  async addEndpoint(endpoint: Endpoint): Promise<void> {
    const json = endpointJson(endpoint);
    if (this.closed) throw new ClosingError("the client is closed");
    try {
      await this.native.addEndpoint(json);
    } catch (e) {
      throw fromNative(e);
    }
  }
  /** Multi-endpoint: removes endpoint `name`; traffic moves first if it was active. */
  removeEndpoint(name: string): void {
    if (typeof name !== "string") throw new TypeError("name: expected a string");
    this.call(() => this.native.removeEndpoint(name));
  }
  /** Multi-endpoint: the active endpoint's name ("" while none is healthy). */
  get activeEndpoint(): string {
    return this.call(() => this.native.activeEndpoint());
  }
  /** Multi-endpoint: each endpoint's health and last error. */
  endpointHealth(): EndpointHealth[] {
    return this.call(() => this.native.endpointHealth());
  }
  /**
   * Multi-endpoint: an async health check for the endpoints whose healthCheck
   * kind is "custom": `check(endpointName)` resolves true when healthy; a
   * throw, a false or no answer within the check's timeoutMs is unhealthy.
   */
  setHealthCheck(name: string, check: (endpoint: string) => boolean | Promise<boolean>): void {
    if (typeof name !== "string") throw new TypeError("name: expected a string");
    if (typeof check !== "function") throw new TypeError("check: expected an async function");
    const native = this.native;
    this.call(() =>
      native.setHealthCheck(name, (token, endpoint) => {
        Promise.resolve()
          .then(() => check(endpoint))
          .then(
            (ok) => native.healthAnswer(token, ok === true),
            () => native.healthAnswer(token, false),
          )
          .catch(() => undefined);
      }),
    );
  }
  /**
   * Asks the config's credentialProvider now (e.g. when you know the token
   * rotated): resolves whether the credentials changed. Live connections
   * then re-authenticate in place (nothing in flight is dropped); new ones
   * use the new credentials. Rejects with the provider's failure (the
   * current credentials stay), or with ConfigError on a client without a
   * provider.
   */
  refreshCredentials(): Promise<boolean> {
    if (this.closed) return Promise.reject(new ClosingError("the client is closed"));
    try {
      return this.native.refreshCredentials().catch((e) => {
        throw fromNative(e);
      });
    } catch (e) {
      return Promise.reject(fromNative(e));
    }
  }
  /** The deployment's nodes, roles and connection counters. */
  nodes(): NodeInfo[] {
    return this.call(() => this.native.nodes());
  }
  /** Requests in flight inside the engine. */
  get inFlight(): number {
    return this.native.inFlight();
  }
  get isClosed(): boolean {
    return this.closed;
  }

  private call<T>(f: () => T): T {
    if (this.closed) throw new ClosingError("the client is closed");
    try {
      return f();
    } catch (e) {
      throw fromNative(e);
    }
  }

  /** `await using client = await Client.connect(...)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Closes the client: requests in flight end (ClosingError), later ones
   * fail at once; resolves when every Promise is settled and the addon lets
   * the process exit.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closed = true;
    this.native.close();
    for (const q of this.messageQueues) q.end();
    this.closing = new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.drained = undefined;
        for (const [, w] of this.pending) w.reject(new ClosingError("the client is closed"));
        this.pending.clear();
        this.calls.clear();
        this.native.release();
        resolve();
      };
      const timer = setTimeout(finish, CLOSE_GRACE_MS);
      this.drained = finish;
      if (this.pending.size === 0) finish();
    });
    return this.closing;
  }
}

/** Commands recorded for one `exec()`; every method returns the batch. */
export class Batch extends Commands<"batch"> {
  private readonly commands: (string | Buffer)[][] = [];
  private readonly shapes: (Shape | undefined)[] = [];
  /** `session`: the batch runs on that session's connection (`session.multi()`). */
  constructor(private readonly client: Client, readonly atomic: boolean, private readonly session?: number) {
    super();
  }
  protected send<T>(args: (string | Buffer)[], shape?: Shape<T>): Batch {
    this.commands.push(args);
    this.shapes.push(shape);
    return this;
  }
  get length(): number {
    return this.commands.length;
  }
  /**
   * Sends the batch: the replies in order (a failed command's entry is a
   * ResponseError). A session's transaction (`session.multi()`) whose
   * WATCHed key changed rejects with WatchError (nothing was written).
   */
  exec(opts: ExecOptions = {}): Promise<unknown[]> {
    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");
    if (opts.timeoutMs !== undefined && (!Number.isInteger(opts.timeoutMs) || opts.timeoutMs < 0))
      throw new TypeError("timeoutMs: expected a non-negative integer");
    if (opts.resendSafe !== undefined && typeof opts.resendSafe !== "boolean") throw new TypeError("resendSafe: expected a boolean");
    if (this.commands.length === 0) return Promise.resolve([]);
    return this.client.execBatch(this.commands, this.atomic, this.shapes, opts.timeoutMs, this.session, opts.signal, opts.resendSafe === true);
  }
}

/**
 * A session (`client.session()` / `client.withSession()`): its own dedicated
 * connection, so WATCH, MULTI/EXEC and other connection state stay private
 * to it. Every command method of the client is here too, sent on the
 * session's connection. In a cluster every key must hash to one slot (use a
 * {hash tag}); a failover, redirect or lost link ends the session (every
 * later command rejects with ClusterError / ConnectionError): start a new one.
 *
 *     await client.withSession(async (s) => {
 *       for (;;) {
 *         await s.watch(key);
 *         const n = Number(await s.get(key));
 *         try { return await s.multi().set(key, n + 1).exec(); }
 *         catch (e) { if (!(e instanceof WatchError)) throw e; }
 *       }
 *     });
 */
export class Session extends Commands<"promise"> {
  private released = false;
  /** @internal */
  constructor(private readonly client: Client, readonly id: number) {
    super();
  }

  protected send<T>(args: (string | Buffer)[], shape?: Shape<T>, opts?: RequestOptions): Promise<T> {
    if (this.released) return Promise.reject(new ConfigError(`session ${this.id}: already released`));
    if (opts?.route !== undefined) throw new TypeError("route: a session's commands go to its own connection");
    return this.client.sendOn(args, shape, opts, this.id);
  }

  /** Any command on the session's connection (options: timeoutMs, signal): the reply as the addon delivers it. */
  command(args: Arg[], opts: RequestOptions = {}): Promise<unknown> {
    if (!Array.isArray(args) || args.length === 0) throw new TypeError("args: expected a non-empty array");
    return this.send(
      args.map((a, i) => toArg(a, `args[${i}]`)),
      undefined,
      checkRequestOptions(opts),
    );
  }

  /** WATCH: a later `multi().exec()` rejects with WatchError if any of `keys` changes first. */
  watch(...keys: (Arg | Arg[])[]): Promise<"OK"> {
    const list = keys.flat();
    if (list.length === 0) throw new TypeError("keys: expected at least one");
    return this.send(["WATCH", ...list.map((k, i) => toArg(k, `keys[${i}]`))]);
  }

  /** UNWATCH: forgets every WATCHed key. */
  unwatch(): Promise<"OK"> {
    return this.send(["UNWATCH"]);
  }

  /** A transaction on the session's connection: MULTI ... EXEC (WatchError when a WATCHed key changed). */
  multi(): Batch {
    return new Batch(this.client, true, this.id);
  }

  /** A pipeline on the session's connection. */
  pipeline(): Batch {
    return new Batch(this.client, false, this.id);
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** Gives the connection back (WATCH / MULTI undone); later commands reject. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.client.closeSession(this.id);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }
}

/** An async iterator over pub/sub messages. */
class MessageQueue implements AsyncIterableIterator<Message> {
  private readonly items: Message[] = [];
  private waiter?: (r: IteratorResult<Message>) => void;
  private done = false;
  constructor(private readonly onEnd: () => void) {}
  push(m: Message): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: m, done: false });
    } else {
      this.items.push(m);
    }
  }
  end(): void {
    this.done = true;
    this.onEnd();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: undefined, done: true });
    }
  }
  next(): Promise<IteratorResult<Message>> {
    const m = this.items.shift();
    if (m !== undefined) return Promise.resolve({ value: m, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }
  return(): Promise<IteratorResult<Message>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<Message> {
    return this;
  }
}

export { HavenError };
