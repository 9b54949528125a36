package io.haven;

/**
 * Requests that waited, parked, for a reachable primary
 * ({@link HavenClient#parkStats()}): parkedNow (waiting now), parkedTotal
 * (ever waited), resumed (of those, sent on after the wait; the rest met
 * their deadline or the client closed), longestWaitMs.
 */
public record ParkStats(long parkedNow, long parkedTotal, long resumed, long longestWaitMs) {
    static ParkStats of(long[] v) {
        return new ParkStats(v[0], v[1], v[2], v[3]);
    }
}
