package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry from Java: HavenTelemetry.init sends spans and metrics to a
 * real OTLP/HTTP receiver (scripts/otlp_receiver.py run with the Python
 * suite's venv, decoding with opentelemetry-proto): spans named after the
 * command with db.system.name, db.operation.name, server.address and
 * server.port, error.type on a failure, no argument value anywhere; the
 * duration histogram and a counter arrive. And stats() without a collector.
 * Telemetry is the process's (and this JVM runs every test class): the test
 * shuts it down at the end, so later classes run untraced.
 */
class TelemetryTest {
    private static final String SECRET = "an-argument-value-that-must-never-be-exported";

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static List<Map<String, Object>> received(Path out) throws Exception {
        List<Map<String, Object>> got = new ArrayList<>();
        if (!Files.exists(out)) return got;
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) got.add(Json.parseObject(line));
        }
        return got;
    }

    private static List<Map<String, Object>> items(List<Map<String, Object>> got, String signal, String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> g : got) {
            if (signal.equals(g.get("signal"))) out.addAll(list(g.get(field)));
        }
        return out;
    }

    @Test
    void spansAndMetricsReachAnOtlpReceiver() throws Exception {
        Support.servers("standalone");
        String python = System.getenv().getOrDefault("HAVEN_PYTHON", Support.REPO.resolve("python/.venv/bin/python").toString());
        Path out = Files.createTempDirectory("haven-otlp-").resolve("got.jsonl");
        Process receiver = new ProcessBuilder(python, Support.REPO.resolve("scripts/otlp_receiver.py").toString(), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String endpoint = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertNotNull(endpoint, "the OTLP receiver did not start");
            // A protocol the engine does not speak is refused, naming it, and
            // leaves telemetry off (the next init still works).
            ConfigException json = assertThrows(
                    ConfigException.class, () -> HavenTelemetry.init(endpoint, 1.0, 5000, null, "http/json"));
            assertTrue(json.getMessage().contains("http/json"), json.getMessage());
            assertFalse(HavenTelemetry.enabled());
            HavenTelemetry.init(endpoint, 100.0, 200, "haven-java-test", "http/protobuf");
            assertThrows(ConfigException.class, () -> HavenTelemetry.init(endpoint));
            assertTrue(HavenTelemetry.enabled());
            String k = key("telemetry");
            try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(3000).build()))) {
                await(c.set(k, SECRET));
                for (int i = 0; i < 5; i++) await(c.get(k));
                CompletionException failed = assertThrows(CompletionException.class, () -> c.incr(k).join());
                assertTrue(failed.getCause() instanceof ResponseException, String.valueOf(failed.getCause()));

                Map<String, Object> stats = c.stats();
                assertEquals(1L, map(stats.get("errors")).get("ResponseError"), stats.toString());
                assertTrue(list(stats.get("durations")).stream().anyMatch(d -> "GET".equals(d.get("command"))
                        && "ok".equals(d.get("outcome")) && Long.valueOf(5).equals(d.get("count"))), stats.toString());

                long until = System.currentTimeMillis() + 15_000;
                List<Map<String, Object>> got;
                while (true) {
                    HavenTelemetry.flush();
                    got = received(out);
                    boolean spans = items(got, "traces", "spans").stream().anyMatch(s -> "INCR".equals(s.get("name")));
                    boolean metrics = items(got, "metrics", "metrics").stream()
                            .anyMatch(m -> "db.client.operation.duration".equals(m.get("name")));
                    if (spans && metrics) break;
                    assertTrue(System.currentTimeMillis() < until, "no spans/metrics at the receiver: " + got.size() + " posts");
                    Thread.sleep(200);
                }
                for (Map<String, Object> g : got) {
                    assertFalse("error".equals(g.get("signal")), g.toString());
                    String raw = String.valueOf(g.get("raw"));
                    assertFalse(raw.contains(SECRET), "an argument value was exported");
                    assertFalse(raw.contains(k), "a key was exported");
                }
                Map<String, Object> get = items(got, "traces", "spans").stream()
                        .filter(s -> "GET".equals(s.get("name"))).findFirst().orElseThrow();
                Map<String, Object> attrs = map(get.get("attributes"));
                assertTrue(List.of("redis", "valkey").contains(attrs.get("db.system.name")), attrs.toString());
                assertEquals("GET", attrs.get("db.operation.name"));
                assertEquals("127.0.0.1", attrs.get("server.address"));
                assertEquals(6400L, attrs.get("server.port"));
                assertEquals("haven-java-test", map(get.get("resource")).get("service.name"));
                Map<String, Object> incr = items(got, "traces", "spans").stream()
                        .filter(s -> "INCR".equals(s.get("name"))).findFirst().orElseThrow();
                assertEquals("ResponseError", map(incr.get("attributes")).get("error.type"));

                List<Map<String, Object>> metrics = items(got, "metrics", "metrics");
                Map<String, Object> duration = metrics.stream()
                        .filter(m -> "db.client.operation.duration".equals(m.get("name"))).reduce((a, b) -> b).orElseThrow();
                assertEquals("histogram", duration.get("type"));
                assertTrue(list(duration.get("points")).stream().anyMatch(p -> "GET".equals(map(p.get("attributes")).get("db.operation.name"))
                        && ((Number) p.get("count")).longValue() >= 5), duration.toString());
                Map<String, Object> errors = metrics.stream()
                        .filter(m -> "haven.client.errors".equals(m.get("name"))).reduce((a, b) -> b).orElseThrow();
                assertTrue(list(errors.get("points")).stream().anyMatch(p -> "ResponseError".equals(map(p.get("attributes")).get("error.type"))
                        && ((Number) p.get("value")).longValue() >= 1), errors.toString());
            }
        } finally {
            HavenTelemetry.shutdown();
            receiver.destroy();
        }
    }
}
