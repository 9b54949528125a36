package io.haven;

/**
 * How {@link HavenClient#getOrLoad} stores and protects a value. Defaults:
 * ttlMs 60000; jitter 0.1 (the TTL is scaled by a random factor in
 * [1 - jitter, 1], so keys loaded together do not expire together); no
 * lease; no early refresh. Setters reject bad values at once with a
 * {@link ConfigException} naming the field.
 */
public final class LoadOptions {
    long ttlMs = 60000;
    double jitter = 0.1;
    long leaseMs;
    double earlyRefresh = Double.NaN;

    public static LoadOptions create() {
        return new LoadOptions();
    }

    /** The value's time to live in Redis (> 0). */
    public LoadOptions ttlMs(long v) {
        if (v <= 0) throw new ConfigException("get_or_load.ttl_ms: must be > 0, got " + v);
        ttlMs = v;
        return this;
    }

    /** Spread of the TTL, within [0, 1). */
    public LoadOptions jitter(double v) {
        if (!(v >= 0.0 && v < 1.0)) throw new ConfigException("get_or_load.jitter: must be within 0..1, got " + v);
        jitter = v;
        return this;
    }

    /**
     * A fleet-wide lease (&gt;= 1 ms): only the process holding
     * {@code <key>:haven-lease} loads; others poll for the value until the
     * lease would have expired, then try for it themselves.
     */
    public LoadOptions leaseMs(long v) {
        if (v < 1) throw new ConfigException("get_or_load.lease_ms: must be at least 1, got " + v);
        leaseMs = v;
        return this;
    }

    /**
     * XFetch early refresh with this beta (&gt; 0; 1.0 is the usual choice): a
     * hit on a value this process loaded refreshes it in the background when
     * it is close to expiry, with a probability that grows with how long
     * the last load took; the current value is served meanwhile.
     */
    public LoadOptions earlyRefresh(double beta) {
        if (!(beta > 0.0) || Double.isInfinite(beta)) {
            throw new ConfigException("get_or_load.early_refresh: beta must be > 0, got " + beta);
        }
        earlyRefresh = beta;
        return this;
    }

    public long ttlMs() { return ttlMs; }
    public double jitter() { return jitter; }
}
