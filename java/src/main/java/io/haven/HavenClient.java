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
        return core.submit(r, convert);
    }

    /** A command read through the client-side cache. */
    private <T> CompletableFuture<T> sendCached(Function<Value, T> convert, List<ByteString> args) {
        CommandRequest.Builder r = CommandRequest.newBuilder().setCommand(Command.newBuilder().addAllArgs(args)).setCache(true);
        return core.submit(r, convert);
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
        return core.submit(options.apply(r), convert);
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
        return core.submit(options.apply(r), v -> (List<Object>) Replies.generic(v, text));
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

    private static String[] texts(long[] numbers) {
        String[] out = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) out[i] = Long.toString(numbers[i]);
        return out;
    }

    // --- generated from the specification by scripts/gen_commands.py: do not edit ---
    /** ACL CAT: Lists the ACL categories, or the commands inside a category. (Redis and Valkey; the reply as the server sends it.) Options as words: [category]. */
    public CompletableFuture<Object> aclCat(String... options) { return cmd(TEXT, words(new String[] {"ACL", "CAT"}, options)); }
    /** ACL DELUSER: Deletes ACL users, and terminates their connections. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclDeluser(String... username) { return cmd(TEXT, words(new String[] {"ACL", "DELUSER"}, username)); }
    /** ACL DRYRUN: Simulates the execution of a command by a user, without executing the command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg]. */
    public CompletableFuture<Object> aclDryrun(String username, String command, String... options) { return cmd(TEXT, words(new String[] {"ACL", "DRYRUN", username, command}, options)); }
    /** ACL GENPASS: Generates a pseudorandom, secure password that can be used to identify ACL users. (Redis and Valkey; the reply as the server sends it.) Options as words: [bits]. */
    public CompletableFuture<Object> aclGenpass(String... options) { return cmd(TEXT, words(new String[] {"ACL", "GENPASS"}, options)); }
    /** ACL GETUSER: Lists the ACL rules of a user. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclGetuser(String username) { return cmd(TEXT, new String[] {"ACL", "GETUSER", username}); }
    /** ACL LIST: Dumps the effective rules in ACL file format. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclList() { return cmd(TEXT, new String[] {"ACL", "LIST"}); }
    /** ACL LOAD: Reloads the rules from the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclLoad() { return cmd(TEXT, new String[] {"ACL", "LOAD"}); }
    /** ACL SAVE: Saves the effective ACL rules in the configured ACL file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclSave() { return cmd(TEXT, new String[] {"ACL", "SAVE"}); }
    /** ACL SETUSER: Creates and modifies an ACL user and its rules. (Redis and Valkey; the reply as the server sends it.) Options as words: [rule]. */
    public CompletableFuture<Object> aclSetuser(String username, String... options) { return cmd(TEXT, words(new String[] {"ACL", "SETUSER", username}, options)); }
    /** ACL USERS: Lists all ACL users. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclUsers() { return cmd(TEXT, new String[] {"ACL", "USERS"}); }
    /** ACL WHOAMI: Returns the authenticated username of the current connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> aclWhoami() { return cmd(TEXT, new String[] {"ACL", "WHOAMI"}); }
    /** BGREWRITEAOF: Asynchronously rewrites the append-only file to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bgrewriteaof() { return cmd(TEXT, new String[] {"BGREWRITEAOF"}); }
    /** BGSAVE: Asynchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) Options as words: [OPERATION]. */
    public CompletableFuture<Object> bgsave(String... options) { return cmd(TEXT, words(new String[] {"BGSAVE"}, options)); }
    /** BITOP: Performs bitwise operations on multiple strings, and stores the result. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> bitop(String operation, String destkey, String... key) { return cmd(TEXT, words(new String[] {"BITOP", operation, destkey}, key)); }
    /** BLMOVE: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> blmove(String source, String destination, String wherefrom, String whereto, double timeout) { return cmd(TEXT, new String[] {"BLMOVE", source, destination, wherefrom, whereto, String.valueOf(timeout)}); }
    /** BRPOPLPUSH: Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> brpoplpush(String source, String destination, double timeout) { return cmd(TEXT, new String[] {"BRPOPLPUSH", source, destination, String.valueOf(timeout)}); }
    /** CLIENT CAPA: A client claims its capability. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientCapa(String... capability) { return cmd(TEXT, words(new String[] {"CLIENT", "CAPA"}, capability)); }
    /** CLIENT GETNAME: Returns the name of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientGetname() { return cmd(TEXT, new String[] {"CLIENT", "GETNAME"}); }
    /** CLIENT ID: Returns the unique client ID of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientId() { return cmd(TEXT, new String[] {"CLIENT", "ID"}); }
    /** CLIENT IMPORT-SOURCE: Marks this client as an import source when the server is in import mode. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientImportSource(String enabled) { return cmd(TEXT, new String[] {"CLIENT", "IMPORT-SOURCE", enabled}); }
    /** CLIENT INFO: Returns information about the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientInfo() { return cmd(TEXT, new String[] {"CLIENT", "INFO"}); }
    /** CLIENT LIST: Lists open connections. (Redis and Valkey; the reply as the server sends it.) Options as words: [TYPE] [ID ...] [USER ...] [ADDR ...] [LADDR ...] [SKIPME] [MAXAGE ...] [NAME ...] [IDLE ...] [FLAGS ...] [LIB-NAME ...] [LIB-VER ...] [DB ...] [CAPA ...] [IP ...] [NOT-TYPE] [NOT-ID ...] [NOT-USER ...] [NOT-ADDR ...] [NOT-LADDR ...] [NOT-NAME ...] [NOT-FLAGS ...] [NOT-LIB-NAME ...] [NOT-LIB-VER ...] [NOT-DB ...] [NOT-CAPA ...] [NOT-IP ...]. */
    public CompletableFuture<Object> clientList(String... options) { return cmd(TEXT, words(new String[] {"CLIENT", "LIST"}, options)); }
    /** CLIENT NO-EVICT: Sets the client eviction mode of the connection. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientNoEvict(String enabled) { return cmd(TEXT, new String[] {"CLIENT", "NO-EVICT", enabled}); }
    /** CLIENT NO-TOUCH: Controls whether commands sent by the client affect the LRU/LFU of accessed keys. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientNoTouch(String enabled) { return cmd(TEXT, new String[] {"CLIENT", "NO-TOUCH", enabled}); }
    /** CLIENT PAUSE: Suspends commands processing. (Redis and Valkey; the reply as the server sends it.) Options as words: [MODE]. */
    public CompletableFuture<Object> clientPause(long timeout, String... options) { return cmd(TEXT, words(new String[] {"CLIENT", "PAUSE", String.valueOf(timeout)}, options)); }
    /** CLIENT UNBLOCK: Unblocks a client blocked by a blocking command from a different connection. (Redis and Valkey; the reply as the server sends it.) Options as words: [UNBLOCKTYPE]. */
    public CompletableFuture<Object> clientUnblock(long clientId, String... options) { return cmd(TEXT, words(new String[] {"CLIENT", "UNBLOCK", String.valueOf(clientId)}, options)); }
    /** CLIENT UNPAUSE: Resumes processing commands from paused clients. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clientUnpause() { return cmd(TEXT, new String[] {"CLIENT", "UNPAUSE"}); }
    /** CLUSTERSCAN: Iterates over the keys in the cluster. (Valkey; the reply as the server sends it.) Options as words: [MATCH ...] [COUNT ...] [TYPE ...] [SLOT ...]. */
    public CompletableFuture<Object> clusterscan(String cursor, String... options) { return cmd(TEXT, words(new String[] {"CLUSTERSCAN", cursor}, options)); }
    /** CLUSTER ADDSLOTS: Assigns new hash slots to a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterAddslots(long... slot) { return cmd(TEXT, words(new String[] {"CLUSTER", "ADDSLOTS"}, texts(slot))); }
    /** CLUSTER BUMPEPOCH: Advances the cluster config epoch. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterBumpepoch() { return cmd(TEXT, new String[] {"CLUSTER", "BUMPEPOCH"}); }
    /** CLUSTER CANCELSLOTMIGRATIONS: Cancel all current ongoing slot migration operations. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCancelslotmigrations() { return cmd(TEXT, new String[] {"CLUSTER", "CANCELSLOTMIGRATIONS"}); }
    /** CLUSTER COUNT-FAILURE-REPORTS: Returns the number of active failure reports for a node. No new reports are created once the node is marked as failed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCountFailureReports(String nodeId) { return cmd(TEXT, new String[] {"CLUSTER", "COUNT-FAILURE-REPORTS", nodeId}); }
    /** CLUSTER COUNTKEYSINSLOT: Returns the number of keys in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterCountkeysinslot(long slot) { return cmd(TEXT, new String[] {"CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot)}); }
    /** CLUSTER DELSLOTS: Sets hash slots as unbound for a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterDelslots(long... slot) { return cmd(TEXT, words(new String[] {"CLUSTER", "DELSLOTS"}, texts(slot))); }
    /** CLUSTER FAILOVER: Forces a replica to perform a manual failover of its primary. (Redis and Valkey; the reply as the server sends it.) Options as words: [OPTIONS]. */
    public CompletableFuture<Object> clusterFailover(String... options) { return cmd(TEXT, words(new String[] {"CLUSTER", "FAILOVER"}, options)); }
    /** CLUSTER FLUSHSLOT: Removes all keys from the target slot. (Valkey; the reply as the server sends it.) Options as words: [FLUSHTYPE]. */
    public CompletableFuture<Object> clusterFlushslot(long slot, String... options) { return cmd(TEXT, words(new String[] {"CLUSTER", "FLUSHSLOT", String.valueOf(slot)}, options)); }
    /** CLUSTER FLUSHSLOTS: Deletes all slots information from a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterFlushslots() { return cmd(TEXT, new String[] {"CLUSTER", "FLUSHSLOTS"}); }
    /** CLUSTER FORGET: Removes a node from the nodes table. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterForget(String nodeId) { return cmd(TEXT, new String[] {"CLUSTER", "FORGET", nodeId}); }
    /** CLUSTER GETKEYSINSLOT: Returns the key names in a hash slot. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterGetkeysinslot(long slot, long count) { return cmd(TEXT, new String[] {"CLUSTER", "GETKEYSINSLOT", String.valueOf(slot), String.valueOf(count)}); }
    /** CLUSTER GETSLOTMIGRATIONS: Gets the status of ongoing and recently finished slot import and export operations. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterGetslotmigrations() { return cmd(TEXT, new String[] {"CLUSTER", "GETSLOTMIGRATIONS"}); }
    /** CLUSTER INFO: Returns information about the state of a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterInfo() { return cmd(TEXT, new String[] {"CLUSTER", "INFO"}); }
    /** CLUSTER KEYSLOT: Returns the hash slot for a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterKeyslot(String key) { return cmd(TEXT, new String[] {"CLUSTER", "KEYSLOT", key}); }
    /** CLUSTER LINKS: Returns a list of all TCP links to and from peer nodes. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterLinks() { return cmd(TEXT, new String[] {"CLUSTER", "LINKS"}); }
    /** CLUSTER MEET: Forces a node to handshake with another node. (Redis and Valkey; the reply as the server sends it.) Options as words: [clusterBusPort]. */
    public CompletableFuture<Object> clusterMeet(String ip, long port, String... options) { return cmd(TEXT, words(new String[] {"CLUSTER", "MEET", ip, String.valueOf(port)}, options)); }
    /** CLUSTER MYID: Returns the ID of a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterMyid() { return cmd(TEXT, new String[] {"CLUSTER", "MYID"}); }
    /** CLUSTER MYSHARDID: Returns the shard ID of a node. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterMyshardid() { return cmd(TEXT, new String[] {"CLUSTER", "MYSHARDID"}); }
    /** CLUSTER NODES: Returns the cluster configuration for a node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterNodes() { return cmd(TEXT, new String[] {"CLUSTER", "NODES"}); }
    /** CLUSTER REPLICAS: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterReplicas(String nodeId) { return cmd(TEXT, new String[] {"CLUSTER", "REPLICAS", nodeId}); }
    /** CLUSTER RESET: Resets a node. (Redis and Valkey; the reply as the server sends it.) Options as words: [RESETTYPE]. */
    public CompletableFuture<Object> clusterReset(String... options) { return cmd(TEXT, words(new String[] {"CLUSTER", "RESET"}, options)); }
    /** CLUSTER SAVECONFIG: Forces a node to save the cluster configuration to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSaveconfig() { return cmd(TEXT, new String[] {"CLUSTER", "SAVECONFIG"}); }
    /** CLUSTER SET-CONFIG-EPOCH: Sets the configuration epoch for a new node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSetConfigEpoch(long configEpoch) { return cmd(TEXT, new String[] {"CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(configEpoch)}); }
    /** CLUSTER SHARDS: Returns the mapping of cluster slots to shards. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterShards() { return cmd(TEXT, new String[] {"CLUSTER", "SHARDS"}); }
    /** CLUSTER SLAVES: Lists the replica nodes of a primary node. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSlaves(String nodeId) { return cmd(TEXT, new String[] {"CLUSTER", "SLAVES", nodeId}); }
    /** CLUSTER SLOTS: Returns the mapping of cluster slots to nodes. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSlots() { return cmd(TEXT, new String[] {"CLUSTER", "SLOTS"}); }
    /** CLUSTER SYNCSLOTS: A container for internal slot migration commands. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> clusterSyncslots() { return cmd(TEXT, new String[] {"CLUSTER", "SYNCSLOTS"}); }
    /** COMMANDLOG GET: Returns the specified command log's entries. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogGet(long count, String type) { return cmd(TEXT, new String[] {"COMMANDLOG", "GET", String.valueOf(count), type}); }
    /** COMMANDLOG LEN: Returns the number of entries in the specified type of command log. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogLen(String type) { return cmd(TEXT, new String[] {"COMMANDLOG", "LEN", type}); }
    /** COMMANDLOG RESET: Clears all entries from the specified type of command log. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandlogReset(String type) { return cmd(TEXT, new String[] {"COMMANDLOG", "RESET", type}); }
    /** COMMAND COUNT: Returns a count of commands. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> commandCount() { return cmd(TEXT, new String[] {"COMMAND", "COUNT"}); }
    /** COMMAND DOCS: Returns documentary information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [commandName]. */
    public CompletableFuture<Object> commandDocs(String... options) { return cmd(TEXT, words(new String[] {"COMMAND", "DOCS"}, options)); }
    /** COMMAND GETKEYS: Extracts the key names from an arbitrary command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg]. */
    public CompletableFuture<Object> commandGetkeys(String command, String... options) { return cmd(TEXT, words(new String[] {"COMMAND", "GETKEYS", command}, options)); }
    /** COMMAND GETKEYSANDFLAGS: Extracts the key names and access flags for an arbitrary command. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg]. */
    public CompletableFuture<Object> commandGetkeysandflags(String command, String... options) { return cmd(TEXT, words(new String[] {"COMMAND", "GETKEYSANDFLAGS", command}, options)); }
    /** COMMAND INFO: Returns information about one, multiple or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [commandName]. */
    public CompletableFuture<Object> commandInfo(String... options) { return cmd(TEXT, words(new String[] {"COMMAND", "INFO"}, options)); }
    /** CONFIG GET: Returns the effective values of configuration parameters. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configGet(String... parameter) { return cmd(TEXT, words(new String[] {"CONFIG", "GET"}, parameter)); }
    /** CONFIG RESETSTAT: Resets the server's statistics. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configResetstat() { return cmd(TEXT, new String[] {"CONFIG", "RESETSTAT"}); }
    /** CONFIG REWRITE: Persists the effective configuration to file. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> configRewrite() { return cmd(TEXT, new String[] {"CONFIG", "REWRITE"}); }
    /** COPY: Copies the value of a key to a new key. (Redis and Valkey; the reply as the server sends it.) Options as words: [DB ...] [REPLACE]. */
    public CompletableFuture<Object> copy(String source, String destination, String... options) { return cmd(TEXT, words(new String[] {"COPY", source, destination}, options)); }
    /** DBSIZE: Returns the number of keys in the database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> dbsize() { return cmd(TEXT, new String[] {"DBSIZE"}); }
    /** DELIFEQ: Delete key if value matches string. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> delifeq(String key, String value) { return cmd(TEXT, new String[] {"DELIFEQ", key, value}); }
    /** DUMP: Returns a serialized representation of the value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> dump(String key) { return cmd(TEXT, new String[] {"DUMP", key}); }
    /** ECHO: Returns the given string. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> echo(String message) { return cmd(TEXT, new String[] {"ECHO", message}); }
    /** EXPIREAT: Sets the expiration time of a key to a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) Options as words: [CONDITION]. */
    public CompletableFuture<Object> expireat(String key, long unixTimeSeconds, String... options) { return cmd(TEXT, words(new String[] {"EXPIREAT", key, String.valueOf(unixTimeSeconds)}, options)); }
    /** EXPIRETIME: Returns the expiration time of a key as a Unix timestamp. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> expiretime(String key) { return cmd(TEXT, new String[] {"EXPIRETIME", key}); }
    /** FLUSHALL: Removes all keys from all databases. (Redis and Valkey; the reply as the server sends it.) Options as words: [FLUSHTYPE]. */
    public CompletableFuture<Object> flushall(String... options) { return cmd(TEXT, words(new String[] {"FLUSHALL"}, options)); }
    /** FLUSHDB: Removes all keys from the current database. (Redis and Valkey; the reply as the server sends it.) Options as words: [FLUSHTYPE]. */
    public CompletableFuture<Object> flushdb(String... options) { return cmd(TEXT, words(new String[] {"FLUSHDB"}, options)); }
    /** FUNCTION DUMP: Dumps all libraries into a serialized binary payload. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionDump() { return cmd(TEXT, new String[] {"FUNCTION", "DUMP"}); }
    /** FUNCTION FLUSH: Deletes all libraries and functions. (Redis and Valkey; the reply as the server sends it.) Options as words: [FLUSHTYPE]. */
    public CompletableFuture<Object> functionFlush(String... options) { return cmd(TEXT, words(new String[] {"FUNCTION", "FLUSH"}, options)); }
    /** FUNCTION KILL: Terminates a function during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionKill() { return cmd(TEXT, new String[] {"FUNCTION", "KILL"}); }
    /** FUNCTION LIST: Returns information about all libraries. (Redis and Valkey; the reply as the server sends it.) Options as words: [LIBRARYNAME ...] [WITHCODE]. */
    public CompletableFuture<Object> functionList(String... options) { return cmd(TEXT, words(new String[] {"FUNCTION", "LIST"}, options)); }
    /** FUNCTION RESTORE: Restores all libraries from a payload. (Redis and Valkey; the reply as the server sends it.) Options as words: [POLICY]. */
    public CompletableFuture<Object> functionRestore(String serializedValue, String... options) { return cmd(TEXT, words(new String[] {"FUNCTION", "RESTORE", serializedValue}, options)); }
    /** FUNCTION STATS: Returns information about a function during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> functionStats() { return cmd(TEXT, new String[] {"FUNCTION", "STATS"}); }
    /** GEOHASH: Returns members from a geospatial index as geohash strings. (Redis and Valkey; the reply as the server sends it.) Options as words: [member]. */
    public CompletableFuture<Object> geohash(String key, String... options) { return cmd(TEXT, words(new String[] {"GEOHASH", key}, options)); }
    /** GETRANGE: Returns a substring of the string stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> getrange(String key, long start, long end) { return cmd(TEXT, new String[] {"GETRANGE", key, String.valueOf(start), String.valueOf(end)}); }
    /** GETSET: Returns the previous string value of a key after setting it to a new value. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> getset(String key, String value) { return cmd(TEXT, new String[] {"GETSET", key, value}); }
    /** HINCRBYFLOAT: Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hincrbyfloat(String key, String field, double increment) { return cmd(TEXT, new String[] {"HINCRBYFLOAT", key, field, String.valueOf(increment)}); }
    /** HSCAN: Iterates over fields and values of a hash. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH ...] [COUNT ...] [NOVALUES]. */
    public CompletableFuture<Object> hscan(String key, long cursor, String... options) { return cmd(TEXT, words(new String[] {"HSCAN", key, String.valueOf(cursor)}, options)); }
    /** HSETNX: Sets the value of a field in a hash only when the field doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hsetnx(String key, String field, String value) { return cmd(TEXT, new String[] {"HSETNX", key, field, value}); }
    /** HSTRLEN: Returns the length of the value of a field. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hstrlen(String key, String field) { return cmd(TEXT, new String[] {"HSTRLEN", key, field}); }
    /** HVALS: Returns all values in a hash. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> hvals(String key) { return cmd(TEXT, new String[] {"HVALS", key}); }
    /** INFO: Returns information and statistics about the server. (Redis and Valkey; the reply as the server sends it.) Options as words: [section]. */
    public CompletableFuture<Object> info(String... options) { return cmd(TEXT, words(new String[] {"INFO"}, options)); }
    /** KEYS: Returns all key names that match a pattern. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> keys(String pattern) { return cmd(TEXT, new String[] {"KEYS", pattern}); }
    /** LASTSAVE: Returns the Unix timestamp of the last successful save to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lastsave() { return cmd(TEXT, new String[] {"LASTSAVE"}); }
    /** LATENCY DOCTOR: Returns a human-readable latency analysis report. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyDoctor() { return cmd(TEXT, new String[] {"LATENCY", "DOCTOR"}); }
    /** LATENCY GRAPH: Returns a latency graph for an event. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyGraph(String event) { return cmd(TEXT, new String[] {"LATENCY", "GRAPH", event}); }
    /** LATENCY HISTOGRAM: Returns the cumulative distribution of latencies of a subset or all commands. (Redis and Valkey; the reply as the server sends it.) Options as words: [command]. */
    public CompletableFuture<Object> latencyHistogram(String... options) { return cmd(TEXT, words(new String[] {"LATENCY", "HISTOGRAM"}, options)); }
    /** LATENCY HISTORY: Returns timestamp-latency samples for an event. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyHistory(String event) { return cmd(TEXT, new String[] {"LATENCY", "HISTORY", event}); }
    /** LATENCY LATEST: Returns the latest latency samples for all events. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> latencyLatest() { return cmd(TEXT, new String[] {"LATENCY", "LATEST"}); }
    /** LATENCY RESET: Resets the latency data for one or more events. (Redis and Valkey; the reply as the server sends it.) Options as words: [event]. */
    public CompletableFuture<Object> latencyReset(String... options) { return cmd(TEXT, words(new String[] {"LATENCY", "RESET"}, options)); }
    /** LCS: Finds the longest common substring. (Redis and Valkey; the reply as the server sends it.) Options as words: [LEN] [IDX] [MINMATCHLEN ...] [WITHMATCHLEN]. */
    public CompletableFuture<Object> lcs(String key1, String key2, String... options) { return cmd(TEXT, words(new String[] {"LCS", key1, key2}, options)); }
    /** LINSERT: Inserts an element before or after another element in a list. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> linsert(String key, String where, String pivot, String element) { return cmd(TEXT, new String[] {"LINSERT", key, where, pivot, element}); }
    /** LMOVE: Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lmove(String source, String destination, String wherefrom, String whereto) { return cmd(TEXT, new String[] {"LMOVE", source, destination, wherefrom, whereto}); }
    /** LOLWUT: Displays computer art and the server version. (Redis and Valkey; the reply as the server sends it.) Options as words: [VERSION ...]. */
    public CompletableFuture<Object> lolwut(String... options) { return cmd(TEXT, words(new String[] {"LOLWUT"}, options)); }
    /** LPOS: Returns the index of matching elements in a list. (Redis and Valkey; the reply as the server sends it.) Options as words: [RANK ...] [COUNT ...] [MAXLEN ...]. */
    public CompletableFuture<Object> lpos(String key, String element, String... options) { return cmd(TEXT, words(new String[] {"LPOS", key, element}, options)); }
    /** LPUSHX: Prepends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lpushx(String key, String... element) { return cmd(TEXT, words(new String[] {"LPUSHX", key}, element)); }
    /** LREM: Removes elements from a list. Deletes the list if the last element was removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lrem(String key, long count, String element) { return cmd(TEXT, new String[] {"LREM", key, String.valueOf(count), element}); }
    /** LSET: Sets the value of an element in a list by its index. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> lset(String key, long index, String element) { return cmd(TEXT, new String[] {"LSET", key, String.valueOf(index), element}); }
    /** LTRIM: Removes elements from both ends of a list. Deletes the list if all elements were trimmed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> ltrim(String key, long start, long stop) { return cmd(TEXT, new String[] {"LTRIM", key, String.valueOf(start), String.valueOf(stop)}); }
    /** MEMORY DOCTOR: Outputs a memory problems report. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryDoctor() { return cmd(TEXT, new String[] {"MEMORY", "DOCTOR"}); }
    /** MEMORY MALLOC-STATS: Returns the allocator statistics. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryMallocStats() { return cmd(TEXT, new String[] {"MEMORY", "MALLOC-STATS"}); }
    /** MEMORY PURGE: Asks the allocator to release memory. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryPurge() { return cmd(TEXT, new String[] {"MEMORY", "PURGE"}); }
    /** MEMORY STATS: Returns details about memory usage. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> memoryStats() { return cmd(TEXT, new String[] {"MEMORY", "STATS"}); }
    /** MEMORY USAGE: Estimates the memory usage of a key. (Redis and Valkey; the reply as the server sends it.) Options as words: [SAMPLES ...]. */
    public CompletableFuture<Object> memoryUsage(String key, String... options) { return cmd(TEXT, words(new String[] {"MEMORY", "USAGE", key}, options)); }
    /** MODULE LIST: Returns all loaded modules. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> moduleList() { return cmd(TEXT, new String[] {"MODULE", "LIST"}); }
    /** MODULE LOAD: Loads a module. (Redis and Valkey; the reply as the server sends it.) Options as words: [arg]. */
    public CompletableFuture<Object> moduleLoad(String path, String... options) { return cmd(TEXT, words(new String[] {"MODULE", "LOAD", path}, options)); }
    /** MODULE UNLOAD: Unloads a module. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> moduleUnload(String name) { return cmd(TEXT, new String[] {"MODULE", "UNLOAD", name}); }
    /** MOVE: Moves a key to another database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> move(String key, long db) { return cmd(TEXT, new String[] {"MOVE", key, String.valueOf(db)}); }
    /** OBJECT ENCODING: Returns the internal encoding of an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectEncoding(String key) { return cmd(TEXT, new String[] {"OBJECT", "ENCODING", key}); }
    /** OBJECT FREQ: Returns the logarithmic access frequency counter of an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectFreq(String key) { return cmd(TEXT, new String[] {"OBJECT", "FREQ", key}); }
    /** OBJECT IDLETIME: Returns the time since the last access to an object. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectIdletime(String key) { return cmd(TEXT, new String[] {"OBJECT", "IDLETIME", key}); }
    /** OBJECT REFCOUNT: Returns the reference count of a value of a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> objectRefcount(String key) { return cmd(TEXT, new String[] {"OBJECT", "REFCOUNT", key}); }
    /** PEXPIREAT: Sets the expiration time of a key to a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) Options as words: [CONDITION]. */
    public CompletableFuture<Object> pexpireat(String key, long unixTimeMilliseconds, String... options) { return cmd(TEXT, words(new String[] {"PEXPIREAT", key, String.valueOf(unixTimeMilliseconds)}, options)); }
    /** PEXPIRETIME: Returns the expiration time of a key as a Unix milliseconds timestamp. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> pexpiretime(String key) { return cmd(TEXT, new String[] {"PEXPIRETIME", key}); }
    /** PSETEX: Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> psetex(String key, long milliseconds, String value) { return cmd(TEXT, new String[] {"PSETEX", key, String.valueOf(milliseconds), value}); }
    /** PUBSUB CHANNELS: Returns the active channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [pattern]. */
    public CompletableFuture<Object> pubsubChannels(String... options) { return cmd(TEXT, words(new String[] {"PUBSUB", "CHANNELS"}, options)); }
    /** PUBSUB NUMPAT: Returns a count of unique pattern subscriptions. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> pubsubNumpat() { return cmd(TEXT, new String[] {"PUBSUB", "NUMPAT"}); }
    /** PUBSUB NUMSUB: Returns a count of subscribers to channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [channel]. */
    public CompletableFuture<Object> pubsubNumsub(String... options) { return cmd(TEXT, words(new String[] {"PUBSUB", "NUMSUB"}, options)); }
    /** PUBSUB SHARDCHANNELS: Returns the active shard channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [pattern]. */
    public CompletableFuture<Object> pubsubShardchannels(String... options) { return cmd(TEXT, words(new String[] {"PUBSUB", "SHARDCHANNELS"}, options)); }
    /** PUBSUB SHARDNUMSUB: Returns the count of subscribers of shard channels. (Redis and Valkey; the reply as the server sends it.) Options as words: [shardchannel]. */
    public CompletableFuture<Object> pubsubShardnumsub(String... options) { return cmd(TEXT, words(new String[] {"PUBSUB", "SHARDNUMSUB"}, options)); }
    /** RANDOMKEY: Returns a random key name from the database. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> randomkey() { return cmd(TEXT, new String[] {"RANDOMKEY"}); }
    /** RENAME: Renames a key and overwrites the destination. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rename(String key, String newkey) { return cmd(TEXT, new String[] {"RENAME", key, newkey}); }
    /** RENAMENX: Renames a key only when the target key name doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> renamenx(String key, String newkey) { return cmd(TEXT, new String[] {"RENAMENX", key, newkey}); }
    /** RESTORE: Creates a key from the serialized representation of a value. (Redis and Valkey; the reply as the server sends it.) Options as words: [REPLACE] [ABSTTL] [IDLETIME ...] [FREQ ...]. */
    public CompletableFuture<Object> restore(String key, long ttl, String serializedValue, String... options) { return cmd(TEXT, words(new String[] {"RESTORE", key, String.valueOf(ttl), serializedValue}, options)); }
    /** ROLE: Returns the replication role. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> role() { return cmd(TEXT, new String[] {"ROLE"}); }
    /** RPOPLPUSH: Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rpoplpush(String source, String destination) { return cmd(TEXT, new String[] {"RPOPLPUSH", source, destination}); }
    /** RPUSHX: Appends one or more elements to a list only when the list exists. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> rpushx(String key, String... element) { return cmd(TEXT, words(new String[] {"RPUSHX", key}, element)); }
    /** SAVE: Synchronously saves the database(s) to disk. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> save() { return cmd(TEXT, new String[] {"SAVE"}); }
    /** SCRIPT DEBUG: Sets the debug mode of server-side Lua scripts. (Redis and Valkey; the reply as the server sends it.) Options as words: [engine]. */
    public CompletableFuture<Object> scriptDebug(String mode, String... options) { return cmd(TEXT, words(new String[] {"SCRIPT", "DEBUG", mode}, options)); }
    /** SCRIPT EXISTS: Determines whether server-side Lua scripts exist in the script cache. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptExists(String... sha1) { return cmd(TEXT, words(new String[] {"SCRIPT", "EXISTS"}, sha1)); }
    /** SCRIPT FLUSH: Removes all server-side Lua scripts from the script cache. (Redis and Valkey; the reply as the server sends it.) Options as words: [FLUSHTYPE]. */
    public CompletableFuture<Object> scriptFlush(String... options) { return cmd(TEXT, words(new String[] {"SCRIPT", "FLUSH"}, options)); }
    /** SCRIPT KILL: Terminates a server-side Lua script during execution. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptKill() { return cmd(TEXT, new String[] {"SCRIPT", "KILL"}); }
    /** SCRIPT SHOW: Show server-side Lua script in the script cache. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> scriptShow(String sha1) { return cmd(TEXT, new String[] {"SCRIPT", "SHOW", sha1}); }
    /** SDIFF: Returns the difference of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sdiff(String... key) { return cmd(TEXT, words(new String[] {"SDIFF"}, key)); }
    /** SDIFFSTORE: Stores the difference of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sdiffstore(String destination, String... key) { return cmd(TEXT, words(new String[] {"SDIFFSTORE", destination}, key)); }
    /** SETEX: Sets the string value and expiration time of a key. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setex(String key, long seconds, String value) { return cmd(TEXT, new String[] {"SETEX", key, String.valueOf(seconds), value}); }
    /** SETNX: Sets the string value of a key only when the key doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setnx(String key, String value) { return cmd(TEXT, new String[] {"SETNX", key, value}); }
    /** SETRANGE: Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> setrange(String key, long offset, String value) { return cmd(TEXT, new String[] {"SETRANGE", key, String.valueOf(offset), value}); }
    /** SINTER: Returns the intersect of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sinter(String... key) { return cmd(TEXT, words(new String[] {"SINTER"}, key)); }
    /** SINTERSTORE: Stores the intersect of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sinterstore(String destination, String... key) { return cmd(TEXT, words(new String[] {"SINTERSTORE", destination}, key)); }
    /** SLOWLOG GET: Returns the slow log's entries. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> slowlogGet(String... options) { return cmd(TEXT, words(new String[] {"SLOWLOG", "GET"}, options)); }
    /** SLOWLOG LEN: Returns the number of entries in the slow log. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> slowlogLen() { return cmd(TEXT, new String[] {"SLOWLOG", "LEN"}); }
    /** SLOWLOG RESET: Clears all entries from the slow log. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> slowlogReset() { return cmd(TEXT, new String[] {"SLOWLOG", "RESET"}); }
    /** SMISMEMBER: Determines whether multiple members belong to a set. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> smismember(String key, String... member) { return cmd(TEXT, words(new String[] {"SMISMEMBER", key}, member)); }
    /** SMOVE: Moves a member from one set to another. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> smove(String source, String destination, String member) { return cmd(TEXT, new String[] {"SMOVE", source, destination, member}); }
    /** SPOP: Returns one or more random members from a set after removing them. Deletes the set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> spop(String key, String... options) { return cmd(TEXT, words(new String[] {"SPOP", key}, options)); }
    /** SRANDMEMBER: Gets one or multiple random members from a set. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> srandmember(String key, String... options) { return cmd(TEXT, words(new String[] {"SRANDMEMBER", key}, options)); }
    /** SSCAN: Iterates over members of a set. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH ...] [COUNT ...]. */
    public CompletableFuture<Object> sscan(String key, long cursor, String... options) { return cmd(TEXT, words(new String[] {"SSCAN", key, String.valueOf(cursor)}, options)); }
    /** SUBSTR: Returns a substring from a string value. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> substr(String key, long start, long end) { return cmd(TEXT, new String[] {"SUBSTR", key, String.valueOf(start), String.valueOf(end)}); }
    /** SUNION: Returns the union of multiple sets. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sunion(String... key) { return cmd(TEXT, words(new String[] {"SUNION"}, key)); }
    /** SUNIONSTORE: Stores the union of multiple sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> sunionstore(String destination, String... key) { return cmd(TEXT, words(new String[] {"SUNIONSTORE", destination}, key)); }
    /** SWAPDB: Swaps two databases. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> swapdb(long index1, long index2) { return cmd(TEXT, new String[] {"SWAPDB", String.valueOf(index1), String.valueOf(index2)}); }
    /** TIME: Returns the server time. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> time() { return cmd(TEXT, new String[] {"TIME"}); }
    /** TOUCH: Returns the number of existing keys out of those specified after updating the time they were last accessed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> touch(String... key) { return cmd(TEXT, words(new String[] {"TOUCH"}, key)); }
    /** TYPE: Determines the type of value stored at a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> type(String key) { return cmd(TEXT, new String[] {"TYPE", key}); }
    /** UNLINK: Asynchronously deletes one or more keys. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> unlink(String... key) { return cmd(TEXT, words(new String[] {"UNLINK"}, key)); }
    /** WAIT: Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> waitForReplication(long numreplicas, long timeout) { return cmd(TEXT, new String[] {"WAIT", String.valueOf(numreplicas), String.valueOf(timeout)}); }
    /** WAITAOF: Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the primary and/or replicas. (Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> waitaof(long numlocal, long numreplicas, long timeout) { return cmd(TEXT, new String[] {"WAITAOF", String.valueOf(numlocal), String.valueOf(numreplicas), String.valueOf(timeout)}); }
    /** XGROUP CREATECONSUMER: Creates a consumer in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xgroupCreateconsumer(String key, String group, String consumer) { return cmd(TEXT, new String[] {"XGROUP", "CREATECONSUMER", key, group, consumer}); }
    /** XGROUP DELCONSUMER: Deletes a consumer from a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xgroupDelconsumer(String key, String group, String consumer) { return cmd(TEXT, new String[] {"XGROUP", "DELCONSUMER", key, group, consumer}); }
    /** XINFO CONSUMERS: Returns a list of the consumers in a consumer group. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xinfoConsumers(String key, String group) { return cmd(TEXT, new String[] {"XINFO", "CONSUMERS", key, group}); }
    /** XINFO GROUPS: Returns a list of the consumer groups of a stream. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> xinfoGroups(String key) { return cmd(TEXT, new String[] {"XINFO", "GROUPS", key}); }
    /** XREVRANGE: Returns the messages from a stream within a range of IDs in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [COUNT ...]. */
    public CompletableFuture<Object> xrevrange(String key, String end, String start, String... options) { return cmd(TEXT, words(new String[] {"XREVRANGE", key, end, start}, options)); }
    /** XSETID: An internal command for replicating stream values. (Redis and Valkey; the reply as the server sends it.) Options as words: [ENTRIESADDED ...] [MAXDELETEDID ...]. */
    public CompletableFuture<Object> xsetid(String key, String lastId, String... options) { return cmd(TEXT, words(new String[] {"XSETID", key, lastId}, options)); }
    /** ZCOUNT: Returns the count of members in a sorted set that have scores within a range. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zcount(String key, double min, double max) { return cmd(TEXT, new String[] {"ZCOUNT", key, String.valueOf(min), String.valueOf(max)}); }
    /** ZDIFFSTORE: Stores the difference of multiple sorted sets in a key. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zdiffstore(String destination, long numkeys, String... key) { return cmd(TEXT, words(new String[] {"ZDIFFSTORE", destination, String.valueOf(numkeys)}, key)); }
    /** ZLEXCOUNT: Returns the number of members in a sorted set within a lexicographical range. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zlexcount(String key, String min, String max) { return cmd(TEXT, new String[] {"ZLEXCOUNT", key, min, max}); }
    /** ZMSCORE: Returns the score of one or more members in a sorted set. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zmscore(String key, String... member) { return cmd(TEXT, words(new String[] {"ZMSCORE", key}, member)); }
    /** ZPOPMAX: Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> zpopmax(String key, String... options) { return cmd(TEXT, words(new String[] {"ZPOPMAX", key}, options)); }
    /** ZPOPMIN: Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped. (Redis and Valkey; the reply as the server sends it.) Options as words: [count]. */
    public CompletableFuture<Object> zpopmin(String key, String... options) { return cmd(TEXT, words(new String[] {"ZPOPMIN", key}, options)); }
    /** ZREMRANGEBYLEX: Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebylex(String key, String min, String max) { return cmd(TEXT, new String[] {"ZREMRANGEBYLEX", key, min, max}); }
    /** ZREMRANGEBYRANK: Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebyrank(String key, long start, long stop) { return cmd(TEXT, new String[] {"ZREMRANGEBYRANK", key, String.valueOf(start), String.valueOf(stop)}); }
    /** ZREMRANGEBYSCORE: Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed. (Redis and Valkey; the reply as the server sends it.) */
    public CompletableFuture<Object> zremrangebyscore(String key, double min, double max) { return cmd(TEXT, new String[] {"ZREMRANGEBYSCORE", key, String.valueOf(min), String.valueOf(max)}); }
    /** ZREVRANGE: Returns members in a sorted set within a range of indexes in reverse order. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORES]. */
    public CompletableFuture<Object> zrevrange(String key, long start, long stop, String... options) { return cmd(TEXT, words(new String[] {"ZREVRANGE", key, String.valueOf(start), String.valueOf(stop)}, options)); }
    /** ZREVRANK: Returns the index of a member in a sorted set ordered by descending scores. (Redis and Valkey; the reply as the server sends it.) Options as words: [WITHSCORE]. */
    public CompletableFuture<Object> zrevrank(String key, String member, String... options) { return cmd(TEXT, words(new String[] {"ZREVRANK", key, member}, options)); }
    /** ZSCAN: Iterates over members and scores of a sorted set. (Redis and Valkey; the reply as the server sends it.) Options as words: [MATCH ...] [COUNT ...] [NOSCORES]. */
    public CompletableFuture<Object> zscan(String key, long cursor, String... options) { return cmd(TEXT, words(new String[] {"ZSCAN", key, String.valueOf(cursor)}, options)); }
    // --- end of the generated methods ---
}
