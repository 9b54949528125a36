package io.haven;

/**
 * A transaction's EXEC was aborted because a key WATCHed in its session
 * changed; nothing of the transaction was written. Retry it.
 */
public class WatchException extends HavenException {
    private static final long serialVersionUID = 1L;

    public WatchException(String message) {
        super(message);
    }
}
