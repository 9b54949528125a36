package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands on dedicated connections, cancellation, connection-state
 * commands refused on the shared connection, WATCH sessions (standalone 6400
 * and the cluster), a panic inside the engine, and deeply nested replies.
 */
class BlockingSessionTest {
    static HavenClient client;

    @BeforeAll
    static void connect() {
        Support.servers("standalone", "cluster");
        client = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static Throwable cause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }

    @Test
    void getsBesideBlpopAndXreadgroupBlock() throws Exception {
        String q = key("bq"), s = key("bs"), g = key("hot");
        await(client.del(q, s));
        await(client.set(g, "v"));
        await(client.customCommand("XGROUP", "CREATE", s, "grp", "$", "MKSTREAM"));
        long t0 = System.nanoTime();
        CompletableFuture<Object> blpop = client.customCommand("BLPOP", q, "2");
        CompletableFuture<Object> xread = client.customCommand("XREADGROUP", "GROUP", "grp", "c1", "BLOCK", "2000", "STREAMS", s, ">");
        int rounds = 0;
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1500)) {
            List<CompletableFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < 50; i++) gets.add(client.get(g));
            for (CompletableFuture<String> f : gets) assertEquals("v", await(f));
            rounds++;
        }
        assertFalse(blpop.isDone(), "BLPOP q 2 ended early");
        assertNull(await(blpop));
        assertNull(await(xread));
        assertTrue(rounds > 3, "GETs were held up: " + rounds + " rounds of 50 in 1.5 s");
        await(client.del(q, s, g));
    }

    @Test
    void blpopWithDefaultTimeoutGetsLatePush() throws Exception {
        String q = key("late");
        try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB).build()))) {
            await(c.del(q));
            CompletableFuture<Object> blpop = c.customCommand("BLPOP", q, "1");
            Thread.sleep(600);
            await(client.rpush(q, "x"));
            assertEquals(List.of(q, "x"), await(blpop));
            assertEquals(0L, await(c.llen(q)));
        }
    }

    @Test
    void cancelledBlpopLeavesLaterPush() throws Exception {
        String q = key("cancel");
        await(client.del(q));
        CompletableFuture<Object> blpop = client.customCommand("BLPOP", q, "0");
        Thread.sleep(300);
        assertTrue(blpop.cancel(true));
        assertThrows(CancellationException.class, blpop::join);
        Thread.sleep(200);
        await(client.rpush(q, "kept"));
        Thread.sleep(300);
        assertEquals(List.of("kept"), await(client.lrange(q, 0, -1)));
        // the client goes on
        assertEquals(1L, await(client.del(q)));
    }

    /**
     * Requests made in completion callbacks run on the dispatcher thread,
     * which holds them until the callbacks of its batch have run and then
     * starts them together: they still reach the server in the order they
     * were made (each GET sees the SET made just before it), in 10 chains
     * of 200 steps each.
     */
    @Test
    void requestsMadeInCallbacksKeepTheirOrder() {
        String k = key("chain");
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int i = 0; i < 10; i++) chains.add(chain(k + ":" + i, 0, 200));
        for (CompletableFuture<Void> c : chains) await(c);
        for (int i = 0; i < 10; i++) assertEquals("199", await(client.get(k + ":" + i)));
        await(client.del(k + ":0", k + ":1", k + ":2", k + ":3", k + ":4", k + ":5", k + ":6", k + ":7", k + ":8", k + ":9"));
    }

    /** Step n of a chain: SET then GET, the next step made in the GET's callback. */
    private static CompletableFuture<Void> chain(String k, int n, int last) {
        if (n == last) return CompletableFuture.completedFuture(null);
        String value = String.valueOf(n);
        client.set(k, value);
        return client.get(k).thenCompose(v -> {
            if (!value.equals(v)) throw new AssertionError(k + ": the GET after SET " + value + " read " + v);
            return chain(k, n + 1, last);
        });
    }

    /**
     * A BLPOP made and cancelled in a callback (on the dispatcher, where it
     * is held at first): the cancel follows it to the engine, so it is
     * unblocked on the server and a later push stays in the list.
     */
    @Test
    void aBlpopCancelledInACallbackTakesNothing() throws Exception {
        String q = key("cbcancel");
        await(client.del(q));
        AtomicReference<CompletableFuture<Object>> blpop = new AtomicReference<>();
        boolean cancelled = await(client.ping().thenApply(pong -> {
            blpop.set(client.customCommand("BLPOP", q, "0"));
            return blpop.get().cancel(true);
        }));
        assertTrue(cancelled);
        assertThrows(CancellationException.class, blpop.get()::join);
        Thread.sleep(300);
        await(client.rpush(q, "kept"));
        Thread.sleep(300);
        assertEquals(List.of("kept"), await(client.lrange(q, 0, -1)));
        assertEquals(1L, await(client.del(q)));
    }

    @Test
    void selectIsRefusedOnTheSharedConnection() {
        String k = key("sel");
        await(client.set(k, "db13"));
        for (String[] cmd : List.of(new String[] {"SELECT", "1"}, new String[] {"MULTI"}, new String[] {"WATCH", k})) {
            CompletionException e = assertThrows(CompletionException.class, () -> client.customCommand(cmd).join());
            assertInstanceOf(ConfigException.class, e.getCause(), cmd[0]);
            assertTrue(e.getCause().getMessage().contains("not sent"), e.getCause().getMessage());
        }
        assertEquals("db13", await(client.get(k)));
        await(client.del(k));
    }

    /** 20 threads x 25 WATCH-guarded increments: exactly 500, with retries. */
    static void watchRace(HavenClient c, String k) throws Exception {
        await(c.del(k));
        AtomicInteger retries = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            Thread th = new Thread(() -> {
                try (Session s = c.session()) {
                    for (int i = 0; i < 25; i++) {
                        while (true) {
                            await(s.watch(k));
                            long n = Long.parseLong(Objects.requireNonNullElse(await(s.get(k)), "0"));
                            try {
                                List<Object> r = s.exec(Batch.transaction().add("SET", k, Long.toString(n + 1))).join();
                                assertEquals(List.of("OK"), r);
                                break;
                            } catch (CompletionException e) {
                                if (!(e.getCause() instanceof WatchException)) throw e;
                                retries.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) th.join(120_000);
        if (failed.get() != null) throw new AssertionError("a worker failed", failed.get());
        assertEquals("500", await(c.get(k)));
        assertTrue(retries.get() > 0, "no WatchException retries were seen");
        await(c.del(k));
    }

    @Test
    void watchIncrementsStandalone() throws Exception {
        watchRace(client, key("watch"));
    }

    @Test
    void watchIncrementsCluster() throws Exception {
        try (HavenClient c = await(HavenClient.connect(ClusterTest.config()))) {
            watchRace(c, "{" + key("cw") + "}n");
        }
    }

    @Test
    void sessionCommandsAndExecWithoutWatch() {
        String k = key("sess");
        try (Session s = client.session()) {
            assertEquals("OK", await(s.set(k, "1")));
            assertEquals("1", await(s.get(k)));
            assertEquals(List.of(2L, "2"), await(s.exec(Batch.pipeline().add("INCR", k).add("GET", k))));
            // SELECT is allowed on a session (its own connection)
            assertEquals("OK", await(s.customCommand("SELECT", Integer.toString(Support.DB))));
            assertArrayEquals("2".getBytes(StandardCharsets.UTF_8),
                    (byte[]) await(s.customCommand("GET".getBytes(StandardCharsets.UTF_8), k.getBytes(StandardCharsets.UTF_8))));
            assertEquals("OK", await(s.unwatch()));
        }
        assertEquals("2", await(client.get(k)));
        await(client.del(k));
    }

    @Test
    void luaReply150Deep() {
        String script = "local t = {1} for i = 2, 150 do t = {t} end return t";
        Object v = await(client.customCommand("EVAL", script, "0"));
        int depth = 0;
        while (v instanceof List) {
            List<?> l = (List<?>) v;
            assertEquals(1, l.size());
            v = l.get(0);
            depth++;
        }
        assertEquals(150, depth);
        assertEquals(1L, v);
    }

    /** The child JVM of {@link #panicInsideTheEngineIsAnInternalException}. */
    public static void main(String[] args) {
        try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(2000).build()))) {
            try {
                c.customCommand("HAVEN.TEST.PANIC").get(20, TimeUnit.SECONDS);
                System.out.println("RESULT no error");
            } catch (java.util.concurrent.ExecutionException e) {
                System.out.println("RESULT " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            } catch (Exception e) {
                System.out.println("RESULT " + e);
            }
            System.out.println("AFTER " + await(c.ping()));
        }
        // The same through a blocking client, whose thread waits in native
        // code for the engine's answer: it gets the error, and goes on.
        try (HavenBlockingClient b = HavenBlockingClient.connect(StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(2000).build())) {
            try {
                b.customCommand("HAVEN.TEST.PANIC");
                System.out.println("BLOCKING no error");
            } catch (HavenException e) {
                System.out.println("BLOCKING " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            System.out.println("BLOCKING AFTER " + b.ping());
        }
        System.exit(0);
    }

    @Test
    void panicInsideTheEngineIsAnInternalException() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), BlockingSessionTest.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("HAVEN_TEST_INJECT_PANIC", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM hung:\n" + out);
        assertTrue(out.contains("RESULT InternalException"), out);
        assertTrue(out.contains("AFTER PONG"), out);
        assertTrue(out.contains("BLOCKING InternalException"), out);
        assertTrue(out.contains("BLOCKING AFTER PONG"), out);
    }
}
