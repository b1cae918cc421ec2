package dev.deephavencdi.server.internal;

import dev.deephavencdi.proto.MalformedTicketException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Codes follow the real Deephaven server where it is
 * deterministic (see the README's table of deliberate differences); bad input is never reported as
 * {@code INTERNAL} or {@code UNKNOWN}.
 */
public final class ServerErrors {
    private static final Logger log = LoggerFactory.getLogger(ServerErrors.class);

    private ServerErrors() {}

    public static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException unauthenticated(String message) {
        return Status.UNAUTHENTICATED.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException unavailable(String message) {
        return Status.UNAVAILABLE.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException unimplemented(String message) {
        return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException resourceExhausted(String message) {
        return Status.RESOURCE_EXHAUSTED.withDescription(message).asRuntimeException();
    }

    /**
     * Maps any failure of a request to a status. Status exceptions pass unchanged; malformed tickets are
     * {@code FAILED_PRECONDITION} as on the real server; everything an engine operation throws on bad input
     * (formula compilation, unknown columns, type mismatches) is {@code INVALID_ARGUMENT} with the engine's own
     * explanation. Unexpected exceptions are logged with an id the message quotes.
     */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof io.grpc.StatusException status) {
            return status.getStatus().asRuntimeException(status.getTrailers());
        }
        if (cause instanceof MalformedTicketException malformed) {
            return failedPrecondition(malformed.getMessage());
        }
        if (cause instanceof InterruptedException || cause instanceof CancellationException) {
            return Status.UNAVAILABLE.withDescription("the request was interrupted; retry it").asRuntimeException();
        }
        String errorId = UUID.randomUUID().toString();
        log.debug("request failed (error id {})", errorId, cause);
        return invalidArgument(describe(cause) + " (error id " + errorId + ")");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Engine errors wrap the useful message (e.g. a javac diagnostic) a few causes deep; keep the chain short. */
    private static String describe(Throwable cause) {
        StringBuilder message = new StringBuilder();
        Throwable current = cause;
        for (int depth = 0; current != null && depth < 4; depth++, current = current.getCause()) {
            String text = current.getMessage();
            if (text == null || text.isBlank() || message.indexOf(text) >= 0) {
                continue;
            }
            if (message.length() > 0) {
                message.append(": ");
            }
            message.append(text.strip());
        }
        if (message.length() == 0) {
            message.append(cause.getClass().getSimpleName());
        }
        return message.length() > 2000 ? message.substring(0, 2000) + "…" : message.toString();
    }
}
