package io.haven;

import java.util.Map;

/** XPENDING's summary: how many entries are pending, the lowest and highest id, and the count per consumer. */
public record PendingSummary(long count, String lowestId, String highestId, Map<String, Long> consumers) {}
