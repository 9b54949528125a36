package io.haven;

/**
 * Per-request options of {@link HavenClient#customCommand(RequestOptions, String...)}
 * and {@link HavenClient#exec(Batch, RequestOptions)}. Defaults: the
 * client's requestTimeoutMs; not resend-safe; routed by the command's keys. Setters reject bad values at
 * once with a {@link ConfigException} naming the field.
 */
public final class RequestOptions {
    long timeoutMs = -1;
    boolean resendSafe;
    io.haven.proto.Route route;

    public static RequestOptions create() {
        return new RequestOptions();
    }

    /** Overrides the client's requestTimeoutMs for this request (&gt; 0). */
    public RequestOptions timeoutMs(long v) {
        if (v <= 0) throw new ConfigException("timeout_ms: must be > 0, got " + v);
        timeoutMs = v;
        return this;
    }

    /**
     * The command may run twice. A write that was on the wire when its
     * node's link died (primary killed, failing over) is then sent again to
     * the new primary; by default it fails with a ConnectionException, since
     * the server may have run it (reads and requests never written are
     * always sent again).
     */
    public RequestOptions resendSafe(boolean v) {
        resendSafe = v;
        return this;
    }

    public boolean resendSafe() { return resendSafe; }

    /**
     * Where the request goes instead of where its keys say: "all_primaries",
     * "all_nodes", "random", "primary" or a node's "host:port" ("" or
     * "auto": the keys decide). A bad route is a {@link ConfigException}.
     */
    public RequestOptions route(String route) {
        java.util.Objects.requireNonNull(route, "route");
        io.haven.internal.Native.ensureLoaded();
        byte[] bytes = io.haven.internal.Native.parseRoute(route);
        try {
            this.route = bytes.length == 0 ? null : io.haven.proto.Route.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ConfigException("route: " + e.getMessage());
        }
        return this;
    }

    /** Fills the request's options. */
    io.haven.proto.CommandRequest.Builder apply(io.haven.proto.CommandRequest.Builder r) {
        if (timeoutMs > 0) r.setTimeoutMs(timeoutMs);
        if (route != null) r.setRoute(route);
        return r.setResendSafe(resendSafe);
    }
}
