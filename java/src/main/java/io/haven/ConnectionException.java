package io.haven;

/** A node could not be reached, refused the handshake, or the link was lost. */
public class ConnectionException extends HavenException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message) {
        super(message);
    }
}
