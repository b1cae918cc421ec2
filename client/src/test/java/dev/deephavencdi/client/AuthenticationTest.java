package dev.deephavencdi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server that requires Deephaven's pre-shared key authentication. */
class AuthenticationTest {
    private static final String PSK = "io.deephaven.authentication.psk.PskAuthenticationHandler";

    @RegisterExtension
    static final ServerUnderTest server = ServerUnderTest.embeddedUnlessOnRealServer(EmbeddedServerExtension.create()
            .preSharedKey("secret"));

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
        String rightKey = server.authentication(); // PSK + " secret" here, the real server's own key there
        assertThat(rightKey).startsWith(PSK + " ");
        try (DeephavenClient client = DeephavenClient.builder().target(server.target())
                .authentication(rightKey).build();
                Session publisher = client.newSession();
                Session subscriber = Session.builder().host(server.connectHost()).port(server.port())
                        .authentication(rightKey).connect()) {
            Table table = publisher.emptyTable(3).update("X = i");
            SharedTicket ticket = SharedTicket.random();
            publisher.publishTable(ticket, table);

            assertThat(subscriber.fetchTable(ticket).readRows(10)).hasSize(3);
        }
    }
}
