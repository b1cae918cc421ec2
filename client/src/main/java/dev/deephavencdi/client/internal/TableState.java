package dev.deephavencdi.client.internal;

import io.deephaven.client.impl.TableHandle;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.qst.table.TicketTable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side half of a {@link DefaultTable}: the one export it owns (an official {@link TableHandle}) and
 * whether it was released. Kept apart from the {@code Table} wrapper so that the {@link java.lang.ref.Cleaner}
 * action and the session's {@link SessionTables} can reference it without keeping the wrapper reachable.
 *
 * <p>Thread-safe: {@link #release()} runs at most once, whichever of {@code Table.close()}, the Cleaner and
 * {@code Session.close()} calls it first.
 */
final class TableState {
    private static final Logger log = LoggerFactory.getLogger(TableState.class);

    private final TableHandle handle;
    private final SessionTables owner;
    private final TicketTable ticket;
    private final AtomicBoolean released = new AtomicBoolean();

    TableState(TableHandle handle, SessionTables owner) {
        this.handle = handle;
        this.owner = owner;
        this.ticket = handle.ticketId().table();
    }

    /** @return this export as a table reference for further operations of the same session */
    TicketTable ticket() {
        return ticket;
    }

    TableHandle handle() {
        return handle;
    }

    /** @return the server's description of the table (schema, size, static or not) at creation */
    ExportedTableCreationResponse response() {
        return handle.response();
    }

    boolean isReleased() {
        return released.get();
    }

    /**
     * Releases the export (the official client sends the Release asynchronously). Idempotent; never throws.
     *
     * @return whether this call released it
     */
    boolean release() {
        if (!released.compareAndSet(false, true)) {
            return false;
        }
        try {
            handle.close();
        } catch (RuntimeException e) {
            log.warn("could not release {}: {}", this, e.toString());
        }
        owner.forget(this);
        return true;
    }

    /**
     * Marks the export released without telling the server, because the server is about to release it anyway:
     * closing a session releases all its exports. A separate Release racing the CloseSession would only be
     * refused (the official client then logs an error for each).
     */
    void abandon() {
        if (released.compareAndSet(false, true)) {
            owner.forget(this);
        }
    }

    /** The Cleaner's action: runs when the {@code Table} wrapper became unreachable without being closed. */
    void releaseUnreachable() {
        if (release()) {
            log.debug("released {}: its Table became unreachable without close()", this);
        }
    }

    @Override
    public String toString() {
        return "table " + handle.exportId().toString().replace("Table:", ""); // e.g. "table export/3"
    }
}
