package io.haven;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Parity with the command specification (proto/commands.json, written by
 * scripts/gen_command_table.py from both servers' COMMAND DOCS): every
 * command with a Java method name there must be a public method of
 * HavenClient, except those in src/test/resources/parity_pending.txt, the
 * ones not typed yet. The list only shrinks: a command typed since must
 * leave it; one gone missing fails. Names match without regard to case
 * (incrBy is INCRBY). HAVEN_PARITY_WRITE=1 rewrites the list.
 */
class ParityTest {
    static final Path PENDING = Support.REPO.resolve("java/src/test/resources/parity_pending.txt");
    /** "name": {... "methods": {... "java": "method" ...} ...} in the spec's layout (one key per line). */
    static final Pattern JAVA_NAME = Pattern.compile("\"java\": \"([^\"]+)\"");

    @Test
    void everyCommandOfTheSpecificationIsAMethod() throws IOException {
        List<String[]> expected = expected(Files.readAllLines(Support.REPO.resolve("proto/commands.json")));
        Set<String> methods = new HashSet<>();
        for (Method m : HavenClient.class.getMethods()) {
            if (Modifier.isPublic(m.getModifiers())) methods.add(m.getName().toLowerCase());
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String[] e : expected) if (!methods.contains(e[1].toLowerCase())) missing.add(e[0]);
        if (System.getenv("HAVEN_PARITY_WRITE") != null) {
            Files.write(PENDING, missing);
        }
        TreeSet<String> pending = new TreeSet<>();
        for (String line : Files.readAllLines(PENDING)) if (!line.isBlank()) pending.add(line.trim());
        TreeSet<String> newlyMissing = new TreeSet<>(missing);
        newlyMissing.removeAll(pending);
        TreeSet<String> nowTyped = new TreeSet<>(pending);
        nowTyped.removeAll(missing);
        assertTrue(newlyMissing.isEmpty(), "commands of the specification without a Java method: " + newlyMissing);
        assertTrue(nowTyped.isEmpty(), "typed now: remove from parity_pending.txt: " + nowTyped);
        System.out.println("java parity: " + (expected.size() - missing.size()) + " of " + expected.size()
                + " commands typed (" + missing.size() + " pending)");
    }

    /** [command, java method] for every command with methods, read from the spec's JSON lines. */
    static List<String[]> expected(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        Pattern commandKey = Pattern.compile("^  \"([^\"]+)\": \\{$");
        String current = null;
        for (String line : lines) {
            Matcher c = commandKey.matcher(line);
            if (c.matches()) current = c.group(1);
            Matcher m = JAVA_NAME.matcher(line);
            if (m.find() && current != null) out.add(new String[] {current, m.group(1)});
        }
        return out;
    }

    @Test
    void methodsGeneratedFromTheSpecificationRunTheirCommands() {
        Support.servers("standalone");
        try (HavenClient c = Support.await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            String k = Support.key("gen"), d = Support.key("gen-d");
            Support.await(c.set(k, "v"));
            assertEquals("embstr", Support.await(c.objectEncoding(k)));
            assertEquals("v", Support.await(c.getset(k, "w")));
            assertEquals("default", Support.await(c.aclWhoami()));
            assertTrue((Long) Support.await(c.clientId()) > 0);
            Support.await(c.sadd(d + "1", "x", "y"));
            assertEquals(2L, Support.await(c.sinterstore(d, d + "1")));
            assertEquals(0L, Support.await(c.waitForReplication(0, 10)));
            String l = Support.key("gen-l");
            Support.await(c.rpush(l, "a", "b", "c", "b"));
            assertEquals(3L, Support.await(c.lpos(l, "b", "RANK", "2")));
            assertEquals(List.of(1L, 3L), Support.await(c.lpos(l, "b", "COUNT", "0")));
            assertEquals(1L, Support.await(c.copy(k, d + "2")));
            assertEquals(1L, Support.await(c.copy(k, d + "2", "REPLACE")));
            assertEquals("a", Support.await(c.lmove(l, l, "LEFT", "RIGHT")));
            Support.await(c.del(k, d, d + "1", d + "2", l));
        }
    }

    /**
     * The shapes generated beyond plain arguments: a repeated argument before
     * a required one (BLPOP keys timeout: varargs last, as Lettuce's), counts
     * computed (SINTERCARD, EVAL_RO with no keys), repeated pairs (HMSET as a
     * Map), optional arguments as words (SORT LIMIT), a required choice as
     * words (CLUSTER SETSLOT), and the hand-written CLIENT KILL, SHUTDOWN and
     * CLUSTER MIGRATESLOTS with their errors.
     */
    @Test
    void generatedBlocksCountsAndChoicesReachTheServer() {
        Support.servers("standalone");
        try (HavenClient c = Support.await(HavenClient.connect(StandaloneConfig.builder("127.0.0.1:6400")
                .requestTimeoutMs(Support.TIMEOUT_MS).build()))) {
            String h = Support.key("gen2-h"), s1 = Support.key("gen2-s1"), s2 = Support.key("gen2-s2"), l = Support.key("gen2-l");
            assertEquals("OK", Support.await(c.hmset(h, java.util.Map.of("f1", "a", "f2", "b"))));
            assertEquals("b", Support.await(c.hget(h, "f2")));
            Support.await(c.sadd(s1, "a", "b", "c"));
            Support.await(c.sadd(s2, "b", "c", "d"));
            assertEquals(2L, Support.await(c.sintercard(new String[] {s1, s2})));
            assertEquals(1L, Support.await(c.sintercard(new String[] {s1, s2}, "LIMIT", "1")));
            assertEquals(0L, Support.await(c.evalReadonly("return #KEYS", null)));
            assertEquals(2L, Support.await(c.evalReadonly("return #KEYS", new String[] {s1, s2})));
            Support.await(c.rpush(l, "3", "1", "2"));
            assertEquals(List.of("1", "2", "3"), Support.await(c.sort(l)));
            assertEquals(List.of("3", "2"), Support.await(c.sort(l, "LIMIT", "0", "2", "DESC")));
            assertEquals(List.of(l, "3"), Support.await(c.blpop(1.0, l + "-none", l)));
            ResponseException refused = assertThrows(ResponseException.class, () -> Support.await(c.clusterSetslot(1, "STABLE")));
            assertTrue(refused.getMessage().toLowerCase().contains("cluster"), refused.getMessage());
            assertEquals(0L, Support.await(c.clientKill(java.util.Map.of("id", List.of(999999999L), "SKIPME", true))));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.clientKill(java.util.Map.of("colour", "red")));
            assertTrue(bad.getMessage().contains("colour is not a CLIENT KILL filter"), bad.getMessage());
            assertThrows(IllegalArgumentException.class, () -> c.shutdown("ABORT", "NOW"));
            assertThrows(IllegalArgumentException.class, () -> c.shutdown("SIDEWAYS"));
            assertThrows(ResponseException.class, () -> Support.await(c.shutdown("ABORT")));  // none in progress
            assertThrows(IllegalArgumentException.class, () -> c.clusterMigrateslots(java.util.Map.of()));
            // the byte[] forms: binary keys and values, bulk strings back as byte[]
            byte[] bk = (h + "-bin").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] raw = {0, (byte) 0xff, 10, 13};
            ByteArrayMap<byte[]> fields = new ByteArrayMap<>();
            fields.put(raw, raw);
            assertEquals("OK", Support.await(c.hmset(bk, fields)));
            assertArrayEquals(raw, (byte[]) Support.await(c.customCommand("HGET".getBytes(), bk, raw)));
            assertEquals(List.of(l, "1"), Support.await(c.blpop(1.0, l)));
            Object popped = Support.await(c.blpop(1.0, (l).getBytes()));
            assertArrayEquals("2".getBytes(), (byte[]) ((List<?>) popped).get(1));
            String encoding = new String((byte[]) Support.await(c.objectEncoding(bk)), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(List.of("listpack", "ziplist", "hashtable").contains(encoding), encoding);
            Support.await(c.del(h, s1, s2, l, h + "-bin"));
        }
    }
}
