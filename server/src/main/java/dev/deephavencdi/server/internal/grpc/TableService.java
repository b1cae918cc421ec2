package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.table.TableOperations;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.DropColumnsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExactJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.FilterTableRequest;
import io.deephaven.proto.backplane.grpc.FlattenRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.MergeTablesRequest;
import io.deephaven.proto.backplane.grpc.NaturalJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.SelectDistinctRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.SliceRequest;
import io.deephaven.proto.backplane.grpc.SortTableRequest;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.TimeTableRequest;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.grpc.stub.StreamObserver;

/**
 * {@code TableService}: {@code Batch} (the official Java client), the unary operations (pydeephaven) and
 * {@code GetExportedTableCreationResponse}. Every unary operation is the batch operation of the same name run
 * alone, so both paths share one implementation.
 */
public final class TableService extends TableServiceGrpc.TableServiceImplBase {
    private final TableOperations operations;

    public TableService(TableOperations operations) {
        this.operations = operations;
    }

    @Override
    public void batch(BatchTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        try {
            operations.runBatch(CallSession.require(), request.getOpsList(), responses);
        } catch (RuntimeException | Error e) { // Error: OutOfMemoryError must complete the call too
            responses.onError(ServerErrors.toStatus(e));
        }
    }

    @Override
    public void getExportedTableCreationResponse(Ticket request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        Unary.respond(responses, () -> operations.describe(CallSession.require(), request));
    }

    private void run(Operation operation, StreamObserver<ExportedTableCreationResponse> responses) {
        Unary.respond(responses, () -> operations.runOne(CallSession.require(), operation));
    }

    @Override
    public void fetchTable(FetchTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setFetchTable(request).build(), responses);
    }

    @Override
    public void emptyTable(EmptyTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setEmptyTable(request).build(), responses);
    }

    @Override
    public void timeTable(TimeTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setTimeTable(request).build(), responses);
    }

    @Override
    public void dropColumns(DropColumnsRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setDropColumns(request).build(), responses);
    }

    @Override
    public void update(SelectOrUpdateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setUpdate(request).build(), responses);
    }

    @Override
    public void lazyUpdate(SelectOrUpdateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setLazyUpdate(request).build(), responses);
    }

    @Override
    public void view(SelectOrUpdateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setView(request).build(), responses);
    }

    @Override
    public void updateView(SelectOrUpdateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setUpdateView(request).build(), responses);
    }

    @Override
    public void select(SelectOrUpdateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSelect(request).build(), responses);
    }

    @Override
    public void selectDistinct(SelectDistinctRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSelectDistinct(request).build(), responses);
    }

    @Override
    public void filter(FilterTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setFilter(request).build(), responses);
    }

    @Override
    public void unstructuredFilter(UnstructuredFilterTableRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setUnstructuredFilter(request).build(), responses);
    }

    @Override
    public void sort(SortTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSort(request).build(), responses);
    }

    @Override
    public void head(HeadOrTailRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setHead(request).build(), responses);
    }

    @Override
    public void tail(HeadOrTailRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setTail(request).build(), responses);
    }

    @Override
    public void slice(SliceRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSlice(request).build(), responses);
    }

    @Override
    public void flatten(FlattenRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setFlatten(request).build(), responses);
    }

    @Override
    public void mergeTables(MergeTablesRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setMerge(request).build(), responses);
    }

    @Override
    public void naturalJoinTables(NaturalJoinTablesRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setNaturalJoin(request).build(), responses);
    }

    @Override
    public void exactJoinTables(ExactJoinTablesRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setExactJoin(request).build(), responses);
    }
}
