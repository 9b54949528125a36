package io.haven;

/** The client is closed or closing. */
public class ClosingException extends HavenException {
    private static final long serialVersionUID = 1L;

    public ClosingException(String message) {
        super(message);
    }
}
