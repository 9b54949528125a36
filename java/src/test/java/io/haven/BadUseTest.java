package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad use ends in a typed exception naming what was wrong; never a crash or a hang. */
class BadUseTest {
    @BeforeAll
    static void servers() {
        Support.servers("standalone");
    }

    static StandaloneConfig.Builder standalone() {
        return StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS);
    }

    /**
     * What the config builders send when left alone is the engine's default
     * of each field ({@code haven_core::defaults}), and every engine default
     * is sent by some builder: a default written again in Java fails here.
     */
    @Test
    void configDefaultsAreTheEngines() {
        java.util.Map<String, String> defaults = io.haven.internal.Defaults.all();
        io.haven.proto.ClientConfig standalone = StandaloneConfig.builder("127.0.0.1:6400").build().toProto();
        io.haven.proto.ClientConfig multi = MultiEndpointConfig.builder(
                Endpoint.of("a", StandaloneConfig.builder("127.0.0.1:6400").build())).build().toProto();
        List<com.google.protobuf.Message> sent = List.of(standalone, standalone.getConnection(),
                standalone.getConnection().getReconnect(), standalone.getStandalone(),
                ClusterConfig.builder("127.0.0.1:7000").build().toProto().getCluster(),
                ClientCache.builder().build().toProto(), multi, multi.getMultiEndpoint(),
                multi.getMultiEndpoint().getEndpoints(0), multi.getMultiEndpoint().getCircuitBreaker(),
                multi.getMultiEndpoint().getHealthCheck());
        java.util.Set<String> shown = new java.util.TreeSet<>();
        for (com.google.protobuf.Message m : sent) {
            for (com.google.protobuf.Descriptors.FieldDescriptor f : m.getDescriptorForType().getFields()) {
                String name = m.getDescriptorForType().getName() + "." + f.getName();
                String expected = defaults.get(name);
                if (expected == null || (f.hasPresence() && !m.hasField(f))) continue;
                Object v = m.getField(f);
                if (v instanceof String text && text.isEmpty()) continue; // unset: the engine's default applies
                String actual = v instanceof com.google.protobuf.Descriptors.EnumValueDescriptor e
                        ? e.getName().toLowerCase(java.util.Locale.ROOT) : String.valueOf(v);
                if (v instanceof Double d) assertEquals(Double.parseDouble(expected), d, 0.0, name);
                else assertEquals(expected, actual, name);
                shown.add(name);
            }
        }
        // Left unset (null) in Java: the engine applies its default.
        java.util.Set<String> unset = new java.util.TreeSet<>(defaults.keySet());
        unset.removeAll(shown);
        assertEquals(java.util.Set.of("ConnectionSettings.max_dedicated_connections", "ConnectionSettings.dedicated_idle_ms"), unset);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> io.haven.internal.Defaults.integer("ClientConfig.nosuch"));
        assertTrue(e.getMessage().contains("ClientConfig.nosuch"), e.getMessage());
    }

    @Test
    void badConfigurationIsAConfigExceptionNamingTheField() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:0").build())));
        assertTrue(e.getMessage().contains("addresses"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> await(HavenClient.connect(standalone().requestTimeoutMs(-5).build())));
        assertTrue(e.getMessage().contains("request_timeout_ms"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> standalone().protocol("resp9").build());
        assertTrue(e.getMessage().contains("protocol"), e.getMessage());
        assertThrows(ConfigException.class, () -> StandaloneConfig.builder((List<String>) null).build());
        e = assertThrows(ConfigException.class, () -> await(HavenClient.connect(
                MultiEndpointConfig.builder(Endpoint.of("a", standalone().build()).weight(-1)).build())));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
    }

    @Test
    void unreachableServerIsAConnectionException() {
        HavenException e = assertThrows(HavenException.class, () -> await(HavenClient.connect(
                StandaloneConfig.builder("127.0.0.1:6459").connectionTimeoutMs(500).build())));
        assertInstanceOf(ConnectionException.class, e, e.toString());
    }

    @Test
    void serverErrorsTimeoutsAndBadArguments() {
        try (HavenClient c = await(HavenClient.connect(standalone().build()))) {
            String k = key("bad");
            await(c.set(k, "text"));
            assertThrows(ResponseException.class, () -> await(c.hget(k, "f")));
            assertThrows(ResponseException.class, () -> await(c.customCommand("NOSUCHCOMMAND")));
            assertThrows(ConfigException.class, () -> await(c.customCommand(new String[0])));
            assertThrows(ConfigException.class, () -> await(c.get((String) null)));
            assertThrows(ConfigException.class, () -> c.failoverTo("a"));
            assertThrows(ConfigException.class, () -> await(c.exec(Batch.pipeline())));
            await(c.del(k));
        }
        // A blocking command's deadline is its own timeout plus the request
        // timeout: BLPOP 1 with 200 ms ends with its nil reply, not a timeout.
        try (HavenClient c = await(HavenClient.connect(standalone().requestTimeoutMs(200).build()))) {
            assertNull(await(c.customCommand("BLPOP", key("empty"), "1")));
        }
        // A node that accepts but never answers: the request timeout ends it.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:" + silent.getLocalPort())
                        .lazyConnect(true).requestTimeoutMs(200).build()))) {
            TimeoutException t = assertThrows(TimeoutException.class, () -> await(c.get(key("silent"))));
            assertTrue(t.getMessage().contains("200"), t.getMessage());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tooManyInFlightIsABackpressureException() {
        try (HavenClient c = await(HavenClient.connect(standalone().inflightLimit(2).build()))) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 500; i++) fs.add(c.incr(key("bp")));
            long backpressure = 0;
            for (CompletableFuture<Long> f : fs) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    assertInstanceOf(BackpressureException.class, e.getCause());
                    backpressure++;
                }
            }
            assertTrue(backpressure > 0, "no request was refused");
            await(c.del(key("bp")));
        }
    }

    @Test
    void closedClientFailsWithClosingExceptionAndInFlightRequestsEnd() {
        HavenClient c = await(HavenClient.connect(standalone().build()));
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) fs.add(c.incr(key("closing")));
        c.close();
        for (CompletableFuture<Long> f : fs) {
            try {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(ClosingException.class, e.getCause());
            } catch (Exception e) {
                fail("a request did not end: " + e);
            }
        }
        assertThrows(ClosingException.class, () -> await(c.get("x")));
        assertTrue(c.isClosed());
        c.close();
        try (HavenClient d = await(HavenClient.connect(standalone().build()))) {
            await(d.del(key("closing")));
        }
    }
}
