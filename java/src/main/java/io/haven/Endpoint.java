package io.haven;

import io.haven.internal.Defaults;

/**
 * One endpoint of a multi-endpoint deployment: a {@code name}, its own
 * deployment {@code config}, a {@code weight} (default 1.0; higher is
 * preferred) and an optional health check overriding the deployment-wide one.
 */
public final class Endpoint {
    final String name;
    final SingleConfig config;
    double weight = Defaults.number("Endpoint.weight");
    HealthCheck healthCheck;

    private Endpoint(String name, SingleConfig config) {
        if (name == null) throw new ConfigException("endpoint.name: must not be null");
        if (config == null) throw new ConfigException("endpoint '" + name + "': config must not be null");
        this.name = name;
        this.config = config;
    }

    public static Endpoint of(String name, SingleConfig config) {
        return new Endpoint(name, config);
    }

    public Endpoint weight(double v) { weight = v; return this; }
    public Endpoint healthCheck(HealthCheck v) { healthCheck = v; return this; }

    io.haven.proto.Endpoint toProto() {
        io.haven.proto.Endpoint.Builder b = io.haven.proto.Endpoint.newBuilder()
                .setName(name).setWeight(weight).setConfig(config.toProto());
        if (healthCheck != null) b.setHealthCheck(healthCheck.toProto());
        return b.build();
    }
}
