package dev.deephavencdi.server.reliability;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.RawClient;
import dev.deephavencdi.server.ServerProcess;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status.Code;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When engine work runs out of memory anyway (the budgets raised far past a small heap, in a child JVM of
 * {@code -Xmx256m}), the call still completes with RESOURCE_EXHAUSTED instead of hanging, and the server goes on
 * serving: what the failed request allocated is released.
 */
class OutOfMemoryTest {
    @Test
    void anUpdateThatRunsOutOfHeapCompletesWithResourceExhaustedAndTheServerGoesOn() throws Exception {
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx256m"), "--anonymous",
                "--max-request-memory", "64g", "--max-session-memory", "64g");
                RawClient client = new RawClient("127.0.0.1", server.port(), "Anonymous")) {
            client.login();
            Ticket rows = client.nextExport();
            client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(rows).setSize(100_000_000)
                    .build());
            var failure = assertStatus(Code.RESOURCE_EXHAUSTED, () -> client.tables()
                    .withDeadlineAfter(120, TimeUnit.SECONDS)
                    .update(SelectOrUpdateRequest.newBuilder().setResultId(client.nextExport())
                            .setSourceId(TableReference.newBuilder().setTicket(rows))
                            .addColumnSpecs("X = (long) i").addColumnSpecs("Y = (double) i").build()));
            assertThat(failure.getStatus().getDescription()).contains("ran out of memory").contains("max heap");

            // the heap the failed update took is free again: several updates of 8 MB each fit afterwards
            for (int attempt = 0; attempt < 5; attempt++) {
                Ticket source = emptyTable(client, 1_000_000);
                Ticket result = client.nextExport();
                client.tables().withDeadlineAfter(60, TimeUnit.SECONDS).update(SelectOrUpdateRequest.newBuilder()
                        .setResultId(result).setSourceId(TableReference.newBuilder().setTicket(source))
                        .addColumnSpecs("X = (long) i").build());
                assertThat(client.tables().getExportedTableCreationResponse(result).getSize()).isEqualTo(1_000_000);
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    private static Ticket emptyTable(RawClient client, long size) {
        Ticket ticket = client.nextExport();
        client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(ticket).setSize(size).build());
        return ticket;
    }
}
