package dev.deephavencdi.server.internal.grpc;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.auth.CallSession;
import dev.deephavencdi.server.internal.table.TableOperations;
import io.deephaven.proto.backplane.grpc.AggregateAllRequest;
import io.deephaven.proto.backplane.grpc.AggregateRequest;
import io.deephaven.proto.backplane.grpc.AjRajTablesRequest;
import io.deephaven.proto.backplane.grpc.ApplyPreviewColumnsRequest;
import io.deephaven.proto.backplane.grpc.AsOfJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.BatchTableRequest;
import io.deephaven.proto.backplane.grpc.ColumnStatisticsRequest;
import io.deephaven.proto.backplane.grpc.ComboAggregateRequest;
import io.deephaven.proto.backplane.grpc.CreateInputTableRequest;
import io.deephaven.proto.backplane.grpc.CrossJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.DropColumnsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExactJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.deephaven.proto.backplane.grpc.ExportedTableUpdateMessage;
import io.deephaven.proto.backplane.grpc.ExportedTableUpdatesRequest;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.FilterTableRequest;
import io.deephaven.proto.backplane.grpc.FlattenRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailByRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.LeftJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.MergeTablesRequest;
import io.deephaven.proto.backplane.grpc.MetaTableRequest;
import io.deephaven.proto.backplane.grpc.MultiJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.NaturalJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.RangeJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.RunChartDownsampleRequest;
import io.deephaven.proto.backplane.grpc.SeekRowRequest;
import io.deephaven.proto.backplane.grpc.SeekRowResponse;
import io.deephaven.proto.backplane.grpc.SelectDistinctRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.SliceRequest;
import io.deephaven.proto.backplane.grpc.SnapshotTableRequest;
import io.deephaven.proto.backplane.grpc.SnapshotWhenTableRequest;
import io.deephaven.proto.backplane.grpc.SortTableRequest;
import io.deephaven.proto.backplane.grpc.TableServiceGrpc;
import io.deephaven.proto.backplane.grpc.Ticket;
import io.deephaven.proto.backplane.grpc.TimeTableRequest;
import io.deephaven.proto.backplane.grpc.UngroupRequest;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import io.deephaven.proto.backplane.grpc.UpdateByRequest;
import io.deephaven.proto.backplane.grpc.WhereInRequest;
import io.grpc.stub.StreamObserver;

/**
 * {@code TableService}: {@code Batch} (the official Java client), the unary operations (pydeephaven) and
 * {@code GetExportedTableCreationResponse}. Every unary operation is the batch operation of the same name run
 * alone, so both paths share one implementation, and an operation the server lacks answers the same
 * {@code UNIMPLEMENTED} on both. {@code SeekRow} and {@code ExportedTableUpdates}, which have no batch form, answer
 * {@code UNIMPLEMENTED} saying what to use instead.
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

    @Override
    public void applyPreviewColumns(ApplyPreviewColumnsRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setApplyPreviewColumns(request).build(), responses);
    }

    @Override
    public void updateBy(UpdateByRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setUpdateBy(request).build(), responses);
    }

    @Override
    public void headBy(HeadOrTailByRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setHeadBy(request).build(), responses);
    }

    @Override
    public void tailBy(HeadOrTailByRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setTailBy(request).build(), responses);
    }

    @Override
    public void ungroup(UngroupRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setUngroup(request).build(), responses);
    }

    @Override
    public void crossJoinTables(CrossJoinTablesRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setCrossJoin(request).build(), responses);
    }

    @Override
    public void leftJoinTables(LeftJoinTablesRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setLeftJoin(request).build(), responses);
    }

    @Override
    public void asOfJoinTables(AsOfJoinTablesRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setAsOfJoin(request).build(), responses);
    }

    @Override
    public void ajTables(AjRajTablesRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setAj(request).build(), responses);
    }

    @Override
    public void rajTables(AjRajTablesRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setRaj(request).build(), responses);
    }

    @Override
    public void multiJoinTables(MultiJoinTablesRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setMultiJoin(request).build(), responses);
    }

    @Override
    public void rangeJoinTables(RangeJoinTablesRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setRangeJoin(request).build(), responses);
    }

    @Override
    public void comboAggregate(ComboAggregateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setComboAggregate(request).build(), responses);
    }

    @Override
    public void aggregateAll(AggregateAllRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setAggregateAll(request).build(), responses);
    }

    @Override
    public void aggregate(AggregateRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setAggregate(request).build(), responses);
    }

    @Override
    public void snapshot(SnapshotTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSnapshot(request).build(), responses);
    }

    @Override
    public void snapshotWhen(SnapshotWhenTableRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setSnapshotWhen(request).build(), responses);
    }

    @Override
    public void runChartDownsample(RunChartDownsampleRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setRunChartDownsample(request).build(), responses);
    }

    @Override
    public void createInputTable(CreateInputTableRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setCreateInputTable(request).build(), responses);
    }

    @Override
    public void whereIn(WhereInRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setWhereIn(request).build(), responses);
    }

    @Override
    public void metaTable(MetaTableRequest request, StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setMetaTable(request).build(), responses);
    }

    @Override
    public void computeColumnStatistics(ColumnStatisticsRequest request,
            StreamObserver<ExportedTableCreationResponse> responses) {
        run(Operation.newBuilder().setColumnStatistics(request).build(), responses);
    }

    @Override
    public void seekRow(SeekRowRequest request, StreamObserver<SeekRowResponse> responses) {
        responses.onError(ServerErrors.unimplemented("TableService/SeekRow is not supported by the embedded server;"
                + " filter the table (where) and read its rows instead"));
    }

    @Override
    public void exportedTableUpdates(ExportedTableUpdatesRequest request,
            StreamObserver<ExportedTableUpdateMessage> responses) {
        responses.onError(ServerErrors.unimplemented("TableService/ExportedTableUpdates is not supported by the"
                + " embedded server; subscribe to a table with Flight DoExchange (Barrage) to follow its updates"));
    }
}
