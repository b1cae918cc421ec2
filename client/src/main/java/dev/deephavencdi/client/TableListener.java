package dev.deephavencdi.client;

/**
 * Receives the updates of a live table subscribed with {@link Table#subscribe(TableListener)}.
 *
 * <p>Calls are made one at a time, in order, on a client thread (never the caller's, never gRPC's, never the
 * engine's update thread), so a listener needs no synchronization of its own and may block briefly. A listener
 * slower than the table does not build a backlog: the ticks it missed are merged into its next update (see
 * {@link TableUpdate#merged()}). The first call is {@link #onSubscribe}, with the subscription whose rows
 * {@code onUpdate} may read. After {@link #onError} or {@link #onComplete}, and after
 * {@link TableSubscription#close()} returns, no more calls are made.
 */
@FunctionalInterface
public interface TableListener {

    /**
     * Called once, before any other call and on the same thread as the updates, with the subscription
     * {@link Table#subscribe(TableListener)} returns. A listener that reads rows in {@link #onUpdate} keeps it here:
     * the first update may arrive before {@code subscribe} has returned to its caller. The default does nothing.
     *
     * @param subscription the subscription this listener receives updates from
     */
    default void onSubscribe(TableSubscription subscription) {}

    /**
     * One update: the first is the {@linkplain TableUpdate#initial() initial snapshot}, then one per tick.
     * Exceptions thrown here are logged and do not end the subscription.
     *
     * @param update what changed
     */
    void onUpdate(TableUpdate update);

    /**
     * The subscription ended because of a failure: the server ended it (for instance the table failed) or the
     * connection was lost. The default does nothing.
     *
     * @param error what happened, with the gRPC status code when there is one
     */
    default void onError(DeephavenException error) {}

    /** The subscription ended because its session was closed. The default does nothing. */
    default void onComplete() {}
}
