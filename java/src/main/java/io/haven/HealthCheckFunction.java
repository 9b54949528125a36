package io.haven;

/**
 * A custom health check ({@link HealthCheck#custom()}): called with the
 * endpoint's name on a small "haven-health" thread pool, never on an engine
 * thread. Returning false, throwing, or not answering within the check's
 * timeoutMs counts as unhealthy.
 */
@FunctionalInterface
public interface HealthCheckFunction {
    boolean isHealthy(String endpoint) throws Exception;
}
