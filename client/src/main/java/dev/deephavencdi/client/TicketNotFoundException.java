package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * A shared ticket does not resolve: it was never published, or the table published there was released (closed,
 * garbage-collected, or its session closed). Status {@code NOT_FOUND}. Immutable and thread-safe.
 */
public final class TicketNotFoundException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which ticket, the server's explanation, and what to do next
     * @param cause the underlying failure, or null
     */
    public TicketNotFoundException(String message, Throwable cause) {
        super(Status.Code.NOT_FOUND, message, cause);
    }
}
