package dev.deephavencdi.client;

import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.FlightStream;

/**
 * A table on the server, owned by one {@link Session}. Operations run on the server and return a new
 * {@code Table}; this one is unchanged. Formulas and filters use Deephaven's query language
 * ({@code "X = i"}, {@code "Y > 5 && Z != null"}).
 *
 * <p><b>Lifecycle.</b> Each {@code Table} owns exactly one server-side export, shared with no other
 * {@code Table}. It is released by whichever comes first: {@link #close()}, the {@code Table} becoming unreachable
 * (a {@link java.lang.ref.Cleaner} releases it, like pydeephaven's {@code __del__}), or its session closing. A
 * shared ticket this table was {@linkplain Session#publishTable published} to stops resolving at that moment.
 * Using a released table throws {@link TableReleasedException} without a network call; using a table of a closed
 * session throws {@link SessionClosedException}. Tables created from this one are independent and stay valid when
 * it is released.
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe; {@link #close()} is idempotent.
 *
 * <p><b>Reading rows</b> ({@link #openArrowStream()}, {@link #readRows(long)}) uses Arrow Java, which on JDK 17
 * and later needs the JVM option {@code --add-opens=java.base/java.nio=ALL-UNNAMED}; without it these methods
 * throw a {@link DeephavenException} saying so.
 */
public interface Table extends AutoCloseable {

    /**
     * Adds or replaces columns computed from formulas, evaluated for every row now and on every update.
     *
     * @param columnSpecs e.g. {@code "X = i"}, {@code "Y = X * 2"}
     * @return the new table
     * @throws InvalidTableOperationException if a formula does not compile or names an unknown column
     */
    Table update(String... columnSpecs);

    /**
     * Like {@link #update} but computes each distinct input once and caches the result.
     *
     * @param columnSpecs column names or formulas, e.g. {@code "X"}, {@code "Y = X * 2"}
     * @return the new table
     * @throws InvalidTableOperationException if a formula does not compile or names an unknown column
     */
    Table lazyUpdate(String... columnSpecs);

    /**
     * Keeps only the given columns (or formulas), computed on demand when read.
     *
     * @param columnSpecs column names or formulas, e.g. {@code "X"}, {@code "Y = X * 2"}
     * @return the new table
     * @throws InvalidTableOperationException if a formula does not compile or names an unknown column
     */
    Table view(String... columnSpecs);

    /**
     * Like {@link #update} but computes the new columns on demand when read.
     *
     * @param columnSpecs column names or formulas, e.g. {@code "X"}, {@code "Y = X * 2"}
     * @return the new table
     * @throws InvalidTableOperationException if a formula does not compile or names an unknown column
     */
    Table updateView(String... columnSpecs);

    /**
     * Keeps only the given columns (or formulas), computed now and held in memory.
     *
     * @param columnSpecs column names or formulas, e.g. {@code "X"}, {@code "Y = X * 2"}
     * @return the new table
     * @throws InvalidTableOperationException if a formula does not compile or names an unknown column
     */
    Table select(String... columnSpecs);

    /**
     * Keeps the rows matching every filter.
     *
     * @param filters e.g. {@code "X > 5"}, {@code "S in `a`, `b`"}
     * @return the new table
     * @throws InvalidTableOperationException if a filter does not compile or names an unknown column
     */
    Table where(String... filters);

    /**
     * Sorts ascending by the given columns, in order of precedence.
     *
     * @param columns column names
     * @return the new table
     * @throws InvalidTableOperationException if a column does not exist
     */
    Table sort(String... columns);

    /**
     * Sorts descending by the given columns, in order of precedence.
     *
     * @param columns column names
     * @return the new table
     * @throws InvalidTableOperationException if a column does not exist
     */
    Table sortDescending(String... columns);

    /**
     * @param rows how many rows to keep from the start, at least 0
     * @return the new table
     */
    Table head(long rows);

    /**
     * @param rows how many rows to keep from the end, at least 0
     * @return the new table
     */
    Table tail(long rows);

    /**
     * Removes the given columns.
     *
     * @param columns column names
     * @return the new table
     * @throws InvalidTableOperationException if a column does not exist
     */
    Table dropColumns(String... columns);

    /**
     * Adds columns of {@code right} to each row of this table, matched on key columns; rows without a match get
     * nulls. Each key must match at most one row of {@code right}.
     *
     * @param right a table of the same session
     * @param columnsToMatch comma-separated, e.g. {@code "K"} or {@code "LeftKey=RightKey, K2"}
     * @param columnsToAdd comma-separated columns of {@code right}, e.g. {@code "V"} or {@code "NewName=V"}
     * @return the new table
     * @throws IllegalArgumentException if {@code right} belongs to another session
     */
    Table naturalJoin(Table right, String columnsToMatch, String columnsToAdd);

    /**
     * Like {@link #naturalJoin}, but every row of this table must match exactly one row of {@code right}.
     *
     * @param right a table of the same session
     * @param columnsToMatch comma-separated key columns
     * @param columnsToAdd comma-separated columns of {@code right}
     * @return the new table
     * @throws IllegalArgumentException if {@code right} belongs to another session
     */
    Table exactJoin(Table right, String columnsToMatch, String columnsToAdd);

    /**
     * Groups by {@code groupByColumns} (none: the whole table is one group) and computes each aggregation per
     * group, one row per group ({@code agg_by}).
     */
    Table aggBy(java.util.List<Aggregation> aggregations, String... groupByColumns);

    /** {@link #aggBy(java.util.List, String...)} with one aggregation. */
    Table aggBy(Aggregation aggregation, String... groupByColumns);

    /** The number of rows per group, in the {@code long} column {@code countColumn} ({@code count_by}). */
    Table countBy(String countColumn, String... groupByColumns);

    /** The sum of every other column per group ({@code sum_by}). */
    Table sumBy(String... groupByColumns);

    /** The mean of every other column per group ({@code avg_by}). */
    Table avgBy(String... groupByColumns);

    /** The minimum of every other column per group ({@code min_by}). */
    Table minBy(String... groupByColumns);

    /** The maximum of every other column per group ({@code max_by}). */
    Table maxBy(String... groupByColumns);

    /** The first row of each group ({@code first_by}). */
    Table firstBy(String... groupByColumns);

    /** The last row of each group ({@code last_by}). */
    Table lastBy(String... groupByColumns);

    /** The median of every other column per group ({@code median_by}). */
    Table medianBy(String... groupByColumns);

    /** The sample standard deviation of every other column per group ({@code std_by}). */
    Table stdBy(String... groupByColumns);

    /** The sample variance of every other column per group ({@code var_by}). */
    Table varBy(String... groupByColumns);

    /** Every other column's values per group as arrays ({@code group_by}); {@link #ungroup} undoes it. */
    Table groupBy(String... groupByColumns);

    /** The first {@code rows} rows of each group ({@code head_by}). */
    Table headBy(long rows, String... groupByColumns);

    /** The last {@code rows} rows of each group ({@code tail_by}). */
    Table tailBy(long rows, String... groupByColumns);

    /** Expands array columns into one row per element ({@code ungroup}); no columns: every array column. */
    Table ungroup(String... columns);

    /**
     * Cross join ({@code join}): every pair of a left row and a right row whose {@code columnsToMatch} are equal
     * (none: every pair), with {@code columnsToAdd} of the right table (empty: all its other columns).
     */
    Table join(Table right, String columnsToMatch, String columnsToAdd);

    /**
     * As-of join ({@code aj}): for each left row, the right row with equal exact-match columns and the greatest
     * as-of value not after the left one. {@code columnsToMatch} ends with the as-of column, e.g.
     * {@code "Sym, Time"} or {@code "Sym, Time >= QuoteTime"}.
     */
    Table aj(Table right, String columnsToMatch, String columnsToAdd);

    /** Reverse as-of join ({@code raj}): the right row with the smallest as-of value not before the left one. */
    Table raj(Table right, String columnsToMatch, String columnsToAdd);

    /** The rows whose {@code columnsToMatch} values appear in {@code right} ({@code where_in}). */
    Table whereIn(Table right, String... columnsToMatch);

    /** The rows whose {@code columnsToMatch} values do not appear in {@code right} ({@code where_not_in}). */
    Table whereNotIn(Table right, String... columnsToMatch);

    /** Adds the columns of {@code operations}, computed per group in row order ({@code update_by}). */
    Table updateBy(java.util.List<UpdateByOperation> operations, String... groupByColumns);

    /** {@link #updateBy(java.util.List, String...)} with one operation. */
    Table updateBy(UpdateByOperation operation, String... groupByColumns);

    /** A static copy of this table's current rows, as a new server-side table ({@code snapshot}). */
    Table snapshotTable();

    /**
     * This table's rows as of the last time {@code trigger} ticked, with {@code trigger}'s columns added
     * ({@code snapshot_when}, initial snapshot taken).
     */
    Table snapshotWhen(Table trigger);

    /**
     * @return the number of rows when the server created this table; for a refreshing table (see
     *         {@link #isStatic()}) a snapshot that may already be outdated
     */
    long size();

    /** @return the columns, in order, with their Java types */
    TableSchema schema();

    /** @return whether the table never changes; false for ticking tables such as {@link Session#timeTable} */
    boolean isStatic();

    /** @return the session that owns this table */
    Session session();

    /** @return whether this table was released (closed, or its session closed) */
    boolean isReleased();

    /**
     * Streams a snapshot of the table as Arrow record batches (Flight {@code DoGet}). The caller must close the
     * stream. Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on JDK 17+.
     *
     * @return the stream, its schema already received
     * @throws DeephavenException if Arrow cannot initialise, or the server refuses the read
     */
    FlightStream openArrowStream();

    /**
     * Reads up to {@code maxRows} rows as plain Java values, for previews and small tables. Only those rows are
     * transferred: larger tables are cut server-side first (a refreshing table is read as a snapshot). Values
     * are boxed primitives ({@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code Character},
     * ...), {@code String}, {@link java.time.Instant} for timestamps, {@link java.time.LocalDate} for dates and a
     * {@code List} for array columns; Deephaven nulls are {@code null}. Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on JDK 17+.
     *
     * @param maxRows the most rows to return, at least 0
     * @return the rows in table order, each a map from column name to value in column order
     */
    List<Map<String, Object>> readRows(long maxRows);

    /**
     * Subscribes to the table: the server sends a snapshot, then every change, tick by tick (Barrage over Flight
     * {@code DoExchange}); the client keeps a copy up to date and tells {@code listener} what changed. Blocks
     * until the snapshot has arrived; the listener's first update is that snapshot. Works on static tables too
     * (one snapshot, then nothing).
     *
     * <p><b>Back-pressure.</b> The listener is called on a client thread, one update at a time. If it is slower
     * than the table ticks, the ticks it missed are merged into its next update ({@link TableUpdate#merged()}),
     * so nothing queues up on the client; likewise the server merges updates for a client that reads slowly
     * instead of buffering them.
     *
     * <p><b>Close.</b> Close the returned subscription when done; it is not closed by garbage collection. It holds
     * its own reference to this table on the server, so closing this {@code Table} does not end it; closing the
     * session does ({@link TableListener#onComplete()}).
     *
     * <p><b>Engine.</b> The official Barrage client keeps the copy in a Deephaven engine table inside this JVM:
     * the first subscription starts a client-side update graph (one daemon thread, shared by all sessions).
     * A real Deephaven server sends updates at most once per its {@code barrage.minUpdateInterval} (1 s by
     * default); the embedded server sends every tick.
     *
     * @param listener receives the updates
     * @return the subscription, with access to the current rows
     * @throws TableReleasedException if this table was released
     * @throws SessionClosedException if the session is closed
     * @throws DeephavenException if the server refuses (for instance {@code FAILED_PRECONDITION} for a failed
     *         table) or the connection fails
     */
    TableSubscription subscribe(TableListener listener);

    /**
     * The table's updates as a {@link java.util.concurrent.Flow.Publisher}, for reactive code and streaming
     * endpoints (server-sent events, WebSockets). Each {@code subscribe} opens its own subscription as
     * {@link #subscribe(TableListener)} does, in the background after {@code onSubscribe}; the first
     * {@code onNext} is the initial snapshot. Updates go out as requested; while the subscriber has no demand they
     * are merged into one pending update. {@code cancel()} ends the subscription; {@code onError} carries a
     * {@link DeephavenException} (also when subscribing fails); {@code onComplete} means the session closed.
     *
     * @return a publisher that can be subscribed many times, as long as this table is not released
     */
    java.util.concurrent.Flow.Publisher<TableUpdate> updates();

    /**
     * Reads the whole table at one moment with a Barrage snapshot ({@code DoExchange}), consistent even while it
     * ticks. Values are as in {@link #readRows(long)}. For large tables prefer {@link #snapshot(long)}.
     *
     * @return the schema and every row
     * @throws TableReleasedException if this table was released
     * @throws DeephavenException if the server refuses or the connection fails
     */
    TableSnapshot snapshot();

    /**
     * Reads the first {@code maxRows} rows at one moment with a Barrage snapshot of that viewport: only those rows
     * are transferred.
     *
     * @param maxRows the most rows to read, at least 0
     * @return the schema and up to {@code maxRows} rows
     * @throws TableReleasedException if this table was released
     * @throws DeephavenException if the server refuses or the connection fails
     */
    TableSnapshot snapshot(long maxRows);

    /** Releases the table's export. Idempotent and thread-safe; never throws. */
    @Override
    void close();
}
