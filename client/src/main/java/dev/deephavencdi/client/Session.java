package dev.deephavencdi.client;

import dev.deephavencdi.proto.SharedTicket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A session with a Deephaven server (the embedded one or a real one): creates tables, publishes them to shared
 * tickets and fetches tables other sessions published. The Java counterpart of pydeephaven's {@code Session}:
 *
 * <pre>{@code
 * try (Session session = Session.connect("localhost", 10000)) {
 *     Table t = session.emptyTable(1000).update("X = i", "Y = 2*i");
 *     SharedTicket ticket = SharedTicket.random();
 *     session.publishTable(ticket, t);
 *     // any other session: other.fetchTable(ticket), until t is closed, garbage-collected, or session closes
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Every {@link Table} the session returns holds one server-side export. It is released by
 * {@link Table#close()}, when the {@code Table} becomes unreachable (a {@link java.lang.ref.Cleaner} releases it,
 * like pydeephaven's {@code __del__}), or when the session closes. Closing the session releases every table it
 * still holds, then closes the session on the server. Use after close throws {@link SessionClosedException}
 * without a network call. Sessions are not released by garbage collection: always close them.
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe: tables may be created, published, fetched, read and
 * closed from many threads at once through one session.
 *
 * <p>Failures are {@link DeephavenException}s (unchecked); see its subclasses.
 */
public interface Session extends AutoCloseable {

    /**
     * Opens an anonymous plaintext session, with its own connection that closes with the session.
     *
     * @param host the server's host name or address
     * @param port the server's port (a real Deephaven server listens on 10000)
     * @return the open session
     * @throws IllegalArgumentException if the host is blank or the port out of range
     * @throws ServerUnavailableException if nothing answers at {@code host:port}
     * @throws AuthenticationFailedException if the server does not accept anonymous sessions
     */
    static Session connect(String host, int port) {
        return builder().host(host).port(port).connect();
    }

    /**
     * Opens an anonymous session, with its own connection that closes with the session.
     *
     * @param target {@code dh+plain://host:port} for plaintext or {@code dh://host:port} for TLS
     * @return the open session
     * @throws IllegalArgumentException if the target is not of that form
     * @throws ServerUnavailableException if nothing answers at the target
     * @throws AuthenticationFailedException if the server does not accept anonymous sessions
     */
    static Session connect(String target) {
        return builder().target(target).connect();
    }

    /**
     * @return a builder for a session with its own connection (authentication, TLS, ...): configure it, then
     *         {@link DeephavenClient.Builder#connect()}
     */
    static DeephavenClient.Builder builder() {
        return DeephavenClient.builder();
    }

    /**
     * Creates a static table of {@code size} rows and no columns (add columns with {@link Table#update}).
     *
     * @param size the number of rows, at least 0
     * @return the new table
     * @throws IllegalArgumentException if size is negative
     * @throws SessionClosedException if this session is closed
     */
    Table emptyTable(long size);

    /**
     * Creates a refreshing table that appends a row with a {@code Timestamp} column every {@code period}.
     *
     * @param period the time between rows, positive
     * @return the new table
     * @throws IllegalArgumentException if period is null, zero or negative
     * @throws SessionClosedException if this session is closed
     */
    Table timeTable(Duration period);

    /**
     * Concatenates tables with the same columns, in order.
     *
     * @param tables at least one table, all of this session
     * @return the new table
     * @throws IllegalArgumentException if no table is given or one belongs to another session
     * @throws TableReleasedException if one of the tables was released
     * @throws InvalidTableOperationException if the columns differ
     */
    Table merge(Table... tables);

    /**
     * Concatenates tables with the same columns, in order.
     *
     * @param tables at least one table, all of this session
     * @return the new table
     * @see #merge(Table...)
     */
    Table merge(List<Table> tables);

    /**
     * Publishes a table of this session to a shared ticket, so that any session on the server can
     * {@linkplain #fetchTable fetch} it. The ticket stays valid exactly as long as {@code table}: until it is
     * closed, becomes unreachable (keep a reference!), or this session closes. Tables fetched from the ticket
     * meanwhile are independent copies and stay valid.
     *
     * @param ticket where to publish, e.g. {@link SharedTicket#random()}
     * @param table a live table of this session
     * @throws IllegalArgumentException if the table belongs to another session
     * @throws TicketAlreadyPublishedException if a table is already published to {@code ticket}
     * @throws TableReleasedException if the table was released
     * @throws SessionClosedException if this session is closed
     */
    void publishTable(SharedTicket ticket, Table table);

    /**
     * Asynchronous {@link #publishTable}. The table is kept reachable until the future completes. Argument and
     * local-state errors are thrown directly; server errors complete the future exceptionally with the
     * {@link DeephavenException} {@link #publishTable} would throw.
     *
     * @param ticket where to publish
     * @param table a live table of this session
     * @return a future completed once the server published the table
     */
    CompletableFuture<Void> publishTableAsync(SharedTicket ticket, Table table);

    /**
     * Fetches the table published to a shared ticket, as a new table of this session. The fetched table is an
     * independent reference: it stays valid after the publisher releases its table.
     *
     * @param ticket the shared ticket the table was published to
     * @return the fetched table, owned by this session
     * @throws TicketNotFoundException if nothing is published to the ticket (never, or no longer)
     * @throws SessionClosedException if this session is closed
     */
    Table fetchTable(SharedTicket ticket);

    /**
     * Asynchronous {@link #fetchTable}: server errors complete the future exceptionally with the
     * {@link DeephavenException} {@link #fetchTable} would throw.
     *
     * @param ticket the shared ticket the table was published to
     * @return a future of the fetched table; a table the caller never collects is released when garbage-collected
     */
    CompletableFuture<Table> fetchTableAsync(SharedTicket ticket);

    /**
     * Uploads Arrow data as a new static table of this session (Flight DoPut, pydeephaven's {@code import_table}).
     * The root's current rows are sent; the caller keeps ownership of {@code root}.
     *
     * @throws IllegalArgumentException for a column type Deephaven cannot take
     */
    Table importTable(org.apache.arrow.vector.VectorSchemaRoot root);

    /**
     * Uploads columns given as Java arrays as a new static table, in the map's iteration order (use a
     * {@link java.util.LinkedHashMap}). Arrays may be {@code int[]}, {@code long[]}, {@code double[]},
     * {@code float[]}, {@code short[]}, {@code byte[]}, {@code char[]}, {@code boolean[]}, or arrays of
     * {@code String}, {@code Instant} or boxed numbers (nulls become Deephaven nulls); all of the same length.
     *
     * @throws IllegalArgumentException for another value type or arrays of different lengths
     */
    Table importTable(java.util.Map<String, ?> columns);

    /**
     * Creates an input table with the given columns (name to Java type: {@code int.class}, {@code double.class},
     * {@code String.class}, {@code Instant.class}, ...), in the map's iteration order. With key columns a row
     * whose key exists replaces it; without, rows are appended.
     */
    InputTable inputTable(java.util.Map<String, Class<?>> columns, String... keyColumns);

    /** @return the server this session talks to, as {@code dh+plain://host:port} or {@code dh://host:port} */
    String target();

    /** @return whether {@link #close()} was called */
    boolean isClosed();

    /**
     * Releases every table of this session, then closes the session on the server (and the connection, for a
     * session opened with {@link #connect}). Idempotent and thread-safe. Never throws: failures (for example a
     * server that is gone) are logged.
     */
    @Override
    void close();
}
