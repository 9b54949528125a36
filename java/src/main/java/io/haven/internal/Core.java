package io.haven.internal;

import io.haven.ClosingException;
import io.haven.CredentialProvider;
import io.haven.Credentials;
import io.haven.HavenException;
import io.haven.InternalException;
import io.haven.proto.CommandRequest;
import io.haven.proto.Response;
import io.haven.proto.Value;
import com.google.protobuf.CodedInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One client's Java side of the completion path. Requests are registered
 * here under an id and handed to the engine ({@code Native.submit}); engine
 * threads queue the replies natively; this object's single dispatcher
 * thread blocks in {@code Native.poll} (in native code, so the JVM is not
 * involved while it waits), receives every queued reply as one byte array,
 * and completes the futures.
 *
 * <p>Where futures complete: by default on the dispatcher thread itself,
 * like Lettuce completes on its I/O threads: no hand-off per reply, which is
 * what makes batches cheap. Dependent stages added without an executor then
 * run there too and must not block (use {@code thenApplyAsync} for slow
 * work), or pass an executor to {@code HavenClient.connect}, which then
 * completes every future there. Requests made in those callbacks (a next
 * step chained on a reply) are held until the callbacks of the dispatcher's
 * batch have run, then started together on the dispatcher thread, in the
 * order they were made: one write per connection and no engine thread
 * woken to send them (with 32 or more requests in flight, the busy
 * dispatcher leaves that to an engine thread, still in order). Events go to their own single thread and
 * custom health checks to a small bounded pool, so neither a slow listener
 * nor a hung check ever delays replies. Cache-aside loaders and
 * write-through writers ({@code getOrLoad}, {@code writeThrough}) are
 * registered here under their request's id; when the engine needs one it
 * queues a Call frame (engine threads never call into the JVM), the
 * function runs on a "haven-loader" thread and its outcome goes back with
 * {@code Native.callResult}. A Forget frame drops a function the engine
 * will not call. A credential provider is asked the same way (a Call frame
 * of kind 2): it runs on a "haven-credentials" thread and its credentials go
 * back, encoded, with {@code Native.callResult}; this object holds the
 * provider until close (the native side holds no reference to it).
 *
 * <p>This object never references the {@code HavenClient} (whose Cleaner
 * releases the client's handle once it is unreachable).
 */
public final class Core {
    private static final AtomicLong THREADS = new AtomicLong();
    /** How long the dispatcher waits in one poll before looking at its state. */
    private static final int POLL_MS = 200;
    /** After close: how long replies still in flight are waited for. */
    private static final long CLOSE_DRAIN_NS = TimeUnit.SECONDS.toNanos(10);

    /** How many loaders/writers run at once per client; more wait in a queue. */
    private static final int LOADER_THREADS = 16;
    private static final int LOADER_QUEUE = 10_000;
    /**
     * Credential provider calls running at once per client. The engine asks
     * one at a time and gives up after the connection timeout, so more than
     * one only runs when earlier calls hang; past this many, calls fail.
     */
    private static final int CREDENTIAL_THREADS = 4;

    /**
     * A cache-aside loader or write-through writer as the engine calls it:
     * starts the user's function and returns its outcome (a loader's value;
     * a writer's is ignored). Runs on a "haven-loader" thread.
     */
    @FunctionalInterface
    public interface Job {
        CompletionStage<byte[]> start() throws Exception;
    }

    /** A request waiting for its reply, and how to turn the reply into its result. */
    private static final class Waiter {
        final CompletableFuture<Object> future;
        final Function<Value, ?> convert;

        Waiter(CompletableFuture<Object> future, Function<Value, ?> convert) {
            this.future = future;
            this.convert = convert;
        }
    }

    /**
     * The deepest reply the engine delivers is 512 levels; each level is a
     * Value and its Array/Map/Entry message, so protobuf's default limit
     * (100) would refuse a reply nested 50 deep.
     */
    private static final int RECURSION_LIMIT = 2 * 512 + 10;

    /**
     * A request's future: {@code cancel} also cancels the request in the
     * engine (a blocking or session command; others end by their deadline),
     * so a cancelled BLPOP is unblocked on the server and takes nothing.
     */
    private final class Request extends CompletableFuture<Object> {
        private final long id;

        Request(long id) {
            this.id = id;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) cancelRequest(id);
            return cancelled;
        }
    }

    public final long handle;
    private final long dispatchHandle;
    private final Executor completer;
    private final ConcurrentHashMap<Long, Waiter> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;
    private volatile long closedAt;
    /** Guarded by this: the dispatcher's handle was given back. */
    private boolean dispatchReleased;
    private final Thread dispatcher;
    private final CopyOnWriteArrayList<Consumer<io.haven.proto.Event>> eventSinks = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<io.haven.proto.PubSubMessage>> messageSinks = new CopyOnWriteArrayList<>();
    private final ExecutorService events;
    private final ThreadPoolExecutor health;
    private final ConcurrentHashMap<String, io.haven.HealthCheckFunction> checks = new ConcurrentHashMap<>();
    /** Loaders and writers the engine may still call, by token (their request's id). */
    private final ConcurrentHashMap<Long, Job> functions = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor loaders;
    /** The client's credential provider (null without one, and after close). */
    private volatile CredentialProvider credentialProvider;
    /** Where it runs: no thread until the first call, none kept idle long. */
    private final ThreadPoolExecutor credentialThreads;

    public Core(Executor completer) {
        Native.ensureLoaded();
        this.completer = completer;
        this.handle = Native.create();
        this.dispatchHandle = Native.retain(handle);
        long n = THREADS.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "haven-events-" + n));
        this.health = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64),
                r -> daemon(r, "haven-health-" + n));
        this.loaders = new ThreadPoolExecutor(LOADER_THREADS, LOADER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(LOADER_QUEUE), r -> daemon(r, "haven-loader-" + n));
        this.loaders.allowCoreThreadTimeOut(true);
        this.credentialThreads = new ThreadPoolExecutor(0, CREDENTIAL_THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "haven-credentials-" + n));
        this.dispatcher = daemon(this::dispatch, "haven-dispatcher-" + n);
        this.dispatcher.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Starts connecting, with credentials from {@code provider} if not null
     * (asked again every {@code refreshMs}; 0: only when asked); the future
     * completes once connected.
     */
    public CompletableFuture<Object> connect(byte[] config, CredentialProvider provider, long refreshMs) {
        long id = ids.incrementAndGet();
        CompletableFuture<Object> f = new CompletableFuture<>();
        pending.put(id, new Waiter(f, v -> null));
        try {
            if (provider == null) {
                Native.connect(handle, config, id);
            } else {
                credentialProvider = provider;
                Native.connectWithCredentials(handle, config, id, refreshMs);
            }
        } catch (RuntimeException e) {
            pending.remove(id);
            f.completeExceptionally(e);
        }
        return f;
    }

    /** Adds a multi-endpoint client's endpoint (see HavenClient.addEndpoint). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> addEndpoint(byte[] endpoint) {
        return (CompletableFuture<Void>) (CompletableFuture<?>) start(v -> null, null,
                id -> Native.addEndpoint(handle, endpoint, id));
    }

    /** Asks the credential provider now (see HavenClient.refreshCredentials). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Boolean> refreshCredentials() {
        return (CompletableFuture<Boolean>) (CompletableFuture<?>) start(Replies::bool, null,
                id -> Native.refreshCredentials(handle, id));
    }

    /**
     * Sends a request ({@code id} is set here) and returns its future. Never
     * blocks; a closed client fails the future at once.
     */
    public <T> CompletableFuture<T> submit(CommandRequest.Builder request, Function<Value, T> convert) {
        return submit(request, convert, false);
    }

    /**
     * {@code submit}; with {@code waitHere} the calling thread waits for the
     * reply (in native code, woken by the engine thread that read it, without
     * the dispatcher) and the future returned is already complete. What
     * {@code HavenBlockingClient} uses: its thread would wait anyway.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(CommandRequest.Builder request, Function<Value, T> convert, boolean waitHere) {
        if (waitHere) return call(request, convert);
        if (closed) {
            return CompletableFuture.failedFuture(new ClosingException("the client is closed"));
        }
        long id = ids.incrementAndGet();
        CompletableFuture<Object> f = new Request(id);
        pending.put(id, new Waiter(f, convert));
        try {
            Native.submit(handle, request.setId(id).build().toByteArray());
        } catch (RuntimeException e) {
            pending.remove(id);
            f.completeExceptionally(e);
        }
        if (closed) {
            // The dispatcher may be gone: end the request here (at most once).
            Waiter w = pending.remove(id);
            if (w != null) w.future.completeExceptionally(new ClosingException("the client is closed"));
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) f;
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> call(CommandRequest.Builder request, Function<Value, T> convert) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClosingException("the client is closed"));
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        try {
            byte[] reply = Native.call(handle, request.setId(ids.incrementAndGet()).build().toByteArray());
            finish(new Waiter(f, convert), response(reply, 0, reply.length));
        } catch (RuntimeException | java.io.IOException e) {
            f.completeExceptionally(e instanceof RuntimeException ? e
                    : new InternalException("haven: an unreadable reply: " + e.getMessage()));
        }
        return (CompletableFuture<T>) (CompletableFuture<?>) f;
    }

    /**
     * Cache-aside of {@code key} (see HavenClient.getOrLoad): the value's
     * bytes. {@code loader} is held until the engine calls or forgets it.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<byte[]> getOrLoad(byte[] key, Job loader, long ttlMs, double jitter, long leaseMs, double earlyRefresh) {
        return (CompletableFuture<byte[]>) (CompletableFuture<?>) start(Replies::bytes, loader,
                id -> Native.getOrLoad(handle, id, key, ttlMs, jitter, leaseMs, earlyRefresh));
    }

    /** Write-through (see HavenClient.writeThrough). */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> writeThrough(byte[] key, byte[] value, Job writer, long ttlMs, boolean invalidate) {
        return (CompletableFuture<Void>) (CompletableFuture<?>) start(v -> null, writer,
                id -> Native.writeThrough(handle, id, key, value, ttlMs, invalidate));
    }

    /**
     * Registers {@code fn} (if not null) and the waiter under a new id, then
     * starts the native request.
     */
    private CompletableFuture<Object> start(Function<Value, ?> convert, Job fn, java.util.function.LongConsumer call) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new ClosingException("the client is closed"));
            return f;
        }
        long id = ids.incrementAndGet();
        if (fn != null) functions.put(id, fn);
        pending.put(id, new Waiter(f, convert));
        try {
            call.accept(id);
        } catch (RuntimeException e) {
            // Not started: the engine never calls the function.
            functions.remove(id);
            pending.remove(id);
            f.completeExceptionally(e);
        }
        if (closed) {
            Waiter w = pending.remove(id);
            if (w != null) w.future.completeExceptionally(new ClosingException("the client is closed"));
        }
        return f;
    }

    public void addEventSink(Consumer<io.haven.proto.Event> sink) {
        eventSinks.add(sink);
    }

    /** Pub/sub messages to {@code sink}, in order, on the events thread. */
    public void addMessageSink(Consumer<io.haven.proto.PubSubMessage> sink) {
        messageSinks.add(sink);
        Native.startMessages(handle);
    }

    /** (Un)subscribes: kind 0 channels, 1 patterns, 2 shard channels. */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Void> pubsub(int kind, byte[][] names, boolean subscribe) {
        return (CompletableFuture<Void>) (CompletableFuture<?>) start(v -> null, null,
                id -> Native.pubsub(handle, kind, names, subscribe, id));
    }

    public void setHealthCheck(String nameOrId, io.haven.HealthCheckFunction fn) {
        checks.put(nameOrId, fn);
        Native.setHealthCheck(handle, nameOrId);
    }

    public long pendingCount() {
        return pending.size();
    }

    /** Loaders and writers the engine may still call (tests: they must drain). */
    public long functionCount() {
        return functions.size();
    }

    /** Closes the engine client; in-flight requests end with ClosingException. */
    public void close() {
        if (closed) return;
        closedAt = System.nanoTime();
        closed = true;
        Native.close(handle);
        events.shutdown();
        health.shutdown();
        loaders.shutdown();
        credentialThreads.shutdown();
        // The engine asks no more: the provider (and whatever it holds, a
        // vault client, a token) is let go with the client.
        credentialProvider = null;
    }

    private void dispatch() {
        try {
            while (true) {
                byte[] batch = Native.poll(dispatchHandle, POLL_MS);
                if (batch != null) {
                    handleBatch(batch);
                } else if (closed && (pending.isEmpty() || System.nanoTime() - closedAt > CLOSE_DRAIN_NS)) {
                    break;
                }
            }
        } catch (Throwable t) {
            // Only a bug gets here; every waiter still ends, with the cause.
            failAll(new HavenException("haven: the dispatcher thread failed: " + t));
        } finally {
            failAll(new ClosingException("the client is closed"));
            synchronized (this) {
                dispatchReleased = true;
                Native.release(dispatchHandle);
            }
        }
    }

    private void failAll(HavenException e) {
        for (Long id : pending.keySet()) {
            Waiter w = pending.remove(id);
            if (w != null) w.future.completeExceptionally(e);
        }
    }

    private void handleBatch(byte[] batch) {
        ByteBuffer buf = ByteBuffer.wrap(batch);
        while (buf.remaining() >= 13) {
            int tag = buf.get();
            long id = buf.getLong();
            int len = buf.getInt();
            int off = buf.position();
            buf.position(off + len);
            try {
                switch (tag) {
                    case 0:
                    case 1:
                        complete(tag == 1 ? id : -1, batch, off, len);
                        break;
                    case 2:
                        event(io.haven.proto.Event.parseFrom(CodedInputStream.newInstance(batch, off, len)));
                        break;
                    case 4:
                        if (batch[off] == 2) {
                            provideCredentials(id);
                        } else {
                            call(id, batch[off] == 0, ByteBuffer.wrap(batch, off + 1, 8).getLong());
                        }
                        break;
                    case 5:
                        functions.remove(id);
                        break;
                    case 6:
                        message(io.haven.proto.PubSubMessage.parseFrom(CodedInputStream.newInstance(batch, off, len)));
                        break;
                    case 3:
                        String text = new String(batch, off, len, StandardCharsets.UTF_8);
                        int nul = text.indexOf('\0');
                        probe(id, nul < 0 ? text : text.substring(0, nul), nul < 0 ? text : text.substring(nul + 1));
                        break;
                    default:
                        break;
                }
            } catch (Exception e) {
                // A malformed frame (a bug) must not stop the dispatcher.
                System.err.println("haven: dropped a malformed completion: " + e);
            }
        }
    }

    private void complete(long connectId, byte[] batch, int off, int len) throws java.io.IOException {
        Response r = response(batch, off, len);
        long id = connectId >= 0 ? connectId : r.getId();
        Waiter w = pending.remove(id);
        if (w == null) return;
        if (completer == null) {
            finish(w, r);
        } else {
            try {
                completer.execute(() -> finish(w, r));
            } catch (RejectedExecutionException e) {
                finish(w, r);
            }
        }
    }

    /** A serialized Response, as deep as the engine delivers. */
    private static Response response(byte[] bytes, int off, int len) throws java.io.IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes, off, len);
        in.setRecursionLimit(RECURSION_LIMIT);
        return Response.parseFrom(in);
    }

    private static void finish(Waiter w, Response r) {
        if (r.hasError()) {
            w.future.completeExceptionally(HavenException.of(r.getError().getKind(), r.getError().getMessage()));
            return;
        }
        Object result;
        try {
            result = w.convert.apply(r.getValue());
        } catch (RuntimeException e) {
            w.future.completeExceptionally(e);
            return;
        }
        w.future.complete(result);
    }

    private void message(io.haven.proto.PubSubMessage m) {
        if (messageSinks.isEmpty()) return;
        try {
            events.execute(() -> {
                for (Consumer<io.haven.proto.PubSubMessage> sink : messageSinks) {
                    try {
                        sink.accept(m);
                    } catch (RuntimeException ex) {
                        System.err.println("haven: a message listener threw: " + ex);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            // Closed: messages are no longer delivered.
        }
    }

    private void event(io.haven.proto.Event e) {
        if (eventSinks.isEmpty()) return;
        try {
            events.execute(() -> {
                for (Consumer<io.haven.proto.Event> sink : eventSinks) {
                    try {
                        sink.accept(e);
                    } catch (RuntimeException ex) {
                        System.err.println("haven: an event listener threw: " + ex);
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            // Closed: events are no longer delivered.
        }
    }

    /**
     * Cancels request {@code id} in the engine, from any thread, as long as
     * the dispatcher's handle lives (the client's own handle may already be
     * released when a future outlives its client). Its waiter stays until
     * the engine's answer arrives, which then finds the future done.
     */
    private synchronized void cancelRequest(long id) {
        if (!dispatchReleased && !closed) Native.cancel(dispatchHandle, id);
    }

    /** A health answer, from any thread, as long as the dispatcher's handle lives. */
    private synchronized void answer(long id, boolean healthy) {
        if (!dispatchReleased) Native.healthResult(dispatchHandle, id, healthy);
    }

    /** A call's answer, from any thread, as long as the dispatcher's handle lives. */
    private synchronized void callAnswer(long callId, byte[] value, String error) {
        if (!dispatchReleased) Native.callResult(dispatchHandle, callId, value, error);
    }

    /** What a failed loader or writer reports: its message (or its class when it has none). */
    private static String failure(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getName() : m;
    }

    /** Runs the function registered under {@code token} on a loader thread; answers call {@code callId}. */
    private void call(long callId, boolean load, long token) {
        Job fn = functions.remove(token);
        String what = load ? "loader" : "writer";
        if (fn == null) {
            callAnswer(callId, null, "haven: no " + what + " registered for this call (a bug)");
            return;
        }
        try {
            loaders.execute(() -> {
                CompletionStage<byte[]> stage;
                try {
                    stage = fn.start();
                } catch (Throwable t) {
                    callAnswer(callId, null, failure(t));
                    return;
                }
                if (stage == null) {
                    callAnswer(callId, null, "the " + what + " returned a null CompletionStage");
                    return;
                }
                stage.whenComplete((v, t) -> {
                    if (t != null) {
                        callAnswer(callId, null, failure(t));
                    } else if (v == null && load) {
                        callAnswer(callId, null, "the loader returned null (expected a value)");
                    } else {
                        callAnswer(callId, v, null);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            callAnswer(callId, null, closed ? "the client is closed"
                    : "too many " + what + "s waiting to run (" + LOADER_QUEUE + ")");
        }
    }

    /**
     * Runs the credential provider on a "haven-credentials" thread; answers
     * call {@code callId} with the encoded credentials or why there are none
     * (the exception's class and message, never the credentials).
     */
    private void provideCredentials(long callId) {
        CredentialProvider provider = credentialProvider;
        if (provider == null) {
            callAnswer(callId, null, closed ? "the client is closed" : "haven: no credential provider registered (a bug)");
            return;
        }
        try {
            credentialThreads.execute(() -> {
                Credentials c;
                try {
                    c = provider.get();
                } catch (Throwable t) {
                    String m = t.getMessage();
                    callAnswer(callId, null, "credentialProvider threw: " + t.getClass().getName()
                            + (m == null || m.isEmpty() ? "" : ": " + m));
                    return;
                }
                if (c == null) {
                    callAnswer(callId, null, "credentialProvider returned null (expected Credentials)");
                    return;
                }
                byte[] encoded = encode(c);
                try {
                    callAnswer(callId, encoded, null);
                } finally {
                    java.util.Arrays.fill(encoded, (byte) 0);
                }
            });
        } catch (RejectedExecutionException e) {
            callAnswer(callId, null, closed ? "the client is closed"
                    : "credentialProvider: " + CREDENTIAL_THREADS + " calls already running (does it hang?)");
        }
    }

    /**
     * {@code [1 if a username follows, else 0][username length int BE][username][password]},
     * UTF-8 (decoded by java/native/src/aside.rs).
     */
    private static byte[] encode(Credentials c) {
        byte[] user = c.username() == null ? new byte[0] : c.username().getBytes(StandardCharsets.UTF_8);
        byte[] password = c.password().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(5 + user.length + password.length);
        out.put((byte) (c.username() == null ? 0 : 1)).putInt(user.length).put(user).put(password);
        java.util.Arrays.fill(password, (byte) 0);
        return out.array();
    }

    private void probe(long id, String registeredAs, String endpoint) {
        io.haven.HealthCheckFunction fn = checks.get(registeredAs);
        if (fn == null || closed) {
            answer(id, false);
            return;
        }
        io.haven.HealthCheckFunction check = fn;
        try {
            health.execute(() -> {
                boolean ok;
                try {
                    ok = check.isHealthy(endpoint);
                } catch (Throwable t) {
                    ok = false;
                }
                answer(id, ok);
            });
        } catch (RejectedExecutionException busy) {
            // Every health thread is stuck in a check: that is an answer too.
            answer(id, false);
        }
    }
}
