package dev.deephavencdi.server.reliability;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.grpc.Status.Code;
import org.junit.jupiter.api.Test;

/** A request larger than {@code maxInboundMessageSize} is refused with a clear RESOURCE_EXHAUSTED, and only it. */
class MessageSizeLimitTest {
    private static final int LIMIT = 64 * 1024;

    @Test
    void anOversizedRequestIsResourceExhaustedNamingTheLimitAndTheSessionGoesOn() throws Exception {
        try (StartedServer server = EmbeddedServerExtension.start(builder -> builder.maxInboundMessageSize(LIMIT));
                RawClient client = new RawClient(server)) {
            client.login();
            Ticket source = client.nextExport();
            client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(source).setSize(10).build());

            String hugeFilter = "X > 0 && " + "X < 5 && ".repeat(LIMIT / 9) + "true";
            var failure = assertStatus(Code.RESOURCE_EXHAUSTED, () -> client.tables().unstructuredFilter(
                    UnstructuredFilterTableRequest.newBuilder().setResultId(client.nextExport())
                            .setSourceId(TableReference.newBuilder().setTicket(source)).addFilters(hugeFilter)
                            .build()));
            assertThat(failure.getStatus().getDescription()).contains("exceeds maximum size").contains("65536");

            // a request under the limit on the same session and connection still works
            Ticket small = client.nextExport();
            client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(small).setSize(3).build());
            assertThat(client.tables().getExportedTableCreationResponse(small).getSize()).isEqualTo(3);
            client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            assertThat(server.stats().isEmpty()).isTrue();
        }
    }
}
