package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.console.ConsoleScope;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.session.Export;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.engine.util.TableTools;
import io.deephaven.proto.backplane.script.grpc.AutoCompleteRequest;
import io.deephaven.proto.backplane.script.grpc.AutoCompleteResponse;
import io.deephaven.proto.backplane.script.grpc.BindTableToVariableRequest;
import io.deephaven.proto.backplane.script.grpc.BindTableToVariableResponse;
import io.deephaven.proto.backplane.script.grpc.BrowserNextResponse;
import io.deephaven.proto.backplane.script.grpc.CancelAutoCompleteRequest;
import io.deephaven.proto.backplane.script.grpc.CancelAutoCompleteResponse;
import io.deephaven.proto.backplane.script.grpc.CancelCommandRequest;
import io.deephaven.proto.backplane.script.grpc.CancelCommandResponse;
import io.deephaven.proto.backplane.script.grpc.ConsoleServiceGrpc;
import io.deephaven.proto.backplane.script.grpc.ExecuteCommandRequest;
import io.deephaven.proto.backplane.script.grpc.ExecuteCommandResponse;
import io.deephaven.proto.backplane.script.grpc.GetConsoleTypesRequest;
import io.deephaven.proto.backplane.script.grpc.GetConsoleTypesResponse;
import io.deephaven.proto.backplane.script.grpc.GetHeapInfoRequest;
import io.deephaven.proto.backplane.script.grpc.GetHeapInfoResponse;
import io.deephaven.proto.backplane.script.grpc.LogSubscriptionData;
import io.deephaven.proto.backplane.script.grpc.LogSubscriptionRequest;
import io.deephaven.proto.backplane.script.grpc.StartConsoleRequest;
import io.deephaven.proto.backplane.script.grpc.StartConsoleResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * {@code ConsoleService} on the server-wide {@link ConsoleScope}: Groovy consoles ({@code StartConsole},
 * {@code ExecuteCommand}) and {@code BindTableToVariable}. Every console shares the one scope, as on the real
 * community server, so the console ticket only has to exist: it is an export of an empty table, which the client
 * may release like any export. Python consoles, auto-complete, logs and command cancellation answer
 * {@code UNIMPLEMENTED} saying what to use.
 */
public final class ConsoleService extends ConsoleServiceGrpc.ConsoleServiceImplBase {
    static final String GROOVY = "groovy";

    private final ConsoleScope scope;
    private final TicketResolver tickets;
    private final DeephavenEngine engine;
    private final boolean scriptsAllowed;

    /**
     * @param scriptsAllowed whether {@code ExecuteCommand} may run scripts: only with the formula allow list off,
     *     since a script is arbitrary code the allow list cannot vet
     */
    public ConsoleService(ConsoleScope scope, TicketResolver tickets, DeephavenEngine engine, boolean scriptsAllowed) {
        this.scope = scope;
        this.tickets = tickets;
        this.engine = engine;
        this.scriptsAllowed = scriptsAllowed;
    }

    @Override
    public void getConsoleTypes(GetConsoleTypesRequest request, StreamObserver<GetConsoleTypesResponse> responses) {
        Unary.respond(responses, () -> GetConsoleTypesResponse.newBuilder().addConsoleTypes(GROOVY).build());
    }

    @Override
    public void startConsole(StartConsoleRequest request, StreamObserver<StartConsoleResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            if (!request.getSessionType().equalsIgnoreCase(GROOVY)) {
                throw ServerErrors.unimplemented("console type '" + request.getSessionType() + "' is not supported"
                        + " by the embedded server; it runs Groovy consoles (pydeephaven:"
                        + " Session(..., session_type=\"groovy\")). Tables can also be shared without a console:"
                        + " bind_table / open_table, publish_table / fetch_table");
            }
            Export export = session.newExport(ExportTicket.parse(request.getResultId().getTicket()));
            engine.compute(() -> {
                export.complete(TableTools.emptyTable(0));
                return null;
            });
            return StartConsoleResponse.newBuilder().setResultId(request.getResultId()).build();
        });
    }

    @Override
    public void executeCommand(ExecuteCommandRequest request, StreamObserver<ExecuteCommandResponse> responses) {
        Unary.respond(responses, () -> {
            CallSession.require();
            if (!scriptsAllowed) {
                throw Status.PERMISSION_DENIED.withDescription("ExecuteCommand (run_script) runs arbitrary Groovy"
                        + " code, which the formula allow list cannot vet, so the embedded server runs scripts only"
                        + " with the allow list off (trusted clients only: EmbeddedDeephavenServer.Builder"
                        + ".formulaAllowList(false), --no-formula-allow-list, deephaven.cdi.embedded"
                        + ".formula-allow-list=false). Without scripts: bind_table / open_table share tables by"
                        + " name, and every table operation is available as an RPC").asRuntimeException();
            }
            long start = System.currentTimeMillis();
            ConsoleScope.Changes changes = scope.execute(request.getCode());
            ExecuteCommandResponse.Builder response = ExecuteCommandResponse.newBuilder()
                    .setChanges(ApplicationService.toProto(changes))
                    .setStartTimestamp(start)
                    .setEndTimestamp(System.currentTimeMillis());
            if (changes.error() != null) {
                response.setErrorMessage(changes.error());
            }
            return response.build();
        });
    }

    @Override
    public void bindTableToVariable(BindTableToVariableRequest request,
            StreamObserver<BindTableToVariableResponse> responses) {
        Unary.respond(responses, () -> {
            ServerSession session = CallSession.require();
            if (request.getVariableName().isEmpty()) {
                throw ServerErrors.invalidArgument("bind_table needs a variable name");
            }
            scope.bind(request.getVariableName(), tickets.resolve(session, request.getTableId()));
            return BindTableToVariableResponse.getDefaultInstance();
        });
    }

    @Override
    public void getHeapInfo(GetHeapInfoRequest request, StreamObserver<GetHeapInfoResponse> responses) {
        Unary.respond(responses, () -> {
            CallSession.require();
            Runtime runtime = Runtime.getRuntime();
            return GetHeapInfoResponse.newBuilder().setMaxMemory(runtime.maxMemory())
                    .setTotalMemory(runtime.totalMemory()).setFreeMemory(runtime.freeMemory()).build();
        });
    }

    @Override
    public void subscribeToLogs(LogSubscriptionRequest request, StreamObserver<LogSubscriptionData> responses) {
        responses.onError(unsupported("SubscribeToLogs", "script errors come back in ExecuteCommand's"
                + " error_message"));
    }

    @Override
    public void cancelCommand(CancelCommandRequest request, StreamObserver<CancelCommandResponse> responses) {
        responses.onError(unsupported("CancelCommand", "commands run to completion"));
    }

    @Override
    public StreamObserver<AutoCompleteRequest> autoCompleteStream(StreamObserver<AutoCompleteResponse> responses) {
        responses.onError(unsupported("AutoCompleteStream", "no auto-completion is offered"));
        return new StreamObserver<>() {
            @Override
            public void onNext(AutoCompleteRequest value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    @Override
    public void openAutoCompleteStream(AutoCompleteRequest request, StreamObserver<AutoCompleteResponse> responses) {
        responses.onError(unsupported("OpenAutoCompleteStream", "no auto-completion is offered"));
    }

    @Override
    public void nextAutoCompleteStream(AutoCompleteRequest request, StreamObserver<BrowserNextResponse> responses) {
        responses.onError(unsupported("NextAutoCompleteStream", "no auto-completion is offered"));
    }

    @Override
    public void cancelAutoComplete(CancelAutoCompleteRequest request,
            StreamObserver<CancelAutoCompleteResponse> responses) {
        responses.onError(unsupported("CancelAutoComplete", "no auto-completion is offered"));
    }

    private static io.grpc.StatusRuntimeException unsupported(String method, String why) {
        return ServerErrors.unimplemented("ConsoleService/" + method + " is not supported by the embedded server ("
                + why + "); supported: GetConsoleTypes, StartConsole (groovy), ExecuteCommand, BindTableToVariable,"
                + " GetHeapInfo");
    }
}
