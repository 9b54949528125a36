package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where futures complete, and what happens to clients that are never closed. */
class LifecycleTest {
    @BeforeAll
    static void servers() {
        Support.servers("standalone");
    }

    static StandaloneConfig config() {
        return StandaloneConfig.builder("127.0.0.1:6400").database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build();
    }

    static long dispatchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("haven-dispatcher-") && t.isAlive()).count();
    }

    @Test
    void futuresCompleteOnTheGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger handedOver = new AtomicInteger();
        try (HavenClient c = await(HavenClient.connect(config(), r -> {
            handedOver.incrementAndGet();
            pool.execute(r);
        }))) {
            int before = handedOver.get();
            assertEquals("PONG", await(c.ping()));
            assertEquals("OK", await(c.set(key("exec"), "v")));
            assertEquals(before + 2, handedOver.get());
            await(c.del(key("exec")));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void clientsDroppedWithoutCloseAreClosedAndFreed() {
        long baseline = dispatchers();
        for (int i = 0; i < 5; i++) {
            HavenClient c = await(HavenClient.connect(config()));
            assertEquals("PONG", await(c.ping()));
        }
        assertTrue(dispatchers() >= baseline + 5);
        Support.waitFor(() -> "dropped clients' dispatchers to end (" + dispatchers() + " running)", 30, () -> {
            System.gc();
            return dispatchers() <= baseline;
        });
    }
}
