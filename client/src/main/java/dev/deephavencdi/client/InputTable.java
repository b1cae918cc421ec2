package dev.deephavencdi.client;

/**
 * A server-side table clients write rows into ({@link Session#inputTable}): append-only, or keyed (a row whose key
 * exists replaces it). Read, transform, publish or subscribe to {@link #table()} like any table; it ticks when rows
 * arrive.
 *
 * <p>Thread-safe. Closing it releases {@link #table()}.
 */
public interface InputTable extends AutoCloseable {
    /** @return the input table's contents, a live table of this session */
    Table table();

    /** @return the key columns; empty for an append-only input table */
    java.util.List<String> keyColumns();

    /**
     * Adds the rows of {@code rows} (same column names and types); returns once the server applied them.
     *
     * @throws InvalidTableOperationException if the columns do not match the input table's
     */
    void add(Table rows);

    /**
     * Deletes the rows whose keys appear in {@code keys} (a table of the key columns); returns once applied.
     *
     * @throws InvalidTableOperationException if the input table is append-only or the key columns do not match
     */
    void delete(Table keys);

    /** Releases {@link #table()}; idempotent. */
    @Override
    void close();
}
