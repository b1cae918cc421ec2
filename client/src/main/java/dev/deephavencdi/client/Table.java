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

    /** Releases the table's export. Idempotent and thread-safe; never throws. */
    @Override
    void close();
}
