package io.haven.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The engine's log records in {@link System.Logger}: the engine queues them
 * (bounded; when the application's logging falls behind, the newest are
 * dropped and counted in a warning, never waited for) and one daemon thread,
 * {@code haven-log}, started when the native library loads, takes them in
 * batches (waiting inside the native call) and logs each to
 * {@code System.getLogger(name)}, the name being the engine's layer:
 * {@code haven.connection}, {@code haven.deployment}, {@code haven.failover},
 * {@code haven.request}, {@code haven.pubsub}, {@code haven.cache},
 * {@code haven.engine}, {@code haven.logging}. No engine thread runs Java.
 */
public final class Logs {
    private Logs() {}

    private static final System.Logger.Level[] LEVELS = {
        System.Logger.Level.DEBUG, // 0: not used
        System.Logger.Level.ERROR,
        System.Logger.Level.WARNING,
        System.Logger.Level.INFO,
        System.Logger.Level.DEBUG,
        System.Logger.Level.TRACE,
    };

    private static boolean started;

    /** Starts the delivery thread once (called by NativeLoader after loading). */
    static synchronized void start() {
        if (started) return;
        started = true;
        Native.startLogs();
        Thread t = new Thread(Logs::run, "haven-log");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        while (true) {
            byte[] batch;
            try {
                batch = Native.takeLogs(1000);
            } catch (RuntimeException e) {
                return;
            }
            if (batch == null) continue;
            try {
                deliver(ByteBuffer.wrap(batch));
            } catch (RuntimeException e) {
                // A broken logger must not stop delivery; the batch is lost.
            }
        }
    }

    private static void deliver(ByteBuffer b) {
        while (b.remaining() > 0) {
            int level = b.get() & 0xff;
            long timeMs = b.getLong();
            byte[] name = new byte[b.getShort() & 0xffff];
            b.get(name);
            byte[] message = new byte[b.getInt()];
            b.get(message);
            System.Logger.Level l = level < LEVELS.length ? LEVELS[level] : System.Logger.Level.DEBUG;
            System.Logger logger = System.getLogger(new String(name, StandardCharsets.UTF_8));
            if (logger.isLoggable(l)) {
                logger.log(l, new String(message, StandardCharsets.UTF_8));
            }
        }
    }
}
