package io.haven;

import java.util.OptionalLong;

/**
 * A reply read through the client-side cache ({@link HavenClient#cachedWithStale}):
 * the value, and for a value served stale during an outage how many
 * milliseconds past its validity it is (empty for a fresh reply).
 */
public record CachedValue<T>(T value, OptionalLong staleMs) {
    public boolean isStale() {
        return staleMs.isPresent();
    }
}
