package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * A {@link Table} was used after it was released ({@link Table#close()}, or its session closed). Detected
 * locally, without a network call. Status {@code FAILED_PRECONDITION}, what the server answers for a released
 * export. Immutable and thread-safe.
 */
public final class TableReleasedException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which table, and what to do next
     * @param cause the underlying failure, or null
     */
    public TableReleasedException(String message, Throwable cause) {
        super(Status.Code.FAILED_PRECONDITION, message, cause);
    }
}
