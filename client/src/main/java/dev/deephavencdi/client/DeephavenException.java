package dev.deephavencdi.client;

import io.grpc.Status;
import java.util.Objects;

/**
 * The base of every failure this client reports. Unchecked: a failed table operation is usually a programming or
 * deployment error, and callers that can recover catch the specific subclass.
 *
 * <p>{@link #statusCode()} is the gRPC status the server answered with (or, for failures detected locally, the
 * status the server would have answered with). The message keeps the server's explanation and says what to do
 * next. Instances are immutable and safe to share between threads.
 */
public class DeephavenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Not serializable, and never null after construction; transient keeps the exception serializable. */
    private final transient Status.Code statusCode;

    /**
     * @param statusCode the gRPC status code of the failure
     * @param message what failed, the server's explanation, and what to do next
     * @param cause the underlying failure, or null
     */
    public DeephavenException(Status.Code statusCode, String message, Throwable cause) {
        super(message, cause);
        this.statusCode = Objects.requireNonNull(statusCode, "statusCode");
    }

    /**
     * @param statusCode the gRPC status code of the failure
     * @param message what failed, the server's explanation, and what to do next
     */
    public DeephavenException(Status.Code statusCode, String message) {
        this(statusCode, message, null);
    }

    /** @return the gRPC status code the server answered with, or would have answered with for local failures */
    public Status.Code statusCode() {
        return statusCode == null ? Status.Code.UNKNOWN : statusCode;
    }
}
