package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's logs in System.Logger (java.util.logging here, its default
 * backend): records reach the haven.* loggers at the configured level (no
 * debug line at info), a region failover is logged with the lost node
 * named, and the password of the auth group is in no record even at trace
 * through AUTH-bearing reconnects. The engine's level is the process's:
 * each test sets the one it needs and puts "info" back.
 */
class LogsTest {
    /** JUL keeps loggers weakly: this holds "haven" and its handler. */
    private static final Logger HAVEN = Logger.getLogger("haven");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() {}
        @Override public void close() {}
    };
    private Level previous;

    @BeforeEach
    void capture() {
        previous = HAVEN.getLevel();
        HAVEN.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        HAVEN.addHandler(capture);
    }

    @AfterEach
    void release() {
        HAVEN.removeHandler(capture);
        HAVEN.setLevel(previous);
        Logging.setLevel("info");
    }

    private List<LogRecord> find(Predicate<LogRecord> want) {
        return records.stream().filter(want).toList();
    }

    private String dump() {
        StringBuilder b = new StringBuilder();
        for (LogRecord r : records) b.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ").append(r.getMessage()).append('\n');
        return b.toString();
    }

    private void waitFor(String what, Predicate<LogRecord> want) {
        Support.waitFor(() -> what + " in\n" + dump(), 20, () -> !find(want).isEmpty());
    }

    private static void killConnection(HavenClient client, HavenClient other) {
        Object id = await(client.customCommand("CLIENT", "ID"));
        await(other.customCommand("CLIENT", "KILL", "ID", id.toString()));
    }

    @Test
    void recordsReachSystemLoggerAtTheConfiguredLevel() {
        Support.servers("standalone");
        StandaloneConfig config = StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB)
                .requestTimeoutMs(Support.TIMEOUT_MS).logLevel("info").build();
        try (HavenClient client = await(HavenClient.connect(config)); HavenClient other = await(HavenClient.connect(config))) {
            await(client.set(key("logs"), "v"));
            killConnection(client, other);
            waitFor("the reconnect", r -> r.getLevel() == Level.INFO && r.getLoggerName().equals("haven.connection")
                    && r.getMessage().contains("reconnected to 127.0.0.1:6400"));
            assertFalse(find(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("node 127.0.0.1:6400 disconnected")).isEmpty(), dump());
            assertTrue(find(r -> r.getLevel().intValue() < Level.INFO.intValue()).isEmpty(), dump());
        }
        StandaloneConfig debug = StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB).logLevel("debug").build();
        try (HavenClient client = await(HavenClient.connect(debug))) {
            waitFor("a debug line", r -> r.getLevel() == Level.FINE && r.getLoggerName().equals("haven.engine"));
        }
        assertThrows(ConfigException.class, () -> Logging.setLevel("haven=loud"));
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void aRegionFailoverIsLoggedNamingTheNode() {
        Support.servers("regions");
        MultiEndpointConfig config = MultiEndpointConfig.builder(
                        Endpoint.of("east", MultiEndpointTest.region(6440)).weight(3),
                        Endpoint.of("west", MultiEndpointTest.region(6441)).weight(2))
                .healthCheck(MultiEndpointTest.fastCheck()).failbackGraceMs(500).requestTimeoutMs(Support.TIMEOUT_MS)
                .logLevel("info").build();
        try (Support.FaultLock lock = new Support.FaultLock();
             HavenClient c = await(HavenClient.connect(config))) {
            Support.killNode(6440);
            try {
                waitFor("the failover", r -> r.getLevel() == Level.WARNING && r.getLoggerName().equals("haven.failover")
                        && r.getMessage().contains("failover from endpoint east to west"));
                waitFor("the lost node", r -> r.getLevel().intValue() >= Level.INFO.intValue()
                        && r.getMessage().contains("127.0.0.1:6440"));
            } finally {
                Support.restartNode(6440);
            }
            waitFor("the failback", r -> r.getMessage().contains("failback from endpoint west to east"));
        }
    }

    @Test
    void noPasswordInAnyRecordAtTrace() {
        Support.servers("auth");
        String password = "hunter2";
        StandaloneConfig config = StandaloneConfig.builder("127.0.0.1:6401").database(Support.DB).password(password)
                .requestTimeoutMs(Support.TIMEOUT_MS).reconnect(Backoff.defaults()).logLevel("trace").build();
        try (HavenClient client = await(HavenClient.connect(config)); HavenClient other = await(HavenClient.connect(config))) {
            await(client.set(key("secret"), password));
            assertEquals(password, await(client.get(key("secret"))));
            for (int i = 0; i < 2; i++) {
                long before = find(r -> r.getMessage().contains("reconnected to 127.0.0.1:6401")).size();
                killConnection(client, other);
                Support.waitFor(() -> "an AUTH-bearing reconnect in\n" + dump(), 20,
                        () -> find(r -> r.getMessage().contains("reconnected to 127.0.0.1:6401")).size() > before);
                await(client.customCommand("PING"));
            }
            try {
                await(client.customCommand("AUTH", password));
            } catch (HavenException e) {
                // Refused on the shared connection: only the attempt matters.
            }
            waitFor("the trace line of the SET", r -> r.getLevel() == Level.FINER && r.getMessage().equals("request: SET"));
        }
        assertFalse(find(r -> r.getLevel() == Level.FINE).isEmpty(), dump());
        for (LogRecord r : records) {
            assertFalse(r.getMessage().contains(password), "the password in " + r.getLoggerName() + ": " + r.getMessage());
        }
    }
}
