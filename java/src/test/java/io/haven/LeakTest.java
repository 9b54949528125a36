package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No leak: after a warm-up, a million requests leave the Java heap and the
 * process RSS within 20 MB. Tagged slow: `make bench-java` runs it, `make
 * test` skips it.
 */
@Tag("slow")
class LeakTest {
    static final long MB = 1024 * 1024;

    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        throw new AssertionError("no VmRSS");
    }

    static void run(HavenClient c, int requests) {
        String k = key("leak");
        String value = "x".repeat(100);
        int window = 200;
        CompletableFuture<?>[] inflight = new CompletableFuture<?>[window];
        for (int i = 0; i < requests; i++) {
            int slot = i % window;
            if (inflight[slot] != null) inflight[slot].join();
            inflight[slot] = (i % 5 == 0) ? c.set(k + (i % 100), value) : c.get(k + (i % 100));
        }
        for (CompletableFuture<?> f : inflight) if (f != null) f.join();
    }

    @Test
    void aMillionRequestsLeaveHeapAndRssFlat() throws Exception {
        Support.servers("standalone");
        try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            run(c, 300_000);
            long heap0 = heapUsed(), rss0 = rss();
            run(c, 1_000_000);
            long heap1 = heapUsed(), rss1 = rss();
            System.out.printf("leak check: heap %d -> %d MB, RSS %d -> %d MB%n", heap0 / MB, heap1 / MB, rss0 / MB, rss1 / MB);
            String json = System.getenv("HAVEN_BENCH_JSON");
            if (json != null && !json.isEmpty()) {
                Files.writeString(Path.of(json), String.format(java.util.Locale.ROOT,
                        "{\"kind\":\"figure\",\"language\":\"java\",\"name\":\"RSS growth over 1M requests after warm-up\",\"value\":%.1f,\"unit\":\"MB\"}%n",
                        (rss1 - rss0) / (double) MB), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            assertTrue(heap1 - heap0 < 20 * MB, "heap grew by " + (heap1 - heap0) / MB + " MB");
            assertTrue(rss1 - rss0 < 20 * MB, "RSS grew by " + (rss1 - rss0) / MB + " MB");
            for (int i = 0; i < 100; i++) await(c.del(key("leak") + i));
        }
    }
}
