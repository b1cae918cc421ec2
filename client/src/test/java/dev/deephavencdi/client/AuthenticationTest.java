package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.EmbeddedDeephavenServer;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A server that requires Deephaven's pre-shared key authentication. */
@ExtendWith(ServerUnderTest.Resolver.class)
class AuthenticationTest {
    private static final String PSK = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    static ServerUnderTest server;
    private static String key;

    @BeforeAll
    static void startServer(ServerUnderTest.Choice choice) {
        key = choice.preSharedKeyOr("secret");
        server = choice.orEmbedded(() -> EmbeddedDeephavenServer.builder().port(0).preSharedKey(key).start());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void anonymousConnectionIsRefusedWithAClearTypedException() {
        assertThatThrownBy(() -> Session.connect(server.target()))
                .isInstanceOf(AuthenticationFailedException.class)
                .isInstanceOf(SessionClosedException.class)
                .hasMessageContaining("Anonymous")
                .hasMessageContaining(server.target())
                .hasMessageContaining("authentication(")
                .satisfies(e -> assertThat(((DeephavenException) e).statusCode())
                        .isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void aWrongKeyIsRefusedWithoutRevealingIt() {
        assertThatThrownBy(() -> Session.builder().target(server.target()).authentication(PSK + " wrong").connect())
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(PSK)
                .hasMessageNotContaining("wrong");
    }

    @Test
    void theRightKeyOpensASessionThatPublishesAndFetches() {
        try (DeephavenClient client = DeephavenClient.builder().target(server.target())
                .authentication(PSK + " " + key).build();
                Session publisher = client.newSession();
                Session subscriber = Session.builder().host(server.connectHost()).port(server.port())
                        .authentication(PSK + " " + key).connect()) {
            Table table = publisher.emptyTable(3).update("X = i");
            SharedTicket ticket = SharedTicket.random();
            publisher.publishTable(ticket, table);

            assertThat(subscriber.fetchTable(ticket).readRows(10)).hasSize(3);
        }
    }
}
