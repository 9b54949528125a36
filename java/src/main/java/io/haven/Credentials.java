package io.haven;

import java.util.Objects;

/**
 * What a {@link CredentialProvider} returns: a {@code username} (null: the
 * server's {@code default} user) and a {@code password} (or token). The
 * password never appears in {@link #toString()}.
 *
 * @param username the ACL user, or null for the default user (an empty
 *     username is refused at connect or refresh)
 * @param password the password or token; must not be null
 */
public record Credentials(String username, String password) {
    /** @throws NullPointerException if {@code password} is null */
    public Credentials {
        Objects.requireNonNull(password, "password");
    }

    /** The default user with {@code password}. */
    public static Credentials of(String password) {
        return new Credentials(null, password);
    }

    /** {@code username} with {@code password}. */
    public static Credentials of(String username, String password) {
        return new Credentials(username, password);
    }

    /** The username, and the password redacted. */
    @Override
    public String toString() {
        return "Credentials[username=" + (username == null ? "<default>" : username) + ", password=<redacted>]";
    }
}
