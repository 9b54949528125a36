package io.haven;

/**
 * {@link HavenClient#getOrLoad}'s counters: hits (answered from Redis or the
 * local cache), loaderCalls, coalesced (callers that waited for another
 * caller's loader in this process), leaseWaits (waits for another process's
 * lease), loaderErrors, cacheUnavailable (calls answered by the loader
 * because Redis could not be reached), earlyRefreshes, pendingInvalidations
 * (keys whose update after a write-through waits for Redis to answer again).
 */
public record LoadStats(long hits, long loaderCalls, long coalesced, long leaseWaits, long loaderErrors,
                        long cacheUnavailable, long earlyRefreshes, long pendingInvalidations) {
    static LoadStats of(long[] v) {
        return new LoadStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
