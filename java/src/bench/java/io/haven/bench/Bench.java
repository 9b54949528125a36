package io.haven.bench;

import glide.api.GlideClient;
import glide.api.GlideClusterClient;
import glide.api.models.configuration.GlideClientConfiguration;
import glide.api.models.configuration.GlideClusterClientConfiguration;
import glide.api.models.configuration.NodeAddress;
import io.haven.ClusterConfig;
import io.haven.HavenBlockingClient;
import io.haven.HavenClient;
import io.haven.StandaloneConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The Java benchmark: 80% GET / 20% SET of 100-byte values over 10,000 keys,
 * closed loop at concurrency 1, 10, 100, 1000, on the local standalone server
 * (6400) and cluster (7000-7005): haven beside Lettuce (async, one
 * connection, its usual setup), Jedis (pooled, one thread per concurrent
 * request) and valkey-glide (async). Prints ops/s, p50, p99 and haven's
 * ratio to each; HAVEN_BENCH_JSON=file appends JSON lines (COMMON.md).
 * Quick mode (--quick or HAVEN_BENCH_QUICK=1): concurrency 1 and 100, 1 s.
 *
 * Low-concurrency mode (--low [rounds]): haven (async and blocking),
 * Lettuce and Jedis at 1 and 10 callers, standalone and cluster, every
 * client connected once and measured in alternating rounds (the order
 * rotates each round); prints each client's median and spread over the
 * rounds and haven's ratio to the best peer, round by round.
 */
public final class Bench {
    static final int KEYS = 10_000;
    static final String VALUE = "v".repeat(100);
    /** Seconds each point runs unmeasured first (JIT, connection pools). */
    static double warmup = 1.0;

    /** One request of the mix, as a future. */
    interface AsyncOps {
        CompletableFuture<?> get(String key);
        CompletableFuture<?> set(String key, String value);
    }

    /** One request of the mix, blocking (Jedis). */
    interface SyncOps {
        void get(String key);
        void set(String key, String value);
    }

    record Result(String client, String mode, String deployment, int concurrency, double opsPerSec, double p50Us,
                  double p99Us, long errors, double seconds) {}

    static String key() {
        return "bench:java:" + ThreadLocalRandom.current().nextInt(KEYS);
    }

    static Result runAsync(String client, String deployment, AsyncOps ops, int conc, double seconds) throws Exception {
        drive(ops, conc, warmup);
        return measure(client, "async", deployment, conc, seconds, () -> drive(ops, conc, seconds));
    }

    interface Run {
        Object[] run() throws Exception;
    }

    static Result measure(String client, String mode, String deployment, int conc, double seconds, Run run) throws Exception {
        Object[] r = run.run();
        Histogram h = (Histogram) r[0];
        long ops = (long) r[1], errors = (long) r[2];
        double elapsed = (double) r[3];
        return new Result(client, mode, deployment, conc, ops / elapsed, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, errors, elapsed);
    }

    /** Closed loop: `conc` chains, each sending its next request when the last one ends. */
    static Object[] drive(AsyncOps ops, int conc, double seconds) throws InterruptedException {
        Recorder rec = new Recorder(3);
        AtomicLong done = new AtomicLong(), errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(conc);
        for (int i = 0; i < conc; i++) {
            new Object() {
                void next() {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        finished.countDown();
                        return;
                    }
                    CompletableFuture<?> f;
                    try {
                        f = ThreadLocalRandom.current().nextInt(5) == 0 ? ops.set(key(), VALUE) : ops.get(key());
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    f.whenComplete((v, e) -> {
                        long t1 = System.nanoTime();
                        rec.recordValue(Math.max(1, (t1 - t0)));
                        if (e != null) errors.incrementAndGet(); else done.incrementAndGet();
                        if (e != null) {
                            // Do not spin on an instantly failing client.
                            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS).execute(this::next);
                        } else {
                            next();
                        }
                    });
                }
            }.next();
        }
        finished.await(Math.round(seconds * 1000) + 30_000, TimeUnit.MILLISECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Object[] {rec.getIntervalHistogram(), done.get(), errors.get(), elapsed};
    }

    static Result runSync(String client, String deployment, SyncOps ops, int conc, double seconds) throws Exception {
        driveSync(ops, conc, warmup);
        return measure(client, "sync", deployment, conc, seconds, () -> driveSync(ops, conc, seconds));
    }

    static Object[] driveSync(SyncOps ops, int conc, double seconds) throws InterruptedException {
        Recorder rec = new Recorder(3);
        AtomicLong done = new AtomicLong(), errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < conc; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) return;
                    try {
                        if (ThreadLocalRandom.current().nextInt(5) == 0) ops.set(key(), VALUE); else ops.get(key());
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                    rec.recordValue(Math.max(1, System.nanoTime() - t0));
                }
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Object[] {rec.getIntervalHistogram(), done.get(), errors.get(), elapsed};
    }

    public static void main(String[] args) throws Exception {
        int low = List.of(args).indexOf("--low");
        if (low >= 0) {
            int rounds = args.length > low + 1 ? Integer.parseInt(args[low + 1]) : 5;
            lowConcurrency(rounds, 2.0);
            return;
        }
        boolean quick = List.of(args).contains("--quick") || "1".equals(System.getenv("HAVEN_BENCH_QUICK"));
        int[] concs = quick ? new int[] {1, 100} : new int[] {1, 10, 100, 1000};
        double seconds = quick ? 1.0 : 5.0;
        warmup = quick ? 0.3 : 1.0;
        List<Result> results = new ArrayList<>();
        for (String deployment : List.of("standalone", "cluster")) {
            boolean cluster = deployment.equals("cluster");
            results.addAll(haven(cluster, concs, seconds));
            results.addAll(lettuce(cluster, concs, seconds));
            results.addAll(jedis(cluster, concs, seconds));
            results.addAll(glide(cluster, concs, seconds));
        }
        report(results);
    }

    static List<Result> haven(boolean cluster, int[] concs, double seconds) throws Exception {
        String dep = cluster ? "cluster" : "standalone";
        HavenClient c = HavenClient.connect(cluster
                ? ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002").requestTimeoutMs(2000).inflightLimit(10_000).build()
                : StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(2000).inflightLimit(10_000).build()).get();
        try (c) {
            for (int i = 0; i < KEYS; i += 1) c.set("bench:java:" + i, VALUE);
            c.ping().get();
            AsyncOps ops = new AsyncOps() {
                public CompletableFuture<?> get(String k) { return c.get(k); }
                public CompletableFuture<?> set(String k, String v) { return c.set(k, v); }
            };
            List<Result> out = new ArrayList<>();
            for (int n : concs) out.add(runAsync("haven", dep, ops, n, seconds));
            return out;
        }
    }

    /** Lettuce's standalone and cluster async APIs share the string commands. */
    static AsyncOps lettuceOps(RedisStringAsyncCommands<String, String> a) {
        return new AsyncOps() {
            public CompletableFuture<?> get(String k) { return a.get(k).toCompletableFuture(); }
            public CompletableFuture<?> set(String k, String v) { return a.set(k, v).toCompletableFuture(); }
        };
    }

    static List<Result> lettuce(boolean cluster, int[] concs, double seconds) throws Exception {
        String dep = cluster ? "cluster" : "standalone";
        List<Result> out = new ArrayList<>();
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create("redis://127.0.0.1:7000");
            try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
                AsyncOps ops = lettuceOps(conn.async());
                for (int n : concs) out.add(runAsync("lettuce", dep, ops, n, seconds));
            } finally {
                client.shutdown();
            }
        } else {
            RedisClient client = RedisClient.create("redis://127.0.0.1:6400");
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                AsyncOps ops = lettuceOps(conn.async());
                for (int n : concs) out.add(runAsync("lettuce", dep, ops, n, seconds));
            } finally {
                client.shutdown();
            }
        }
        return out;
    }

    static List<Result> jedis(boolean cluster, int[] concs, double seconds) throws Exception {
        String dep = cluster ? "cluster" : "standalone";
        List<Result> out = new ArrayList<>();
        for (int n : concs) {
            if (cluster) {
                ConnectionPoolConfig pool = new ConnectionPoolConfig();
                pool.setMaxTotal(n);
                pool.setMaxIdle(n);
                try (JedisCluster jc = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", 7000)), 2000, 2000, 5, pool)) {
                    SyncOps ops = new SyncOps() {
                        public void get(String k) { jc.get(k); }
                        public void set(String k, String v) { jc.set(k, v); }
                    };
                    out.add(runSync("jedis", dep, ops, n, seconds));
                }
            } else {
                JedisPoolConfig pool = new JedisPoolConfig();
                pool.setMaxTotal(n);
                pool.setMaxIdle(n);
                try (JedisPool jp = new JedisPool(pool, "127.0.0.1", 6400, 2000)) {
                    SyncOps ops = new SyncOps() {
                        public void get(String k) { try (Jedis j = jp.getResource()) { j.get(k); } }
                        public void set(String k, String v) { try (Jedis j = jp.getResource()) { j.set(k, v); } }
                    };
                    out.add(runSync("jedis", dep, ops, n, seconds));
                }
            }
        }
        return out;
    }

    static List<Result> glide(boolean cluster, int[] concs, double seconds) throws Exception {
        String dep = cluster ? "cluster" : "standalone";
        List<Result> out = new ArrayList<>();
        if (cluster) {
            try (GlideClusterClient g = GlideClusterClient.createClient(GlideClusterClientConfiguration.builder()
                    .address(NodeAddress.builder().host("127.0.0.1").port(7000).build()).requestTimeout(2000).build()).get()) {
                AsyncOps ops = new AsyncOps() {
                    public CompletableFuture<?> get(String k) { return g.get(k); }
                    public CompletableFuture<?> set(String k, String v) { return g.set(k, v); }
                };
                for (int n : concs) out.add(runAsync("valkey-glide", dep, ops, n, seconds));
            }
        } else {
            try (GlideClient g = GlideClient.createClient(GlideClientConfiguration.builder()
                    .address(NodeAddress.builder().host("127.0.0.1").port(6400).build()).requestTimeout(2000).build()).get()) {
                AsyncOps ops = new AsyncOps() {
                    public CompletableFuture<?> get(String k) { return g.get(k); }
                    public CompletableFuture<?> set(String k, String v) { return g.set(k, v); }
                };
                for (int n : concs) out.add(runAsync("valkey-glide", dep, ops, n, seconds));
            }
        }
        return out;
    }

    static void report(List<Result> results) throws Exception {
        System.out.printf(Locale.ROOT, "%-11s %-13s %6s %12s %10s %10s %7s %s%n", "deployment", "client", "conc", "ops/s", "p50 us", "p99 us", "errors", "haven/x");
        Map<String, Result> havenAt = new LinkedHashMap<>();
        for (Result r : results) if (r.client().equals("haven")) havenAt.put(r.deployment() + r.concurrency(), r);
        String json = System.getenv("HAVEN_BENCH_JSON");
        StringBuilder lines = new StringBuilder();
        for (Result r : results) {
            Result h = havenAt.get(r.deployment() + r.concurrency());
            String ratio = (h == null || r.client().equals("haven") || r.opsPerSec() == 0) ? "" : String.format(Locale.ROOT, "%.2fx", h.opsPerSec() / r.opsPerSec());
            System.out.printf(Locale.ROOT, "%-11s %-13s %6d %12.0f %10.1f %10.1f %7d %s%n", r.deployment(), r.client(),
                    r.concurrency(), r.opsPerSec(), r.p50Us(), r.p99Us(), r.errors(), ratio);
            lines.append(String.format(Locale.ROOT,
                    "{\"kind\":\"throughput\",\"language\":\"java\",\"deployment\":\"%s\",\"client\":\"%s\",\"mode\":\"%s\",\"concurrency\":%d,\"ops_per_sec\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"errors\":%d,\"seconds\":%.2f}%n",
                    r.deployment(), r.client(), r.mode(), r.concurrency(), r.opsPerSec(), r.p50Us(), r.p99Us(), r.errors(), r.seconds()));
        }
        if (json != null && !json.isEmpty()) {
            Files.writeString(Path.of(json), lines.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** One client kept open across rounds: runs one measured point. */
    interface Point {
        Result run(int conc, double seconds) throws Exception;
    }

    record Contender(String client, Point point, AutoCloseable closer) {}

    static List<Contender> contenders(boolean cluster) throws Exception {
        String dep = cluster ? "cluster" : "standalone";
        List<Contender> out = new ArrayList<>();
        HavenClient h = HavenClient.connect(cluster
                ? ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002").requestTimeoutMs(2000).inflightLimit(10_000).build()
                : StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(2000).inflightLimit(10_000).build()).get();
        for (int i = 0; i < KEYS; i += 1) h.set("bench:java:" + i, VALUE);
        h.ping().get();
        AsyncOps havenOps = new AsyncOps() {
            public CompletableFuture<?> get(String k) { return h.get(k); }
            public CompletableFuture<?> set(String k, String v) { return h.set(k, v); }
        };
        out.add(new Contender("haven", (n, s) -> runAsync("haven", dep, havenOps, n, s), h));
        HavenBlockingClient hb = HavenBlockingClient.connect(cluster
                ? ClusterConfig.builder("127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002").requestTimeoutMs(2000).inflightLimit(10_000).build()
                : StandaloneConfig.builder("127.0.0.1:6400").requestTimeoutMs(2000).inflightLimit(10_000).build());
        SyncOps havenSync = new SyncOps() {
            public void get(String k) { hb.get(k); }
            public void set(String k, String v) { hb.set(k, v); }
        };
        out.add(new Contender("haven (blocking)", (n, s) -> runSync("haven (blocking)", dep, havenSync, n, s), hb));
        if (cluster) {
            RedisClusterClient lc = RedisClusterClient.create("redis://127.0.0.1:7000");
            StatefulRedisClusterConnection<String, String> conn = lc.connect();
            AsyncOps ops = lettuceOps(conn.async());
            out.add(new Contender("lettuce", (n, s) -> runAsync("lettuce", dep, ops, n, s), () -> { conn.close(); lc.shutdown(); }));
            ConnectionPoolConfig pool = new ConnectionPoolConfig();
            pool.setMaxTotal(10);
            pool.setMaxIdle(10);
            JedisCluster jc = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", 7000)), 2000, 2000, 5, pool);
            SyncOps jops = new SyncOps() {
                public void get(String k) { jc.get(k); }
                public void set(String k, String v) { jc.set(k, v); }
            };
            out.add(new Contender("jedis", (n, s) -> runSync("jedis", dep, jops, n, s), jc));
        } else {
            RedisClient lc = RedisClient.create("redis://127.0.0.1:6400");
            StatefulRedisConnection<String, String> conn = lc.connect();
            AsyncOps ops = lettuceOps(conn.async());
            out.add(new Contender("lettuce", (n, s) -> runAsync("lettuce", dep, ops, n, s), () -> { conn.close(); lc.shutdown(); }));
            JedisPoolConfig pool = new JedisPoolConfig();
            pool.setMaxTotal(10);
            pool.setMaxIdle(10);
            JedisPool jp = new JedisPool(pool, "127.0.0.1", 6400, 2000);
            SyncOps jops = new SyncOps() {
                public void get(String k) { try (Jedis j = jp.getResource()) { j.get(k); } }
                public void set(String k, String v) { try (Jedis j = jp.getResource()) { j.set(k, v); } }
            };
            out.add(new Contender("jedis", (n, s) -> runSync("jedis", dep, jops, n, s), jp));
        }
        return out;
    }

    static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void lowConcurrency(int rounds, double seconds) throws Exception {
        warmup = 0.3;
        System.out.printf(Locale.ROOT, "low concurrency: %d alternating rounds of %.1f s per point%n", rounds, seconds);
        System.out.printf(Locale.ROOT, "%-11s %5s %-17s %10s %21s %9s %9s   %s%n", "deployment", "conc", "client", "ops/s med",
                "ops/s min-max", "p50 med", "p99 med", "haven / client, med (min-max) over rounds");
        String json = System.getenv("HAVEN_BENCH_JSON");
        StringBuilder lines = new StringBuilder();
        for (String dep : List.of("standalone", "cluster")) {
            List<Contender> cs = contenders(dep.equals("cluster"));
            try {
                for (int conc : new int[] {1, 10}) {
                    Map<String, List<Result>> by = new LinkedHashMap<>();
                    for (Contender c : cs) by.put(c.client(), new ArrayList<>());
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < cs.size(); i++) {
                            Contender c = cs.get((i + r) % cs.size());
                            by.get(c.client()).add(c.point().run(conc, seconds));
                        }
                    }
                    List<Result> haven = by.get("haven");
                    for (Map.Entry<String, List<Result>> e : by.entrySet()) {
                        List<Double> ops = new ArrayList<>(), p50 = new ArrayList<>(), p99 = new ArrayList<>(), ratio = new ArrayList<>();
                        for (int r = 0; r < rounds; r++) {
                            Result x = e.getValue().get(r);
                            ops.add(x.opsPerSec());
                            p50.add(x.p50Us());
                            p99.add(x.p99Us());
                            ratio.add(haven.get(r).opsPerSec() / x.opsPerSec());
                        }
                        String vs = e.getKey().equals("haven") ? "-" : String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)",
                                median(ratio), ratio.stream().mapToDouble(d -> d).min().orElse(0), ratio.stream().mapToDouble(d -> d).max().orElse(0));
                        if (e.getKey().equals("jedis") && by.containsKey("haven (blocking)")) {
                            // Blocking against blocking, too: haven's HavenBlockingClient over Jedis.
                            List<Result> hb = by.get("haven (blocking)");
                            List<Double> br = new ArrayList<>();
                            for (int r = 0; r < rounds; r++) br.add(hb.get(r).opsPerSec() / e.getValue().get(r).opsPerSec());
                            vs += String.format(Locale.ROOT, "; blocking %.2fx (%.2f-%.2f)", median(br),
                                    br.stream().mapToDouble(d -> d).min().orElse(0), br.stream().mapToDouble(d -> d).max().orElse(0));
                        }
                        System.out.printf(Locale.ROOT, "%-11s %5d %-17s %10.0f %10.0f-%-10.0f %9.1f %9.1f   %s%n", dep, conc, e.getKey(),
                                median(ops), ops.stream().mapToDouble(d -> d).min().orElse(0), ops.stream().mapToDouble(d -> d).max().orElse(0),
                                median(p50), median(p99), vs);
                        lines.append(String.format(Locale.ROOT,
                                "{\"kind\":\"low_concurrency\",\"language\":\"java\",\"deployment\":\"%s\",\"client\":\"%s\",\"concurrency\":%d,\"rounds\":%d,\"ops_per_sec_median\":%.1f,\"ops_per_sec_min\":%.1f,\"ops_per_sec_max\":%.1f,\"p50_us_median\":%.1f,\"haven_ratio_median\":%.3f}%n",
                                dep, e.getKey(), conc, rounds, median(ops), ops.stream().mapToDouble(d -> d).min().orElse(0),
                                ops.stream().mapToDouble(d -> d).max().orElse(0), median(p50), median(ratio)));
                    }
                }
            } finally {
                for (Contender c : cs) c.closer().close();
            }
        }
        if (json != null && !json.isEmpty()) {
            Files.writeString(Path.of(json), lines.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
