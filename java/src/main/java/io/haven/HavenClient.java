package io.haven;

import com.google.protobuf.ByteString;
import io.haven.internal.Core;
import io.haven.internal.Native;
import io.haven.internal.Replies;
import io.haven.proto.Command;
import io.haven.proto.CommandRequest;
import io.haven.proto.Value;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A haven client: every method sends its request to the engine without
 * blocking and returns a {@link CompletableFuture}, completed on the client's
 * dispatcher thread (or on the executor given to {@link #connect(ClientConfig, Executor)}).
 * Failures are {@link HavenException} subclasses. Thread-safe; one client per
 * deployment is meant to be shared. Close it when done ({@link #close()});
 * one dropped without closing is closed when garbage-collected.
 */
public final class HavenClient implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Core core;
    private final Cleaner.Cleanable cleanable;
    /**
     * The client this one is the blocking view of (null for a client of its
     * own); held so the owner, whose Cleaner closes the connections, stays
     * reachable while its view is used.
     */
    private final HavenClient owner;
    /** Requests wait for their reply on the calling thread (see {@link #blockingView()}). */
    private final boolean waitHere;

    /** Gives the client's native handle back once the client is unreachable. */
    private static final class Release implements Runnable {
        private final Core core;

        Release(Core core) {
            this.core = core;
        }

        @Override
        public void run() {
            core.close();
            Native.release(core.handle);
        }
    }

    private HavenClient(Core core) {
        this.core = core;
        this.cleanable = CLEANER.register(this, new Release(core));
        this.owner = null;
        this.waitHere = false;
    }

    private HavenClient(HavenClient owner) {
        this.core = owner.core;
        this.cleanable = null;
        this.owner = owner;
        this.waitHere = true;
    }

    /**
     * The same client (same connections) for {@link HavenBlockingClient}: its
     * command methods return futures already complete, the calling thread
     * having waited for the reply in native code, woken directly by the
     * engine thread that read it (no dispatcher hop). Not for callers that
     * expect a command method to return at once.
     */
    HavenClient blockingView() {
        return new HavenClient(this);
    }

    /**
     * Connects (unless lazyConnect); the future fails with a HavenException
     * (ConfigException naming a bad field). Throws UnsupportedOperationException
     * on a platform the JAR has no native library for (it has linux-x86_64).
     */
    public static CompletableFuture<HavenClient> connect(ClientConfig config) {
        return connect(config, null);
    }

    /**
     * Like {@link #connect(ClientConfig)}; every future of this client is then
     * completed on {@code completionExecutor} instead of the dispatcher thread.
     */
    public static CompletableFuture<HavenClient> connect(ClientConfig config, Executor completionExecutor) {
        Objects.requireNonNull(config, "config");
        CredentialProvider provider = null;
        long refreshMs = 0;
        if (config instanceof SingleConfig s) {
            provider = s.credentialProvider;
            refreshMs = s.credentialRefreshMs;
        } else if (config instanceof MultiEndpointConfig m) {
            provider = m.credentialProvider;
            refreshMs = m.credentialRefreshMs;
        }
        return connect(config.toProto().toByteArray(), provider, refreshMs, completionExecutor);
    }

    /**
     * Connects to what a connection URL describes:
     * {@code redis://[[user]:password@]host[:port][,host...][/db][?option=value&...]},
     * {@code rediss://}, {@code valkey://}, {@code valkeys://} (TLS) or
     * {@code unix:///path/to/redis.sock?db=N}. Query options: db, protocol,
     * client_name, request_timeout_ms, connection_timeout_ms, read_from,
     * lazy_connect, cluster (true: the hosts are cluster seeds), master_name
     * (the hosts are Sentinels of that service). A bad URL fails the future
     * with a {@link ConfigException} naming the part that is wrong.
     */
    public static CompletableFuture<HavenClient> connect(String url) {
        return connect(url, null);
    }

    /** {@link #connect(String)} completing every future on {@code completionExecutor}. */
    public static CompletableFuture<HavenClient> connect(String url, Executor completionExecutor) {
        Objects.requireNonNull(url, "url");
        byte[] bytes;
        try {
            Native.ensureLoaded();
            bytes = Native.configFromUrl(url);
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connect(bytes, null, 0, completionExecutor);
    }

    private static CompletableFuture<HavenClient> connect(
            byte[] bytes, CredentialProvider provider, long refreshMs, Executor completionExecutor) {
        Core core = new Core(completionExecutor);
        HavenClient client = new HavenClient(core);
        CompletableFuture<HavenClient> out = new CompletableFuture<>();
        core.connect(bytes, provider, refreshMs).whenComplete((ok, err) -> {
            if (err != null) {
                client.close();
                out.completeExceptionally(err);
            } else {
                out.complete(client);
            }
        });
        return out;
    }

    @Override
    public void close() {
        if (owner != null) {
            owner.close();
            return;
        }
        core.close();
    }

    public boolean isClosed() {
        return core.isClosed();
    }

    /**
     * Asks the config's {@link CredentialProvider} now (the application's
     * signal that the credentials rotated) and completes with whether they
     * changed; live connections then re-authenticate in the background.
     * Fails with a {@link ConfigException} on a client without a provider;
     * a provider that throws, returns null or takes longer than
     * connectionTimeoutMs fails it with a {@link ConnectionException} carrying
     * its message, and the current credentials stay.
     */
    public CompletableFuture<Boolean> refreshCredentials() {
        return core.refreshCredentials();
    }

    /** Requests in flight inside the engine. */
    public long inFlight() {
        return Native.inFlight(core.handle);
    }

    // ------------------------------------------------------------ events, HA --

    /** Calls {@code listener} with every event from now on, on the client's event thread. */
    public void addEventListener(EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        core.addEventSink(e -> listener.onEvent(Event.fromProto(e)));
    }

    // --------------------------------------------------------------- pub/sub --

    /**
     * Calls {@code listener} with every pub/sub message from now on, in
     * order, on the client's events thread (it must not block for long).
     * Add it before subscribing so no message is missed. Subscriptions are
     * desired state: the engine re-applies them after reconnects, failovers
     * and topology changes. A listener that falls far behind loses the
     * oldest messages (the engine's buffer is bounded).
     */
    public void addMessageListener(java.util.function.Consumer<Message> listener) {
        Objects.requireNonNull(listener, "listener");
        core.addMessageSink(m -> listener.accept(Message.fromProto(m)));
    }

    /** PUBLISH: the number of subscribers that received it (on that node). */
    public CompletableFuture<Long> publish(String channel, String message) { return cmd(LONG, "PUBLISH", channel, message); }
    public CompletableFuture<Long> publish(byte[] channel, byte[] message) { return bcmd(LONG, "PUBLISH", channel, message); }
    /** SPUBLISH: to a shard channel (its slot's primary in a cluster). */
    public CompletableFuture<Long> spublish(String channel, String message) { return cmd(LONG, "SPUBLISH", channel, message); }

    /** CLIENT KILL by its old form: the connection from {@code address} ("ip:port"); completes with "OK". */
    public CompletableFuture<Object> clientKill(String address) { return cmd(TEXT, "CLIENT", "KILL", Objects.requireNonNull(address, "address")); }

    /**
     * CLIENT KILL by filters, named as the server names them ({@code "ID"},
     * {@code "TYPE"}, {@code "USER"}, {@code "ADDR"}, {@code "LADDR"},
     * {@code "SKIPME"}, {@code "MAXAGE"}; Valkey 8+ also NAME, IDLE, FLAGS,
     * LIB-NAME, LIB-VER, DB, CAPA, IP and each with NOT- in front), in any
     * case: a Boolean value is YES/NO, a collection (ID, NOT-ID) gives several
     * values. Completes with how many connections were closed.
     */
    public CompletableFuture<Long> clientKill(Map<String, ?> filters) {
        if (filters == null || filters.isEmpty()) throw new IllegalArgumentException("filters: give at least one CLIENT KILL filter");
        List<String> a = new ArrayList<>(List.of("CLIENT", "KILL"));
        for (Map.Entry<String, ?> e : filters.entrySet()) {
            String token = String.valueOf(e.getKey()).toUpperCase(java.util.Locale.ROOT);
            if (!CLIENT_KILL_FILTERS.contains(token))
                throw new IllegalArgumentException("filters: " + e.getKey() + " is not a CLIENT KILL filter (known: " + CLIENT_KILL_FILTERS + ")");
            Object v = e.getValue();
            if (v == null) continue;
            a.add(token);
            if (v instanceof Boolean b) a.add(b ? "YES" : "NO");
            else if (v instanceof java.util.Collection<?> c) {
                if (c.isEmpty()) throw new IllegalArgumentException("filters: " + e.getKey() + " is empty");
                for (Object x : c) a.add(String.valueOf(x));
            } else a.add(String.valueOf(v));
        }
        return cmd(LONG, a.toArray(new String[0]));
    }

    private static final java.util.Set<String> CLIENT_KILL_FILTERS = clientKillFilters();

    private static java.util.Set<String> clientKillFilters() {
        java.util.Set<String> out = new java.util.TreeSet<>(List.of("SKIPME", "MAXAGE"));
        for (String base : List.of("ID", "TYPE", "USER", "ADDR", "LADDR", "NAME", "IDLE", "FLAGS", "LIB-NAME", "LIB-VER", "DB", "CAPA", "IP")) {
            out.add(base);
            out.add("NOT-" + base);
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /**
     * SHUTDOWN the server with these words: SAVE or NOSAVE, NOW, FORCE,
     * ABORT (alone: cancels one in progress), SAFE and FAILOVER (Valkey
     * 8.1+). When it goes down the server closes the connection without a
     * reply, so the future fails with a ConnectionException (or at its
     * deadline); a refusal is a ResponseException.
     */
    public CompletableFuture<Object> shutdown(String... options) {
        java.util.Set<String> words = new java.util.LinkedHashSet<>();
        for (String o : options) {
            String w = String.valueOf(o).toUpperCase(java.util.Locale.ROOT);
            if (!List.of("SAVE", "NOSAVE", "NOW", "FORCE", "ABORT", "SAFE", "FAILOVER").contains(w))
                throw new IllegalArgumentException("shutdown: " + o + " is not one of SAVE, NOSAVE, NOW, FORCE, ABORT, SAFE, FAILOVER");
            words.add(w);
        }
        if (words.contains("SAVE") && words.contains("NOSAVE")) throw new IllegalArgumentException("shutdown: SAVE and NOSAVE exclude each other");
        if (words.contains("ABORT") && words.size() > 1) throw new IllegalArgumentException("shutdown: ABORT takes no other option");
        List<String> a = new ArrayList<>(List.of("SHUTDOWN"));
        a.addAll(words);
        return cmd(TEXT, a.toArray(new String[0]));
    }

    /**
     * CLUSTER MIGRATESLOTS (Valkey 9): moves slot ranges atomically to the
     * node of each id: target node id -> ranges of {start, end}. It goes to
     * the source primary (the ranges' owner): on a cluster client use
     * {@code customCommand} with a route when the default route is not it.
     */
    public CompletableFuture<Object> clusterMigrateslots(Map<String, List<long[]>> migrations) {
        if (migrations == null || migrations.isEmpty()) throw new IllegalArgumentException("migrations: give at least one target node");
        List<String> a = new ArrayList<>(List.of("CLUSTER", "MIGRATESLOTS"));
        for (Map.Entry<String, List<long[]>> e : migrations.entrySet()) {
            a.add("SLOTSRANGE");
            if (e.getValue() == null || e.getValue().isEmpty()) throw new IllegalArgumentException("migrations: " + e.getKey() + ": give {start, end} slot ranges");
            for (long[] r : e.getValue()) {
                if (r == null || r.length != 2) throw new IllegalArgumentException("migrations: " + e.getKey() + ": each range is {start, end}");
                a.add(Long.toString(r[0]));
                a.add(Long.toString(r[1]));
            }
            a.add("NODE");
            a.add(Objects.requireNonNull(e.getKey(), "migrations: a target node id is null"));
        }
        return cmd(TEXT, a.toArray(new String[0]));
    }

    /** SUBSCRIBE: completes once every channel is confirmed by its node. */
    public CompletableFuture<Void> subscribe(String... channels) { return pubsub(0, channels, true); }
    /** PSUBSCRIBE: glob-style patterns. */
    public CompletableFuture<Void> psubscribe(String... patterns) { return pubsub(1, patterns, true); }
    /** SSUBSCRIBE: shard channels (in a cluster each on its slot's primary, following it). */
    public CompletableFuture<Void> ssubscribe(String... channels) { return pubsub(2, channels, true); }
    /** UNSUBSCRIBE (none given: every channel). */
    public CompletableFuture<Void> unsubscribe(String... channels) { return pubsub(0, channels, false); }
    /** PUNSUBSCRIBE (none given: every pattern). */
    public CompletableFuture<Void> punsubscribe(String... patterns) { return pubsub(1, patterns, false); }
    /** SUNSUBSCRIBE (none given: every shard channel). */
    public CompletableFuture<Void> sunsubscribe(String... channels) { return pubsub(2, channels, false); }
    /** SUBSCRIBE with binary channel names. */
    public CompletableFuture<Void> subscribe(byte[]... channels) { return core.pubsub(0, nonNull("channels", channels), true); }
    /** PSUBSCRIBE with binary patterns. */
    public CompletableFuture<Void> psubscribe(byte[]... patterns) { return core.pubsub(1, nonNull("patterns", patterns), true); }

    private CompletableFuture<Void> pubsub(int kind, String[] names, boolean subscribe) {
        Objects.requireNonNull(names, "names");
        byte[][] raw = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            raw[i] = Objects.requireNonNull(names[i], "names[" + i + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return core.pubsub(kind, raw, subscribe);
    }

    private static byte[][] nonNull(String what, byte[][] names) {
        Objects.requireNonNull(names, what);
        for (int i = 0; i < names.length; i++) Objects.requireNonNull(names[i], what + "[" + i + "]");
        return names;
    }

    /** Multi-endpoint: moves traffic to a healthy endpoint (NoHealthyEndpointException if it is not). */
    public void failoverTo(String name) {
        Native.failoverTo(core.handle, Objects.requireNonNull(name, "name"), false);
    }

    /** Multi-endpoint: moves traffic to {@code name}, healthy or not if {@code force}. */
    public void failoverTo(String name, boolean force) {
        Native.failoverTo(core.handle, Objects.requireNonNull(name, "name"), force);
    }

    /**
     * Multi-endpoint: adds an endpoint at run time; it takes traffic once
     * healthy if it weighs most (after the failback grace). The future fails
     * with a ConfigException naming a bad field or a name already taken.
     */
    public CompletableFuture<Void> addEndpoint(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        return core.addEndpoint(endpoint.toProto().toByteArray());
    }

    /** Multi-endpoint: removes endpoint {@code name}; traffic moves first if it was active. */
    public void removeEndpoint(String name) {
        Native.removeEndpoint(core.handle, Objects.requireNonNull(name, "name"));
    }

    /**
     * Multi-endpoint: changes an endpoint's weight (>= 0); traffic moves at
     * once if another healthy endpoint now weighs more than the active one.
     */
    public void setWeight(String name, double weight) {
        Native.setWeight(core.handle, Objects.requireNonNull(name, "name"), weight);
    }

    /** Multi-endpoint: the active endpoint's name ("" while none is healthy). */
    public String activeEndpoint() {
        return Native.activeEndpoint(core.handle);
    }

    /** Multi-endpoint: every endpoint's health. */
    public List<EndpointHealth> endpointHealth() {
        String[] flat = Native.endpointHealth(core.handle);
        List<EndpointHealth> out = new ArrayList<>(flat.length / 3);
        for (int i = 0; i + 2 < flat.length; i += 3) {
            out.add(new EndpointHealth(flat[i], "1".equals(flat[i + 1]), flat[i + 2].isEmpty() ? null : flat[i + 2]));
        }
        return out;
    }

    /**
     * Multi-endpoint: the function answering "custom" health checks
     * ({@link HealthCheck#custom()}) of the endpoint named {@code nameOrId}
     * (or whose customId is that number). Runs on a "haven-health" thread.
     */
    public void setHealthCheck(String nameOrId, HealthCheckFunction check) {
        core.setHealthCheck(Objects.requireNonNull(nameOrId, "nameOrId"), Objects.requireNonNull(check, "check"));
    }

    // --------------------------------------------------------------- plumbing --

    private static ByteString s(String v) {
        if (v == null) throw new ConfigException("command argument must not be null");
        return ByteString.copyFromUtf8(v);
    }

    private static ByteString b(byte[] v) {
        if (v == null) throw new ConfigException("command argument must not be null");
        return Batch.wrap(v);
    }

    private <T> CompletableFuture<T> send(Function<Value, T> convert, List<ByteString> args) {
        CommandRequest.Builder r = CommandRequest.newBuilder().setCommand(Command.newBuilder().addAllArgs(args));
        return core.submit(r, convert, waitHere);
    }

    /** A command read through the client-side cache. */
    private <T> CompletableFuture<T> sendCached(Function<Value, T> convert, List<ByteString> args) {
        CommandRequest.Builder r = CommandRequest.newBuilder().setCommand(Command.newBuilder().addAllArgs(args)).setCache(true);
        return core.submit(r, convert, waitHere);
    }

    /** A command of String arguments. */
    private <T> CompletableFuture<T> cmd(Function<Value, T> convert, String... args) {
        List<ByteString> a = new ArrayList<>(args.length);
        try {
            for (String x : args) a.add(s(x));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(convert, a);
    }

    /** A command whose name (and fixed words) are text and the rest binary. */
    private <T> CompletableFuture<T> bcmd(Function<Value, T> convert, String name, byte[]... args) {
        List<ByteString> a = new ArrayList<>(args.length + 1);
        try {
            a.add(s(name));
            for (byte[] x : args) a.add(b(x));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(convert, a);
    }

    private static String[] cat(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String[] cat(String a, String b, String[] rest) {
        return cat(a, cat(b, rest));
    }

    private static final Function<Value, String> STR = Replies::str;
    private static final Function<Value, byte[]> BYTES = Replies::bytes;
    private static final Function<Value, Long> LONG = Replies::lng;
    private static final Function<Value, Double> DOUBLE = Replies::dbl;
    private static final Function<Value, Boolean> BOOL = Replies::bool;

    // --------------------------------------------------------------- streams --

    /** XADD with a server-chosen id: the new entry's id. */
    public CompletableFuture<String> xadd(String key, Map<String, String> body) { return xadd(key, body, XAddOptions.create()); }

    /** XADD with an id, trimming (MAXLEN/MINID, approximate) or NOMKSTREAM: the id, or null (NOMKSTREAM, no stream). */
    public CompletableFuture<String> xadd(String key, Map<String, String> body, XAddOptions options) {
        Objects.requireNonNull(body, "body");
        if (body.isEmpty()) return CompletableFuture.failedFuture(new ConfigException("xadd: body must not be empty"));
        List<String> a = new ArrayList<>(List.of("XADD", key));
        a.addAll(options.args());
        body.forEach((f, v) -> { a.add(f); a.add(v); });
        return cmd(STR, a.toArray(new String[0]));
    }

    public CompletableFuture<Long> xlen(String key) { return cmd(LONG, "XLEN", key); }
    public CompletableFuture<Long> xdel(String key, String... ids) { return cmd(LONG, cat("XDEL", key, ids)); }

    /** XRANGE from {@code start} to {@code end} ("-" and "+": the ends). */
    public CompletableFuture<List<StreamMessage>> xrange(String key, String start, String end) {
        return cmd(v -> Replies.streamEntries(key, v), "XRANGE", key, start, end);
    }

    /** XTRIM to {@code maxlen} entries ({@code approximate}: "~"): how many were removed. */
    public CompletableFuture<Long> xtrim(String key, long maxlen, boolean approximate) {
        return approximate ? cmd(LONG, "XTRIM", key, "MAXLEN", "~", Long.toString(maxlen))
                : cmd(LONG, "XTRIM", key, "MAXLEN", Long.toString(maxlen));
    }

    /**
     * XREAD: entries after the ids in {@code streams} (stream -> last id
     * seen, "$": new only), at most {@code count} per stream (0: no limit),
     * waiting up to {@code blockMs} (-1: no wait; 0: forever) on a dedicated
     * connection. An empty list when nothing came.
     */
    public CompletableFuture<List<StreamMessage>> xread(Map<String, String> streams, long count, long blockMs) {
        List<String> a = new ArrayList<>(List.of("XREAD"));
        try {
            a.addAll(readArgs(streams, count, blockMs));
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(e);
        }
        return cmd(Replies::streamRead, a.toArray(new String[0]));
    }

    /** XREADGROUP as {@code consumer} of {@code group}: id ">" reads entries never delivered to the group (see xread). */
    public CompletableFuture<List<StreamMessage>> xreadgroup(String group, String consumer, Map<String, String> streams, long count, long blockMs) {
        List<String> a = new ArrayList<>(List.of("XREADGROUP", "GROUP", group, consumer));
        try {
            a.addAll(readArgs(streams, count, blockMs));
        } catch (ConfigException e) {
            return CompletableFuture.failedFuture(e);
        }
        return cmd(Replies::streamRead, a.toArray(new String[0]));
    }

    private static List<String> readArgs(Map<String, String> streams, long count, long blockMs) {
        Objects.requireNonNull(streams, "streams");
        if (streams.isEmpty()) throw new ConfigException("streams: give at least one stream");
        List<String> a = new ArrayList<>();
        if (count > 0) { a.add("COUNT"); a.add(Long.toString(count)); }
        if (blockMs >= 0) { a.add("BLOCK"); a.add(Long.toString(blockMs)); }
        a.add("STREAMS");
        a.addAll(streams.keySet());
        a.addAll(streams.values());
        return a;
    }

    /** XGROUP CREATE starting after {@code id} ("$": new entries, "0": all); {@code mkstream} creates the stream. */
    public CompletableFuture<String> xgroupCreate(String key, String group, String id, boolean mkstream) {
        return mkstream ? cmd(STR, "XGROUP", "CREATE", key, group, id, "MKSTREAM") : cmd(STR, "XGROUP", "CREATE", key, group, id);
    }

    public CompletableFuture<Boolean> xgroupDestroy(String key, String group) { return cmd(BOOL, "XGROUP", "DESTROY", key, group); }

    /** XACK: how many of the ids were pending. */
    public CompletableFuture<Long> xack(String key, String group, String... ids) { return cmd(LONG, cat("XACK", key, cat(group, ids))); }

    /** XPENDING's summary of a group. */
    public CompletableFuture<PendingSummary> xpending(String key, String group) { return cmd(Replies::pendingSummary, "XPENDING", key, group); }

    /** XAUTOCLAIM: entries idle at least {@code minIdleMs}, from {@code start} on ("0-0"), at most {@code count} (0: the server's 100). */
    public CompletableFuture<ClaimedMessages> xautoclaim(String key, String group, String consumer, long minIdleMs, String start, long count) {
        List<String> a = new ArrayList<>(List.of("XAUTOCLAIM", key, group, consumer, Long.toString(minIdleMs), start));
        if (count > 0) { a.add("COUNT"); a.add(Long.toString(count)); }
        return cmd(Replies.claimed(key), a.toArray(new String[0]));
    }

    // ------------------------------------------------------------------- geo --

    /** GEOADD one member: 1 if added. */
    public CompletableFuture<Long> geoadd(String key, double longitude, double latitude, String member) {
        return cmd(LONG, "GEOADD", key, Double.toString(longitude), Double.toString(latitude), member);
    }

    /** GEODIST in {@code unit} (m, km, mi, ft): null when a member is missing. */
    public CompletableFuture<Double> geodist(String key, String member1, String member2, String unit) {
        return cmd(DOUBLE, "GEODIST", key, member1, member2, unit);
    }

    /** GEOPOS: [longitude, latitude] per member, null where missing. */
    public CompletableFuture<List<double[]>> geopos(String key, String... members) { return cmd(Replies::positions, cat("GEOPOS", key, members)); }

    /** GEOSEARCH around a point within {@code radius} {@code unit}, nearest first. */
    public CompletableFuture<List<String>> geosearch(String key, double longitude, double latitude, double radius, String unit) {
        return cmd(Replies::strList, "GEOSEARCH", key, "FROMLONLAT", Double.toString(longitude), Double.toString(latitude),
                "BYRADIUS", Double.toString(radius), unit, "ASC");
    }

    /** GEOSEARCH around a member within {@code radius} {@code unit}, nearest first. */
    public CompletableFuture<List<String>> geosearchByMember(String key, String member, double radius, String unit) {
        return cmd(Replies::strList, "GEOSEARCH", key, "FROMMEMBER", member, "BYRADIUS", Double.toString(radius), unit, "ASC");
    }

    // ------------------------------------------------------------ hyperloglog --

    public CompletableFuture<Long> pfadd(String key, String... elements) { return cmd(LONG, cat("PFADD", key, elements)); }
    public CompletableFuture<Long> pfcount(String... keys) { return cmd(LONG, cat("PFCOUNT", keys)); }
    public CompletableFuture<String> pfmerge(String dest, String... sources) { return cmd(STR, cat("PFMERGE", dest, sources)); }

    // ---------------------------------------------------------------- bitmaps --

    public CompletableFuture<Long> setbit(String key, long offset, int value) { return cmd(LONG, "SETBIT", key, Long.toString(offset), Integer.toString(value)); }
    public CompletableFuture<Long> getbit(String key, long offset) { return cmd(LONG, "GETBIT", key, Long.toString(offset)); }
    public CompletableFuture<Long> bitcount(String key) { return cmd(LONG, "BITCOUNT", key); }
    /** BITCOUNT between {@code start} and {@code end} bytes. */
    public CompletableFuture<Long> bitcount(String key, long start, long end) { return cmd(LONG, "BITCOUNT", key, Long.toString(start), Long.toString(end)); }

    /**
     * BITFIELD with its sub-commands as words, e.g. {@code bitfield(k, "SET",
     * "u8", "0", "255", "GET", "u8", "0", "OVERFLOW", "FAIL", "INCRBY", "u8",
     * "0", "1")}: one result per GET/SET/INCRBY, null on a FAIL overflow.
     */
    public CompletableFuture<List<Long>> bitfield(String key, String... subcommands) { return cmd(Replies::longsOrNull, cat("BITFIELD", key, subcommands)); }

    // -------------------------------------------------------------- functions --

    /** FUNCTION LOAD (in a cluster: on every primary): the library's name. */
    public CompletableFuture<String> functionLoad(String code, boolean replace) {
        return replace ? cmd(STR, "FUNCTION", "LOAD", "REPLACE", code) : cmd(STR, "FUNCTION", "LOAD", code);
    }

    public CompletableFuture<String> functionDelete(String library) { return cmd(STR, "FUNCTION", "DELETE", library); }

    /** FCALL: the reply in customCommand's text shape. */
    public CompletableFuture<Object> fcall(String function, String[] keys, String... args) { return call("FCALL", function, keys, args); }

    /** FCALL_RO: a read-only function (may run on a replica). */
    public CompletableFuture<Object> fcallReadonly(String function, String[] keys, String... args) { return call("FCALL_RO", function, keys, args); }

    private CompletableFuture<Object> call(String name, String function, String[] keys, String[] args) {
        List<String> a = new ArrayList<>(List.of(name, function, Integer.toString(keys.length)));
        a.addAll(Arrays.asList(keys));
        a.addAll(Arrays.asList(args));
        return cmd(v -> Replies.generic(v, true), a.toArray(new String[0]));
    }

    // ------------------------------------------------------ hash field expiry --

    /** HEXPIRE (Valkey 9, Redis 7.4+): per field 1 set, 0 condition not met, 2 deleted, -2 no such field. */
    public CompletableFuture<List<Long>> hexpire(String key, long seconds, String... fields) {
        return cmd(Replies::longsOrNull, cat("HEXPIRE", key, cat(Long.toString(seconds), hfields(fields))));
    }

    /** HTTL: each field's TTL in seconds (-1 none, -2 no such field). */
    public CompletableFuture<List<Long>> httl(String key, String... fields) { return cmd(Replies::longsOrNull, cat("HTTL", key, hfields(fields))); }

    /** HPERSIST: 1 removed, -1 had no TTL, -2 no such field. */
    public CompletableFuture<List<Long>> hpersist(String key, String... fields) { return cmd(Replies::longsOrNull, cat("HPERSIST", key, hfields(fields))); }

    private static String[] hfields(String[] fields) {
        return cat("FIELDS", Integer.toString(fields.length), fields);
    }

    // ------------------------------------------------ client-side cache, aside --

    /**
     * Reads one command through the client-side cache even if its name is
     * not in {@link ClientCache.Builder#commands}, e.g. {@code cached("HGETALL", key)};
     * the reply in customCommand's text shape. It must read one key (others
     * are sent normally); without a cache it is a plain request. A value
     * served stale during an outage is returned normally (see
     * {@link #cachedWithStale(String...)}).
     */
    public CompletableFuture<Object> cached(String... args) {
        return cachedAs(v -> Replies.generic(v, true), textArgs("cached", args));
    }

    /** {@link #cached(String...)} with binary arguments; bulk strings come back as byte[]. */
    public CompletableFuture<Object> cached(byte[]... args) {
        return cachedAs(v -> Replies.generic(v, false), binaryArgs("cached", args));
    }

    /**
     * {@link #cached(String...)}, with how stale the value is: {@code staleMs}
     * is how many milliseconds past its validity a value served stale
     * during an outage is (ClientCache serveStaleMs), empty for a fresh reply.
     */
    public CompletableFuture<CachedValue<Object>> cachedWithStale(String... args) {
        return cachedAs(v -> new CachedValue<>(Replies.generic(v, true), staleMark(v)), textArgs("cachedWithStale", args));
    }

    /** {@link #cachedWithStale(String...)} with binary arguments. */
    public CompletableFuture<CachedValue<Object>> cachedWithStale(byte[]... args) {
        return cachedAs(v -> new CachedValue<>(Replies.generic(v, false), staleMark(v)), binaryArgs("cachedWithStale", args));
    }

    private <T> CompletableFuture<T> cachedAs(Function<Value, T> convert, Object args) {
        if (args instanceof HavenException) return CompletableFuture.failedFuture((HavenException) args);
        @SuppressWarnings("unchecked")
        List<ByteString> a = (List<ByteString>) args;
        return sendCached(convert, a);
    }

    /** The arguments, or the ConfigException saying what is wrong with them. */
    private static Object textArgs(String method, String[] args) {
        if (args == null || args.length == 0) return new ConfigException(method + ": no command given");
        List<ByteString> a = new ArrayList<>(args.length);
        try {
            for (String x : args) a.add(s(x));
        } catch (HavenException e) {
            return e;
        }
        return a;
    }

    private static Object binaryArgs(String method, byte[][] args) {
        if (args == null || args.length == 0) return new ConfigException(method + ": no command given");
        List<ByteString> a = new ArrayList<>(args.length);
        try {
            for (byte[] x : args) a.add(b(x));
        } catch (HavenException e) {
            return e;
        }
        return a;
    }

    /** The "haven-stale" attribute of a value the cache served stale (package-private for the suite). */
    static OptionalLong staleMark(Value v) {
        if (!v.hasAttributes()) return OptionalLong.empty();
        for (io.haven.proto.Entry e : v.getAttributes().getEntriesList()) {
            Value k = e.getKey();
            ByteString name = k.getKindCase() == Value.KindCase.SIMPLE_STRING ? k.getSimpleString()
                    : k.getKindCase() == Value.KindCase.BULK_STRING ? k.getBulkString() : null;
            if (name != null && name.toStringUtf8().equals("haven-stale") && e.getValue().getKindCase() == Value.KindCase.INTEGER) {
                return OptionalLong.of(e.getValue().getInteger());
            }
        }
        return OptionalLong.empty();
    }

    /** The client-side cache's counters; empty without a cache. A closed client: ClosingException. */
    public Optional<CacheStats> cacheStats() {
        long[] v = Native.cacheStats(core.handle);
        return v == null ? Optional.empty() : Optional.of(CacheStats.of(v));
    }

    /** Loaders and writers still held for the engine (the suite checks they drain). */
    long heldFunctions() {
        return core.functionCount();
    }

    /** {@link #getOrLoad}'s counters. A closed client: ClosingException. */
    public LoadStats loadStats() {
        return LoadStats.of(Native.loadStats(core.handle));
    }

    /**
     * Requests that waited, parked, for a reachable primary (see
     * {@link SingleConfig.Builder#failFast}): waiting now, in all, resumed,
     * the longest wait. A closed client: ClosingException.
     */
    public ParkStats parkStats() {
        return ParkStats.of(Native.parkStats(core.handle));
    }

    /**
     * A snapshot of the client's metrics, with or without an OpenTelemetry
     * collector (the same counters feed {@link HavenTelemetry}'s metrics):
     * {@code requests_total}, {@code requests_ok}, {@code requests_failed},
     * {@code errors} (a map by kind), {@code retries}, {@code redirects},
     * {@code connects}, {@code reconnects}, {@code failovers},
     * {@code failbacks}, {@code breakers} (endpoint to state),
     * {@code in_flight}, {@code parked_now}, {@code parked_total},
     * {@code cache} (null without one), {@code duration_buckets_ms} and
     * {@code durations}: a list of maps per command and outcome
     * ({@code command}, {@code outcome}: "ok" or an error kind,
     * {@code count}, {@code sum_ms}, {@code p50_ms}, {@code p99_ms},
     * {@code buckets}). Numbers are Long or Double. A closed client:
     * ClosingException.
     */
    public Map<String, Object> stats() {
        return io.haven.internal.Json.parseObject(Native.statsJson(core.handle));
    }

    /** {@link #stats()} as the engine writes it: JSON text. */
    public String statsJson() {
        return Native.statsJson(core.handle);
    }

    private static final LoadOptions DEFAULT_LOAD = LoadOptions.create();

    /**
     * Cache-aside without stampedes: the value of {@code key}; on a miss only
     * one caller in this process runs {@code loader} (on a "haven-loader"
     * thread), the others wait for it, and the value is stored with
     * {@code options}' jittered TTL. A loader that throws (or returns null)
     * fails every waiting caller with a {@link ResponseException} carrying
     * its message; nothing is stored and the next call loads again. When
     * Redis cannot be reached the loader's value is returned. Bad arguments:
     * a failed future with a {@link ConfigException}. Each concurrent call
     * counts against inflightLimit while it reads Redis.
     */
    public CompletableFuture<String> getOrLoad(String key, Loader<String> loader, LoadOptions options) {
        if (loader == null) return CompletableFuture.failedFuture(new ConfigException("loader: must not be null"));
        return getOrLoadText(key, () -> CompletableFuture.completedFuture(utf8(loader.load())), options);
    }

    /** {@link #getOrLoad(String, Loader, LoadOptions)} with the default options. */
    public CompletableFuture<String> getOrLoad(String key, Loader<String> loader) {
        return getOrLoad(key, loader, DEFAULT_LOAD);
    }

    /** {@link #getOrLoad(String, Loader, LoadOptions)} of binary keys and values. */
    public CompletableFuture<byte[]> getOrLoad(byte[] key, Loader<byte[]> loader, LoadOptions options) {
        if (loader == null) return CompletableFuture.failedFuture(new ConfigException("loader: must not be null"));
        return getOrLoadBytes(key, () -> CompletableFuture.completedFuture(loader.load()), options);
    }

    /**
     * {@link #getOrLoad(String, Loader, LoadOptions)} with an asynchronous
     * loader: it is called on a "haven-loader" thread and its stage's
     * outcome is the load's (a failed stage fails every waiting caller).
     */
    public CompletableFuture<String> getOrLoadAsync(String key, Supplier<? extends CompletionStage<String>> loader, LoadOptions options) {
        if (loader == null) return CompletableFuture.failedFuture(new ConfigException("loader: must not be null"));
        return getOrLoadText(key, () -> {
            CompletionStage<String> st = loader.get();
            return st == null ? null : st.thenApply(HavenClient::utf8);
        }, options);
    }

    /** {@link #getOrLoadAsync(String, Supplier, LoadOptions)} of binary keys and values. */
    public CompletableFuture<byte[]> getOrLoadAsync(byte[] key, Supplier<? extends CompletionStage<byte[]>> loader, LoadOptions options) {
        if (loader == null) return CompletableFuture.failedFuture(new ConfigException("loader: must not be null"));
        return getOrLoadBytes(key, () -> {
            CompletionStage<byte[]> st = loader.get();
            return st == null ? null : st.thenApply(v -> v);
        }, options);
    }

    private CompletableFuture<String> getOrLoadText(String key, io.haven.internal.Core.Job job, LoadOptions options) {
        if (key == null) return CompletableFuture.failedFuture(new ConfigException("key: must not be null"));
        return getOrLoadBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), job, options)
                .thenApply(v -> v == null ? null : new String(v, java.nio.charset.StandardCharsets.UTF_8));
    }

    private CompletableFuture<byte[]> getOrLoadBytes(byte[] key, io.haven.internal.Core.Job job, LoadOptions options) {
        if (key == null) return CompletableFuture.failedFuture(new ConfigException("key: must not be null"));
        if (options == null) return CompletableFuture.failedFuture(new ConfigException("options: must not be null"));
        return core.getOrLoad(key, job, options.ttlMs, options.jitter, options.leaseMs, options.earlyRefresh);
    }

    private static byte[] utf8(String v) {
        return v == null ? null : v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Write-through: {@code writer} (on a "haven-loader" thread) writes to
     * the source of truth; when it succeeds the cache is updated with
     * {@code value} for {@code ttlMs} ({@link WriteMode#UPDATE}) or the key
     * deleted ({@link WriteMode#INVALIDATE}). A writer that throws fails the
     * future with a {@link ResponseException} carrying its message and the
     * cache is left alone. If Redis cannot be reached after the write, the
     * key is deleted as soon as it answers again and the call still succeeds.
     */
    public CompletableFuture<Void> writeThrough(String key, String value, SourceWriter writer, long ttlMs, WriteMode mode) {
        if (key == null) return CompletableFuture.failedFuture(new ConfigException("key: must not be null"));
        if (value == null) return CompletableFuture.failedFuture(new ConfigException("value: must not be null"));
        return writeThrough(utf8(key), utf8(value), writer, ttlMs, mode);
    }

    /** {@link #writeThrough(String, String, SourceWriter, long, WriteMode)} of binary keys and values. */
    public CompletableFuture<Void> writeThrough(byte[] key, byte[] value, SourceWriter writer, long ttlMs, WriteMode mode) {
        if (writer == null) return CompletableFuture.failedFuture(new ConfigException("writer: must not be null"));
        return writeThroughJob(key, value, () -> {
            writer.write();
            return CompletableFuture.completedFuture(new byte[0]);
        }, ttlMs, mode);
    }

    /** {@link #writeThrough(String, String, SourceWriter, long, WriteMode)} with an asynchronous writer (its stage's failure is the writer's). */
    public CompletableFuture<Void> writeThroughAsync(String key, String value, Supplier<? extends CompletionStage<?>> writer, long ttlMs, WriteMode mode) {
        if (key == null) return CompletableFuture.failedFuture(new ConfigException("key: must not be null"));
        if (value == null) return CompletableFuture.failedFuture(new ConfigException("value: must not be null"));
        if (writer == null) return CompletableFuture.failedFuture(new ConfigException("writer: must not be null"));
        return writeThroughJob(utf8(key), utf8(value), () -> {
            CompletionStage<?> st = writer.get();
            return st == null ? null : st.thenApply(ignored -> new byte[0]);
        }, ttlMs, mode);
    }

    private CompletableFuture<Void> writeThroughJob(byte[] key, byte[] value, io.haven.internal.Core.Job job, long ttlMs, WriteMode mode) {
        if (key == null) return CompletableFuture.failedFuture(new ConfigException("key: must not be null"));
        if (value == null) return CompletableFuture.failedFuture(new ConfigException("value: must not be null"));
        if (mode == null) return CompletableFuture.failedFuture(new ConfigException("write_through.mode: must not be null (UPDATE or INVALIDATE)"));
        if (ttlMs <= 0) return CompletableFuture.failedFuture(new ConfigException("write_through.ttl_ms: must be > 0, got " + ttlMs));
        return core.writeThrough(key, value, job, ttlMs, mode == WriteMode.INVALIDATE);
    }

    // ----------------------------------------------------------- any command --

    /** Any command, text in and out: bulk strings come back as String. */
    public CompletableFuture<Object> customCommand(String... args) {
        if (args.length == 0) return CompletableFuture.failedFuture(new ConfigException("customCommand: no command given"));
        return cmd(v -> Replies.generic(v, true), args);
    }

    /** Any command, binary: bulk strings come back as byte[]. */
    public CompletableFuture<Object> customCommand(byte[]... args) {
        if (args.length == 0) return CompletableFuture.failedFuture(new ConfigException("customCommand: no command given"));
        List<ByteString> a = new ArrayList<>(args.length);
        try {
            for (byte[] x : args) a.add(b(x));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(v -> Replies.generic(v, false), a);
    }

    /**
     * {@link #customCommand(String...)} with per-request options, e.g.
     * {@code customCommand(RequestOptions.create().resendSafe(true), "INCR", key)}.
     */
    public CompletableFuture<Object> customCommand(RequestOptions options, String... args) {
        if (options == null) return CompletableFuture.failedFuture(new ConfigException("options: must not be null"));
        Object a = textArgs("customCommand", args);
        if (a instanceof HavenException) return CompletableFuture.failedFuture((HavenException) a);
        @SuppressWarnings("unchecked")
        List<ByteString> list = (List<ByteString>) a;
        return sendWith(v -> Replies.generic(v, true), list, options);
    }

    /** {@link #customCommand(byte[]...)} with per-request options. */
    public CompletableFuture<Object> customCommand(RequestOptions options, byte[]... args) {
        if (options == null) return CompletableFuture.failedFuture(new ConfigException("options: must not be null"));
        Object a = binaryArgs("customCommand", args);
        if (a instanceof HavenException) return CompletableFuture.failedFuture((HavenException) a);
        @SuppressWarnings("unchecked")
        List<ByteString> list = (List<ByteString>) a;
        return sendWith(v -> Replies.generic(v, false), list, options);
    }

    private <T> CompletableFuture<T> sendWith(Function<Value, T> convert, List<ByteString> args, RequestOptions options) {
        CommandRequest.Builder r = CommandRequest.newBuilder().setCommand(Command.newBuilder().addAllArgs(args));
        return core.submit(options.apply(r), convert, waitHere);
    }

    /** Sends a batch; the replies in order (see {@link Batch}). Null when a transaction was aborted (WATCH). */
    public CompletableFuture<List<Object>> exec(Batch batch) {
        return exec(batch, DEFAULT_REQUEST);
    }

    private static final RequestOptions DEFAULT_REQUEST = RequestOptions.create();

    /** {@link #exec(Batch)} with per-request options (timeout, resendSafe for the whole batch). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<Object>> exec(Batch batch, RequestOptions options) {
        if (options == null) return CompletableFuture.failedFuture(new ConfigException("options: must not be null"));
        if (batch.commands.isEmpty()) return CompletableFuture.failedFuture(new ConfigException("exec: the batch is empty"));
        boolean text = !batch.binary;
        CommandRequest.Builder r = CommandRequest.newBuilder()
                .setBatch(io.haven.proto.Batch.newBuilder().addAllCommands(batch.commands).setAtomic(batch.atomic));
        return core.submit(options.apply(r), v -> (List<Object>) Replies.generic(v, text), waitHere);
    }

    /**
     * Opens a {@link Session}: a dedicated connection of the caller's own for
     * WATCH / MULTI / EXEC and anything else that needs one connection's
     * state (the generic command refuses SELECT, MULTI, WATCH and the like
     * with a ConfigException, since they would change the connection every
     * caller shares). Nothing connects until its first command. Close it.
     */
    public Session session() {
        if (core.isClosed()) throw new ClosingException("the client is closed");
        return new Session(this, core, Native.openSession(core.handle));
    }

    public CompletableFuture<String> ping() {
        return cmd(STR, "PING");
    }

    // --------------------------------------------------------------- strings --

    public CompletableFuture<String> get(String key) { return cmd(STR, "GET", key); }
    public CompletableFuture<byte[]> get(byte[] key) { return bcmd(BYTES, "GET", key); }

    /** SET; "OK". */
    public CompletableFuture<String> set(String key, String value) { return cmd(STR, "SET", key, value); }
    public CompletableFuture<String> set(byte[] key, byte[] value) { return bcmd(STR, "SET", key, value); }

    /** SET with options: "OK", null when NX/XX did not set, or the old value with GET. */
    public CompletableFuture<String> set(String key, String value, SetOptions options) {
        List<String> a = new ArrayList<>(List.of("SET", key, value));
        a.addAll(options.args());
        return cmd(STR, a.toArray(new String[0]));
    }

    public CompletableFuture<byte[]> set(byte[] key, byte[] value, SetOptions options) {
        List<ByteString> a = new ArrayList<>();
        try {
            a.add(s("SET"));
            a.add(b(key));
            a.add(b(value));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        for (String o : options.args()) a.add(s(o));
        return send(BYTES, a);
    }

    public CompletableFuture<Long> del(String... keys) { return cmd(LONG, cat("DEL", keys)); }
    public CompletableFuture<Long> del(byte[]... keys) { return bcmd(LONG, "DEL", keys); }
    public CompletableFuture<Long> exists(String... keys) { return cmd(LONG, cat("EXISTS", keys)); }
    public CompletableFuture<Long> exists(byte[]... keys) { return bcmd(LONG, "EXISTS", keys); }
    public CompletableFuture<Boolean> expire(String key, long seconds) { return cmd(BOOL, "EXPIRE", key, Long.toString(seconds)); }
    public CompletableFuture<Boolean> expire(byte[] key, long seconds) { return bcmd(BOOL, "EXPIRE", key, num(seconds)); }
    public CompletableFuture<Boolean> pexpire(String key, long millis) { return cmd(BOOL, "PEXPIRE", key, Long.toString(millis)); }
    public CompletableFuture<Boolean> persist(String key) { return cmd(BOOL, "PERSIST", key); }
    public CompletableFuture<Long> ttl(String key) { return cmd(LONG, "TTL", key); }
    public CompletableFuture<Long> ttl(byte[] key) { return bcmd(LONG, "TTL", key); }
    public CompletableFuture<Long> pttl(String key) { return cmd(LONG, "PTTL", key); }
    public CompletableFuture<Long> incr(String key) { return cmd(LONG, "INCR", key); }
    public CompletableFuture<Long> incr(byte[] key) { return bcmd(LONG, "INCR", key); }
    public CompletableFuture<Long> incrBy(String key, long by) { return cmd(LONG, "INCRBY", key, Long.toString(by)); }
    public CompletableFuture<Long> decr(String key) { return cmd(LONG, "DECR", key); }
    public CompletableFuture<Long> decrBy(String key, long by) { return cmd(LONG, "DECRBY", key, Long.toString(by)); }
    public CompletableFuture<Double> incrByFloat(String key, double by) { return cmd(DOUBLE, "INCRBYFLOAT", key, Double.toString(by)); }
    public CompletableFuture<Long> append(String key, String value) { return cmd(LONG, "APPEND", key, value); }
    public CompletableFuture<Long> strlen(String key) { return cmd(LONG, "STRLEN", key); }
    public CompletableFuture<String> getdel(String key) { return cmd(STR, "GETDEL", key); }

    /** MGET; null for missing keys. In a cluster the keys may live on different nodes. */
    public CompletableFuture<List<String>> mget(String... keys) { return cmd(Replies::strList, cat("MGET", keys)); }
    public CompletableFuture<List<byte[]>> mget(byte[]... keys) { return bcmd(Replies::bytesList, "MGET", keys); }

    public CompletableFuture<String> mset(Map<String, String> values) {
        List<String> a = new ArrayList<>(values.size() * 2 + 1);
        a.add("MSET");
        values.forEach((k, v) -> { a.add(k); a.add(v); });
        return cmd(STR, a.toArray(new String[0]));
    }

    /** MSET of binary pairs: key, value, key, value, ... */
    public CompletableFuture<String> mset(byte[]... keysAndValues) {
        if (keysAndValues.length % 2 != 0) return CompletableFuture.failedFuture(new ConfigException("mset: expected key, value pairs"));
        return bcmd(STR, "MSET", keysAndValues);
    }

    private static byte[] num(long n) {
        return Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- hashes --

    public CompletableFuture<Long> hset(String key, Map<String, String> fields) {
        List<String> a = new ArrayList<>(fields.size() * 2 + 2);
        a.add("HSET");
        a.add(key);
        fields.forEach((k, v) -> { a.add(k); a.add(v); });
        return cmd(LONG, a.toArray(new String[0]));
    }

    public CompletableFuture<Long> hset(byte[] key, byte[] field, byte[] value) { return bcmd(LONG, "HSET", key, field, value); }
    public CompletableFuture<String> hget(String key, String field) { return cmd(STR, "HGET", key, field); }
    public CompletableFuture<byte[]> hget(byte[] key, byte[] field) { return bcmd(BYTES, "HGET", key, field); }
    public CompletableFuture<Map<String, String>> hgetall(String key) { return cmd(Replies::strMap, "HGETALL", key); }
    public CompletableFuture<Map<byte[], byte[]>> hgetall(byte[] key) { return bcmd(Replies::bytesMap, "HGETALL", key); }
    public CompletableFuture<List<String>> hmget(String key, String... fields) { return cmd(Replies::strList, cat("HMGET", key, fields)); }
    public CompletableFuture<Long> hdel(String key, String... fields) { return cmd(LONG, cat("HDEL", key, fields)); }
    public CompletableFuture<Boolean> hexists(String key, String field) { return cmd(BOOL, "HEXISTS", key, field); }
    public CompletableFuture<Long> hincrBy(String key, String field, long by) { return cmd(LONG, "HINCRBY", key, field, Long.toString(by)); }
    public CompletableFuture<Long> hlen(String key) { return cmd(LONG, "HLEN", key); }
    public CompletableFuture<List<String>> hkeys(String key) { return cmd(Replies::strList, "HKEYS", key); }

    // ----------------------------------------------------------------- lists --

    public CompletableFuture<Long> lpush(String key, String... values) { return cmd(LONG, cat("LPUSH", key, values)); }
    public CompletableFuture<Long> rpush(String key, String... values) { return cmd(LONG, cat("RPUSH", key, values)); }
    public CompletableFuture<Long> rpush(byte[] key, byte[]... values) {
        byte[][] a = new byte[values.length + 1][];
        a[0] = key;
        System.arraycopy(values, 0, a, 1, values.length);
        return bcmd(LONG, "RPUSH", a);
    }
    public CompletableFuture<String> lpop(String key) { return cmd(STR, "LPOP", key); }
    public CompletableFuture<String> rpop(String key) { return cmd(STR, "RPOP", key); }
    public CompletableFuture<byte[]> lpop(byte[] key) { return bcmd(BYTES, "LPOP", key); }
    public CompletableFuture<List<String>> lrange(String key, long start, long stop) {
        return cmd(Replies::strList, "LRANGE", key, Long.toString(start), Long.toString(stop));
    }
    public CompletableFuture<List<byte[]>> lrange(byte[] key, long start, long stop) {
        return bcmd(Replies::bytesList, "LRANGE", key, num(start), num(stop));
    }
    public CompletableFuture<Long> llen(String key) { return cmd(LONG, "LLEN", key); }
    public CompletableFuture<String> lindex(String key, long index) { return cmd(STR, "LINDEX", key, Long.toString(index)); }

    // ------------------------------------------------------------------ sets --

    public CompletableFuture<Long> sadd(String key, String... members) { return cmd(LONG, cat("SADD", key, members)); }
    public CompletableFuture<Long> srem(String key, String... members) { return cmd(LONG, cat("SREM", key, members)); }
    public CompletableFuture<List<String>> smembers(String key) { return cmd(Replies::strList, "SMEMBERS", key); }
    public CompletableFuture<List<byte[]>> smembers(byte[] key) { return bcmd(Replies::bytesList, "SMEMBERS", key); }
    public CompletableFuture<Boolean> sismember(String key, String member) { return cmd(BOOL, "SISMEMBER", key, member); }
    public CompletableFuture<Long> scard(String key) { return cmd(LONG, "SCARD", key); }

    // ----------------------------------------------------------- sorted sets --

    public CompletableFuture<Long> zadd(String key, Map<String, Double> scores) {
        List<String> a = new ArrayList<>(scores.size() * 2 + 2);
        a.add("ZADD");
        a.add(key);
        scores.forEach((m, sc) -> { a.add(Double.toString(sc)); a.add(m); });
        return cmd(LONG, a.toArray(new String[0]));
    }

    public CompletableFuture<Long> zadd(String key, double score, String member) { return cmd(LONG, "ZADD", key, Double.toString(score), member); }
    public CompletableFuture<Double> zscore(String key, String member) { return cmd(DOUBLE, "ZSCORE", key, member); }
    public CompletableFuture<Double> zincrBy(String key, double by, String member) { return cmd(DOUBLE, "ZINCRBY", key, Double.toString(by), member); }
    public CompletableFuture<List<String>> zrange(String key, long start, long stop) {
        return cmd(Replies::strList, "ZRANGE", key, Long.toString(start), Long.toString(stop));
    }
    public CompletableFuture<Long> zrank(String key, String member) { return cmd(LONG, "ZRANK", key, member); }
    public CompletableFuture<Long> zrem(String key, String... members) { return cmd(LONG, cat("ZREM", key, members)); }
    public CompletableFuture<Long> zcard(String key) { return cmd(LONG, "ZCARD", key); }

    // --------------------------------------------------------------- scripts --

    /** EVAL with keys and args; the reply in the generic text shape. */
    public CompletableFuture<Object> eval(String script, List<String> keys, List<String> args) {
        return cmd(v -> Replies.generic(v, true), script("EVAL", script, keys, args));
    }

    public CompletableFuture<Object> evalsha(String sha1, List<String> keys, List<String> args) {
        return cmd(v -> Replies.generic(v, true), script("EVALSHA", sha1, keys, args));
    }

    /** SCRIPT LOAD; the script's SHA1. */
    public CompletableFuture<String> scriptLoad(String script) {
        return cmd(STR, "SCRIPT", "LOAD", script);
    }

    private static String[] script(String verb, String body, List<String> keys, List<String> args) {
        List<String> a = new ArrayList<>(keys.size() + args.size() + 3);
        a.add(verb);
        a.add(body);
        a.add(Integer.toString(keys.size()));
        a.addAll(keys);
        a.addAll(args);
        return a.toArray(new String[0]);
    }

    // ------------------------------------------------------------------ scan --

    /**
     * One SCAN step from {@code cursor} ("0" to start), with an optional MATCH
     * pattern and COUNT hint (null/0: none). On a cluster the steps walk every
     * primary with one cursor (text to pass back as it is), safe across slot
     * migrations and failovers: each key at least once.
     */
    public CompletableFuture<ScanResult<String>> scan(String cursor, String match, long count) {
        List<String> a = new ArrayList<>(Arrays.asList("SCAN", cursor));
        if (match != null) { a.add("MATCH"); a.add(match); }
        if (count > 0) { a.add("COUNT"); a.add(Long.toString(count)); }
        return cmd(v -> {
            List<Value> items = Replies.itemsOf(v);
            if (items.size() != 2) throw new ResponseException("unexpected SCAN reply");
            return new ScanResult<>(Replies.str(items.get(0)), Replies.strList(items.get(1)));
        }, a.toArray(new String[0]));
    }

    // ------------------------------------------ generated from the specification --

    private static final Function<Value, Object> TEXT = v -> Replies.generic(v, true);

    private static String[] words(String[] head, String[] rest) {
        String[] out = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, out, head.length, rest.length);
        return out;
    }

    /** A generated byte[] form's command: words (String, UTF-8) and byte[] values; bulk strings back as byte[]. */
    private CompletableFuture<Object> binaryCommand(List<Object> args) {
        List<ByteString> a = new ArrayList<>(args.size());
        try {
            for (Object x : args) {
                if (x == null) throw new ConfigException(args.get(0) + ": an argument is null");
                a.add(x instanceof byte[] bytes ? b(bytes) : ByteString.copyFromUtf8(x.toString()));
            }
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(v -> Replies.generic(v, false), a);
    }

    private static String[] texts(long[] numbers) {
        String[] out = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) out[i] = Long.toString(numbers[i]);
        return out;
    }

    // --- generated from the specification by scripts/gen_commands.py: do not edit ---
    /** ACL CAT [category]: Lists the ACL categories, or the commands inside a category. (Redis and Valkey; the reply as the server sends it.) Options as words: [category]. */
    public CompletableFuture<Object> aclCat(String... options) {
        List<String> a = new ArrayList<>(List.of("ACL", "CAT"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL DELUSER username ...: Deletes ACL users, and terminates their connections. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclDeluser(String... username) {
        List<String> a = new ArrayList<>(List.of("ACL", "DELUSER"));
        a.addAll(Arrays.asList(username));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL DELUSER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> aclDeluser(byte[]... username) {
        List<Object> a = new ArrayList<>(List.of("ACL", "DELUSER"));
        a.addAll(Arrays.asList(username));
        return binaryCommand(a);
    }
    /** ACL DRYRUN username command [arg ...]: Simulates the execution of a command by a user, without executing the command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> aclDryrun(String username, String command, String... options) {
        List<String> a = new ArrayList<>(List.of("ACL", "DRYRUN"));
        a.add(username);
        a.add(command);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL DRYRUN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> aclDryrun(byte[] username, byte[] command, String... options) {
        List<Object> a = new ArrayList<>(List.of("ACL", "DRYRUN"));
        a.add(username);
        a.add(command);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ACL GENPASS [bits]: Generates a pseudorandom, secure password that can be used to identify ACL users. (Redis and Valkey; the reply as the server sends it.) Options as words: [bits]. */
    public CompletableFuture<Object> aclGenpass(String... options) {
        List<String> a = new ArrayList<>(List.of("ACL", "GENPASS"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL GETUSER username: Lists the ACL rules of a user. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclGetuser(String username) {
        List<String> a = new ArrayList<>(List.of("ACL", "GETUSER"));
        a.add(username);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL GETUSER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> aclGetuser(byte[] username) {
        List<Object> a = new ArrayList<>(List.of("ACL", "GETUSER"));
        a.add(username);
        return binaryCommand(a);
    }
    /** ACL LIST : Dumps the effective rules in ACL file format. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclList() {
        List<String> a = new ArrayList<>(List.of("ACL", "LIST"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL LOAD : Reloads the rules from the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclLoad() {
        List<String> a = new ArrayList<>(List.of("ACL", "LOAD"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL LOG [(count | RESET)]: Lists recent security events generated due to ACL rules. (Redis and Valkey; the reply as the server sends it.) Options as words: [(count | RESET)]. */
    public CompletableFuture<Object> aclLog(String... options) {
        List<String> a = new ArrayList<>(List.of("ACL", "LOG"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL SAVE : Saves the effective ACL rules in the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclSave() {
        List<String> a = new ArrayList<>(List.of("ACL", "SAVE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL SETUSER username [rule ...]: Creates and modifies an ACL user and its rules. (Redis and Valkey; the reply as the server sends it.) Options as words: [rule ...]. */
    public CompletableFuture<Object> aclSetuser(String username, String... options) {
        List<String> a = new ArrayList<>(List.of("ACL", "SETUSER"));
        a.add(username);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL SETUSER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> aclSetuser(byte[] username, String... options) {
        List<Object> a = new ArrayList<>(List.of("ACL", "SETUSER"));
        a.add(username);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ACL USERS : Lists all ACL users. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclUsers() {
        List<String> a = new ArrayList<>(List.of("ACL", "USERS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ACL WHOAMI : Returns the authenticated username of the current connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclWhoami() {
        List<String> a = new ArrayList<>(List.of("ACL", "WHOAMI"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BGREWRITEAOF : Asynchronously rewrites the append-only file to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bgrewriteaof() {
        List<String> a = new ArrayList<>(List.of("BGREWRITEAOF"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BGSAVE [(SCHEDULE | CANCEL)]: Asynchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) Options as words: [(SCHEDULE | CANCEL)]. */
    public CompletableFuture<Object> bgsave(String... options) {
        List<String> a = new ArrayList<>(List.of("BGSAVE"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BITFIELD_RO key [GET encoding offset ...]: Performs arbitrary read-only bitfield integer operations on strings. (Redis and Valkey; the reply as the server sends it.) Options as words: [GET encoding offset ...]. */
    public CompletableFuture<Object> bitfieldReadonly(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("BITFIELD_RO"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BITFIELD_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bitfieldReadonly(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("BITFIELD_RO"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** BITOP (AND | OR | XOR | NOT) destkey key ...: Performs bitwise operations on multiple strings, and stores the result. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bitop(String operation, String destkey, String... key) {
        List<String> a = new ArrayList<>(List.of("BITOP"));
        a.add(operation);
        a.add(destkey);
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BITOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bitop(String operation, byte[] destkey, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("BITOP"));
        a.add(operation);
        a.add(destkey);
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** BITPOS key bit [start [end [(BYTE | BIT)]]]: Finds the first set (1) or clear (0) bit in a string. (Redis and Valkey; the reply as the server sends it.) Options as words: [start [end [(BYTE | BIT)]]]. */
    public CompletableFuture<Object> bitpos(String key, long bit, String... options) {
        List<String> a = new ArrayList<>(List.of("BITPOS"));
        a.add(key);
        a.add(String.valueOf(bit));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BITPOS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bitpos(byte[] key, long bit, String... options) {
        List<Object> a = new ArrayList<>(List.of("BITPOS"));
        a.add(key);
        a.add(String.valueOf(bit));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** BLMOVE source destination (LEFT | RIGHT) (LEFT | RIGHT) timeout: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> blmove(String source, String destination, String wherefrom, String whereto, double timeout) {
        List<String> a = new ArrayList<>(List.of("BLMOVE"));
        a.add(source);
        a.add(destination);
        a.add(wherefrom);
        a.add(whereto);
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BLMOVE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> blmove(byte[] source, byte[] destination, String wherefrom, String whereto, double timeout) {
        List<Object> a = new ArrayList<>(List.of("BLMOVE"));
        a.add(source);
        a.add(destination);
        a.add(wherefrom);
        a.add(whereto);
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** BLMPOP timeout numkeys key ... (LEFT | RIGHT) [COUNT count]: Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT count]. */
    public CompletableFuture<Object> blmpop(double timeout, String[] key, String where, String... options) {
        List<String> a = new ArrayList<>(List.of("BLMPOP"));
        a.add(String.valueOf(timeout));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BLMPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> blmpop(double timeout, byte[][] key, String where, String... options) {
        List<Object> a = new ArrayList<>(List.of("BLMPOP"));
        a.add(String.valueOf(timeout));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** BLPOP key ... timeout: Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> blpop(double timeout, String... key) {
        List<String> a = new ArrayList<>(List.of("BLPOP"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BLPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> blpop(double timeout, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("BLPOP"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** BRPOP key ... timeout: Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> brpop(double timeout, String... key) {
        List<String> a = new ArrayList<>(List.of("BRPOP"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BRPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> brpop(double timeout, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("BRPOP"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** BRPOPLPUSH source destination timeout: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> brpoplpush(String source, String destination, double timeout) {
        List<String> a = new ArrayList<>(List.of("BRPOPLPUSH"));
        a.add(source);
        a.add(destination);
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BRPOPLPUSH, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> brpoplpush(byte[] source, byte[] destination, double timeout) {
        List<Object> a = new ArrayList<>(List.of("BRPOPLPUSH"));
        a.add(source);
        a.add(destination);
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** BZMPOP timeout numkeys key ... (MIN | MAX) [COUNT count]: Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT count]. */
    public CompletableFuture<Object> bzmpop(double timeout, String[] key, String where, String... options) {
        List<String> a = new ArrayList<>(List.of("BZMPOP"));
        a.add(String.valueOf(timeout));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BZMPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bzmpop(double timeout, byte[][] key, String where, String... options) {
        List<Object> a = new ArrayList<>(List.of("BZMPOP"));
        a.add(String.valueOf(timeout));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** BZPOPMAX key ... timeout: Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bzpopmax(double timeout, String... key) {
        List<String> a = new ArrayList<>(List.of("BZPOPMAX"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BZPOPMAX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bzpopmax(double timeout, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("BZPOPMAX"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** BZPOPMIN key ... timeout: Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bzpopmin(double timeout, String... key) {
        List<String> a = new ArrayList<>(List.of("BZPOPMIN"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** BZPOPMIN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> bzpopmin(double timeout, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("BZPOPMIN"));
        a.addAll(Arrays.asList(key));
        a.add(String.valueOf(timeout));
        return binaryCommand(a);
    }
    /** CLIENT CAPA capability ...: A client claims its capability. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientCapa(String... capability) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "CAPA"));
        a.addAll(Arrays.asList(capability));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT CAPA, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clientCapa(byte[]... capability) {
        List<Object> a = new ArrayList<>(List.of("CLIENT", "CAPA"));
        a.addAll(Arrays.asList(capability));
        return binaryCommand(a);
    }
    /** CLIENT GETNAME : Returns the name of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientGetname() {
        List<String> a = new ArrayList<>(List.of("CLIENT", "GETNAME"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT ID : Returns the unique client ID of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientId() {
        List<String> a = new ArrayList<>(List.of("CLIENT", "ID"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT IMPORT-SOURCE (ON | OFF): Marks this client as an import source when the server is in import mode. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientImportSource(String enabled) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "IMPORT-SOURCE"));
        a.add(enabled);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT INFO : Returns information about the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientInfo() {
        List<String> a = new ArrayList<>(List.of("CLIENT", "INFO"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT LIST [TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [ID client-id ...] [USER username] [ADDR addr] [LADDR laddr] [SKIPME (YES | NO)] [MAXAGE maxage] [NAME name] [IDLE idle] [FLAGS flags] [LIB-NAME lib-name] [LIB-VER lib-ver] [DB db] [CAPA capa] [IP ip] [NOT-TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [NOT-ID not-client-id ...] [NOT-USER not-username] [NOT-ADDR not-addr] [NOT-LADDR not-laddr] [NOT-NAME not-name] [NOT-FLAGS not-flags] [NOT-LIB-NAME not-lib-name] [NOT-LIB-VER not-lib-ver] [NOT-DB not-db] [NOT-CAPA not-capa] [NOT-IP not-ip]: Lists open connections. (Redis and Valkey; the reply as the server sends it.) Options as words: [TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [ID client-id ...] [USER username] [ADDR addr] [LADDR laddr] [SKIPME (YES | NO)] [MAXAGE maxage] [NAME name] [IDLE idle] [FLAGS flags] [LIB-NAME lib-name] [LIB-VER lib-ver] [DB db] [CAPA capa] [IP ip] [NOT-TYPE (NORMAL | MASTER | REPLICA | PUBSUB)] [NOT-ID not-client-id ...] [NOT-USER not-username] [NOT-ADDR not-addr] [NOT-LADDR not-laddr] [NOT-NAME not-name] [NOT-FLAGS not-flags] [NOT-LIB-NAME not-lib-name] [NOT-LIB-VER not-lib-ver] [NOT-DB not-db] [NOT-CAPA not-capa] [NOT-IP not-ip]. */
    public CompletableFuture<Object> clientList(String... options) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "LIST"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT NO-EVICT (ON | OFF): Sets the client eviction mode of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientNoEvict(String enabled) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "NO-EVICT"));
        a.add(enabled);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT NO-TOUCH (ON | OFF): Controls whether commands sent by the client affect the LRU/LFU of accessed keys. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientNoTouch(String enabled) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "NO-TOUCH"));
        a.add(enabled);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT PAUSE timeout [(WRITE | ALL)]: Suspends commands processing. (Redis and Valkey; the reply as the server sends it.) Options as words: [(WRITE | ALL)]. */
    public CompletableFuture<Object> clientPause(long timeout, String... options) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "PAUSE"));
        a.add(String.valueOf(timeout));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT UNBLOCK client-id [(TIMEOUT | ERROR)]: Unblocks a client blocked by a blocking command from a different connection. (Redis and Valkey; the reply as the server sends it.) Options as words: [(TIMEOUT | ERROR)]. */
    public CompletableFuture<Object> clientUnblock(long clientId, String... options) {
        List<String> a = new ArrayList<>(List.of("CLIENT", "UNBLOCK"));
        a.add(String.valueOf(clientId));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLIENT UNPAUSE : Resumes processing commands from paused clients. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientUnpause() {
        List<String> a = new ArrayList<>(List.of("CLIENT", "UNPAUSE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTERSCAN cursor [MATCH match-pattern] [COUNT count] [TYPE type] [SLOT slot]: Iterates over the keys in the cluster. (Valkey; the reply as the server sends it.) Options as words: [MATCH match-pattern] [COUNT count] [TYPE type] [SLOT slot]. */
    public CompletableFuture<Object> clusterscan(String cursor, String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTERSCAN"));
        a.add(cursor);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTERSCAN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterscan(byte[] cursor, String... options) {
        List<Object> a = new ArrayList<>(List.of("CLUSTERSCAN"));
        a.add(cursor);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** CLUSTER ADDSLOTS slot ...: Assigns new hash slots to a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterAddslots(long... slot) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        a.addAll(Arrays.asList(texts(slot)));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER ADDSLOTSRANGE start-slot end-slot ...: Assigns new hash slot ranges to a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterAddslotsrange(long[]... range) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "ADDSLOTSRANGE"));
        for (long[] t : range) { if (t.length != 2) throw new IllegalArgumentException("clusterAddslotsrange: each of range is {startSlot, endSlot}"); for (long x : t) a.add(String.valueOf(x)); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER BUMPEPOCH : Advances the cluster config epoch. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterBumpepoch() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "BUMPEPOCH"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER CANCELSLOTMIGRATIONS : Cancel all current ongoing slot migration operations. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCancelslotmigrations() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "CANCELSLOTMIGRATIONS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER COUNT-FAILURE-REPORTS node-id: Returns the number of active failure reports for a node. No new reports are created once the node is marked as failed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCountFailureReports(String nodeId) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "COUNT-FAILURE-REPORTS"));
        a.add(nodeId);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER COUNT-FAILURE-REPORTS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterCountFailureReports(byte[] nodeId) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "COUNT-FAILURE-REPORTS"));
        a.add(nodeId);
        return binaryCommand(a);
    }
    /** CLUSTER COUNTKEYSINSLOT slot: Returns the number of keys in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCountkeysinslot(long slot) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "COUNTKEYSINSLOT"));
        a.add(String.valueOf(slot));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER DELSLOTS slot ...: Sets hash slots as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterDelslots(long... slot) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "DELSLOTS"));
        a.addAll(Arrays.asList(texts(slot)));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER DELSLOTSRANGE start-slot end-slot ...: Sets hash slot ranges as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterDelslotsrange(long[]... range) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "DELSLOTSRANGE"));
        for (long[] t : range) { if (t.length != 2) throw new IllegalArgumentException("clusterDelslotsrange: each of range is {startSlot, endSlot}"); for (long x : t) a.add(String.valueOf(x)); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER FAILOVER [(FORCE | TAKEOVER)]: Forces a replica to perform a manual failover of its primary. (Redis and Valkey; the reply as the server sends it.) Options as words: [(FORCE | TAKEOVER)]. */
    public CompletableFuture<Object> clusterFailover(String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "FAILOVER"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER FLUSHSLOT slot [(ASYNC | SYNC)]: Removes all keys from the target slot. (Valkey; the reply as the server sends it.) Options as words: [(ASYNC | SYNC)]. */
    public CompletableFuture<Object> clusterFlushslot(long slot, String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "FLUSHSLOT"));
        a.add(String.valueOf(slot));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER FLUSHSLOTS : Deletes all slots information from a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterFlushslots() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "FLUSHSLOTS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER FORGET node-id: Removes a node from the nodes table. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterForget(String nodeId) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "FORGET"));
        a.add(nodeId);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER FORGET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterForget(byte[] nodeId) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "FORGET"));
        a.add(nodeId);
        return binaryCommand(a);
    }
    /** CLUSTER GETKEYSINSLOT slot count: Returns the key names in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterGetkeysinslot(long slot, long count) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "GETKEYSINSLOT"));
        a.add(String.valueOf(slot));
        a.add(String.valueOf(count));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER GETSLOTMIGRATIONS : Gets the status of ongoing and recently finished slot import and export operations. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterGetslotmigrations() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "GETSLOTMIGRATIONS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER INFO : Returns information about the state of a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterInfo() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "INFO"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER KEYSLOT key: Returns the hash slot for a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterKeyslot(String key) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "KEYSLOT"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER KEYSLOT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterKeyslot(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "KEYSLOT"));
        a.add(key);
        return binaryCommand(a);
    }
    /** CLUSTER LINKS : Returns a list of all TCP links to and from peer nodes. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterLinks() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "LINKS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER MEET ip port [cluster-bus-port]: Forces a node to handshake with another node. (Redis and Valkey; the reply as the server sends it.) Options as words: [cluster-bus-port]. */
    public CompletableFuture<Object> clusterMeet(String ip, long port, String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "MEET"));
        a.add(ip);
        a.add(String.valueOf(port));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER MEET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterMeet(byte[] ip, long port, String... options) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "MEET"));
        a.add(ip);
        a.add(String.valueOf(port));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** CLUSTER MYID : Returns the ID of a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterMyid() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "MYID"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER MYSHARDID : Returns the shard ID of a node. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterMyshardid() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "MYSHARDID"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER NODES : Returns the cluster configuration for a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterNodes() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "NODES"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER REPLICAS node-id: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterReplicas(String nodeId) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "REPLICAS"));
        a.add(nodeId);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER REPLICAS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterReplicas(byte[] nodeId) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "REPLICAS"));
        a.add(nodeId);
        return binaryCommand(a);
    }
    /** CLUSTER REPLICATE (node-id | NO ONE): Configures a node as replica of a primary node or detaches a replica from its primary. (Redis and Valkey; the reply as the server sends it.) Options as words: (node-id | NO ONE). */
    public CompletableFuture<Object> clusterReplicate(String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "REPLICATE"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER RESET [(HARD | SOFT)]: Resets a node. (Redis and Valkey; the reply as the server sends it.) Options as words: [(HARD | SOFT)]. */
    public CompletableFuture<Object> clusterReset(String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "RESET"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SAVECONFIG : Forces a node to save the cluster configuration to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSaveconfig() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SAVECONFIG"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SET-CONFIG-EPOCH config-epoch: Sets the configuration epoch for a new node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSetConfigEpoch(long configEpoch) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SET-CONFIG-EPOCH"));
        a.add(String.valueOf(configEpoch));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SETSLOT slot (IMPORTING importing | MIGRATING migrating | NODE node | STABLE) [TIMEOUT timeout]: Binds a hash slot to a node. (Redis and Valkey; the reply as the server sends it.) Options as words: (IMPORTING importing | MIGRATING migrating | NODE node | STABLE) [TIMEOUT timeout]. */
    public CompletableFuture<Object> clusterSetslot(long slot, String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SETSLOT"));
        a.add(String.valueOf(slot));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SHARDS : Returns the mapping of cluster slots to shards. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterShards() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SHARDS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SLAVES node-id: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSlaves(String nodeId) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SLAVES"));
        a.add(nodeId);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SLAVES, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> clusterSlaves(byte[] nodeId) {
        List<Object> a = new ArrayList<>(List.of("CLUSTER", "SLAVES"));
        a.add(nodeId);
        return binaryCommand(a);
    }
    /** CLUSTER SLOT-STATS (SLOTSRANGE start-slot end-slot | ORDERBY metric [LIMIT limit] [(ASC | DESC)]): Return an array of slot usage statistics for slots assigned to the current node. (Valkey; the reply as the server sends it.) Options as words: (SLOTSRANGE start-slot end-slot | ORDERBY metric [LIMIT limit] [(ASC | DESC)]). */
    public CompletableFuture<Object> clusterSlotStats(String... options) {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SLOT-STATS"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SLOTS : Returns the mapping of cluster slots to nodes. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSlots() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SLOTS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CLUSTER SYNCSLOTS : A container for internal slot migration commands. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSyncslots() {
        List<String> a = new ArrayList<>(List.of("CLUSTER", "SYNCSLOTS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMANDLOG GET count (SLOW | LARGE-REQUEST | LARGE-REPLY): Returns the specified command log's entries. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogGet(long count, String type) {
        List<String> a = new ArrayList<>(List.of("COMMANDLOG", "GET"));
        a.add(String.valueOf(count));
        a.add(type);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMANDLOG LEN (SLOW | LARGE-REQUEST | LARGE-REPLY): Returns the number of entries in the specified type of command log. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogLen(String type) {
        List<String> a = new ArrayList<>(List.of("COMMANDLOG", "LEN"));
        a.add(type);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMANDLOG RESET (SLOW | LARGE-REQUEST | LARGE-REPLY): Clears all entries from the specified type of command log. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogReset(String type) {
        List<String> a = new ArrayList<>(List.of("COMMANDLOG", "RESET"));
        a.add(type);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND COUNT : Returns a count of commands. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandCount() {
        List<String> a = new ArrayList<>(List.of("COMMAND", "COUNT"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND DOCS [command-name ...]: Returns documentary information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [command-name ...]. */
    public CompletableFuture<Object> commandDocs(String... options) {
        List<String> a = new ArrayList<>(List.of("COMMAND", "DOCS"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND GETKEYS command [arg ...]: Extracts the key names from an arbitrary command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> commandGetkeys(String command, String... options) {
        List<String> a = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
        a.add(command);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND GETKEYS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> commandGetkeys(byte[] command, String... options) {
        List<Object> a = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
        a.add(command);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** COMMAND GETKEYSANDFLAGS command [arg ...]: Extracts the key names and access flags for an arbitrary command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> commandGetkeysandflags(String command, String... options) {
        List<String> a = new ArrayList<>(List.of("COMMAND", "GETKEYSANDFLAGS"));
        a.add(command);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND GETKEYSANDFLAGS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> commandGetkeysandflags(byte[] command, String... options) {
        List<Object> a = new ArrayList<>(List.of("COMMAND", "GETKEYSANDFLAGS"));
        a.add(command);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** COMMAND INFO [command-name ...]: Returns information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [command-name ...]. */
    public CompletableFuture<Object> commandInfo(String... options) {
        List<String> a = new ArrayList<>(List.of("COMMAND", "INFO"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COMMAND LIST [FILTERBY (MODULE module-name | ACLCAT category | PATTERN pattern)]: Returns a list of command names. (Redis and Valkey; the reply as the server sends it.) Options as words: [FILTERBY (MODULE module-name | ACLCAT category | PATTERN pattern)]. */
    public CompletableFuture<Object> commandList(String... options) {
        List<String> a = new ArrayList<>(List.of("COMMAND", "LIST"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CONFIG GET parameter ...: Returns the effective values of configuration parameters. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configGet(String... parameter) {
        List<String> a = new ArrayList<>(List.of("CONFIG", "GET"));
        a.addAll(Arrays.asList(parameter));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CONFIG GET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> configGet(byte[]... parameter) {
        List<Object> a = new ArrayList<>(List.of("CONFIG", "GET"));
        a.addAll(Arrays.asList(parameter));
        return binaryCommand(a);
    }
    /** CONFIG RESETSTAT : Resets the server's statistics. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configResetstat() {
        List<String> a = new ArrayList<>(List.of("CONFIG", "RESETSTAT"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CONFIG REWRITE : Persists the effective configuration to file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configRewrite() {
        List<String> a = new ArrayList<>(List.of("CONFIG", "REWRITE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CONFIG SET parameter value ...: Sets configuration parameters in-flight. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configSet(Map<String, String> data) {
        List<String> a = new ArrayList<>(List.of("CONFIG", "SET"));
        for (Map.Entry<String, String> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** CONFIG SET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> configSet(ByteArrayMap<byte[]> data) {
        List<Object> a = new ArrayList<>(List.of("CONFIG", "SET"));
        for (Map.Entry<byte[], byte[]> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return binaryCommand(a);
    }
    /** COPY source destination [DB destination-db] [REPLACE]: Copies the value of a key to a new key. (Redis and Valkey; the reply as the server sends it.) Options as words: [DB destination-db] [REPLACE]. */
    public CompletableFuture<Object> copy(String source, String destination, String... options) {
        List<String> a = new ArrayList<>(List.of("COPY"));
        a.add(source);
        a.add(destination);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** COPY, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> copy(byte[] source, byte[] destination, String... options) {
        List<Object> a = new ArrayList<>(List.of("COPY"));
        a.add(source);
        a.add(destination);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** DBSIZE : Returns the number of keys in the database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> dbsize() {
        List<String> a = new ArrayList<>(List.of("DBSIZE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** DELIFEQ key value: Delete key if value matches string. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> delifeq(String key, String value) {
        List<String> a = new ArrayList<>(List.of("DELIFEQ"));
        a.add(key);
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** DELIFEQ, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> delifeq(byte[] key, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("DELIFEQ"));
        a.add(key);
        a.add(value);
        return binaryCommand(a);
    }
    /** DUMP key: Returns a serialized representation of the value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> dump(String key) {
        List<String> a = new ArrayList<>(List.of("DUMP"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** DUMP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> dump(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("DUMP"));
        a.add(key);
        return binaryCommand(a);
    }
    /** ECHO message: Returns the given string. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> echo(String message) {
        List<String> a = new ArrayList<>(List.of("ECHO"));
        a.add(message);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ECHO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> echo(byte[] message) {
        List<Object> a = new ArrayList<>(List.of("ECHO"));
        a.add(message);
        return binaryCommand(a);
    }
    /** EVAL_RO script numkeys [key ...] [arg ...]: Executes a read-only server-side Lua script. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> evalReadonly(String script, String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("EVAL_RO"));
        a.add(script);
        a.add(String.valueOf(key == null ? 0 : key.length)); if (key != null) a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** EVAL_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> evalReadonly(byte[] script, byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("EVAL_RO"));
        a.add(script);
        a.add(String.valueOf(key == null ? 0 : key.length)); if (key != null) a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** EVALSHA_RO sha1 numkeys [key ...] [arg ...]: Executes a read-only server-side Lua script by SHA1 digest. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> evalshaReadonly(String sha1, String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("EVALSHA_RO"));
        a.add(sha1);
        a.add(String.valueOf(key == null ? 0 : key.length)); if (key != null) a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** EVALSHA_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> evalshaReadonly(byte[] sha1, byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("EVALSHA_RO"));
        a.add(sha1);
        a.add(String.valueOf(key == null ? 0 : key.length)); if (key != null) a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** EXPIREAT key unix-time-seconds [(NX | XX | GT | LT)]: Sets the expiration time of a key to a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) Options as words: [(NX | XX | GT | LT)]. */
    public CompletableFuture<Object> expireat(String key, long unixTimeSeconds, String... options) {
        List<String> a = new ArrayList<>(List.of("EXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeSeconds));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** EXPIREAT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> expireat(byte[] key, long unixTimeSeconds, String... options) {
        List<Object> a = new ArrayList<>(List.of("EXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeSeconds));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** EXPIRETIME key: Returns the expiration time of a key as a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> expiretime(String key) {
        List<String> a = new ArrayList<>(List.of("EXPIRETIME"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** EXPIRETIME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> expiretime(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("EXPIRETIME"));
        a.add(key);
        return binaryCommand(a);
    }
    /** FLUSHALL [(ASYNC | SYNC)]: Removes all keys from all databases. (Redis and Valkey; the reply as the server sends it.) Options as words: [(ASYNC | SYNC)]. */
    public CompletableFuture<Object> flushall(String... options) {
        List<String> a = new ArrayList<>(List.of("FLUSHALL"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FLUSHDB [(ASYNC | SYNC)]: Removes all keys from the current database. (Redis and Valkey; the reply as the server sends it.) Options as words: [(ASYNC | SYNC)]. */
    public CompletableFuture<Object> flushdb(String... options) {
        List<String> a = new ArrayList<>(List.of("FLUSHDB"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION DUMP : Dumps all libraries into a serialized binary payload. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionDump() {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "DUMP"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION FLUSH [(ASYNC | SYNC)]: Deletes all libraries and functions. (Redis and Valkey; the reply as the server sends it.) Options as words: [(ASYNC | SYNC)]. */
    public CompletableFuture<Object> functionFlush(String... options) {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "FLUSH"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION KILL : Terminates a function during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionKill() {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "KILL"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]: Returns information about all libraries. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIBRARYNAME library-name-pattern] [WITHCODE]. */
    public CompletableFuture<Object> functionList(String... options) {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "LIST"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION RESTORE serialized-value [(FLUSH | APPEND | REPLACE)]: Restores all libraries from a payload. (Redis and Valkey; the reply as the server sends it.) Options as words: [(FLUSH | APPEND | REPLACE)]. */
    public CompletableFuture<Object> functionRestore(String serializedValue, String... options) {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "RESTORE"));
        a.add(serializedValue);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** FUNCTION RESTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> functionRestore(byte[] serializedValue, String... options) {
        List<Object> a = new ArrayList<>(List.of("FUNCTION", "RESTORE"));
        a.add(serializedValue);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** FUNCTION STATS : Returns information about a function during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionStats() {
        List<String> a = new ArrayList<>(List.of("FUNCTION", "STATS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEOHASH key [member ...]: Returns members from a geospatial index as geohash strings. (Redis and Valkey; the reply as the server sends it.) Options as words: [member ...]. */
    public CompletableFuture<Object> geohash(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("GEOHASH"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEOHASH, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> geohash(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEOHASH"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GEORADIUS key longitude latitude radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]: Queries a geospatial index for members within a distance from a coordinate, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]. */
    public CompletableFuture<Object> georadius(String key, double longitude, double latitude, double radius, String unit, String... options) {
        List<String> a = new ArrayList<>(List.of("GEORADIUS"));
        a.add(key);
        a.add(String.valueOf(longitude));
        a.add(String.valueOf(latitude));
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEORADIUS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> georadius(byte[] key, double longitude, double latitude, double radius, String unit, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEORADIUS"));
        a.add(key);
        a.add(String.valueOf(longitude));
        a.add(String.valueOf(latitude));
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GEORADIUS_RO key longitude latitude radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]: Returns members from a geospatial index that are within a distance from a coordinate. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]. */
    public CompletableFuture<Object> georadiusReadonly(String key, double longitude, double latitude, double radius, String unit, String... options) {
        List<String> a = new ArrayList<>(List.of("GEORADIUS_RO"));
        a.add(key);
        a.add(String.valueOf(longitude));
        a.add(String.valueOf(latitude));
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEORADIUS_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> georadiusReadonly(byte[] key, double longitude, double latitude, double radius, String unit, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEORADIUS_RO"));
        a.add(key);
        a.add(String.valueOf(longitude));
        a.add(String.valueOf(latitude));
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GEORADIUSBYMEMBER key member radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]: Queries a geospatial index for members within a distance from a member, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)] [(STORE storekey | STOREDIST storedistkey)]. */
    public CompletableFuture<Object> georadiusbymember(String key, String member, double radius, String unit, String... options) {
        List<String> a = new ArrayList<>(List.of("GEORADIUSBYMEMBER"));
        a.add(key);
        a.add(member);
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEORADIUSBYMEMBER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> georadiusbymember(byte[] key, byte[] member, double radius, String unit, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEORADIUSBYMEMBER"));
        a.add(key);
        a.add(member);
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GEORADIUSBYMEMBER_RO key member radius (M | KM | FT | MI) [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]: Returns members from a geospatial index that are within a distance from a member. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [(ASC | DESC)]. */
    public CompletableFuture<Object> georadiusbymemberReadonly(String key, String member, double radius, String unit, String... options) {
        List<String> a = new ArrayList<>(List.of("GEORADIUSBYMEMBER_RO"));
        a.add(key);
        a.add(member);
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEORADIUSBYMEMBER_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> georadiusbymemberReadonly(byte[] key, byte[] member, double radius, String unit, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEORADIUSBYMEMBER_RO"));
        a.add(key);
        a.add(member);
        a.add(String.valueOf(radius));
        a.add(unit);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GEOSEARCHSTORE destination source [(FROMMEMBER member | FROMLONLAT longitude latitude)] (BYRADIUS radius (M | KM | FT | MI) | BYBOX width height (M | KM | FT | MI) | BYPOLYGON num-vertices longitude latitude ...) [(ASC | DESC)] [COUNT count [ANY]] [STOREDIST]: Queries a geospatial index for members inside an area of a box, a circle, or a polygon, optionally stores the result. (Redis and Valkey; the reply as the server sends it.) Options as words: [(FROMMEMBER member | FROMLONLAT longitude latitude)] (BYRADIUS radius (M | KM | FT | MI) | BYBOX width height (M | KM | FT | MI) | BYPOLYGON num-vertices longitude latitude ...) [(ASC | DESC)] [COUNT count [ANY]] [STOREDIST]. */
    public CompletableFuture<Object> geosearchstore(String destination, String source, String... options) {
        List<String> a = new ArrayList<>(List.of("GEOSEARCHSTORE"));
        a.add(destination);
        a.add(source);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GEOSEARCHSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> geosearchstore(byte[] destination, byte[] source, String... options) {
        List<Object> a = new ArrayList<>(List.of("GEOSEARCHSTORE"));
        a.add(destination);
        a.add(source);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GETEX key [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)]: Returns the string value of a key after setting its expiration time. (Redis and Valkey; the reply as the server sends it.) Options as words: [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)]. */
    public CompletableFuture<Object> getex(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("GETEX"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> getex(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("GETEX"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** GETRANGE key start end: Returns a substring of the string stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> getrange(String key, long start, long end) {
        List<String> a = new ArrayList<>(List.of("GETRANGE"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(end));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GETRANGE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> getrange(byte[] key, long start, long end) {
        List<Object> a = new ArrayList<>(List.of("GETRANGE"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(end));
        return binaryCommand(a);
    }
    /** GETSET key value: Returns the previous string value of a key after setting it to a new value. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> getset(String key, String value) {
        List<String> a = new ArrayList<>(List.of("GETSET"));
        a.add(key);
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** GETSET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> getset(byte[] key, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("GETSET"));
        a.add(key);
        a.add(value);
        return binaryCommand(a);
    }
    /** HEXPIREAT key unix-time-seconds [(NX | XX | GT | LT)] FIELDS numfields field ...: Sets expiry time on hash fields. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hexpireat(String key, long unixTimeSeconds, String condition, String... field) {
        List<String> a = new ArrayList<>(List.of("HEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeSeconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HEXPIREAT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hexpireat(byte[] key, long unixTimeSeconds, String condition, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeSeconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HEXPIRETIME key FIELDS numfields field ...: Returns Unix timestamps in seconds since the epoch at which the given key's field(s) will expire. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hexpiretime(String key, String... field) {
        List<String> a = new ArrayList<>(List.of("HEXPIRETIME"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HEXPIRETIME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hexpiretime(byte[] key, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HEXPIRETIME"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HGETDEL key FIELDS numfields field ...: Returns the values of one or more fields and deletes them from a hash. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hgetdel(String key, String... field) {
        List<String> a = new ArrayList<>(List.of("HGETDEL"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HGETDEL, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hgetdel(byte[] key, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HGETDEL"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HGETEX key [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)] FIELDS numfields field ...: Gets the value of one or more fields of a given hash key, and optionally sets their expiration time or time-to-live (TTL). (Valkey; the reply as the server sends it.) expiration: null or the words of [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST)]. */
    public CompletableFuture<Object> hgetex(String key, String[] expiration, String... field) {
        List<String> a = new ArrayList<>(List.of("HGETEX"));
        a.add(key);
        if (expiration != null) a.addAll(Arrays.asList(expiration));
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HGETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hgetex(byte[] key, String[] expiration, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HGETEX"));
        a.add(key);
        if (expiration != null) a.addAll(Arrays.asList(expiration));
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HINCRBYFLOAT key field increment: Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hincrbyfloat(String key, String field, double increment) {
        List<String> a = new ArrayList<>(List.of("HINCRBYFLOAT"));
        a.add(key);
        a.add(field);
        a.add(String.valueOf(increment));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HINCRBYFLOAT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hincrbyfloat(byte[] key, byte[] field, double increment) {
        List<Object> a = new ArrayList<>(List.of("HINCRBYFLOAT"));
        a.add(key);
        a.add(field);
        a.add(String.valueOf(increment));
        return binaryCommand(a);
    }
    /** HMSET key field value ...: Sets the values of multiple fields. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hmset(String key, Map<String, String> data) {
        List<String> a = new ArrayList<>(List.of("HMSET"));
        a.add(key);
        for (Map.Entry<String, String> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HMSET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hmset(byte[] key, ByteArrayMap<byte[]> data) {
        List<Object> a = new ArrayList<>(List.of("HMSET"));
        a.add(key);
        for (Map.Entry<byte[], byte[]> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return binaryCommand(a);
    }
    /** HPEXPIRE key milliseconds [(NX | XX | GT | LT)] FIELDS numfields field ...: Sets expiry time on hash object. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hpexpire(String key, long milliseconds, String condition, String... field) {
        List<String> a = new ArrayList<>(List.of("HPEXPIRE"));
        a.add(key);
        a.add(String.valueOf(milliseconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HPEXPIRE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hpexpire(byte[] key, long milliseconds, String condition, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HPEXPIRE"));
        a.add(key);
        a.add(String.valueOf(milliseconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HPEXPIREAT key unix-time-milliseconds [(NX | XX | GT | LT)] FIELDS numfields field ...: Sets expiration time on hash field. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hpexpireat(String key, long unixTimeMilliseconds, String condition, String... field) {
        List<String> a = new ArrayList<>(List.of("HPEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeMilliseconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HPEXPIREAT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hpexpireat(byte[] key, long unixTimeMilliseconds, String condition, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HPEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeMilliseconds));
        if (condition != null) { a.add(condition); }
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HPEXPIRETIME key FIELDS numfields field ...: Returns the Unix timestamp in milliseconds since Unix epoch at which the given key's field(s) will expire. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hpexpiretime(String key, String... field) {
        List<String> a = new ArrayList<>(List.of("HPEXPIRETIME"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HPEXPIRETIME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hpexpiretime(byte[] key, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HPEXPIRETIME"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HPTTL key FIELDS numfields field ...: Returns the remaining time to live in milliseconds of a hash key's field(s) that have an associated expiration. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hpttl(String key, String... field) {
        List<String> a = new ArrayList<>(List.of("HPTTL"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HPTTL, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hpttl(byte[] key, byte[]... field) {
        List<Object> a = new ArrayList<>(List.of("HPTTL"));
        a.add(key);
        a.add("FIELDS"); a.add(String.valueOf(field.length)); a.addAll(Arrays.asList(field));
        return binaryCommand(a);
    }
    /** HRANDFIELD key [count [WITHVALUES]]: Returns one or more random fields from a hash. (Redis and Valkey; the reply as the server sends it.) Options as words: [count [WITHVALUES]]. */
    public CompletableFuture<Object> hrandfield(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("HRANDFIELD"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HRANDFIELD, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hrandfield(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("HRANDFIELD"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** HSCAN key cursor [MATCH pattern] [COUNT count] [NOVALUES]: Iterates over fields and values of a hash. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH pattern] [COUNT count] [NOVALUES]. */
    public CompletableFuture<Object> hscan(String key, long cursor, String... options) {
        List<String> a = new ArrayList<>(List.of("HSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HSCAN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hscan(byte[] key, long cursor, String... options) {
        List<Object> a = new ArrayList<>(List.of("HSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** HSETEX key [(NX | XX)] [(FNX | FXX)] [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)] FIELDS numfields field value ...: Sets the value of one or more fields of a given hash key, and optionally sets their expiration time. (Valkey; the reply as the server sends it.) expiration: null or the words of [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)]. */
    public CompletableFuture<Object> hsetex(String key, String keyCondition, String fieldsCondition, String[] expiration, Map<String, String> data) {
        List<String> a = new ArrayList<>(List.of("HSETEX"));
        a.add(key);
        if (keyCondition != null) { a.add(keyCondition); }
        if (fieldsCondition != null) { a.add(fieldsCondition); }
        if (expiration != null) a.addAll(Arrays.asList(expiration));
        a.add("FIELDS"); a.add(String.valueOf(data.size())); for (Map.Entry<String, String> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HSETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hsetex(byte[] key, String keyCondition, String fieldsCondition, String[] expiration, ByteArrayMap<byte[]> data) {
        List<Object> a = new ArrayList<>(List.of("HSETEX"));
        a.add(key);
        if (keyCondition != null) { a.add(keyCondition); }
        if (fieldsCondition != null) { a.add(fieldsCondition); }
        if (expiration != null) a.addAll(Arrays.asList(expiration));
        a.add("FIELDS"); a.add(String.valueOf(data.size())); for (Map.Entry<byte[], byte[]> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return binaryCommand(a);
    }
    /** HSETNX key field value: Sets the value of a field in a hash only when the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hsetnx(String key, String field, String value) {
        List<String> a = new ArrayList<>(List.of("HSETNX"));
        a.add(key);
        a.add(field);
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HSETNX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hsetnx(byte[] key, byte[] field, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("HSETNX"));
        a.add(key);
        a.add(field);
        a.add(value);
        return binaryCommand(a);
    }
    /** HSTRLEN key field: Returns the length of the value of a field. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hstrlen(String key, String field) {
        List<String> a = new ArrayList<>(List.of("HSTRLEN"));
        a.add(key);
        a.add(field);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HSTRLEN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hstrlen(byte[] key, byte[] field) {
        List<Object> a = new ArrayList<>(List.of("HSTRLEN"));
        a.add(key);
        a.add(field);
        return binaryCommand(a);
    }
    /** HVALS key: Returns all values in a hash. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hvals(String key) {
        List<String> a = new ArrayList<>(List.of("HVALS"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** HVALS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> hvals(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("HVALS"));
        a.add(key);
        return binaryCommand(a);
    }
    /** INFO [section ...]: Returns information and statistics about the server. (Redis and Valkey; the reply as the server sends it.) Options as words: [section ...]. */
    public CompletableFuture<Object> info(String... options) {
        List<String> a = new ArrayList<>(List.of("INFO"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** KEYS pattern: Returns all key names that match a pattern. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> keys(String pattern) {
        List<String> a = new ArrayList<>(List.of("KEYS"));
        a.add(pattern);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** KEYS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> keys(byte[] pattern) {
        List<Object> a = new ArrayList<>(List.of("KEYS"));
        a.add(pattern);
        return binaryCommand(a);
    }
    /** LASTSAVE : Returns the Unix timestamp of the last successful save to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lastsave() {
        List<String> a = new ArrayList<>(List.of("LASTSAVE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY DOCTOR : Returns a human-readable latency analysis report. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyDoctor() {
        List<String> a = new ArrayList<>(List.of("LATENCY", "DOCTOR"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY GRAPH event: Returns a latency graph for an event. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyGraph(String event) {
        List<String> a = new ArrayList<>(List.of("LATENCY", "GRAPH"));
        a.add(event);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY GRAPH, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> latencyGraph(byte[] event) {
        List<Object> a = new ArrayList<>(List.of("LATENCY", "GRAPH"));
        a.add(event);
        return binaryCommand(a);
    }
    /** LATENCY HISTOGRAM [command ...]: Returns the cumulative distribution of latencies of a subset or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [command ...]. */
    public CompletableFuture<Object> latencyHistogram(String... options) {
        List<String> a = new ArrayList<>(List.of("LATENCY", "HISTOGRAM"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY HISTORY event: Returns timestamp-latency samples for an event. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyHistory(String event) {
        List<String> a = new ArrayList<>(List.of("LATENCY", "HISTORY"));
        a.add(event);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY HISTORY, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> latencyHistory(byte[] event) {
        List<Object> a = new ArrayList<>(List.of("LATENCY", "HISTORY"));
        a.add(event);
        return binaryCommand(a);
    }
    /** LATENCY LATEST : Returns the latest latency samples for all events. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyLatest() {
        List<String> a = new ArrayList<>(List.of("LATENCY", "LATEST"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LATENCY RESET [event ...]: Resets the latency data for one or more events. (Redis and Valkey; the reply as the server sends it.) Options as words: [event ...]. */
    public CompletableFuture<Object> latencyReset(String... options) {
        List<String> a = new ArrayList<>(List.of("LATENCY", "RESET"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]: Finds the longest common substring. (Redis and Valkey; the reply as the server sends it.) Options as words: [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]. */
    public CompletableFuture<Object> lcs(String key1, String key2, String... options) {
        List<String> a = new ArrayList<>(List.of("LCS"));
        a.add(key1);
        a.add(key2);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LCS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lcs(byte[] key1, byte[] key2, String... options) {
        List<Object> a = new ArrayList<>(List.of("LCS"));
        a.add(key1);
        a.add(key2);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** LINSERT key (BEFORE | AFTER) pivot element: Inserts an element before or after another element in a list. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> linsert(String key, String where, String pivot, String element) {
        List<String> a = new ArrayList<>(List.of("LINSERT"));
        a.add(key);
        a.add(where);
        a.add(pivot);
        a.add(element);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LINSERT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> linsert(byte[] key, String where, byte[] pivot, byte[] element) {
        List<Object> a = new ArrayList<>(List.of("LINSERT"));
        a.add(key);
        a.add(where);
        a.add(pivot);
        a.add(element);
        return binaryCommand(a);
    }
    /** LMOVE source destination (LEFT | RIGHT) (LEFT | RIGHT): Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lmove(String source, String destination, String wherefrom, String whereto) {
        List<String> a = new ArrayList<>(List.of("LMOVE"));
        a.add(source);
        a.add(destination);
        a.add(wherefrom);
        a.add(whereto);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LMOVE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lmove(byte[] source, byte[] destination, String wherefrom, String whereto) {
        List<Object> a = new ArrayList<>(List.of("LMOVE"));
        a.add(source);
        a.add(destination);
        a.add(wherefrom);
        a.add(whereto);
        return binaryCommand(a);
    }
    /** LMPOP numkeys key ... (LEFT | RIGHT) [COUNT count]: Returns multiple elements from a list after removing them. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT count]. */
    public CompletableFuture<Object> lmpop(String[] key, String where, String... options) {
        List<String> a = new ArrayList<>(List.of("LMPOP"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LMPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lmpop(byte[][] key, String where, String... options) {
        List<Object> a = new ArrayList<>(List.of("LMPOP"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** LOLWUT [VERSION version]: Displays computer art and the server version. (Redis and Valkey; the reply as the server sends it.) Options as words: [VERSION version]. */
    public CompletableFuture<Object> lolwut(String... options) {
        List<String> a = new ArrayList<>(List.of("LOLWUT"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: Returns the index of matching elements in a list. (Redis and Valkey; the reply as the server sends it.) Options as words: [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    public CompletableFuture<Object> lpos(String key, String element, String... options) {
        List<String> a = new ArrayList<>(List.of("LPOS"));
        a.add(key);
        a.add(element);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LPOS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lpos(byte[] key, byte[] element, String... options) {
        List<Object> a = new ArrayList<>(List.of("LPOS"));
        a.add(key);
        a.add(element);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** LPUSHX key element ...: Prepends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lpushx(String key, String... element) {
        List<String> a = new ArrayList<>(List.of("LPUSHX"));
        a.add(key);
        a.addAll(Arrays.asList(element));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LPUSHX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lpushx(byte[] key, byte[]... element) {
        List<Object> a = new ArrayList<>(List.of("LPUSHX"));
        a.add(key);
        a.addAll(Arrays.asList(element));
        return binaryCommand(a);
    }
    /** LREM key count element: Removes elements from a list. Deletes the list if the last element was removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lrem(String key, long count, String element) {
        List<String> a = new ArrayList<>(List.of("LREM"));
        a.add(key);
        a.add(String.valueOf(count));
        a.add(element);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LREM, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lrem(byte[] key, long count, byte[] element) {
        List<Object> a = new ArrayList<>(List.of("LREM"));
        a.add(key);
        a.add(String.valueOf(count));
        a.add(element);
        return binaryCommand(a);
    }
    /** LSET key index element: Sets the value of an element in a list by its index. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lset(String key, long index, String element) {
        List<String> a = new ArrayList<>(List.of("LSET"));
        a.add(key);
        a.add(String.valueOf(index));
        a.add(element);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LSET, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> lset(byte[] key, long index, byte[] element) {
        List<Object> a = new ArrayList<>(List.of("LSET"));
        a.add(key);
        a.add(String.valueOf(index));
        a.add(element);
        return binaryCommand(a);
    }
    /** LTRIM key start stop: Removes elements from both ends of a list. Deletes the list if all elements were trimmed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> ltrim(String key, long start, long stop) {
        List<String> a = new ArrayList<>(List.of("LTRIM"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** LTRIM, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> ltrim(byte[] key, long start, long stop) {
        List<Object> a = new ArrayList<>(List.of("LTRIM"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        return binaryCommand(a);
    }
    /** MEMORY DOCTOR : Outputs a memory problems report. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryDoctor() {
        List<String> a = new ArrayList<>(List.of("MEMORY", "DOCTOR"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MEMORY MALLOC-STATS : Returns the allocator statistics. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryMallocStats() {
        List<String> a = new ArrayList<>(List.of("MEMORY", "MALLOC-STATS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MEMORY PURGE : Asks the allocator to release memory. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryPurge() {
        List<String> a = new ArrayList<>(List.of("MEMORY", "PURGE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MEMORY STATS : Returns details about memory usage. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryStats() {
        List<String> a = new ArrayList<>(List.of("MEMORY", "STATS"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MEMORY USAGE key [SAMPLES count]: Estimates the memory usage of a key. (Redis and Valkey; the reply as the server sends it.) Options as words: [SAMPLES count]. */
    public CompletableFuture<Object> memoryUsage(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("MEMORY", "USAGE"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MEMORY USAGE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> memoryUsage(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("MEMORY", "USAGE"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** MIGRATE host port (key | ) destination-db timeout [COPY] [REPLACE] [(AUTH auth | AUTH2 username password)] [KEYS keys ...]: Atomically transfers a key from one instance to another. (Redis and Valkey; the reply as the server sends it.) Options as words: [COPY] [REPLACE] [(AUTH auth | AUTH2 username password)] [KEYS keys ...]. */
    public CompletableFuture<Object> migrate(String host, long port, String keySelector, long destinationDb, long timeout, String... options) {
        List<String> a = new ArrayList<>(List.of("MIGRATE"));
        a.add(host);
        a.add(String.valueOf(port));
        a.add(keySelector);
        a.add(String.valueOf(destinationDb));
        a.add(String.valueOf(timeout));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MIGRATE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> migrate(byte[] host, long port, byte[] keySelector, long destinationDb, long timeout, String... options) {
        List<Object> a = new ArrayList<>(List.of("MIGRATE"));
        a.add(host);
        a.add(String.valueOf(port));
        a.add(keySelector);
        a.add(String.valueOf(destinationDb));
        a.add(String.valueOf(timeout));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** MODULE LIST : Returns all loaded modules. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> moduleList() {
        List<String> a = new ArrayList<>(List.of("MODULE", "LIST"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MODULE LOAD path [arg ...]: Loads a module. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg ...]. */
    public CompletableFuture<Object> moduleLoad(String path, String... options) {
        List<String> a = new ArrayList<>(List.of("MODULE", "LOAD"));
        a.add(path);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MODULE LOAD, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> moduleLoad(byte[] path, String... options) {
        List<Object> a = new ArrayList<>(List.of("MODULE", "LOAD"));
        a.add(path);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** MODULE LOADEX path [CONFIG name value ...] [ARGS args ...]: Loads a module using extended parameters. (Redis and Valkey; the reply as the server sends it.) Options as words: [CONFIG name value ...] [ARGS args ...]. */
    public CompletableFuture<Object> moduleLoadex(String path, String... options) {
        List<String> a = new ArrayList<>(List.of("MODULE", "LOADEX"));
        a.add(path);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MODULE LOADEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> moduleLoadex(byte[] path, String... options) {
        List<Object> a = new ArrayList<>(List.of("MODULE", "LOADEX"));
        a.add(path);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** MODULE UNLOAD name: Unloads a module. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> moduleUnload(String name) {
        List<String> a = new ArrayList<>(List.of("MODULE", "UNLOAD"));
        a.add(name);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MODULE UNLOAD, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> moduleUnload(byte[] name) {
        List<Object> a = new ArrayList<>(List.of("MODULE", "UNLOAD"));
        a.add(name);
        return binaryCommand(a);
    }
    /** MOVE key db: Moves a key to another database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> move(String key, long db) {
        List<String> a = new ArrayList<>(List.of("MOVE"));
        a.add(key);
        a.add(String.valueOf(db));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MOVE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> move(byte[] key, long db) {
        List<Object> a = new ArrayList<>(List.of("MOVE"));
        a.add(key);
        a.add(String.valueOf(db));
        return binaryCommand(a);
    }
    /** MSETEX numkeys key value ... [(NX | XX)] [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)]: Atomically creates or modifies the string values of one or more keys, and optionally set their expiration. (Valkey; the reply as the server sends it.) Options as words: [(NX | XX)] [(EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL)]. */
    public CompletableFuture<Object> msetex(Map<String, String> data, String... options) {
        List<String> a = new ArrayList<>(List.of("MSETEX"));
        a.add(String.valueOf(data.size())); for (Map.Entry<String, String> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MSETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> msetex(ByteArrayMap<byte[]> data, String... options) {
        List<Object> a = new ArrayList<>(List.of("MSETEX"));
        a.add(String.valueOf(data.size())); for (Map.Entry<byte[], byte[]> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** MSETNX key value ...: Atomically modifies the string values of one or more keys only when all keys don't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> msetnx(Map<String, String> data) {
        List<String> a = new ArrayList<>(List.of("MSETNX"));
        for (Map.Entry<String, String> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** MSETNX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> msetnx(ByteArrayMap<byte[]> data) {
        List<Object> a = new ArrayList<>(List.of("MSETNX"));
        for (Map.Entry<byte[], byte[]> e : data.entrySet()) { a.add(e.getKey()); a.add(e.getValue()); }
        return binaryCommand(a);
    }
    /** OBJECT ENCODING key: Returns the internal encoding of an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectEncoding(String key) {
        List<String> a = new ArrayList<>(List.of("OBJECT", "ENCODING"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** OBJECT ENCODING, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> objectEncoding(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("OBJECT", "ENCODING"));
        a.add(key);
        return binaryCommand(a);
    }
    /** OBJECT FREQ key: Returns the logarithmic access frequency counter of an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectFreq(String key) {
        List<String> a = new ArrayList<>(List.of("OBJECT", "FREQ"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** OBJECT FREQ, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> objectFreq(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("OBJECT", "FREQ"));
        a.add(key);
        return binaryCommand(a);
    }
    /** OBJECT IDLETIME key: Returns the time since the last access to an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectIdletime(String key) {
        List<String> a = new ArrayList<>(List.of("OBJECT", "IDLETIME"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** OBJECT IDLETIME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> objectIdletime(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("OBJECT", "IDLETIME"));
        a.add(key);
        return binaryCommand(a);
    }
    /** OBJECT REFCOUNT key: Returns the reference count of a value of a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectRefcount(String key) {
        List<String> a = new ArrayList<>(List.of("OBJECT", "REFCOUNT"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** OBJECT REFCOUNT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> objectRefcount(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("OBJECT", "REFCOUNT"));
        a.add(key);
        return binaryCommand(a);
    }
    /** PEXPIREAT key unix-time-milliseconds [(NX | XX | GT | LT)]: Sets the expiration time of a key to a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) Options as words: [(NX | XX | GT | LT)]. */
    public CompletableFuture<Object> pexpireat(String key, long unixTimeMilliseconds, String... options) {
        List<String> a = new ArrayList<>(List.of("PEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeMilliseconds));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PEXPIREAT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> pexpireat(byte[] key, long unixTimeMilliseconds, String... options) {
        List<Object> a = new ArrayList<>(List.of("PEXPIREAT"));
        a.add(key);
        a.add(String.valueOf(unixTimeMilliseconds));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** PEXPIRETIME key: Returns the expiration time of a key as a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> pexpiretime(String key) {
        List<String> a = new ArrayList<>(List.of("PEXPIRETIME"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PEXPIRETIME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> pexpiretime(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("PEXPIRETIME"));
        a.add(key);
        return binaryCommand(a);
    }
    /** PSETEX key milliseconds value: Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> psetex(String key, long milliseconds, String value) {
        List<String> a = new ArrayList<>(List.of("PSETEX"));
        a.add(key);
        a.add(String.valueOf(milliseconds));
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PSETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> psetex(byte[] key, long milliseconds, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("PSETEX"));
        a.add(key);
        a.add(String.valueOf(milliseconds));
        a.add(value);
        return binaryCommand(a);
    }
    /** PUBSUB CHANNELS [pattern]: Returns the active channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [pattern]. */
    public CompletableFuture<Object> pubsubChannels(String... options) {
        List<String> a = new ArrayList<>(List.of("PUBSUB", "CHANNELS"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PUBSUB NUMPAT : Returns a count of unique pattern subscriptions. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> pubsubNumpat() {
        List<String> a = new ArrayList<>(List.of("PUBSUB", "NUMPAT"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PUBSUB NUMSUB [channel ...]: Returns a count of subscribers to channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [channel ...]. */
    public CompletableFuture<Object> pubsubNumsub(String... options) {
        List<String> a = new ArrayList<>(List.of("PUBSUB", "NUMSUB"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PUBSUB SHARDCHANNELS [pattern]: Returns the active shard channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [pattern]. */
    public CompletableFuture<Object> pubsubShardchannels(String... options) {
        List<String> a = new ArrayList<>(List.of("PUBSUB", "SHARDCHANNELS"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** PUBSUB SHARDNUMSUB [shardchannel ...]: Returns the count of subscribers of shard channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [shardchannel ...]. */
    public CompletableFuture<Object> pubsubShardnumsub(String... options) {
        List<String> a = new ArrayList<>(List.of("PUBSUB", "SHARDNUMSUB"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RANDOMKEY : Returns a random key name from the database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> randomkey() {
        List<String> a = new ArrayList<>(List.of("RANDOMKEY"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RENAME key newkey: Renames a key and overwrites the destination. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rename(String key, String newkey) {
        List<String> a = new ArrayList<>(List.of("RENAME"));
        a.add(key);
        a.add(newkey);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RENAME, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> rename(byte[] key, byte[] newkey) {
        List<Object> a = new ArrayList<>(List.of("RENAME"));
        a.add(key);
        a.add(newkey);
        return binaryCommand(a);
    }
    /** RENAMENX key newkey: Renames a key only when the target key name doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> renamenx(String key, String newkey) {
        List<String> a = new ArrayList<>(List.of("RENAMENX"));
        a.add(key);
        a.add(newkey);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RENAMENX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> renamenx(byte[] key, byte[] newkey) {
        List<Object> a = new ArrayList<>(List.of("RENAMENX"));
        a.add(key);
        a.add(newkey);
        return binaryCommand(a);
    }
    /** REPLICAOF (host port | NO ONE): Configures a server as replica of another, or promotes it to a primary. (Redis and Valkey; the reply as the server sends it.) Options as words: (host port | NO ONE). */
    public CompletableFuture<Object> replicaof(String... options) {
        List<String> a = new ArrayList<>(List.of("REPLICAOF"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]: Creates a key from the serialized representation of a value. (Redis and Valkey; the reply as the server sends it.) Options as words: [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    public CompletableFuture<Object> restore(String key, long ttl, String serializedValue, String... options) {
        List<String> a = new ArrayList<>(List.of("RESTORE"));
        a.add(key);
        a.add(String.valueOf(ttl));
        a.add(serializedValue);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RESTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> restore(byte[] key, long ttl, byte[] serializedValue, String... options) {
        List<Object> a = new ArrayList<>(List.of("RESTORE"));
        a.add(key);
        a.add(String.valueOf(ttl));
        a.add(serializedValue);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ROLE : Returns the replication role. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> role() {
        List<String> a = new ArrayList<>(List.of("ROLE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RPOPLPUSH source destination: Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rpoplpush(String source, String destination) {
        List<String> a = new ArrayList<>(List.of("RPOPLPUSH"));
        a.add(source);
        a.add(destination);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RPOPLPUSH, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> rpoplpush(byte[] source, byte[] destination) {
        List<Object> a = new ArrayList<>(List.of("RPOPLPUSH"));
        a.add(source);
        a.add(destination);
        return binaryCommand(a);
    }
    /** RPUSHX key element ...: Appends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rpushx(String key, String... element) {
        List<String> a = new ArrayList<>(List.of("RPUSHX"));
        a.add(key);
        a.addAll(Arrays.asList(element));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** RPUSHX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> rpushx(byte[] key, byte[]... element) {
        List<Object> a = new ArrayList<>(List.of("RPUSHX"));
        a.add(key);
        a.addAll(Arrays.asList(element));
        return binaryCommand(a);
    }
    /** SAVE : Synchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> save() {
        List<String> a = new ArrayList<>(List.of("SAVE"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT DEBUG (YES | SYNC | NO) [engine]: Sets the debug mode of server-side Lua scripts. (Redis and Valkey; the reply as the server sends it.) Options as words: [engine]. */
    public CompletableFuture<Object> scriptDebug(String mode, String... options) {
        List<String> a = new ArrayList<>(List.of("SCRIPT", "DEBUG"));
        a.add(mode);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT EXISTS sha1 ...: Determines whether server-side Lua scripts exist in the script cache. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptExists(String... sha1) {
        List<String> a = new ArrayList<>(List.of("SCRIPT", "EXISTS"));
        a.addAll(Arrays.asList(sha1));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT EXISTS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> scriptExists(byte[]... sha1) {
        List<Object> a = new ArrayList<>(List.of("SCRIPT", "EXISTS"));
        a.addAll(Arrays.asList(sha1));
        return binaryCommand(a);
    }
    /** SCRIPT FLUSH [(ASYNC | SYNC)]: Removes all server-side Lua scripts from the script cache. (Redis and Valkey; the reply as the server sends it.) Options as words: [(ASYNC | SYNC)]. */
    public CompletableFuture<Object> scriptFlush(String... options) {
        List<String> a = new ArrayList<>(List.of("SCRIPT", "FLUSH"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT KILL : Terminates a server-side Lua script during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptKill() {
        List<String> a = new ArrayList<>(List.of("SCRIPT", "KILL"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT SHOW sha1: Show server-side Lua script in the script cache. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptShow(String sha1) {
        List<String> a = new ArrayList<>(List.of("SCRIPT", "SHOW"));
        a.add(sha1);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SCRIPT SHOW, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> scriptShow(byte[] sha1) {
        List<Object> a = new ArrayList<>(List.of("SCRIPT", "SHOW"));
        a.add(sha1);
        return binaryCommand(a);
    }
    /** SDIFF key ...: Returns the difference of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sdiff(String... key) {
        List<String> a = new ArrayList<>(List.of("SDIFF"));
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SDIFF, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sdiff(byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SDIFF"));
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SDIFFSTORE destination key ...: Stores the difference of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sdiffstore(String destination, String... key) {
        List<String> a = new ArrayList<>(List.of("SDIFFSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SDIFFSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sdiffstore(byte[] destination, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SDIFFSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SETEX key seconds value: Sets the string value and expiration time of a key. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setex(String key, long seconds, String value) {
        List<String> a = new ArrayList<>(List.of("SETEX"));
        a.add(key);
        a.add(String.valueOf(seconds));
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SETEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> setex(byte[] key, long seconds, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("SETEX"));
        a.add(key);
        a.add(String.valueOf(seconds));
        a.add(value);
        return binaryCommand(a);
    }
    /** SETNX key value: Sets the string value of a key only when the key doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setnx(String key, String value) {
        List<String> a = new ArrayList<>(List.of("SETNX"));
        a.add(key);
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SETNX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> setnx(byte[] key, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("SETNX"));
        a.add(key);
        a.add(value);
        return binaryCommand(a);
    }
    /** SETRANGE key offset value: Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setrange(String key, long offset, String value) {
        List<String> a = new ArrayList<>(List.of("SETRANGE"));
        a.add(key);
        a.add(String.valueOf(offset));
        a.add(value);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SETRANGE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> setrange(byte[] key, long offset, byte[] value) {
        List<Object> a = new ArrayList<>(List.of("SETRANGE"));
        a.add(key);
        a.add(String.valueOf(offset));
        a.add(value);
        return binaryCommand(a);
    }
    /** SINTER key ...: Returns the intersect of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sinter(String... key) {
        List<String> a = new ArrayList<>(List.of("SINTER"));
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SINTER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sinter(byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SINTER"));
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SINTERCARD numkeys key ... [LIMIT limit]: Returns the number of members of the intersect of multiple sets. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIMIT limit]. */
    public CompletableFuture<Object> sintercard(String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("SINTERCARD"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SINTERCARD, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sintercard(byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("SINTERCARD"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SINTERSTORE destination key ...: Stores the intersect of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sinterstore(String destination, String... key) {
        List<String> a = new ArrayList<>(List.of("SINTERSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SINTERSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sinterstore(byte[] destination, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SINTERSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SLAVEOF (host port | NO ONE): Sets a server as a replica of another, or promotes it to being a primary. (Redis and Valkey; the reply as the server sends it.) Options as words: (host port | NO ONE). */
    public CompletableFuture<Object> slaveof(String... options) {
        List<String> a = new ArrayList<>(List.of("SLAVEOF"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SLOWLOG GET [count]: Returns the slow log's entries. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> slowlogGet(String... options) {
        List<String> a = new ArrayList<>(List.of("SLOWLOG", "GET"));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SLOWLOG LEN : Returns the number of entries in the slow log. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> slowlogLen() {
        List<String> a = new ArrayList<>(List.of("SLOWLOG", "LEN"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SLOWLOG RESET : Clears all entries from the slow log. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> slowlogReset() {
        List<String> a = new ArrayList<>(List.of("SLOWLOG", "RESET"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SMISMEMBER key member ...: Determines whether multiple members belong to a set. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> smismember(String key, String... member) {
        List<String> a = new ArrayList<>(List.of("SMISMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(member));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SMISMEMBER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> smismember(byte[] key, byte[]... member) {
        List<Object> a = new ArrayList<>(List.of("SMISMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(member));
        return binaryCommand(a);
    }
    /** SMOVE source destination member: Moves a member from one set to another. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> smove(String source, String destination, String member) {
        List<String> a = new ArrayList<>(List.of("SMOVE"));
        a.add(source);
        a.add(destination);
        a.add(member);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SMOVE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> smove(byte[] source, byte[] destination, byte[] member) {
        List<Object> a = new ArrayList<>(List.of("SMOVE"));
        a.add(source);
        a.add(destination);
        a.add(member);
        return binaryCommand(a);
    }
    /** SORT key [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA] [STORE destination]: Sorts the elements in a list, a set, or a sorted set, optionally storing the result. (Redis and Valkey; the reply as the server sends it.) Options as words: [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA] [STORE destination]. */
    public CompletableFuture<Object> sort(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("SORT"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SORT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sort(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("SORT"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SORT_RO key [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA]: Returns the sorted elements of a list, a set, or a sorted set. (Redis and Valkey; the reply as the server sends it.) Options as words: [BY by-pattern] [LIMIT offset count] [GET get-pattern ...] [(ASC | DESC)] [ALPHA]. */
    public CompletableFuture<Object> sortReadonly(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("SORT_RO"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SORT_RO, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sortReadonly(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("SORT_RO"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SPOP key [count]: Returns one or more random members from a set after removing them. Deletes the set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> spop(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("SPOP"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> spop(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("SPOP"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SRANDMEMBER key [count]: Gets one or multiple random members from a set. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> srandmember(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("SRANDMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SRANDMEMBER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> srandmember(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("SRANDMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SSCAN key cursor [MATCH pattern] [COUNT count]: Iterates over members of a set. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH pattern] [COUNT count]. */
    public CompletableFuture<Object> sscan(String key, long cursor, String... options) {
        List<String> a = new ArrayList<>(List.of("SSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SSCAN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sscan(byte[] key, long cursor, String... options) {
        List<Object> a = new ArrayList<>(List.of("SSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** SUBSTR key start end: Returns a substring from a string value. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> substr(String key, long start, long end) {
        List<String> a = new ArrayList<>(List.of("SUBSTR"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(end));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SUBSTR, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> substr(byte[] key, long start, long end) {
        List<Object> a = new ArrayList<>(List.of("SUBSTR"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(end));
        return binaryCommand(a);
    }
    /** SUNION key ...: Returns the union of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sunion(String... key) {
        List<String> a = new ArrayList<>(List.of("SUNION"));
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SUNION, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sunion(byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SUNION"));
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SUNIONSTORE destination key ...: Stores the union of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sunionstore(String destination, String... key) {
        List<String> a = new ArrayList<>(List.of("SUNIONSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** SUNIONSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> sunionstore(byte[] destination, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("SUNIONSTORE"));
        a.add(destination);
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** SWAPDB index1 index2: Swaps two databases. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> swapdb(long index1, long index2) {
        List<String> a = new ArrayList<>(List.of("SWAPDB"));
        a.add(String.valueOf(index1));
        a.add(String.valueOf(index2));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** TIME : Returns the server time. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> time() {
        List<String> a = new ArrayList<>(List.of("TIME"));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** TOUCH key ...: Returns the number of existing keys out of those specified after updating the time they were last accessed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> touch(String... key) {
        List<String> a = new ArrayList<>(List.of("TOUCH"));
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** TOUCH, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> touch(byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("TOUCH"));
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** TYPE key: Determines the type of value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> type(String key) {
        List<String> a = new ArrayList<>(List.of("TYPE"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** TYPE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> type(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("TYPE"));
        a.add(key);
        return binaryCommand(a);
    }
    /** UNLINK key ...: Asynchronously deletes one or more keys. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> unlink(String... key) {
        List<String> a = new ArrayList<>(List.of("UNLINK"));
        a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** UNLINK, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> unlink(byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("UNLINK"));
        a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** WAIT numreplicas timeout: Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> waitForReplication(long numreplicas, long timeout) {
        List<String> a = new ArrayList<>(List.of("WAIT"));
        a.add(String.valueOf(numreplicas));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** WAITAOF numlocal numreplicas timeout: Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> waitaof(long numlocal, long numreplicas, long timeout) {
        List<String> a = new ArrayList<>(List.of("WAITAOF"));
        a.add(String.valueOf(numlocal));
        a.add(String.valueOf(numreplicas));
        a.add(String.valueOf(timeout));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XCLAIM key group consumer min-idle-time id ... [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]: Changes, or acquires, ownership of a message in a consumer group, as if the message was delivered to a consumer group member. (Redis and Valkey; the reply as the server sends it.) Options as words: [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid]. */
    public CompletableFuture<Object> xclaim(String key, String group, String consumer, String minIdleTime, String[] id, String... options) {
        List<String> a = new ArrayList<>(List.of("XCLAIM"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        a.add(minIdleTime);
        a.addAll(Arrays.asList(id));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XCLAIM, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xclaim(byte[] key, byte[] group, byte[] consumer, byte[] minIdleTime, byte[][] id, String... options) {
        List<Object> a = new ArrayList<>(List.of("XCLAIM"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        a.add(minIdleTime);
        a.addAll(Arrays.asList(id));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** XGROUP CREATECONSUMER key group consumer: Creates a consumer in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xgroupCreateconsumer(String key, String group, String consumer) {
        List<String> a = new ArrayList<>(List.of("XGROUP", "CREATECONSUMER"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XGROUP CREATECONSUMER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xgroupCreateconsumer(byte[] key, byte[] group, byte[] consumer) {
        List<Object> a = new ArrayList<>(List.of("XGROUP", "CREATECONSUMER"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        return binaryCommand(a);
    }
    /** XGROUP DELCONSUMER key group consumer: Deletes a consumer from a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xgroupDelconsumer(String key, String group, String consumer) {
        List<String> a = new ArrayList<>(List.of("XGROUP", "DELCONSUMER"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XGROUP DELCONSUMER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xgroupDelconsumer(byte[] key, byte[] group, byte[] consumer) {
        List<Object> a = new ArrayList<>(List.of("XGROUP", "DELCONSUMER"));
        a.add(key);
        a.add(group);
        a.add(consumer);
        return binaryCommand(a);
    }
    /** XGROUP SETID key group (id | $) [ENTRIESREAD entriesread]: Sets the last-delivered ID of a consumer group. (Redis and Valkey; the reply as the server sends it.) Options as words: [ENTRIESREAD entriesread]. */
    public CompletableFuture<Object> xgroupSetid(String key, String group, String idSelector, String... options) {
        List<String> a = new ArrayList<>(List.of("XGROUP", "SETID"));
        a.add(key);
        a.add(group);
        a.add(idSelector);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XGROUP SETID, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xgroupSetid(byte[] key, byte[] group, byte[] idSelector, String... options) {
        List<Object> a = new ArrayList<>(List.of("XGROUP", "SETID"));
        a.add(key);
        a.add(group);
        a.add(idSelector);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** XINFO CONSUMERS key group: Returns a list of the consumers in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xinfoConsumers(String key, String group) {
        List<String> a = new ArrayList<>(List.of("XINFO", "CONSUMERS"));
        a.add(key);
        a.add(group);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XINFO CONSUMERS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xinfoConsumers(byte[] key, byte[] group) {
        List<Object> a = new ArrayList<>(List.of("XINFO", "CONSUMERS"));
        a.add(key);
        a.add(group);
        return binaryCommand(a);
    }
    /** XINFO GROUPS key: Returns a list of the consumer groups of a stream. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xinfoGroups(String key) {
        List<String> a = new ArrayList<>(List.of("XINFO", "GROUPS"));
        a.add(key);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XINFO GROUPS, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xinfoGroups(byte[] key) {
        List<Object> a = new ArrayList<>(List.of("XINFO", "GROUPS"));
        a.add(key);
        return binaryCommand(a);
    }
    /** XINFO STREAM key [FULL [COUNT count]]: Returns information about a stream. (Redis and Valkey; the reply as the server sends it.) Options as words: [FULL [COUNT count]]. */
    public CompletableFuture<Object> xinfoStream(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("XINFO", "STREAM"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XINFO STREAM, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xinfoStream(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("XINFO", "STREAM"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** XREVRANGE key end start [COUNT count]: Returns the messages from a stream within a range of IDs in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT count]. */
    public CompletableFuture<Object> xrevrange(String key, String end, String start, String... options) {
        List<String> a = new ArrayList<>(List.of("XREVRANGE"));
        a.add(key);
        a.add(end);
        a.add(start);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XREVRANGE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xrevrange(byte[] key, byte[] end, byte[] start, String... options) {
        List<Object> a = new ArrayList<>(List.of("XREVRANGE"));
        a.add(key);
        a.add(end);
        a.add(start);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]: An internal command for replicating stream values. (Redis and Valkey; the reply as the server sends it.) Options as words: [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]. */
    public CompletableFuture<Object> xsetid(String key, String lastId, String... options) {
        List<String> a = new ArrayList<>(List.of("XSETID"));
        a.add(key);
        a.add(lastId);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** XSETID, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> xsetid(byte[] key, byte[] lastId, String... options) {
        List<Object> a = new ArrayList<>(List.of("XSETID"));
        a.add(key);
        a.add(lastId);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZCOUNT key min max: Returns the count of members in a sorted set that have scores within a range. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zcount(String key, double min, double max) {
        List<String> a = new ArrayList<>(List.of("ZCOUNT"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZCOUNT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zcount(byte[] key, double min, double max) {
        List<Object> a = new ArrayList<>(List.of("ZCOUNT"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        return binaryCommand(a);
    }
    /** ZDIFF numkeys key ... [WITHSCORES]: Returns the difference between multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORES]. */
    public CompletableFuture<Object> zdiff(String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZDIFF"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZDIFF, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zdiff(byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZDIFF"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZDIFFSTORE destination numkeys key ...: Stores the difference of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zdiffstore(String destination, String... key) {
        List<String> a = new ArrayList<>(List.of("ZDIFFSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZDIFFSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zdiffstore(byte[] destination, byte[]... key) {
        List<Object> a = new ArrayList<>(List.of("ZDIFFSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        return binaryCommand(a);
    }
    /** ZINTER numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]: Returns the intersect of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) Options as words: [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]. */
    public CompletableFuture<Object> zinter(String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZINTER"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZINTER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zinter(byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZINTER"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZINTERCARD numkeys key ... [LIMIT limit]: Returns the number of members of the intersect of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIMIT limit]. */
    public CompletableFuture<Object> zintercard(String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZINTERCARD"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZINTERCARD, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zintercard(byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZINTERCARD"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZINTERSTORE destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]: Stores the intersect of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) Options as words: [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]. */
    public CompletableFuture<Object> zinterstore(String destination, String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZINTERSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZINTERSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zinterstore(byte[] destination, byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZINTERSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZLEXCOUNT key min max: Returns the number of members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zlexcount(String key, String min, String max) {
        List<String> a = new ArrayList<>(List.of("ZLEXCOUNT"));
        a.add(key);
        a.add(min);
        a.add(max);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZLEXCOUNT, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zlexcount(byte[] key, byte[] min, byte[] max) {
        List<Object> a = new ArrayList<>(List.of("ZLEXCOUNT"));
        a.add(key);
        a.add(min);
        a.add(max);
        return binaryCommand(a);
    }
    /** ZMPOP numkeys key ... (MIN | MAX) [COUNT count]: Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT count]. */
    public CompletableFuture<Object> zmpop(String[] key, String where, String... options) {
        List<String> a = new ArrayList<>(List.of("ZMPOP"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZMPOP, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zmpop(byte[][] key, String where, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZMPOP"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.add(where);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZMSCORE key member ...: Returns the score of one or more members in a sorted set. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zmscore(String key, String... member) {
        List<String> a = new ArrayList<>(List.of("ZMSCORE"));
        a.add(key);
        a.addAll(Arrays.asList(member));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZMSCORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zmscore(byte[] key, byte[]... member) {
        List<Object> a = new ArrayList<>(List.of("ZMSCORE"));
        a.add(key);
        a.addAll(Arrays.asList(member));
        return binaryCommand(a);
    }
    /** ZPOPMAX key [count]: Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> zpopmax(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZPOPMAX"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZPOPMAX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zpopmax(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZPOPMAX"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZPOPMIN key [count]: Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> zpopmin(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZPOPMIN"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZPOPMIN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zpopmin(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZPOPMIN"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZRANDMEMBER key [count [WITHSCORES]]: Returns one or more random members from a sorted set. (Redis and Valkey; the reply as the server sends it.) Options as words: [count [WITHSCORES]]. */
    public CompletableFuture<Object> zrandmember(String key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZRANDMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZRANDMEMBER, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrandmember(byte[] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZRANDMEMBER"));
        a.add(key);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZRANGEBYLEX key min max [LIMIT offset count]: Returns members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIMIT offset count]. */
    public CompletableFuture<Object> zrangebylex(String key, String min, String max, String... options) {
        List<String> a = new ArrayList<>(List.of("ZRANGEBYLEX"));
        a.add(key);
        a.add(min);
        a.add(max);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZRANGEBYLEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrangebylex(byte[] key, byte[] min, byte[] max, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZRANGEBYLEX"));
        a.add(key);
        a.add(min);
        a.add(max);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]: Returns members in a sorted set within a range of scores. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORES] [LIMIT offset count]. */
    public CompletableFuture<Object> zrangebyscore(String key, double min, double max, String... options) {
        List<String> a = new ArrayList<>(List.of("ZRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZRANGEBYSCORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrangebyscore(byte[] key, double min, double max, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZRANGESTORE dst src min max [(BYSCORE | BYLEX)] [REV] [LIMIT offset count]: Stores a range of members from sorted set in a key. (Redis and Valkey; the reply as the server sends it.) Options as words: [(BYSCORE | BYLEX)] [REV] [LIMIT offset count]. */
    public CompletableFuture<Object> zrangestore(String dst, String src, String min, String max, String... options) {
        List<String> a = new ArrayList<>(List.of("ZRANGESTORE"));
        a.add(dst);
        a.add(src);
        a.add(min);
        a.add(max);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZRANGESTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrangestore(byte[] dst, byte[] src, byte[] min, byte[] max, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZRANGESTORE"));
        a.add(dst);
        a.add(src);
        a.add(min);
        a.add(max);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZREMRANGEBYLEX key min max: Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebylex(String key, String min, String max) {
        List<String> a = new ArrayList<>(List.of("ZREMRANGEBYLEX"));
        a.add(key);
        a.add(min);
        a.add(max);
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREMRANGEBYLEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zremrangebylex(byte[] key, byte[] min, byte[] max) {
        List<Object> a = new ArrayList<>(List.of("ZREMRANGEBYLEX"));
        a.add(key);
        a.add(min);
        a.add(max);
        return binaryCommand(a);
    }
    /** ZREMRANGEBYRANK key start stop: Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebyrank(String key, long start, long stop) {
        List<String> a = new ArrayList<>(List.of("ZREMRANGEBYRANK"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREMRANGEBYRANK, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zremrangebyrank(byte[] key, long start, long stop) {
        List<Object> a = new ArrayList<>(List.of("ZREMRANGEBYRANK"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        return binaryCommand(a);
    }
    /** ZREMRANGEBYSCORE key min max: Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebyscore(String key, double min, double max) {
        List<String> a = new ArrayList<>(List.of("ZREMRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREMRANGEBYSCORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zremrangebyscore(byte[] key, double min, double max) {
        List<Object> a = new ArrayList<>(List.of("ZREMRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(min));
        a.add(String.valueOf(max));
        return binaryCommand(a);
    }
    /** ZREVRANGE key start stop [WITHSCORES]: Returns members in a sorted set within a range of indexes in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORES]. */
    public CompletableFuture<Object> zrevrange(String key, long start, long stop, String... options) {
        List<String> a = new ArrayList<>(List.of("ZREVRANGE"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREVRANGE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrevrange(byte[] key, long start, long stop, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZREVRANGE"));
        a.add(key);
        a.add(String.valueOf(start));
        a.add(String.valueOf(stop));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZREVRANGEBYLEX key max min [LIMIT offset count]: Returns members in a sorted set within a lexicographical range in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIMIT offset count]. */
    public CompletableFuture<Object> zrevrangebylex(String key, String max, String min, String... options) {
        List<String> a = new ArrayList<>(List.of("ZREVRANGEBYLEX"));
        a.add(key);
        a.add(max);
        a.add(min);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREVRANGEBYLEX, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrevrangebylex(byte[] key, byte[] max, byte[] min, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZREVRANGEBYLEX"));
        a.add(key);
        a.add(max);
        a.add(min);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]: Returns members in a sorted set within a range of scores in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORES] [LIMIT offset count]. */
    public CompletableFuture<Object> zrevrangebyscore(String key, double max, double min, String... options) {
        List<String> a = new ArrayList<>(List.of("ZREVRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(max));
        a.add(String.valueOf(min));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREVRANGEBYSCORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrevrangebyscore(byte[] key, double max, double min, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZREVRANGEBYSCORE"));
        a.add(key);
        a.add(String.valueOf(max));
        a.add(String.valueOf(min));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZREVRANK key member [WITHSCORE]: Returns the index of a member in a sorted set ordered by descending scores. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORE]. */
    public CompletableFuture<Object> zrevrank(String key, String member, String... options) {
        List<String> a = new ArrayList<>(List.of("ZREVRANK"));
        a.add(key);
        a.add(member);
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZREVRANK, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zrevrank(byte[] key, byte[] member, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZREVRANK"));
        a.add(key);
        a.add(member);
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZSCAN key cursor [MATCH pattern] [COUNT count] [NOSCORES]: Iterates over members and scores of a sorted set. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH pattern] [COUNT count] [NOSCORES]. */
    public CompletableFuture<Object> zscan(String key, long cursor, String... options) {
        List<String> a = new ArrayList<>(List.of("ZSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZSCAN, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zscan(byte[] key, long cursor, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZSCAN"));
        a.add(key);
        a.add(String.valueOf(cursor));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZUNION numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]: Returns the union of multiple sorted sets. (Redis and Valkey; the reply as the server sends it.) Options as words: [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)] [WITHSCORES]. */
    public CompletableFuture<Object> zunion(String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZUNION"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZUNION, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zunion(byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZUNION"));
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    /** ZUNIONSTORE destination numkeys key ... [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]: Stores the union of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) Options as words: [WEIGHTS weight ...] [AGGREGATE (SUM | MIN | MAX)]. */
    public CompletableFuture<Object> zunionstore(String destination, String[] key, String... options) {
        List<String> a = new ArrayList<>(List.of("ZUNIONSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return cmd(TEXT, a.toArray(new String[0]));
    }
    /** ZUNIONSTORE, binary: keys and values as byte[], bulk strings back as byte[]. */
    public CompletableFuture<Object> zunionstore(byte[] destination, byte[][] key, String... options) {
        List<Object> a = new ArrayList<>(List.of("ZUNIONSTORE"));
        a.add(destination);
        a.add(String.valueOf(key.length)); a.addAll(Arrays.asList(key));
        a.addAll(Arrays.asList(options));
        return binaryCommand(a);
    }
    // --- end of the generated methods ---
}
