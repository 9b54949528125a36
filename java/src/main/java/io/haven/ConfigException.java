package io.haven;

/** Bad configuration or bad input; the message names the field. */
public class ConfigException extends HavenException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
