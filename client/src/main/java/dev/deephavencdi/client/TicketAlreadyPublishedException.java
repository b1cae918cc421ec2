package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * A table is already published to this shared ticket. Status {@code ALREADY_EXISTS}. Publish to a fresh
 * {@code SharedTicket.random()} instead, or release the table published there first. Immutable and thread-safe.
 */
public final class TicketAlreadyPublishedException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which ticket, the server's explanation, and what to do next
     * @param cause the underlying failure, or null
     */
    public TicketAlreadyPublishedException(String message, Throwable cause) {
        super(Status.Code.ALREADY_EXISTS, message, cause);
    }
}
