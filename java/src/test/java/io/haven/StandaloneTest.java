package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command families against the standalone server (6400), and replicas (6410-6412). */
class StandaloneTest {
    static HavenClient client;

    @BeforeAll
    static void connect() {
        Support.servers("standalone");
        client = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void stringsAndOptions() {
        String k = key("str");
        assertEquals("OK", await(client.set(k, "v1")));
        assertEquals("v1", await(client.get(k)));
        assertNull(await(client.set(k, "v2", SetOptions.create().nx())));
        assertEquals("v1", await(client.set(k, "v3", SetOptions.create().xx().get().ex(100))));
        assertTrue(await(client.ttl(k)) > 90);
        assertEquals(1L, await(client.exists(k)));
        assertTrue(await(client.expire(k, 50)));
        assertEquals(1L, await(client.del(k)));
        assertNull(await(client.get(k)));
        assertEquals(5L, await(client.incrBy(k, 5)));
        assertEquals(6L, await(client.incr(k)));
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k + "a", "1");
        m.put(k + "b", "2");
        assertEquals("OK", await(client.mset(m)));
        assertEquals(List.of("1", "2"), await(client.mget(k + "a", k + "b")));
        assertEquals(3L, await(client.del(k, k + "a", k + "b")));
    }

    @Test
    void binary() {
        byte[] k = key("bin").getBytes(StandardCharsets.UTF_8);
        byte[] v = {0, 1, 2, (byte) 255, 10, 13};
        assertEquals("OK", await(client.set(k, v)));
        assertArrayEquals(v, await(client.get(k)));
        assertArrayEquals(v, (byte[]) await(client.customCommand("GET".getBytes(StandardCharsets.UTF_8), k)));
        assertEquals(1L, await(client.del(k)));
    }

    @Test
    void hashesListsSetsSortedSets() {
        String h = key("h"), l = key("l"), s = key("s"), z = key("z");
        await(client.del(h, l, s, z));
        assertEquals(2L, await(client.hset(h, Map.of("f1", "a", "f2", "b"))));
        assertEquals("a", await(client.hget(h, "f1")));
        assertEquals(Map.of("f1", "a", "f2", "b"), await(client.hgetall(h)));
        // The binary form is keyed by content: a fresh array finds its field.
        Map<byte[], byte[]> raw = await(client.hgetall(h.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, raw.size());
        assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), raw.get("f1".getBytes(StandardCharsets.UTF_8)));
        assertTrue(raw.containsKey("f2".getBytes(StandardCharsets.UTF_8)));
        assertNull(raw.get("f3".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("b".getBytes(StandardCharsets.UTF_8), raw.remove("f2".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, raw.size());
        assertEquals(5L, await(client.hincrBy(h, "n", 5)));
        assertEquals(1L, await(client.hdel(h, "f1")));
        assertEquals(3L, await(client.rpush(l, "a", "b", "c")));
        assertEquals(List.of("a", "b", "c"), await(client.lrange(l, 0, -1)));
        assertEquals("a", await(client.lpop(l)));
        assertEquals(2L, await(client.llen(l)));
        assertEquals(2L, await(client.sadd(s, "x", "y")));
        assertTrue(await(client.sismember(s, "x")));
        assertEquals(2, await(client.smembers(s)).size());
        assertEquals(2L, await(client.zadd(z, Map.of("m1", 1.5, "m2", 2.5))));
        assertEquals(1.5, await(client.zscore(z, "m1")));
        assertEquals(List.of("m1", "m2"), await(client.zrange(z, 0, -1)));
        assertEquals(4.0, await(client.zincrBy(z, 2.5, "m1")));
        assertEquals(4L, await(client.del(h, l, s, z)));
    }

    @Test
    void scriptsScanAndCustom() {
        String k = key("script");
        assertEquals(k, await(client.eval("return KEYS[1]", List.of(k), List.of())));
        String sha = await(client.scriptLoad("return ARGV[1]"));
        assertEquals("hi", await(client.evalsha(sha, List.of(), List.of("hi"))));
        for (int i = 0; i < 20; i++) await(client.set(k + ":" + i, "x"));
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            ScanResult<String> r = await(client.scan(cursor, k + ":*", 100));
            found.addAll(r.keys());
            cursor = r.cursor();
        } while (!cursor.equals("0"));
        assertEquals(20, found.stream().distinct().count());
        assertEquals("PONG", await(client.customCommand("PING")));
        assertEquals(20L, await(client.customCommand(cat("DEL", found))));
    }

    private static String[] cat(String first, List<String> rest) {
        List<String> a = new ArrayList<>(rest);
        a.add(0, first);
        return a.toArray(new String[0]);
    }

    @Test
    void batchesAndTransactions() {
        String k = key("batch");
        List<Object> r = await(client.exec(Batch.transaction().add("SET", k, "1").add("INCR", k).add("GET", k)));
        assertEquals(List.of("OK", 2L, "2"), r);
        List<Object> p = await(client.exec(Batch.pipeline().add("INCR", k).add("HGET", k, "f").add("GET", k)));
        assertEquals(3L, p.get(0));
        assertInstanceOf(ResponseException.class, p.get(1));
        assertEquals("3", p.get(2));
        await(client.del(k));
    }

    @Test
    void manyConcurrentRequestsEachEndOnce() {
        String k = key("many");
        // Above the default in-flight limit (1000): this client allows them all.
        try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).inflightLimit(10_000).build()))) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 5000; i++) fs.add(c.incr(k));
            CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0])).join();
            assertEquals(5000L, fs.stream().mapToLong(CompletableFuture::join).max().getAsLong());
            assertEquals(5000L, fs.stream().mapToLong(CompletableFuture::join).distinct().count());
            assertEquals("5000", await(c.get(k)));
            await(c.del(k));
        }
    }

    @Test
    void replicasServeReadsAndPrimaryTakesWrites() {
        Support.servers("replicas");
        try (HavenClient c = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6410", "127.0.0.1:6411", "127.0.0.1:6412")
                .readFrom("prefer_replica").database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            String k = key("rep");
            assertEquals("OK", await(c.set(k, "v")));
            Support.waitFor("the write to reach a replica", 10, () -> "v".equals(await(c.get(k))));
            assertEquals(1L, await(c.del(k)));
        }
    }

    @Test
    void pubSubChannelsPatternsAndBinaryNames() {
        java.util.concurrent.BlockingQueue<Message> got = new java.util.concurrent.LinkedBlockingQueue<>();
        try (HavenClient sub = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            sub.addMessageListener(got::add);
            String ch = key("news"), pattern = key("pat") + ":*";
            await(sub.subscribe(ch));
            await(sub.psubscribe(pattern));
            byte[] binary = {(byte) 0xff, 0, 1};
            await(sub.subscribe(binary));
            assertEquals(1L, await(client.publish(ch, "hello")));
            assertEquals(1L, await(client.publish(key("pat") + ":x", "by pattern")));
            assertEquals(1L, await(client.publish(binary, new byte[] {9})));
            Message m1 = poll(got), m2 = poll(got), m3 = poll(got);
            assertEquals(Message.Kind.MESSAGE, m1.kind());
            assertEquals(ch, m1.channelString());
            assertEquals("hello", m1.payloadString());
            assertEquals(Message.Kind.PMESSAGE, m2.kind());
            assertEquals(pattern, m2.patternString());
            assertEquals("by pattern", m2.payloadString());
            assertArrayEquals(binary, m3.channel());
            assertArrayEquals(new byte[] {9}, m3.payload());
            // Unsubscribed: nothing more arrives, and the server counts no subscriber.
            await(sub.unsubscribe(ch));
            await(sub.punsubscribe());
            assertEquals(0L, await(client.publish(ch, "gone")));
            assertEquals(0L, await(client.publish(key("pat") + ":y", "gone")));
            assertThrows(NullPointerException.class, () -> sub.subscribe((String) null));
        }
    }

    static Message poll(java.util.concurrent.BlockingQueue<Message> q) {
        try {
            Message m = q.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(m, "no message within 10 s");
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
