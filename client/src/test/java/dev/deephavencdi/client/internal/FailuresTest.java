package dev.deephavencdi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.InvalidTableOperationException;
import dev.deephavencdi.client.ServerUnavailableException;
import dev.deephavencdi.client.SessionClosedException;
import dev.deephavencdi.client.TicketNotFoundException;
import dev.deephavencdi.client.internal.Failures.Action;
import io.grpc.Status;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.Test;

/** How failures of the official client, gRPC and Flight become typed exceptions. */
class FailuresTest {
    private static final ConnectionSettings SETTINGS = settings();

    private static ConnectionSettings settings() {
        ConnectionOptions options = new ConnectionOptions();
        options.target("dh+plain://server.invalid:10000");
        options.authentication("io.deephaven.authentication.psk.PskAuthenticationHandler s3cret");
        return options.resolve();
    }

    @Test
    void aStatusInTheCauseChainWinsOverTextInMessages() {
        Throwable failure = new ExecutionException("NOT_FOUND: misleading text",
                new RuntimeException(Status.ALREADY_EXISTS.withDescription("taken").asRuntimeException()));

        assertThat(Failures.diagnose(failure).code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }

    @Test
    void aRealServerBatchErrorInfoIsParsedForItsCode() {
        Throwable failure = new Exception("7c1e0b6a-2f4e-4c4b-9f3b-0d1d1f2a3b4c cause: NOT_FOUND: Could not resolve"
                + " 'fetch': ticket '68ab' not found");

        DeephavenException translated = Failures.translate(failure, Action.FETCH, "fetching x", SETTINGS);

        assertThat(translated).isInstanceOf(TicketNotFoundException.class)
                .hasMessageContaining("Could not resolve 'fetch'")
                .hasMessageContaining("dh+plain://server.invalid:10000");
    }

    @Test
    void aFetchOfATicketWhoseTableWasReleasedOnARealServerIsTicketNotFound() {
        // the real server reports a released-but-not-collected source without a code, or as FAILED_PRECONDITION
        assertThat(Failures.translate(new Exception("2f0e9a4c-1111-2222-3333-444455556666"), Action.FETCH, "f",
                SETTINGS)).isInstanceOf(TicketNotFoundException.class);
        assertThat(Failures.translate(Status.FAILED_PRECONDITION.withDescription("Export in state DEPENDENCY_FAILED")
                .asRuntimeException(), Action.FETCH, "f", SETTINGS)).isInstanceOf(TicketNotFoundException.class);
        assertThat(Failures.translate(Status.FAILED_PRECONDITION.asRuntimeException(), Action.CREATE_TABLE, "op",
                SETTINGS)).isInstanceOf(InvalidTableOperationException.class);
        // a client-side surprise while fetching is not blamed on the ticket
        assertThat(Failures.translate(new IllegalStateException("bug"), Action.FETCH, "f", SETTINGS))
                .isNotInstanceOf(TicketNotFoundException.class);
    }

    @Test
    void transportFailuresAreServerUnavailable() {
        assertThat(Failures.translate(new RuntimeException(new ConnectException("Connection refused")),
                Action.CONNECT, "connecting", SETTINGS)).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("Connection refused");
        assertThat(Failures.translate(Status.DEADLINE_EXCEEDED.asRuntimeException(), Action.READ, "reading",
                SETTINGS).statusCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        // a connection dropped under a call (ServerKilledWeldTest: the server process SIGKILLed)
        assertThat(Failures.translate(Status.UNKNOWN.withDescription("channel closed").asRuntimeException(),
                Action.CREATE_TABLE, "emptyTable(1)", SETTINGS)).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("channel closed");
        assertThat(Failures.translate(Status.UNKNOWN.withDescription("formula failed").asRuntimeException(),
                Action.CREATE_TABLE, "update", SETTINGS)).isNotInstanceOf(ServerUnavailableException.class);
    }

    @Test
    void flightStatusesAreMappedToGrpcCodes() {
        Throwable failure = CallStatus.UNAUTHENTICATED.withDescription("no session").toRuntimeException();

        DeephavenException translated = Failures.translate(failure, Action.READ, "reading", SETTINGS);

        assertThat(translated).isInstanceOf(SessionClosedException.class);
        assertThat(translated.statusCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void unknownFailuresKeepTheirTextAndNeverLeakTheSecret() {
        DeephavenException translated = Failures.translate(new IllegalStateException("odd"), Action.CONNECT,
                "connecting", SETTINGS);

        assertThat(translated.statusCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(translated).hasMessageContaining("odd").hasMessageNotContaining("s3cret");
        assertThat(SETTINGS.toString()).doesNotContain("s3cret");
    }
}
