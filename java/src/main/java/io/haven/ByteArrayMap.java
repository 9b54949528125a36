package io.haven;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code Map<byte[], V>} keyed by the arrays' content, not their identity
 * (as a plain {@code HashMap<byte[], V>} would be): {@code get("f".getBytes())}
 * finds the field a binary hash reply carried. Keeps the reply's order. The
 * key arrays are the map's own: do not change one while it is a key.
 */
public final class ByteArrayMap<V> extends AbstractMap<byte[], V> {
    private static final class Key {
        final byte[] bytes;
        final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final LinkedHashMap<Key, Map.Entry<byte[], V>> entries = new LinkedHashMap<>();

    public ByteArrayMap() {}

    @Override
    public V put(byte[] key, V value) {
        if (key == null) throw new NullPointerException("key");
        Map.Entry<byte[], V> old = entries.put(new Key(key), new SimpleEntry<>(key, value));
        return old == null ? null : old.getValue();
    }

    @Override
    public V get(Object key) {
        Map.Entry<byte[], V> e = key instanceof byte[] b ? entries.get(new Key(b)) : null;
        return e == null ? null : e.getValue();
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof byte[] b && entries.containsKey(new Key(b));
    }

    @Override
    public V remove(Object key) {
        Map.Entry<byte[], V> e = key instanceof byte[] b ? entries.remove(new Key(b)) : null;
        return e == null ? null : e.getValue();
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Set<Map.Entry<byte[], V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<byte[], V>> iterator() {
                return entries.values().iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }
}
