package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command families beyond the basics against the standalone server
 * (Redis 7.0; Valkey 9.1 under HAVEN_SERVER=valkey adds hash-field expiry)
 * and the cluster (functions on every primary): a stream consumer-group
 * cycle, geo, HyperLogLog, bitmaps and BITFIELD, functions.
 */
class FamiliesTest {
    static HavenClient client;
    static final boolean VALKEY = "valkey".equals(System.getenv("HAVEN_SERVER"));
    static final String LIBRARY = "#!lua name=havenjava\n"
            + "redis.register_function('hj_incr', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)\n"
            + "redis.register_function{function_name='hj_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}\n";

    @BeforeAll
    static void connect() {
        Support.servers("standalone");
        client = await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(Support.TIMEOUT_MS).build()));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void aStreamConsumerGroupCycle() {
        String s = key("stream");
        await(client.del(s));
        assertEquals("OK", await(client.xgroupCreate(s, "workers", "0", true)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(await(client.xadd(s, Map.of("n", Integer.toString(i)))));
        assertEquals(5L, await(client.xlen(s)));
        assertEquals(ids, await(client.xrange(s, "-", "+")).stream().map(StreamMessage::id).toList());
        List<StreamMessage> alice = await(client.xreadgroup("workers", "alice", Map.of(s, ">"), 3, -1));
        assertEquals(ids.subList(0, 3), alice.stream().map(StreamMessage::id).toList());
        assertEquals(s, alice.get(0).stream());
        assertEquals(Map.of("n", "0"), alice.get(0).body());
        List<StreamMessage> bob = await(client.xreadgroup("workers", "bob", Map.of(s, ">"), 0, -1));
        assertEquals(ids.subList(3, 5), bob.stream().map(StreamMessage::id).toList());
        assertEquals(List.of(), await(client.xreadgroup("workers", "bob", Map.of(s, ">"), 0, 50)));
        assertEquals(1L, await(client.xack(s, "workers", ids.get(0))));
        PendingSummary pending = await(client.xpending(s, "workers"));
        assertEquals(4L, pending.count());
        assertEquals(ids.get(1), pending.lowestId());
        assertEquals(Map.of("alice", 2L, "bob", 2L), pending.consumers());
        ClaimedMessages claimed = await(client.xautoclaim(s, "workers", "carol", 0, "0-0", 10));
        assertEquals(ids.subList(1, 5), claimed.messages().stream().map(StreamMessage::id).toList());
        assertEquals(List.of(), claimed.deleted());
        assertEquals(4L, await(client.xack(s, "workers", ids.subList(1, 5).toArray(new String[0]))));
        assertEquals(0L, await(client.xpending(s, "workers")).count());
        Map<String, String> from = new LinkedHashMap<>();
        from.put(s, "0");
        assertEquals(5, await(client.xread(from, 0, -1)).size());
        assertEquals(3L, await(client.xtrim(s, 2, false)));
        assertTrue(await(client.xgroupDestroy(s, "workers")));
        assertThrows(ConfigException.class, () -> await(client.xadd(s, Map.of())));
        assertThrows(ConfigException.class, () -> await(client.xread(Map.of(), 0, -1)));
        await(client.del(s));
    }

    @Test
    void geoHyperLogLogBitmapsAndBitfield() {
        String g = key("geo"), h = key("hll"), b = key("bits"), bf = key("bf");
        await(client.del(g, h, b, bf));
        assertEquals(1L, await(client.geoadd(g, 13.361389, 38.115556, "Palermo")));
        assertEquals(1L, await(client.geoadd(g, 15.087269, 37.502669, "Catania")));
        assertEquals(166, Math.round(await(client.geodist(g, "Palermo", "Catania", "km"))));
        List<double[]> pos = await(client.geopos(g, "Palermo", "Nowhere"));
        assertEquals(13.361389, pos.get(0)[0], 1e-4);
        assertNull(pos.get(1));
        assertEquals(List.of("Catania", "Palermo"), await(client.geosearch(g, 15, 37, 200, "km")));
        assertEquals(List.of("Palermo"), await(client.geosearchByMember(g, "Palermo", 100, "km")));
        String[] elements = new String[1000];
        for (int i = 0; i < elements.length; i++) elements[i] = "e" + i;
        assertEquals(1L, await(client.pfadd(h, elements)));
        long estimate = await(client.pfcount(h));
        assertTrue(estimate >= 980 && estimate <= 1020, Long.toString(estimate));
        assertEquals("OK", await(client.pfmerge(key("hll-all"), h)));
        assertEquals(0L, await(client.setbit(b, 7, 1)));
        assertEquals(1L, await(client.getbit(b, 7)));
        await(client.set(b, "foobar"));
        assertEquals(26L, await(client.bitcount(b)));
        assertEquals(6L, await(client.bitcount(b, 1, 1)));
        List<Long> results = await(client.bitfield(bf, "SET", "u8", "0", "255", "GET", "u8", "0", "INCRBY", "u8", "0", "10",
                "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "250"));
        assertEquals(java.util.Arrays.asList(0L, 255L, 9L, null), results);
        await(client.del(g, h, b, bf, key("hll-all")));
    }

    @Test
    void functionsLoadCallAndRefuseWritesWhenReadOnly() {
        String k = key("fn");
        assertEquals("havenjava", await(client.functionLoad(LIBRARY, true)));
        assertEquals(5L, await(client.fcall("hj_incr", new String[] {k}, "5")));
        assertEquals("5", await(client.fcallReadonly("hj_get", new String[] {k})));
        assertThrows(ResponseException.class, () -> await(client.fcallReadonly("hj_incr", new String[] {k}, "1")));
        assertEquals("OK", await(client.functionDelete("havenjava")));
        await(client.del(k));
    }

    @Test
    void functionsAcrossACluster() {
        Support.servers("cluster");
        try (HavenClient c = await(HavenClient.connect(ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001")
                .requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            assertEquals("havenjava", await(c.functionLoad(LIBRARY, true)));
            for (int i = 0; i < 12; i++) {
                String k = key("cfn" + i);
                assertEquals(2L, await(c.fcall("hj_incr", new String[] {k}, "2")));
                await(c.del(k));
            }
            assertEquals("OK", await(c.functionDelete("havenjava")));
        }
    }

    @Test
    void hashFieldExpiry() {
        String h = key("hfe");
        await(client.hset(h, Map.of("a", "1", "b", "2")));
        if (!VALKEY) {
            ResponseException e = assertThrows(ResponseException.class, () -> await(client.hexpire(h, 100, "a")));
            assertTrue(e.getMessage().toLowerCase().contains("unknown command"), e.getMessage());
            await(client.del(h));
            return;
        }
        assertEquals(List.of(1L, -2L), await(client.hexpire(h, 100, "a", "missing")));
        long ttl = await(client.httl(h, "a")).get(0);
        assertTrue(ttl > 90 && ttl <= 100, Long.toString(ttl));
        assertEquals(List.of(-1L), await(client.httl(h, "b")));
        assertEquals(List.of(1L, -1L), await(client.hpersist(h, "a", "b")));
        await(client.del(h));
    }
}
