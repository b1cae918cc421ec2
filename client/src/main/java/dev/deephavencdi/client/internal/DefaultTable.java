package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.InvalidTableOperationException;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.TableListener;
import dev.deephavencdi.client.TableSchema;
import dev.deephavencdi.client.TableSnapshot;
import dev.deephavencdi.client.TableSubscription;
import dev.deephavencdi.client.TableUpdate;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.api.agg.spec.AggSpec;
import io.deephaven.api.snapshot.SnapshotWhenOptions;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.grpc.Status;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.apache.arrow.flight.FlightStream;

/**
 * {@link Table} over one export. Every operation is sent as its own batch that references this export by ticket,
 * so the result owns a new export of its own.
 *
 * <p>The wrapper holds its {@link TableState}; the {@link Cleaner} action and the session hold only the state, so
 * an unreachable wrapper is collected and its export released. Every method that uses the export ends with a
 * {@link Reference#reachabilityFence}: otherwise the JIT may consider the wrapper unreachable while the server is
 * still working on its export, and the Cleaner would release it mid-call; {@link #live} is the one place that
 * does it. Thread-safe.
 */
final class DefaultTable implements Table {
    private final Session owner;
    private final SessionContext context;
    private final TableCreator creator;
    private final TableState state;
    private final Cleaner.Cleanable cleanable;
    private volatile TableSchema schema;

    /**
     * @param owner the session reported by {@link #session()}
     * @param creator creates the tables derived from this one
     */
    DefaultTable(Session owner, SessionContext context, TableCreator creator, TableState state, Cleaner cleaner) {
        this.owner = owner;
        this.context = context;
        this.creator = creator;
        this.state = state;
        // a bound method reference on the state: the action must not reference this wrapper
        this.cleanable = cleaner.register(this, state::releaseUnreachable);
    }

    @Override
    public Table update(String... columnSpecs) {
        return derive("update", columnSpecs, t -> t.update(columnSpecs));
    }

    @Override
    public Table lazyUpdate(String... columnSpecs) {
        return derive("lazyUpdate", columnSpecs, t -> t.lazyUpdate(columnSpecs));
    }

    @Override
    public Table view(String... columnSpecs) {
        return derive("view", columnSpecs, t -> t.view(columnSpecs));
    }

    @Override
    public Table updateView(String... columnSpecs) {
        return derive("updateView", columnSpecs, t -> t.updateView(columnSpecs));
    }

    @Override
    public Table select(String... columnSpecs) {
        return derive("select", columnSpecs, t -> t.select(columnSpecs));
    }

    @Override
    public Table where(String... filters) {
        return derive("where", filters, t -> t.where(filters));
    }

    @Override
    public Table sort(String... columns) {
        return derive("sort", columns, t -> t.sort(columns));
    }

    @Override
    public Table sortDescending(String... columns) {
        return derive("sortDescending", columns, t -> t.sortDescending(columns));
    }

    @Override
    public Table head(long rows) {
        requireRowCount("head", rows);
        return derive("head", new Object[] {rows}, t -> t.head(rows));
    }

    @Override
    public Table tail(long rows) {
        requireRowCount("tail", rows);
        return derive("tail", new Object[] {rows}, t -> t.tail(rows));
    }

    @Override
    public Table dropColumns(String... columns) {
        return derive("dropColumns", columns, t -> t.dropColumns(columns));
    }

    @Override
    public Table naturalJoin(Table right, String columnsToMatch, String columnsToAdd) {
        return join("naturalJoin", right, columnsToMatch, columnsToAdd,
                (left, r) -> left.naturalJoin(r, columnsToMatch, columnsToAdd));
    }

    @Override
    public Table exactJoin(Table right, String columnsToMatch, String columnsToAdd) {
        return join("exactJoin", right, columnsToMatch, columnsToAdd,
                (left, r) -> left.exactJoin(r, columnsToMatch, columnsToAdd));
    }

    @Override
    public Table aggBy(List<dev.deephavencdi.client.Aggregation> aggregations, String... groupByColumns) {
        List<io.deephaven.api.agg.Aggregation> specs = ApiSpecs.aggregations(List.copyOf(aggregations));
        return derive("aggBy", new Object[] {aggregations, List.of(groupByColumns)},
                t -> t.aggBy(specs, groupByColumns));
    }

    @Override
    public Table aggBy(dev.deephavencdi.client.Aggregation aggregation, String... groupByColumns) {
        return aggBy(List.of(aggregation), groupByColumns);
    }

    @Override
    public Table countBy(String countColumn, String... groupByColumns) {
        return derive("countBy", new Object[] {countColumn, List.of(groupByColumns)},
                t -> t.countBy(countColumn, groupByColumns));
    }

    @Override
    public Table sumBy(String... groupByColumns) {
        return aggAllBy("sumBy", AggSpec.sum(), groupByColumns);
    }

    @Override
    public Table avgBy(String... groupByColumns) {
        return aggAllBy("avgBy", AggSpec.avg(), groupByColumns);
    }

    @Override
    public Table minBy(String... groupByColumns) {
        return aggAllBy("minBy", AggSpec.min(), groupByColumns);
    }

    @Override
    public Table maxBy(String... groupByColumns) {
        return aggAllBy("maxBy", AggSpec.max(), groupByColumns);
    }

    @Override
    public Table firstBy(String... groupByColumns) {
        return aggAllBy("firstBy", AggSpec.first(), groupByColumns);
    }

    @Override
    public Table lastBy(String... groupByColumns) {
        return aggAllBy("lastBy", AggSpec.last(), groupByColumns);
    }

    @Override
    public Table medianBy(String... groupByColumns) {
        return aggAllBy("medianBy", AggSpec.median(), groupByColumns);
    }

    @Override
    public Table stdBy(String... groupByColumns) {
        return aggAllBy("stdBy", AggSpec.std(), groupByColumns);
    }

    @Override
    public Table varBy(String... groupByColumns) {
        return aggAllBy("varBy", AggSpec.var(), groupByColumns);
    }

    @Override
    public Table groupBy(String... groupByColumns) {
        return aggAllBy("groupBy", AggSpec.group(), groupByColumns);
    }

    private Table aggAllBy(String operation, AggSpec spec, String[] groupByColumns) {
        return derive(operation, groupByColumns, t -> t.aggAllBy(spec, groupByColumns));
    }

    @Override
    public Table headBy(long rows, String... groupByColumns) {
        return groupedRows(true, rows, groupByColumns);
    }

    @Override
    public Table tailBy(long rows, String... groupByColumns) {
        return groupedRows(false, rows, groupByColumns);
    }

    private Table groupedRows(boolean head, long rows, String[] groupByColumns) {
        requireRowCount(head ? "headBy" : "tailBy", rows);
        String[] columns = groupByColumns.clone();
        return live(live -> GroupedRows.headOrTailBy(context, creator, live, head, rows, columns));
    }

    @Override
    public Table ungroup(String... columns) {
        return derive("ungroup", columns, t -> columns.length == 0 ? t.ungroup() : t.ungroup(columns));
    }

    @Override
    public Table join(Table right, String columnsToMatch, String columnsToAdd) {
        return join("join", right, columnsToMatch, columnsToAdd, (left, r) -> left.join(r, columnsToMatch,
                columnsToAdd));
    }

    @Override
    public Table aj(Table right, String columnsToMatch, String columnsToAdd) {
        return join("aj", right, columnsToMatch, columnsToAdd, (left, r) -> left.aj(r, columnsToMatch, columnsToAdd));
    }

    @Override
    public Table raj(Table right, String columnsToMatch, String columnsToAdd) {
        return join("raj", right, columnsToMatch, columnsToAdd,
                (left, r) -> left.raj(r, columnsToMatch, columnsToAdd));
    }

    @Override
    public Table whereIn(Table right, String... columnsToMatch) {
        return join("whereIn", right, String.join(", ", columnsToMatch), "",
                (left, r) -> left.whereIn(r, columnsToMatch));
    }

    @Override
    public Table whereNotIn(Table right, String... columnsToMatch) {
        return join("whereNotIn", right, String.join(", ", columnsToMatch), "",
                (left, r) -> left.whereNotIn(r, columnsToMatch));
    }

    @Override
    public Table updateBy(List<dev.deephavencdi.client.UpdateByOperation> operations, String... groupByColumns) {
        List<io.deephaven.api.updateby.UpdateByOperation> specs = ApiSpecs.updateBy(List.copyOf(operations));
        return derive("updateBy", new Object[] {operations, List.of(groupByColumns)},
                t -> t.updateBy(specs, groupByColumns));
    }

    @Override
    public Table updateBy(dev.deephavencdi.client.UpdateByOperation operation, String... groupByColumns) {
        return updateBy(List.of(operation), groupByColumns);
    }

    @Override
    public Table snapshotTable() {
        return derive("snapshotTable", new Object[0], TableSpec::snapshot);
    }

    @Override
    public Table snapshotWhen(Table trigger) {
        return join("snapshotWhen", trigger, "", "",
                (base, t) -> base.snapshotWhen(t, SnapshotWhenOptions.Flag.INITIAL));
    }

    @Override
    public long size() {
        return live(live -> live.response().getSize());
    }

    @Override
    public TableSchema schema() {
        TableSchema known = schema;
        if (known == null) {
            known = live(live -> Schemas.of(live.response()));
            schema = known;
        } else {
            liveState();
        }
        return known;
    }

    @Override
    public boolean isStatic() {
        return live(live -> live.response().getIsStatic());
    }

    @Override
    public Session session() {
        return owner;
    }

    @Override
    public boolean isReleased() {
        return state.isReleased();
    }

    @Override
    public FlightStream openArrowStream() {
        return live(live -> RowReader.open(context, live, "reading " + state));
    }

    @Override
    public List<Map<String, Object>> readRows(long maxRows) {
        requireRowCount("readRows", maxRows);
        return live(live -> {
            if (maxRows == 0) {
                return List.of();
            }
            if (isStatic() && size() <= maxRows) {
                return RowReader.read(context, live, maxRows);
            }
            // cut server-side so a preview of a huge table transfers only the rows it shows
            try (Table head = head(maxRows)) {
                return RowReader.read(context, ((DefaultTable) head).liveState(), maxRows);
            }
        });
    }

    @Override
    public TableSubscription subscribe(TableListener listener) {
        Objects.requireNonNull(listener, "listener");
        return live(live -> {
            ListenerSink sink = new ListenerSink(listener);
            // held: the listener hears of its subscription before the initial snapshot, which is ready at once
            UpdateDelivery delivery = UpdateDelivery.held(context.async(), sink, Long.MAX_VALUE);
            LiveSubscription subscription = LiveSubscription.open(context, live, schema(), delivery);
            sink.subscribedTo(subscription);
            delivery.start();
            return subscription;
        });
    }

    @Override
    public Flow.Publisher<TableUpdate> updates() {
        liveState();
        // the publisher holds this wrapper, so the table stays unreleased while the publisher is in use
        return new UpdatePublisher(context.async(),
                delivery -> live(live -> LiveSubscription.open(context, live, schema(), delivery)));
    }

    @Override
    public TableSnapshot snapshot() {
        return live(live -> BarrageSnapshots.read(context, live, schema(), -1));
    }

    @Override
    public TableSnapshot snapshot(long maxRows) {
        requireRowCount("snapshot", maxRows);
        return live(live -> BarrageSnapshots.read(context, live, schema(), maxRows));
    }

    @Override
    public void close() {
        cleanable.clean(); // runs the release at most once, and unregisters it from the Cleaner
    }

    /** @return the state, after checking that the session is open and the table not released */
    TableState liveState() {
        context.requireOpen();
        if (state.isReleased()) {
            throw context.released(state);
        }
        return state;
    }

    /** @return whether this table is one of the session whose tables {@code creator} creates */
    boolean createdBy(TableCreator creator) {
        return this.creator == creator;
    }

    /**
     * Runs {@code body} on the live state, keeping this wrapper reachable until it returns: otherwise the Cleaner
     * could release the export while the server still works on it.
     */
    private <T> T live(Function<TableState, T> body) {
        try {
            return body.apply(liveState());
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private Table derive(String operation, Object[] arguments, Function<TicketTable, TableSpec> spec) {
        Objects.requireNonNull(arguments, operation + " arguments");
        return live(live -> {
            String what = describe(operation, arguments);
            return creator.create(build(what, () -> spec.apply(live.ticket())), what, Action.CREATE_TABLE, live);
        });
    }

    private Table join(String operation, Table right, String columnsToMatch, String columnsToAdd,
            JoinSpec spec) {
        Objects.requireNonNull(columnsToMatch, "columnsToMatch");
        Objects.requireNonNull(columnsToAdd, "columnsToAdd");
        try {
            return live(left -> {
                TableState rightState = creator.own(right, operation);
                String what = describe(operation, new Object[] {columnsToMatch, columnsToAdd});
                return creator.create(build(what, () -> spec.apply(left.ticket(), rightState.ticket())), what,
                        Action.CREATE_TABLE, left, rightState);
            });
        } finally {
            Reference.reachabilityFence(right);
        }
    }

    /** The official client parses names and formulas before sending; report its refusals like the server's. */
    private static TableSpec build(String what, java.util.function.Supplier<TableSpec> spec) {
        try {
            return spec.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidTableOperationException(Status.Code.INVALID_ARGUMENT, what
                    + " was rejected before sending: " + e.getMessage()
                    + ". Check the column names and formulas", e);
        }
    }

    private static void requireRowCount(String operation, long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException(operation + " needs a row count of at least 0, got " + rows);
        }
    }

    private String describe(String operation, Object[] arguments) {
        StringBuilder text = new StringBuilder(operation).append('(');
        for (int i = 0; i < arguments.length; i++) {
            text.append(i == 0 ? "" : ", ");
            text.append(arguments[i] instanceof String s ? '"' + s + '"' : String.valueOf(arguments[i]));
        }
        return text.append(") on ").append(state).toString();
    }

    @FunctionalInterface
    private interface JoinSpec {
        TableSpec apply(TicketTable left, TicketTable right);
    }

    @Override
    public String toString() {
        return "Table[" + state + (state.isReleased() ? ", released" : "") + "]";
    }
}
