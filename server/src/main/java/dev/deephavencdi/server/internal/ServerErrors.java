package dev.deephavencdi.server.internal;

import dev.deephavencdi.proto.MalformedTicketException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become gRPC statuses. Codes follow the real Deephaven server where it is
 * deterministic (see the README's table of deliberate differences). Only failures known to be the caller's are
 * {@code INVALID_ARGUMENT} or {@code FAILED_PRECONDITION}; the server's own bugs are {@code INTERNAL} with an id
 * the log quotes, never disguised as bad input.
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
     * Caller mistakes the engine reports by type: formulas that do not parse or compile, unknown columns,
     * incompatible definitions, bad arguments (including duplicate keys in a natural join), operations the table
     * does not support. Anything else the
     * engine or this server throws is a bug and becomes {@code INTERNAL}.
     */
    private static final List<Class<? extends Throwable>> CALLER_ERRORS = List.of(
            IllegalArgumentException.class,
            io.deephaven.engine.table.impl.select.FormulaCompilationException.class,
            io.deephaven.engine.table.impl.select.FormulaEvaluationException.class,
            io.deephaven.engine.table.impl.lang.QueryLanguageParser.QueryLanguageParseException.class,
            io.deephaven.engine.table.impl.NoSuchColumnException.class,
            io.deephaven.engine.table.TableDefinition.IncompatibleTableDefinitionException.class,
            io.deephaven.engine.exceptions.ArgumentException.class,
            io.deephaven.api.expression.ExpressionException.class,
            io.deephaven.time.DateTimeUtils.DateTimeParseException.class,
            io.deephaven.engine.table.impl.naturaljoin.DuplicateRightRowDecorationException.class,
            ArithmeticException.class,
            // the engine's report of an inconsistent table request, e.g. update_by results with the same name
            io.deephaven.engine.exceptions.UncheckedTableException.class,
            // the engine's answer to an operation the table does not support, e.g. slice on a blink table
            UnsupportedOperationException.class);

    /**
     * Maps any failure of a request to a status. Status exceptions pass unchanged; malformed tickets are
     * {@code FAILED_PRECONDITION} as on the real server; the engine's reports of bad input (see
     * {@link #CALLER_ERRORS}) are {@code INVALID_ARGUMENT} with the engine's own explanation; running out of
     * memory is {@code RESOURCE_EXHAUSTED}; everything else is {@code INTERNAL} "Details Logged w/ID", logged at
     * ERROR with its stack trace under that id.
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
        if (hasCause(cause, OutOfMemoryError.class)) {
            log.error("request ran out of memory (error id {})", errorId, cause);
            return resourceExhausted("the server ran out of memory computing this request (max heap "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); ask for fewer rows or columns,"
                    + " or release tables you no longer need (error id " + errorId + ")");
        }
        if (CALLER_ERRORS.stream().anyMatch(type -> hasCause(cause, type))) {
            log.debug("request refused (error id {})", errorId, cause);
            return invalidArgument(describe(cause) + " (error id " + errorId + ")");
        }
        log.error("unexpected failure of a request (error id {})", errorId, cause);
        return Status.INTERNAL.withDescription("Details Logged w/ID '" + errorId + "'").withCause(cause)
                .asRuntimeException();
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 16; depth++, current = current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
        }
        return false;
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
