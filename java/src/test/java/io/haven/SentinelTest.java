package io.haven;

import static io.haven.Support.await;
import static io.haven.Support.key;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Sentinel (26420-26422, master havenprimary): a failover is followed, with an event. */
class SentinelTest {
    static String master() {
        return Support.cli(26420, "SENTINEL", "get-master-addr-by-name", "havenprimary").replace('\n', ':');
    }

    @Test
    @SuppressWarnings("try") // the fault lock is held, not used
    void sentinelFailoverIsFollowed() {
        Support.servers("sentinel");
        SentinelConfig config = SentinelConfig.builder("havenprimary", "127.0.0.1:26420", "127.0.0.1:26421", "127.0.0.1:26422")
                .database(Support.DB).requestTimeoutMs(Support.TIMEOUT_MS).build();
        try (Support.FaultLock lock = new Support.FaultLock();
             HavenClient c = await(HavenClient.connect(config))) {
            List<Event> events = new CopyOnWriteArrayList<>();
            c.addEventListener(events::add);
            // A subscription made before the failover keeps delivering after it.
            List<Message> messages = new CopyOnWriteArrayList<>();
            c.addMessageListener(messages::add);
            String channel = key("sentinel-news");
            await(c.subscribe(channel));
            assertTrue(await(c.publish(channel, "before")) >= 1);
            Support.waitFor("the message before the failover", 10,
                    () -> messages.stream().anyMatch(m -> m.payloadString().equals("before")));
            String k = key("sentinel");
            assertEquals("OK", await(c.set(k, "before")));
            String before = master();
            // Sentinel refuses a failover while replicas are still syncing,
            // and may abandon one it accepted (failover-timeout): ask until
            // accepted, and again when an accepted one has not taken in 10 s.
            long[] asked = {System.nanoTime() - 20_000_000_000L};
            Support.waitFor("Sentinel to name a new primary", 60, () -> {
                if (!master().equals(before)) {
                    return true;
                }
                if (System.nanoTime() - asked[0] > 10_000_000_000L
                        && "OK".equals(Support.cli(26420, "SENTINEL", "FAILOVER", "havenprimary"))) {
                    asked[0] = System.nanoTime();
                }
                return false;
            });
            Support.waitFor("a primary_changed event", 30,
                    () -> events.stream().anyMatch(e -> e.kind() == Event.Kind.PRIMARY_CHANGED));
            Support.waitFor("writes on the new primary", 30, () -> {
                try {
                    return "OK".equals(await(c.set(k, "after")));
                } catch (HavenException e) {
                    return false;
                }
            });
            assertEquals("after", await(c.get(k)));
            // Published on the new primary: the engine moved the subscription there.
            Support.waitFor("a message after the failover", 30, () -> {
                try {
                    await(c.publish(channel, "after"));
                } catch (HavenException e) {
                    return false;
                }
                return messages.stream().anyMatch(m -> m.payloadString().equals("after") && m.channelString().equals(channel));
            });
            await(c.del(k));
        }
    }
}
