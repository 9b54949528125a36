package io.haven;

import java.util.List;

/** XAUTOCLAIM's reply: where to start the next call ("0-0": done), the entries claimed, and the ids deleted meanwhile. */
public record ClaimedMessages(String nextStart, List<StreamMessage> messages, List<String> deleted) {}
