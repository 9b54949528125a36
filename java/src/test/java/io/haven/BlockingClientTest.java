package io.haven;

import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A blocking call waits on its own thread for the engine thread that
     * reads its reply, not for the dispatcher: one made inside a
     * continuation that the dispatcher runs (an async reply's thenApply)
     * completes instead of waiting for the dispatcher to free itself.
     */
    @Test
    void aBlockingCallInsideTheDispatchersContinuationCompletes() throws Exception {
        Support.servers("standalone");
        try (HavenBlockingClient c = HavenBlockingClient.connect("redis://127.0.0.1:6400/" + Support.DB)) {
            String list = key("blocking-in-dispatcher"), k = key("blocking-in-dispatcher-k");
            c.set(k, "inner");
            AtomicReference<String> ranOn = new AtomicReference<>();
            // Not complete when thenApply is attached: the list is empty for
            // 300 ms, so the dispatcher completes it and runs the continuation.
            CompletableFuture<String> chained = c.async().blpop(10, list).thenApply(popped -> {
                ranOn.set(Thread.currentThread().getName());
                return c.get(k);
            });
            Thread.sleep(300);
            assertEquals(1L, c.rpush(list, "x"));
            assertEquals("inner", chained.get(20, TimeUnit.SECONDS));
            assertTrue(ranOn.get().startsWith("haven-dispatcher-"), ranOn.get());
            c.del(k, list);
        }
    }

    /** Concurrent blocking callers, lone calls between them, and a closed client. */
    @Test
    void blockingCallsGetTheirOwnRepliesAndEndOnceClosed() throws Exception {
        Support.servers("standalone");
        HavenBlockingClient c = HavenBlockingClient.connect("redis://127.0.0.1:6400/" + Support.DB);
        List<Thread> threads = new ArrayList<>();
        AtomicInteger wrong = new AtomicInteger();
        for (int t = 0; t < 6; t++) {
            String mine = key("blocking-own-" + t);
            Thread th = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    c.set(mine, mine + ":" + i);
                    if (!(mine + ":" + i).equals(c.get(mine))) wrong.incrementAndGet();
                    // Now and then alone (the lone-caller path) between bursts.
                    if (i % 50 == 0) Thread.yield();
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
        assertEquals(0, wrong.get());
        for (int i = 0; i < 50; i++) assertEquals("PONG", c.ping());
        for (int t = 0; t < 6; t++) c.del(key("blocking-own-" + t));
        c.close();
        assertThrows(ClosingException.class, () -> c.get(key("blocking-own-0")));
    }
}
