package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link HavenClient#connect(String)}: every URL form, and bad URLs as ConfigException. */
class UrlTest {
    @BeforeAll
    static void servers() {
        Support.servers("standalone", "auth");
    }

    static String socket(int port) {
        return Support.SERVERS_DIR.resolve(Integer.toString(port)).resolve("redis.sock").toString();
    }

    /** The server's view of this connection: CLIENT INFO's fields. */
    static List<String> clientInfo(HavenClient client) {
        return List.of(((String) await(client.customCommand("CLIENT", "INFO"))).trim().split("\\s+"));
    }

    @Test
    void connectsByEveryForm() {
        String k = key("url");
        String[][] cases = {
            {"redis://127.0.0.1:6400/2?client_name=java-url", "db=2"},
            {"valkey://127.0.0.1:6400?db=4&protocol=2", "db=4"},
            {"unix://" + socket(6400) + "?db=6", "db=6"},
            {"redis://:hunter2@127.0.0.1:6401", "user=default"},
            {"redis://app:app%70ass@127.0.0.1:6401/1", "user=app"},
            {"unix://app:apppass@" + socket(6401), "user=app"},
        };
        for (String[] c : cases) {
            try (HavenClient client = await(HavenClient.connect(c[0]))) {
                assertEquals("OK", await(client.set(k, c[0])), c[0]);
                assertEquals(c[0], await(client.get(k)));
                assertTrue(clientInfo(client).contains(c[1]), c[0] + ": " + clientInfo(client));
            }
        }
    }

    @Test
    void badUrlsAreConfigExceptionsNamingThePart() {
        String[][] cases = {
            {"127.0.0.1:6400", "url: scheme"},
            {"https://127.0.0.1:6400", "url: scheme"},
            {"redis://127.0.0.1:0", "port 0"},
            {"redis://127.0.0.1:6400/zero", "url: database (path)"},
            {"redis://127.0.0.1:6400?speed=fast", "url: query option speed"},
            {"unix://relative/redis.sock", "url: path"},
        };
        for (String[] c : cases) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> HavenClient.connect(c[0]).get(), c[0]);
            assertInstanceOf(ConfigException.class, e.getCause(), c[0]);
            assertTrue(e.getCause().getMessage().contains(c[1]), c[0] + ": " + e.getCause().getMessage());
        }
        // The wrong password: the server's refusal, without the password in it.
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> HavenClient.connect("redis://app:not-the-password@127.0.0.1:6401").get());
        assertInstanceOf(HavenException.class, e.getCause());
        assertFalse(e.getCause().getMessage().contains("not-the-password"), e.getCause().getMessage());
    }
}
