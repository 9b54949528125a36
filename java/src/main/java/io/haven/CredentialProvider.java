package io.haven;

/**
 * Where a client's credentials come from when they change while it runs:
 * short-lived tokens (cloud IAM, Entra ID) or rotated passwords. Set with
 * {@code credentialProvider} on a config builder (instead of
 * {@code username}/{@code password}: setting both fails the connect with a
 * {@link ConfigException}).
 *
 * <p>The client calls {@link #get()} before its first connection (within
 * {@code connectionTimeoutMs}), every {@code credentialRefreshMs} if set, and
 * on {@link HavenClient#refreshCredentials()}. New connections authenticate
 * with the newest credentials; live ones re-authenticate in place (AUTH in
 * line with their other requests: nothing in flight is dropped), idle
 * dedicated connections with older ones are replaced.
 *
 * <p>Calls run on a "haven-credentials" thread of the client (never on an
 * engine or the dispatcher thread) and may block, within the connection
 * timeout: a call that takes longer counts as failed. A call that throws or
 * returns null keeps the current credentials (at connect: the connect fails
 * with a {@link ConnectionException} whose message carries the exception's
 * class and message, so that message must not contain the secret). The
 * client holds the provider until it is closed.
 */
@FunctionalInterface
public interface CredentialProvider {
    /** The credentials to authenticate with now; never null. */
    Credentials get() throws Exception;
}
