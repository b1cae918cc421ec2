package dev.deephavencdi.cdi;

/**
 * CDI event fired after the registry released a published table, so its ticket no longer resolves
 * ({@code @Observes TableReleased event}).
 *
 * @param table the entry, marked released
 * @param reason why it was released
 */
public record TableReleased(PublishedTable table, Reason reason) {

    /** Why a published table was released. */
    public enum Reason {
        /** the name was published again; the new table replaced this one */
        REPUBLISHED,
        /** the session that published it closed (for example a request session at the end of its request) */
        SESSION_CLOSED,
        /** the container is shutting down */
        SHUTDOWN
    }
}
