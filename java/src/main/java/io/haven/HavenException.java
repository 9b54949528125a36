package io.haven;

/**
 * Base class of every error haven reports. One subclass per engine error kind,
 * with the same names as in every haven binding (Python's {@code ResponseError}
 * is {@link ResponseException} here); the message is the engine's: the server's
 * text, the node, or the configuration field that was wrong.
 */
public class HavenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HavenException(String message) {
        super(message);
    }

    /** The exception of an engine error kind (proto {@code ErrorKind}). */
    public static HavenException of(io.haven.proto.ErrorKind kind, String message) {
        switch (kind) {
            case RESPONSE_ERROR: return new ResponseException(message);
            case TIMEOUT_ERROR: return new TimeoutException(message);
            case CONNECTION_ERROR: return new ConnectionException(message);
            case CLUSTER_ERROR: return new ClusterException(message);
            case NO_HEALTHY_ENDPOINT_ERROR: return new NoHealthyEndpointException(message);
            case BACKPRESSURE_ERROR: return new BackpressureException(message);
            case CLOSING_ERROR: return new ClosingException(message);
            case CONFIG_ERROR: return new ConfigException(message);
            case WATCH_ERROR: return new WatchException(message);
            case INTERNAL_ERROR: return new InternalException(message);
            default: return new HavenException(message);
        }
    }
}
