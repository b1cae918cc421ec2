package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import java.lang.ref.Cleaner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs table specs for one session and wraps each resulting export in a new {@link DefaultTable}.
 *
 * <p>Each call goes through the official {@code Session.execute}, which builds fresh export states per call:
 * parents are referenced by their export tickets ({@code TicketTable}), never deduplicated by spec equality, so
 * two identical operations give two independent exports and no {@code Table} ever shares its export. (A shared,
 * long-lived export state would both share exports between equal specs and refuse specs whose parent was
 * released.) Thread-safe.
 */
final class TableCreator {
    private static final Logger log = LoggerFactory.getLogger(TableCreator.class);

    private final DefaultSession session;
    private final io.deephaven.client.impl.Session official;
    private final SessionTables tables;
    private final Cleaner cleaner;

    TableCreator(DefaultSession session, io.deephaven.client.impl.Session official, SessionTables tables,
            Cleaner cleaner) {
        this.session = session;
        this.official = official;
        this.tables = tables;
        this.cleaner = cleaner;
    }

    Table create(TableSpec spec, String what, Action action, TableState... parents) {
        session.requireOpen();
        TableHandle handle;
        try {
            handle = official.execute(spec);
        } catch (TableHandle.TableHandleException e) {
            if (!session.isClosed()) {
                releaseFailed(e.handle());
            }
            throw failure(e, action, what, parents);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(e, action, what, parents);
        } catch (RuntimeException e) {
            throw failure(e, action, what, parents);
        }
        return adopt(handle);
    }

    /** Wraps an export the official client already created (an import, an input table) in a new table. */
    Table adopt(TableHandle handle) {
        TableState state = new TableState(handle, tables);
        if (!tables.track(state)) {
            state.abandon(); // the session closed while the server created it; closing it releases the export
            throw session.closedException("it was closed");
        }
        return new DefaultTable(session, state, cleaner);
    }

    /** A failure explained from the client's side first: local state beats the server's late view of it. */
    DeephavenException failure(Throwable failure, Action action, String what, TableState... parents) {
        if (session.isClosed()) {
            return session.closedException("it was closed");
        }
        for (TableState parent : parents) {
            if (parent.isReleased()) {
                return session.released(parent);
            }
        }
        return Failures.translate(failure, action, what, session.connection().settings());
    }

    /** The failed export is still referenced client-side; tell the server we are done with it. */
    private static void releaseFailed(TableHandle handle) {
        try {
            handle.close();
        } catch (RuntimeException e) {
            log.debug("could not release a failed export", e);
        }
    }
}
