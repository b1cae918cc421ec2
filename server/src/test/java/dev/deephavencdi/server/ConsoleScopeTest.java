package dev.deephavencdi.server;

import dev.deephavencdi.server.testing.EmbeddedServerExtension;
import static dev.deephavencdi.server.GrpcAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.deephavencdi.testing.ArrowRows;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.ConsoleSession;
import io.deephaven.client.impl.ScopeId;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.client.impl.script.Changes;
import io.deephaven.proto.backplane.grpc.ApplicationServiceGrpc;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.FieldInfo;
import io.deephaven.proto.backplane.grpc.FieldsChangeUpdate;
import io.deephaven.proto.backplane.grpc.ListFieldsRequest;
import io.deephaven.proto.backplane.grpc.ReleaseRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.script.grpc.BindTableToVariableRequest;
import io.deephaven.proto.backplane.script.grpc.ConsoleServiceGrpc;
import io.deephaven.proto.backplane.script.grpc.ExecuteCommandRequest;
import io.deephaven.proto.backplane.script.grpc.ExecuteCommandResponse;
import io.deephaven.proto.backplane.script.grpc.StartConsoleRequest;
import io.deephaven.qst.table.TableSpec;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server-wide scope: tables bound by one session ({@code BindTableToVariable}, pydeephaven's {@code bind_table})
 * are read by others through {@code 's/<name>'} tickets ({@code open_table}), listed by
 * {@code ApplicationService/ListFields} ({@code session.tables}), and Groovy scripts run in the same scope, on a
 * server whose formula allow list is off: by default scripts are refused, since the allow list cannot vet them.
 */
class ConsoleScopeTest {
    @RegisterExtension
    // raw stubs leave their sessions to expire (as pydeephaven does when not closed), so no nothing-held check
    static final EmbeddedServerExtension server = EmbeddedServerExtension.create();

    @RegisterExtension
    static final EmbeddedServerExtension scripting = EmbeddedServerExtension.create()
            .configure(builder -> builder.formulaAllowList(false));



    private static Ticket scopeTicket(String name) {
        return Ticket.newBuilder().setTicket(ByteString.copyFromUtf8("s/" + name)).build();
    }

    private static TableReference ref(Ticket ticket) {
        return TableReference.newBuilder().setTicket(ticket).build();
    }

    @Test
    void aBoundTableIsReadByOtherSessionsAndOutlivesItsExport() throws Exception {
        try (RawClient binder = new RawClient(server); RawClient reader = new RawClient(server)) {
            binder.login();
            reader.login();
            Ticket empty = binder.nextExport();
            binder.tables().emptyTable(EmptyTableRequest.newBuilder().setResultId(empty).setSize(4).build());
            Ticket squares = binder.nextExport();
            binder.tables().update(SelectOrUpdateRequest.newBuilder().setResultId(squares).setSourceId(ref(empty))
                    .addColumnSpecs("X = i * i").build());
            ConsoleServiceGrpc.newBlockingStub(binder.authenticated()).bindTableToVariable(
                    BindTableToVariableRequest.newBuilder().setVariableName("squares").setTableId(squares).build());
            binder.sessions().release(ReleaseRequest.newBuilder().setId(squares).build());

            Ticket opened = reader.nextExport();
            reader.tables().fetchTable(FetchTableRequest.newBuilder().setResultId(opened)
                    .setSourceId(ref(scopeTicket("squares"))).build());
            assertThat(reader.doGet(opened)).containsExactly(List.of(0), List.of(1), List.of(4), List.of(9));
            assertThat(reader.doGet(scopeTicket("squares"))).hasSize(4);

            // pydeephaven's session.tables: read the first message of the stream, then cancel it
            Context.CancellableContext cancel = Context.current().withCancellation();
            FieldsChangeUpdate first = cancel.call(() -> {
                Iterator<FieldsChangeUpdate> fields = ApplicationServiceGrpc.newBlockingStub(reader.authenticated())
                        .listFields(ListFieldsRequest.getDefaultInstance());
                return fields.next();
            });
            cancel.cancel(null);
            FieldInfo field = first.getCreatedList().stream().filter(f -> f.getFieldName().equals("squares"))
                    .findFirst().orElseThrow();
            assertThat(field.getTypedTicket().getType()).isEqualTo("Table");
            assertThat(field.getTypedTicket().getTicket()).isEqualTo(scopeTicket("squares"));

            StatusRuntimeException missing = assertStatus(Status.Code.NOT_FOUND, () -> reader.tables().fetchTable(
                    FetchTableRequest.newBuilder().setResultId(reader.nextExport())
                            .setSourceId(ref(scopeTicket("nothing_here"))).build()));
            assertThat(missing.getStatus().getDescription()).contains("nothing_here").contains("bind");
            assertStatus(Status.Code.INVALID_ARGUMENT, () -> ConsoleServiceGrpc.newBlockingStub(binder.authenticated())
                    .bindTableToVariable(BindTableToVariableRequest.newBuilder().setVariableName("not a name")
                            .setTableId(empty).build()));
        }
    }

    @Test
    void scriptsAreRefusedWhileTheFormulaAllowListIsOn() throws Exception {
        try (RawClient raw = new RawClient(server)) {
            raw.login();
            var console = ConsoleServiceGrpc.newBlockingStub(raw.authenticated());
            Ticket consoleId = raw.nextExport();
            console.startConsole(StartConsoleRequest.newBuilder().setResultId(consoleId).setSessionType("groovy")
                    .build());
            StatusRuntimeException refused = assertStatus(Status.Code.PERMISSION_DENIED, () -> console.executeCommand(
                    ExecuteCommandRequest.newBuilder().setConsoleId(consoleId)
                            .setCode("new File('/tmp/deephaven-cdi-script-ran').text = 'x'").build()));
            assertThat(refused.getStatus().getDescription()).contains("formula allow list")
                    .contains("formula-allow-list=false").contains("bind_table");
            assertThat(new java.io.File("/tmp/deephaven-cdi-script-ran")).doesNotExist();
        }
    }

    @Test
    void groovyScriptsRunInTheSameScope() throws Exception {
        try (RawClient raw = new RawClient(scripting)) {
            raw.login();
            var console = ConsoleServiceGrpc.newBlockingStub(raw.authenticated());
            Ticket consoleId = raw.nextExport();
            console.startConsole(StartConsoleRequest.newBuilder().setResultId(consoleId).setSessionType("groovy")
                    .build());
            ExecuteCommandResponse created = console.executeCommand(ExecuteCommandRequest.newBuilder()
                    .setConsoleId(consoleId).setCode("evens = emptyTable(10).update(\"X = i * 2\").where(\"X % 4 == 0\")")
                    .build());
            assertThat(created.getErrorMessage()).isEmpty();
            assertThat(created.getChanges().getCreatedList()).extracting(FieldInfo::getFieldName).contains("evens");
            assertThat(raw.doGet(scopeTicket("evens"))).containsExactly(List.of(0), List.of(4), List.of(8),
                    List.of(12), List.of(16));

            ExecuteCommandResponse failed = console.executeCommand(ExecuteCommandRequest.newBuilder()
                    .setConsoleId(consoleId).setCode("broken = emptyTable(1).update(\"Y = nosuchfunction(i)\")")
                    .build());
            assertThat(failed.getErrorMessage()).contains("nosuchfunction");

            StatusRuntimeException python = assertStatus(Status.Code.UNIMPLEMENTED, () -> console.startConsole(
                    StartConsoleRequest.newBuilder().setResultId(raw.nextExport()).setSessionType("python").build()));
            assertThat(python.getStatus().getDescription()).contains("python").contains("groovy");
        }
    }

    @Test
    void theOfficialClientPublishesByNameRunsGroovyAndReadsScopeTickets() throws Exception {
        try (OfficialClient client = scripting.officialClient()) {
            Session session = client.newSession();
            TableHandle numbers = session.execute(TableSpec.empty(3).update("N = i + 100"));
            session.publish("numbers", numbers).get();
            try (ConsoleSession console = session.console("groovy").get()) {
                Changes changes = console.executeCode("total = numbers.sumBy()");
                assertThat(changes.errorMessage()).isEmpty();
            }
            Session other = client.newSession();
            TableHandle total = other.execute(new ScopeId("total").ticketId().table());
            assertThat(ArrowRows.read(client.flight(other).stream(total))).containsExactly(List.of(303L));
        }
    }
}
