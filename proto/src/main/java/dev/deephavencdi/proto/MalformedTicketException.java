package dev.deephavencdi.proto;

/**
 * Thrown when bytes or text do not form a valid ticket. The message names what was wrong and what a valid
 * ticket looks like; the embedded server maps it to {@code FAILED_PRECONDITION}, as the real Deephaven server does
 * for tickets it cannot route.
 */
public final class MalformedTicketException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedTicketException(String message) {
        super(message);
    }

    public MalformedTicketException(String message, Throwable cause) {
        super(message, cause);
    }
}
