package io.haven;

/** More requests in flight than inflightLimit allows. */
public class BackpressureException extends HavenException {
    private static final long serialVersionUID = 1L;

    public BackpressureException(String message) {
        super(message);
    }
}
