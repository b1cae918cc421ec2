package dev.deephavencdi.client;

import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.server.testing.TestServer;
import io.grpc.Status;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * The client survives a server restart: while the server is down every operation of a session fails fast with a
 * {@link ServerUnavailableException} naming the server; once a server listens on the same port again, a new
 * {@code Session.connect} works ("reconnect when asked"), and the old session reports that the server no longer
 * knows it instead of resurrecting anything.
 */
class ServerRestartTest {

    @Test
    void sessionsOfADeadServerFailAsUnavailableAndANewConnectReachesTheRestartedServer() {
        StartedServer first = EmbeddedServerExtension.start();
        int port = first.port();
        String where = "127.0.0.1:" + port;
        Session session = connect(first);
        try {
            Table table = session.emptyTable(10).update("X = i");
            first.close();

            assertUnavailable(() -> session.emptyTable(5), where);
            assertUnavailable(() -> table.update("Y = X"), where);
            assertUnavailable(() -> session.publishTable(SharedTicket.random(), table), where);
            assertUnavailable(() -> session.fetchTable(SharedTicket.random()), where);
            assertUnavailable(() -> table.readRows(1), where);

            try (StartedServer second = startOnPort(port)) {
                try (Session fresh = connect(second)) {
                    Table again = fresh.emptyTable(3).update("X = i");
                    assertThat(again.readRows(3)).extracting(row -> row.get("X")).containsExactly(0, 1, 2);
                }
                // the old session's channel reconnects after its backoff (UNAVAILABLE until then); the restarted
                // server then refuses its token
                Poll.until(java.time.Duration.ofSeconds(20), () -> {
                    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> session.emptyTable(1));
                    assertThat(failure).isInstanceOfAny(ServerUnavailableException.class,
                            SessionClosedException.class);
                    return failure instanceof SessionClosedException closed
                            && closed.getMessage().contains("open a new session");
                }, () -> "the old session was never told that the restarted server does not know it");
                session.close();
                Poll.until(java.time.Duration.ofSeconds(10), () -> second.stats().isEmpty(),
                        () -> "left: " + second.stats());
            }
        } finally {
            session.close();
            first.close();
        }
    }

    private static void assertUnavailable(Runnable operation, String where) {
        assertThatThrownBy(operation::run)
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining(where)
                .hasMessageContaining("Check that a Deephaven server is running")
                .satisfies(e -> assertThat(((DeephavenException) e).statusCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    private static Session connect(TestServer server) {
        return Session.builder().host("127.0.0.1").port(server.port()).authentication(server.authentication())
                .connect();
    }

    /** The port was just released; binding it again can take a moment on some systems. */
    private static StartedServer startOnPort(int port) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return EmbeddedServerExtension.start(builder -> builder.port(port));
            } catch (UncheckedIOException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }
}
