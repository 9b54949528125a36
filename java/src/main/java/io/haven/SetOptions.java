package io.haven;

import java.util.ArrayList;
import java.util.List;

/** SET's options: expiry (EX/PX/EXAT/PXAT/KEEPTTL), condition (NX/XX) and GET. */
public final class SetOptions {
    private String condition;
    private String expiry;
    private long expiryValue;
    private boolean get;

    public static SetOptions create() {
        return new SetOptions();
    }

    public SetOptions ex(long seconds) { expiry = "EX"; expiryValue = seconds; return this; }
    public SetOptions px(long millis) { expiry = "PX"; expiryValue = millis; return this; }
    public SetOptions exAt(long unixSeconds) { expiry = "EXAT"; expiryValue = unixSeconds; return this; }
    public SetOptions pxAt(long unixMillis) { expiry = "PXAT"; expiryValue = unixMillis; return this; }
    public SetOptions keepTtl() { expiry = "KEEPTTL"; return this; }
    /** Only set if the key does not exist. */
    public SetOptions nx() { condition = "NX"; return this; }
    /** Only set if the key exists. */
    public SetOptions xx() { condition = "XX"; return this; }
    /** Return the old value. */
    public SetOptions get() { get = true; return this; }

    List<String> args() {
        List<String> a = new ArrayList<>(4);
        if (condition != null) a.add(condition);
        if (get) a.add("GET");
        if (expiry != null) {
            a.add(expiry);
            if (!expiry.equals("KEEPTTL")) a.add(Long.toString(expiryValue));
        }
        return a;
    }
}
