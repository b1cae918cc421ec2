package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.util.input.InputTableStatusListener;
import io.deephaven.engine.util.input.InputTableUpdater;
import io.deephaven.proto.backplane.grpc.AddTableRequest;
import io.deephaven.proto.backplane.grpc.AddTableResponse;
import io.deephaven.proto.backplane.grpc.DeleteTableRequest;
import io.deephaven.proto.backplane.grpc.DeleteTableResponse;
import io.deephaven.proto.backplane.grpc.InputTableServiceGrpc;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;

/**
 * {@code InputTableService}: adds rows to and deletes keys from an input table made by {@code CreateInputTable}.
 * The rows are validated against the input table's columns first ({@code INVALID_ARGUMENT} naming the mismatch);
 * the call answers once the engine applied the change, so a following read sees it and subscribers tick.
 */
public final class InputTableService extends InputTableServiceGrpc.InputTableServiceImplBase {
    private final TicketResolver tickets;
    private final DeephavenEngine engine;

    public InputTableService(TicketResolver tickets, DeephavenEngine engine) {
        this.tickets = tickets;
        this.engine = engine;
    }

    @Override
    public void addTableToInputTable(AddTableRequest request, StreamObserver<AddTableResponse> responses) {
        change("add", request.getInputTable(), request.getTableToAdd(), (updater, rows) -> {
            updater.validateAddOrModify(rows);
            updater.addAsync(rows, completion(responses, AddTableResponse.getDefaultInstance()));
        }, responses);
    }

    @Override
    public void deleteTableFromInputTable(DeleteTableRequest request, StreamObserver<DeleteTableResponse> responses) {
        change("delete", request.getInputTable(), request.getTableToRemove(), (updater, keys) -> {
            if (updater.getKeyNames().isEmpty()) {
                throw ServerErrors.invalidArgument("delete: the input table is append-only; only key-backed input"
                        + " tables support deleting rows");
            }
            updater.validateDelete(keys);
            updater.deleteAsync(keys, completion(responses, DeleteTableResponse.getDefaultInstance()));
        }, responses);
    }

    private void change(String verb, Ticket inputTicket, Ticket rowsTicket, BiConsumer<InputTableUpdater, Table> apply,
            StreamObserver<?> responses) {
        try {
            if (rowsTicket.getTicket().isEmpty()) {
                throw ServerErrors.invalidArgument(verb + ": no table of rows given");
            }
            ServerSession session = CallSession.require();
            Table input = tickets.resolve(session, inputTicket);
            Table rows = tickets.resolve(session, rowsTicket);
            Object updater = input.getAttribute(Table.INPUT_TABLE_ATTRIBUTE);
            if (!(updater instanceof InputTableUpdater inputTable)) {
                throw ServerErrors.invalidArgument(verb + ": the ticket does not name an input table; create one"
                        + " with CreateInputTable");
            }
            engine.compute(() -> {
                try {
                    apply.accept(inputTable, rows);
                } catch (io.grpc.StatusRuntimeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // validation failures: column names or types that do not match the input table
                    throw ServerErrors.invalidArgument(verb + ": " + e.getMessage());
                }
                return null;
            });
        } catch (RuntimeException e) {
            responses.onError(ServerErrors.toStatus(e));
        }
    }

    private static <T> InputTableStatusListener completion(StreamObserver<T> responses, T response) {
        return new InputTableStatusListener() {
            @Override
            public void onSuccess() {
                responses.onNext(response);
                responses.onCompleted();
            }

            @Override
            public void onError(Throwable t) {
                responses.onError(ServerErrors.toStatus(t));
            }
        };
    }
}
