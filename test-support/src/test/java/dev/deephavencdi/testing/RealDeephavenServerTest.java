package dev.deephavencdi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.SharedId;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture itself: the real server answers the official client, anonymous and with a pre-shared key. */
@ExtendWith(RealDeephavenServer.class)
class RealDeephavenServerTest {

    @Test
    void anonymousServerRunsATableOperationForTheOfficialClient(RealDeephavenServerProcess server) throws Exception {
        assertThat(server.target()).isEqualTo("dh+plain://127.0.0.1:" + server.port());
        assertThat(server.log()).exists();
        try (OfficialClient client = new OfficialClient(server.target())) {
            Session session = client.newSession();
            TableHandle table = session.execute(TableSpec.empty(5).view("X = i"));
            assertThat(table.response().getSize()).isEqualTo(5);
        }
    }

    @Test
    void theSameServerIsHandedToEveryTestOfTheRun(RealDeephavenServerProcess first, RealDeephavenServerProcess second) {
        assertThat(first).isSameAs(second);
    }

    @Test
    void preSharedKeyServerRefusesAnonymousAndAcceptsTheKey(
            @RealDeephavenServer.PreSharedKey RealDeephavenServerProcess server) throws Exception {
        assertThat(server.preSharedKey()).isEqualTo(RealDeephavenServer.KEY);
        try (OfficialClient client = new OfficialClient(server.target())) {
            assertThatThrownBy(client::newSession).hasStackTraceContaining("UNAUTHENTICATED");
            Session session = client.newSession(server.authentication());
            assertThat(session.execute(TableSpec.empty(2)).response().getSize()).isEqualTo(2);
        }
    }

    /**
     * The real server keeps shared tickets in a weak-values map: once the publisher's session is gone the entry
     * answers FAILED_PRECONDITION (its export was cancelled) until the server's JVM collects it, NOT_FOUND after.
     */
    @Test
    void releasedSharedTicketAnswersFailedPreconditionUntilTheServerCollectsGarbage(RealDeephavenServerProcess server)
            throws Exception {
        try (OfficialClient publisher = new OfficialClient(server.target());
                SharedTicketProbe probe = new SharedTicketProbe(server.host(), server.port(),
                        server.authentication())) {
            Session session = publisher.newSession();
            SharedTicket ticket = SharedTicket.random();
            TableHandle table = session.execute(TableSpec.empty(3));
            session.publish(new SharedId(ticket.id()), table).get();
            assertThat(probe.status(ticket)).isEqualTo("rows=3");

            table.close();
            session.close();
            // a collection may already have run; which answer comes first depends on the server's GC
            assertThat(probe.status(ticket)).isIn("FAILED_PRECONDITION", "NOT_FOUND");

            assertThat(server.collectGarbage()).isPositive();
            assertThat(probe.status(ticket)).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void residentMemoryIsReported(RealDeephavenServerProcess server) {
        assertThat(server.residentBytes()).isGreaterThan(100L << 20);
    }
}
