package io.haven;

import java.util.List;

/** One SCAN step: the next cursor ("0" when done) and the keys of this page. */
public record ScanResult<T>(String cursor, List<T> keys) {
    public boolean finished() {
        return "0".equals(cursor);
    }
}
