package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.ClientStatistics;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one {@link Connection}, added to by its sessions. {@link LongAdder}s, so the publish, fetch and
 * read paths never contend on them; the current figures (sessions, exports, subscriptions) are read from the
 * sessions themselves when asked. Thread-safe.
 */
final class ConnectionStatistics implements ClientStatistics {
    private final Collection<DefaultSession> sessions;
    private final LongAdder publishes = new LongAdder();
    private final LongAdder publishNanos = new LongAdder();
    private final LongAdder fetches = new LongAdder();
    private final LongAdder fetchNanos = new LongAdder();
    private final LongAdder doGetBytes = new LongAdder();

    /** @param sessions the connection's live view of its open sessions */
    ConnectionStatistics(Collection<DefaultSession> sessions) {
        this.sessions = sessions;
    }

    void publishAnswered(long startNanos) {
        publishes.increment();
        publishNanos.add(System.nanoTime() - startNanos);
    }

    void fetchCompleted(long startNanos) {
        fetches.increment();
        fetchNanos.add(System.nanoTime() - startNanos);
    }

    void doGetReceived(long bytes) {
        doGetBytes.add(bytes);
    }

    @Override
    public int openSessions() {
        return sessions.size();
    }

    @Override
    public long exports() {
        return sessions.stream().mapToLong(DefaultSession::tableCount).sum();
    }

    @Override
    public int liveSubscriptions() {
        return sessions.stream().mapToInt(DefaultSession::subscriptionCount).sum();
    }

    @Override
    public long publishes() {
        return publishes.sum();
    }

    @Override
    public long publishNanos() {
        return publishNanos.sum();
    }

    @Override
    public long fetches() {
        return fetches.sum();
    }

    @Override
    public long fetchNanos() {
        return fetchNanos.sum();
    }

    @Override
    public long doGetBytes() {
        return doGetBytes.sum();
    }

    @Override
    public String toString() {
        return "ClientStatistics[sessions=" + openSessions() + ", exports=" + exports() + ", subscriptions="
                + liveSubscriptions() + ", publishes=" + publishes() + ", fetches=" + fetches() + ", doGetBytes="
                + doGetBytes() + "]";
    }
}
