package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * The server rejected a table operation: a formula that does not compile, an unknown column, a type mismatch, a
 * malformed request. Status {@code INVALID_ARGUMENT} or {@code FAILED_PRECONDITION}; the message carries the
 * server's explanation. Immutable and thread-safe.
 */
public final class InvalidTableOperationException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param statusCode {@code INVALID_ARGUMENT} or {@code FAILED_PRECONDITION}
     * @param message the operation, the server's explanation, and what to check
     * @param cause the underlying failure, or null
     */
    public InvalidTableOperationException(Status.Code statusCode, String message, Throwable cause) {
        super(statusCode, message, cause);
    }
}
