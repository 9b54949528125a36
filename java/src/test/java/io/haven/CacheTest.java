package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client-side cache (invalidation by another client's write, standalone
 * and cluster; bounded size; cached() and its counters) and the cache-aside
 * helpers (getOrLoad single-flight, loader failures, leases, writeThrough),
 * against the local servers. Timing is asserted loosely: the machine is
 * small and shared.
 */
class CacheTest {
    @BeforeAll
    static void servers() {
        Support.servers("standalone", "cluster", "regions");
    }

    static StandaloneConfig.Builder standalone() {
        return StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS);
    }

    static ClusterConfig.Builder cluster() {
        return ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002").requestTimeoutMs(Support.TIMEOUT_MS);
    }

    static CacheStats stats(HavenClient c) {
        return c.cacheStats().orElseThrow(() -> new AssertionError("the client has no cache"));
    }

    /** The failure of a future that must fail, unwrapped. */
    static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the future did not end: " + e, e);
        }
        throw new AssertionError("the future succeeded; expected a failure");
    }

    // ------------------------------------------------------ client-side cache --

    /**
     * A key read twice by the caching client is a hit the second time; a
     * write by another client reaches it as an invalidation (not a TTL
     * expiry: ttl is a minute), and the next read sees the new value.
     */
    static void invalidatedByAnotherClientsWrite(ClientConfig caching, ClientConfig plain, String k) {
        try (HavenClient a = await(HavenClient.connect(caching));
             HavenClient b = await(HavenClient.connect(plain))) {
            assertTrue(b.cacheStats().isEmpty(), "a client without a cache has no cache stats");
            await(b.set(k, "v1"));
            assertEquals("v1", await(a.get(k)));
            long hits = stats(a).hits();
            assertEquals("v1", await(a.get(k)));
            assertEquals(hits + 1, stats(a).hits(), "the second read is served from the cache: " + stats(a));
            assertTrue(stats(a).entries() >= 1, stats(a).toString());
            long invalidations = stats(a).invalidations();

            long started = System.nanoTime();
            await(b.set(k, "v2"));
            Support.waitFor(() -> "the invalidation, " + stats(a), 5, () -> stats(a).invalidations() > invalidations);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("CacheTest: invalidation reached the caching client " + tookMs + " ms after the write");
            assertTrue(tookMs < 2000, "the invalidation took " + tookMs + " ms");
            assertEquals("v2", await(a.get(k)), "a read after the invalidation sees the new value");
            await(b.del(k));
        }
    }

    @Test
    void standaloneKeyIsInvalidatedWhenAnotherClientWritesIt() {
        invalidatedByAnotherClientsWrite(standalone().cache(ClientCache.builder().ttlMs(60000).build()).build(),
                standalone().build(), key("inv"));
    }

    @Test
    void clusterKeyIsInvalidatedWhenAnotherClientWritesIt() {
        // Several keys: they live on different primaries.
        for (int i = 0; i < 3; i++) {
            invalidatedByAnotherClientsWrite(cluster().cache(ClientCache.builder().ttlMs(60000).build()).build(),
                    cluster().build(), key("cinv" + i));
        }
    }

    @Test
    void broadcastModeInvalidatesUnderItsPrefix() {
        String prefix = key("bc") + ":";
        ClientCache cache = ClientCache.builder().mode(ClientCache.Mode.BCAST).prefixes(prefix).build();
        try (HavenClient a = await(HavenClient.connect(standalone().cache(cache).build()));
             HavenClient b = await(HavenClient.connect(standalone().build()))) {
            String k = prefix + "x";
            await(b.set(k, "1"));
            // The invalidation of that SET may reach `a` while its first read
            // is in flight; such a read is not stored (the cache cannot tell
            // the push came before it), so read until one is a hit.
            Support.waitFor(() -> "a cache hit, " + stats(a), 5, () -> {
                assertEquals("1", await(a.get(k)));
                return stats(a).hits() >= 1;
            });
            await(b.set(k, "2"));
            Support.waitFor(() -> "the invalidation, " + stats(a), 5, () -> stats(a).invalidations() >= 1);
            assertEquals("2", await(a.get(k)));
            await(b.del(k));
        }
    }

    @Test
    void maxEntriesIsNeverExceeded() {
        int max = 10;
        try (HavenClient c = await(HavenClient.connect(standalone().cache(ClientCache.builder().maxEntries(max).build()).build()));
             HavenClient w = await(HavenClient.connect(standalone().build()))) {
            for (int i = 0; i < 50; i++) await(w.set(key("max" + i), "v" + i));
            for (int i = 0; i < 50; i++) {
                assertEquals("v" + i, await(c.get(key("max" + i))));
                CacheStats s = stats(c);
                assertTrue(s.entries() <= max, "after " + (i + 1) + " reads: " + s);
            }
            CacheStats s = stats(c);
            assertTrue(s.entries() > 0, s.toString());
            assertTrue(s.evictions() + s.flushes() > 0, "50 keys in a cache of 10 evicted nothing: " + s);
            for (int i = 0; i < 50; i++) await(w.del(key("max" + i)));
        }
    }

    @Test
    void cachedReadsAnyOneKeyCommandAndReportsFreshness() {
        // No command is cached unless asked per request.
        ClientCache cache = ClientCache.builder().commands().build();
        try (HavenClient c = await(HavenClient.connect(standalone().cache(cache).build()))) {
            String k = key("hash");
            await(c.hset(k, java.util.Map.of("f", "1")));
            await(c.hget(k, "f"));
            await(c.hget(k, "f"));
            assertEquals(0, stats(c).hits(), "HGET is not cached without being asked: " + stats(c));
            assertEquals(java.util.Map.of("f", "1"), await(c.cached("HGETALL", k)));
            CachedValue<Object> again = await(c.cachedWithStale("HGETALL", k));
            assertEquals(java.util.Map.of("f", "1"), again.value());
            assertTrue(again.staleMs().isEmpty(), "a fresh reply is not marked stale");
            assertFalse(again.isStale());
            assertEquals(1, stats(c).hits(), stats(c).toString());
            Object binary = await(c.cached("HGET".getBytes(StandardCharsets.UTF_8), k.getBytes(StandardCharsets.UTF_8),
                    "f".getBytes(StandardCharsets.UTF_8)));
            assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), (byte[]) binary);
            // This client's own write drops the entry: it reads its writes.
            await(c.hset(k, java.util.Map.of("f", "2")));
            assertEquals(java.util.Map.of("f", "2"), await(c.cached("HGETALL", k)));
            await(c.del(k));
        }
        // Without a cache, cached() is a plain read.
        try (HavenClient c = await(HavenClient.connect(standalone().build()))) {
            await(c.set(key("plain"), "p"));
            assertEquals("p", await(c.cached("GET", key("plain"))));
            assertTrue(c.cacheStats().isEmpty());
            await(c.del(key("plain")));
        }
    }

    @Test
    void staleMarkIsReadFromTheHavenStaleAttribute() {
        // What the engine sends for a value served stale during an outage
        // (an outage needs a fault, left to the engine's and Python's suites).
        io.haven.proto.Value stale = io.haven.proto.Value.newBuilder()
                .setBulkString(com.google.protobuf.ByteString.copyFromUtf8("old"))
                .setAttributes(io.haven.proto.Entries.newBuilder().addEntries(io.haven.proto.Entry.newBuilder()
                        .setKey(io.haven.proto.Value.newBuilder().setSimpleString(com.google.protobuf.ByteString.copyFromUtf8("haven-stale")))
                        .setValue(io.haven.proto.Value.newBuilder().setInteger(1234))))
                .build();
        assertEquals(java.util.OptionalLong.of(1234), HavenClient.staleMark(stale));
        io.haven.proto.Value fresh = io.haven.proto.Value.newBuilder()
                .setBulkString(com.google.protobuf.ByteString.copyFromUtf8("new")).build();
        assertTrue(HavenClient.staleMark(fresh).isEmpty());
    }

    @Test
    void multiEndpointClientHasOneCache() {
        StandaloneConfig region = StandaloneConfig.builder("127.0.0.1:6440").database(Support.DB)
                .requestTimeoutMs(Support.TIMEOUT_MS).build();
        MultiEndpointConfig config = MultiEndpointConfig.builder(Endpoint.of("a", region))
                .requestTimeoutMs(Support.TIMEOUT_MS).cache(ClientCache.defaults()).build();
        try (HavenClient c = await(HavenClient.connect(config))) {
            String k = key("me");
            await(c.set(k, "m"));
            assertEquals("m", await(c.get(k)));
            assertEquals("m", await(c.get(k)));
            assertTrue(stats(c).hits() >= 1, stats(c).toString());
            await(c.del(k));
        }
    }

    // ------------------------------------------------------------ cache-aside --

    @Test
    void thousandConcurrentGetOrLoadOnAColdKeyCallTheLoaderOnce() {
        try (HavenClient c = await(HavenClient.connect(standalone().inflightLimit(5000).build()))) {
            String k = key("cold");
            await(c.del(k));
            AtomicInteger calls = new AtomicInteger();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Loader<String> loader = () -> {
                calls.incrementAndGet();
                threads.add(Thread.currentThread().getName());
                Thread.sleep(300);
                return "loaded";
            };
            List<CompletableFuture<String>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) fs.add(c.getOrLoad(k, loader, LoadOptions.create().ttlMs(30000)));
            for (CompletableFuture<String> f : fs) assertEquals("loaded", await(f));
            assertEquals(1, calls.get(), "the loader ran " + calls.get() + " times");
            assertTrue(threads.stream().allMatch(t -> t.startsWith("haven-loader-")), "loader ran on " + threads);
            LoadStats s = c.loadStats();
            assertEquals(1, s.loaderCalls(), s.toString());
            assertEquals(999, s.coalesced() + s.hits(), s.toString());
            assertEquals("loaded", await(c.get(k)));
            long pttl = await(c.pttl(k));
            assertTrue(pttl > 0 && pttl <= 30000, "pttl " + pttl);
            // A warm key: no loader.
            assertEquals("loaded", await(c.getOrLoad(k, () -> { throw new AssertionError("loader on a hit"); })));
            // Every loader the engine did not call is forgotten, not held.
            Support.waitFor(() -> c.heldFunctions() + " loaders still held", 10, () -> c.heldFunctions() == 0);
            await(c.del(k));
        }
    }

    @Test
    void failingLoaderFailsEveryWaiterAndTheNextCallRetries() {
        try (HavenClient c = await(HavenClient.connect(standalone().build()))) {
            String k = key("failing");
            await(c.del(k));
            AtomicInteger calls = new AtomicInteger();
            Loader<String> failing = () -> {
                calls.incrementAndGet();
                Thread.sleep(300);
                throw new java.io.IOException("database unavailable: boom");
            };
            List<CompletableFuture<String>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) fs.add(c.getOrLoad(k, failing, LoadOptions.create()));
            for (CompletableFuture<String> f : fs) {
                Throwable t = failureOf(f);
                assertInstanceOf(ResponseException.class, t, t.toString());
                assertTrue(t.getMessage().contains("database unavailable: boom"), t.getMessage());
            }
            assertEquals(1, calls.get(), "one loader for the 50 waiters");
            assertEquals(0L, await(c.exists(k)), "a failed load stores nothing");
            assertEquals(1, c.loadStats().loaderErrors());

            AtomicInteger retries = new AtomicInteger();
            assertEquals("recovered", await(c.getOrLoad(k, () -> {
                retries.incrementAndGet();
                return "recovered";
            })));
            assertEquals(1, retries.get(), "the next call loads again");
            assertEquals("recovered", await(c.get(k)));

            // A loader returning null, and an async loader whose stage fails.
            String k2 = key("failing2");
            await(c.del(k2));
            Throwable t = failureOf(c.getOrLoad(k2, () -> null));
            assertInstanceOf(ResponseException.class, t);
            assertTrue(t.getMessage().contains("null"), t.getMessage());
            t = failureOf(c.getOrLoadAsync(k2, () -> CompletableFuture.failedFuture(new IllegalStateException("async boom")),
                    LoadOptions.create()));
            assertInstanceOf(ResponseException.class, t);
            assertTrue(t.getMessage().contains("async boom"), t.getMessage());
            t = failureOf(c.getOrLoadAsync(k2, () -> { throw new IllegalArgumentException("sync throw in async"); },
                    LoadOptions.create()));
            assertTrue(t.getMessage().contains("sync throw in async"), t.getMessage());
            assertEquals(0L, await(c.exists(k2)));
            Support.waitFor(() -> c.heldFunctions() + " loaders still held", 10, () -> c.heldFunctions() == 0);
            await(c.del(k, k2));
        }
    }

    @Test
    void asyncAndBinaryLoaders() {
        try (HavenClient c = await(HavenClient.connect(standalone().cache(ClientCache.defaults()).build()))) {
            byte[] k = key("bin").getBytes(StandardCharsets.UTF_8);
            byte[] v = {0, 1, 2, (byte) 0xff};
            await(c.del(k));
            assertArrayEquals(v, await(c.getOrLoad(k, () -> v, LoadOptions.create().jitter(0).ttlMs(10000))));
            assertArrayEquals(v, await(c.get(k)));
            String k2 = key("async");
            await(c.del(k2));
            assertEquals("later", await(c.getOrLoadAsync(k2,
                    () -> CompletableFuture.supplyAsync(() -> "later"), LoadOptions.create())));
            assertEquals("later", await(c.getOrLoad(k2, () -> "not called")));
            assertTrue(c.loadStats().hits() >= 1, c.loadStats().toString());
            await(c.del(k));
            await(c.del(k2));
        }
    }

    @Test
    void leaseLetsOneOfTwoClientsLoad() {
        try (HavenClient a = await(HavenClient.connect(standalone().build()));
             HavenClient b = await(HavenClient.connect(standalone().build()))) {
            String k = key("lease");
            await(a.del(k));
            AtomicInteger calls = new AtomicInteger();
            Loader<String> loader = () -> {
                calls.incrementAndGet();
                Thread.sleep(400);
                return "leased";
            };
            LoadOptions options = LoadOptions.create().leaseMs(5000);
            CompletableFuture<String> fa = a.getOrLoad(k, loader, options);
            CompletableFuture<String> fb = b.getOrLoad(k, loader, options);
            assertEquals("leased", await(fa));
            assertEquals("leased", await(fb));
            assertEquals(1, calls.get(), "one loader across both clients");
            assertEquals(0L, await(a.exists(k + ":haven-lease")), "the lease is released");
            await(a.del(k));
        }
    }

    @Test
    void writeThroughUpdatesOrInvalidatesAndAFailingWriterLeavesTheCache() {
        try (HavenClient c = await(HavenClient.connect(standalone().cache(ClientCache.defaults()).build()))) {
            String k = key("wt");
            AtomicReference<String> db = new AtomicReference<>();
            await(c.set(k, "old"));
            assertEquals("old", await(c.get(k)));

            await(c.writeThrough(k, "v1", () -> db.set("v1"), 30000, WriteMode.UPDATE));
            assertEquals("v1", db.get());
            assertEquals("v1", await(c.get(k)), "the cache (local tier too) has the written value");
            long pttl = await(c.pttl(k));
            assertTrue(pttl > 0 && pttl <= 30000, "pttl " + pttl);

            await(c.writeThrough(k, "v2", () -> db.set("v2"), 30000, WriteMode.INVALIDATE));
            assertEquals("v2", db.get());
            assertEquals(0L, await(c.exists(k)), "invalidate deletes the key");
            assertNull(await(c.get(k)));

            await(c.set(k, "kept"));
            Throwable t = failureOf(c.writeThrough(k, "v3", () -> { throw new java.io.IOException("disk full"); },
                    30000, WriteMode.UPDATE));
            assertInstanceOf(ResponseException.class, t);
            assertTrue(t.getMessage().contains("disk full"), t.getMessage());
            assertEquals("kept", await(c.get(k)), "a failed write leaves the cache alone");

            await(c.writeThroughAsync(k, "v4", () -> CompletableFuture.runAsync(() -> db.set("v4")), 30000, WriteMode.UPDATE));
            assertEquals("v4", db.get());
            assertEquals("v4", await(c.get(k)));
            t = failureOf(c.writeThroughAsync(k, "v5",
                    () -> CompletableFuture.failedFuture(new IllegalStateException("async disk full")), 30000, WriteMode.UPDATE));
            assertTrue(t.getMessage().contains("async disk full"), t.getMessage());
            assertEquals("v4", await(c.get(k)));
            Support.waitFor(() -> c.heldFunctions() + " writers still held", 10, () -> c.heldFunctions() == 0);

            byte[] bk = key("wtb").getBytes(StandardCharsets.UTF_8);
            await(c.writeThrough(bk, new byte[] {7}, () -> {}, 30000, WriteMode.UPDATE));
            assertArrayEquals(new byte[] {7}, await(c.get(bk)));
            await(c.del(k));
            await(c.del(bk));
        }
    }

    @Test
    void closingWithALoaderRunningEndsTheRequest() throws InterruptedException {
        HavenClient c = await(HavenClient.connect(standalone().build()));
        String k = key("closing-load");
        await(c.del(k));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> f = c.getOrLoad(k, () -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
            return "late";
        });
        assertTrue(running.await(10, TimeUnit.SECONDS), "the loader did not start");
        c.close();
        Throwable t = failureOf(f);
        assertInstanceOf(HavenException.class, t, t.toString());
        release.countDown();
        assertInstanceOf(ClosingException.class, failureOf(c.getOrLoad(k, () -> "x")));
        assertInstanceOf(ClosingException.class, failureOf(c.writeThrough(k, "x", () -> {}, 1000, WriteMode.UPDATE)));
    }

    // ----------------------------------------------------------------- bad use --

    @Test
    void badCacheSettingsAreConfigExceptionsNamingTheField() {
        assertField("cache.max_entries", () -> ClientCache.builder().maxEntries(0).build());
        assertField("cache.max_bytes", () -> ClientCache.builder().maxBytes(-1).build());
        assertField("cache.ttl_ms", () -> ClientCache.builder().ttlMs(0).build());
        assertField("cache.serve_stale_ms", () -> ClientCache.builder().serveStaleMs(-1).build());
        assertField("cache.mode", () -> ClientCache.builder().mode(null).build());
        assertField("cache.prefixes", () -> ClientCache.builder().prefixes("a:").build());
        assertField("cache.prefixes[0]", () -> ClientCache.builder().prefixes((String) null));
        assertField("cache.commands[1]", () -> ClientCache.builder().commands("GET", null).build());
        // Checked by the engine at connect.
        ConfigException e = assertThrows(ConfigException.class, () -> await(HavenClient.connect(
                standalone().cache(ClientCache.builder().commands("SET").build()).build())));
        assertTrue(e.getMessage().contains("cache.commands[0]"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> await(HavenClient.connect(
                standalone().protocol("resp2").cache(ClientCache.defaults()).build())));
        assertTrue(e.getMessage().contains("cache"), e.getMessage());
        ClientCache c = ClientCache.defaults();
        assertEquals(10000, c.maxEntries());
        assertEquals(64L << 20, c.maxBytes());
        assertEquals(60000, c.ttlMs());
        assertEquals(ClientCache.Mode.OPTIN, c.mode());
        assertEquals(List.of("GET"), c.commands());
        assertEquals(0, c.serveStaleMs());
    }

    @Test
    void badCacheAsideUseIsATypedException() {
        assertField("get_or_load.ttl_ms", () -> LoadOptions.create().ttlMs(0));
        assertField("get_or_load.jitter", () -> LoadOptions.create().jitter(1.5));
        assertField("get_or_load.jitter", () -> LoadOptions.create().jitter(Double.NaN));
        assertField("get_or_load.lease_ms", () -> LoadOptions.create().leaseMs(0));
        assertField("get_or_load.early_refresh", () -> LoadOptions.create().earlyRefresh(-1));
        try (HavenClient c = await(HavenClient.connect(standalone().build()))) {
            assertField("key", () -> await(c.getOrLoad((String) null, () -> "x")));
            assertField("loader", () -> await(c.getOrLoad(key("x"), null, LoadOptions.create())));
            assertField("options", () -> await(c.getOrLoad(key("x"), () -> "x", null)));
            assertField("write_through.ttl_ms", () -> await(c.writeThrough(key("x"), "v", () -> {}, 0, WriteMode.UPDATE)));
            assertField("write_through.mode", () -> await(c.writeThrough(key("x"), "v", () -> {}, 1000, null)));
            assertField("value", () -> await(c.writeThrough(key("x"), null, () -> {}, 1000, WriteMode.UPDATE)));
            assertField("writer", () -> await(c.writeThrough(key("x"), "v", null, 1000, WriteMode.UPDATE)));
            assertField("cached", () -> await(c.cached(new String[0])));
            assertThrows(ConfigException.class, () -> await(c.cached("GET", null)));
            assertEquals(0L, await(c.exists(key("x"))), "nothing was written by the refused calls");
        }
    }

    static void assertField(String field, org.junit.jupiter.api.function.Executable bad) {
        ConfigException e = assertThrows(ConfigException.class, bad);
        assertTrue(e.getMessage().contains(field), "expected '" + field + "' in: " + e.getMessage());
    }
}
