package io.haven;

import io.haven.internal.Defaults;

/** Reconnect delay: {@code min(maxMs, baseMs * factor^attempt) ± jitterPercent}. Defaults 100, 2.0, 5000, 20. */
public final class Backoff {
    final long baseMs;
    final double factor;
    final long maxMs;
    final double jitterPercent;

    public Backoff(long baseMs, double factor, long maxMs, double jitterPercent) {
        this.baseMs = baseMs;
        this.factor = factor;
        this.maxMs = maxMs;
        this.jitterPercent = jitterPercent;
    }

    /** The defaults: 100 ms, factor 2.0, at most 5000 ms, ±20 %. */
    public static Backoff defaults() {
        return new Backoff(Defaults.integer("Backoff.base_ms"), Defaults.number("Backoff.factor"),
                Defaults.integer("Backoff.max_ms"), Defaults.number("Backoff.jitter_percent"));
    }

    io.haven.proto.Backoff toProto() {
        return io.haven.proto.Backoff.newBuilder()
                .setBaseMs(baseMs).setFactor(factor).setMaxMs(maxMs).setJitterPercent(jitterPercent).build();
    }
}
