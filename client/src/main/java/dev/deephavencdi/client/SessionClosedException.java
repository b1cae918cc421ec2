package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * The session can no longer be used: it was closed locally (detected without a network call), or the server does
 * not know it any more ({@code UNAUTHENTICATED}: closed or expired on the server). Open a new session. Status
 * {@code UNAUTHENTICATED} in both cases. Immutable and thread-safe.
 */
public class SessionClosedException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which session, and what to do next
     * @param cause the underlying failure, or null
     */
    public SessionClosedException(String message, Throwable cause) {
        super(Status.Code.UNAUTHENTICATED, message, cause);
    }
}
