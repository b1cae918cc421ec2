package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A published ticket lives exactly as long as the published {@code Table}: it dies when the table is closed,
 * garbage-collected, or its session closes.
 */
class TicketLifecycleTest {
    @RegisterExtension
    static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(EmbeddedServerExtension.create()
            .checkNothingHeldAfterEach());
    DeephavenClient client;
    Session publisher;
    Session subscriber;

    @BeforeEach
    void openSessions() {
        client = TestSessions.client(server);
        publisher = client.newSession();
        subscriber = client.newSession();
    }

    @AfterEach
    void closeEverythingAndCheckNothingLeaked() {
        client.close();
    }

    @Test
    void closingThePublishedTableEndsItsTicket() {
        Table table = publisher.emptyTable(10).update("X = i");
        SharedTicket ticket = SharedTicket.random();
        publisher.publishTable(ticket, table);
        subscriber.fetchTable(ticket).close();

        table.close();

        assertThat(table.isReleased()).isTrue();
        server.awaitTicketGone(ticket);
        assertThatThrownBy(() -> subscriber.fetchTable(ticket))
                .isInstanceOf(TicketNotFoundException.class)
                .hasMessageContaining(ticket.idHex())
                .satisfies(e -> assertThat(((DeephavenException) e).statusCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void garbageCollectingAnUnreachablePublishedTableEndsItsTicket() {
        SharedTicket ticket = SharedTicket.random();
        publishWithoutKeepingTheTable(ticket);
        assertThat(subscriber.fetchTable(ticket).size()).isEqualTo(10);

        Poll.until(Duration.ofSeconds(30), () -> {
            System.gc();
            return server.ticketGone(ticket);
        }, () -> "the unreachable table was not cleaned: " + ticket);

        assertThatThrownBy(() -> subscriber.fetchTable(ticket)).isInstanceOf(TicketNotFoundException.class);
    }

    /** In its own frame, so no local variable of the test method keeps the table reachable. */
    private void publishWithoutKeepingTheTable(SharedTicket ticket) {
        publisher.publishTable(ticket, publisher.emptyTable(10).update("X = i"));
    }

    @Test
    void closingThePublisherSessionEndsItsTicketsAndReleasesItsTables() {
        Table table = publisher.emptyTable(10).update("X = i");
        SharedTicket ticket = SharedTicket.random();
        publisher.publishTable(ticket, table);

        publisher.close();

        assertThat(table.isReleased()).isTrue();
        server.awaitTicketGone(ticket);
        assertThatThrownBy(() -> subscriber.fetchTable(ticket)).isInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void aTicketIdCanBePublishedAgainOnceItsTableIsReleased() {
        SharedTicket ticket = SharedTicket.random();
        Table first = publisher.emptyTable(1).update("X = 1");
        publisher.publishTable(ticket, first);
        first.close();
        server.awaitTicketGone(ticket);

        publisher.publishTable(ticket, publisher.emptyTable(2).update("X = 2"));

        assertThat(subscriber.fetchTable(ticket).size()).isEqualTo(2);
    }

    @Test
    void identicalOperationsGiveIndependentTablesSoClosingOneKeepsTheOthersTicket() {
        Table kept = publisher.emptyTable(3);
        Table closed = publisher.emptyTable(3);
        SharedTicket ticket = SharedTicket.random();
        publisher.publishTable(ticket, kept);

        closed.close();

        assertThat(subscriber.fetchTable(ticket).size()).isEqualTo(3);
    }

    @Test
    void closingATableLeavesTablesDerivedFromItUsable() {
        Table parent = publisher.emptyTable(4);
        Table child = parent.update("X = i");

        parent.close();

        assertThat(child.update("Y = X * 2").readRows(10)).extracting(row -> row.get("Y")).containsExactly(0, 2, 4, 6);
    }

    @Test
    void closingATableTwiceIsHarmless() {
        Table table = publisher.emptyTable(1);

        table.close();
        table.close();

        assertThat(table.isReleased()).isTrue();
        if (server.isEmbedded()) { // only the embedded server shows its exports
            Poll.until(Duration.ofSeconds(10), () -> server.stats().exports() == 0, () -> "export still held");
        }
    }
}
