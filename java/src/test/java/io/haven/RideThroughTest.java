package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Riding through failovers (issue 17): with a request timeout longer than
 * the failover, requests to an unreachable primary wait, parked, and go to
 * the new primary (cluster SIGKILL, Sentinel SIGKILL, standalone REPLICAOF
 * swap); primary_preferred reads go to a replica meanwhile; a write on the
 * wire when the link died is resent only when marked resendSafe; failFast
 * turns the waiting off. Faults hold the shared fault lock and the servers
 * are restored before it is released.
 */
class RideThroughTest {
    static final String[] SEEDS = {"127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002"};

    record Outcome(long ok, List<Throwable> errors) {}

    /** {@code writers} threads writing their own keys from now until the returned stop runs. */
    static final class Load {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        Load(HavenClient c, IntFunction<String> keyOf, int writers) {
            for (int w = 0; w < writers; w++) {
                String k = keyOf.apply(w);
                Thread t = new Thread(() -> {
                    for (long n = 1; !stop.get(); n++) {
                        try {
                            c.set(k, Long.toString(n)).get(30, TimeUnit.SECONDS);
                            ok.incrementAndGet();
                        } catch (ExecutionException e) {
                            errors.add(e.getCause());
                        } catch (Exception e) {
                            errors.add(e);
                        }
                    }
                }, "writer-" + w);
                t.start();
                threads.add(t);
            }
        }

        Outcome stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) t.join(60_000);
            return new Outcome(ok.get(), List.copyOf(errors));
        }
    }

    interface Fault {
        void run() throws Exception;
    }

    /** Writes for 300 ms, runs the fault, keeps writing for {@code settleMs}. */
    static Outcome ride(HavenClient c, IntFunction<String> keyOf, int writers, Fault fault, long settleMs) throws Exception {
        Load load = new Load(c, keyOf, writers);
        Thread.sleep(300);
        fault.run();
        Thread.sleep(settleMs);
        return load.stop();
    }

    static void check(String what, Outcome r, int writers, ParkStats stats) {
        System.err.printf("%s: %d writes ok, %d failed, %s%n", what, r.ok(), r.errors().size(), stats);
        // Only writes on the wire when the link died may fail (not resent).
        assertTrue(r.errors().size() <= writers, r.errors().size() + " writes failed: "
                + r.errors().subList(0, Math.min(3, r.errors().size())));
        for (Throwable e : r.errors()) assertInstanceOf(ConnectionException.class, e, String.valueOf(e));
        assertTrue(stats.parkedTotal() > 0 && stats.resumed() > 0, stats.toString());
        assertEquals(0, stats.parkedNow());
        assertTrue(r.ok() > 0);
    }

    static int slot(String tag) {
        return Integer.parseInt(Support.cli(7000, "CLUSTER", "KEYSLOT", tag).trim());
    }

    /** A hash tag whose slot {@code port} serves. */
    static String tagOn(int port, String prefix) {
        String nodes = Support.cli(7000, "CLUSTER", "NODES");
        for (int i = 0; ; i++) {
            String tag = prefix + "-" + ProcessHandle.current().pid() + "-" + i;
            if (ClusterTest.ownerIn(nodes, slot(tag)) == port) return tag;
        }
    }

    static boolean clusterHealthy() {
        try {
            String nodes = Support.cli(7000, "CLUSTER", "NODES");
            long masters = nodes.lines().filter(l -> l.contains("master") && !l.contains("fail") && l.contains("connected")).count();
            return masters == 3 && !nodes.contains("fail") && Support.cli(7000, "CLUSTER", "INFO").contains("cluster_state:ok");
        } catch (AssertionError e) {
            return false;
        }
    }

    static void restoreCluster(int victim) {
        boolean up;
        try {
            up = Support.cli(victim, "PING").equals("PONG");
        } catch (AssertionError e) {
            up = false;
        }
        if (!up) Support.restartNode(victim);
        Support.waitFor("a healthy cluster", 90, RideThroughTest::clusterHealthy);
    }

    static int firstPrimary(int index) {
        String nodes = Support.cli(7000, "CLUSTER", "NODES");
        List<Integer> ports = new ArrayList<>();
        for (String l : nodes.split("\n")) {
            String[] f = l.trim().split(" ");
            if (f.length >= 9 && f[2].contains("master") && !f[2].contains("fail")) {
                ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1, f[1].indexOf('@'))));
            }
        }
        ports.sort(null);
        return ports.get(index);
    }

    // ----------------------------------------------------------------- tests

    @Test
    void optionsAreCheckedAndParkStatsStartAtZero() {
        Support.servers("standalone");
        assertThrows(ConfigException.class, () -> RequestOptions.create().timeoutMs(0));
        StandaloneConfig config = StandaloneConfig.builder("127.0.0.1:6400").readFrom("primary_preferred").failFast(true)
                .requestTimeoutMs(Support.TIMEOUT_MS).build();
        try (HavenClient c = await(HavenClient.connect(config))) {
            assertEquals("PONG", await(c.customCommand(RequestOptions.create().resendSafe(true), "PING")));
            Object pong = await(c.customCommand(RequestOptions.create().timeoutMs(1000), "PING".getBytes()));
            assertEquals("PONG", pong instanceof byte[] b ? new String(b) : pong);
            assertEquals(List.of("PONG"), await(c.exec(Batch.pipeline().add("PING"), RequestOptions.create().resendSafe(true))));
            assertEquals(new ParkStats(0, 0, 0, 0), c.parkStats());
        }
        assertEquals(Event.Kind.REQUESTS_PARKED, Event.Kind.of(16));
        assertEquals(Event.Kind.REQUESTS_RESUMED, Event.Kind.of(17));
        assertEquals(Event.Kind.ORPHANED_REPLY, Event.Kind.of(15));
        assertEquals(Event.Kind.UNSPECIFIED, Event.Kind.of(0));
        assertEquals(Event.Kind.UNKNOWN, Event.Kind.of(999), "a future kind degrades, never throws");
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void clusterWritesDuringAPrimarySigkillSucceedAfterThePromotion() throws Exception {
        Support.servers("cluster");
        try (Support.FaultLock lock = new Support.FaultLock()) {
            Support.waitFor("a healthy cluster", 90, RideThroughTest::clusterHealthy);
            int victim = firstPrimary(0);
            List<Event> events = new CopyOnWriteArrayList<>();
            try (HavenClient c = await(HavenClient.connect(ClusterConfig.builder(SEEDS).requestTimeoutMs(5000).build()))) {
                c.addEventListener(events::add);
                String tag = tagOn(victim, "jride");
                int slot = slot(tag);
                int writers = 10;
                Outcome r = ride(c, w -> "{" + tag + "}:" + w, writers, () -> Support.killNode(victim), 6000);
                check("cluster SIGKILL of " + victim, r, writers, c.parkStats());
                assertTrue(events.stream().anyMatch(e -> e.kind() == Event.Kind.REQUESTS_PARKED), events.toString());
                // The writes after the kill landed on the heir. (A survivor's
                // view may lag a moment, or name the victim again if another
                // suite's `servers.sh start` brought it back: wait for a heir.)
                int survivor = 7000 == victim ? 7001 : 7000;
                int[] heir = {-1};
                Support.waitFor("a heir of slot " + slot, 30, () -> {
                    heir[0] = ClusterTest.ownerIn(Support.cli(survivor, "CLUSTER", "NODES"), slot);
                    return heir[0] != -1 && heir[0] != victim;
                });
                assertNotEquals("", Support.cli(heir[0], "GET", "{" + tag + "}:0"));
            } finally {
                restoreCluster(victim);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void primaryPreferredReadsSucceedThroughoutAPrimarySigkill() throws Exception {
        Support.servers("cluster");
        try (Support.FaultLock lock = new Support.FaultLock()) {
            Support.waitFor("a healthy cluster", 90, RideThroughTest::clusterHealthy);
            int victim = firstPrimary(1);
            ClusterConfig config = ClusterConfig.builder(SEEDS).requestTimeoutMs(1000).readFrom("primary_preferred").build();
            try (HavenClient c = await(HavenClient.connect(config))) {
                String k = "{" + tagOn(victim, "jpp") + "}:read";
                assertEquals("OK", await(c.set(k, "v")));
                // The shard's replica has the write before the kill (one an
                // earlier test restarted may still be syncing: it would
                // answer reads without the write, and take over without it).
                Support.waitFor("the write on a replica of " + victim, 60, () -> Support.replicasCaughtUp(victim));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong ok = new AtomicLong();
                List<String> failed = new CopyOnWriteArrayList<>();
                List<Thread> readers = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    Thread t = new Thread(() -> {
                        while (!stop.get()) {
                            try {
                                Object v = c.get(k).get(30, TimeUnit.SECONDS);
                                if ("v".equals(v)) ok.incrementAndGet();
                                else failed.add("read " + v);
                            } catch (ExecutionException e) {
                                failed.add(String.valueOf(e.getCause()));
                            } catch (Exception e) {
                                failed.add(String.valueOf(e));
                            }
                        }
                    });
                    t.start();
                    readers.add(t);
                }
                Thread.sleep(300);
                Support.killNode(victim);
                Thread.sleep(3000);
                stop.set(true);
                for (Thread t : readers) t.join(60_000);
                System.err.printf("primary_preferred through a SIGKILL of %d: %d reads ok, %d failed%n", victim, ok.get(), failed.size());
                assertEquals(List.of(), failed.subList(0, Math.min(3, failed.size())));
                assertTrue(ok.get() > 100, ok.get() + " reads");
            } finally {
                restoreCluster(victim);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void sentinelWritesDuringAPrimarySigkillSucceedAfterTheFailover() throws Exception {
        Support.servers("sentinel");
        try (Support.FaultLock lock = new Support.FaultLock()) {
            Support.run(List.of("bash", Support.REPO.resolve("scripts/servers.sh").toString(), "start", "sentinel"));
            String master = SentinelTest.master();
            int primary = Integer.parseInt(master.substring(master.lastIndexOf(':') + 1));
            Support.waitFor("the primary up", 30, () -> {
                try {
                    return Support.cli(primary, "PING").equals("PONG");
                } catch (AssertionError e) {
                    return false;
                }
            });
            // A Sentinel failover whose first attempt fails is tried again
            // after twice failover-timeout (3 s, scripts/servers.sh): 8 s and
            // more on a loaded 2-core machine. Parked writes must outlast it.
            SentinelConfig config = SentinelConfig.builder("havenprimary", "127.0.0.1:26420", "127.0.0.1:26421", "127.0.0.1:26422")
                    .requestTimeoutMs(15000).build();
            try (HavenClient c = await(HavenClient.connect(config))) {
                int writers = 5;
                String k = key("jsride");
                Outcome r = ride(c, w -> k + ":" + w, writers, () -> Support.killNode(primary), 5000);
                check("Sentinel SIGKILL of " + primary, r, writers, c.parkStats());
            } finally {
                // Restarts the killed node (Sentinel makes it a replica).
                Support.run(List.of("bash", Support.REPO.resolve("scripts/servers.sh").toString(), "start", "sentinel"));
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void standaloneWritesRideThroughAReplicaofSwap() throws Exception {
        Support.servers("spare");
        try (Support.FaultLock lock = new Support.FaultLock()) {
            try {
                assertEquals("OK", Support.cli(6452, "REPLICAOF", "NO", "ONE"));
                assertEquals("OK", Support.cli(6453, "REPLICAOF", "127.0.0.1", "6452"));
                Support.waitFor("6453 synced", 20, () -> Support.cli(6453, "INFO", "replication").contains("master_link_status:up"));
                StandaloneConfig config = StandaloneConfig.builder("127.0.0.1:6452", "127.0.0.1:6453").requestTimeoutMs(5000).build();
                try (HavenClient c = await(HavenClient.connect(config))) {
                    int writers = 5;
                    String k = key("jswap");
                    Outcome r = ride(c, w -> k + ":" + w, writers, () -> {
                        Support.killNode(6452);
                        Thread.sleep(500);
                        assertEquals("OK", Support.cli(6453, "REPLICAOF", "NO", "ONE"));
                    }, 3000);
                    check("REPLICAOF swap", r, writers, c.parkStats());
                    assertNotEquals("", Support.cli(6453, "GET", k + ":0"));
                }
            } finally {
                try {
                    Support.cli(6452, "PING");
                } catch (AssertionError down) {
                    Support.restartNode(6452);
                }
                Support.cli(6453, "REPLICAOF", "NO", "ONE");
                Support.run(List.of("bash", Support.REPO.resolve("scripts/servers.sh").toString(), "start", "spare"));
            }
        }
    }

    // ------------------------------------------ a TCP proxy for link faults

    /**
     * Forwards a local port to {@code target}. blackhole(): bytes are held
     * both ways (sockets stay open); cut(): every link closes (held bytes
     * dropped) and new ones are refused until heal().
     */
    static final class Proxy implements AutoCloseable {
        enum Mode { FORWARD, BLACKHOLE, CUT }

        final ServerSocket server;
        final int target;
        volatile Mode mode = Mode.FORWARD;
        final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        final Object gate = new Object();

        Proxy(int target) throws IOException {
            this.target = target;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "proxy-accept");
            t.setDaemon(true);
            t.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (mode == Mode.CUT) {
                        client.close();
                        continue;
                    }
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    // closed
                }
            }
        }

        void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (gate) {
                            // Held while blackholed; a cut link never passes again.
                            while (mode == Mode.BLACKHOLE) gate.wait();
                            if (mode == Mode.CUT || from.isClosed()) break;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // link ended
                } finally {
                    close(from);
                    close(to);
                }
            }, "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        static void close(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        void set(Mode m) {
            synchronized (gate) {
                mode = m;
                gate.notifyAll();
            }
            if (m == Mode.CUT) {
                for (Socket s : sockets) close(s);
                sockets.clear();
            }
        }

        @Override
        public void close() throws IOException {
            set(Mode.CUT);
            server.close();
        }
    }

    @Test
    void aPrimaryCutOffParksRequestsUntilTheirDeadlineAndFailFastFailsAtOnce() throws Exception {
        Support.servers("standalone");
        try (Proxy proxy = new Proxy(6400)) {
            // Reconnects every 100-200 ms: after the heal the link is back well
            // within the last request's deadline (the default backoff grows to 5 s).
            Backoff quick = new Backoff(100, 2.0, 200, 20.0);
            StandaloneConfig parking = StandaloneConfig.builder(proxy.address()).requestTimeoutMs(1500).reconnect(quick).build();
            StandaloneConfig failing = StandaloneConfig.builder(proxy.address()).requestTimeoutMs(1500).reconnect(quick).failFast(true).build();
            try (HavenClient c = await(HavenClient.connect(parking));
                 HavenClient fast = await(HavenClient.connect(failing))) {
                List<Event> events = new CopyOnWriteArrayList<>();
                c.addEventListener(events::add);
                assertEquals("PONG", await(c.ping()));
                assertEquals("PONG", await(fast.ping()));
                proxy.set(Proxy.Mode.CUT); // the primary is unreachable
                Thread.sleep(100);
                long t0 = System.nanoTime();
                assertThrows(ConnectionException.class, () -> await(fast.get(key("f"))));
                long fastMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(fastMs < 1000, "failFast waited " + fastMs + " ms");
                assertEquals(0, fast.parkStats().parkedTotal());
                t0 = System.nanoTime();
                List<CompletableFuture<String>> waits = new ArrayList<>();
                for (int i = 0; i < 5; i++) waits.add(c.get(key("p" + i)));
                for (CompletableFuture<String> w : waits) assertThrows(HavenException.class, () -> await(w));
                long waited = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(waited >= 1200 && waited < 4000, "waited " + waited + " ms for a 1500 ms deadline");
                ParkStats s = c.parkStats();
                assertTrue(s.parkedTotal() >= 5 && s.parkedNow() == 0 && s.longestWaitMs() >= 1000, s.toString());
                Support.waitFor(() -> "parking events in " + events, 5, () ->
                        events.stream().anyMatch(e -> e.kind() == Event.Kind.REQUESTS_PARKED)
                                && events.stream().anyMatch(e -> e.kind() == Event.Kind.REQUESTS_RESUMED));
                // Healed within the deadline: a parked request goes on.
                CompletableFuture<Object> later = c.customCommand(RequestOptions.create().timeoutMs(5000), "GET", key("later"));
                Thread.sleep(300);
                proxy.set(Proxy.Mode.FORWARD);
                assertNull(await(later));
                assertTrue(c.parkStats().resumed() >= 1, c.parkStats().toString());
            }
        }
    }

    @Test
    void aWriteOnTheWireWhenTheLinkDiesIsResentOnlyWhenMarked() throws Exception {
        Support.servers("standalone");
        try (Proxy proxy = new Proxy(6400);
             HavenClient c = await(HavenClient.connect(StandaloneConfig.builder(proxy.address()).requestTimeoutMs(5000).build()))) {
            for (boolean marked : new boolean[] {false, true}) {
                String k = key("jresend-" + marked + "-" + System.nanoTime());
                proxy.set(Proxy.Mode.BLACKHOLE);
                CompletableFuture<Object> incr = c.customCommand(RequestOptions.create().resendSafe(marked), "INCR", k);
                Thread.sleep(300);
                proxy.set(Proxy.Mode.CUT); // the INCR was on the wire when the link died
                Thread.sleep(300);
                proxy.set(Proxy.Mode.FORWARD);
                if (marked) {
                    assertEquals(1L, await(incr), "a marked write is resent on the new link");
                } else {
                    assertThrows(ConnectionException.class, () -> await(incr), "an unmarked write on the wire is not resent");
                    assertEquals("", Support.cli(6400, "GET", k), "the unmarked INCR ran after all?");
                }
                assertEquals("PONG", await(c.ping()));
                Support.cli(6400, "DEL", k);
            }
        }
    }
}
