package io.haven;

/**
 * The client-side cache's counters ({@link HavenClient#cacheStats()}): hits,
 * misses, staleServed (last known values served during an outage),
 * invalidations (entries dropped because their key changed), evictions (to
 * stay within maxEntries/maxBytes), coalesced (reads that waited for an
 * identical read in flight), flushes (every entry dropped: link lost,
 * failover), and the current entries and bytes.
 */
public record CacheStats(long hits, long misses, long staleServed, long invalidations, long evictions,
                         long coalesced, long flushes, long entries, long bytes) {
    static CacheStats of(long[] v) {
        return new CacheStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }
}
