package io.haven;

/**
 * Any configuration {@link HavenClient#connect} accepts: {@link StandaloneConfig},
 * {@link ClusterConfig}, {@link SentinelConfig} or {@link MultiEndpointConfig}.
 * Field names and defaults are those of proto/haven.proto and of every haven
 * binding. Shapes are checked when built; values by the engine at connect,
 * which fails with a {@link ConfigException} naming the field.
 */
public sealed interface ClientConfig permits SingleConfig, MultiEndpointConfig {
    /** The protobuf message handed to the engine. */
    io.haven.proto.ClientConfig toProto();
}
