/** Loads the prebuilt addon (haven.linux-x64-gnu.node at the package root). */

import * as path from "path";

export interface NodeInfo {
  address: string;
  role: string;
  availabilityZone?: string | null;
  connected: boolean;
  connects: number;
  reconnectAttempts: number;
}

export interface EndpointHealth {
  name: string;
  healthy: boolean;
  lastError?: string | null;
}

/** The engine's event kinds (proto EventKind, camelCase); a newer engine may add others. */
export type EventKind =
  | "nodeConnected"
  | "nodeDisconnected"
  | "nodeReconnectFailed"
  | "primaryChanged"
  | "topologyChanged"
  | "failover"
  | "failback"
  | "circuitOpened"
  | "circuitHalfOpen"
  | "circuitClosed"
  | "endpointHealthy"
  | "endpointUnhealthy"
  | "noHealthyEndpoint"
  | "manualSwitch"
  /** A blocking command's reply arrived after its caller gave up (deadline or abort). */
  | "orphanedReply"
  /** Requests started waiting, parked, for a reachable primary (`node`: the one that failed). */
  | "requestsParked"
  /** No request waits for a primary any more (`reason` gives the longest wait). */
  | "requestsResumed";

export interface HavenEvent {
  /** camelCase event kind (see EventKind); an unknown future kind arrives as "unknown<N>". */
  kind: EventKind | (string & {});
  endpoint: string;
  node: string;
  reason: string;
  timeUnixMs: number;
  from: string;
  to: string;
}

/** The client-side cache's counters (`client.cacheStats()`). */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Outage fallbacks: last known values served marked stale. */
  staleServed: number;
  /** Entries dropped because the server (or a write of this client) said their key changed. */
  invalidations: number;
  /** Entries dropped to stay within maxEntries / maxBytes. */
  evictions: number;
  /** Reads that waited for an identical read in flight instead of sending. */
  coalesced: number;
  /** Times every entry was dropped or marked stale (link lost, failover). */
  flushes: number;
  entries: number;
  bytes: number;
}

/** `getOrLoad`'s counters (`client.loadStats()`). */
export interface LoadStats {
  /** Calls answered by the value in Redis (or the local cache). */
  hits: number;
  /** Times a loader ran. */
  loaderCalls: number;
  /** Callers that waited for another caller's loader in this process. */
  coalesced: number;
  /** Times a caller waited because another process held the lease. */
  leaseWaits: number;
  /** Loader failures (passed to every waiter, never cached). */
  loaderErrors: number;
  /** Calls served by the loader because Redis could not be reached. */
  cacheUnavailable: number;
  /** Background refreshes started early (XFetch). */
  earlyRefreshes: number;
  /** Keys whose cache entry could not be updated after a write, to delete once Redis answers. */
  pendingInvalidations: number;
}

/** Requests that waited, parked, for a reachable primary (`client.parkStats()`). */
export interface ParkStats {
  /** Waiting now. */
  parkedNow: number;
  /** Ever waited. */
  parkedTotal: number;
  /** Of those, sent on after the wait (the rest met their deadline or the client closed). */
  resumed: number;
  /** The longest wait, in ms. */
  longestWaitMs: number;
}

export interface NativeClient {
  submit(
    id: number,
    args: unknown[],
    timeoutMs?: number | null,
    route?: string | null,
    session?: number | null,
    resendSafe?: boolean,
  ): void;
  submitCached(id: number, args: unknown[], timeoutMs: number | null | undefined, withStale: boolean): void;
  /** Starts the requests held since the last batch of replies, together. */
  startHeld(): void;
  cacheStats(): CacheStats | null;
  loadStats(): LoadStats;
  parkStats(): ParkStats;
  statsJson(): string;
  /** `cb(tokens, calls)`: run tokens[i]'s function and answer as calls[i], or forget it (calls[i] 0). */
  startCalls(cb: (tokens: number[], calls: number[]) => void): void;
  callAnswer(call: number, value?: string | Buffer | null): void;
  callFail(call: number, message: string): void;
  getOrLoad(
    id: number,
    token: number,
    key: string | Buffer,
    ttlMs: number,
    jitter: number,
    leaseMs?: number | null,
    earlyRefresh?: number | null,
  ): void;
  writeThrough(id: number, token: number, key: string | Buffer, value: string | Buffer, ttlMs: number, mode: string): void;
  batch(
    id: number,
    commands: unknown[][],
    atomic: boolean,
    timeoutMs?: number | null,
    session?: number | null,
    resendSafe?: boolean,
  ): void;
  /** Cancels request `id` (blocking and session commands; a no-op for others). */
  cancel(id: number): void;
  openSession(): number;
  closeSession(id: number): boolean;
  close(): void;
  release(): void;
  inFlight(): number;
  startEvents(cb: (e: HavenEvent) => void): void;
  startMessages(cb: (kind: string, channel: unknown, payload: unknown, pattern: unknown) => void, decode: boolean): void;
  pubsub(kind: string, names: string[], subscribe: boolean): Promise<void>;
  setHealthCheck(name: string, probe: (token: number, endpoint: string) => void): void;
  /** Asks the credential provider now: whether the credentials changed. */
  refreshCredentials(): Promise<boolean>;
  healthAnswer(token: number, healthy: boolean): void;
  failoverTo(name: string, force: boolean): void;
  setWeight(name: string, weight: number): void;
  addEndpoint(endpointJson: string): Promise<void>;
  removeEndpoint(name: string): void;
  activeEndpoint(): string;
  endpointHealth(): EndpointHealth[];
  nodes(): NodeInfo[];
}

export interface Binding {
  /** `provider(token)`: ask the credential provider, answer with credentialAnswer / credentialFail. */
  connect(
    configJson: string,
    decode: boolean,
    onBatch: (ids: number[], kinds: number[], values: unknown[]) => void,
    provider?: ((token: number) => void) | null,
    refreshMs?: number | null,
  ): Promise<NativeClient>;
  /** The engine's default of every setting, as JSON by the contract's "Message.field". */
  defaults(): string;
  /** What a connection URL sets, as JSON: camelCase settings and "kind". */
  urlSettings(url: string): string;
  credentialAnswer(token: number, username: string | null, password: string): void;
  credentialFail(token: number, message: string): void;
  /** The engine's log records, in batches, to `sink` (null: nowhere). See logging.ts. */
  setLogSink(sink: ((records: { level: string; logger: string; message: string; timeUnixMs: number }[]) => void) | null): void;
  /** The engine's process-wide log level; false when HAVEN_LOG wins. */
  setLogLevel(level: string): boolean;
  telemetryInit(endpoint?: string | null, samplePercentage?: number | null, flushIntervalMs?: number | null, serviceName?: string | null, protocol?: string | null): void;
  telemetryFlush(): void;
  telemetryEnabled(): boolean;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const binding: Binding = require(path.join(__dirname, "..", "haven.linux-x64-gnu.node"));
