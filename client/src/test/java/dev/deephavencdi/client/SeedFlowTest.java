package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pydeephaven seed flow, in Java, against the embedded server over loopback gRPC. The seed connects with
 * {@code Session.connect(host, port)}, anonymously, so this server accepts anonymous clients (the embedded
 * server's default requires its pre-shared key).
 */
class SeedFlowTest {
    @RegisterExtension
    static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(EmbeddedServerExtension.create()
            .configure(builder -> builder.anonymousAccess())
            .checkNothingHeldAfterEach());

    @Test
    void tablePublishedByOneSessionIsFetchedAndReadByAnother() {
        try (Session session = Session.connect(server.connectHost(), server.port());
                Session other = Session.connect(server.connectHost(), server.port())) {
            Table t = session.emptyTable(1000).update("X = i", "Y = 2*i");
            SharedTicket ticket = SharedTicket.random();
            session.publishTable(ticket, t);

            Table t2 = other.fetchTable(ticket);

            assertThat(t2.size()).isEqualTo(1000);
            assertThat(t2.isStatic()).isTrue();
            List<Map<String, Object>> rows = t2.readRows(1000);
            assertThat(rows).hasSize(1000);
            assertThat(rows.stream().mapToLong(row -> (Integer) row.get("X")).sum()).isEqualTo(499_500);
            assertThat(rows.stream().mapToLong(row -> (Integer) row.get("Y")).sum()).isEqualTo(999_000);
        }
    }

    @Test
    void asyncPublishAndFetchCompleteWithTheTable() throws Exception {
        try (Session session = TestSessions.connect(server); Session other = TestSessions.connect(server)) {
            Table t = session.emptyTable(3).update("X = i");
            SharedTicket ticket = SharedTicket.random();

            session.publishTableAsync(ticket, t).get(10, TimeUnit.SECONDS);
            Table fetched = other.fetchTableAsync(ticket).get(10, TimeUnit.SECONDS);

            assertThat(fetched.session()).isSameAs(other);
            assertThat(fetched.readRows(10)).extracting(row -> row.get("X")).containsExactly(0, 1, 2);
        }
    }

    @Test
    void fetchedTableStaysReadableAfterThePublisherReleasesItsTable() {
        Session session = TestSessions.connect(server);
        try (Session other = TestSessions.connect(server)) {
            Table t = session.emptyTable(5).update("X = i");
            SharedTicket ticket = SharedTicket.random();
            session.publishTable(ticket, t);
            Table copy = other.fetchTable(ticket);

            session.close();

            assertThat(copy.readRows(10)).hasSize(5);
        }
    }

    @Test
    void sessionReportsItsTargetAndClosesIdempotently() {
        Session session = TestSessions.connect(server);
        assertThat(session.target()).isEqualTo(server.target());
        assertThat(session.isClosed()).isFalse();

        session.close();
        session.close();

        assertThat(session.isClosed()).isTrue();
    }
}
