package io.haven;

import io.haven.internal.Native;

/**
 * OpenTelemetry traces and metrics from haven's engine, for the whole
 * process: {@code HavenTelemetry.init("http://collector:4318", 1.0, 5000, "my-service")}.
 * Spans (one per command, named after it, with db.system.name,
 * db.operation.name, server.address, server.port and error.type; events for
 * retries, redirects and parking) and metrics (db.client.operation.duration
 * by command and outcome, haven.client.* counters) go over OTLP/HTTP
 * (protobuf) from the engine's exporter threads. Argument values are never
 * recorded. With a null endpoint the standard OTEL_EXPORTER_OTLP_ENDPOINT
 * (and the other OTEL_* variables) apply. {@link HavenClient#stats()} gives
 * the same metrics without a collector.
 */
public final class HavenTelemetry {
    private HavenTelemetry() {}

    /**
     * Turns OpenTelemetry on for the process, once (a second call throws
     * ConfigException, as do a percentage outside 0..100 and an interval
     * below 1 ms).
     *
     * @param endpoint the OTLP receiver's base URL (for http/protobuf /v1/traces and /v1/metrics are
     *     added; for grpc the collector's address, "http://collector:4317"), or null
     * @param samplePercentage percentage of commands traced, 0 to 100
     * @param flushIntervalMs how often spans and metrics are sent
     * @param serviceName the service.name resource attribute, or null
     * @param protocol "http/protobuf" or "grpc", or null (OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf)
     */
    public static void init(
            String endpoint, double samplePercentage, long flushIntervalMs, String serviceName, String protocol) {
        Native.ensureLoaded();
        Native.telemetryInit(endpoint, samplePercentage, flushIntervalMs, serviceName, protocol);
    }

    /** {@link #init(String, double, long, String, String)} with the protocol from OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf. */
    public static void init(String endpoint, double samplePercentage, long flushIntervalMs, String serviceName) {
        init(endpoint, samplePercentage, flushIntervalMs, serviceName, null);
    }

    /** {@link #init(String, double, long, String)} with 1% sampling, every 5 s, no service name. */
    public static void init(String endpoint) {
        init(endpoint, 1.0, 5000, null);
    }

    /** Sends the buffered spans and a metrics collection now (blocks until sent). */
    public static void flush() {
        Native.ensureLoaded();
        Native.telemetryFlush();
    }

    /**
     * Sends what is buffered, then stops tracing and exporting for the rest
     * of the process ({@link #init} cannot run again); for process exit.
     */
    public static void shutdown() {
        Native.ensureLoaded();
        Native.telemetryShutdown();
    }

    /** Whether init ran in this process. */
    public static boolean enabled() {
        Native.ensureLoaded();
        return Native.telemetryEnabled();
    }
}
