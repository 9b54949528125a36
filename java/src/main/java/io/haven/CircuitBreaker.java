package io.haven;

import io.haven.internal.Defaults;

/**
 * Opens an endpoint's circuit on live-traffic failures: a {@code failureRate}
 * (0.5) over {@code windowMs} (2000) with at least {@code minimumFailures} (20),
 * or {@code consecutiveFailures} (5; 0 off) in a row; half-open after
 * {@code halfOpenAfterMs} (1000).
 */
public final class CircuitBreaker {
    private long windowMs = Defaults.integer("CircuitBreaker.window_ms");
    private double failureRate = Defaults.number("CircuitBreaker.failure_rate");
    private long minimumFailures = Defaults.integer("CircuitBreaker.minimum_failures");
    private long consecutiveFailures = Defaults.integer("CircuitBreaker.consecutive_failures");
    private long halfOpenAfterMs = Defaults.integer("CircuitBreaker.half_open_after_ms");

    public static CircuitBreaker create() {
        return new CircuitBreaker();
    }

    public CircuitBreaker windowMs(long v) { windowMs = v; return this; }
    public CircuitBreaker failureRate(double v) { failureRate = v; return this; }
    public CircuitBreaker minimumFailures(long v) { minimumFailures = v; return this; }
    public CircuitBreaker consecutiveFailures(long v) { consecutiveFailures = v; return this; }
    public CircuitBreaker halfOpenAfterMs(long v) { halfOpenAfterMs = v; return this; }

    io.haven.proto.CircuitBreaker toProto() {
        return io.haven.proto.CircuitBreaker.newBuilder().setWindowMs(windowMs).setFailureRate(failureRate)
                .setMinimumFailures(minimumFailures).setConsecutiveFailures(consecutiveFailures)
                .setHalfOpenAfterMs(halfOpenAfterMs).build();
    }
}
