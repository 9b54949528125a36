package io.haven;

/**
 * A write-through writer ({@link HavenClient#writeThrough}): writes to the
 * source of truth. Runs on a "haven-loader" thread and may block; a thrown
 * exception fails the call with a {@link ResponseException} carrying its
 * message and leaves the cache untouched.
 */
@FunctionalInterface
public interface SourceWriter {
    void write() throws Exception;
}
