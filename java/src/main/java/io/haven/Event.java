package io.haven;

/**
 * An engine event: a connection, primary or topology change, failover,
 * failback, circuit or endpoint-health change, requests parked while no
 * primary is reachable. {@code endpoint}: the endpoint (multi-endpoint) it
 * concerns; {@code node}: "host:port" if any; {@code from}/{@code to}: for
 * failover, failback and switches.
 */
public record Event(Kind kind, String endpoint, String node, String reason, long timeUnixMs, String from, String to) {
    /**
     * The kinds of proto/haven.proto's EventKind, by name. A kind this
     * version does not know (a newer engine) is {@link #UNKNOWN}.
     */
    public enum Kind {
        UNSPECIFIED, NODE_CONNECTED, NODE_DISCONNECTED, NODE_RECONNECT_FAILED, PRIMARY_CHANGED,
        TOPOLOGY_CHANGED, FAILOVER, FAILBACK, CIRCUIT_OPENED, CIRCUIT_HALF_OPEN, CIRCUIT_CLOSED,
        ENDPOINT_HEALTHY, ENDPOINT_UNHEALTHY, NO_HEALTHY_ENDPOINT, MANUAL_SWITCH,
        /** A blocking command's reply arrived after its caller gave up (deadline or cancel). */
        ORPHANED_REPLY,
        /** Requests started waiting, parked, for a reachable primary ({@code node}: the one that failed). */
        REQUESTS_PARKED,
        /** No request waits for a primary any more ({@code reason} gives the longest wait). */
        REQUESTS_RESUMED,
        /** A kind added by a newer engine. */
        UNKNOWN;

        /** The kind of a proto EventKind number; UNKNOWN for one this version does not know. */
        static Kind of(int number) {
            io.haven.proto.EventKind k = io.haven.proto.EventKind.forNumber(number);
            if (k == null || k == io.haven.proto.EventKind.UNRECOGNIZED) return UNKNOWN;
            if (k == io.haven.proto.EventKind.EVENT_UNSPECIFIED) return UNSPECIFIED;
            try {
                return valueOf(k.name());
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }

    static Event fromProto(io.haven.proto.Event e) {
        return new Event(Kind.of(e.getKindValue()), e.getEndpoint(), e.getNode(),
                e.getReason(), e.getTimeUnixMs(), e.getFrom(), e.getTo());
    }
}
