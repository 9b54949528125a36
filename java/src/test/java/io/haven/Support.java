package io.haven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Shared helpers of the Java suite: the project's local servers
 * (scripts/servers.sh), redis-cli for the servers' own view, the fault lock,
 * and waiting. The suite uses database 13 of the shared servers and keys
 * prefixed per process.
 */
final class Support {
    private Support() {}

    static final Path REPO = Path.of(System.getProperty("haven.repo.root", "..")).toAbsolutePath().normalize();
    static final Path SERVERS_DIR = Path.of(System.getenv().getOrDefault("HAVEN_SERVERS_DIR", "/tmp/haven-servers"));
    static final int DB = 13;
    /** Generous: the machine is small and shared, the engine a debug build. */
    static final long TIMEOUT_MS = 3000;
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    static String key(String name) {
        return "hj:" + name + ":" + ProcessHandle.current().pid();
    }

    static void servers(String... group) {
        for (String g : group) {
            if (STARTED.add(g)) run(List.of("bash", REPO.resolve("scripts/servers.sh").toString(), "start", g));
        }
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            if (p.exitValue() != 0) throw new AssertionError("failed (" + p.exitValue() + "): " + cmd + "\n" + out);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("could not run " + cmd + ": " + e, e);
        }
    }

    /** redis-cli against a local node (its own view, not haven's). */
    static String cli(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * Whether a replica of the primary on {@code port} is online and has
     * acknowledged everything the primary wrote so far (its INFO
     * replication). A replica an earlier test restarted may still be
     * syncing: it would answer reads without the write, and take over
     * without it.
     */
    static boolean replicasCaughtUp(int port) {
        String info;
        try {
            info = cli(port, "INFO", "replication");
        } catch (AssertionError e) {
            return false;
        }
        long target = -1;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("master_repl_offset:")) target = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
        if (target < 0) return false;
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("slave") || !line.contains("state=online")) continue;
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith("offset=") && Long.parseLong(field.substring(7).trim()) >= target) return true;
            }
        }
        return false;
    }

    static void killNode(int port) {
        run(List.of("bash", REPO.resolve("scripts/servers.sh").toString(), "kill-node", Integer.toString(port)));
    }

    static void restartNode(int port) {
        run(List.of("bash", REPO.resolve("scripts/servers.sh").toString(), "restart-node", Integer.toString(port)));
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no completion within 30 s", e);
        }
    }

    static void waitFor(String what, long seconds, BooleanSupplier cond) {
        waitFor(() -> what, seconds, cond);
    }

    static void waitFor(java.util.function.Supplier<String> what, long seconds, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what.get());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The machine-wide fault lock (COMMON.md): an exclusive flock(2) on
     * faults.lock, held by a `flock` child process for as long as this object
     * is open. Not FileChannel.lock(): on Linux that takes a POSIX (fcntl)
     * lock, which does not exclude the flock(2) locks the other suites take.
     * If the JVM dies, the child's stdin closes and the lock goes with it.
     */
    static final class FaultLock implements AutoCloseable {
        private final Process holder;

        FaultLock() {
            try {
                Files.createDirectories(SERVERS_DIR);
                Path lock = SERVERS_DIR.resolve("faults.lock");
                // Other suites hold it for a whole fault test or benchmark phase:
                // wait up to 15 minutes, then fail saying so (never hang).
                holder = new ProcessBuilder("flock", "-x", "-w", "900", lock.toString(), "sh", "-c", "echo locked; read _")
                        .redirectErrorStream(true).start();
                BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                String line = r.readLine();
                if (!"locked".equals(line)) {
                    throw new AssertionError("could not take the fault lock " + lock + " within 15 minutes (held by another suite?): " + line);
                }
            } catch (IOException e) {
                throw new AssertionError("could not take the fault lock: " + e, e);
            }
        }

        @Override
        public void close() {
            try {
                holder.getOutputStream().close();
                holder.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                holder.destroy();
            }
        }
    }
}
