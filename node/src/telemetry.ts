/**
 * OpenTelemetry traces and metrics from haven's engine, for the whole
 * process: `telemetry.init({ endpoint: "http://collector:4318",
 * samplePercentage: 1 })`. Spans (one per command, named after it, with
 * db.system.name, db.operation.name, server.address, server.port and
 * error.type; events for retries, redirects and parking) and metrics
 * (db.client.operation.duration by command and outcome, haven.client.*
 * counters) go over OTLP (HTTP/protobuf or gRPC) from the engine's exporter
 * threads. Argument values are never recorded. Without an endpoint the
 * standard OTEL_EXPORTER_OTLP_ENDPOINT (and the other OTEL_* variables)
 * apply. `client.stats()` gives the same metrics without a collector.
 */

import { fromNative } from "./errors";
import { binding } from "./native";

export interface TelemetryOptions {
  /**
   * The OTLP receiver's base URL: for http/protobuf /v1/traces and
   * /v1/metrics are added; for grpc the collector's address
   * ("http://collector:4317").
   */
  endpoint?: string | null;
  /** "http/protobuf" (the default) or "grpc"; else OTEL_EXPORTER_OTLP_PROTOCOL. */
  protocol?: "http/protobuf" | "grpc" | null;
  /** Percentage of commands traced, 0 to 100 (default 1). */
  samplePercentage?: number;
  /** How often spans and metrics are sent, in ms (default 5000). */
  flushIntervalMs?: number;
  /** The service.name resource attribute (else OTEL_SERVICE_NAME). */
  serviceName?: string | null;
}

/** Turns OpenTelemetry on for the process, once (a second call throws ConfigError). */
export function init(options: TelemetryOptions = {}): void {
  if (options === null || typeof options !== "object") throw new TypeError("options: expected an object");
  const { endpoint, samplePercentage, flushIntervalMs, serviceName, protocol } = options;
  if (endpoint != null && typeof endpoint !== "string") throw new TypeError("endpoint: expected a string");
  if (samplePercentage != null && typeof samplePercentage !== "number") throw new TypeError("samplePercentage: expected a number");
  if (flushIntervalMs != null && typeof flushIntervalMs !== "number") throw new TypeError("flushIntervalMs: expected a number");
  if (serviceName != null && typeof serviceName !== "string") throw new TypeError("serviceName: expected a string");
  if (protocol != null && typeof protocol !== "string") throw new TypeError("protocol: expected a string");
  try {
    binding.telemetryInit(endpoint ?? null, samplePercentage ?? null, flushIntervalMs ?? null, serviceName ?? null, protocol ?? null);
  } catch (e) {
    throw fromNative(e);
  }
}

/** Sends the buffered spans and a metrics collection now (blocks until sent). */
export function flush(): void {
  try {
    binding.telemetryFlush();
  } catch (e) {
    throw fromNative(e);
  }
}

/** Whether init() ran in this process. */
export function enabled(): boolean {
  return binding.telemetryEnabled();
}
