package io.haven;

/** A multi-endpoint deployment's endpoint: may it take traffic, and its last error (null if none). */
public record EndpointHealth(String name, boolean healthy, String lastError) {}
