package io.haven;

import io.haven.internal.Defaults;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client-side cache (local tier), set with {@code .cache(...)} on any
 * config builder. Replies of one-key reads are kept in the client and
 * dropped the moment the server says the key changed (RESP3 CLIENT
 * TRACKING; needs protocol "resp3", the default). An entry lives for
 * min({@code ttlMs}, the key's PTTL); the cache never holds more than
 * {@code maxEntries} entries or {@code maxBytes} bytes. Defaults:
 * maxEntries 10000, maxBytes 64 MiB, ttlMs 60000, mode {@link Mode#OPTIN},
 * no prefixes, commands ["GET"], serveStaleMs 0 (off).
 *
 * <p>{@code mode}: OPTIN (the server tracks only what haven caches) or BCAST
 * (the server reports every change under {@code prefixes}; empty: every key;
 * prefixes are only allowed with BCAST). {@code commands}: the reads cached
 * without being asked per request (others: {@link HavenClient#cached}).
 * {@code serveStaleMs} &gt; 0: while the node holding a key is unreachable, a
 * cached read returns the last known value if it is at most that old
 * (counted in {@link CacheStats#staleServed()}). {@link Builder#build()}
 * rejects bad values with a {@link ConfigException} naming the field
 * ({@code cache.<field>}); the engine checks command names at connect.
 */
public final class ClientCache {
    /** How the server reports changes of cached keys. */
    public enum Mode {
        /** The server tracks only the reads haven caches (CLIENT CACHING YES). */
        OPTIN,
        /** The server reports every change of keys under the prefixes. */
        BCAST
    }

    final long maxEntries;
    final long maxBytes;
    final long ttlMs;
    final Mode mode;
    final List<byte[]> prefixes;
    final List<String> commands;
    final long serveStaleMs;

    private ClientCache(Builder b) {
        maxEntries = positive("max_entries", b.maxEntries);
        maxBytes = positive("max_bytes", b.maxBytes);
        ttlMs = positive("ttl_ms", b.ttlMs);
        if (b.mode == null) throw new ConfigException("cache.mode: must not be null (OPTIN or BCAST)");
        mode = b.mode;
        if (mode == Mode.OPTIN && !b.prefixes.isEmpty()) {
            throw new ConfigException("cache.prefixes: only with mode BCAST");
        }
        prefixes = List.copyOf(b.prefixes);
        for (int i = 0; i < b.commands.size(); i++) {
            String c = b.commands.get(i);
            if (c == null || c.isEmpty()) {
                throw new ConfigException("cache.commands[" + i + "]: expected a command name, got " + (c == null ? "null" : "\"\""));
            }
        }
        commands = List.copyOf(b.commands);
        if (b.serveStaleMs < 0) throw new ConfigException("cache.serve_stale_ms: must be >= 0, got " + b.serveStaleMs);
        serveStaleMs = b.serveStaleMs;
    }

    private static long positive(String field, long v) {
        if (v <= 0) throw new ConfigException("cache." + field + ": must be > 0, got " + v);
        return v;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A cache with every default. */
    public static ClientCache defaults() {
        return new Builder().build();
    }

    public long maxEntries() { return maxEntries; }
    public long maxBytes() { return maxBytes; }
    public long ttlMs() { return ttlMs; }
    public Mode mode() { return mode; }
    public List<String> commands() { return commands; }
    public long serveStaleMs() { return serveStaleMs; }

    io.haven.proto.ClientCache toProto() {
        io.haven.proto.ClientCache.Builder c = io.haven.proto.ClientCache.newBuilder()
                .setMaxEntries(maxEntries)
                .setMaxBytes(maxBytes)
                .setTtlMs(ttlMs)
                .setMode(mode.name().toLowerCase(Locale.ROOT))
                .addAllCommands(commands)
                .setServeStaleMs(serveStaleMs);
        for (byte[] p : prefixes) c.addPrefixes(com.google.protobuf.ByteString.copyFrom(p));
        return c.build();
    }

    public static final class Builder {
        long maxEntries = Defaults.integer("ClientCache.max_entries");
        long maxBytes = Defaults.integer("ClientCache.max_bytes");
        long ttlMs = Defaults.integer("ClientCache.ttl_ms");
        Mode mode = Mode.valueOf(Defaults.choice("ClientCache.mode").toUpperCase(java.util.Locale.ROOT));
        final List<byte[]> prefixes = new ArrayList<>();
        final List<String> commands = new ArrayList<>(List.of("GET"));
        long serveStaleMs = Defaults.integer("ClientCache.serve_stale_ms");

        Builder() {}

        public Builder maxEntries(long v) { maxEntries = v; return this; }
        public Builder maxBytes(long v) { maxBytes = v; return this; }
        public Builder ttlMs(long v) { ttlMs = v; return this; }
        public Builder mode(Mode v) { mode = v; return this; }

        /** BCAST only: key prefixes (UTF-8) the server reports changes of. */
        public Builder prefixes(String... v) {
            prefixes.clear();
            if (v == null) throw new ConfigException("cache.prefixes: must not be null");
            for (int i = 0; i < v.length; i++) {
                if (v[i] == null) throw new ConfigException("cache.prefixes[" + i + "]: must not be null");
                prefixes.add(v[i].getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        /** BCAST only: binary key prefixes. */
        public Builder prefixes(byte[]... v) {
            prefixes.clear();
            if (v == null) throw new ConfigException("cache.prefixes: must not be null");
            for (int i = 0; i < v.length; i++) {
                if (v[i] == null) throw new ConfigException("cache.prefixes[" + i + "]: must not be null");
                prefixes.add(v[i].clone());
            }
            return this;
        }

        /** The read commands cached without being asked per request (default "GET"; none: only {@code cached}). */
        public Builder commands(String... v) {
            if (v == null) throw new ConfigException("cache.commands: must not be null");
            commands.clear();
            commands.addAll(java.util.Arrays.asList(v));
            return this;
        }

        public Builder serveStaleMs(long v) { serveStaleMs = v; return this; }

        public ClientCache build() {
            return new ClientCache(this);
        }
    }
}
