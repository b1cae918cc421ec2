package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pydeephaven seed flow, in Java, against the embedded server over loopback gRPC. */
@ExtendWith(ServerUnderTest.Resolver.class)
class SeedFlowTest {
    static ServerUnderTest server;

    @BeforeAll
    static void startServer(ServerUnderTest.Choice choice) {
        server = choice.orEmbedded(() -> EmbeddedDeephavenServer.builder().port(0).start());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void serverHoldsNothingOnceEverythingIsClosed() {
        server.awaitHoldsNothing();
    }

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
        try (Session session = Session.connect(server.target()); Session other = Session.connect(server.target())) {
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
        Session session = Session.connect(server.target());
        try (Session other = Session.connect(server.target())) {
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
        Session session = Session.connect(server.target());
        assertThat(session.target()).isEqualTo(server.target());
        assertThat(session.isClosed()).isFalse();

        session.close();
        session.close();

        assertThat(session.isClosed()).isTrue();
    }
}
