package dev.deephavencdi.client;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One connection shared by many sessions, and what closing each of them does. */
class DeephavenClientTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    @Test
    void closingASessionOfASharedClientLeavesTheConnectionOpenForOthers() {
        try (DeephavenClient client = DeephavenClient.builder().host(server.connectHost()).port(server.port())
                .authentication(server.authentication()).build()) {
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
        DeephavenClient client = TestSessions.client(server);
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
        StartedServer doomed = EmbeddedServerExtension.start();
        Session session = TestSessions.connect(doomed);
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
