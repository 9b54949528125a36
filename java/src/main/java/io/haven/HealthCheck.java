package io.haven;

import io.haven.internal.Defaults;

/**
 * How an endpoint's health is probed: {@code kind} "ping" (default), "info",
 * "http" (with {@code httpUrl}), "custom" (answered by the function given to
 * {@link HavenClient#setHealthCheck}) or "none"; {@code probes} (3) probes
 * every {@code intervalMs} (500), each failing after {@code timeoutMs} (300),
 * judged by {@code probePolicy} ("all", "majority" (default), "any").
 */
public final class HealthCheck {
    private String kind = Defaults.choice("HealthCheck.kind");
    private long intervalMs = Defaults.integer("HealthCheck.interval_ms");
    private long timeoutMs = Defaults.integer("HealthCheck.timeout_ms");
    private long probes = Defaults.integer("HealthCheck.probes");
    private String probePolicy = Defaults.choice("HealthCheck.probe_policy");
    private String httpUrl;
    private long customId;

    public static HealthCheck create() {
        return new HealthCheck();
    }

    /** A "custom" check: probes call the function registered for the endpoint. */
    public static HealthCheck custom() {
        return new HealthCheck().kind("custom");
    }

    public HealthCheck kind(String v) { kind = v; return this; }
    public HealthCheck intervalMs(long v) { intervalMs = v; return this; }
    public HealthCheck timeoutMs(long v) { timeoutMs = v; return this; }
    public HealthCheck probes(long v) { probes = v; return this; }
    public HealthCheck probePolicy(String v) { probePolicy = v; return this; }
    public HealthCheck httpUrl(String v) { httpUrl = v; return this; }
    /** For kind "custom": a number a function may be registered under instead of the endpoint's name. */
    public HealthCheck customId(long v) { customId = v; return this; }

    io.haven.proto.HealthCheck toProto() {
        io.haven.proto.HealthCheck.Builder b = io.haven.proto.HealthCheck.newBuilder()
                .setKind(kind == null ? "" : kind).setIntervalMs(intervalMs).setTimeoutMs(timeoutMs)
                .setProbes(probes).setProbePolicy(probePolicy == null ? "" : probePolicy).setCustomId(customId);
        if (httpUrl != null) b.setHttpUrl(httpUrl);
        return b.build();
    }
}
