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
