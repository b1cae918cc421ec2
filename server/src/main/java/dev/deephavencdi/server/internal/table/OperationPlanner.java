package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.column;
import static dev.deephavencdi.server.internal.table.PlanSteps.join;
import static dev.deephavencdi.server.internal.table.PlanSteps.parse;
import static dev.deephavencdi.server.internal.table.PlanSteps.requireReference;
import static dev.deephavencdi.server.internal.table.PlanSteps.single;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.ColumnName;
import io.deephaven.api.JoinAddition;
import io.deephaven.api.JoinMatch;
import io.deephaven.api.NaturalJoinType;
import io.deephaven.api.Selectable;
import io.deephaven.api.SortColumn;
import io.deephaven.api.filter.Filter;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.TimeTable;
import io.deephaven.engine.context.ExecutionContext;
import io.deephaven.engine.util.TableTools;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import io.deephaven.proto.backplane.grpc.DropColumnsRequest;
import io.deephaven.proto.backplane.grpc.EmptyTableRequest;
import io.deephaven.proto.backplane.grpc.ExactJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.FetchTableRequest;
import io.deephaven.proto.backplane.grpc.FilterTableRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailRequest;
import io.deephaven.proto.backplane.grpc.MergeTablesRequest;
import io.deephaven.proto.backplane.grpc.NaturalJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.SelectDistinctRequest;
import io.deephaven.proto.backplane.grpc.SelectOrUpdateRequest;
import io.deephaven.proto.backplane.grpc.SliceRequest;
import io.deephaven.proto.backplane.grpc.SortDescriptor;
import io.deephaven.proto.backplane.grpc.SortTableRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.TimeTableRequest;
import io.deephaven.proto.backplane.grpc.UnstructuredFilterTableRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Validates one proto table operation and turns it into a {@link TableOperation} that calls the engine. Request
 * shape errors are {@code INVALID_ARGUMENT} (as on the real server); errors only the engine can see (unknown
 * columns, formulas that do not compile) surface when the operation runs.
 */
final class OperationPlanner {
    private OperationPlanner() {}

    static TableOperation plan(Operation op) {
        return switch (op.getOpCase()) {
            case EMPTY_TABLE -> emptyTable(op.getEmptyTable());
            case TIME_TABLE -> timeTable(op.getTimeTable());
            case UPDATE -> selectOrUpdate("update", op.getUpdate(), true, Table::update);
            case LAZY_UPDATE -> selectOrUpdate("lazy_update", op.getLazyUpdate(), true, Table::lazyUpdate);
            case VIEW -> selectOrUpdate("view", op.getView(), false, Table::view);
            case UPDATE_VIEW -> selectOrUpdate("update_view", op.getUpdateView(), false, Table::updateView);
            case SELECT -> selectOrUpdate("select", op.getSelect(), true, Table::select);
            case SELECT_DISTINCT -> selectDistinct(op.getSelectDistinct());
            case UNSTRUCTURED_FILTER -> unstructuredFilter(op.getUnstructuredFilter());
            case FILTER -> filter(op.getFilter());
            case SORT -> sort(op.getSort());
            case HEAD -> headOrTail("head", op.getHead(), Table::head);
            case TAIL -> headOrTail("tail", op.getTail(), Table::tail);
            case SLICE -> slice(op.getSlice());
            case DROP_COLUMNS -> dropColumns(op.getDropColumns());
            case MERGE -> merge(op.getMerge());
            case NATURAL_JOIN -> naturalJoin(op.getNaturalJoin());
            case EXACT_JOIN -> exactJoin(op.getExactJoin());
            case FLATTEN -> single("flatten", op.getFlatten().getResultId(), op.getFlatten().getSourceId(), false,
                    Table::flatten);
            case FETCH_TABLE -> fetchTable(op.getFetchTable());
            case AGGREGATE -> AggregationPlanner.aggregate(op.getAggregate());
            case AGGREGATE_ALL -> AggregationPlanner.aggregateAll(op.getAggregateAll());
            case COMBO_AGGREGATE -> AggregationPlanner.comboAggregate(op.getComboAggregate());
            case HEAD_BY -> AggregationPlanner.headOrTailBy("head_by", op.getHeadBy(), true);
            case TAIL_BY -> AggregationPlanner.headOrTailBy("tail_by", op.getTailBy(), false);
            case CROSS_JOIN -> JoinPlanner.crossJoin(op.getCrossJoin());
            case AJ -> JoinPlanner.ajOrRaj("aj", op.getAj(), true);
            case RAJ -> JoinPlanner.ajOrRaj("raj", op.getRaj(), false);
            case AS_OF_JOIN -> JoinPlanner.asOfJoin(op.getAsOfJoin());
            case MULTI_JOIN -> JoinPlanner.multiJoin(op.getMultiJoin());
            case RANGE_JOIN -> JoinPlanner.rangeJoin(op.getRangeJoin());
            case WHERE_IN -> JoinPlanner.whereIn(op.getWhereIn());
            case UNGROUP -> ReshapePlanner.ungroup(op.getUngroup());
            case UPDATE_BY -> ReshapePlanner.updateBy(op.getUpdateBy());
            case SNAPSHOT -> ReshapePlanner.snapshot(op.getSnapshot());
            case SNAPSHOT_WHEN -> ReshapePlanner.snapshotWhen(op.getSnapshotWhen());
            case META_TABLE -> ReshapePlanner.metaTable(op.getMetaTable());
            case CREATE_INPUT_TABLE -> InputTablePlanner.createInputTable(op.getCreateInputTable());
            case OP_NOT_SET -> throw ServerErrors.invalidArgument("a batch operation has no operation set");
            default -> throw unsupported(op.getOpCase().name().toLowerCase());
        };
    }

    /** Every batch operation this server runs, for messages about the ones it does not. */
    static final String SUPPORTED = "empty_table, time_table, update, lazy_update, view, update_view, select,"
            + " select_distinct, filter, unstructured_filter, sort, head, tail, slice, drop_columns, merge,"
            + " natural_join, exact_join, cross_join, aj, raj, as_of_join, multi_join, range_join, where_in, flatten,"
            + " fetch_table, aggregate, aggregate_all, combo_aggregate, head_by, tail_by, ungroup, update_by,"
            + " snapshot, snapshot_when, meta_table, create_input_table";

    /** {@code UNIMPLEMENTED}, as the real server answers operations it lacks, naming what this one supports. */
    static io.grpc.StatusRuntimeException unsupported(String operation) {
        return ServerErrors.unimplemented("operation '" + operation + "' is not supported by the embedded server;"
                + " supported: " + SUPPORTED);
    }

    private static TableOperation emptyTable(EmptyTableRequest request) {
        if (request.getSize() < 0) {
            throw ServerErrors.invalidArgument("empty_table size must be >= 0 (found: " + request.getSize() + ")");
        }
        long size = request.getSize();
        return new TableOperation("empty_table", request.getResultId(), List.of(), false,
                sources -> TableTools.emptyTable(size));
    }

    private static TableOperation timeTable(TimeTableRequest request) {
        TimeTable.Builder builder = new TimeTable.Builder();
        switch (request.getPeriodCase()) {
            case PERIOD_NANOS -> {
                if (request.getPeriodNanos() <= 0) {
                    throw ServerErrors.failedPrecondition("periodNanos must be > 0 (found: "
                            + request.getPeriodNanos() + ")");
                }
                builder.period(request.getPeriodNanos());
            }
            case PERIOD_STRING -> builder.period(request.getPeriodString());
            case PERIOD_NOT_SET -> throw ServerErrors.failedPrecondition("time_table needs a period");
        }
        switch (request.getStartTimeCase()) {
            case START_TIME_NANOS -> {
                if (request.getStartTimeNanos() > 0) {
                    builder.startTime(io.deephaven.time.DateTimeUtils.epochNanosToInstant(request.getStartTimeNanos()));
                }
            }
            case START_TIME_STRING -> builder.startTime(request.getStartTimeString());
            case STARTTIME_NOT_SET -> { }
        }
        builder.blinkTable(request.getBlinkTable());
        return new TableOperation("time_table", request.getResultId(), List.of(), false,
                sources -> builder.registrar(ExecutionContext.getContext().getUpdateGraph()).build());
    }

    private static TableOperation selectOrUpdate(String name, SelectOrUpdateRequest request, boolean lock,
            BiFunction<Table, Collection<Selectable>, Table> call) {
        List<Selectable> columns = parse(name, request.getColumnSpecsList(), Selectable::parse);
        if (columns.isEmpty() && !name.equals("select") && !name.equals("view")) {
            throw ServerErrors.invalidArgument(name + " needs at least one column spec, e.g. \"X = i\"");
        }
        return single(name, request.getResultId(), request.getSourceId(), lock, table -> call.apply(table, columns));
    }

    private static TableOperation selectDistinct(SelectDistinctRequest request) {
        List<Selectable> columns = parse("select_distinct", request.getColumnNamesList(), Selectable::parse);
        return single("select_distinct", request.getResultId(), request.getSourceId(), false,
                table -> table.selectDistinct(columns));
    }

    private static TableOperation unstructuredFilter(UnstructuredFilterTableRequest request) {
        for (String filter : request.getFiltersList()) {
            if (filter.isBlank()) {
                throw ServerErrors.invalidArgument("unstructured_filter has an empty filter string");
            }
        }
        Filter filter = Filter.and(Filter.from(request.getFiltersList()));
        return single("unstructured_filter", request.getResultId(), request.getSourceId(), false,
                table -> table.where(filter));
    }

    private static TableOperation filter(FilterTableRequest request) {
        Filter filter = ConditionFilters.toFilter(request.getFiltersList());
        return single("filter", request.getResultId(), request.getSourceId(), false, table -> table.where(filter));
    }

    private static TableOperation sort(SortTableRequest request) {
        List<SortColumn> columns = new ArrayList<>();
        boolean reverse = false;
        for (SortDescriptor sort : request.getSortsList()) {
            if (sort.getIsAbsolute()) {
                throw ServerErrors.invalidArgument("absolute-value sorts are not supported by the embedded server;"
                        + " add a column with abs(...) and sort on it");
            }
            switch (sort.getDirection()) {
                case ASCENDING -> columns.add(SortColumn.asc(column("sort", sort.getColumnName())));
                case DESCENDING -> columns.add(SortColumn.desc(column("sort", sort.getColumnName())));
                case REVERSE -> reverse = !reverse;
                default -> throw ServerErrors.invalidArgument("Unexpected sort direction: "
                        + sort.getDirectionValue() + " (use ASCENDING, DESCENDING or REVERSE)");
            }
        }
        boolean reversed = reverse;
        return single("sort", request.getResultId(), request.getSourceId(), false, table -> {
            Table sorted = columns.isEmpty() ? table : table.sort(columns);
            return reversed ? sorted.reverse() : sorted;
        });
    }

    private static TableOperation headOrTail(String name, HeadOrTailRequest request,
            BiFunction<Table, Long, Table> call) {
        if (request.getNumRows() < 0) {
            throw ServerErrors.invalidArgument("numRows must be >= 0 (found: " + request.getNumRows() + ")");
        }
        long rows = request.getNumRows();
        return single(name, request.getResultId(), request.getSourceId(), false, table -> call.apply(table, rows));
    }

    private static TableOperation slice(SliceRequest request) {
        long first = request.getFirstPositionInclusive();
        long last = request.getLastPositionExclusive();
        if (first >= 0 && last >= 0 && last < first || first < 0 && last < 0 && last < first) {
            throw ServerErrors.invalidArgument("slice end " + last + " is before its start " + first);
        }
        return single("slice", request.getResultId(), request.getSourceId(), false,
                table -> table.slice(first, last));
    }

    private static TableOperation dropColumns(DropColumnsRequest request) {
        List<ColumnName> columns = parse("drop_columns", request.getColumnNamesList(), ColumnName::of);
        return single("drop_columns", request.getResultId(), request.getSourceId(), false,
                table -> table.dropColumns(columns.toArray(ColumnName[]::new)));
    }

    private static TableOperation merge(MergeTablesRequest request) {
        if (request.getSourceIdsCount() == 0) {
            throw ServerErrors.invalidArgument("Cannot merge zero source tables.");
        }
        for (TableReference source : request.getSourceIdsList()) {
            requireReference("merge", "source_ids entry", source);
        }
        String key = request.getKeyColumn();
        if (!key.isEmpty()) {
            column("merge", key);
        }
        return new TableOperation("merge", request.getResultId(), request.getSourceIdsList(), true, tables -> {
            Table merged = TableTools.merge(tables);
            return key.isEmpty() ? merged : merged.sort(key);
        });
    }

    private static TableOperation naturalJoin(NaturalJoinTablesRequest request) {
        List<JoinMatch> matches = parse("natural_join", request.getColumnsToMatchList(), JoinMatch::parse);
        List<JoinAddition> additions = parse("natural_join", request.getColumnsToAddList(), JoinAddition::parse);
        NaturalJoinType type = switch (request.getJoinType()) {
            case JOIN_TYPE_NOT_SPECIFIED, ERROR_ON_DUPLICATE -> NaturalJoinType.ERROR_ON_DUPLICATE;
            case FIRST_MATCH -> NaturalJoinType.FIRST_MATCH;
            case LAST_MATCH -> NaturalJoinType.LAST_MATCH;
            case EXACTLY_ONE_MATCH -> NaturalJoinType.EXACTLY_ONE_MATCH;
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("unknown natural join type "
                    + request.getJoinTypeValue());
        };
        return join("natural_join", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> left.naturalJoin(right, matches, additions, type));
    }

    private static TableOperation exactJoin(ExactJoinTablesRequest request) {
        List<JoinMatch> matches = parse("exact_join", request.getColumnsToMatchList(), JoinMatch::parse);
        List<JoinAddition> additions = parse("exact_join", request.getColumnsToAddList(), JoinAddition::parse);
        return join("exact_join", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> left.exactJoin(right, matches, additions));
    }

    private static TableOperation fetchTable(FetchTableRequest request) {
        return single("fetch_table", request.getResultId(), request.getSourceId(), false, Function.identity());
    }
}
