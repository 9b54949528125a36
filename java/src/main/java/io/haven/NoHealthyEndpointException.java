package io.haven;

/** Multi-endpoint deployments: no endpoint is healthy. */
public class NoHealthyEndpointException extends HavenException {
    private static final long serialVersionUID = 1L;

    public NoHealthyEndpointException(String message) {
        super(message);
    }
}
