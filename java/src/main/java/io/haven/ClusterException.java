package io.haven;

/** Cluster trouble: redirects exhausted, CLUSTERDOWN, cross-slot keys. */
public class ClusterException extends HavenException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }
}
