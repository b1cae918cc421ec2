package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.InputTable;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.internal.Failures.Action;
import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.TicketId;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Session} over one official Deephaven session: checks local state and arguments, then delegates table
 * creation to its {@link TableCreator}. Its helpers get the {@link SessionContext} it creates, never the session
 * itself. Closing marks every table released and closes the official session, which releases their exports on the
 * server. Thread-safe.
 */
final class DefaultSession implements Session {
    private static final Logger log = LoggerFactory.getLogger(DefaultSession.class);

    private final Connection connection;
    private final io.deephaven.client.impl.Session official;
    private final boolean closesConnection;
    private final SessionTables tables = new SessionTables();
    private final SessionContext context;
    private final TableCreator creator;

    DefaultSession(Connection connection, io.deephaven.client.impl.Session official, boolean closesConnection) {
        this.connection = connection;
        this.official = official;
        this.closesConnection = closesConnection;
        this.context = new SessionContext(connection, official);
        this.creator = new TableCreator(this, context, official, tables, connection.cleaner());
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
            context.requireOpen();
            List<TableState> parents = new ArrayList<>(tables.size());
            List<TicketTable> sources = new ArrayList<>(tables.size());
            for (Table table : tables) {
                TableState state = creator.own(table, "merge");
                parents.add(state);
                sources.add(state.ticket());
            }
            return creator.create(TableSpec.merge(sources), "merge of " + tables.size() + " tables",
                    Action.CREATE_TABLE, parents.toArray(TableState[]::new));
        } finally {
            Reference.reachabilityFence(tables);
        }
    }

    @Override
    public void publishTable(SharedTicket ticket, Table table) {
        Publication publication = startPublication(ticket, table);
        try {
            publication.sent().get();
            publication.answered();
        } catch (ExecutionException e) {
            publication.answered();
            throw publication.failure(e); // translated here, so the stack trace shows the caller
        } catch (InterruptedException e) {
            throw publication.failure(e);
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
            publication.answered();
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(publication.failure(failure));
            }
        });
        return result;
    }

    /** A publish request on its way to the server, and how to explain its failure. */
    private record Publication(CompletableFuture<Void> sent, TableState source, String what, SessionContext context,
            long startNanos) {
        DeephavenException failure(Throwable cause) {
            return context.fail(cause, Action.PUBLISH, what, source);
        }

        /** Counted before the caller learns the outcome, so statistics read afterwards include it. */
        void answered() {
            context.statistics().publishAnswered(startNanos);
        }
    }

    private Publication startPublication(SharedTicket ticket, Table table) {
        Objects.requireNonNull(ticket, "ticket");
        context.requireOpen();
        TableState source = creator.own(table, "publishTable");
        String what = "publishing " + source + " to " + ticket;
        long start = System.nanoTime();
        try {
            return new Publication(official.publish(new TicketId(ticket.toBytes()), source.handle()), source, what,
                    context, start);
        } catch (RuntimeException e) {
            throw context.fail(e, Action.PUBLISH, what, source);
        }
    }

    @Override
    public Table fetchTable(SharedTicket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        long start = System.nanoTime();
        try {
            return execute(TicketTable.of(ticket.toBytes()), "fetching " + ticket, Action.FETCH);
        } finally {
            context.statistics().fetchCompleted(start);
        }
    }

    @Override
    public CompletableFuture<Table> fetchTableAsync(SharedTicket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        context.requireOpen();
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
            throw context.closedException("its client was closed");
        }
        return result;
    }

    @Override
    public String target() {
        return connection.settings().targetText();
    }

    @Override
    public boolean isClosed() {
        return context.isClosed();
    }

    @Override
    public void close() {
        if (!context.markClosed()) {
            return;
        }
        // before the server closes the session (which would end them with an error): they complete
        context.subscriptions().forEach(LiveSubscription::completeWithSession);
        tables.abandonAll(); // CloseSession below releases their exports on the server
        context.closeFlight();
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
        context.requireOpen();
        try {
            return creator.adopt(context.flight().putExport(table, connection.allocator()));
        } catch (io.deephaven.client.impl.TableHandle.TableHandleException | InterruptedException
                | RuntimeException e) {
            throw context.fail(e, Action.CREATE_TABLE, what);
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
        return new DefaultInputTable(context, creator, table, keys);
    }

    /** Runs a table spec as a new batch and wraps its export in a new {@code Table} of this session. */
    private Table execute(TableSpec spec, String what, Action action) {
        return creator.create(spec, what, action);
    }

    long tableCount() {
        return tables.size();
    }

    int subscriptionCount() {
        return context.subscriptionCount();
    }

    @Override
    public String toString() {
        return "Session[" + target() + (isClosed() ? ", closed" : "") + ", " + tables.size() + " tables]";
    }
}
