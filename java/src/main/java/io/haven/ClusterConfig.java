package io.haven;

import io.haven.internal.Defaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis/Valkey cluster reached through any of its {@code seeds}.
 * {@code refreshIntervalMs} (default 60000, 0 off): periodic topology check;
 * {@code addressMap}: announced "host:port" to reachable "host:port" (NAT);
 * {@code maxRedirects} (default 5): MOVED/ASK followed before ClusterException.
 */
public final class ClusterConfig extends SingleConfig {
    final List<String> seeds;
    final long refreshIntervalMs;
    final Map<String, String> addressMap;
    final long maxRedirects;

    private ClusterConfig(Builder b) {
        super(b);
        seeds = addresses("seeds", b.seeds);
        refreshIntervalMs = b.refreshIntervalMs;
        addressMap = Map.copyOf(b.addressMap);
        maxRedirects = b.maxRedirects;
    }

    public static Builder builder(String... seeds) {
        return new Builder(List.of(seeds));
    }

    public static Builder builder(List<String> seeds) {
        return new Builder(seeds);
    }

    @Override
    public io.haven.proto.ClientConfig toProto() {
        return common().setCluster(io.haven.proto.ClusterDeployment.newBuilder()
                .addAllSeeds(seeds).setRefreshIntervalMs(refreshIntervalMs)
                .putAllAddressMap(addressMap).setMaxRedirects(maxRedirects)).build();
    }

    public static final class Builder extends SingleConfig.Builder<Builder> {
        final List<String> seeds;
        long refreshIntervalMs = Defaults.integer("ClusterDeployment.refresh_interval_ms");
        final Map<String, String> addressMap = new LinkedHashMap<>();
        long maxRedirects = Defaults.integer("ClusterDeployment.max_redirects");

        Builder(List<String> seeds) {
            this.seeds = seeds;
        }

        public Builder refreshIntervalMs(long v) { refreshIntervalMs = v; return this; }
        public Builder addressMap(Map<String, String> v) { addressMap.clear(); addressMap.putAll(v); return this; }
        public Builder maxRedirects(long v) { maxRedirects = v; return this; }

        public ClusterConfig build() {
            return new ClusterConfig(this);
        }
    }
}
