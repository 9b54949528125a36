package io.haven;

import io.haven.internal.Defaults;
import java.util.List;

/**
 * A primary with optional replicas: {@code addresses} lists them all as
 * "host:port"; the node reporting role master takes writes, the others serve
 * reads per readFrom. {@code roleCheckIntervalMs} (default 1000, 0 off): how
 * often roles are checked to follow a primary change.
 */
public final class StandaloneConfig extends SingleConfig {
    final List<String> addresses;
    final long roleCheckIntervalMs;

    private StandaloneConfig(Builder b) {
        super(b);
        addresses = addresses("addresses", b.addresses);
        roleCheckIntervalMs = b.roleCheckIntervalMs;
    }

    public static Builder builder(String... addresses) {
        return new Builder(List.of(addresses));
    }

    public static Builder builder(List<String> addresses) {
        return new Builder(addresses);
    }

    @Override
    public io.haven.proto.ClientConfig toProto() {
        return common().setStandalone(io.haven.proto.StandaloneDeployment.newBuilder()
                .addAllAddresses(addresses).setRoleCheckIntervalMs(roleCheckIntervalMs)).build();
    }

    public static final class Builder extends SingleConfig.Builder<Builder> {
        final List<String> addresses;
        long roleCheckIntervalMs = Defaults.integer("StandaloneDeployment.role_check_interval_ms");

        Builder(List<String> addresses) {
            this.addresses = addresses;
        }

        public Builder roleCheckIntervalMs(long v) { roleCheckIntervalMs = v; return this; }

        public StandaloneConfig build() {
            return new StandaloneConfig(this);
        }
    }
}
