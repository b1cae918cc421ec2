package dev.deephavencdi.client;

import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.server.EmbeddedDeephavenServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One connection shared by many sessions, and what closing each of them does. */
class DeephavenClientTest {
    private static EmbeddedDeephavenServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedDeephavenServer.builder().port(0).anonymousAccess().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void closingASessionOfASharedClientLeavesTheConnectionOpenForOthers() {
        try (DeephavenClient client = DeephavenClient.builder().host(server.connectHost()).port(server.port()).build()) {
            client.newSession().close();

            try (Session next = client.newSession()) {
                assertThat(next.emptyTable(2).size()).isEqualTo(2);
            }
            assertThat(client.isClosed()).isFalse();
            assertThat(client.target()).isEqualTo(server.target());
        }
    }

    @Test
    void closingTheClientClosesItsOpenSessions() {
        DeephavenClient client = DeephavenClient.builder().target(server.target()).build();
        Session first = client.newSession();
        Session second = client.newSession();
        Table table = first.emptyTable(1);

        client.close();
        client.close();

        assertThat(first.isClosed()).isTrue();
        assertThat(second.isClosed()).isTrue();
        assertThat(table.isReleased()).isTrue();
        assertThatThrownBy(client::newSession).isInstanceOf(SessionClosedException.class);
        Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "server holds " + server.stats());
    }

    @Test
    void aSessionWhoseServerIsGoneReportsItThenClosesQuietlyAndFailsLocallyAfterwards() {
        EmbeddedDeephavenServer doomed = EmbeddedDeephavenServer.builder().port(0).anonymousAccess().start();
        Session session = Session.connect(doomed.target());
        Table table = session.emptyTable(1);
        doomed.close();

        assertThatThrownBy(() -> session.emptyTable(1)).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining(doomed.target());
        assertThatCode(table::close).doesNotThrowAnyException();
        assertThatCode(session::close).doesNotThrowAnyException();

        // detected locally: a network call would have been UNAVAILABLE
        assertThatThrownBy(() -> session.emptyTable(1)).isInstanceOf(SessionClosedException.class);
        assertThatThrownBy(() -> table.update("X = 1")).isInstanceOf(SessionClosedException.class);
    }
}
