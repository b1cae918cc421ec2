package dev.deephavencdi.it.differential;

import dev.deephavencdi.testing.LiveView;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The differential scenarios ({@link Scenario}) through the official Deephaven Java client 0.40.7, against one
 * server. Outcomes have the same form as {@code python/differential/pydeephaven_scenarios.py}'s: a table's
 * {@code schema=<name:deephaven type,...> rows=<rows>}, {@code ok}, or {@code error=<gRPC status>}. The official
 * client reports a failed table operation sometimes with the Batch call's status and sometimes only through the
 * export's failure (the server's text, on the real server an error id), depending on which arrives first; such
 * failures read {@link #TABLE_OPERATION_FAILED}. Status codes of table operations are compared through pydeephaven,
 * whose calls are unary.
 */
final class OfficialClientScenarios {
    static final String TABLE_OPERATION_FAILED = "error=table operation failed";

    private final String target;
    private final String authentication;

    OfficialClientScenarios(String target, String authentication) {
        this.target = target;
        this.authentication = authentication;
    }

    String run(Scenario scenario) {
        try (OfficialClient client = new OfficialClient(target)) {
            return switch (scenario) {
                case empty_table_update -> rows(client, TableSpec.empty(5).update("X = i", "Y = 2 * i"));
                case column_types -> rows(client, TableSpec.empty(3).update("I = i", "L = (long) i * 10000000000L",
                        "D = i * 1.5", "S = `s` + i", "B = i % 2 == 0", "N = i == 1 ? null : `n`"));
                case where_filter -> rows(client, TableSpec.empty(10).update("X = i").where("X % 3 == 0"));
                case sort_descending -> rows(client,
                        TableSpec.empty(5).update("X = i % 3", "Y = i").sortDescending("X", "Y"));
                case head_tail -> {
                    TableSpec table = TableSpec.empty(10).update("X = i");
                    yield rows(client, table.head(3)) + " | " + rows(client, table.tail(2));
                }
                case view_drop -> {
                    TableSpec table = TableSpec.empty(3).update("A = i", "B = A + 1", "C = B * 2");
                    yield rows(client, table.view("A", "C")) + " | " + rows(client, table.dropColumns("B"));
                }
                case natural_join -> rows(client, TableSpec.empty(4).update("K = i % 2", "L = i")
                        .naturalJoin(TableSpec.empty(2).update("K = i", "R = i * 100"), "K", "R"));
                case count_by -> rows(client, TableSpec.empty(6).update("K = i % 3").countBy("N", "K"));
                case merge_tables -> rows(client,
                        TableSpec.merge(TableSpec.empty(2).update("X = i"), TableSpec.empty(1).update("X = 10")));
                case publish_then_fetch -> {
                    SharedId id = publish(client, TableSpec.empty(3).update("X = i"));
                    yield rows(client, session(client), id.ticketId().table());
                }
                case fetch_unknown_ticket -> rows(client, SharedId.newRandom().ticketId().table());
                case duplicate_publish -> {
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    publisher.publish(id, publisher.execute(TableSpec.empty(1))).get();
                    yield publishError(publisher, id, publisher.execute(TableSpec.empty(2)));
                }
                case fetch_after_publisher_releases -> {
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    TableHandle table = publisher.execute(TableSpec.empty(3));
                    publisher.publish(id, table).get();
                    table.close();
                    yield rows(client, session(client), id.ticketId().table());
                }
                case fetch_after_publisher_session_closes -> {
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    publisher.publish(id, publisher.execute(TableSpec.empty(3))).get();
                    publisher.close();
                    yield rows(client, session(client), id.ticketId().table());
                }
                case republish_after_release -> {
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    TableHandle first = publisher.execute(TableSpec.empty(1));
                    publisher.publish(id, first).get();
                    first.close();
                    yield publishError(publisher, id, publisher.execute(TableSpec.empty(2)));
                }
                case fetched_table_after_publisher_closes -> {
                    // the official client's fetch is an export of its own (FetchTable), unlike pydeephaven's
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    publisher.publish(id, publisher.execute(TableSpec.empty(2).update("X = i"))).get();
                    Session fetcher = session(client);
                    TableHandle fetched = fetcher.execute(id.ticketId().table());
                    publisher.close();
                    yield read(client, fetcher, fetched);
                }
                case derived_from_fetched_survives_publisher -> {
                    Session publisher = session(client);
                    SharedId id = SharedId.newRandom();
                    publisher.publish(id, publisher.execute(TableSpec.empty(2).update("X = i"))).get();
                    Session fetcher = session(client);
                    TableHandle derived = fetcher.execute(id.ticketId().table().update("Y = X + 1"));
                    publisher.close();
                    yield read(client, fetcher, derived);
                }
                case generic_publish_fetch -> {
                    SharedId id = publish(client, TableSpec.empty(2).update("X = i * 7"));
                    // the official client has no separate generic fetch: ExportFromTicket into its own export
                    Session fetcher = session(client);
                    yield read(client, fetcher, fetcher.execute(id.ticketId().table()));
                }
                case malformed_ticket -> rows(client, TicketTable.of(new byte[] {'x', 1, 2}));
                case empty_shared_id -> rows(client, TicketTable.of("h".getBytes(StandardCharsets.US_ASCII)));
                case bad_formula -> rows(client, TableSpec.empty(3).update("X = nosuchfunction(i)"));
                case java_method_in_formula -> rows(client, TableSpec.empty(2).update("X = Math.abs(-i)"));
                case unknown_column -> rows(client, TableSpec.empty(3).update("X = i").where("Nope > 1"));
                case released_table_used -> {
                    Session session = session(client);
                    TableHandle table = session.execute(TableSpec.empty(3));
                    TicketTable stale = table.ticketId().table(); // its export ticket, sent after the release
                    // Release answered before the stale ticket is used (TableHandle.close() only sends it, and the
                    // next batch could overtake it)
                    session.release(table.exportId()).get(10, java.util.concurrent.TimeUnit.SECONDS);
                    yield rows(client, session, stale);
                }
                case closed_session_used -> {
                    Session session = session(client);
                    session.close();
                    yield rows(client, session, TableSpec.empty(1));
                }
                case wrong_credentials -> {
                    try {
                        client.newSession("io.deephaven.authentication.psk.PskAuthenticationHandler wrong-key");
                        yield "ok";
                    } catch (RuntimeException e) {
                        yield error(e);
                    }
                }
                case ticking_subscription -> {
                    Session session = session(client);
                    TableHandle ticking = session.execute(TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
                    try (LiveView view = LiveView.of(client.barrage(session), ticking)) {
                        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        while (view.updates() < 3 && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                        }
                        yield "schema=" + schema(client, session, ticking) + " updates>=3:" + (view.updates() >= 3);
                    }
                }
            };
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (status "
                    + statusOf(e) + ")";
        }
    }

    private Session session(OfficialClient client) {
        return client.newSession(authentication);
    }

    private SharedId publish(OfficialClient client, TableSpec spec) throws Exception {
        Session publisher = session(client);
        SharedId id = SharedId.newRandom();
        publisher.publish(id, publisher.execute(spec)).get();
        return id;
    }

    private static String publishError(Session publisher, SharedId id, TableHandle table) throws Exception {
        try {
            publisher.publish(id, table).get();
            return "ok";
        } catch (ExecutionException e) {
            return error(e);
        }
    }

    private String rows(OfficialClient client, TableSpec spec) throws Exception {
        return rows(client, session(client), spec);
    }

    private static String rows(OfficialClient client, Session session, TableSpec spec) throws Exception {
        TableHandle handle;
        try {
            handle = session.execute(spec);
        } catch (TableHandle.TableHandleException | RuntimeException e) {
            // which status the official client surfaces for a failed Batch (the call's, or none when only the
            // export's failure arrives first) varies from run to run on both servers: compare only that it failed
            return TABLE_OPERATION_FAILED;
        }
        return read(client, session, handle);
    }

    private static String read(OfficialClient client, Session session, TableHandle handle) throws Exception {
        try (FlightStream stream = client.flight(session).stream(handle)) {
            List<String> rows = new ArrayList<>();
            String schema = schema(stream);
            while (stream.next()) {
                for (int row = 0; row < stream.getRoot().getRowCount(); row++) {
                    StringJoiner values = new StringJoiner("\",\"", "[\"", "\"]");
                    for (int column = 0; column < stream.getRoot().getFieldVectors().size(); column++) {
                        Object value = stream.getRoot().getVector(column).getObject(row);
                        values.add(value == null ? "null" : value.toString());
                    }
                    rows.add(values.toString());
                }
            }
            return "schema=" + schema + " rows=[" + String.join(",", rows) + "]";
        } catch (FlightRuntimeException e) {
            return error(e);
        }
    }

    private static String schema(OfficialClient client, Session session, TableHandle handle) throws Exception {
        try (FlightStream stream = client.flight(session).stream(handle)) {
            return schema(stream);
        }
    }

    private static String schema(FlightStream stream) {
        StringJoiner schema = new StringJoiner(",");
        for (Field field : stream.getSchema().getFields()) {
            schema.add(field.getName() + ":" + field.getMetadata().getOrDefault("deephaven:type", "?"));
        }
        return schema.toString();
    }

    static String error(Throwable failure) {
        String status = statusOf(failure);
        return "error=" + (status != null ? status : "no status (" + failure.getClass().getSimpleName() + ")");
    }

    /** The gRPC status in a failure's chain, or Arrow Flight's for a DoGet; null when there is none. */
    private static String statusOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException grpc) {
                return grpc.getStatus().getCode().name();
            }
            if (cause instanceof FlightRuntimeException flight) {
                return "flight " + flight.status().code().name();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
