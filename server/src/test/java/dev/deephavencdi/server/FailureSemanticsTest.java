package dev.deephavencdi.server;

import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import io.deephaven.proto.backplane.grpc.DropColumnsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExportRequest;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.HandshakeRequest;
import io.deephaven.proto.backplane.grpc.PublishRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.SortDescriptor;
import io.deephaven.proto.backplane.grpc.SortTableRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.grpc.Status.Code;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every row of the protocol notes' failure table that the embedded server implements, with the status code it
 * answers (the README lists where it differs from the real server on purpose).
 */
class FailureSemanticsTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create()
            .configure(builder -> builder.maxExportsPerSession(50));
    private RawClient alice;
    private RawClient bob;

    @BeforeEach
    void login() {
        alice = new RawClient(server);
        alice.login();
        bob = new RawClient(server);
        bob.login();
    }

    @AfterEach
    void logout() throws Exception {
        for (RawClient client : new RawClient[] {alice, bob}) {
            try {
                client.sessions().closeSession(HandshakeRequest.getDefaultInstance());
            } catch (io.grpc.StatusRuntimeException alreadyClosed) {
                // some tests close their sessions themselves
            }
            client.close();
        }
        assertThat(server.stats().isEmpty()).as("leaked: %s", server.stats()).isTrue();
    }

    private Ticket table(RawClient client, long size) {
        Ticket ticket = client.nextExport();
        client.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(ticket).setSize(size).build());
        return ticket;
    }

    private SharedTicket publish(RawClient client, Ticket source) {
        SharedTicket shared = SharedTicket.random();
        client.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(source).setResultId(shared.toProto()).build());
        return shared;
    }

    private void release(RawClient client, Ticket ticket) {
        client.sessions().release(ReleaseRequest.newBuilder().setId(ticket).build());
    }

    private static TableReference ref(Ticket ticket) {
        return TableReference.newBuilder().setTicket(ticket).build();
    }

    @Test
    void duplicatePublishIsAlreadyExists() {
        Ticket source = table(alice, 1);
        SharedTicket shared = publish(alice, source);
        var failure = assertStatus(Code.ALREADY_EXISTS, () -> alice.sessions().publishFromTicket(
                PublishRequest.newBuilder().setSourceId(table(alice, 2)).setResultId(shared.toProto()).build()));
        assertThat(failure.getStatus().getDescription()).contains("destination already exists");
    }

    @Test
    void publishFromANonExportIsFailedPrecondition() {
        SharedTicket shared = publish(alice, table(alice, 1));
        assertStatus(Code.FAILED_PRECONDITION, () -> bob.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(shared.toProto()).setResultId(SharedTicket.random().toProto()).build()));
    }

    @Test
    void publishToANonSharedTicketIsFailedPrecondition() {
        Ticket source = table(alice, 1);
        assertStatus(Code.FAILED_PRECONDITION, () -> alice.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(source).setResultId(alice.nextExport()).build()));
    }

    @Test
    void publishFromAReleasedExportIsFailedPrecondition() {
        Ticket source = table(alice, 1);
        release(alice, source);
        assertStatus(Code.FAILED_PRECONDITION, () -> publish(alice, source));
        assertThat(server.stats().sharedTickets()).isZero();
    }

    @Test
    void publishWithoutTicketsIsInvalidArgument() {
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.sessions().publishFromTicket(PublishRequest.getDefaultInstance()));
    }

    @Test
    void fetchOfANeverPublishedTicketIsNotFoundOnEveryPath() {
        Ticket unknown = SharedTicket.random().toProto();
        assertStatus(Code.NOT_FOUND, () -> bob.tables().getExportedTableCreationResponse(unknown));
        assertStatus(Code.NOT_FOUND, () -> bob.sessions().exportFromTicket(ExportRequest.newBuilder()
                .setSourceId(unknown).setResultId(bob.nextExport()).build()));
        assertStatus(Code.NOT_FOUND, () -> bob.tables().fetchTable(FetchTableRequest.newBuilder()
                .setSourceId(ref(unknown)).setResultId(bob.nextExport()).build()));
        assertStatus(Code.NOT_FOUND, () -> bob.doGetMessages(unknown));
    }

    @Test
    void fetchAfterThePublisherReleasedIsNotFoundAndTheIdIsFreeAgain() {
        Ticket source = table(alice, 3);
        SharedTicket shared = publish(alice, source);
        release(alice, source);
        assertStatus(Code.NOT_FOUND, () -> bob.tables().getExportedTableCreationResponse(shared.toProto()));
        alice.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(table(alice, 4)).setResultId(shared.toProto()).build());
        assertThat(bob.tables().getExportedTableCreationResponse(shared.toProto()).getSize()).isEqualTo(4);
    }

    @Test
    void fetchAfterThePublisherClosedIsNotFoundButCopiesSurvive() {
        SharedTicket shared = publish(alice, table(alice, 3));
        Ticket copy = bob.nextExport();
        bob.sessions().exportFromTicket(ExportRequest.newBuilder().setSourceId(shared.toProto()).setResultId(copy).build());
        alice.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        assertStatus(Code.NOT_FOUND, () -> bob.tables().getExportedTableCreationResponse(shared.toProto()));
        assertThat(bob.tables().getExportedTableCreationResponse(copy).getSize()).isEqualTo(3);
    }

    @Test
    void usingAReleasedExportIsFailedPrecondition() {
        Ticket source = table(alice, 1);
        release(alice, source);
        assertStatus(Code.FAILED_PRECONDITION, () -> alice.tables().getExportedTableCreationResponse(source));
        assertStatus(Code.FAILED_PRECONDITION, () -> alice.tables().update(SelectOrUpdateRequest.newBuilder()
                .setResultId(alice.nextExport()).setSourceId(ref(source)).addColumnSpecs("X = 1").build()));
    }

    @Test
    void usingANeverCreatedExportIsNotFoundInsteadOfHanging() {
        assertStatus(Code.NOT_FOUND, () -> alice.tables().getExportedTableCreationResponse(RawClient.exportTicket(999)));
    }

    @Test
    void reusingAnExportIdIsInvalidArgument() {
        Ticket source = table(alice, 1);
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().emptyTable(
                EmptyTableRequest.newBuilder().setResultId(source).setSize(1).build()));
        release(alice, source);
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().emptyTable(
                EmptyTableRequest.newBuilder().setResultId(source).setSize(1).build()));
    }

    @Test
    void serverReservedExportIdsAreInvalidArgument() {
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().emptyTable(
                EmptyTableRequest.newBuilder().setResultId(RawClient.exportTicket(0)).setSize(1).build()));
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().emptyTable(
                EmptyTableRequest.newBuilder().setResultId(RawClient.exportTicket(-5)).setSize(1).build()));
    }

    @Test
    void releaseIsIdempotentAndUnknownIdsAreUnavailable() {
        Ticket source = table(alice, 1);
        release(alice, source);
        release(alice, source);
        assertStatus(Code.UNAVAILABLE, () -> release(alice, RawClient.exportTicket(777)));
    }

    @Test
    void releasingASharedTicketIsFailedPrecondition() {
        SharedTicket shared = publish(alice, table(alice, 1));
        assertStatus(Code.FAILED_PRECONDITION, () -> bob.sessions().release(
                ReleaseRequest.newBuilder().setId(shared.toProto()).build()));
    }

    @Test
    void aSessionCannotSeeOrReleaseAnotherSessionsExports() {
        Ticket aliceTable = table(alice, 1);
        assertStatus(Code.NOT_FOUND, () -> bob.tables().getExportedTableCreationResponse(aliceTable));
        assertStatus(Code.UNAVAILABLE, () -> release(bob, aliceTable));
        assertStatus(Code.NOT_FOUND, () -> bob.sessions().publishFromTicket(PublishRequest.newBuilder()
                .setSourceId(aliceTable).setResultId(SharedTicket.random().toProto()).build()));
        assertThat(alice.tables().getExportedTableCreationResponse(aliceTable).getSize()).isEqualTo(1);
    }

    @Test
    void aClosedSessionsTokenIsUnauthenticatedEverywhere() throws Exception {
        Ticket table = table(alice, 1);
        alice.sessions().closeSession(HandshakeRequest.getDefaultInstance());
        var failure = assertStatus(Code.UNAUTHENTICATED,
                () -> alice.sessions().closeSession(HandshakeRequest.getDefaultInstance()));
        assertThat(failure.getStatus().getDescription()).isEqualTo("Authentication details invalid");
        assertStatus(Code.UNAUTHENTICATED, () -> alice.tables().getExportedTableCreationResponse(table));
        assertStatus(Code.UNAUTHENTICATED, () -> alice.login());
        assertStatus(Code.UNAUTHENTICATED, () -> alice.doGetMessages(table));
    }

    @Test
    void missingOrUnknownAuthorizationIsUnauthenticated() throws Exception {
        try (RawClient anonymousWithPayload = new RawClient(server, "Anonymous extra");
                RawClient unknownType = new RawClient(server, "Basic dXNlcjpwdw==");
                RawClient noHeader = new RawClient(server, null)) {
            assertStatus(Code.UNAUTHENTICATED, anonymousWithPayload::login);
            assertStatus(Code.UNAUTHENTICATED, unknownType::login);
            assertStatus(Code.UNAUTHENTICATED, noHeader::login);
            assertStatus(Code.UNAUTHENTICATED, () -> noHeader.tables().emptyTable(EmptyTableRequest.newBuilder()
                    .setResultId(RawClient.exportTicket(1)).setSize(1).build()));
        }
    }

    @Test
    void malformedTicketsAreFailedPreconditionWithAnExplanation() {
        Ticket[] malformed = {
            RawClient.ticket(),
            RawClient.ticket('x', 1, 2, 3),
            RawClient.ticket('e', 1, 0, 0),
            RawClient.ticket('h'),
            Ticket.newBuilder().setTicket(ByteString.copyFrom(oversizedSharedTicket())).build(),
            Ticket.newBuilder().setTicket(ByteString.copyFromUtf8("s/some_variable")).build(),
        };
        for (Ticket ticket : malformed) {
            var failure = assertStatus(Code.FAILED_PRECONDITION,
                    () -> bob.tables().getExportedTableCreationResponse(ticket));
            assertThat(failure.getStatus().getDescription()).startsWith("Could not resolve ticket: ").contains("ticket");
            assertStatus(Code.FAILED_PRECONDITION, () -> bob.doGetMessages(ticket));
        }
    }

    private static byte[] oversizedSharedTicket() {
        byte[] bytes = new byte[SharedTicket.MAX_ID_LENGTH + 2];
        Arrays.fill(bytes, (byte) 7);
        bytes[0] = 'h';
        return bytes;
    }

    @Test
    void badFormulasAndUnknownColumnsAreInvalidArgumentWithTheEnginesReason() {
        Ticket source = table(alice, 10);
        var badFormula = assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().update(SelectOrUpdateRequest
                .newBuilder().setResultId(alice.nextExport()).setSourceId(ref(source))
                .addColumnSpecs("X = nosuchfunction(i)").build()));
        assertThat(badFormula.getStatus().getDescription()).contains("nosuchfunction");
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().unstructuredFilter(
                UnstructuredFilterTableRequest.newBuilder().setResultId(alice.nextExport()).setSourceId(ref(source))
                        .addFilters("Missing > 3").build()));
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().sort(SortTableRequest.newBuilder()
                .setResultId(alice.nextExport()).setSourceId(ref(source)).addSorts(SortDescriptor.newBuilder()
                        .setColumnName("Missing").setDirection(SortDescriptor.SortDirection.ASCENDING)).build()));
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().dropColumns(DropColumnsRequest.newBuilder()
                .setResultId(alice.nextExport()).setSourceId(ref(source)).addColumnNames("Missing").build()));
        assertStatus(Code.INVALID_ARGUMENT, () -> alice.tables().emptyTable(EmptyTableRequest.newBuilder()
                .setResultId(alice.nextExport()).setSize(-1).build()));
    }

    @Test
    void unaryOperationsNeedAResultTicket() {
        assertStatus(Code.FAILED_PRECONDITION, () -> alice.tables().emptyTable(
                EmptyTableRequest.newBuilder().setSize(1).build()));
        assertStatus(Code.FAILED_PRECONDITION, () -> alice.tables().update(SelectOrUpdateRequest.newBuilder()
                .setResultId(alice.nextExport()).setSourceId(TableReference.newBuilder().setBatchOffset(0))
                .addColumnSpecs("X = 1").build()));
    }

    @Test
    void theExportCapPerSessionIsResourceExhausted() {
        for (int i = 0; i < 50; i++) {
            table(alice, 1);
        }
        var failure = assertStatus(Code.RESOURCE_EXHAUSTED, () -> table(alice, 1));
        assertThat(failure.getStatus().getDescription()).contains("release tables you no longer need");
    }
}
