package io.haven;

/** The request's deadline (requestTimeoutMs, or the request's own timeout) passed. */
public class TimeoutException extends HavenException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(message);
    }
}
