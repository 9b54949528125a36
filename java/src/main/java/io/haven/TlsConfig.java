package io.haven;

import com.google.protobuf.ByteString;

/**
 * TLS towards the servers; giving one turns TLS on. {@code caCertPem}: CAs to
 * trust (null: the system's trust store); {@code clientCertPem}/{@code clientKeyPem}:
 * mutual TLS; {@code insecureSkipVerify}: accept any certificate (tests only);
 * {@code serverName}: the name checked (default: the host).
 */
public final class TlsConfig {
    private byte[] caCertPem;
    private byte[] clientCertPem;
    private byte[] clientKeyPem;
    private boolean insecureSkipVerify;
    private String serverName;

    public static TlsConfig create() {
        return new TlsConfig();
    }

    public TlsConfig caCertPem(byte[] pem) { this.caCertPem = pem; return this; }
    public TlsConfig clientCertPem(byte[] pem) { this.clientCertPem = pem; return this; }
    public TlsConfig clientKeyPem(byte[] pem) { this.clientKeyPem = pem; return this; }
    public TlsConfig insecureSkipVerify(boolean skip) { this.insecureSkipVerify = skip; return this; }
    public TlsConfig serverName(String name) { this.serverName = name; return this; }

    io.haven.proto.Tls toProto() {
        io.haven.proto.Tls.Builder b = io.haven.proto.Tls.newBuilder().setEnabled(true)
                .setInsecureSkipVerify(insecureSkipVerify);
        if (caCertPem != null) b.setCaCertPem(ByteString.copyFrom(caCertPem));
        if (clientCertPem != null) b.setClientCertPem(ByteString.copyFrom(clientCertPem));
        if (clientKeyPem != null) b.setClientKeyPem(ByteString.copyFrom(clientKeyPem));
        if (serverName != null) b.setServerName(serverName);
        return b.build();
    }
}
