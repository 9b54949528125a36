package io.haven;

import io.haven.internal.Native;

/**
 * haven's logs: the engine's records reach {@link System.Logger} (and so
 * java.util.logging, or whatever backend the application installed) under
 * the names {@code haven.connection}, {@code haven.deployment},
 * {@code haven.failover}, {@code haven.request}, {@code haven.pubsub},
 * {@code haven.cache}, {@code haven.engine} and {@code haven.logging}.
 * Reconnects, topology changes, failovers and failbacks, breaker transitions
 * and parked requests are info or warning lines, identical lines at most one
 * per second (the next says how many were suppressed); debug and trace add
 * connection details and requests by command name. No record carries a
 * password, a credential or a command's arguments.
 *
 * <p>The engine's level decides which records exist, for the whole process:
 * "info" by default, or {@link #setLevel}, or a config's {@code logLevel}
 * when the client is created, or the {@code HAVEN_LOG} environment variable,
 * which wins over both. The loggers' own levels then apply.
 */
public final class Logging {
    private Logging() {}

    /**
     * Sets the engine's log level for the process: "error", "warn", "info",
     * "debug", "trace", "off", or directives such as
     * "haven=info,haven::connection=debug". Returns false when HAVEN_LOG is
     * set (it wins). Throws ConfigException for a level it cannot read.
     */
    public static boolean setLevel(String level) {
        if (level == null) throw new ConfigException("level: must not be null");
        Native.ensureLoaded();
        return Native.setLogLevel(level);
    }
}
