package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import dev.deephavencdi.testing.ArrowRows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deephavencdi.proto.SharedTicket;
import io.deephaven.proto.backplane.grpc.ConfigurationConstantsResponse;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pydeephaven cannot run here (no Python packages), so these tests replay its exact call pattern with raw
 * generated stubs and a plain Arrow Flight client (pyarrow's role): unary table operations, the bearer token read
 * from response headers, fetch by {@code GetExportedTableCreationResponse} on the {@code 'h'} ticket, DoGet on the
 * {@code 'h'} ticket, and pydeephaven's release of the intermediate table while its child lives.
 */
class PydeephavenCallPatternTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();
    private static BufferAllocator allocator;

    @BeforeAll
    static void start() {
        allocator = new RootAllocator();
    }

    @AfterAll
    static void stop() {
        allocator.close();
    }

    @Test
    void loginReturnsBearerTokenInResponseHeadersAndSessionDuration() throws Exception {
        try (RawClient client = new RawClient(server)) {
            ConfigurationConstantsResponse constants = client.login();
            assertThat(client.lastHeaderToken()).startsWith("Bearer ");
            assertThat(constants.getConfigValuesMap().get("http.session.durationMs").getStringValue())
                    .isEqualTo("300000");
            // pydeephaven keeps sending what it copied; the session is the same one
            int sessionsBefore = server.stats().sessions();
            client.login();
            assertThat(server.stats().sessions()).isEqualTo(sessionsBefore);
        }
    }

    @Test
    void unaryOperationsPublishAndFetchByHTicketAsPydeephavenDoes() throws Exception {
        try (RawClient publisher = new RawClient(server); RawClient subscriber = new RawClient(server)) {
            publisher.login();
            Ticket empty = publisher.nextExport();
            ExportedTableCreationResponse emptyResponse = publisher.tables().emptyTable(
                    EmptyTableRequest.newBuilder().setResultId(empty).setSize(1000).build());
            assertThat(emptyResponse.getSuccess()).isTrue();
            assertThat(emptyResponse.getResultId().getTicket()).isEqualTo(empty);

            Ticket updated = publisher.nextExport();
            ExportedTableCreationResponse update = publisher.tables().update(SelectOrUpdateRequest.newBuilder()
                    .setResultId(updated)
                    .setSourceId(TableReference.newBuilder().setTicket(empty))
                    .addColumnSpecs("X = i").addColumnSpecs("Y = 2*i")
                    .build());
            assertThat(update.getSize()).isEqualTo(1000);
            assertThat(update.getIsStatic()).isTrue();
            // pydeephaven garbage-collects the intermediate table at once; its child must stay valid
            publisher.sessions().release(ReleaseRequest.newBuilder().setId(empty).build());

            SharedTicket shared = SharedTicket.random();
            publisher.sessions().publishFromTicket(PublishRequest.newBuilder()
                    .setSourceId(updated).setResultId(shared.toProto()).build());

            subscriber.login();
            ExportedTableCreationResponse fetched = subscriber.tables().getExportedTableCreationResponse(shared.toProto());
            assertThat(fetched.getSuccess()).isTrue();
            assertThat(fetched.getResultId().getTicket()).isEqualTo(shared.toProto());
            assertThat(fetched.getSize()).isEqualTo(1000);
            Schema schema = readSchemaLikePyarrow(fetched.getSchemaHeader().toByteArray());
            assertThat(schema.getFields()).extracting(f -> f.getName()).containsExactly("X", "Y");

            List<List<Object>> rows = subscriber.doGet(shared.toProto());
            assertThat(rows).hasSize(1000);
            assertThat(ArrowRows.sumColumn(rows, 0)).isEqualTo(499_500);
            assertThat(ArrowRows.sumColumn(rows, 1)).isEqualTo(999_000);

            // pydeephaven releases the 'h' ticket when its fetched Table is collected; the server refuses, politely
            StatusRuntimeException release = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> subscriber.sessions().release(ReleaseRequest.newBuilder().setId(shared.toProto()).build()));
            assertThat(release.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(server.stats().sharedTickets()).isPositive();

            // a table operation can use the 'h' ticket directly as its source, as pydeephaven does
            ExportedTableCreationResponse derived = subscriber.tables().update(SelectOrUpdateRequest.newBuilder()
                    .setResultId(subscriber.nextExport())
                    .setSourceId(TableReference.newBuilder().setTicket(shared.toProto()))
                    .addColumnSpecs("Z = X + Y").build());
            assertThat(derived.getSize()).isEqualTo(1000);

            publisher.sessions().closeSession(HandshakeRequest.newBuilder().setAuthProtocol(0)
                    .setPayload(com.google.protobuf.ByteString.copyFromUtf8(publisher.authorization())).build());
            StatusRuntimeException gone = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> subscriber.tables().getExportedTableCreationResponse(shared.toProto()));
            assertThat(gone.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            subscriber.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        }
        assertThat(server.stats().isEmpty()).as("stats %s", server.stats()).isTrue();
    }

    /** pyarrow: {@code pa.ipc.open_stream(schema_header).schema}. */
    private static Schema readSchemaLikePyarrow(byte[] schemaHeader) throws Exception {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(schemaHeader), allocator)) {
            return reader.getVectorSchemaRoot().getSchema();
        }
    }
}
