package dev.deephavencdi.client.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live tables of one session, so that closing the session releases them all. Holds {@link TableState}s, never
 * the {@code Table} wrappers, so a table nobody references can still be garbage-collected and cleaned.
 *
 * <p>Thread-safe. Once {@link #abandonAll()} ran, {@link #track} refuses new tables: a table created while the
 * session closes is released instead of leaking.
 */
final class SessionTables {
    private final Set<TableState> live = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** @return false (and nothing tracked) if the session already closed */
    synchronized boolean track(TableState table) {
        if (closed) {
            return false;
        }
        live.add(table);
        return true;
    }

    void forget(TableState table) {
        live.remove(table);
    }

    /**
     * Marks every live table released and refuses new ones, before the session itself closes (which releases
     * their exports on the server).
     */
    void abandonAll() {
        List<TableState> toRelease;
        synchronized (this) {
            closed = true;
            toRelease = List.copyOf(live);
        }
        toRelease.forEach(TableState::abandon);
    }

    int size() {
        return live.size();
    }
}
