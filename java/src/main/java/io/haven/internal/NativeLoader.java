package io.haven.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Loads libhaven_jni once, from the first of these that works:
 *
 * <ol>
 *   <li>the file named by the system property {@code haven.native.path} (nothing else is tried);
 *   <li>the JAR's {@code io/haven/native/<os>-<arch>/libhaven_jni.so}, copied to a fresh file
 *       (unique name, owner-only permissions) in the extraction directory: the system property
 *       {@code haven.native.tmpdir}, else the environment variable {@code HAVEN_NATIVE_TMPDIR},
 *       else {@code java.io.tmpdir}; the file is deleted right after loading (the mapping stays);
 *   <li>when that fails (a temp dir mounted {@code noexec}, not writable, full), the same library
 *       in a per-user cache, {@code $XDG_CACHE_HOME/haven/native/<sha-256>/} (default
 *       {@code ~/.cache}), a directory only the user can write; it is kept and reused by later
 *       runs after its content is checked against the JAR's.
 * </ol>
 *
 * When nothing works the error names every place tried and why it failed.
 */
final class NativeLoader {
    private NativeLoader() {}

    static final String PLATFORM = platform();
    private static final String LIBRARY = "libhaven_jni.so";

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.replace(' ', '_');
        String a = (arch.equals("amd64") || arch.equals("x86_64")) ? "x86_64" : arch;
        return o + "-" + a;
    }

    private static boolean loaded;
    private static RuntimeException failure;

    static synchronized void ensure() {
        if (loaded) return;
        if (failure == null) {
            try {
                load();
                loaded = true;
                Logs.start();
                return;
            } catch (UnsupportedOperationException e) {
                failure = e;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                failure = new IllegalStateException(
                        e.getMessage() != null && e.getMessage().startsWith("haven:")
                                ? e.getMessage()
                                : "haven: could not load the native library: " + e,
                        e);
            }
        }
        // A fresh exception each time, with this caller's stack.
        if (failure instanceof UnsupportedOperationException) {
            throw new UnsupportedOperationException(failure.getMessage(), failure);
        }
        throw new IllegalStateException(failure.getMessage(), failure);
    }

    private static void load() {
        String explicit = System.getProperty("haven.native.path");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(Path.of(explicit).toAbsolutePath().toString());
            return;
        }
        String resource = "/io/haven/native/" + PLATFORM + "/" + LIBRARY;
        byte[] library = PLATFORM.equals("linux-x86_64") ? readResource(resource) : null;
        if (library == null) {
            throw new UnsupportedOperationException("haven: no native library for this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "); this JAR supports linux-x86_64 (resource " + resource + " not found)");
        }
        List<String> attempts = new ArrayList<>();
        Path tmpDir = extractionDir();
        try {
            loadFromTemp(library, tmpDir);
            return;
        } catch (IOException | UnsatisfiedLinkError e) {
            attempts.add(tmpDir + ": " + e);
        }
        Path cache = null;
        try {
            cache = userCacheDir().resolve(sha256(library));
            loadFromCache(library, cache);
            return;
        } catch (IOException | UnsatisfiedLinkError e) {
            attempts.add((cache != null ? cache : "the per-user cache") + ": " + e);
        }
        throw new IllegalStateException("haven: could not load the native library; tried " + String.join("; ", attempts)
                + ". Set -Dhaven.native.tmpdir (or HAVEN_NATIVE_TMPDIR) to a writable directory that allows"
                + " executable mappings, or -Dhaven.native.path to an extracted " + LIBRARY);
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("haven: could not read " + resource + " from the JAR: " + e, e);
        }
    }

    private static Path extractionDir() {
        String dir = System.getProperty("haven.native.tmpdir");
        if (dir == null || dir.isEmpty()) dir = System.getenv("HAVEN_NATIVE_TMPDIR");
        if (dir == null || dir.isEmpty()) dir = System.getProperty("java.io.tmpdir");
        return Path.of(dir).toAbsolutePath();
    }

    private static Path userCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = (xdg != null && !xdg.isEmpty())
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.toAbsolutePath().resolve("haven").resolve("native");
    }

    /** A fresh owner-only file in {@code dir}, loaded, then deleted. */
    private static void loadFromTemp(byte[] library, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "haven-jni-", ".so");
        try {
            tmp.toFile().deleteOnExit();
            Files.write(tmp, library);
            System.load(tmp.toString());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // deleteOnExit still removes it.
            }
        }
    }

    /** {@code dir/libhaven_jni.so}, written once (atomically) and reused while its content matches. */
    private static void loadFromCache(byte[] library, Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path target = dir.resolve(LIBRARY);
        boolean current = false;
        if (Files.isRegularFile(target)) {
            current = sha256(Files.readAllBytes(target)).equals(sha256(library));
        }
        if (!current) {
            Path tmp = Files.createTempFile(dir, ".haven-jni-", ".so");
            try {
                Files.write(tmp, library);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        System.load(target.toString());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
