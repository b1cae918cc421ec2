package dev.deephavencdi.server.reliability;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.server.testing.StartedServer;
import dev.deephavencdi.testing.Poll;
import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.GrpcAssertions.Call;
import dev.deephavencdi.server.RawClient;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.MergeTablesRequest;
import io.deephaven.proto.backplane.grpc.NaturalJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions are isolated: another session's {@code 'e'} exports are invisible on every read path, and a closed or
 * expired session's token opens nothing. Extends {@code FailureSemanticsTest} (which covers
 * GetExportedTableCreationResponse, Release and PublishFromTicket across sessions, and a few RPCs after close) to
 * every implemented RPC, Flight {@code DoGet} included, for closed and for expired sessions.
 */
class IsolationTest {
    private static final Duration SESSION = Duration.ofSeconds(1);
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    private static Ticket table(RawClient client, long size) {
        Ticket ticket = client.nextExport();
        client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(ticket).setSize(size).build());
        return ticket;
    }

    private static TableReference ref(Ticket ticket) {
        return TableReference.newBuilder().setTicket(ticket).build();
    }

    @Test
    void anotherSessionsExportIsNotFoundOnEveryReadPath() throws Exception {
        try (RawClient alice = new RawClient(server); RawClient bob = new RawClient(server)) {
            alice.login();
            bob.login();
            Ticket secret = table(alice, 7);
            // bob's own export 1 does not exist; make sure the ids collide so only ownership differs
            assertThat(secret).isEqualTo(RawClient.exportTicket(1));

            assertStatus(Code.NOT_FOUND, () -> bob.doGetMessages(secret));
            assertStatus(Code.NOT_FOUND, () -> bob.sessions().exportFromTicket(ExportRequest.newBuilder()
                    .setSourceId(secret).setResultId(bob.nextExport()).build()));
            assertStatus(Code.NOT_FOUND, () -> bob.tables().fetchTable(FetchTableRequest.newBuilder()
                    .setSourceId(ref(secret)).setResultId(bob.nextExport()).build()));
            assertStatus(Code.NOT_FOUND, () -> bob.tables().update(SelectOrUpdateRequest.newBuilder()
                    .setResultId(bob.nextExport()).setSourceId(ref(secret)).addColumnSpecs("X = i").build()));
            assertStatus(Code.NOT_FOUND, () -> bob.tables().batch(BatchTableRequest.newBuilder()
                    .addOps(BatchTableRequest.Operation.newBuilder().setHead(HeadOrTailRequest.newBuilder()
                            .setResultId(bob.nextExport()).setSourceId(ref(secret)).setNumRows(1)))
                    .build()).forEachRemaining(response -> { }));
            assertStatus(Code.NOT_FOUND, () -> bob.sessions().publishFromTicket(PublishRequest.newBuilder()
                    .setSourceId(secret).setResultId(SharedTicket.random().toProto()).build()));

            // nothing bob did touched alice's export
            assertThat(alice.doGetMessages(secret)).isPositive();
            assertThat(alice.tables().getExportedTableCreationResponse(secret).getSize()).isEqualTo(7);
            alice.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            bob.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        }
        Poll.until(Duration.ofSeconds(10), () -> server.stats().isEmpty(), () -> "left: " + server.stats());
    }

    @Test
    void aClosedSessionsTokenIsUnauthenticatedOnEveryRpc() throws Exception {
        try (RawClient alice = new RawClient(server)) {
            alice.login();
            Ticket table = table(alice, 3);
            alice.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            assertEveryRpcIsUnauthenticated(alice, table);
        }
    }

    @Test
    void anExpiredSessionsTokenIsUnauthenticatedOnEveryRpc() throws Exception {
        try (StartedServer shortLived = EmbeddedServerExtension.start(builder -> builder.sessionDuration(SESSION));
                RawClient alice = new RawClient(shortLived)) {
            alice.login();
            Ticket table = table(alice, 3);
            Poll.until(Duration.ofSeconds(10), () -> shortLived.stats().isEmpty(),
                    () -> "the session did not expire: " + shortLived.stats());
            assertEveryRpcIsUnauthenticated(alice, table);
        }
    }

    private static void assertEveryRpcIsUnauthenticated(RawClient client, Ticket table) {
        for (Map.Entry<String, Call> rpc : everyRpc(client, table).entrySet()) {
            var failure = assertStatus(Code.UNAUTHENTICATED, rpc.getValue());
            assertThat(failure.getStatus().getDescription()).as(rpc.getKey())
                    .isEqualTo("Authentication details invalid");
        }
    }

    /** One call of every RPC the server implements, each naming a table the session held. */
    private static Map<String, Call> everyRpc(RawClient client, Ticket table) {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("GetConfigurationConstants", () -> client.config().getConfigurationConstants(
                ConfigurationConstantsRequest.getDefaultInstance()));
        calls.put("Batch", () -> client.tables().batch(BatchTableRequest.newBuilder()
                .addOps(BatchTableRequest.Operation.newBuilder().setEmptyTable(EmptyTableRequest.newBuilder()
                        .setResultId(client.nextExport()).setSize(1)))
                .build()).forEachRemaining(response -> { }));
        calls.put("EmptyTable", () -> table(client, 1));
        calls.put("Update", () -> client.tables().update(SelectOrUpdateRequest.newBuilder()
                .setResultId(client.nextExport()).setSourceId(ref(table)).addColumnSpecs("X = i").build()));
        calls.put("UnstructuredFilter", () -> client.tables().unstructuredFilter(UnstructuredFilterTableRequest
                .newBuilder().setResultId(client.nextExport()).setSourceId(ref(table)).addFilters("i > 0").build()));
        calls.put("Head", () -> client.tables().head(HeadOrTailRequest.newBuilder()
                .setResultId(client.nextExport()).setSourceId(ref(table)).setNumRows(1).build()));
        calls.put("MergeTables", () -> client.tables().mergeTables(MergeTablesRequest.newBuilder()
                .setResultId(client.nextExport()).addSourceIds(ref(table)).build()));
        calls.put("NaturalJoinTables", () -> client.tables().naturalJoinTables(NaturalJoinTablesRequest.newBuilder()
                .setResultId(client.nextExport()).setLeftId(ref(table)).setRightId(ref(table)).build()));
        calls.put("FetchTable", () -> client.tables().fetchTable(FetchTableRequest.newBuilder()
                .setResultId(client.nextExport()).setSourceId(ref(table)).build()));
        calls.put("GetExportedTableCreationResponse", () -> client.tables().getExportedTableCreationResponse(table));
        calls.put("PublishFromTicket", () -> client.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(table).setResultId(SharedTicket.random().toProto()).build()));
        calls.put("ExportFromTicket", () -> client.sessions().exportFromTicket(ExportRequest.newBuilder()
                .setSourceId(table).setResultId(client.nextExport()).build()));
        calls.put("Release", () -> client.sessions().release(ReleaseRequest.newBuilder().setId(table).build()));
        calls.put("CloseSession", () -> client.sessions().closeSession(HandshakeRequest.getDefaultInstance()));
        calls.put("Flight DoGet", () -> client.doGetMessages(table));
        return calls;
    }
}
