package io.haven;

import java.util.Map;

/**
 * A stream entry: the stream it came from, its id and its fields ({@code
 * body} is null for an entry deleted since it was delivered).
 */
public record StreamMessage(String stream, String id, Map<String, String> body) {}
