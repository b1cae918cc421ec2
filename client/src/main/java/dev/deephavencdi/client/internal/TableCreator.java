package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import java.lang.ref.Cleaner;
import java.util.Objects;
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

    private final Session owner;
    private final SessionContext context;
    private final io.deephaven.client.impl.Session official;
    private final SessionTables tables;
    private final Cleaner cleaner;

    /** @param owner the session the new tables report as theirs ({@link Table#session()}) */
    TableCreator(Session owner, SessionContext context, io.deephaven.client.impl.Session official,
            SessionTables tables, Cleaner cleaner) {
        this.owner = owner;
        this.context = context;
        this.official = official;
        this.tables = tables;
        this.cleaner = cleaner;
    }

    Table create(TableSpec spec, String what, Action action, TableState... parents) {
        context.requireOpen();
        TableHandle handle;
        try {
            handle = official.execute(spec);
        } catch (TableHandle.TableHandleException e) {
            if (!context.isClosed()) {
                releaseFailed(e.handle());
            }
            throw context.fail(e, action, what, parents);
        } catch (InterruptedException | RuntimeException e) {
            throw context.fail(e, action, what, parents);
        }
        return adopt(handle);
    }

    /** Wraps an export the official client already created (an import, an input table) in a new table. */
    Table adopt(TableHandle handle) {
        TableState state = new TableState(handle, tables);
        if (!tables.track(state)) {
            state.abandon(); // the session closed while the server created it; closing it releases the export
            throw context.closedException("it was closed");
        }
        return new DefaultTable(owner, context, this, state, cleaner);
    }

    /** @return the state of a live table of this session */
    TableState own(Table table, String operation) {
        Objects.requireNonNull(table, "table");
        if (!(table instanceof DefaultTable ours) || !ours.createdBy(this)) {
            throw new IllegalArgumentException(operation + ": the table belongs to another session (tables are"
                    + " per session); publish it to a SharedTicket and fetchTable it in this session");
        }
        return ours.liveState();
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
