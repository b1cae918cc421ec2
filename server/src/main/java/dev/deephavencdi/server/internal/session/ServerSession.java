package dev.deephavencdi.server.internal.session;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.rowset.WritableRowSet;
import java.util.ArrayList;
import io.deephaven.engine.table.Table;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client session: its exports, addressed by the ids the client allocates, and whether it is still open.
 * Tokens and expiry belong to {@link SessionManager}.
 *
 * <p>A session sees and releases only its own exports. Released ids are remembered (compactly, as a Deephaven
 * row set, since clients count ids up from 1) so that using one again gives a clear error instead of silently
 * resolving to something else.
 *
 * <p>Thread-safe.
 */
public final class ServerSession {
    private final String logId;
    private final int maxExports;
    private final Map<Integer, Export> exports = new ConcurrentHashMap<>();
    private final WritableRowSet releasedIds = RowSetFactory.empty();
    private final List<Runnable> closeListeners = new ArrayList<>();
    private final Object waits = new Object();
    private final java.util.concurrent.atomic.AtomicLong reservedMemory = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    ServerSession(String logId, int maxExports) {
        this.logId = logId;
        this.maxExports = maxExports;
    }

    /** @return a short id for logs; never the bearer token */
    public String logId() {
        return logId;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Creates a pending export for a client-chosen result ticket.
     *
     * @throws io.grpc.StatusRuntimeException {@code INVALID_ARGUMENT} for a server-reserved or reused id,
     *         {@code RESOURCE_EXHAUSTED} when the session holds its maximum of exports,
     *         {@code UNAUTHENTICATED} once the session is closed
     */
    public Export newExport(ExportTicket ticket) {
        return newExport(ticket, null);
    }

    /**
     * Creates a pending export that {@code producer} will resolve.
     *
     * @see #newExport(ExportTicket)
     */
    public Export newExport(ExportTicket ticket, ExportingRequest producer) {
        if (!ticket.isClientAllocated()) {
            throw ServerErrors.invalidArgument("export id " + ticket.id()
                    + " is reserved for the server; clients allocate ids from 1 upwards");
        }
        synchronized (this) {
            requireOpen();
            if (exports.containsKey(ticket.id()) || releasedIds.containsRange(ticket.id(), ticket.id())) {
                throw ServerErrors.invalidArgument("export id " + ticket.id()
                        + " was already used in this session; allocate a new id for every result");
            }
            if (exports.size() >= maxExports) {
                throw ServerErrors.resourceExhausted("this session holds " + exports.size()
                        + " exports, the server's limit per session; release tables you no longer need");
            }
            Export export = new Export(this, ticket, producer);
            exports.put(ticket.id(), export);
            return export;
        }
    }

    /**
     * Looks up one of this session's exports, pending or not.
     *
     * @throws io.grpc.StatusRuntimeException {@code FAILED_PRECONDITION} if it was released, {@code NOT_FOUND} if
     *         this session never defined it (the real server would wait for it forever)
     */
    public Export export(ExportTicket ticket) {
        Export export = exports.get(ticket.id());
        if (export != null) {
            return export;
        }
        synchronized (this) {
            requireOpen();
            if (releasedIds.containsRange(ticket.id(), ticket.id())) {
                throw ServerErrors.failedPrecondition("export " + ticket.id() + " was released; it can no longer be used");
            }
        }
        throw ServerErrors.notFound("export " + ticket.id() + " is not defined in this session; "
                + "a session can only use the exports it created (fetch other sessions' tables by shared ticket)");
    }

    /**
     * Waits for one of this session's exports to resolve, on behalf of a request that holds pending exports of its
     * own. A wait that would close a cycle (the export's producer waits, directly or through other requests, for an
     * export of {@code waiter}) is refused instead of hanging every request in the cycle.
     *
     * @param waiter the waiting request, or null if it holds no pending export (it cannot be part of a cycle)
     * @throws io.grpc.StatusRuntimeException {@code FAILED_PRECONDITION} for a circular wait, or as
     *         {@link Export#awaitTable()}
     */
    public Table await(Export export, ExportingRequest waiter) {
        if (waiter == null || export.state() != Export.State.PENDING) {
            return export.awaitTable(); // resolved already (or by a request that holds nothing): no cycle possible
        }
        synchronized (waits) {
            for (ExportingRequest producer = export.producer(); producer != null; ) {
                if (producer == waiter) {
                    throw ServerErrors.failedPrecondition("export " + export.ticket().id() + " cannot be used here:"
                            + " it is computed by a request that waits (directly or through other requests) for a"
                            + " result of this one; send dependent operations in one batch, in order");
                }
                Export next = producer.waitingFor;
                producer = next == null || next.state() != Export.State.PENDING ? null : next.producer();
            }
            waiter.waitingFor = export;
        }
        try {
            return export.awaitTable();
        } finally {
            synchronized (waits) {
                waiter.waitingFor = null;
            }
        }
    }

    /**
     * Releases one export, as {@code SessionService/Release} does: releasing an already released id is fine,
     * an id never defined is {@code UNAVAILABLE} (both as on the real server).
     */
    public void release(ExportTicket ticket) {
        Export export = exports.get(ticket.id());
        if (export == null) {
            synchronized (this) {
                requireOpen();
                if (releasedIds.containsRange(ticket.id(), ticket.id())) {
                    return;
                }
            }
            throw ServerErrors.unavailable("Export not yet defined: export " + ticket.id()
                    + " does not exist in this session");
        }
        export.release();
    }

    void onExportReleased(Export export) {
        synchronized (this) {
            if (exports.remove(export.ticket().id(), export) && !closed) {
                releasedIds.insert(export.ticket().id());
            }
        }
    }

    /**
     * Reserves an estimate of the memory a result will hold, unless the session would then hold more than
     * {@code budget} bytes.
     *
     * @return the bytes the session held before, or -1 if the reservation was refused
     */
    public long reserveMemory(long bytes, long budget) {
        while (true) {
            long held = reservedMemory.get();
            if (held + bytes > budget) {
                return -1;
            }
            if (reservedMemory.compareAndSet(held, held + bytes)) {
                return held;
            }
        }
    }

    /** Returns memory reserved with {@link #reserveMemory}. */
    public void releaseMemory(long bytes) {
        reservedMemory.addAndGet(-bytes);
    }

    /** @return the estimated memory this session's results hold */
    public long reservedMemory() {
        return reservedMemory.get();
    }

    /** @return the exports that are pending or exported, for stats */
    public long liveExportCount() {
        return exports.values().stream()
                .filter(e -> e.state() == Export.State.PENDING || e.state() == Export.State.EXPORTED)
                .count();
    }

    /**
     * Registers work to run once when this session closes, before its exports are released (so that streams the
     * session opened end because the session ended, not because one of its exports went away).
     *
     * @return false if the session is already closed; the listener was not kept
     */
    public synchronized boolean onClose(Runnable listener) {
        if (closed) {
            return false;
        }
        closeListeners.add(listener);
        return true;
    }

    /** Forgets a listener registered with {@link #onClose}. */
    public synchronized void removeOnClose(Runnable listener) {
        closeListeners.remove(listener);
    }

    /** Closes the session and releases every export (and with them every shared ticket they were published to). */
    void close() {
        List<Export> toRelease;
        List<Runnable> listeners;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRelease = List.copyOf(exports.values());
            listeners = List.copyOf(closeListeners);
            closeListeners.clear();
        }
        listeners.forEach(Runnable::run);
        toRelease.forEach(Export::release);
        synchronized (this) {
            exports.clear();
            releasedIds.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw ServerErrors.unauthenticated("session " + logId + " is closed; open a new session");
        }
    }

    @Override
    public String toString() {
        return "session " + logId;
    }
}
