package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.columns;
import static dev.deephavencdi.server.internal.table.PlanSteps.requireReference;
import static dev.deephavencdi.server.internal.table.PlanSteps.single;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.ColumnName;
import io.deephaven.api.agg.Aggregation;
import io.deephaven.api.agg.spec.AggSpec;
import io.deephaven.proto.backplane.grpc.AggregateAllRequest;
import io.deephaven.proto.backplane.grpc.AggregateRequest;
import io.deephaven.proto.backplane.grpc.ComboAggregateRequest;
import io.deephaven.proto.backplane.grpc.HeadOrTailByRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import java.util.ArrayList;
import java.util.List;

/** Plans the grouping operations: {@code Aggregate}, {@code AggregateAll}, {@code ComboAggregate}, head/tail by. */
final class AggregationPlanner {
    private AggregationPlanner() {}

    static TableOperation aggregate(AggregateRequest request) {
        if (request.getAggregationsCount() == 0) {
            throw ServerErrors.invalidArgument("aggregate needs at least one aggregation");
        }
        List<Aggregation> aggregations = AggregationMapping.aggregations("aggregate", request.getAggregationsList());
        List<ColumnName> groupBy = columns("aggregate", request.getGroupByColumnsList());
        boolean preserveEmpty = request.getPreserveEmpty();
        requireReference("aggregate", "source_id", request.getSourceId());
        boolean withInitialGroups = request.getInitialGroupsId().getRefCase() != TableReference.RefCase.REF_NOT_SET;
        List<TableReference> sources = withInitialGroups
                ? List.of(request.getSourceId(), request.getInitialGroupsId())
                : List.of(request.getSourceId());
        return new TableOperation("aggregate", request.getResultId(), sources, true, tables -> tables.get(0).aggBy(
                aggregations, preserveEmpty, withInitialGroups ? tables.get(1) : null, groupBy));
    }

    static TableOperation aggregateAll(AggregateAllRequest request) {
        if (!request.hasSpec()) {
            throw ServerErrors.invalidArgument("aggregate_all needs a spec (sum, avg, first, ...)");
        }
        AggSpec spec = AggregationMapping.spec("aggregate_all", request.getSpec());
        ColumnName[] groupBy = columns("aggregate_all", request.getGroupByColumnsList()).toArray(ColumnName[]::new);
        return single("aggregate_all", request.getResultId(), request.getSourceId(), true,
                table -> table.aggAllBy(spec, groupBy));
    }

    static TableOperation comboAggregate(ComboAggregateRequest request) {
        if (request.getAggregatesCount() == 0) {
            throw ServerErrors.invalidArgument("combo_aggregate needs at least one aggregate");
        }
        List<ColumnName> groupBy = columns("combo_aggregate", request.getGroupByColumnsList());
        ComboAggregateRequest.Aggregate only = request.getAggregates(0);
        AggSpec allColumns = request.getAggregatesCount() == 1 && only.getMatchPairsCount() == 0
                ? AggregationMapping.comboAggregateAll(only) : null;
        if (allColumns != null) {
            ColumnName[] keys = groupBy.toArray(ColumnName[]::new);
            return single("combo_aggregate", request.getResultId(), request.getSourceId(), true,
                    table -> table.aggAllBy(allColumns, keys));
        }
        List<Aggregation> aggregations = new ArrayList<>();
        for (ComboAggregateRequest.Aggregate aggregate : request.getAggregatesList()) {
            aggregations.add(AggregationMapping.comboAggregate(aggregate));
        }
        return single("combo_aggregate", request.getResultId(), request.getSourceId(), true,
                table -> table.aggBy(aggregations, groupBy));
    }

    static TableOperation headOrTailBy(String name, HeadOrTailByRequest request, boolean head) {
        // the engine's own checks of these are a RequirementFailure and an ArrayIndexOutOfBoundsException
        if (request.getNumRows() <= 0) {
            throw ServerErrors.invalidArgument(name + ": num_rows must be > 0 (found: " + request.getNumRows() + ")");
        }
        long rows = request.getNumRows();
        String[] groupBy = columns(name, request.getGroupByColumnSpecsList()).stream()
                .map(ColumnName::name).toArray(String[]::new);
        if (java.util.Arrays.stream(groupBy).distinct().count() < groupBy.length) {
            throw ServerErrors.invalidArgument(name + ": a group-by column is named twice in "
                    + java.util.Arrays.toString(groupBy));
        }
        return single(name, request.getResultId(), request.getSourceId(), true, table -> {
            // the engine reports an unknown key column with an ArrayIndexOutOfBoundsException (a server bug to
            // ServerErrors); checked first, it is NoSuchColumnException, INVALID_ARGUMENT naming the column
            table.getDefinition().checkHasColumns(List.of(groupBy));
            return head ? table.headBy(rows, groupBy) : table.tailBy(rows, groupBy);
        });
    }
}
