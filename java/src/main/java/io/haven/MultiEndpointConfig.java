package io.haven;

import io.haven.internal.Defaults;
import java.util.ArrayList;
import java.util.List;

/**
 * Several weighted endpoints (each a standalone, cluster or Sentinel
 * deployment) with a circuit breaker, health checks, failover to the next
 * healthy endpoint and failback after {@code failbackGraceMs} (10000; 0 off).
 * {@code startupPolicy}: "one" (default), "majority" or "all" endpoints
 * healthy before the client is ready; {@code retryWritesOnFailover} false;
 * requestTimeoutMs 250, inflightLimit 1000, lazyConnect false; cache (null:
 * none): one client-side cache across endpoints, set here (not on the
 * endpoints' configs), flushed on every switch of endpoint;
 * credentialProvider / credentialRefreshMs (see {@link SingleConfig}): one
 * provider for every endpoint, set here (an endpoint's config with its own
 * provider is refused).
 */
public final class MultiEndpointConfig implements ClientConfig {
    private final List<Endpoint> endpoints;
    private final CircuitBreaker circuitBreaker;
    private final HealthCheck healthCheck;
    private final long failbackGraceMs;
    private final String startupPolicy;
    private final boolean retryWritesOnFailover;
    private final long requestTimeoutMs;
    private final long inflightLimit;
    private final boolean lazyConnect;
    private final ClientCache cache;
    private final boolean coalesceReads;
    private final boolean failFast;
    private final String logLevel;
    final CredentialProvider credentialProvider;
    final long credentialRefreshMs;

    private MultiEndpointConfig(Builder b) {
        for (int i = 0; i < b.endpoints.size(); i++) {
            if (b.endpoints.get(i) == null) throw new ConfigException("endpoints[" + i + "]: must not be null");
            if (b.endpoints.get(i).config.credentialProvider != null) {
                throw new ConfigException("endpoints[" + i + "].config.credential_provider: set the credential provider on"
                        + " the MultiEndpointConfig (one for every endpoint), not on an endpoint's config");
            }
        }
        endpoints = List.copyOf(b.endpoints);
        circuitBreaker = b.circuitBreaker == null ? CircuitBreaker.create() : b.circuitBreaker;
        healthCheck = b.healthCheck == null ? HealthCheck.create() : b.healthCheck;
        failbackGraceMs = b.failbackGraceMs;
        startupPolicy = b.startupPolicy == null ? "one" : b.startupPolicy;
        retryWritesOnFailover = b.retryWritesOnFailover;
        requestTimeoutMs = b.requestTimeoutMs;
        inflightLimit = b.inflightLimit;
        lazyConnect = b.lazyConnect;
        cache = b.cache;
        coalesceReads = b.coalesceReads;
        failFast = b.failFast;
        logLevel = b.logLevel;
        credentialProvider = b.credentialProvider;
        credentialRefreshMs = SingleConfig.credentialRefresh(b.credentialProvider, b.credentialRefreshMs);
    }

    public static Builder builder(Endpoint... endpoints) {
        return new Builder(List.of(endpoints));
    }

    public static Builder builder(List<Endpoint> endpoints) {
        return new Builder(endpoints);
    }

    @Override
    public io.haven.proto.ClientConfig toProto() {
        io.haven.proto.MultiEndpointDeployment.Builder m = io.haven.proto.MultiEndpointDeployment.newBuilder()
                .setCircuitBreaker(circuitBreaker.toProto()).setHealthCheck(healthCheck.toProto())
                .setFailbackGraceMs(failbackGraceMs).setStartupPolicy(startupPolicy)
                .setRetryWritesOnFailover(retryWritesOnFailover);
        for (Endpoint e : endpoints) m.addEndpoints(e.toProto());
        io.haven.proto.ClientConfig.Builder c = io.haven.proto.ClientConfig.newBuilder().setMultiEndpoint(m)
                .setRequestTimeoutMs(requestTimeoutMs).setInflightLimit(inflightLimit)
                .setLazyConnect(lazyConnect)
                .setCoalesceReads(coalesceReads)
                .setFailFast(failFast);
        if (cache != null) c.setCache(cache.toProto());
        if (logLevel != null) c.setLogLevel(logLevel);
        return c.build();
    }

    public static final class Builder {
        final List<Endpoint> endpoints;
        CircuitBreaker circuitBreaker = CircuitBreaker.create();
        HealthCheck healthCheck = HealthCheck.create();
        long failbackGraceMs = Defaults.integer("MultiEndpointDeployment.failback_grace_ms");
        String startupPolicy = Defaults.choice("MultiEndpointDeployment.startup_policy");
        boolean retryWritesOnFailover;
        long requestTimeoutMs = Defaults.integer("ClientConfig.request_timeout_ms");
        long inflightLimit = Defaults.integer("ClientConfig.inflight_limit");
        boolean lazyConnect;
        ClientCache cache;
        boolean coalesceReads;
        boolean failFast;
        String logLevel;
        CredentialProvider credentialProvider;
        long credentialRefreshMs;

        Builder(List<Endpoint> endpoints) {
            if (endpoints == null) throw new ConfigException("endpoints: must not be null");
            this.endpoints = new ArrayList<>(endpoints);
        }

        public Builder circuitBreaker(CircuitBreaker v) { circuitBreaker = v; return this; }
        public Builder healthCheck(HealthCheck v) { healthCheck = v; return this; }
        public Builder failbackGraceMs(long v) { failbackGraceMs = v; return this; }
        public Builder startupPolicy(String v) { startupPolicy = v; return this; }
        public Builder retryWritesOnFailover(boolean v) { retryWritesOnFailover = v; return this; }
        public Builder requestTimeoutMs(long v) { requestTimeoutMs = v; return this; }
        public Builder inflightLimit(long v) { inflightLimit = v; return this; }
        public Builder lazyConnect(boolean v) { lazyConnect = v; return this; }
        /** One client-side cache across the endpoints (null, the default: none). */
        public Builder cache(ClientCache v) { cache = v; return this; }
        /** Identical keyed reads in flight at once go to the server once. */
        public Builder coalesceReads(boolean v) { coalesceReads = v; return this; }
        /** Fail at once while no endpoint is healthy instead of waiting, parked, until the deadline. */
        public Builder failFast(boolean v) { failFast = v; return this; }
        /** The engine's process-wide log level, applied at create (see {@link Logging}); null: leave it. */
        public Builder logLevel(String v) { logLevel = v; return this; }
        /**
         * Credentials for every endpoint from {@code v} (an endpoint's config
         * with a username/password as well fails the connect with a
         * ConfigException); see {@link CredentialProvider}. Null (the default): none.
         */
        public Builder credentialProvider(CredentialProvider v) { credentialProvider = v; return this; }
        /** See {@link SingleConfig.Builder#credentialRefreshMs(long)}. */
        public Builder credentialRefreshMs(long v) { credentialRefreshMs = v; return this; }

        public MultiEndpointConfig build() {
            return new MultiEndpointConfig(this);
        }
    }
}
