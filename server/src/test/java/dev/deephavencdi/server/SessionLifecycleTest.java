package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status.Code;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token rotation and expiry with a short session duration, driven without keep-alive. */
class SessionLifecycleTest {
    private static final Duration SESSION = Duration.ofMillis(1500);
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.sessionDuration(SESSION));

    @Test
    void reportsTheConfiguredDurationToClients() throws Exception {
        try (RawClient client = new RawClient(server)) {
            assertThat(client.login().getConfigValuesMap().get("http.session.durationMs").getStringValue())
                    .isEqualTo("1500");
        }
    }

    @Test
    void aCallAfterAFifthOfTheDurationRotatesTheTokenAndOldTokensStayValid() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            String first = client.authorization();
            Thread.sleep(SESSION.toMillis() / 5 + 50);
            client.login();
            String second = client.authorization();
            assertThat(second).startsWith("Bearer ").isNotEqualTo(first);

            client.setAuthorization(first);
            client.login();
            assertThat(client.lastHeaderToken()).as("the session's newest token is echoed").isEqualTo(second);
        }
    }

    @Test
    void keepAliveCallsKeepTheSessionBeyondItsDuration() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            long end = System.nanoTime() + SESSION.multipliedBy(2).toNanos();
            while (System.nanoTime() < end) {
                client.login();
                Thread.sleep(SESSION.toMillis() / 3);
            }
            client.login();
        }
    }

    @Test
    void anExpiredSessionFreesItsExportsAndTicketsAndItsTokenIsRejected() throws Exception {
        try (RawClient publisher = new RawClient(server); RawClient reader = new RawClient(server)) {
            publisher.login();
            Ticket table = publisher.nextExport();
            publisher.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(table).setSize(5).build());
            // a first engine call can outlast the short session on a loaded machine: refresh the token first
            publisher.login();
            SharedTicket shared = SharedTicket.random();
            publisher.sessions().publishFromTicket(PublishRequest.newBuilder()
                    .setSourceId(table).setResultId(shared.toProto()).build());
            reader.login();
            assertThat(reader.tables().getExportedTableCreationResponse(shared.toProto()).getSize()).isEqualTo(5);

            // the reader keeps its session alive; the publisher stays silent until it expires
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (server.stats().sharedTickets() > 0 && System.nanoTime() < deadline) {
                reader.login();
                Thread.sleep(100);
            }
            assertThat(server.stats().sharedTickets()).isZero();
            assertThat(server.stats().sessions()).isEqualTo(1);
            assertStatus(Code.NOT_FOUND, () -> reader.tables().getExportedTableCreationResponse(shared.toProto()));
            assertStatus(Code.UNAUTHENTICATED, publisher::login);
            assertStatus(Code.UNAUTHENTICATED, () -> publisher.doGetMessages(table));
        }
        Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
    }
}
