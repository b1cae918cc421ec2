package dev.deephavencdi.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code TableService/Batch} on the wire, as the official Java client relies on it (protocol notes section 3.1). */
class BatchProtocolTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private RawClient client;

    @BeforeEach
    void login() {
        client = new RawClient(server);
        client.login();
    }

    @AfterEach
    void logout() throws Exception {
        client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        client.close();
        assertThat(server.stats().isEmpty()).isTrue();
    }

    /** What the stream delivered: the responses, then the final status. */
    record Outcome(List<ExportedTableCreationResponse> responses, Status status) {}

    private Outcome batch(Operation... ops) throws Exception {
        List<ExportedTableCreationResponse> responses = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> done = new CompletableFuture<>();
        client.tablesAsync().batch(BatchTableRequest.newBuilder().addAllOps(List.of(ops)).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(ExportedTableCreationResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(Status.OK);
                    }
                });
        return new Outcome(responses, done.get(30, TimeUnit.SECONDS));
    }

    private static Operation empty(Ticket result, long size) {
        return Operation.newBuilder().setEmptyTable(EmptyTableRequest.newBuilder().setResultId(result).setSize(size))
                .build();
    }

    private static Operation update(Ticket result, TableReference source, String... specs) {
        return Operation.newBuilder().setUpdate(SelectOrUpdateRequest.newBuilder().setResultId(result)
                .setSourceId(source).addAllColumnSpecs(List.of(specs))).build();
    }

    private static TableReference offset(int i) {
        return TableReference.newBuilder().setBatchOffset(i).build();
    }

    @Test
    void answersEveryOperationIntermediatesByOffsetAndExportsByTicket() throws Exception {
        Ticket leaf = RawClient.exportTicket(1);
        // exactly what the official client sends for empty(1000).update("X = i", "Y = 2*i")
        Outcome outcome = batch(empty(Ticket.getDefaultInstance(), 1000), update(leaf, offset(0), "X= i", "Y= 2*i"));
        assertThat(outcome.status().isOk()).isTrue();
        assertThat(outcome.responses()).hasSize(2);
        assertThat(outcome.responses().get(0).getResultId().getBatchOffset()).isEqualTo(0);
        ExportedTableCreationResponse exported = outcome.responses().get(1);
        assertThat(exported.getResultId().getTicket()).isEqualTo(leaf);
        assertThat(exported.getSuccess()).isTrue();
        assertThat(exported.getSize()).isEqualTo(1000);
        byte[] header = exported.getSchemaHeader().toByteArray();
        assertThat(header).startsWith(0xff, 0xff, 0xff, 0xff);
        assertThat(server.stats().exports()).isEqualTo(1);
    }

    @Test
    void aFailedOperationFailsItsDependentsAndTheStreamEndsWithItsStatus() throws Exception {
        Outcome outcome = batch(
                empty(Ticket.getDefaultInstance(), 10),
                update(RawClient.exportTicket(1), offset(0), "X = nosuchfunction(i)"),
                update(RawClient.exportTicket(2), TableReference.newBuilder().setTicket(RawClient.exportTicket(1)).build(),
                        "Y = X"),
                update(RawClient.exportTicket(3), offset(0), "Z = i"));
        assertThat(outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcome.responses()).extracting(ExportedTableCreationResponse::getSuccess)
                .containsExactly(true, false, false, true);
        assertThat(outcome.responses().get(1).getErrorInfo()).contains("INVALID_ARGUMENT").contains("nosuchfunction");
        assertThat(outcome.responses().get(2).getErrorInfo()).contains("export 1 failed");
        assertThat(server.stats().exports()).as("only the independent export lives").isEqualTo(1);
    }

    @Test
    void malformedBatchesFailWithoutAnyResponseOrExport() throws Exception {
        Outcome forward = batch(update(RawClient.exportTicket(1), offset(1), "X = 1"), empty(Ticket.getDefaultInstance(), 1));
        assertThat(forward.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(forward.responses()).isEmpty();

        Outcome unset = batch(Operation.getDefaultInstance());
        assertThat(unset.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        Outcome none = batch();
        assertThat(none.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        Outcome duplicateIds = batch(empty(RawClient.exportTicket(5), 1), empty(RawClient.exportTicket(5), 1));
        assertThat(duplicateIds.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(duplicateIds.responses()).isEmpty();
        assertThat(server.stats().exports()).isZero();
    }
}
