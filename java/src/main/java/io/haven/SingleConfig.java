package io.haven;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings standalone, cluster and Sentinel deployments share, with
 * their defaults: requestTimeoutMs 250, readFrom "primary" (or
 * "prefer_replica", "az_affinity", "az_affinity_replicas_and_primary"),
 * clientAz/nodeAz for the az strategies, lazyConnect false, inflightLimit
 * 1000, connectionTimeoutMs 2000, reconnect {@link Backoff#defaults()},
 * username/password, tls (null: off), database 0, clientName, protocol
 * "resp3" (or "resp2"), heartbeatIntervalMs 1000, heartbeatTimeoutMs 3000,
 * tcpKeepaliveMs 5000, tcpUserTimeoutMs 5000 (0 turns each of the last four off),
 * cache (null: no client-side cache; see {@link ClientCache}), coalesceReads
 * false (true: identical keyed reads in flight at once go to the server once;
 * reads through the cache are coalesced either way).
 */
public abstract sealed class SingleConfig implements ClientConfig permits StandaloneConfig, ClusterConfig, SentinelConfig {
    final long requestTimeoutMs;
    final String readFrom;
    final String clientAz;
    final Map<String, String> nodeAz;
    final boolean lazyConnect;
    final long inflightLimit;
    final long connectionTimeoutMs;
    final Backoff reconnect;
    final String username;
    final String password;
    final TlsConfig tls;
    final long database;
    final String clientName;
    final String protocol;
    final long heartbeatIntervalMs;
    final long heartbeatTimeoutMs;
    final long tcpKeepaliveMs;
    final long tcpUserTimeoutMs;
    final ClientCache cache;
    final boolean coalesceReads;

    SingleConfig(Builder<?> b) {
        requestTimeoutMs = b.requestTimeoutMs;
        readFrom = Objects.requireNonNullElse(b.readFrom, "primary");
        clientAz = b.clientAz;
        nodeAz = Map.copyOf(b.nodeAz);
        lazyConnect = b.lazyConnect;
        coalesceReads = b.coalesceReads;
        inflightLimit = b.inflightLimit;
        connectionTimeoutMs = b.connectionTimeoutMs;
        reconnect = Objects.requireNonNullElse(b.reconnect, Backoff.defaults());
        username = b.username;
        password = b.password;
        tls = b.tls;
        database = b.database;
        clientName = b.clientName;
        String p = Objects.requireNonNullElse(b.protocol, "resp3").toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("resp3") && !p.equals("resp2")) {
            throw new ConfigException("protocol: unknown protocol '" + b.protocol + "' (expected 'resp3' or 'resp2')");
        }
        protocol = p;
        heartbeatIntervalMs = b.heartbeatIntervalMs;
        heartbeatTimeoutMs = b.heartbeatTimeoutMs;
        tcpKeepaliveMs = b.tcpKeepaliveMs;
        tcpUserTimeoutMs = b.tcpUserTimeoutMs;
        cache = b.cache;
    }

    static List<String> addresses(String field, List<String> list) {
        if (list == null) throw new ConfigException(field + ": must not be null");
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) throw new ConfigException(field + "[" + i + "]: expected a \"host:port\" string, got null");
        }
        return List.copyOf(list);
    }

    /** Fills the common fields of a ClientConfig. */
    io.haven.proto.ClientConfig.Builder common() {
        io.haven.proto.ConnectionSettings.Builder c = io.haven.proto.ConnectionSettings.newBuilder()
                .setConnectionTimeoutMs(connectionTimeoutMs)
                .setReconnect(reconnect.toProto())
                .setDatabase(database)
                .setProtocol(protocol.equals("resp2") ? io.haven.proto.Protocol.RESP2 : io.haven.proto.Protocol.RESP3)
                .setHeartbeatIntervalMs(heartbeatIntervalMs)
                .setHeartbeatTimeoutMs(heartbeatTimeoutMs)
                .setTcpKeepaliveMs(tcpKeepaliveMs)
                .setTcpUserTimeoutMs(tcpUserTimeoutMs);
        if (username != null || password != null) {
            io.haven.proto.Credentials.Builder cr = io.haven.proto.Credentials.newBuilder();
            if (username != null) cr.setUsername(username);
            if (password != null) cr.setPassword(password);
            c.setCredentials(cr);
        }
        if (tls != null) c.setTls(tls.toProto());
        if (clientName != null) c.setClientName(clientName);
        io.haven.proto.ClientConfig.Builder b = io.haven.proto.ClientConfig.newBuilder()
                .setRequestTimeoutMs(requestTimeoutMs)
                .setReadFrom(readFrom)
                .putAllNodeAz(nodeAz)
                .setLazyConnect(lazyConnect)
                .setCoalesceReads(coalesceReads)
                .setInflightLimit(inflightLimit)
                .setConnection(c);
        if (clientAz != null) b.setClientAz(clientAz);
        if (cache != null) b.setCache(cache.toProto());
        return b;
    }

    /** Setters of the common settings; {@code B} is the concrete builder. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> {
        long requestTimeoutMs = 250;
        String readFrom = "primary";
        String clientAz;
        final Map<String, String> nodeAz = new LinkedHashMap<>();
        boolean lazyConnect;
        long inflightLimit = 1000;
        long connectionTimeoutMs = 2000;
        Backoff reconnect = Backoff.defaults();
        String username;
        String password;
        TlsConfig tls;
        long database;
        String clientName;
        String protocol = "resp3";
        long heartbeatIntervalMs = 1000;
        long heartbeatTimeoutMs = 3000;
        long tcpKeepaliveMs = 5000;
        long tcpUserTimeoutMs = 5000;
        ClientCache cache;
        boolean coalesceReads;

        public B requestTimeoutMs(long v) { requestTimeoutMs = v; return (B) this; }
        public B readFrom(String v) { readFrom = v; return (B) this; }
        public B clientAz(String v) { clientAz = v; return (B) this; }
        public B nodeAz(Map<String, String> v) { nodeAz.clear(); nodeAz.putAll(v); return (B) this; }
        public B lazyConnect(boolean v) { lazyConnect = v; return (B) this; }
        public B inflightLimit(long v) { inflightLimit = v; return (B) this; }
        public B connectionTimeoutMs(long v) { connectionTimeoutMs = v; return (B) this; }
        public B reconnect(Backoff v) { reconnect = v; return (B) this; }
        public B username(String v) { username = v; return (B) this; }
        public B password(String v) { password = v; return (B) this; }
        public B tls(TlsConfig v) { tls = v; return (B) this; }
        public B database(long v) { database = v; return (B) this; }
        public B clientName(String v) { clientName = v; return (B) this; }
        public B protocol(String v) { protocol = v; return (B) this; }
        public B heartbeatIntervalMs(long v) { heartbeatIntervalMs = v; return (B) this; }
        public B heartbeatTimeoutMs(long v) { heartbeatTimeoutMs = v; return (B) this; }
        public B tcpKeepaliveMs(long v) { tcpKeepaliveMs = v; return (B) this; }
        public B tcpUserTimeoutMs(long v) { tcpUserTimeoutMs = v; return (B) this; }
        /** The client-side cache (null, the default: none). */
        public B cache(ClientCache v) { cache = v; return (B) this; }
        /** Identical keyed reads in flight at once go to the server once. */
        public B coalesceReads(boolean v) { coalesceReads = v; return (B) this; }
    }
}
