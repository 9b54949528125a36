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

export interface HavenEvent {
  /** camelCase event kind: "failover", "failback", "circuitOpened", "topologyChanged", "primaryChanged", ... */
  kind: string;
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

export interface NativeClient {
  submit(id: number, args: unknown[], timeoutMs?: number | null, route?: string | null): void;
  submitCached(id: number, args: unknown[], timeoutMs: number | null | undefined, withStale: boolean): void;
  cacheStats(): CacheStats | null;
  loadStats(): LoadStats;
  startCalls(cb: (tokens: number[], runs: boolean[]) => void): void;
  callAnswer(token: number, value?: string | Buffer | null): void;
  callFail(token: number, message: string): void;
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
  batch(id: number, commands: unknown[][], atomic: boolean, timeoutMs?: number | null): void;
  close(): void;
  release(): void;
  inFlight(): number;
  startEvents(cb: (e: HavenEvent) => void): void;
  startMessages(cb: (kind: string, channel: unknown, payload: unknown, pattern: unknown) => void, decode: boolean): void;
  pubsub(kind: string, names: string[], subscribe: boolean): Promise<void>;
  setHealthCheck(name: string, probe: (token: number, endpoint: string) => void): void;
  healthAnswer(token: number, healthy: boolean): void;
  failoverTo(name: string, force: boolean): void;
  setWeight(name: string, weight: number): void;
  activeEndpoint(): string;
  endpointHealth(): EndpointHealth[];
  nodes(): NodeInfo[];
}

export interface Binding {
  connect(
    configJson: string,
    decode: boolean,
    onBatch: (ids: number[], kinds: number[], values: unknown[]) => void,
  ): Promise<NativeClient>;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const binding: Binding = require(path.join(__dirname, "..", "haven.linux-x64-gnu.node"));
