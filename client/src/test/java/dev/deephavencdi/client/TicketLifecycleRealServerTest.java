package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import org.junit.jupiter.api.Test;

/**
 * {@link TicketLifecycleTest} against the real Deephaven server 0.40.7 (anonymous). A released ticket is "gone"
 * there when it answers FAILED_PRECONDITION (released, entry not yet collected) or NOT_FOUND (collected); our
 * client reports both as {@link TicketNotFoundException}. One test differs: reusing the id
 * (see {@link #aTicketIdCanBePublishedAgainOnceItsTableIsReleased}).
 */
@ServerUnderTest.OnRealServer
class TicketLifecycleRealServerTest extends TicketLifecycleTest {
    /**
     * The real server keeps a released export reachable from its session, so the weak-values entry of a ticket
     * survives every collection while the publisher's session lives: the id answers ALREADY_EXISTS to a new publish
     * (and FAILED_PRECONDITION to a fetch) until that session closes and the server's JVM collects. The embedded
     * server frees the id as soon as the table is released.
     */
    @Test
    @Override
    void aTicketIdCanBePublishedAgainOnceItsTableIsReleased() {
        SharedTicket ticket = SharedTicket.random();
        Table first = publisher.emptyTable(1).update("X = 1");
        publisher.publishTable(ticket, first);
        first.close();
        server.awaitTicketGone(ticket);
        server.collectServerGarbage();

        assertThatThrownBy(() -> publisher.publishTable(ticket, publisher.emptyTable(2).update("X = 2")))
                .isInstanceOf(TicketAlreadyPublishedException.class);

        publisher.close();
        server.collectServerGarbage();
        subscriber.publishTable(ticket, subscriber.emptyTable(2).update("X = 2"));
        assertThat(client.newSession().fetchTable(ticket).size()).isEqualTo(2);
    }
}
