package io.haven;

import com.google.protobuf.ByteString;
import io.haven.internal.Core;
import io.haven.internal.Native;
import io.haven.internal.Replies;
import io.haven.proto.Command;
import io.haven.proto.CommandRequest;
import io.haven.proto.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A connection of the caller's own ({@link HavenClient#session()}): every
 * command of the session runs on one dedicated connection, leased from the
 * node's pool on the first command and bound to that node (in a cluster: the
 * primary of the first key's slot; every later key must share that slot, a
 * {@link ClusterException} otherwise). For optimistic transactions:
 *
 * <pre>{@code
 * try (Session s = client.session()) {
 *     while (true) {
 *         s.watch("counter").join();
 *         long n = Long.parseLong(Objects.requireNonNullElse(s.get("counter").join(), "0"));
 *         try {
 *             s.exec(Batch.transaction().add("SET", "counter", Long.toString(n + 1))).join();
 *             break;
 *         } catch (CompletionException e) {
 *             if (!(e.getCause() instanceof WatchException)) throw e;   // a WATCHed key changed: retry
 *         }
 *     }
 * }
 * }</pre>
 *
 * A failover, a redirect or a lost link ends the session: every later
 * command fails with a {@link ClusterException} or {@link ConnectionException}
 * (never runs on another node); open a new session. Commands may be sent
 * from several threads, but they run one at a time in the order the engine
 * receives them, so a session is normally used by one caller. {@link #close()}
 * undoes a WATCH or MULTI and gives the connection back (after the commands
 * already sent have run).
 */
public final class Session implements AutoCloseable {
    /** Holds the client (and so its native handle) for the session's lifetime. */
    private final HavenClient client;
    private final Core core;
    private final long id;
    private volatile boolean closed;

    Session(HavenClient client, Core core, long id) {
        this.client = client;
        this.core = core;
        this.id = id;
    }

    /** The engine's id of this session. */
    public long id() {
        return id;
    }

    private <T> CompletableFuture<T> send(Function<Value, T> convert, List<ByteString> args) {
        if (closed) return CompletableFuture.failedFuture(new ConfigException("the session is closed"));
        CommandRequest.Builder r = CommandRequest.newBuilder()
                .setCommand(Command.newBuilder().addAllArgs(args))
                .setSession(id);
        return core.submit(r, convert);
    }

    private <T> CompletableFuture<T> cmd(Function<Value, T> convert, String... args) {
        List<ByteString> a = new ArrayList<>(args.length);
        for (String x : args) {
            if (x == null) return CompletableFuture.failedFuture(new ConfigException("command argument must not be null"));
            a.add(ByteString.copyFromUtf8(x));
        }
        return send(convert, a);
    }

    /** Any command, on the session's connection; bulk strings as String. */
    public CompletableFuture<Object> customCommand(String... args) {
        if (args == null || args.length == 0) return CompletableFuture.failedFuture(new ConfigException("customCommand: no command given"));
        return cmd(v -> Replies.generic(v, true), args);
    }

    /** Any command, on the session's connection; bulk strings as byte[]. */
    public CompletableFuture<Object> customCommand(byte[]... args) {
        if (args == null || args.length == 0) return CompletableFuture.failedFuture(new ConfigException("customCommand: no command given"));
        List<ByteString> a = new ArrayList<>(args.length);
        for (byte[] x : args) {
            if (x == null) return CompletableFuture.failedFuture(new ConfigException("command argument must not be null"));
            a.add(Batch.wrap(x));
        }
        return send(v -> Replies.generic(v, false), a);
    }

    /** WATCH: a later {@link #exec} fails with WatchException if any of the keys changes first. */
    public CompletableFuture<String> watch(String... keys) {
        if (keys == null || keys.length == 0) return CompletableFuture.failedFuture(new ConfigException("watch: no keys given"));
        String[] a = new String[keys.length + 1];
        a[0] = "WATCH";
        System.arraycopy(keys, 0, a, 1, keys.length);
        return cmd(Replies::str, a);
    }

    public CompletableFuture<String> unwatch() {
        return cmd(Replies::str, "UNWATCH");
    }

    public CompletableFuture<String> get(String key) {
        return cmd(Replies::str, "GET", key);
    }

    public CompletableFuture<String> set(String key, String value) {
        return cmd(Replies::str, "SET", key, value);
    }

    /**
     * Runs the batch's commands as MULTI ... EXEC on the session's connection
     * (whether the batch was made as a transaction or a pipeline) and returns
     * EXEC's replies. Fails with {@link WatchException} when a WATCHed key
     * changed (nothing was written); the WATCH is then gone, as on the server.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<List<Object>> exec(Batch batch) {
        if (batch == null || batch.commands.isEmpty()) return CompletableFuture.failedFuture(new ConfigException("exec: the batch is empty"));
        if (closed) return CompletableFuture.failedFuture(new ConfigException("the session is closed"));
        boolean text = !batch.binary;
        CommandRequest.Builder r = CommandRequest.newBuilder()
                .setBatch(io.haven.proto.Batch.newBuilder().addAllCommands(batch.commands).setAtomic(true))
                .setSession(id);
        return core.submit(r, v -> (List<Object>) Replies.generic(v, text));
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases the session once the commands already sent have run: its
     * WATCH or MULTI is undone and the connection goes back to the pool.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!client.isClosed()) Native.closeSession(core.handle, id);
    }
}
