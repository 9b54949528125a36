package io.haven.internal;

import io.haven.ResponseException;
import io.haven.proto.Value;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns engine replies (proto {@code Value}) into Java values: the generic
 * shape for customCommand and batches (text: String, binary: byte[]; Long,
 * Double, Boolean, BigInteger, List, Map, null; a server error inside an
 * aggregate becomes a {@link ResponseException} value) and the typed
 * converters the command methods use.
 */
public final class Replies {
    private Replies() {}

    public static Object generic(Value v, boolean text) {
        switch (v.getKindCase()) {
            case SIMPLE_STRING: return v.getSimpleString().toStringUtf8();
            case BULK_STRING: return text ? v.getBulkString().toStringUtf8() : v.getBulkString().toByteArray();
            case VERBATIM: return text ? v.getVerbatim().getText().toStringUtf8() : v.getVerbatim().getText().toByteArray();
            case INTEGER: return v.getInteger();
            case DOUBLE: return v.getDouble();
            case BIG_NUMBER: return new BigInteger(v.getBigNumber());
            case BOOLEAN: return v.getBoolean();
            case ARRAY: return list(v.getArray().getItemsList(), text);
            case SET: return list(v.getSet().getItemsList(), text);
            case PUSH: return list(v.getPush().getItemsList(), text);
            case MAP: {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (io.haven.proto.Entry e : v.getMap().getEntriesList()) {
                    m.put(generic(e.getKey(), true), generic(e.getValue(), text));
                }
                return m;
            }
            case SERVER_ERROR: return new ResponseException(v.getServerError());
            default: return null;
        }
    }

    private static List<Object> list(List<Value> items, boolean text) {
        List<Object> out = new ArrayList<>(items.size());
        for (Value i : items) out.add(generic(i, text));
        return out;
    }

    /** The items of an array, set or push reply (RESP2 maps come as arrays). */
    public static List<Value> itemsOf(Value v) {
        return items(v);
    }

    static List<Value> items(Value v) {
        switch (v.getKindCase()) {
            case ARRAY: return v.getArray().getItemsList();
            case SET: return v.getSet().getItemsList();
            case PUSH: return v.getPush().getItemsList();
            case NIL: return List.of();
            default: throw unexpected("an array", v);
        }
    }

    static ResponseException unexpected(String what, Value v) {
        return new ResponseException("unexpected reply: expected " + what + ", got " + v.getKindCase());
    }

    public static String str(Value v) {
        switch (v.getKindCase()) {
            case NIL: return null;
            case SIMPLE_STRING: return v.getSimpleString().toStringUtf8();
            case BULK_STRING: return v.getBulkString().toStringUtf8();
            case VERBATIM: return v.getVerbatim().getText().toStringUtf8();
            case INTEGER: return Long.toString(v.getInteger());
            case DOUBLE: return Double.toString(v.getDouble());
            case BIG_NUMBER: return v.getBigNumber();
            default: throw unexpected("a string", v);
        }
    }

    public static byte[] bytes(Value v) {
        switch (v.getKindCase()) {
            case NIL: return null;
            case BULK_STRING: return v.getBulkString().toByteArray();
            case SIMPLE_STRING: return v.getSimpleString().toByteArray();
            case VERBATIM: return v.getVerbatim().getText().toByteArray();
            default: {
                String s = str(v);
                return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    public static Long lng(Value v) {
        switch (v.getKindCase()) {
            case NIL: return null;
            case INTEGER: return v.getInteger();
            case BOOLEAN: return v.getBoolean() ? 1L : 0L;
            default: {
                String s = str(v);
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw unexpected("an integer", v);
                }
            }
        }
    }

    public static Double dbl(Value v) {
        switch (v.getKindCase()) {
            case NIL: return null;
            case DOUBLE: return v.getDouble();
            case INTEGER: return (double) v.getInteger();
            default: {
                String s = str(v);
                switch (s) {
                    case "inf": case "+inf": return Double.POSITIVE_INFINITY;
                    case "-inf": return Double.NEGATIVE_INFINITY;
                    default:
                        try {
                            return Double.parseDouble(s);
                        } catch (NumberFormatException e) {
                            throw unexpected("a number", v);
                        }
                }
            }
        }
    }

    public static Boolean bool(Value v) {
        switch (v.getKindCase()) {
            case BOOLEAN: return v.getBoolean();
            case INTEGER: return v.getInteger() != 0;
            case NIL: return false;
            default: return true;
        }
    }

    public static List<String> strList(Value v) {
        List<Value> items = items(v);
        List<String> out = new ArrayList<>(items.size());
        for (Value i : items) out.add(str(i));
        return out;
    }

    public static List<byte[]> bytesList(Value v) {
        List<Value> items = items(v);
        List<byte[]> out = new ArrayList<>(items.size());
        for (Value i : items) out.add(bytes(i));
        return out;
    }

    /** A map reply (RESP3) or a flat key, value, ... array (RESP2). */
    public static Map<String, String> strMap(Value v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.getKindCase() == Value.KindCase.MAP) {
            for (io.haven.proto.Entry e : v.getMap().getEntriesList()) out.put(str(e.getKey()), str(e.getValue()));
        } else {
            List<Value> items = items(v);
            for (int i = 0; i + 1 < items.size(); i += 2) out.put(str(items.get(i)), str(items.get(i + 1)));
        }
        return out;
    }

    /** A binary map reply, keyed by content (see {@link io.haven.ByteArrayMap}). */
    public static Map<byte[], byte[]> bytesMap(Value v) {
        Map<byte[], byte[]> out = new io.haven.ByteArrayMap<>();
        if (v.getKindCase() == Value.KindCase.MAP) {
            for (io.haven.proto.Entry e : v.getMap().getEntriesList()) out.put(bytes(e.getKey()), bytes(e.getValue()));
        } else {
            List<Value> items = items(v);
            for (int i = 0; i + 1 < items.size(); i += 2) out.put(bytes(items.get(i)), bytes(items.get(i + 1)));
        }
        return out;
    }

    // ------------------------------------------------------------ streams --

    /** [id, [field, value, ...]] entries of one stream. */
    public static List<io.haven.StreamMessage> streamEntries(String stream, Value v) {
        List<io.haven.StreamMessage> out = new ArrayList<>();
        for (Value e : items(v)) {
            List<Value> parts = items(e);
            if (parts.size() != 2) throw unexpected("a stream entry [id, fields]", e);
            Value fields = parts.get(1);
            out.add(new io.haven.StreamMessage(stream, str(parts.get(0)),
                    fields.getKindCase() == Value.KindCase.NIL ? null : strMap(fields)));
        }
        return out;
    }

    /** XREAD / XREADGROUP: RESP3 {stream: entries} or RESP2 [[stream, entries]], flattened in order; nil is empty. */
    public static List<io.haven.StreamMessage> streamRead(Value v) {
        List<io.haven.StreamMessage> out = new ArrayList<>();
        if (v.getKindCase() == Value.KindCase.NIL) return out;
        if (v.getKindCase() == Value.KindCase.MAP) {
            for (io.haven.proto.Entry e : v.getMap().getEntriesList()) out.addAll(streamEntries(str(e.getKey()), e.getValue()));
            return out;
        }
        for (Value pair : items(v)) {
            List<Value> parts = items(pair);
            if (parts.size() != 2) throw unexpected("[stream, entries]", pair);
            out.addAll(streamEntries(str(parts.get(0)), parts.get(1)));
        }
        return out;
    }

    public static io.haven.PendingSummary pendingSummary(Value v) {
        List<Value> parts = items(v);
        if (parts.size() != 4) throw unexpected("XPENDING's [count, min, max, consumers]", v);
        Map<String, Long> consumers = new LinkedHashMap<>();
        for (Value c : items(parts.get(3))) {
            List<Value> pair = items(c);
            consumers.put(str(pair.get(0)), Long.parseLong(str(pair.get(1))));
        }
        return new io.haven.PendingSummary(lng(parts.get(0)), str(parts.get(1)), str(parts.get(2)), consumers);
    }

    public static java.util.function.Function<Value, io.haven.ClaimedMessages> claimed(String stream) {
        return v -> {
            List<Value> parts = items(v);
            if (parts.size() < 2) throw unexpected("XAUTOCLAIM's [next, entries, deleted]", v);
            List<String> deleted = parts.size() > 2 ? strList(parts.get(2)) : List.of();
            return new io.haven.ClaimedMessages(str(parts.get(0)), streamEntries(stream, parts.get(1)), deleted);
        };
    }

    /** GEOPOS: [longitude, latitude] per member, null where missing. */
    public static List<double[]> positions(Value v) {
        List<double[]> out = new ArrayList<>();
        for (Value p : items(v)) {
            if (p.getKindCase() == Value.KindCase.NIL) {
                out.add(null);
                continue;
            }
            List<Value> xy = items(p);
            out.add(new double[] {dbl(xy.get(0)), dbl(xy.get(1))});
        }
        return out;
    }

    /** Integers with nils (BITFIELD's FAIL overflow) as null. */
    public static List<Long> longsOrNull(Value v) {
        List<Long> out = new ArrayList<>();
        for (Value i : items(v)) out.add(i.getKindCase() == Value.KindCase.NIL ? null : lng(i));
        return out;
    }
}
