package io.haven;

import java.util.List;

/**
 * A primary and replicas found through Redis Sentinel: {@code sentinels}
 * ("host:port") monitor {@code masterName}. {@code sentinelUsername},
 * {@code sentinelPassword} and {@code sentinelTls} apply to the Sentinels; the
 * common settings to the data nodes.
 */
public final class SentinelConfig extends SingleConfig {
    final List<String> sentinels;
    final String masterName;
    final String sentinelUsername;
    final String sentinelPassword;
    final TlsConfig sentinelTls;

    private SentinelConfig(Builder b) {
        super(b);
        sentinels = addresses("sentinels", b.sentinels);
        if (b.masterName == null) throw new ConfigException("master_name: must not be null");
        masterName = b.masterName;
        sentinelUsername = b.sentinelUsername;
        sentinelPassword = b.sentinelPassword;
        sentinelTls = b.sentinelTls;
    }

    public static Builder builder(String masterName, String... sentinels) {
        return new Builder(masterName, List.of(sentinels));
    }

    public static Builder builder(String masterName, List<String> sentinels) {
        return new Builder(masterName, sentinels);
    }

    @Override
    public io.haven.proto.ClientConfig toProto() {
        io.haven.proto.SentinelDeployment.Builder s = io.haven.proto.SentinelDeployment.newBuilder()
                .addAllSentinels(sentinels).setMasterName(masterName);
        if (sentinelUsername != null || sentinelPassword != null) {
            io.haven.proto.Credentials.Builder cr = io.haven.proto.Credentials.newBuilder();
            if (sentinelUsername != null) cr.setUsername(sentinelUsername);
            if (sentinelPassword != null) cr.setPassword(sentinelPassword);
            s.setSentinelCredentials(cr);
        }
        if (sentinelTls != null) s.setSentinelTls(sentinelTls.toProto());
        return common().setSentinel(s).build();
    }

    public static final class Builder extends SingleConfig.Builder<Builder> {
        final String masterName;
        final List<String> sentinels;
        String sentinelUsername;
        String sentinelPassword;
        TlsConfig sentinelTls;

        Builder(String masterName, List<String> sentinels) {
            this.masterName = masterName;
            this.sentinels = sentinels;
        }

        public Builder sentinelUsername(String v) { sentinelUsername = v; return this; }
        public Builder sentinelPassword(String v) { sentinelPassword = v; return this; }
        public Builder sentinelTls(TlsConfig v) { sentinelTls = v; return this; }

        public SentinelConfig build() {
            return new SentinelConfig(this);
        }
    }
}
