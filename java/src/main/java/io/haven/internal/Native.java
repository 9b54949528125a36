package io.haven.internal;

/**
 * The JNI functions of libhaven_jni (java/native/src/lib.rs). Handles are
 * native {@code Arc<Shim>} counts: one per {@code create}/{@code retain},
 * given back by exactly one {@code release} after the last call with it.
 * Engine errors are thrown as the matching {@code io.haven} exception.
 */
public final class Native {
    private Native() {}

    /**
     * Loads the library unless loaded: every client calls this before any
     * native method. Where it cannot be loaded, every call throws the same
     * clear exception (not a one-time ExceptionInInitializerError).
     */
    public static void ensureLoaded() {
        NativeLoader.ensure();
    }

    public static native long create();
    public static native long retain(long handle);
    public static native void release(long handle);
    public static native void connect(long handle, byte[] config, long id);
    public static native void submit(long handle, byte[] request);
    /** Frames queued by engine threads, or null after {@code timeoutMs} with none. */
    public static native byte[] poll(long handle, int timeoutMs);
    public static native void close(long handle);
    public static native long inFlight(long handle);
    public static native void failoverTo(long handle, String name, boolean force);
    public static native String activeEndpoint(long handle);
    public static native String[] endpointHealth(long handle);
    public static native void setHealthCheck(long handle, String nameOrId);
    public static native void healthResult(long handle, long id, boolean healthy);
}
