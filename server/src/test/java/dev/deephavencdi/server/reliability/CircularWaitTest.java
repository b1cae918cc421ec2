package dev.deephavencdi.server.reliability;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.RawClient;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two batches of one session that each wait for an export the other one produces later would wait for each other
 * forever. The server must refuse the cycle instead of hanging both calls (and two of its threads).
 */
class CircularWaitTest {
    /** an instance field: each test gets a server of its own */
    @RegisterExtension
    final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    @Test
    void batchesWaitingForEachOthersExportsFailInsteadOfHanging() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            Ticket a0 = RawClient.exportTicket(10);
            Ticket a1 = RawClient.exportTicket(11);
            Ticket b0 = RawClient.exportTicket(20);
            Ticket b1 = RawClient.exportTicket(21);
            // each batch first does slow work, so both have registered their exports before either waits
            BatchTableRequest first = batch(a0, a1, b1);
            BatchTableRequest second = batch(b0, b1, a1);

            CompletableFuture<Status.Code> one = CompletableFuture.supplyAsync(() -> run(client, first));
            CompletableFuture<Status.Code> other = CompletableFuture.supplyAsync(() -> run(client, second));
            Status.Code oneCode = one.get(30, TimeUnit.SECONDS);
            Status.Code otherCode = other.get(30, TimeUnit.SECONDS);

            assertThat(oneCode).isNotEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(otherCode).isNotEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(java.util.List.of(oneCode, otherCode)).as("at least one batch is refused")
                    .contains(Status.Code.FAILED_PRECONDITION);
            client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
        }
    }

    @Test
    void aUnaryOperationReadingItsOwnResultFailsInsteadOfHanging() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            Ticket self = client.nextExport();
            var failure = dev.deephavencdi.server.GrpcAssertions.assertStatus(Status.Code.FAILED_PRECONDITION,
                    () -> client.tables().withDeadlineAfter(10, TimeUnit.SECONDS).head(HeadOrTailRequest.newBuilder()
                            .setResultId(self).setSourceId(TableReference.newBuilder().setTicket(self))
                            .setNumRows(1).build()));
            assertThat(failure.getStatus().getDescription()).contains("waits");
            client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
        }
    }

    @Test
    void aBatchMayStillReadItsEarlierResultsByTicket() throws Exception {
        try (RawClient client = new RawClient(server)) {
            client.login();
            Ticket first = client.nextExport();
            Ticket second = client.nextExport();
            var responses = new java.util.ArrayList<io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse>();
            client.tables().batch(BatchTableRequest.newBuilder()
                    .addOps(Operation.newBuilder().setEmptyTable(EmptyTableRequest.newBuilder().setResultId(first)
                            .setSize(5)))
                    .addOps(Operation.newBuilder().setHead(HeadOrTailRequest.newBuilder().setResultId(second)
                            .setSourceId(TableReference.newBuilder().setTicket(first)).setNumRows(2)))
                    .build()).forEachRemaining(responses::add);
            assertThat(responses).extracting(r -> r.getSuccess()).containsExactly(true, true);
            assertThat(responses.get(1).getSize()).isEqualTo(2);
            client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        }
    }

    /** [slow select -> slow, head(ticket waitFor) -> result]. */
    private static BatchTableRequest batch(Ticket slow, Ticket result, Ticket waitFor) {
        return BatchTableRequest.newBuilder()
                .addOps(Operation.newBuilder().setEmptyTable(EmptyTableRequest.newBuilder().setSize(3_000_000)))
                .addOps(Operation.newBuilder().setUpdate(SelectOrUpdateRequest.newBuilder().setResultId(slow)
                        .setSourceId(TableReference.newBuilder().setBatchOffset(0)).addColumnSpecs("X = i")))
                .addOps(Operation.newBuilder().setHead(HeadOrTailRequest.newBuilder().setResultId(result)
                        .setSourceId(TableReference.newBuilder().setTicket(waitFor)).setNumRows(1)))
                .build();
    }

    private static Status.Code run(RawClient client, BatchTableRequest request) {
        try {
            client.tables().withDeadlineAfter(10, TimeUnit.SECONDS).batch(request).forEachRemaining(r -> { });
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }
}
