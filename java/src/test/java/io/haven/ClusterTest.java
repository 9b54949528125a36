package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The local cluster (7000-7005): commands across slots, and a primary killed. */
class ClusterTest {
    static final int[] PORTS = {7000, 7001, 7002, 7003, 7004, 7005};

    static ClusterConfig config() {
        return ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002")
                .requestTimeoutMs(Support.TIMEOUT_MS).build();
    }

    /**
     * The primary serving {@code key}'s slot, once every live node names the
     * same one (and it says master). A node restarted after a failover claims
     * its old slots until the cluster demotes it: killing it changes nothing
     * the client routes by.
     */
    static int ownerOf(String key) {
        int slot = Integer.parseInt(Support.cli(PORTS[1], "CLUSTER", "KEYSLOT", key).trim());
        int[] owner = {-1};
        Support.waitFor("the cluster to agree on the owner of slot " + slot, 60, () -> {
            Set<Integer> named = new HashSet<>();
            for (int p : PORTS) {
                try {
                    named.add(ownerIn(Support.cli(p, "CLUSTER", "NODES"), slot));
                } catch (AssertionError down) {
                    // a node that is down has no say
                }
            }
            if (named.size() != 1 || named.contains(-1)) return false;
            owner[0] = named.iterator().next();
            return Support.cli(owner[0], "ROLE").startsWith("master");
        });
        return owner[0];
    }

    /** The port of the master that a CLUSTER NODES reply gives {@code slot} (-1: none). */
    static int ownerIn(String nodes, int slot) {
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) continue;
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) continue; // a migration in progress
                String[] range = f[i].split("-");
                int a = Integer.parseInt(range[0]);
                int b = range.length > 1 ? Integer.parseInt(range[1]) : a;
                if (a <= slot && slot <= b) return Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1, f[1].indexOf('@')));
            }
        }
        return -1;
    }

    @Test
    void scanWalksEveryPrimaryWithOneCursor() {
        Support.servers("cluster");
        try (HavenClient c = await(HavenClient.connect(config()))) {
            String prefix = key("scan");
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (int i = 0; i < 500; i++) names.add(prefix + ":" + i);
            for (String n : names) await(c.set(n, "1"));
            java.util.Set<String> seen = new java.util.TreeSet<>();
            String cursor = "0";
            int steps = 0;
            do {
                ScanResult<String> page = await(c.scan(cursor, prefix + ":*", 100));
                seen.addAll(page.keys());
                cursor = page.cursor();
                if (steps++ == 0) assertTrue(cursor.startsWith("hc1:"), cursor);
            } while (!"0".equals(cursor));
            assertEquals(names, seen);
            ResponseException bad = assertThrows(ResponseException.class, () -> await(c.scan("hc1:garbage", null, 0)));
            assertTrue(bad.getMessage().contains("invalid cursor"), bad.getMessage());
            for (String n : names) await(c.del(n));
        }
    }

    @Test
    void routesPickTheNode() {
        Support.servers("cluster");
        try (HavenClient c = await(HavenClient.connect(config()))) {
            for (int port : new int[] {7000, 7001, 7002}) {
                String id = Support.cli(port, "CLUSTER", "MYID").trim();
                assertEquals(id, await(c.customCommand(RequestOptions.create().route("127.0.0.1:" + port), "CLUSTER", "MYID")));
            }
            assertEquals("PONG", await(c.customCommand(RequestOptions.create().route("all_primaries"), "PING")));
            ConfigException bad = assertThrows(ConfigException.class, () -> RequestOptions.create().route("nowhere"));
            assertTrue(bad.getMessage().contains("route"), bad.getMessage());
        }
    }

    @Test
    void commandsAcrossSlots() {
        Support.servers("cluster");
        try (HavenClient c = await(HavenClient.connect(config()))) {
            for (int i = 0; i < 50; i++) assertEquals("OK", await(c.set(key("c" + i), "v" + i)));
            for (int i = 0; i < 50; i++) assertEquals("v" + i, await(c.get(key("c" + i))));
            List<Object> r = await(c.exec(Batch.pipeline().add("GET", key("c1")).add("GET", key("c2"))));
            assertEquals(List.of("v1", "v2"), r);
            assertEquals(List.of("v1", "v2", "v3"), await(c.mget(key("c1"), key("c2"), key("c3"))));
            for (int i = 0; i < 50; i++) await(c.del(key("c" + i)));
        }
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void killedPrimaryIsReplacedAndTheClientKeepsServing() {
        Support.servers("cluster");
        try (Support.FaultLock lock = new Support.FaultLock();
             HavenClient c = await(HavenClient.connect(config()))) {
            List<Event> events = new CopyOnWriteArrayList<>();
            c.addEventListener(events::add);
            for (int i = 0; i < 30; i++) await(c.set(key("k" + i), "v"));
            int victim = ownerOf(key("k0"));
            Support.killNode(victim);
            try {
                // Every key is writable again once a replica took over.
                Support.waitFor("every slot to be served again", 60, () -> {
                    for (int i = 0; i < 30; i++) {
                        try {
                            await(c.set(key("k" + i), "w"));
                        } catch (HavenException e) {
                            return false;
                        }
                    }
                    return true;
                });
                Support.waitFor(() -> "a topology/primary event in " + events, 30, () -> events.stream().anyMatch(
                        e -> e.kind() == Event.Kind.TOPOLOGY_CHANGED || e.kind() == Event.Kind.PRIMARY_CHANGED));
                assertTrue(events.stream().anyMatch(e -> e.kind() == Event.Kind.NODE_DISCONNECTED
                        && e.node().endsWith(":" + victim)), events.toString());
                for (int i = 0; i < 30; i++) assertEquals("w", await(c.get(key("k" + i))));
            } finally {
                Support.restartNode(victim);
                Support.waitFor("the cluster to be ok", 60,
                        () -> Support.cli(7000 == victim ? 7001 : 7000, "CLUSTER", "INFO").contains("cluster_state:ok"));
            }
            for (int i = 0; i < 30; i++) await(c.del(key("k" + i)));
        }
    }
}
