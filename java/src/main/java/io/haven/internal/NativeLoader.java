package io.haven.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libhaven_jni once: from the file named by the system property
 * {@code haven.native.path} if set, else from the JAR's
 * {@code io/haven/native/<os>-<arch>/} resource, copied to a fresh temp file
 * (unique name, owner-only permissions as {@link Files#createTempFile} makes
 * it) that is deleted right after loading (the mapping stays) and on exit.
 */
final class NativeLoader {
    private NativeLoader() {}

    static final String PLATFORM = platform();

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
                return;
            } catch (UnsupportedOperationException e) {
                failure = e;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                failure = new IllegalStateException("haven: could not load the native library: " + e, e);
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
        String resource = "/io/haven/native/" + PLATFORM + "/libhaven_jni.so";
        InputStream in = PLATFORM.equals("linux-x86_64") ? NativeLoader.class.getResourceAsStream(resource) : null;
        if (in == null) {
            throw new UnsupportedOperationException("haven: no native library for this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + "); this JAR supports linux-x86_64 (resource " + resource + " not found)");
        }
        Path tmp = null;
        try (in) {
            tmp = Files.createTempFile("haven-jni-", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            System.load(tmp.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new IllegalStateException("haven: could not extract the native library to a temp file: " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // deleteOnExit still removes it.
                }
            }
        }
    }
}
