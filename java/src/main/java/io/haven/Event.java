package io.haven;

/**
 * An engine event: a connection, primary or topology change, failover,
 * failback, circuit or endpoint-health change. {@code endpoint}: the
 * endpoint (multi-endpoint) it concerns; {@code node}: "host:port" if any;
 * {@code from}/{@code to}: for failover, failback and switches.
 */
public record Event(Kind kind, String endpoint, String node, String reason, long timeUnixMs, String from, String to) {
    /** The kinds of proto/haven.proto's EventKind. */
    public enum Kind {
        UNSPECIFIED, NODE_CONNECTED, NODE_DISCONNECTED, NODE_RECONNECT_FAILED, PRIMARY_CHANGED,
        TOPOLOGY_CHANGED, FAILOVER, FAILBACK, CIRCUIT_OPENED, CIRCUIT_HALF_OPEN, CIRCUIT_CLOSED,
        ENDPOINT_HEALTHY, ENDPOINT_UNHEALTHY, NO_HEALTHY_ENDPOINT, MANUAL_SWITCH
    }

    static Event fromProto(io.haven.proto.Event e) {
        Kind[] kinds = Kind.values();
        int k = e.getKindValue();
        return new Event(k >= 0 && k < kinds.length ? kinds[k] : Kind.UNSPECIFIED, e.getEndpoint(), e.getNode(),
                e.getReason(), e.getTimeUnixMs(), e.getFrom(), e.getTo());
    }
}
