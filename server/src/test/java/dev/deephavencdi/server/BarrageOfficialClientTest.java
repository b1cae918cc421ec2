package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.BarrageClientEngine;
import dev.deephavencdi.testing.LiveView;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.client.impl.TicketId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.liveness.LivenessReferent;
import io.deephaven.engine.rowset.RowSetFactory;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import io.deephaven.util.SafeCloseable;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Barrage snapshots and subscriptions ({@code DoExchange}) driven by the official Deephaven Java Barrage client
 * 0.40.7 ({@code BarrageSession.snapshot/subscribe}) against published tables, on a server ticking every 100 ms.
 */
class BarrageOfficialClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(100)))
            .checkNothingHeldAfterEach(WAIT);
    private OfficialClient client;

    @BeforeEach
    void connect() {
        client = server.officialClient();
    }

    @AfterEach
    void disconnectAndCheckNothingLeaked() throws Exception {
        client.close();
    }

    @Test
    void snapshotOfAStaticTableEqualsItsDoGetRows() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = publish(publisher, TableSpec.empty(1000)
                .update("X = i", "Y = X * 2L", "S = `s` + i", "D = i / 4.0", "N = i % 3 == 0 ? NULL_INT : i"));
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));

        Table snapshot = snapshot(client.barrage(subscriber), fetched);

        List<List<Object>> doGet = ArrowRows.read(client.flight(subscriber).stream(fetched));
        assertThat(doGet).hasSize(1000);
        assertThat(BarrageClientEngine.rows(snapshot)).isEqualTo(doGet);
        assertThat(snapshot.getDefinition().getColumnNames()).containsExactly("X", "Y", "S", "D", "N");
    }

    /**
     * DoGet of a static table of fixed-width primitives takes the server's bulk writer (BulkRecordBatches,
     * behind ArrowTableWriter.writeSnapshot); a Barrage snapshot of the same table takes Barrage's own writer. Both
     * must decode to the same values and the same nulls, for every primitive type and a non-contiguous row set.
     */
    @Test
    void theBulkDoGetOfPrimitiveColumnsDecodesLikeBarragesWriter() throws Exception {
        Session publisher = client.newSession();
        TableSpec primitives = TableSpec.empty(50_000).update(
                "B = i % 7 == 0 ? NULL_BYTE : (byte) (i % 100)",
                "S = i % 7 == 1 ? NULL_SHORT : (short) (i % 1000 - 500)",
                "I = i % 7 == 2 ? NULL_INT : i * 31",
                "L = i % 7 == 3 ? NULL_LONG : (long) i * -3_000_000_000L",
                "F = i % 7 == 4 ? NULL_FLOAT : (float) (i * 0.25)",
                "D = i % 7 == 5 ? NULL_DOUBLE : i / 3.0");
        for (TableSpec spec : List.of(primitives, primitives.where("I % 3 != 0"))) {
            List<List<Object>> doGet = bulkDoGetDecodedLikeBarrage(publisher, spec, value -> value);
            assertThat(doGet).anySatisfy(row -> assertThat(row).containsNull());
        }
    }

    /**
     * The bulk writer's strings (ASCII, non-ASCII, empty, null), booleans (with nulls) and instants (with nulls),
     * in batches whose size it adapts to the strings, decode like Barrage's writer's; instants compared as the epoch
     * nanoseconds Arrow's timestamp vectors hold.
     */
    @Test
    void theBulkDoGetOfStringBooleanAndInstantColumnsDecodesLikeBarragesWriter() throws Exception {
        Session publisher = client.newSession();
        TableSpec objects = TableSpec.empty(300_000).update(
                "S = i % 5 == 0 ? null : i % 5 == 1 ? `` : i % 5 == 2 ? `\u00e9t\u00e9 \u6771\u4eac ` + i : `s` + i",
                "B = i % 3 == 1 ? null : i % 2 == 0",
                "T = i % 4 == 0 ? null : epochNanosToInstant(1700000000000000000L + ii * 1_000_003L)",
                "I = i");
        // select(): columns held in memory (booleans read as the engine's bytes), beside formula columns
        for (TableSpec spec : List.of(objects, objects.select(), objects.where("I % 3 != 0"))) {
            // Arrow's timestamp vectors hold epoch nanoseconds; Barrage's snapshot, Instants
            List<List<Object>> doGet = bulkDoGetDecodedLikeBarrage(publisher, spec,
                    value -> value instanceof java.time.Instant instant
                            ? instant.getEpochSecond() * 1_000_000_000L + instant.getNano() : value);
            assertThat(doGet.stream().map(row -> row.get(0))).contains("")
                    .anyMatch(value -> value instanceof String text && text.startsWith("\u00e9t\u00e9"));
            assertThat(doGet.stream().filter(row -> row.subList(0, 3).stream().allMatch(Objects::isNull)))
                    .as("rows whose string, boolean and instant are all null").isNotEmpty();
        }
    }

    /**
     * Every kind of text the bulk writer's UTF-8 encoding must get right, against Barrage's writer and against the
     * strings themselves: ASCII short and long, Latin-1 high characters ("\u00e9", two UTF-8 bytes), characters
     * outside Latin-1 whose low byte alone would read as ASCII ("\u0141" is 0x0141, "\u0100" 0x0100; a fast path
     * that truncated chars would pass ASCII checks on them), "\u20ac" in a long string, an emoji (a surrogate
     * pair), a non-ASCII character after an ASCII prefix, empty strings and nulls. Columns with and without nulls
     * (the latter send no validity bitmap, and their values are written where the bitmap would be), booleans with
     * and without nulls, a row count that is not a multiple of eight.
     */
    @Test
    void theBulkDoGetOfEveryKindOfTextAndOfBooleansDecodesLikeBarragesWriter() throws Exception {
        List<String> texts = List.of("plain ascii ", "", "\u00e9t\u00e9 ", "\u0141\u0100A",
                "\u20ac in a longer string of text ", "\uD83D\uDE00 ", "abc\u00ff", "x");
        String pick = "i % 8 == 0 ? `" + texts.get(0) + "` + i : i % 8 == 1 ? `` : i % 8 == 2 ? `" + texts.get(2)
                + "` + i : i % 8 == 3 ? `" + texts.get(3) + "` : i % 8 == 4 ? `" + texts.get(4) + "` + i"
                + " : i % 8 == 5 ? `" + texts.get(5) + "` + i : i % 8 == 6 ? `" + texts.get(6) + "` : `x` + i";
        Session publisher = client.newSession();
        TableSpec text = TableSpec.empty(100_003).update(
                "S = " + pick,
                "N = i % 11 == 0 ? null : " + pick,
                "B = i % 2 == 0",
                "C = i % 5 == 0 ? null : i % 3 == 0",
                "I = i");
        for (TableSpec spec : List.of(text, text.select(), text.where("I % 3 != 0"))) {
            List<List<Object>> doGet = bulkDoGetDecodedLikeBarrage(publisher, spec, value -> value);
            for (List<Object> row : doGet) {
                int i = (Integer) row.get(4);
                String expected = switch (i % 8) {
                    case 1 -> "";
                    case 3, 6 -> texts.get(i % 8);
                    case 7 -> "x" + i;
                    default -> texts.get(i % 8) + i;
                };
                assertThat(row.get(0)).as("row %d", i).isEqualTo(expected);
                assertThat(row.get(1)).as("row %d", i).isEqualTo(i % 11 == 0 ? null : expected);
                assertThat(row.get(2)).as("row %d", i).isEqualTo(i % 2 == 0);
                assertThat(row.get(3)).as("row %d", i).isEqualTo(i % 5 == 0 ? null : i % 3 == 0);
            }
        }
    }

    @Test
    void viewportSnapshotHasExactlyTheRequestedRowsAndColumnsInTheirPlaces() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = publish(publisher, TableSpec.empty(100).update("X = i", "Y = -i"));
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));

        Table snapshot;
        try (SafeCloseable ignored = BarrageClientEngine.CONTEXT.open()) {
            snapshot = client.barrage(subscriber).snapshot(fetched, BarrageUtil.DEFAULT_SNAPSHOT_OPTIONS)
                    .partialTable(RowSetFactory.fromRange(10, 14), null).get(30, TimeUnit.SECONDS);
        }

        assertThat(BarrageClientEngine.rows(snapshot))
                .containsExactly(List.of(10, -10), List.of(11, -11), List.of(12, -12), List.of(13, -13),
                        List.of(14, -14));
    }

    @Test
    void subscriptionReceivesTheSnapshotThenEveryUpdateOfATickingTable() throws Exception {
        Session publisher = client.newSession();
        TableHandle source = publisher.execute(TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        assertThat(source.response().getIsStatic()).isFalse();
        SharedTicket ticket = SharedTicket.random();
        publisher.publish(new TicketId(ticket.toBytes()), source).get();
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));
        assertThat(fetched.response().getIsStatic()).isFalse();

        try (LiveView view = LiveView.of(client.barrage(subscriber), fetched)) {
            assertThat(server.stats().subscriptions()).isEqualTo(1);
            Poll.until(WAIT, () -> view.updates() >= 5, () -> "updates so far: " + view.sizes());

            List<Long> sizes = view.sizes();
            for (int i = 1; i < sizes.size(); i++) {
                assertThat(sizes.get(i)).as("sizes %s", sizes).isGreaterThan(sizes.get(i - 1));
            }
            List<List<Object>> rows = view.rows();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).get(1)).isEqualTo((long) i); // every row, in order, none lost
            }
            assertThat(view.failure()).isNull();
        }
        Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "subscription still open");
    }

    @Test
    void shiftsRemovalsAndModificationsKeepTheCopyConsistent() throws Exception {
        Session publisher = client.newSession();
        TableSpec ticking = TimeTable.of(Duration.ofMillis(50)).update("X = ii");
        Session subscriber = client.newSession();
        BarrageSession barrage = client.barrage(subscriber);
        TableHandle sorted = fetch(subscriber, ticket(publisher, ticking.sortDescending("X")));
        TableHandle tail = fetch(subscriber, ticket(publisher, ticking.tail(5)));
        TableSpec lastThree = ticking.tail(3).update("K = (int) (X % 3)");
        TableHandle joined = fetch(subscriber,
                ticket(publisher, TableSpec.empty(3).update("K = i").naturalJoin(lastThree, "K", "V = X")));

        try (LiveView shifting = LiveView.of(barrage, sorted);
                LiveView removing = LiveView.of(barrage, tail);
                LiveView modifying = LiveView.of(barrage, joined)) {
            // every state a client sees must be a state of the source: checked at each poll until enough changed
            Poll.until(WAIT, () -> isCountingDown(xs(shifting), true) && shifting.updates() >= 3,
                    () -> "sorted copy: " + xs(shifting));
            Poll.until(WAIT, () -> isConsecutive(xs(removing), 5) && removing.removedRows() >= 3,
                    () -> "tail copy: " + xs(removing));
            Poll.until(WAIT, () -> isLastThreeByKey(modifying.rows()) && modifying.modifiedRows() >= 6,
                    () -> "joined copy: " + modifying.rows());
            assertThat(List.of(shifting.failure() == null, removing.failure() == null, modifying.failure() == null))
                    .containsOnly(true);
        }
    }

    /**
     * Viewports at both ends of a table that grows at the end. The official Java client mirrors an add-only or
     * append-only table with those attributes, and its copy fails as soon as a viewport sheds a row
     * ({@code BarrageTable} asserts such tables never remove rows), against a real server too; so the viewports
     * here go through sorts, which drop the attribute.
     */
    @Test
    void viewportsFollowTheStartAndTheEndOfATickingTable() throws Exception {
        Session publisher = client.newSession();
        TableSpec ticking = TimeTable.of(Duration.ofMillis(50)).update("X = ii");
        Session subscriber = client.newSession();
        BarrageSession barrage = client.barrage(subscriber);
        TableHandle ascending = fetch(subscriber, ticket(publisher, ticking.sort("X")));
        TableHandle descending = fetch(subscriber, ticket(publisher, ticking.sortDescending("X")));

        try (LiveView lastThree = LiveView.ofViewport(barrage, ascending, RowSetFactory.fromRange(0, 2), true);
                LiveView topThree = LiveView.ofViewport(barrage, descending, RowSetFactory.fromRange(0, 2), false)) {
            Poll.until(WAIT, () -> xs(lastThree).size() == 3 && xs(topThree).size() == 3, () -> "filling up");
            long firstLast = lastX(lastThree);
            Poll.until(WAIT, () -> isConsecutive(xs(lastThree), 3) && lastX(lastThree) >= firstLast + 3,
                    () -> "tail viewport: " + xs(lastThree));
            long firstTop = (Long) xs(topThree).get(0).get(0);
            Poll.until(WAIT, () -> isCountingDown(xs(topThree), false) && xs(topThree).size() == 3
                    && (Long) xs(topThree).get(0).get(0) >= firstTop + 3, () -> "top viewport: " + xs(topThree));
            assertThat(lastThree.lastSize()).isEqualTo(3);
            assertThat(lastThree.failure()).isNull();
            assertThat(topThree.failure()).isNull();
        }
    }

    @Test
    void cancellingTheSubscriptionRemovesTheServersListener() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = ticket(publisher, TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        BaseTable<?> published = (BaseTable<?>) server.embedded().publishedTable(ticket);
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));

        LiveView view = LiveView.of(client.barrage(subscriber), fetched);
        assertThat(published.hasListeners()).isTrue();
        view.close();

        Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "subscription still open");
        Poll.until(WAIT, () -> !published.hasListeners(), () -> "the feed's listener is still on the table");
    }

    @Test
    void closingTheSubscribersSessionEndsItsSubscriptions() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = ticket(publisher, TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));
        RawSubscription shared = new RawSubscription((SessionImpl) subscriber, ticket.toBytes(),
                fetched.response());
        Poll.until(WAIT, () -> !shared.received().isEmpty(), () -> "no snapshot yet");

        subscriber.close();

        Status ended = shared.ended().get(20, TimeUnit.SECONDS);
        assertThat(ended.getCode()).isIn(Status.Code.UNAUTHENTICATED, Status.Code.CANCELLED);
        Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "subscription still open");
    }

    @Test
    void aSubscriberWithItsOwnCopyKeepsTickingAfterThePublisherReleasesAndTheTableStopsWithTheLastHolder()
            throws Exception {
        Session publisher = client.newSession();
        TableHandle source = publisher.execute(TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        SharedTicket ticket = SharedTicket.random();
        publisher.publish(new TicketId(ticket.toBytes()), source).get();
        Table published = server.embedded().publishedTable(ticket);
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));

        try (LiveView view = LiveView.of(client.barrage(subscriber), fetched)) {
            source.close();
            Poll.until(WAIT, () -> server.stats().sharedTickets() == 0, () -> "ticket still live");
            int before = view.updates();
            Poll.until(WAIT, () -> view.updates() >= before + 3, () -> "no updates after the release");
            assertThat(view.failure()).isNull();
        }
        fetched.close();
        Poll.until(WAIT, () -> server.stats().exports() == 0, () -> "exports: " + server.stats());
        // nothing holds the ticking table any more: it was destroyed, which also took it off the update graph
        Poll.until(WAIT, () -> !isLive(published), () -> "table still live");
    }

    @Test
    void aSubscriptionOnTheSharedTicketEndsWithNotFoundWhenThePublisherReleases() throws Exception {
        Session publisher = client.newSession();
        TableHandle source = publisher.execute(TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        SharedTicket ticket = SharedTicket.random();
        publisher.publish(new TicketId(ticket.toBytes()), source).get();
        Session subscriber = client.newSession();
        TableHandle schemaOnly = subscriber.execute(TicketTable.of(ticket.toBytes()));
        try (RawSubscription shared = new RawSubscription((SessionImpl) subscriber, ticket.toBytes(),
                schemaOnly.response())) {
            Poll.until(WAIT, () -> shared.received().size() >= 3, () -> "received " + shared.received());
            assertThat(shared.received().get(0).snapshot()).isTrue();

            source.close();

            Status ended = shared.ended().get(20, TimeUnit.SECONDS);
            assertThat(ended.getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(ended.getDescription()).contains("released by its publisher");
        }
    }

    @Test
    void aTableThatFailsEndsItsSubscriptionsWithFailedPrecondition() throws Exception {
        Session publisher = client.newSession();
        // a formula that throws from row 30 on (3 s in, well after a first compile): the table fails while ticking
        SharedTicket ticket = ticket(publisher, TimeTable.of(Duration.ofMillis(100))
                .update("X = ii", "Y = Integer.parseInt(X < 30 ? `1` : `not a number`)"));
        Session subscriber = client.newSession();
        TableHandle schemaOnly = subscriber.execute(TicketTable.of(ticket.toBytes()));
        try (RawSubscription doomed = new RawSubscription((SessionImpl) subscriber, ticket.toBytes(),
                schemaOnly.response())) {
            Status ended = doomed.ended().get(20, TimeUnit.SECONDS);
            assertThat(ended.getCode()).as("%s", ended).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(ended.getDescription()).contains("the table failed").contains("not a number");
        }
        Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "subscription still open");
    }

    @Test
    void aSubscriptionOnTheCallersOwnExportEndsWithFailedPreconditionWhenItIsReleased() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = ticket(publisher, TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        Session subscriber = client.newSession();
        TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));
        int exportId = Integer.parseInt(fetched.exportId().toString().replaceAll(".*\\D", ""));
        try (RawSubscription own = new RawSubscription((SessionImpl) subscriber,
                new dev.deephavencdi.proto.ExportTicket(exportId).toByteString().toByteArray(), fetched.response())) {
            Poll.until(WAIT, () -> !own.received().isEmpty(), () -> "no snapshot yet");

            fetched.close(); // the only reference: the client releases the export

            Status ended = own.ended().get(20, TimeUnit.SECONDS);
            assertThat(ended.getCode()).as("%s", ended).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(ended.getDescription()).contains("export " + exportId + " was released");
        }
    }

    @Test
    void halfClosingUnsubscribesWithOk() throws Exception {
        Session publisher = client.newSession();
        SharedTicket ticket = ticket(publisher, TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
        Session subscriber = client.newSession();
        TableHandle schemaOnly = subscriber.execute(TicketTable.of(ticket.toBytes()));
        try (RawSubscription shared = new RawSubscription((SessionImpl) subscriber, ticket.toBytes(),
                schemaOnly.response())) {
            Poll.until(WAIT, () -> !shared.received().isEmpty(), () -> "no snapshot yet");
            shared.unsubscribe();
            assertThat(shared.ended().get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
        }
        Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "subscription still open");
    }

    private static boolean isLive(Table table) {
        LivenessReferent referent = (LivenessReferent) table;
        if (referent.tryRetainReference()) {
            referent.dropReference();
            return true;
        }
        return false;
    }

    /**
     * Publishes the spec's table, reads it in another session by Flight DoGet (asserting the bulk writer served it:
     * Barrage's writer puts snapshot metadata on every batch, the bulk writer none) and by a Barrage snapshot, and
     * asserts both decode to the same rows, every row of the table, none missing.
     *
     * @param barrageValue how a snapshot value compares with the DoGet's (e.g. an Instant as epoch nanoseconds)
     * @return the DoGet's rows
     */
    private List<List<Object>> bulkDoGetDecodedLikeBarrage(Session publisher, TableSpec spec,
            UnaryOperator<Object> barrageValue) throws Exception {
        SharedTicket ticket = publish(publisher, spec);
        Session subscriber = client.newSession();
        TableHandle fetched = fetch(subscriber, ticket);
        List<List<Object>> doGet = new ArrayList<>();
        try (FlightStream stream = client.flight(subscriber).stream(fetched)) {
            while (stream.next()) {
                assertThat(stream.getLatestMetadata()).as("the bulk writer served this DoGet").isNull();
                doGet.addAll(ArrowRows.rows(stream.getRoot()));
            }
        }
        List<List<Object>> barrage = BarrageClientEngine.rows(snapshot(client.barrage(subscriber), fetched))
                .stream().map(row -> row.stream().map(barrageValue).toList()).toList();
        assertThat(doGet).hasSize((int) fetched.response().getSize()).isNotEmpty();
        assertThat(doGet).isEqualTo(barrage);
        return doGet;
    }

    private static TableHandle fetch(Session session, SharedTicket ticket) throws Exception {
        return session.execute(TicketTable.of(ticket.toBytes()));
    }

    private static long lastX(LiveView view) {
        List<List<Object>> xs = xs(view);
        return (Long) xs.get(xs.size() - 1).get(0);
    }

    /** @return whether the values are n, n-1, ... (down to 0 if {@code toZero}) */
    private static boolean isCountingDown(List<List<Object>> xs, boolean toZero) {
        for (int i = 0; i < xs.size(); i++) {
            if ((Long) xs.get(i).get(0) != (Long) xs.get(0).get(0) - i) {
                return false;
            }
        }
        return !toZero || xs.isEmpty() || (Long) xs.get(xs.size() - 1).get(0) == 0;
    }

    private static boolean isConsecutive(List<List<Object>> xs, int size) {
        if (xs.size() != size) {
            return false;
        }
        for (int i = 1; i < xs.size(); i++) {
            if ((Long) xs.get(i).get(0) != (Long) xs.get(0).get(0) + i) {
                return false;
            }
        }
        return true;
    }

    /** @return whether rows K = 0, 1, 2 hold the last three X values, each where X % 3 == K */
    private static boolean isLastThreeByKey(List<List<Object>> rows) {
        if (rows.size() != 3 || rows.stream().anyMatch(row -> row.get(1) == null)) {
            return false;
        }
        long min = rows.stream().mapToLong(row -> (Long) row.get(1)).min().orElseThrow();
        long max = rows.stream().mapToLong(row -> (Long) row.get(1)).max().orElseThrow();
        return max - min == 2 && rows.stream().allMatch(row -> (Long) row.get(1) % 3 == (Integer) row.get(0));
    }

    private static List<List<Object>> xs(LiveView view) {
        return view.rows().stream().map(row -> List.of(row.get(row.size() - 1))).toList();
    }

    private static SharedTicket publish(Session publisher, TableSpec spec) throws Exception {
        TableHandle handle = publisher.execute(spec);
        SharedTicket ticket = SharedTicket.random();
        publisher.publish(new TicketId(ticket.toBytes()), handle).get();
        return ticket;
    }

    private static SharedTicket ticket(Session publisher, TableSpec spec) throws Exception {
        return publish(publisher, spec);
    }

    private static Table snapshot(BarrageSession barrage, TableHandle handle) throws Exception {
        try (SafeCloseable ignored = BarrageClientEngine.CONTEXT.open()) {
            return barrage.snapshot(handle, BarrageUtil.DEFAULT_SNAPSHOT_OPTIONS).entireTable()
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
