package dev.deephavencdi.client;

/**
 * The server refused to open a session with the configured credentials ({@code UNAUTHENTICATED} while
 * connecting): for example an anonymous connection to a server that requires a pre-shared key, or a wrong key. A
 * {@link SessionClosedException} because the session never opened; the message names the authentication type
 * that was tried (never its secret). Immutable and thread-safe.
 */
public final class AuthenticationFailedException extends SessionClosedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the target, the authentication type tried, and what to configure instead
     * @param cause the underlying failure, or null
     */
    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
