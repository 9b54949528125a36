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

export interface NativeClient {
  submit(id: number, args: unknown[], timeoutMs?: number | null, route?: string | null): void;
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
