package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link CredentialProvider} on the {@code auth} group (6401, requirepass
 * "hunter2"), as core/tests/credentials.rs does it for the engine: the
 * provider's credentials authenticate the connection; when they rotate, the
 * same server-side connection re-authenticates in place while callers keep
 * going; a provider that throws fails the connect saying so (never with the
 * secret); a refresh interval asks on its own; bad setups are named.
 */
class CredentialProviderTest {
    private static final String ADMIN = "hunter2";
    private static final int PORT = 6401;
    /** ACL users made by the current test, deleted after it. */
    private final List<String> users = new ArrayList<>();

    @BeforeAll
    static void servers() {
        Support.servers("auth");
    }

    @AfterEach
    void deleteUsers() {
        for (String u : users) admin("ACL", "DELUSER", u);
    }

    /** redis-cli as the default user (Support.cli does not pass the password). */
    static String admin(String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(PORT),
                "-a", ADMIN, "--no-auth-warning"));
        cmd.addAll(List.of(args));
        return Support.run(cmd);
    }

    /** A user of this test's own with {@code password}. */
    String user(String name, String password) {
        String user = "hj-rot-" + name + "-" + ProcessHandle.current().pid();
        assertEquals("OK", admin("ACL", "SETUSER", user, "reset", "on", ">" + password, "~*", "&*", "+@all"));
        users.add(user);
        return user;
    }

    /** The ids of the server-side connections authenticated as {@code user}. */
    static List<String> clientIdsOf(String user) {
        List<String> ids = new ArrayList<>();
        for (String line : admin("CLIENT", "LIST").split("\n")) {
            if (line.contains(" user=" + user + " ") && !line.contains("cmd=client|list")) {
                ids.add(line.trim().split(" ")[0]);
            }
        }
        return ids;
    }

    static StandaloneConfig.Builder config() {
        return StandaloneConfig.builder("127.0.0.1:" + PORT).database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS);
    }

    /** A provider answering with whatever {@code now} holds, counting its calls. */
    static CredentialProvider provider(AtomicReference<Credentials> now, AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            return now.get();
        };
    }

    @Test
    void rotatedCredentialsReAuthenticateTheLiveConnectionWithoutLosingRequests() throws Exception {
        String a = user("live", "first-secret");
        AtomicReference<Credentials> now = new AtomicReference<>(Credentials.of(a, "first-secret"));
        AtomicInteger calls = new AtomicInteger();
        try (HavenClient client = await(HavenClient.connect(config().credentialProvider(provider(now, calls)).build()))) {
            List<Event> disconnects = new CopyOnWriteArrayList<>();
            client.addEventListener(e -> {
                if (e.kind() == Event.Kind.NODE_DISCONNECTED) disconnects.add(e);
            });
            assertEquals(1, calls.get(), "asked once at connect");
            String k = key("cred");
            assertEquals("OK", await(client.set(k, "1")));
            List<String> before = clientIdsOf(a);
            assertEquals(1, before.size(), "one shared connection: " + before);

            // Eight callers keep going while the credentials rotate.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            List<String> failed = Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            String b = user("live-next", "second-secret");
            for (int i = 0; i < 8; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            client.incr(k).get(30, TimeUnit.SECONDS);
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            failed.add(e.toString());
                        }
                    }
                }, "caller-" + i);
                t.start();
                callers.add(t);
            }
            try {
                Thread.sleep(200);
                // The provider moves to another user (as a rotation to a new
                // token would): the same server-side connection must now run
                // as that user.
                now.set(Credentials.of(b, "second-secret"));
                assertTrue(await(client.refreshCredentials()), "the credentials changed");
                Support.waitFor(() -> "connection " + before + " re-authenticated as " + b + ": " + clientIdsOf(a)
                        + " / " + clientIdsOf(b), 20, () -> clientIdsOf(b).equals(before));
                // The first user is revoked; the callers go on.
                assertEquals("1", admin("ACL", "DELUSER", a));
                users.remove(a);
                Thread.sleep(300);
            } finally {
                stop.set(true);
                for (Thread t : callers) t.join(60_000);
            }
            assertTrue(failed.isEmpty(), failed.size() + " requests failed during the rotation: "
                    + failed.subList(0, Math.min(3, failed.size())));
            assertTrue(ok.get() > 50, "callers made progress: " + ok.get());
            assertEquals(before, clientIdsOf(b), "the same server-side connection, re-authenticated in place");
            assertTrue(disconnects.isEmpty(), "the connection dropped: " + disconnects);
            // A dedicated connection opens with the new credentials (the old
            // user is gone from the server now).
            assertNull(await(client.customCommand("BLPOP", key("cred-q"), "0.1")));
            assertFalse(await(client.refreshCredentials()), "unchanged credentials are no change");
            assertEquals(3, calls.get(), "connect and two refreshes");
            await(client.del(k));
        }
    }

    @Test
    void aProviderThatFailsAtConnectFailsTheConnectSayingWhyButNotTheSecret() {
        CredentialProvider throwing = () -> {
            throw new IllegalStateException("the vault is sealed");
        };
        HavenException e = assertThrows(HavenException.class,
                () -> await(HavenClient.connect(config().credentialProvider(throwing).build())));
        assertInstanceOf(ConnectionException.class, e, e.toString());
        assertTrue(e.getMessage().contains("the vault is sealed"), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());

        e = assertThrows(HavenException.class, () -> await(HavenClient.connect(config().credentialProvider(() -> null).build())));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());

        // Credentials the server refuses: the connect fails, and its error
        // does not carry the password.
        String u = user("wrong", "right-secret");
        e = assertThrows(HavenException.class, () -> await(HavenClient.connect(config().connectionTimeoutMs(1000)
                .credentialProvider(() -> Credentials.of(u, "wrong-secret-1234")).build())));
        assertFalse(e.getMessage().contains("wrong-secret-1234"), e.getMessage());

        // A provider slower than the connection timeout counts as failed.
        e = assertThrows(HavenException.class, () -> await(HavenClient.connect(config().connectionTimeoutMs(300)
                .credentialProvider(() -> {
                    Thread.sleep(2000);
                    return Credentials.of(ADMIN);
                }).build())));
        assertTrue(e.getMessage().contains("did not answer within 300 ms"), e.getMessage());
    }

    @Test
    void aRefreshIntervalAsksOnItsOwnAndAFailureKeepsTheCurrentCredentials() throws Exception {
        String u = user("timer", "timer-secret");
        AtomicReference<Credentials> now = new AtomicReference<>(Credentials.of(u, "timer-secret"));
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean failing = new AtomicBoolean();
        CredentialProvider p = () -> {
            calls.incrementAndGet();
            if (failing.get()) throw new java.io.IOException("token service down");
            return now.get();
        };
        try (HavenClient client = await(HavenClient.connect(config().credentialProvider(p).credentialRefreshMs(150).build()))) {
            List<Event> failures = new CopyOnWriteArrayList<>();
            client.addEventListener(e -> {
                if (e.reason().contains("credential refresh")) failures.add(e);
            });
            Thread.sleep(1000);
            assertTrue(calls.get() >= 3, "asked " + calls.get() + " times in 1 s at a 150 ms interval");
            assertEquals("PONG", await(client.customCommand("PING")));
            // A failing provider: the refresh says so, the client goes on
            // with the credentials it has.
            failing.set(true);
            HavenException e = assertThrows(HavenException.class, () -> await(client.refreshCredentials()));
            assertTrue(e.getMessage().contains("token service down"), e.getMessage());
            Support.waitFor("a credential refresh failure event", 10, () -> !failures.isEmpty());
            assertEquals("PONG", await(client.customCommand("PING")));
        }
    }

    @Test
    void badSetupsAreNamed() {
        CredentialProvider p = () -> Credentials.of(ADMIN);
        // A password and a provider: one or the other.
        ConfigException c = assertThrows(ConfigException.class,
                () -> await(HavenClient.connect(config().password(ADMIN).credentialProvider(p).build())));
        assertTrue(c.getMessage().contains("credentials") && c.getMessage().contains("credential provider"), c.getMessage());
        // Refresh intervals: shape at build, value at connect.
        c = assertThrows(ConfigException.class, () -> config().credentialProvider(p).credentialRefreshMs(-1).build());
        assertTrue(c.getMessage().contains("credential_refresh_ms"), c.getMessage());
        c = assertThrows(ConfigException.class, () -> config().credentialRefreshMs(1000).build());
        assertTrue(c.getMessage().contains("credential_refresh_ms"), c.getMessage());
        c = assertThrows(ConfigException.class,
                () -> await(HavenClient.connect(config().credentialProvider(p).credentialRefreshMs(50).build())));
        assertTrue(c.getMessage().contains("100 ms"), c.getMessage());
        // An empty username is not the default user.
        HavenException e = assertThrows(HavenException.class,
                () -> await(HavenClient.connect(config().credentialProvider(() -> Credentials.of("", ADMIN)).build())));
        assertTrue(e.getMessage().contains("empty username"), e.getMessage());
        // Multi-endpoint: one provider for all, on the MultiEndpointConfig.
        c = assertThrows(ConfigException.class, () -> MultiEndpointConfig.builder(
                Endpoint.of("a", config().credentialProvider(p).build())).build());
        assertTrue(c.getMessage().contains("endpoints[0]"), c.getMessage());
        // The password never shows.
        assertFalse(Credentials.of("app", "s3cret").toString().contains("s3cret"));
        assertThrows(NullPointerException.class, () -> Credentials.of("app", null));

        // A client without a provider cannot refresh; a closed one neither.
        HavenClient plain = await(HavenClient.connect(config().password(ADMIN).build()));
        try {
            assertThrows(ConfigException.class, () -> await(plain.refreshCredentials()));
        } finally {
            plain.close();
        }
        assertThrows(ClosingException.class, () -> await(plain.refreshCredentials()));
    }

    @Test
    void theDefaultUserAndAMultiEndpointDeploymentTakeAProvider() {
        AtomicInteger calls = new AtomicInteger();
        CredentialProvider p = () -> {
            calls.incrementAndGet();
            return Credentials.of(ADMIN);
        };
        String k = key("cred-multi");
        try (HavenClient client = await(HavenClient.connect(MultiEndpointConfig.builder(Endpoint.of("a", config().build()))
                .credentialProvider(p).requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            assertEquals("OK", await(client.set(k, "v")));
            assertEquals("v", await(client.get(k)));
            assertFalse(await(client.refreshCredentials()));
            assertTrue(calls.get() >= 2, "asked at connect and on refresh: " + calls.get());
            await(client.del(k));
        }
    }
}
