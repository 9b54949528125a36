/**
 * Client configuration: one class per deployment kind, mirroring ClientConfig
 * in proto/haven.proto and the Python package's classes (same fields,
 * camelCase); every default is the engine's own (haven_core::defaults, read
 * from the addon). Construction checks types and throws a TypeError
 * naming the field; values are validated by the engine on connect, which
 * throws ConfigError naming the field.
 */

import { ConfigError, fromNative } from "./errors";
import { binding } from "./native";

export const READ_FROM = ["primary", "prefer_replica", "az_affinity", "az_affinity_replicas_and_primary", "primary_preferred"] as const;
export const PROTOCOLS = ["resp3", "resp2"] as const;
export const CACHE_MODES = ["optin", "bcast"] as const;

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
function wrong(name: string, expected: string, v: unknown): TypeError {
  return new TypeError(`${name}: expected ${expected}, got ${describe(v)}`);
}
function int(name: string, v: unknown): void {
  if (typeof v !== "number" || !Number.isInteger(v)) throw wrong(name, "an integer", v);
}
function optInt(name: string, v: unknown): void {
  if (v !== undefined && v !== null) int(name, v);
}
function num(name: string, v: unknown): void {
  if (typeof v !== "number" || Number.isNaN(v)) throw wrong(name, "a number", v);
}
function bool(name: string, v: unknown): void {
  if (typeof v !== "boolean") throw wrong(name, "a boolean", v);
}
function str(name: string, v: unknown, optional = false): void {
  if (optional && (v === undefined || v === null)) return;
  if (typeof v !== "string") throw wrong(name, "a string", v);
}
function addresses(name: string, v: unknown): void {
  if (!Array.isArray(v)) throw wrong(name, 'an array of "host:port" strings', v);
  v.forEach((a, i) => {
    if (typeof a !== "string") throw wrong(`${name}[${i}]`, 'a "host:port" string', a);
  });
}
function strMap(name: string, v: unknown): void {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrong(name, "an object of strings", v);
  for (const [k, x] of Object.entries(v)) if (typeof x !== "string") throw wrong(`${name}.${k}`, "a string", x);
}
function options(name: string, v: unknown): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw wrong(name, "an options object", v);
  return v as Record<string, unknown>;
}
// The engine's defaults (haven_core::defaults), by the contract's
// "Message.field": the one place each is written. A field left at its
// default here is sent with the engine's own value.
const DEFAULTS: Record<string, number | string> = JSON.parse(binding.defaults());
function defaultNum(name: string): number {
  const v = DEFAULTS[name];
  if (typeof v !== "number") throw new Error(`haven: the engine has no numeric default ${name}`);
  return v;
}
function defaultStr(name: string): string {
  const v = DEFAULTS[name];
  if (typeof v !== "string") throw new Error(`haven: the engine has no default ${name}`);
  return v;
}

/** Copies the given options over the defaults, refusing unknown names. */
function assign(target: object, opts: Record<string, unknown>, what: string): void {
  for (const [k, v] of Object.entries(opts)) {
    if (!(k in target)) throw new TypeError(`${what}: unknown option "${k}"`);
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
}

/** Reconnect delay: min(maxMs, baseMs * factor^attempt) ± jitterPercent. */
export class Backoff {
  baseMs = defaultNum("Backoff.base_ms");
  factor = defaultNum("Backoff.factor");
  maxMs = defaultNum("Backoff.max_ms");
  jitterPercent = defaultNum("Backoff.jitter_percent");
  constructor(opts?: Partial<Backoff>) {
    assign(this, options("reconnect", opts), "Backoff");
    int("reconnect.baseMs", this.baseMs);
    num("reconnect.factor", this.factor);
    int("reconnect.maxMs", this.maxMs);
    num("reconnect.jitterPercent", this.jitterPercent);
  }
}

/** TLS towards the servers; giving a TlsConfig turns TLS on. */
export class TlsConfig {
  caCertPem?: string | Buffer = undefined;
  clientCertPem?: string | Buffer = undefined;
  clientKeyPem?: string | Buffer = undefined;
  insecureSkipVerify = false;
  serverName?: string = undefined;
  constructor(opts?: Partial<TlsConfig>) {
    assign(this, options("tls", opts), "TlsConfig");
    for (const k of ["caCertPem", "clientCertPem", "clientKeyPem"] as const) {
      const v = this[k];
      if (v !== undefined && v !== null && typeof v !== "string" && !Buffer.isBuffer(v)) throw wrong(`tls.${k}`, "PEM text", v);
    }
    bool("tls.insecureSkipVerify", this.insecureSkipVerify);
    str("tls.serverName", this.serverName, true);
  }
}

function positiveInt(name: string, v: unknown): void {
  int(name, v);
  if ((v as number) <= 0) throw new ConfigError(`${name}: must be > 0, got ${v}`);
}

/**
 * The client-side cache (local tier), given as `cache` to any config.
 * Replies of one-key reads are kept in the client and dropped the moment the
 * server says the key changed (RESP3 CLIENT TRACKING; needs protocol
 * "resp3"). An entry lives for min(ttlMs, the key's PTTL); the cache never
 * holds more than maxEntries entries or maxBytes bytes. `mode`: "optin" (the
 * server tracks only what haven caches) or "bcast" (every change under
 * `prefixes`). `commands`: the reads cached without being asked per request
 * (others: `client.cached([...])`). `serveStaleMs` > 0: while the node
 * holding a key is unreachable, a cached read returns the last known value if
 * it is at most that old (counted in `cacheStats().staleServed`); 0: off.
 */
export class ClientCache {
  maxEntries = defaultNum("ClientCache.max_entries");
  maxBytes = defaultNum("ClientCache.max_bytes");
  ttlMs = defaultNum("ClientCache.ttl_ms");
  mode = defaultStr("ClientCache.mode");
  prefixes: (string | Buffer)[] = [];
  commands: string[] = ["GET"];
  serveStaleMs = defaultNum("ClientCache.serve_stale_ms");
  constructor(opts?: Partial<ClientCache>) {
    assign(this, options("cache", opts), "ClientCache");
    this.check();
  }
  check(): void {
    positiveInt("cache.maxEntries", this.maxEntries);
    positiveInt("cache.maxBytes", this.maxBytes);
    positiveInt("cache.ttlMs", this.ttlMs);
    str("cache.mode", this.mode);
    if (!(CACHE_MODES as readonly string[]).includes(this.mode.toLowerCase()))
      throw new ConfigError(`cache.mode: unknown mode "${this.mode}" (expected "optin" or "bcast")`);
    if (!Array.isArray(this.prefixes)) throw wrong("cache.prefixes", "an array of strings or Buffers", this.prefixes);
    this.prefixes.forEach((p, i) => {
      if (typeof p !== "string" && !Buffer.isBuffer(p)) throw wrong(`cache.prefixes[${i}]`, "a string or Buffer", p);
    });
    if (this.prefixes.length > 0 && this.mode.toLowerCase() !== "bcast")
      throw new ConfigError('cache.prefixes: only with mode "bcast"');
    if (!Array.isArray(this.commands)) throw wrong("cache.commands", "an array of command names", this.commands);
    this.commands.forEach((c, i) => str(`cache.commands[${i}]`, c));
    int("cache.serveStaleMs", this.serveStaleMs);
    if (this.serveStaleMs < 0) throw new ConfigError(`cache.serveStaleMs: must be >= 0, got ${this.serveStaleMs}`);
  }
  /** What the native side reads: prefixes as hex, so that any bytes pass JSON. */
  toNative(): Record<string, unknown> {
    return {
      maxEntries: this.maxEntries,
      maxBytes: this.maxBytes,
      ttlMs: this.ttlMs,
      mode: this.mode,
      prefixesHex: this.prefixes.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p).toString("hex")),
      commands: [...this.commands],
      serveStaleMs: this.serveStaleMs,
    };
  }
}

/** `cache` of a config: undefined, or a ClientCache (made from plain options). */
function checkCache(v: unknown): ClientCache | undefined {
  if (v === undefined || v === null) return undefined;
  const c = v instanceof ClientCache ? v : new ClientCache(options("cache", v) as Partial<ClientCache>);
  c.check();
  return c;
}

/** What a credential provider returns: `username` absent or null is the default user. */
export interface Credentials {
  username?: string | null;
  password: string;
}

/**
 * A credential provider (`credentialProvider` of a config): returns the
 * credentials to authenticate with, sync or as a Promise (short-lived tokens,
 * rotated passwords). Asked before the first connection (within
 * connectionTimeoutMs), every `credentialRefreshMs` and on
 * `client.refreshCredentials()`; live connections re-authenticate in place
 * when the answer changes. A throw, a rejection or a wrong shape keeps the
 * current credentials (at connect: the connect fails, saying why).
 */
export type CredentialProvider = () => Credentials | PromiseLike<Credentials>;

/** The smallest credentialRefreshMs the engine accepts. */
const MIN_CREDENTIAL_REFRESH_MS = 100;

/** `credentialProvider` / `credentialRefreshMs` of a config: types, then values. */
function checkCredentialProvider(provider: unknown, refreshMs: unknown): void {
  if (provider !== undefined && provider !== null && typeof provider !== "function")
    throw wrong("credentialProvider", "a function returning { username?, password } (or a Promise of it)", provider);
  optInt("credentialRefreshMs", refreshMs);
  if (refreshMs === undefined || refreshMs === null) return;
  if (provider === undefined || provider === null) throw new ConfigError("credentialRefreshMs: needs a credentialProvider");
  if ((refreshMs as number) < MIN_CREDENTIAL_REFRESH_MS)
    throw new ConfigError(`credentialRefreshMs: must be >= ${MIN_CREDENTIAL_REFRESH_MS}, got ${refreshMs}`);
}

/** Settings every single deployment (standalone, cluster, Sentinel) shares. */
export interface CommonOptions {
  requestTimeoutMs?: number;
  readFrom?: string;
  clientAz?: string;
  nodeAz?: Record<string, string>;
  lazyConnect?: boolean;
  inflightLimit?: number;
  connectionTimeoutMs?: number;
  reconnect?: Backoff | Partial<Backoff>;
  username?: string;
  password?: string;
  /** Credentials from a function instead of username / password (not
   * both): see CredentialProvider. */
  credentialProvider?: CredentialProvider;
  /** Also ask the credentialProvider this often (>= 100); unset: only at
   * connect and on `client.refreshCredentials()`. */
  credentialRefreshMs?: number;
  tls?: TlsConfig | Partial<TlsConfig>;
  database?: number;
  clientName?: string;
  protocol?: string;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  tcpKeepaliveMs?: number;
  tcpUserTimeoutMs?: number;
  /** Dedicated connections per node (blocking commands, sessions), opened on
   * demand; unset: the engine's default (64). */
  maxDedicatedConnections?: number;
  /** A dedicated connection unused this long is closed; unset: the engine's
   * default (30000). */
  dedicatedIdleMs?: number;
  /** The client-side cache; absent: none. */
  cache?: ClientCache | Partial<ClientCache>;
  /** Identical keyed reads in flight at once go to the server once (reads
   * through the cache are coalesced either way). Default false. */
  coalesceReads?: boolean;
  /** Requests to an unreachable primary fail at once with ConnectionError
   * instead of waiting, parked, for a new primary until their deadline.
   * Default false. */
  failFast?: boolean;
  /** The engine's log level for the whole process, applied when the client
   * is created: "error", "warn", "info", "debug", "trace", "off" or
   * directives such as "haven=info,haven::connection=debug" (see setLogger;
   * HAVEN_LOG wins). Absent: leave it ("info" unless set). */
  logLevel?: string;
}

abstract class Common {
  requestTimeoutMs = defaultNum("ClientConfig.request_timeout_ms");
  readFrom: string = defaultStr("ClientConfig.read_from");
  clientAz?: string = undefined;
  nodeAz: Record<string, string> = {};
  lazyConnect = false;
  inflightLimit = defaultNum("ClientConfig.inflight_limit");
  connectionTimeoutMs = defaultNum("ConnectionSettings.connection_timeout_ms");
  reconnect: Backoff = new Backoff();
  username?: string = undefined;
  password?: string = undefined;
  credentialProvider?: CredentialProvider = undefined;
  credentialRefreshMs?: number = undefined;
  tls?: TlsConfig = undefined;
  database = 0;
  clientName?: string = undefined;
  protocol: string = defaultStr("ConnectionSettings.protocol");
  heartbeatIntervalMs = defaultNum("ConnectionSettings.heartbeat_interval_ms");
  heartbeatTimeoutMs = defaultNum("ConnectionSettings.heartbeat_timeout_ms");
  tcpKeepaliveMs = defaultNum("ConnectionSettings.tcp_keepalive_ms");
  tcpUserTimeoutMs = defaultNum("ConnectionSettings.tcp_user_timeout_ms");
  maxDedicatedConnections?: number = undefined;
  dedicatedIdleMs?: number = undefined;
  cache?: ClientCache = undefined;
  coalesceReads = false;
  failFast = false;
  logLevel?: string = undefined;

  protected checkCommon(): void {
    this.cache = checkCache(this.cache);
    if (!(this.reconnect instanceof Backoff)) this.reconnect = new Backoff(this.reconnect as Partial<Backoff>);
    if (this.tls !== undefined && this.tls !== null && !(this.tls instanceof TlsConfig)) this.tls = new TlsConfig(this.tls);
    int("requestTimeoutMs", this.requestTimeoutMs);
    str("readFrom", this.readFrom);
    str("clientAz", this.clientAz, true);
    strMap("nodeAz", this.nodeAz);
    bool("lazyConnect", this.lazyConnect);
    bool("coalesceReads", this.coalesceReads);
    bool("failFast", this.failFast);
    str("logLevel", this.logLevel, true);
    int("inflightLimit", this.inflightLimit);
    int("connectionTimeoutMs", this.connectionTimeoutMs);
    str("username", this.username, true);
    str("password", this.password, true);
    checkCredentialProvider(this.credentialProvider, this.credentialRefreshMs);
    int("database", this.database);
    str("clientName", this.clientName, true);
    str("protocol", this.protocol);
    if (!(PROTOCOLS as readonly string[]).includes(this.protocol.toLowerCase()))
      throw new ConfigError(`protocol: unknown protocol "${this.protocol}" (expected "resp3" or "resp2")`);
    int("heartbeatIntervalMs", this.heartbeatIntervalMs);
    int("heartbeatTimeoutMs", this.heartbeatTimeoutMs);
    int("tcpKeepaliveMs", this.tcpKeepaliveMs);
    int("tcpUserTimeoutMs", this.tcpUserTimeoutMs);
    optInt("maxDedicatedConnections", this.maxDedicatedConnections);
    optInt("dedicatedIdleMs", this.dedicatedIdleMs);
  }
  abstract check(): void;
}

/** A primary with optional replicas, all listed in `addresses` ("host:port"). */
export class StandaloneConfig extends Common {
  readonly kind = "standalone";
  addresses: string[] = [];
  roleCheckIntervalMs = defaultNum("StandaloneDeployment.role_check_interval_ms");
  constructor(opts: { addresses: string[]; roleCheckIntervalMs?: number } & CommonOptions) {
    super();
    assign(this, options("StandaloneConfig", opts), "StandaloneConfig");
    this.check();
  }
  check(): void {
    addresses("addresses", this.addresses);
    int("roleCheckIntervalMs", this.roleCheckIntervalMs);
    this.checkCommon();
  }
}

/** A Redis/Valkey cluster reached through any of its `seeds`. */
export class ClusterConfig extends Common {
  readonly kind = "cluster";
  seeds: string[] = [];
  refreshIntervalMs = defaultNum("ClusterDeployment.refresh_interval_ms");
  addressMap: Record<string, string> = {};
  maxRedirects = defaultNum("ClusterDeployment.max_redirects");
  constructor(
    opts: { seeds: string[]; refreshIntervalMs?: number; addressMap?: Record<string, string>; maxRedirects?: number } & CommonOptions,
  ) {
    super();
    assign(this, options("ClusterConfig", opts), "ClusterConfig");
    this.check();
  }
  check(): void {
    addresses("seeds", this.seeds);
    int("refreshIntervalMs", this.refreshIntervalMs);
    strMap("addressMap", this.addressMap);
    int("maxRedirects", this.maxRedirects);
    this.checkCommon();
  }
}

/** A primary and replicas found through Sentinel (`sentinels` monitor `masterName`). */
export class SentinelConfig extends Common {
  readonly kind = "sentinel";
  sentinels: string[] = [];
  masterName = "";
  sentinelUsername?: string = undefined;
  sentinelPassword?: string = undefined;
  sentinelTls?: TlsConfig = undefined;
  constructor(
    opts: {
      sentinels: string[];
      masterName: string;
      sentinelUsername?: string;
      sentinelPassword?: string;
      sentinelTls?: TlsConfig | Partial<TlsConfig>;
    } & CommonOptions,
  ) {
    super();
    assign(this, options("SentinelConfig", opts), "SentinelConfig");
    this.check();
  }
  check(): void {
    addresses("sentinels", this.sentinels);
    str("masterName", this.masterName);
    str("sentinelUsername", this.sentinelUsername, true);
    str("sentinelPassword", this.sentinelPassword, true);
    if (this.sentinelTls !== undefined && this.sentinelTls !== null && !(this.sentinelTls instanceof TlsConfig))
      this.sentinelTls = new TlsConfig(this.sentinelTls);
    this.checkCommon();
  }
}

/** How an endpoint's health is probed: kind "ping", "info", "http", "custom" or "none". */
export class HealthCheck {
  kind = defaultStr("HealthCheck.kind");
  intervalMs = defaultNum("HealthCheck.interval_ms");
  timeoutMs = defaultNum("HealthCheck.timeout_ms");
  probes = defaultNum("HealthCheck.probes");
  probePolicy = defaultStr("HealthCheck.probe_policy");
  httpUrl?: string = undefined;
  constructor(opts?: Partial<HealthCheck>) {
    assign(this, options("healthCheck", opts), "HealthCheck");
    str("healthCheck.kind", this.kind);
    int("healthCheck.intervalMs", this.intervalMs);
    int("healthCheck.timeoutMs", this.timeoutMs);
    int("healthCheck.probes", this.probes);
    str("healthCheck.probePolicy", this.probePolicy);
    str("healthCheck.httpUrl", this.httpUrl, true);
  }
}

/** Opens an endpoint's circuit on live-traffic failures. */
export class CircuitBreaker {
  windowMs = defaultNum("CircuitBreaker.window_ms");
  failureRate = defaultNum("CircuitBreaker.failure_rate");
  minimumFailures = defaultNum("CircuitBreaker.minimum_failures");
  consecutiveFailures = defaultNum("CircuitBreaker.consecutive_failures");
  halfOpenAfterMs = defaultNum("CircuitBreaker.half_open_after_ms");
  constructor(opts?: Partial<CircuitBreaker>) {
    assign(this, options("circuitBreaker", opts), "CircuitBreaker");
    int("circuitBreaker.windowMs", this.windowMs);
    num("circuitBreaker.failureRate", this.failureRate);
    int("circuitBreaker.minimumFailures", this.minimumFailures);
    int("circuitBreaker.consecutiveFailures", this.consecutiveFailures);
    int("circuitBreaker.halfOpenAfterMs", this.halfOpenAfterMs);
  }
}

export type SingleConfig = StandaloneConfig | ClusterConfig | SentinelConfig;

/** Settings a URL's configuration may be given on top of it (they win). */
export type UrlOverrides = CommonOptions & Record<string, unknown>;

/**
 * The configuration a connection URL describes, with `overrides` (any
 * option of the configuration class) taking precedence over the URL:
 * `redis://[[user]:password@]host[:port][,host2[:port2]...][/db][?option=value&...]`,
 * `rediss://`, `valkey://`, `valkeys://` (TLS on), or
 * `unix:///path/to/redis.sock?db=N`. Query options: db, protocol (2, 3,
 * resp2, resp3), client_name, request_timeout_ms, connection_timeout_ms,
 * read_from, lazy_connect, cluster=true (a ClusterConfig with the hosts as
 * seeds), master_name=NAME (a SentinelConfig with the hosts as Sentinels).
 * Throws ConfigError naming the part of a bad URL (never showing the
 * password), TypeError for an override of the wrong type or name.
 */
export function configFromUrl(url: string, overrides: UrlOverrides = {}): SingleConfig {
  str("url", url);
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(binding.urlSettings(url));
  } catch (e) {
    throw fromNative(e);
  }
  const { kind, tls, ...rest } = settings;
  const opts: Record<string, unknown> = { ...rest, ...(tls === true ? { tls: new TlsConfig() } : {}), ...options("overrides", overrides) };
  switch (kind) {
    case "cluster":
      return new ClusterConfig(opts as unknown as ConstructorParameters<typeof ClusterConfig>[0]);
    case "sentinel":
      return new SentinelConfig(opts as unknown as ConstructorParameters<typeof SentinelConfig>[0]);
    default:
      return new StandaloneConfig(opts as unknown as ConstructorParameters<typeof StandaloneConfig>[0]);
  }
}

/** One endpoint of a multi-endpoint deployment. */
export class Endpoint {
  name = "";
  config!: SingleConfig;
  weight = defaultNum("Endpoint.weight");
  healthCheck?: HealthCheck = undefined;
  constructor(opts: { name: string; config: SingleConfig; weight?: number; healthCheck?: HealthCheck | Partial<HealthCheck> }) {
    assign(this, options("Endpoint", opts), "Endpoint");
    str("endpoint.name", this.name);
    if (!(this.config instanceof StandaloneConfig || this.config instanceof ClusterConfig || this.config instanceof SentinelConfig))
      throw wrong(`endpoint "${this.name}": config`, "a StandaloneConfig, ClusterConfig or SentinelConfig", this.config);
    num("endpoint.weight", this.weight);
    if (this.healthCheck !== undefined && !(this.healthCheck instanceof HealthCheck)) this.healthCheck = new HealthCheck(this.healthCheck);
  }
}

/** Several weighted endpoints with a circuit breaker, health checks, failover and failback. */
export class MultiEndpointConfig {
  readonly kind = "multiEndpoint";
  endpoints: Endpoint[] = [];
  circuitBreaker: CircuitBreaker = new CircuitBreaker();
  healthCheck: HealthCheck = new HealthCheck();
  failbackGraceMs = defaultNum("MultiEndpointDeployment.failback_grace_ms");
  startupPolicy = defaultStr("MultiEndpointDeployment.startup_policy");
  retryWritesOnFailover = false;
  requestTimeoutMs = defaultNum("ClientConfig.request_timeout_ms");
  inflightLimit = defaultNum("ClientConfig.inflight_limit");
  lazyConnect = false;
  cache?: ClientCache = undefined;
  coalesceReads = false;
  failFast = false;
  logLevel?: string = undefined;
  credentialProvider?: CredentialProvider = undefined;
  credentialRefreshMs?: number = undefined;
  constructor(opts: {
    endpoints: Endpoint[];
    circuitBreaker?: CircuitBreaker | Partial<CircuitBreaker>;
    healthCheck?: HealthCheck | Partial<HealthCheck>;
    failbackGraceMs?: number;
    startupPolicy?: string;
    retryWritesOnFailover?: boolean;
    requestTimeoutMs?: number;
    inflightLimit?: number;
    lazyConnect?: boolean;
    cache?: ClientCache | Partial<ClientCache>;
    coalesceReads?: boolean;
    /** Fail at once while no endpoint is healthy instead of waiting until the deadline. */
    failFast?: boolean;
    /** The engine's process-wide log level, applied at create (see setLogger). */
    logLevel?: string;
    /** One credential provider for every endpoint (whose configs then give
     * no password and no provider of their own): see CredentialProvider. */
    credentialProvider?: CredentialProvider;
    /** Also ask the credentialProvider this often (>= 100). */
    credentialRefreshMs?: number;
  }) {
    assign(this, options("MultiEndpointConfig", opts), "MultiEndpointConfig");
    this.check();
  }
  check(): void {
    if (!Array.isArray(this.endpoints)) throw wrong("endpoints", "an array of Endpoint", this.endpoints);
    this.endpoints.forEach((e, i) => {
      if (!(e instanceof Endpoint)) throw wrong(`endpoints[${i}]`, "an Endpoint", e);
      const own = e.config.credentialProvider;
      if (own !== undefined && own !== null)
        throw new ConfigError(
          `endpoints[${i}].config.credentialProvider: give it to the MultiEndpointConfig (one provider for every endpoint)`,
        );
    });
    checkCredentialProvider(this.credentialProvider, this.credentialRefreshMs);
    if (!(this.circuitBreaker instanceof CircuitBreaker)) this.circuitBreaker = new CircuitBreaker(this.circuitBreaker);
    if (!(this.healthCheck instanceof HealthCheck)) this.healthCheck = new HealthCheck(this.healthCheck);
    int("failbackGraceMs", this.failbackGraceMs);
    str("startupPolicy", this.startupPolicy);
    bool("retryWritesOnFailover", this.retryWritesOnFailover);
    int("requestTimeoutMs", this.requestTimeoutMs);
    int("inflightLimit", this.inflightLimit);
    bool("lazyConnect", this.lazyConnect);
    bool("coalesceReads", this.coalesceReads);
    bool("failFast", this.failFast);
    str("logLevel", this.logLevel, true);
    this.cache = checkCache(this.cache);
  }
}

export type Config = StandaloneConfig | ClusterConfig | SentinelConfig | MultiEndpointConfig;

/** Given to the native side apart from the JSON (see `credentialOptions`). */
const NOT_JSON = new Set(["credentialProvider", "credentialRefreshMs"]);

function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  if (v instanceof ClientCache) return v.toNative();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null && !NOT_JSON.has(k)) out[k] = plain(x);
    return out;
  }
  return v;
}

/** The JSON the native side turns into proto's ClientConfig. */
export function toNativeJson(config: unknown): string {
  if (
    !(config instanceof StandaloneConfig || config instanceof ClusterConfig || config instanceof SentinelConfig || config instanceof MultiEndpointConfig)
  ) {
    throw wrong("config", "a StandaloneConfig, ClusterConfig, SentinelConfig or MultiEndpointConfig", config);
  }
  // The objects are mutable: check again what may have changed since.
  config.check();
  return JSON.stringify(plain(config));
}

/** The JSON the native side turns into proto's Endpoint (for addEndpoint). */
export function endpointJson(endpoint: unknown): string {
  if (!(endpoint instanceof Endpoint)) throw wrong("endpoint", "an Endpoint", endpoint);
  return JSON.stringify(plain(endpoint));
}

/** The config's credential provider and refresh interval, for `connect` (the config is checked). */
export function credentialOptions(config: Config): { provider?: CredentialProvider; refreshMs?: number } {
  const provider = config.credentialProvider ?? undefined;
  const refreshMs = config.credentialRefreshMs ?? undefined;
  return { provider, refreshMs };
}
