package io.haven;

import io.haven.internal.Defaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings standalone, cluster and Sentinel deployments share, with
 * their defaults: requestTimeoutMs 250, readFrom "primary" (or
 * "prefer_replica", "az_affinity", "az_affinity_replicas_and_primary",
 * "primary_preferred": the primary, and a replica of the same shard while
 * the primary is unreachable),
 * clientAz/nodeAz for the az strategies, lazyConnect false, inflightLimit
 * 1000, connectionTimeoutMs 2000, reconnect {@link Backoff#defaults()},
 * username/password, tls (null: off), database 0, clientName, protocol
 * "resp3" (or "resp2"), heartbeatIntervalMs 1000, heartbeatTimeoutMs 3000,
 * tcpKeepaliveMs 5000, tcpUserTimeoutMs 5000 (0 turns each of the last four off),
 * cache (null: no client-side cache; see {@link ClientCache}), coalesceReads
 * false (true: identical keyed reads in flight at once go to the server once;
 * reads through the cache are coalesced either way), maxDedicatedConnections
 * and dedicatedIdleMs (unset: the engine's defaults, 64 per node and 30000;
 * the dedicated connections per node that blocking commands such as BLPOP
 * and XREAD BLOCK and {@link Session}s lease), failFast false (true: a
 * request whose primary is unreachable fails at once with a
 * ConnectionException instead of waiting, parked, for a new primary until
 * its deadline), credentialProvider (null: the username/password above, if
 * any) and credentialRefreshMs (0, the default: the provider is asked at
 * connect and on {@link HavenClient#refreshCredentials()} only; otherwise
 * also every that many ms, at least 100), logLevel (null: leave the
 * engine's level; see {@link Logging}).
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
    final boolean failFast;
    final Long maxDedicatedConnections;
    final Long dedicatedIdleMs;
    final CredentialProvider credentialProvider;
    final long credentialRefreshMs;
    final String logLevel;

    SingleConfig(Builder<?> b) {
        logLevel = b.logLevel;
        requestTimeoutMs = b.requestTimeoutMs;
        readFrom = Objects.requireNonNullElse(b.readFrom, "primary");
        clientAz = b.clientAz;
        nodeAz = Map.copyOf(b.nodeAz);
        lazyConnect = b.lazyConnect;
        coalesceReads = b.coalesceReads;
        failFast = b.failFast;
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
        maxDedicatedConnections = b.maxDedicatedConnections;
        dedicatedIdleMs = b.dedicatedIdleMs;
        credentialProvider = b.credentialProvider;
        credentialRefreshMs = credentialRefresh(b.credentialProvider, b.credentialRefreshMs);
    }

    /** Checks the shape of credentialRefreshMs (the engine checks its value). */
    static long credentialRefresh(CredentialProvider provider, long ms) {
        if (ms < 0) throw new ConfigException("credential_refresh_ms: must be >= 0 (0: off), got " + ms);
        if (ms > 0 && provider == null) {
            throw new ConfigException("credential_refresh_ms: set only with a credential provider (credentialProvider)");
        }
        return ms;
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
        if (maxDedicatedConnections != null) c.setMaxDedicatedConnections(maxDedicatedConnections);
        if (dedicatedIdleMs != null) c.setDedicatedIdleMs(dedicatedIdleMs);
        io.haven.proto.ClientConfig.Builder b = io.haven.proto.ClientConfig.newBuilder()
                .setRequestTimeoutMs(requestTimeoutMs)
                .setReadFrom(readFrom)
                .putAllNodeAz(nodeAz)
                .setLazyConnect(lazyConnect)
                .setCoalesceReads(coalesceReads)
                .setFailFast(failFast)
                .setInflightLimit(inflightLimit)
                .setConnection(c);
        if (clientAz != null) b.setClientAz(clientAz);
        if (cache != null) b.setCache(cache.toProto());
        if (logLevel != null) b.setLogLevel(logLevel);
        return b;
    }

    /** Setters of the common settings; {@code B} is the concrete builder. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> {
        long requestTimeoutMs = Defaults.integer("ClientConfig.request_timeout_ms");
        String readFrom = Defaults.choice("ClientConfig.read_from");
        String clientAz;
        final Map<String, String> nodeAz = new LinkedHashMap<>();
        boolean lazyConnect;
        long inflightLimit = Defaults.integer("ClientConfig.inflight_limit");
        long connectionTimeoutMs = Defaults.integer("ConnectionSettings.connection_timeout_ms");
        Backoff reconnect = Backoff.defaults();
        String username;
        String password;
        TlsConfig tls;
        long database;
        String clientName;
        String protocol = Defaults.choice("ConnectionSettings.protocol");
        long heartbeatIntervalMs = Defaults.integer("ConnectionSettings.heartbeat_interval_ms");
        long heartbeatTimeoutMs = Defaults.integer("ConnectionSettings.heartbeat_timeout_ms");
        long tcpKeepaliveMs = Defaults.integer("ConnectionSettings.tcp_keepalive_ms");
        long tcpUserTimeoutMs = Defaults.integer("ConnectionSettings.tcp_user_timeout_ms");
        ClientCache cache;
        boolean coalesceReads;
        boolean failFast;
        Long maxDedicatedConnections;
        Long dedicatedIdleMs;
        CredentialProvider credentialProvider;
        long credentialRefreshMs;
        String logLevel;

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
        /**
         * Requests to an unreachable primary fail at once with a
         * ConnectionException instead of waiting, parked, for a new primary
         * until their deadline (the default).
         */
        public B failFast(boolean v) { failFast = v; return (B) this; }
        /**
         * The engine's log level for the whole process, applied when the
         * client is created ("error", "warn", "info", "debug", "trace", "off"
         * or directives such as "haven=info,haven::connection=debug"); see
         * {@link Logging}. Null (the default): leave it.
         */
        public B logLevel(String v) { logLevel = v; return (B) this; }
        /** Dedicated connections per node at most (blocking commands, sessions); unset: the engine's 64. */
        public B maxDedicatedConnections(long v) { maxDedicatedConnections = v; return (B) this; }
        /** A dedicated connection unused this long is closed; unset: the engine's 30000. */
        public B dedicatedIdleMs(long v) { dedicatedIdleMs = v; return (B) this; }
        /**
         * Credentials from {@code v} instead of {@code username}/{@code password}
         * (setting both fails the connect with a ConfigException); see
         * {@link CredentialProvider} for when it is called and on which thread.
         * Null (the default): none.
         */
        public B credentialProvider(CredentialProvider v) { credentialProvider = v; return (B) this; }
        /**
         * Also ask the credential provider every {@code v} ms (at least 100;
         * 0, the default: only at connect and on
         * {@link HavenClient#refreshCredentials()}). A failed ask keeps the
         * current credentials and emits a NODE_RECONNECT_FAILED event saying
         * "credential refresh: ..."; the next one asks again. Needs a
         * credentialProvider.
         */
        public B credentialRefreshMs(long v) { credentialRefreshMs = v; return (B) this; }
    }
}
