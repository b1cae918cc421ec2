package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.SessionClosedException;
import dev.deephavencdi.client.InputTable;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.TableReleasedException;
import dev.deephavencdi.client.internal.Failures.Action;
import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.client.impl.TicketId;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Session} over one official Deephaven session: checks local state and arguments, then delegates table
 * creation to its {@link TableCreator}. Closing marks every table released and closes the official session,
 * which releases their exports on the server. Thread-safe.
 */
final class DefaultSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(DefaultSession.class);

    private final Connection connection;
    private final io.deephaven.client.impl.Session official;
    private final boolean closesConnection;
    private final SessionTables tables = new SessionTables();
    private final TableCreator creator;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<LiveSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private BarrageSession barrage; // guarded by this; created on first read or subscription

    DefaultSession(Connection connection, io.deephaven.client.impl.Session official, boolean closesConnection) {
        this.connection = connection;
        this.official = official;
        this.closesConnection = closesConnection;
        this.creator = new TableCreator(this, official, tables, connection.cleaner());
    }

    @Override
    public Table emptyTable(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("emptyTable size must be at least 0, got " + size);
        }
        return execute(TableSpec.empty(size), "emptyTable(" + size + ")", Action.CREATE_TABLE);
    }

    @Override
    public Table timeTable(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("timeTable period must be positive, got " + period);
        }
        return execute(TimeTable.of(period), "timeTable(" + period + ")", Action.CREATE_TABLE);
    }

    @Override
    public Table merge(Table... tables) {
        return merge(List.of(Objects.requireNonNull(tables, "tables")));
    }

    @Override
    public Table merge(List<Table> tables) {
        if (tables == null || tables.isEmpty()) {
            throw new IllegalArgumentException("merge needs at least one table");
        }
        try {
            requireOpen();
            List<TableState> parents = new ArrayList<>(tables.size());
            List<TicketTable> sources = new ArrayList<>(tables.size());
            for (Table table : tables) {
                TableState state = own(table, "merge");
                parents.add(state);
                sources.add(state.ticket());
            }
            return execute(TableSpec.merge(sources), "merge of " + tables.size() + " tables", Action.CREATE_TABLE,
                    parents.toArray(TableState[]::new));
        } finally {
            Reference.reachabilityFence(tables);
        }
    }

    @Override
    public void publishTable(SharedTicket ticket, Table table) {
        Publication publication = startPublication(ticket, table);
        try {
            publication.sent().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw publication.failure(e);
        } catch (ExecutionException e) {
            throw publication.failure(e.getCause()); // translated here, so the stack trace shows the caller
        } finally {
            Reference.reachabilityFence(table);
        }
    }

    @Override
    public CompletableFuture<Void> publishTableAsync(SharedTicket ticket, Table table) {
        Publication publication = startPublication(ticket, table);
        CompletableFuture<Void> result = new CompletableFuture<>();
        publication.sent().whenComplete((ok, failure) -> {
            // the table must stay reachable (so not cleaned) until the server has published it
            Reference.reachabilityFence(table);
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(publication.failure(failure));
            }
        });
        return result;
    }

    /** A publish request on its way to the server, and how to explain its failure. */
    private record Publication(CompletableFuture<Void> sent, TableState source, String what, TableCreator creator) {
        DeephavenException failure(Throwable cause) {
            return creator.failure(cause, Action.PUBLISH, what, source);
        }
    }

    private Publication startPublication(SharedTicket ticket, Table table) {
        Objects.requireNonNull(ticket, "ticket");
        requireOpen();
        TableState source = own(table, "publishTable");
        String what = "publishing " + source + " to " + ticket;
        try {
            return new Publication(official.publish(new TicketId(ticket.toBytes()), source.handle()), source, what,
                    creator);
        } catch (RuntimeException e) {
            throw creator.failure(e, Action.PUBLISH, what, source);
        }
    }

    @Override
    public Table fetchTable(SharedTicket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        return execute(TicketTable.of(ticket.toBytes()), "fetching " + ticket, Action.FETCH);
    }

    @Override
    public CompletableFuture<Table> fetchTableAsync(SharedTicket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        requireOpen();
        CompletableFuture<Table> result = new CompletableFuture<>();
        try {
            // the official client only fetches blocking; a table the caller never collects is cleaned when GC'd
            connection.async().execute(() -> {
                try {
                    result.complete(fetchTable(ticket));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw closedException("its client was closed");
        }
        return result;
    }

    @Override
    public String target() {
        return connection.settings().targetText();
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // before the server closes the session (which would end them with an error): they complete
        List.copyOf(subscriptions).forEach(LiveSubscription::completeWithSession);
        tables.abandonAll(); // CloseSession below releases their exports on the server
        closeFlight();
        try {
            official.close();
        } catch (RuntimeException e) {
            log.warn("could not close the session on {} cleanly: {}", target(), e.toString());
        }
        connection.onSessionClosed(this);
        if (closesConnection) {
            connection.close();
        }
    }

    @Override
    public Table importTable(org.apache.arrow.vector.VectorSchemaRoot root) {
        Objects.requireNonNull(root, "root");
        return importNewTable(TableImports.fromArrow(root), "importTable of " + root.getRowCount() + " rows");
    }

    @Override
    public Table importTable(java.util.Map<String, ?> columns) {
        Objects.requireNonNull(columns, "columns");
        return importNewTable(TableImports.fromArrays(columns), "importTable of columns " + columns.keySet());
    }

    /** DoPut through the official client, which re-exports the upload into a handle of its own. */
    private Table importNewTable(io.deephaven.qst.table.NewTable table, String what) {
        requireOpen();
        try {
            return creator.adopt(flight().putExport(table, connection.allocator()));
        } catch (io.deephaven.client.impl.TableHandle.TableHandleException e) {
            throw creator.failure(e, Action.CREATE_TABLE, what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw creator.failure(e, Action.CREATE_TABLE, what);
        } catch (RuntimeException e) {
            throw creator.failure(e, Action.CREATE_TABLE, what);
        }
    }

    @Override
    public InputTable inputTable(java.util.Map<String, Class<?>> columns, String... keyColumns) {
        Objects.requireNonNull(columns, "columns");
        io.deephaven.qst.table.TableHeader header = TableImports.header(columns);
        List<String> keys = List.of(keyColumns);
        TableSpec spec = keys.isEmpty()
                ? io.deephaven.qst.table.InMemoryAppendOnlyInputTable.of(header)
                : io.deephaven.qst.table.InMemoryKeyBackedInputTable.of(header, keys);
        Table table = execute(spec, "inputTable " + columns.keySet() + (keys.isEmpty() ? "" : " keyed by " + keys),
                Action.CREATE_TABLE);
        return new DefaultInputTable(this, table, keys);
    }

    io.deephaven.client.impl.Session official() {
        return official;
    }

    TableCreator creator() {
        return creator;
    }

    /** Runs a table spec as a new batch and wraps its export in a new {@code Table} of this session. */
    Table execute(TableSpec spec, String what, Action action, TableState... parents) {
        return creator.create(spec, what, action, parents);
    }

    /** @return the state of a live table of this session */
    TableState own(Table table, String operation) {
        Objects.requireNonNull(table, "table");
        if (!(table instanceof DefaultTable ours) || ours.session() != this) {
            throw new IllegalArgumentException(operation + ": the table belongs to another session (tables are"
                    + " per session); publish it to a SharedTicket and fetchTable it in this session");
        }
        return ours.liveState();
    }

    /** @return the Flight session for DoGet reads; the Barrage session, which is one */
    FlightSession flight() {
        return barrage();
    }

    /** @return the Barrage session (Flight plus DoExchange snapshots and subscriptions), created on first use */
    synchronized BarrageSession barrage() {
        requireOpen();
        if (barrage == null) {
            barrage = BarrageSession.of((SessionImpl) official, connection.allocator(), connection.channel());
        }
        return barrage;
    }

    void track(LiveSubscription subscription) {
        subscriptions.add(subscription);
        if (closed.get()) {
            subscription.completeWithSession(); // lost a race with close()
        }
    }

    void untrack(LiveSubscription subscription) {
        subscriptions.remove(subscription);
    }

    private synchronized void closeFlight() {
        if (barrage != null) {
            try {
                barrage.getClient().close(); // not barrage.close(): that would close the official session early
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("closing the Flight client failed", e);
            }
        }
    }

    Connection connection() {
        return connection;
    }

    void requireOpen() {
        if (closed.get()) {
            throw closedException("it was closed");
        }
    }

    TableReleasedException released(TableState state) {
        return new TableReleasedException(state + " was released (closed, or garbage-collected after it became"
                + " unreachable); keep a reference to tables you still use and create or fetch it again", null);
    }

    SessionClosedException closedException(String why) {
        return closedException(why, connection.settings());
    }

    static SessionClosedException closedException(String why, ConnectionSettings settings) {
        return new SessionClosedException("the session to " + settings.targetText() + " cannot be used: " + why
                + "; open a new session", null);
    }

    @Override
    public String toString() {
        return "Session[" + target() + (closed.get() ? ", closed" : "") + ", " + tables.size() + " tables]";
    }
}
