package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.AuthenticationFailedException;
import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.InvalidTableOperationException;
import dev.deephavencdi.client.ServerUnavailableException;
import dev.deephavencdi.client.SessionClosedException;
import dev.deephavencdi.client.TicketAlreadyPublishedException;
import dev.deephavencdi.client.TicketNotFoundException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * The one place where failures of the official client, gRPC and Arrow Flight become {@link DeephavenException}s.
 *
 * <p>The status code is taken from a {@link StatusRuntimeException} (or {@link StatusException}, or Flight's
 * {@link FlightRuntimeException}) in the cause chain when there is one. The official client often reports only a
 * message, for example a batch response's {@code error_info} such as
 * {@code "<id> cause: NOT_FOUND: Could not resolve ..."}; then the first {@code CODE:} token naming a gRPC status
 * is used. Transport failures without either ({@code ConnectException}, ...) are {@code UNAVAILABLE}. The
 * server's explanation is always kept in the message, followed by what to do next.
 */
final class Failures {

    /** What the client was doing; it tunes the exception type and the advice. */
    enum Action { CONNECT, CREATE_TABLE, PUBLISH, FETCH, READ, SUBSCRIBE }

    private static final Pattern CODE_TOKEN = Pattern.compile("\\b(CANCELLED|UNKNOWN|INVALID_ARGUMENT|"
            + "DEADLINE_EXCEEDED|NOT_FOUND|ALREADY_EXISTS|PERMISSION_DENIED|RESOURCE_EXHAUSTED|FAILED_PRECONDITION|"
            + "ABORTED|OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|UNAUTHENTICATED):");
    private static final Pattern BARE_ERROR_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}( dependency: \\S+)?");
    private static final int MAX_EXPLANATION = 2000;

    private Failures() {}

    /** A failure's status code and the most useful text explaining it. */
    record Diagnosis(Status.Code code, String explanation) {}

    /**
     * @param failure what the official client, gRPC or Flight threw
     * @param action what was being done
     * @param what the subject, e.g. {@code "fetching shared:0x12ab"}
     * @param settings the connection, named in messages (never its secret)
     */
    static DeephavenException translate(Throwable failure, Action action, String what,
            ConnectionSettings settings) {
        if (failure instanceof DeephavenException known) {
            return known;
        }
        if (hasCause(failure, InterruptedException.class)) {
            Thread.currentThread().interrupt();
        }
        Diagnosis diagnosis = diagnose(failure);
        String prefix = what + " on " + settings.targetText() + " failed: " + diagnosis.explanation();
        Status.Code code = diagnosis.code();
        return switch (code) {
            case NOT_FOUND -> new TicketNotFoundException(prefix + ". " + TICKET_GONE, failure);
            case ALREADY_EXISTS -> new TicketAlreadyPublishedException(prefix
                    + ". Publish to a new SharedTicket.random(), or close the table published there first", failure);
            case UNAUTHENTICATED -> action == Action.CONNECT
                    ? new AuthenticationFailedException(prefix + ". The server refused authentication type '"
                            + settings.authenticationType() + "'; configure authentication(\"<type> <value>\") as the"
                            + " server requires, e.g. \"io.deephaven.authentication.psk.PskAuthenticationHandler"
                            + " <key>\"", failure)
                    : new SessionClosedException(prefix
                            + ". The server no longer knows this session (closed or expired); open a new session",
                            failure);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new ServerUnavailableException(code, prefix
                    + ". Check that a Deephaven server is running at " + settings.targetText()
                    + " and reachable (and TLS matches: dh:// for TLS, dh+plain:// for plaintext), then retry",
                    failure);
            case FAILED_PRECONDITION, UNKNOWN -> action == Action.FETCH && releasedOnRealServer(code, diagnosis)
                    ? new TicketNotFoundException(prefix + ". " + TICKET_GONE, failure)
                    : code == Status.Code.FAILED_PRECONDITION ? invalid(code, prefix, failure)
                    : new DeephavenException(code, prefix, failure);
            case INVALID_ARGUMENT -> invalid(code, prefix, failure);
            default -> new DeephavenException(code, prefix, failure);
        };
    }

    private static final String TICKET_GONE = "The ticket was never published, or its table was released (closed,"
            + " garbage-collected, or its session closed): the publisher must keep a reference to the published Table"
            + " for as long as the ticket should stay valid";

    /**
     * A real server answers a fetch of a ticket whose table was released, but whose export object it has not yet
     * garbage-collected, with {@code FAILED_PRECONDITION}, or in a batch with an {@code error_info} that is only
     * an error id (no status code at all). For the caller the ticket is gone either way.
     */
    private static boolean releasedOnRealServer(Status.Code code, Diagnosis diagnosis) {
        return code == Status.Code.FAILED_PRECONDITION || BARE_ERROR_ID.matcher(diagnosis.explanation()).matches();
    }

    private static InvalidTableOperationException invalid(Status.Code code, String prefix, Throwable failure) {
        return new InvalidTableOperationException(code, prefix
                + ". Check formulas and column names against the table's schema()", failure);
    }

    /** Finds the status code and explanation of a failure; visible for tests. */
    static Diagnosis diagnose(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Status status = t instanceof StatusRuntimeException sre ? sre.getStatus()
                    : t instanceof StatusException se ? se.getStatus() : null;
            if (status != null) {
                return new Diagnosis(connectionLost(status, t) ? Status.Code.UNAVAILABLE : status.getCode(),
                        describe(status, t));
            }
            if (t instanceof FlightRuntimeException flight) {
                return new Diagnosis(fromFlight(flight), abbreviate(flight.status().code() + ": " + flight.getMessage()));
            }
        }
        seen.clear();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage();
            Matcher token = message == null ? null : CODE_TOKEN.matcher(message);
            if (token != null && token.find()) {
                return new Diagnosis(Status.Code.valueOf(token.group(1)), abbreviate(message.strip()));
            }
        }
        if (hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
                || hasCause(failure, ClosedChannelException.class)) {
            return new Diagnosis(Status.Code.UNAVAILABLE, abbreviate(rootMessage(failure)));
        }
        if (hasCause(failure, InterruptedException.class)) {
            return new Diagnosis(Status.Code.CANCELLED, "interrupted while waiting for the server");
        }
        return new Diagnosis(Status.Code.UNKNOWN, abbreviate(rootMessage(failure)));
    }

    /**
     * A connection that dies under a call (the server process killed, say) can surface as {@code UNKNOWN: channel
     * closed} instead of {@code UNAVAILABLE}; for the caller it is the same: the server is not reachable.
     */
    private static boolean connectionLost(Status status, Throwable carrier) {
        return status.getCode() == Status.Code.UNKNOWN
                && ("channel closed".equalsIgnoreCase(String.valueOf(status.getDescription()))
                        || hasCause(carrier, ClosedChannelException.class));
    }

    /** gRPC's transport descriptions ("io exception") are vague; the root cause says what really happened. */
    private static String describe(Status status, Throwable carrier) {
        StringBuilder text = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        Throwable root = status.getCause() != null ? status.getCause() : carrier.getCause();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null && text.indexOf(root.getMessage()) < 0) {
            text.append(" (").append(root.getMessage()).append(')');
        }
        return abbreviate(text.toString());
    }

    private static Status.Code fromFlight(FlightRuntimeException flight) {
        return switch (flight.status().code()) {
            case OK -> Status.Code.OK;
            case INTERNAL -> Status.Code.INTERNAL;
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case TIMED_OUT -> Status.Code.DEADLINE_EXCEEDED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case CANCELLED -> Status.Code.CANCELLED;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case UNAUTHORIZED -> Status.Code.PERMISSION_DENIED;
            case UNIMPLEMENTED -> Status.Code.UNIMPLEMENTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            default -> Status.Code.UNKNOWN;
        };
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_EXPLANATION ? text : text.substring(0, MAX_EXPLANATION) + "…";
    }
}
