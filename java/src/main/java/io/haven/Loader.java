package io.haven;

/**
 * A cache-aside loader ({@link HavenClient#getOrLoad}): reads the value from
 * the source of truth. It runs on a "haven-loader" thread (never an engine
 * or the dispatcher thread) and may block. A thrown exception (or a null
 * value) fails every caller waiting for this load with a
 * {@link ResponseException} carrying its message; nothing is cached.
 */
@FunctionalInterface
public interface Loader<T> {
    T load() throws Exception;
}
