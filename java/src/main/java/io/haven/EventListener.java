package io.haven;

/**
 * Receives a client's events on its "haven-events" thread (one per client,
 * in order). A slow listener delays later events, never requests.
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(Event event);
}
