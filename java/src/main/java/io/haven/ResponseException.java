package io.haven;

/** The server answered with an error (ERR, WRONGTYPE, NOSCRIPT, EXECABORT...). Inside a batch's result list a failed command's entry is an instance of this class instead of a thrown exception. */
public class ResponseException extends HavenException {
    private static final long serialVersionUID = 1L;

    public ResponseException(String message) {
        super(message);
    }
}
