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
    /** The serialized ClientConfig a connection URL describes; ConfigException names a bad part. */
    public static native byte[] configFromUrl(String url);
    /** The engine's defaults, one {@code Message.field=value} per line (see {@link Defaults}). */
    public static native String defaults();
    /**
     * {@code connect} with credentials from the provider this client's Core
     * holds (asked through Call frames of kind 2), every {@code refreshMs}
     * (0: only when asked).
     */
    public static native void connectWithCredentials(long handle, byte[] config, long id, long refreshMs);
    /** Asks the credential provider now, as request {@code id} (a boolean reply: changed). */
    public static native void refreshCredentials(long handle, long id);
    public static native void submit(long handle, byte[] request);
    /**
     * A blocking call: submits a serialized CommandRequest and returns its
     * serialized Response, waiting on the calling thread (the engine ends
     * every request by its deadline).
     */
    public static native byte[] call(long handle, byte[] request);
    /** Frames queued by engine threads, or null after {@code timeoutMs} with none. */
    public static native byte[] poll(long handle, int timeoutMs);
    public static native void close(long handle);
    /**
     * Cancels request {@code id} if it is a blocking or session command still
     * running (after every request submitted before this call).
     */
    public static native void cancel(long handle, long id);
    /** A new session's id (its dedicated connection is taken on its first command). */
    public static native long openSession(long handle);
    /** Releases a session after every request submitted before this call. */
    public static native void closeSession(long handle, long id);
    public static native long inFlight(long handle);
    public static native void failoverTo(long handle, String name, boolean force);
    /** A route's text as a serialized Route (empty: the keys decide); ConfigException names a bad one. */
    public static native byte[] parseRoute(String route);
    /** Pub/sub messages from now on arrive as Message frames (tag 6). */
    public static native void startMessages(long handle);
    /** (Un)subscribes {@code names}: kind 0 channels, 1 patterns, 2 shard channels; request {@code id}. */
    public static native void pubsub(long handle, int kind, byte[][] names, boolean subscribe, long id);
    /** Adds a serialized Endpoint as request {@code id} (a nil reply once added). */
    public static native void addEndpoint(long handle, byte[] endpoint, long id);
    public static native void removeEndpoint(long handle, String name);
    public static native void setWeight(long handle, String name, double weight);
    public static native String activeEndpoint(long handle);
    public static native String[] endpointHealth(long handle);
    public static native void setHealthCheck(long handle, String nameOrId);
    public static native void healthResult(long handle, long id, boolean healthy);
    /**
     * Starts cache-aside of {@code key} as request {@code id}; the loader
     * registered under token {@code id} is asked for through a Call frame.
     * {@code leaseMs} &lt;= 0: no lease; {@code earlyRefresh} NaN: off.
     */
    public static native void getOrLoad(long handle, long id, byte[] key, long ttlMs, double jitter, long leaseMs, double earlyRefresh);
    /** Starts write-through as request {@code id} with the writer registered under token {@code id}. */
    public static native void writeThrough(long handle, long id, byte[] key, byte[] value, long ttlMs, boolean invalidate);
    /** The answer to Call frame {@code callId}: {@code error} non-null is a failure. */
    public static native void callResult(long handle, long callId, byte[] value, String error);
    /** The client-side cache's counters, or null without a cache (see CacheStats). */
    public static native long[] cacheStats(long handle);
    /** get_or_load's counters (see LoadStats). */
    public static native long[] loadStats(long handle);

    /** Park stats: parkedNow, parkedTotal, resumed, longestWaitMs. */
    public static native long[] parkStats(long handle);

    /** The client's metrics snapshot as JSON text. */
    public static native String statsJson(long handle);

    /** OpenTelemetry for the process (null endpoint / service name: the OTEL_* variables). */
    public static native void telemetryInit(String endpoint, double samplePercentage, long flushIntervalMs, String serviceName, String protocol);

    public static native void telemetryFlush();

    public static native void telemetryShutdown();

    public static native boolean telemetryEnabled();

    /** Makes the engine queue its log records for {@link #takeLogs} (see {@link Logs}). */
    public static native boolean startLogs();
    /**
     * Waits up to timeoutMs for log records; null when none. Frames:
     * [level u8: 1 error .. 5 trace][time ms i64 BE][logger len u16 BE][logger UTF-8][message len u32 BE][message UTF-8].
     */
    public static native byte[] takeLogs(int timeoutMs);
    /** Sets the engine's process-wide log level; false when HAVEN_LOG is set (it wins). */
    public static native boolean setLogLevel(String level);
}
