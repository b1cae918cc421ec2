package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link DeephavenClient#statistics()} and {@link DeephavenClient#ping} report about a client's sessions. */
class ClientStatisticsTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    @Test
    void countsSessionsExportsPublishesFetchesReadsAndSubscriptionsOfTheClient() {
        try (DeephavenClient client = TestSessions.client(server)) {
            ClientStatistics stats = client.statistics();
            assertThat(stats.openSessions()).isZero();

            Session publisher = client.newSession();
            Session reader = client.newSession();
            Table empty = publisher.emptyTable(50);
            Table table = empty.update("X = i");
            SharedTicket ticket = SharedTicket.random();
            publisher.publishTable(ticket, table);
            Table fetched = reader.fetchTable(ticket);
            assertThat(fetched.readRows(50)).hasSize(50);

            assertThat(stats.openSessions()).isEqualTo(2);
            assertThat(stats.exports()).isEqualTo(3); // the empty table, its update and the fetched copy
            assertThat(stats.publishes()).isEqualTo(1);
            assertThat(stats.publishNanos()).isPositive();
            assertThat(stats.fetches()).isEqualTo(1);
            assertThat(stats.fetchNanos()).isPositive();
            assertThat(stats.doGetBytes()).isGreaterThanOrEqualTo(50L * Integer.BYTES);

            TableSubscription subscription = fetched.subscribe(update -> { });
            assertThat(stats.liveSubscriptions()).isEqualTo(1);
            subscription.close();
            assertThat(stats.liveSubscriptions()).isZero();

            reader.close();
            assertThat(stats.openSessions()).isEqualTo(1);
            assertThat(stats.exports()).isEqualTo(2);
            assertThat(stats.fetches()).as("counters never decrease").isEqualTo(1);
            // until here: an unreachable table is released by the cleaner, which would change the export counts
            Reference.reachabilityFence(empty);
            Reference.reachabilityFence(table);
            publisher.close();
        }
    }

    @Test
    void aFailedFetchIsCountedToo() {
        try (DeephavenClient client = TestSessions.client(server); Session session = client.newSession()) {
            assertThatThrownBy(() -> session.fetchTable(SharedTicket.random()))
                    .isInstanceOf(TicketNotFoundException.class);
            assertThat(client.statistics().fetches()).isEqualTo(1);
        }
    }

    @Test
    void pingAnswersWithTheLatencyOfARunningServer() {
        try (DeephavenClient client = TestSessions.client(server)) {
            assertThat(client.ping(Duration.ofSeconds(5))).isPositive();
            assertThat(client.statistics().openSessions()).as("a ping opens no session").isZero();
        }
    }

    @Test
    void pingOfAClosedPortIsServerUnavailableNamingTheTarget() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DeephavenClient client = DeephavenClient.builder().host("127.0.0.1").port(closedPort).build()) {
            assertThatThrownBy(() -> client.ping(Duration.ofSeconds(2)))
                    .isInstanceOf(ServerUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + closedPort);
        }
    }
}
