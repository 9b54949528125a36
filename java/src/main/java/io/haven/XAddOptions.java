package io.haven;

import java.util.ArrayList;
import java.util.List;

/** XADD's options: the id (default "*"), trimming (MAXLEN or MINID, approximate by default) and NOMKSTREAM. */
public final class XAddOptions {
    private String id = "*";
    private String trim;
    private String threshold;
    private boolean approximate = true;
    private boolean nomkstream;

    public static XAddOptions create() {
        return new XAddOptions();
    }

    public XAddOptions id(String id) { this.id = java.util.Objects.requireNonNull(id, "id"); return this; }
    /** Keep at most {@code maxlen} entries. */
    public XAddOptions maxlen(long maxlen) { trim = "MAXLEN"; threshold = Long.toString(maxlen); return this; }
    /** Drop entries with ids below {@code minid}. */
    public XAddOptions minid(String minid) { trim = "MINID"; threshold = java.util.Objects.requireNonNull(minid, "minid"); return this; }
    /** Trim exactly (no "~"). */
    public XAddOptions exact() { approximate = false; return this; }
    /** Do not create the stream when it does not exist (the reply is then null). */
    public XAddOptions nomkstream() { nomkstream = true; return this; }

    List<String> args() {
        List<String> a = new ArrayList<>(5);
        if (nomkstream) a.add("NOMKSTREAM");
        if (trim != null) {
            a.add(trim);
            if (approximate) a.add("~");
            a.add(threshold);
        }
        a.add(id);
        return a;
    }
}
