package io.haven.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine's default of every setting ({@code haven_core::defaults}), by
 * the contract's {@code Message.field}: the initial values of the config
 * builders, so no default is written in Java. A field left at its default
 * is sent with the engine's own value. Reading one loads the native
 * library (where it cannot be loaded, the same clear exception as
 * connecting).
 */
public final class Defaults {
    private Defaults() {}

    private static volatile Map<String, String> values;

    /** Loaded on first use; where the library cannot load, each call throws (never a one-time initializer error). */
    private static Map<String, String> values() {
        Map<String, String> v = values;
        if (v != null) return v;
        synchronized (Defaults.class) {
            if (values == null) {
                Native.ensureLoaded();
                Map<String, String> out = new HashMap<>();
                for (String line : Native.defaults().split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
                }
                values = out;
            }
            return values;
        }
    }

    private static String text(String name) {
        String v = values().get(name);
        if (v == null) throw new IllegalStateException("haven: the engine has no default " + name);
        return v;
    }

    /** Every default as text, by {@code Message.field}. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(values());
    }

    /** An integer default (milliseconds, counts, sizes). */
    public static long integer(String name) {
        return Long.parseLong(text(name));
    }

    /** A number default (factors, rates, weights). */
    public static double number(String name) {
        return Double.parseDouble(text(name));
    }

    /** A named choice (strategy, policy, mode). */
    public static String choice(String name) {
        return text(name);
    }
}
