package dev.deephavencdi.client;

/**
 * A read-only view of what one {@link DeephavenClient} and the sessions it opened are doing, for metrics and
 * health pages. Counters count from the client's creation on and never decrease; the others are read at the time
 * of the call. Cheap to read and to keep (the client adds to striped counters on its hot paths, with no locks).
 * Thread-safe.
 */
public interface ClientStatistics {

    /** @return the sessions of this client that are open now */
    int openSessions();

    /** @return the tables (each holding one server-side export) the open sessions hold now */
    long exports();

    /** @return the live subscriptions ({@link Table#subscribe}, {@link Table#updates}) running now */
    int liveSubscriptions();

    /** @return the {@link Session#publishTable publish} requests the server answered, successfully or not */
    long publishes();

    /** @return the time those publish requests took in total, in nanoseconds */
    long publishNanos();

    /** @return the {@link Session#fetchTable fetch} requests completed, successfully or not */
    long fetches();

    /** @return the time those fetch requests took in total, in nanoseconds */
    long fetchNanos();

    /**
     * @return the Arrow bytes received by Flight {@code DoGet} when reading rows ({@link Table#readRows} and the
     *     reads built on it): the sizes of the record batches' buffers, not counting framing
     */
    long doGetBytes();
}
