package dev.deephavencdi.client;

import io.grpc.Status;

/**
 * The server could not be reached or did not answer in time: connection refused, host unknown, TLS handshake
 * failure, server shut down ({@code UNAVAILABLE}), or a deadline passed ({@code DEADLINE_EXCEEDED}). The message
 * names the target. Often transient: retrying later may succeed. Immutable and thread-safe.
 */
public final class ServerUnavailableException extends DeephavenException {
    private static final long serialVersionUID = 1L;

    /**
     * @param statusCode {@code UNAVAILABLE} or {@code DEADLINE_EXCEEDED}
     * @param message the target, the transport's explanation, and what to check
     * @param cause the underlying failure, or null
     */
    public ServerUnavailableException(Status.Code statusCode, String message, Throwable cause) {
        super(statusCode, message, cause);
    }
}
