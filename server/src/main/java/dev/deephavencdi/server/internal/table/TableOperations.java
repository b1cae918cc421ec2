package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.proto.ExportTicket;
import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import dev.deephavencdi.server.internal.formula.FormulaGuard;
import dev.deephavencdi.server.internal.session.Export;
import dev.deephavencdi.server.internal.session.ExportingRequest;
import dev.deephavencdi.server.internal.session.ServerSession;
import dev.deephavencdi.server.internal.session.TicketResolver;
import io.deephaven.engine.table.Table;
import io.deephaven.extensions.barrage.util.ExportUtil;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * Runs table operations for a session, one at a time (the unary RPCs pydeephaven uses) or as a batch (how the
 * official Java client sends everything), and answers with {@code ExportedTableCreationResponse}s.
 *
 * <p>Batch semantics follow the real server: the whole request is validated first (a malformed request fails
 * the call with no responses); then every operation gets exactly one response, {@code result_id} being its export
 * ticket or, for intermediates, its {@code batch_offset}; a failed operation answers {@code success=false} with an
 * explanation, its dependents fail too, and the stream ends with the first failure's status.
 */
public final class TableOperations {
    private final DeephavenEngine engine;
    private final TicketResolver tickets;
    private final FormulaGuard formulas;
    private final MemoryBudget memory;

    public TableOperations(DeephavenEngine engine, TicketResolver tickets, FormulaGuard formulas,
            MemoryBudget memory) {
        this.engine = engine;
        this.tickets = tickets;
        this.formulas = formulas;
        this.memory = memory;
    }

    /**
     * Runs a unary table RPC: the result must be exported and sources must be tickets.
     *
     * @throws StatusRuntimeException with the operation's failure; the result export is left failed
     */
    public ExportedTableCreationResponse runOne(ServerSession session, Operation request) {
        TableOperation operation = OperationPlanner.plan(request);
        if (!operation.isExported()) {
            throw ServerErrors.failedPrecondition("No result ticket supplied: set result_id to a new export ticket");
        }
        for (TableReference source : operation.sources()) {
            if (source.getRefCase() != TableReference.RefCase.TICKET) {
                throw ServerErrors.failedPrecondition("One-shot operations must use ticket references");
            }
        }
        ExportingRequest producer = new ExportingRequest();
        Export export = session.newExport(ExportTicket.parse(operation.resultId().getTicket()), producer);
        try {
            Table result = engine.compute(() -> {
                List<Table> sources = new ArrayList<>();
                for (TableReference source : operation.sources()) {
                    sources.add(tickets.resolve(session, source.getTicket(), producer));
                }
                formulas.check(request, sources);
                FilterColumns.requireKnown(request, sources);
                JoinColumns.requireValid(request, sources);
                long reserved = memory.reserve(session, request, sources);
                Table table = applyWithin(session, reserved, operation, sources);
                export.complete(table);
                MemoryBudget.holdUntilReleased(session, export, reserved);
                return table;
            });
            return describe(TableReference.newBuilder().setTicket(operation.resultId()).build(), result);
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            StatusRuntimeException failure = ServerErrors.toStatus(e);
            export.fail(failure);
            throw failure;
        }
    }

    /**
     * Runs a batch, streaming one response per operation.
     *
     * @throws StatusRuntimeException if the request itself is malformed; nothing was sent or exported then
     */
    public void runBatch(ServerSession session, List<Operation> requests,
            StreamObserver<ExportedTableCreationResponse> responses) {
        if (requests.isEmpty()) {
            throw ServerErrors.invalidArgument("a batch needs at least one operation");
        }
        List<TableOperation> operations = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            operations.add(OperationPlanner.plan(requests.get(i)));
        }
        requireBackwardReferences(operations);
        ExportingRequest request = new ExportingRequest();
        Export[] exports = registerExports(session, operations, request);
        StatusRuntimeException firstFailure = engine.compute(
                () -> runAll(session, request, requests, operations, exports, responses));
        if (firstFailure == null) {
            responses.onCompleted();
        } else {
            responses.onError(firstFailure);
        }
    }

    /**
     * @return the response describing the table a ticket names, echoing that ticket ({@code 'h'} stays
     *         {@code 'h'}), for {@code GetExportedTableCreationResponse}
     */
    public ExportedTableCreationResponse describe(ServerSession session, Ticket ticket) {
        Table table = tickets.resolve(session, ticket);
        return describe(TableReference.newBuilder().setTicket(ticket).build(), table);
    }

    /**
     * Operations run in order, so each may only read results of earlier ones: by {@code batch_offset}, or by the
     * export ticket of an earlier operation. A forward reference would wait for itself forever.
     */
    private static void requireBackwardReferences(List<TableOperation> operations) {
        Map<ByteString, Integer> resultIndex = new HashMap<>();
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i).isExported()) {
                resultIndex.putIfAbsent(operations.get(i).resultId().getTicket(), i);
            }
        }
        for (int i = 0; i < operations.size(); i++) {
            for (TableReference source : operations.get(i).sources()) {
                // the planners refuse these; a reference that is not set would otherwise read as batch_offset 0
                PlanSteps.requireReference(operations.get(i).name(), "table reference", source);
                int referenced = source.getRefCase() == TableReference.RefCase.BATCH_OFFSET
                        ? source.getBatchOffset()
                        : resultIndex.getOrDefault(source.getTicket().getTicket(), -1);
                boolean forward = source.getRefCase() == TableReference.RefCase.BATCH_OFFSET
                        ? referenced < 0 || referenced >= i
                        : referenced >= i;
                if (forward) {
                    throw ServerErrors.invalidArgument("invalid table reference in operation " + i + " ("
                            + operations.get(i).name() + "): it must name an earlier operation of the batch, found "
                            + (source.getRefCase() == TableReference.RefCase.BATCH_OFFSET
                                    ? "batch_offset " + source.getBatchOffset()
                                    : "the result of operation " + referenced));
                }
            }
        }
    }

    /** Creates the batch's exports up front, pending, so requests arriving meanwhile can wait for them. */
    private static Export[] registerExports(ServerSession session, List<TableOperation> operations,
            ExportingRequest request) {
        Export[] exports = new Export[operations.size()];
        try {
            for (int i = 0; i < operations.size(); i++) {
                if (operations.get(i).isExported()) {
                    exports[i] = session.newExport(ExportTicket.parse(operations.get(i).resultId().getTicket()),
                            request);
                }
            }
            return exports;
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            StatusRuntimeException failure = ServerErrors.toStatus(e);
            for (Export export : exports) {
                if (export != null) {
                    export.fail(failure);
                }
            }
            throw failure;
        }
    }

    private StatusRuntimeException runAll(ServerSession session, ExportingRequest request, List<Operation> requests,
            List<TableOperation> operations, Export[] exports, StreamObserver<ExportedTableCreationResponse> responses) {
        Table[] results = new Table[operations.size()];
        String[] failures = new String[operations.size()];
        StatusRuntimeException firstFailure = null;
        long unexportedReservations = 0; // intermediates live as long as the next exported result built on them
        for (int i = 0; i < operations.size(); i++) {
            TableOperation operation = operations.get(i);
            TableReference resultRef = operation.isExported()
                    ? TableReference.newBuilder().setTicket(operation.resultId()).build()
                    : TableReference.newBuilder().setBatchOffset(i).build();
            try {
                List<Table> sources = new ArrayList<>();
                for (TableReference source : operation.sources()) {
                    sources.add(resolve(session, request, source, results, failures));
                }
                formulas.check(requests.get(i), sources);
                FilterColumns.requireKnown(requests.get(i), sources);
                JoinColumns.requireValid(requests.get(i), sources);
                long reserved = memory.reserve(session, requests.get(i), sources);
                Table table = applyWithin(session, reserved, operation, sources);
                if (exports[i] != null) {
                    exports[i].complete(table);
                    MemoryBudget.holdUntilReleased(session, exports[i], reserved + unexportedReservations);
                    unexportedReservations = 0;
                } else {
                    unexportedReservations += reserved;
                }
                results[i] = table;
                responses.onNext(describe(resultRef, table));
            } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
                StatusRuntimeException failure = ServerErrors.toStatus(e);
                if (exports[i] != null) {
                    exports[i].fail(failure);
                }
                failures[i] = "operation " + i + " (" + operation.name() + ") failed: " + failure.getMessage();
                if (firstFailure == null) {
                    firstFailure = failure;
                }
                responses.onNext(ExportedTableCreationResponse.newBuilder()
                        .setResultId(resultRef)
                        .setSuccess(false)
                        .setErrorInfo(failures[i])
                        .build());
            }
        }
        session.releaseMemory(unexportedReservations);
        return firstFailure;
    }

    /** Runs an operation, giving its memory reservation back if it fails. */
    private Table applyWithin(ServerSession session, long reserved, TableOperation operation, List<Table> sources) {
        try {
            return apply(operation, sources);
        } catch (RuntimeException | Error e) {
            session.releaseMemory(reserved);
            throw e;
        }
    }

    private Table resolve(ServerSession session, ExportingRequest request, TableReference source, Table[] results,
            String[] failures) {
        if (source.getRefCase() == TableReference.RefCase.TICKET) {
            return tickets.resolve(session, source.getTicket(), request);
        }
        int offset = source.getBatchOffset();
        if (failures[offset] != null) {
            throw ServerErrors.failedPrecondition("dependency failed: " + failures[offset]);
        }
        return results[offset];
    }

    private Table apply(TableOperation operation, List<Table> sources) {
        boolean ticking = sources.stream().anyMatch(Table::isRefreshing);
        if (operation.lockWhenRefreshing() && ticking) {
            return engine.updateGraph().sharedLock().computeLocked(() -> operation.apply().apply(sources));
        }
        return operation.apply().apply(sources);
    }

    private static ExportedTableCreationResponse describe(TableReference resultRef, Table table) {
        return ExportUtil.buildTableCreationResponse(resultRef, table);
    }
}
