package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SessionImpl;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.client.impl.TicketId;
import io.deephaven.extensions.barrage.BarrageSubscriptionOptions;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How subscriptions pace themselves: a client that stops reading gets what it missed merged into one update
 * (nothing lost, nothing buffered without bound), {@code minUpdateIntervalMs} is honoured, and a server shutting
 * down ends open subscriptions at once.
 */
class SubscriptionFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(100)));

    @Test
    void aClientThatStopsReadingGetsTheUpdatesItMissedMergedAndLosesNothing() throws Exception {
        try (OfficialClient client = server.officialClient()) {
            // 100,000 rows/s: about 160 KB per tick, so the 1 MiB HTTP/2 window fills within a second
            Subscriber subscriber = subscriber(client, TimeTable.of(Duration.ofNanos(10_000)).update("X = ii"));
            try (RawSubscription slow = new RawSubscription(subscriber.session, subscriber.ticket.toBytes(),
                    subscriber.schema, BarrageUtil.DEFAULT_SUBSCRIPTION_OPTIONS, true)) {
                slow.request(3);
                Poll.until(WAIT, () -> slow.received().size() >= 2, () -> "no snapshot and update yet");

                Thread.sleep(2000); // reads nothing meanwhile: the window fills and the server stops writing
                slow.request(Integer.MAX_VALUE);
                Poll.until(WAIT, () -> slow.received().size() >= 12, () -> "received " + slow.received().size());

                List<RawSubscription.Received> received = slow.received();
                long rows = 0;
                for (RawSubscription.Received message : received) {
                    rows += message.added() - message.removed();
                    assertThat(rows).as("rows after each message").isEqualTo(message.tableSize());
                }
                long biggest = received.stream().skip(1).mapToLong(RawSubscription.Received::added).max()
                        .orElseThrow();
                assertThat(biggest).as("an update merging the ticks missed").isGreaterThanOrEqualTo(30_000);
            }
        }
    }

    @Test
    void minUpdateIntervalMergesTicksBetweenMessages() throws Exception {
        try (OfficialClient client = server.officialClient()) {
            Subscriber subscriber = subscriber(client, TimeTable.of(Duration.ofMillis(50)).update("X = ii"));
            BarrageSubscriptionOptions everyHalfSecond =
                    BarrageSubscriptionOptions.builder().minUpdateIntervalMs(500).build();
            try (RawSubscription paced = new RawSubscription(subscriber.session, subscriber.ticket.toBytes(),
                    subscriber.schema, everyHalfSecond, false)) {
                Poll.until(WAIT, () -> paced.received().size() >= 4, () -> "received " + paced.received());
                // ten rows are due per half second; every update carries several ticks
                assertThat(paced.received().subList(1, 4)).allSatisfy(message ->
                        assertThat(message.added()).isGreaterThanOrEqualTo(3));
            }
        }
    }

    @Test
    void aServerShuttingDownEndsOpenSubscriptionsWithUnavailable() throws Exception {
        StartedServer closing = server.startAnother();
        try (OfficialClient client = closing.officialClient()) {
            Subscriber subscriber = subscriber(client, TimeTable.of(Duration.ofMillis(100)).update("X = ii"));
            try (RawSubscription open = new RawSubscription(subscriber.session, subscriber.ticket.toBytes(),
                    subscriber.schema)) {
                Poll.until(WAIT, () -> !open.received().isEmpty(), () -> "no snapshot yet");

                closing.close();

                assertThat(open.ended().get(20, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            }
        } finally {
            closing.close();
        }
    }

    /** A table published by one session, and a second session that subscribes to its shared ticket. */
    private record Subscriber(SessionImpl session, SharedTicket ticket,
            io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse schema) {}

    private static Subscriber subscriber(OfficialClient client, TableSpec spec) throws Exception {
        Session publisher = client.newSession();
        TableHandle source = publisher.execute(spec);
        SharedTicket ticket = SharedTicket.random();
        publisher.publish(new TicketId(ticket.toBytes()), source).get();
        Session session = client.newSession();
        TableHandle fetched = session.execute(TicketTable.of(ticket.toBytes()));
        return new Subscriber((SessionImpl) session, ticket, fetched.response());
    }
}
