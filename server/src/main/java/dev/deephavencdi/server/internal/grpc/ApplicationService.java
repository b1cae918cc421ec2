package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.console.ConsoleScope;
import io.deephaven.proto.backplane.grpc.ApplicationServiceGrpc;
import io.deephaven.proto.backplane.grpc.FieldInfo;
import io.deephaven.proto.backplane.grpc.FieldsChangeUpdate;
import io.deephaven.proto.backplane.grpc.ListFieldsRequest;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.TypedTicket;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ApplicationService/ListFields} ({@code session.tables} in pydeephaven): the scope's variables as fields of
 * the {@code scope} application, each with its {@code 's/<name>'} ticket. The first message lists every field;
 * later messages report changes until the client cancels.
 */
public final class ApplicationService extends ApplicationServiceGrpc.ApplicationServiceImplBase {
    private static final String APPLICATION_ID = "scope";

    private final ConsoleScope scope;

    public ApplicationService(ConsoleScope scope) {
        this.scope = scope;
    }

    @Override
    public void listFields(ListFieldsRequest request, StreamObserver<FieldsChangeUpdate> responses) {
        ServerCallStreamObserver<FieldsChangeUpdate> call = (ServerCallStreamObserver<FieldsChangeUpdate>) responses;
        try {
            CallSession.require();
        } catch (RuntimeException e) {
            responses.onError(ServerErrors.toStatus(e));
            return;
        }
        Consumer<ConsoleScope.Changes> forward = changes -> {
            synchronized (call) {
                if (!call.isCancelled()) {
                    call.onNext(toProto(changes));
                }
            }
        };
        call.setOnCancelHandler(() -> scope.removeOnChange(forward));
        synchronized (call) {
            scope.onChange(forward);
            FieldsChangeUpdate.Builder all = FieldsChangeUpdate.newBuilder();
            scope.tables().keySet().forEach(name -> all.addCreated(field(name, "Table")));
            call.onNext(all.build());
        }
    }

    static FieldsChangeUpdate toProto(ConsoleScope.Changes changes) {
        FieldsChangeUpdate.Builder update = FieldsChangeUpdate.newBuilder();
        add(changes.created(), update::addCreated);
        add(changes.updated(), update::addUpdated);
        add(changes.removed(), update::addRemoved);
        return update.build();
    }

    private static void add(Map<String, String> fields, Consumer<FieldInfo> sink) {
        fields.forEach((name, type) -> sink.accept(field(name, type)));
    }

    private static FieldInfo field(String name, String type) {
        return FieldInfo.newBuilder()
                .setTypedTicket(TypedTicket.newBuilder()
                        .setTicket(Ticket.newBuilder().setTicket(com.google.protobuf.ByteString.copyFrom(
                                ("s/" + name).getBytes(StandardCharsets.UTF_8))))
                        .setType(type == null ? "" : type))
                .setFieldName(name)
                .setApplicationId(APPLICATION_ID)
                .setApplicationName("Server scope")
                .build();
    }
}
