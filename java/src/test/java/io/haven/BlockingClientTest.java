package io.haven;

import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HavenBlockingClient: the same commands, blocking, errors thrown as they are, shared by threads. */
class BlockingClientTest {
    @Test
    void commandsBlockAndThrowTheirOwnExceptions() throws Exception {
        Support.servers("standalone");
        try (HavenBlockingClient c = HavenBlockingClient.connect("redis://127.0.0.1:6400/" + Support.DB)) {
            String k = key("blocking"), h = key("blocking-h");
            assertEquals("OK", c.set(k, "v"));
            assertEquals("v", c.get(k));
            assertEquals(1L, c.del(k));
            assertNull(c.get(k));
            assertEquals(2L, c.hset(h, Map.of("a", "1", "b", "2")));
            assertEquals(Map.of("a", "1", "b", "2"), c.hgetall(h));
            assertEquals("OK", c.set(k, "x"));
            assertEquals("embstr", c.objectEncoding(k));
            List<Object> replies = c.exec(Batch.pipeline().add("INCR", key("blocking-n")).add("INCR", key("blocking-n")));
            assertEquals(List.of(1L, 2L), replies);
            // A server error is the ResponseException itself, not a CompletionException.
            assertThrows(ResponseException.class, () -> c.incr(h));
            assertThrows(ResponseException.class, () -> c.customCommand("NO-SUCH-COMMAND"));
            // Shared by threads.
            AtomicInteger ok = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Thread t1 = new Thread(() -> {
                    for (int i = 0; i < 100; i++) if (c.incr(key("blocking-shared")) > 0) ok.incrementAndGet();
                });
                t1.start();
                threads.add(t1);
            }
            for (Thread t : threads) t.join();
            assertEquals(800, ok.get());
            assertEquals("800", c.get(key("blocking-shared")));
            assertSame(c.async(), c.async());
            c.del(k, h, key("blocking-n"), key("blocking-shared"));
        }
        assertThrows(ConfigException.class, () -> HavenBlockingClient.connect("redis://127.0.0.1:0"));
    }
}
