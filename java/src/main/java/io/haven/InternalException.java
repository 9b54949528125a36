package io.haven;

/**
 * A bug inside haven's engine (a panic on the request's path). The request
 * was answered with this error instead of being lost; please report it.
 */
public class InternalException extends HavenException {
    private static final long serialVersionUID = 1L;

    public InternalException(String message) {
        super(message);
    }
}
