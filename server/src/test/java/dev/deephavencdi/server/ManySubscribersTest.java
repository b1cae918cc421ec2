package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.LiveView;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.client.impl.TicketId;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.qst.table.TicketTable;
import io.deephaven.qst.table.TimeTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many official Barrage clients on one published live table share one feed, see the same rows, and leave nothing. */
class ManySubscribersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SESSIONS = 4;
    private static final int SUBSCRIPTIONS_PER_SESSION = 8;
    private static final long ROWS = 60;
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.updateCycle(Duration.ofMillis(100)));

    @Test
    void thirtyTwoSubscribersSeeTheSameRowsInOrderAndLeaveNoListenerOrExportBehind() throws Exception {
        try (OfficialClient client = server.officialClient()) {
            Session publisher = client.newSession();
            TableHandle source = publisher.execute(TimeTable.of(Duration.ofMillis(50)).update("X = ii").head(ROWS));
            SharedTicket ticket = SharedTicket.random();
            publisher.publish(new TicketId(ticket.toBytes()), source).get();
            BaseTable<?> published = (BaseTable<?>) server.embedded().publishedTable(ticket);

            List<LiveView> views = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                Session subscriber = client.newSession();
                BarrageSession barrage = client.barrage(subscriber);
                TableHandle fetched = subscriber.execute(TicketTable.of(ticket.toBytes()));
                for (int i = 0; i < SUBSCRIPTIONS_PER_SESSION; i++) {
                    views.add(LiveView.of(barrage, fetched));
                }
            }
            assertThat(server.stats().subscriptions()).isEqualTo(SESSIONS * SUBSCRIPTIONS_PER_SESSION);

            Poll.until(WAIT, () -> views.stream().allMatch(view -> view.lastSize() == ROWS),
                    () -> "sizes: " + views.stream().map(LiveView::lastSize).toList());
            List<List<Object>> expected = ArrowRows.read(client.flight(publisher).stream(source)).stream()
                    .map(row -> List.<Object>of(row.get(1))).toList();
            for (LiveView view : views) {
                assertThat(view.failure()).isNull();
                List<Long> sizes = view.sizes();
                for (int i = 1; i < sizes.size(); i++) {
                    assertThat(sizes.get(i)).as("sizes %s", sizes).isGreaterThan(sizes.get(i - 1));
                }
                assertThat(view.rows().stream().map(row -> List.of(row.get(1))).toList()).isEqualTo(expected);
                assertThat(view.rows()).isEqualTo(views.get(0).rows()); // timestamps included
            }

            views.forEach(LiveView::close);
            Poll.until(WAIT, () -> server.stats().subscriptions() == 0, () -> "still " + server.stats());
            Poll.until(WAIT, () -> !published.hasListeners(), () -> "the feed's listener is still on the table");
        }
        Poll.until(WAIT, () -> server.stats().isEmpty(), () -> "server still holds " + server.stats());
    }
}
