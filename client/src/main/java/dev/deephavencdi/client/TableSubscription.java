package dev.deephavencdi.client;

import java.util.List;
import java.util.Map;

/**
 * A live subscription to a table ({@link Table#subscribe(TableListener)}): the client holds a copy of the table
 * that the server keeps up to date, tick by tick, and tells the listener what changed.
 *
 * <p><b>Lifecycle.</b> The subscription holds its own reference to the table on the server, so closing or losing
 * the {@link Table} it came from does not end it, and neither does the publisher releasing a table this session
 * {@linkplain Session#fetchTable fetched}. It ends with {@link #close()}, when its session closes (the listener's
 * {@code onComplete}), or when the server ends it ({@code onError}). Subscriptions are not ended by garbage
 * collection: always close them.
 *
 * <p><b>Reading rows.</b> {@link #rows(long)} and {@link #size()} read the local copy as of one tick, which may be
 * newer than the update a listener is being handed at the same time.
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe; {@link #close()} is idempotent.
 */
public interface TableSubscription extends AutoCloseable {

    /** @return the number of rows in the local copy now */
    long size();

    /**
     * Reads rows of the local copy, consistent as of one tick, without a server call. Values are as in
     * {@link Table#readRows(long)}: boxed primitives, {@code String}, {@link java.time.Instant},
     * {@link java.time.LocalDate}, a {@code List} for array columns, {@code null} for Deephaven nulls.
     *
     * @param maxRows the most rows to return, at least 0
     * @return the rows in table order, each a map from column name to value in column order
     * @throws IllegalStateException if the subscription is closed
     */
    List<Map<String, Object>> rows(long maxRows);

    /** @return the columns of the table */
    TableSchema schema();

    /** @return whether the subscription ended (closed, its session closed, or ended by the server) */
    boolean isClosed();

    /**
     * Ends the subscription: the server stops sending, the local copy is released, and the listener gets no more
     * calls once this returns (a call in progress on another thread may still finish). Idempotent; never throws.
     */
    @Override
    void close();
}
