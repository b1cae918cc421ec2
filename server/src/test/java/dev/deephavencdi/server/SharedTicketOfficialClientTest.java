package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.OfficialClient;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deephaven.client.impl.FlightSession;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mission's flow driven by the official Deephaven Java client 0.40.7 over real loopback gRPC: publish from one
 * session, fetch from another, read the rows, and watch the ticket die deterministically.
 */
class SharedTicketOfficialClientTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .checkNothingHeldAfterEach();
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
    void publishedTableIsFetchedByAnotherSessionWithTheSameRows() throws Exception {
        Session publisher = client.newSession();
        Session subscriber = client.newSession();
        TableHandle table = publisher.execute(TableSpec.empty(1000).update("X = i", "Y = 2*i"));
        SharedId ticket = SharedId.newRandom();
        publisher.publish(ticket, table).get();

        TableHandle fetched = subscriber.execute(ticket.ticketId().table());
        assertThat(fetched.response().getSize()).isEqualTo(1000);
        assertThat(fetched.response().getIsStatic()).isTrue();

        FlightSession flight = client.flight(subscriber);
        List<List<Object>> rows = ArrowRows.read(flight.stream(fetched));
        assertThat(rows).hasSize(1000);
        assertThat(ArrowRows.sumColumn(rows, 0)).isEqualTo(499_500);
        assertThat(ArrowRows.sumColumn(rows, 1)).isEqualTo(999_000);
        assertThat(flight.schema(fetched).getFields()).extracting(f -> f.getName()).containsExactly("X", "Y");
    }

    @Test
    void releasingThePublishedTableEndsTheTicketButFetchedCopiesSurvive() throws Exception {
        Session publisher = client.newSession();
        Session subscriber = client.newSession();
        TableHandle table = publisher.execute(TableSpec.empty(10).update("X = i"));
        SharedId ticket = SharedId.newRandom();
        publisher.publish(ticket, table).get();
        TableHandle copy = subscriber.execute(ticket.ticketId().table());

        table.close();

        Poll.until(Duration.ofSeconds(10), () -> server.stats().sharedTickets() == 0, () -> "ticket still live");
        assertThatThrownBy(() -> subscriber.execute(ticket.ticketId().table()))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("NOT_FOUND");
        List<List<Object>> rows = ArrowRows.read(client.flight(subscriber).stream(copy));
        assertThat(ArrowRows.sumColumn(rows, 0)).isEqualTo(45);
    }

    @Test
    void closingThePublisherSessionEndsItsTickets() throws Exception {
        Session publisher = client.newSession();
        Session subscriber = client.newSession();
        TableHandle table = publisher.execute(TableSpec.empty(5).update("X = i"));
        SharedId ticket = SharedId.newRandom();
        publisher.publish(ticket, table).get();
        TableHandle copy = subscriber.execute(ticket.ticketId().table());

        publisher.close();

        assertThat(server.stats().sharedTickets()).isZero();
        assertThatThrownBy(() -> subscriber.execute(ticket.ticketId().table()))
                .isInstanceOf(TableHandle.TableHandleException.class)
                .hasMessageContaining("NOT_FOUND");
        assertThat(ArrowRows.read(client.flight(subscriber).stream(copy))).hasSize(5);
    }

    @Test
    void aReleasedTicketIdCanBePublishedAgain() throws Exception {
        Session publisher = client.newSession();
        SharedId ticket = SharedId.newRandom();
        TableHandle first = publisher.execute(TableSpec.empty(1).update("X = 1"));
        publisher.publish(ticket, first).get();
        first.close();
        Poll.until(Duration.ofSeconds(10), () -> server.stats().sharedTickets() == 0, () -> "ticket still live");

        TableHandle second = publisher.execute(TableSpec.empty(2).update("X = 2"));
        publisher.publish(ticket, second).get();

        Session subscriber = client.newSession();
        assertThat(subscriber.execute(ticket.ticketId().table()).response().getSize()).isEqualTo(2);
    }
}
