package io.haven;

/** What {@link HavenClient#writeThrough} does to the cache once the source of truth took the write. */
public enum WriteMode {
    /** SET the new value with the TTL. */
    UPDATE,
    /** DEL the key: the next read loads it. */
    INVALIDATE
}
