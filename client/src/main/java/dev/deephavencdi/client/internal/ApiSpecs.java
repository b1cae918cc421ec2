package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.Aggregation;
import dev.deephavencdi.client.UpdateByOperation;
import io.deephaven.api.updateby.spec.CumMinMaxSpec;
import io.deephaven.api.updateby.spec.CumProdSpec;
import io.deephaven.api.updateby.spec.CumSumSpec;
import io.deephaven.api.updateby.spec.DeltaSpec;
import io.deephaven.api.updateby.spec.EmMinMaxSpec;
import io.deephaven.api.updateby.spec.EmStdSpec;
import io.deephaven.api.updateby.spec.EmaSpec;
import io.deephaven.api.updateby.spec.EmsSpec;
import io.deephaven.api.updateby.spec.FillBySpec;
import io.deephaven.api.updateby.spec.RollingAvgSpec;
import io.deephaven.api.updateby.spec.RollingCountSpec;
import io.deephaven.api.updateby.spec.RollingGroupSpec;
import io.deephaven.api.updateby.spec.RollingMinMaxSpec;
import io.deephaven.api.updateby.spec.RollingProductSpec;
import io.deephaven.api.updateby.spec.RollingStdSpec;
import io.deephaven.api.updateby.spec.RollingSumSpec;
import io.deephaven.api.updateby.spec.UpdateBySpec;
import io.deephaven.api.updateby.spec.WindowScale;
import java.util.List;

/**
 * Translates the client API's {@link Aggregation} and {@link UpdateByOperation} values into the official client's
 * table-API types, which the official client sends as {@code Aggregate} and {@code UpdateBy} operations.
 */
final class ApiSpecs {
    private ApiSpecs() {}

    static List<io.deephaven.api.agg.Aggregation> aggregations(List<Aggregation> aggregations) {
        return aggregations.stream().map(ApiSpecs::aggregation).toList();
    }

    static io.deephaven.api.agg.Aggregation aggregation(Aggregation aggregation) {
        String[] columns = aggregation.columns().toArray(String[]::new);
        List<String> parameter = aggregation.parameter();
        return switch (aggregation.kind()) {
            case SUM -> io.deephaven.api.agg.Aggregation.AggSum(columns);
            case ABS_SUM -> io.deephaven.api.agg.Aggregation.AggAbsSum(columns);
            case AVG -> io.deephaven.api.agg.Aggregation.AggAvg(columns);
            case MIN -> io.deephaven.api.agg.Aggregation.AggMin(columns);
            case MAX -> io.deephaven.api.agg.Aggregation.AggMax(columns);
            case FIRST -> io.deephaven.api.agg.Aggregation.AggFirst(columns);
            case LAST -> io.deephaven.api.agg.Aggregation.AggLast(columns);
            case COUNT -> io.deephaven.api.agg.Aggregation.AggCount(columns[0]);
            case COUNT_DISTINCT -> io.deephaven.api.agg.Aggregation.AggCountDistinct(columns);
            case DISTINCT -> io.deephaven.api.agg.Aggregation.AggDistinct(columns);
            case UNIQUE -> io.deephaven.api.agg.Aggregation.AggUnique(columns);
            case GROUP -> io.deephaven.api.agg.Aggregation.AggGroup(columns);
            case STD -> io.deephaven.api.agg.Aggregation.AggStd(columns);
            case VAR -> io.deephaven.api.agg.Aggregation.AggVar(columns);
            case MEDIAN -> io.deephaven.api.agg.Aggregation.AggMed(columns);
            case PERCENTILE -> io.deephaven.api.agg.Aggregation.AggPct(Double.parseDouble(parameter.get(0)), columns);
            case WEIGHTED_AVG -> io.deephaven.api.agg.Aggregation.AggWAvg(parameter.get(0), columns);
            case WEIGHTED_SUM -> io.deephaven.api.agg.Aggregation.AggWSum(parameter.get(0), columns);
            case SORTED_FIRST -> io.deephaven.api.agg.Aggregation.AggSortedFirst(parameter.get(0), columns);
            case SORTED_LAST -> io.deephaven.api.agg.Aggregation.AggSortedLast(parameter.get(0), columns);
            case FORMULA -> io.deephaven.api.agg.Aggregation.AggFormula(columns[0]);
            case COUNT_WHERE -> io.deephaven.api.agg.Aggregation.AggCountWhere(columns[0],
                    parameter.toArray(String[]::new));
        };
    }

    static List<io.deephaven.api.updateby.UpdateByOperation> updateBy(List<UpdateByOperation> operations) {
        return operations.stream().map(ApiSpecs::updateBy).toList();
    }

    static io.deephaven.api.updateby.UpdateByOperation updateBy(UpdateByOperation operation) {
        return io.deephaven.api.updateby.UpdateByOperation.of(spec(operation),
                operation.columns().toArray(String[]::new));
    }

    private static UpdateBySpec spec(UpdateByOperation operation) {
        WindowScale window = operation.timestampColumn() == null
                ? WindowScale.ofTicks(operation.ticks())
                : WindowScale.ofTime(operation.timestampColumn(), operation.window());
        WindowScale none = operation.timestampColumn() == null
                ? WindowScale.ofTicks(0)
                : WindowScale.ofTime(operation.timestampColumn(), 0);
        return switch (operation.kind()) {
            case CUM_SUM -> CumSumSpec.of();
            case CUM_PROD -> CumProdSpec.of();
            case CUM_MIN -> CumMinMaxSpec.of(false);
            case CUM_MAX -> CumMinMaxSpec.of(true);
            case FORWARD_FILL -> FillBySpec.of();
            case DELTA -> DeltaSpec.of();
            case EMA -> EmaSpec.of(window);
            case EMS -> EmsSpec.of(window);
            case EM_MIN -> EmMinMaxSpec.of(false, window);
            case EM_MAX -> EmMinMaxSpec.of(true, window);
            case EM_STD -> EmStdSpec.of(window);
            case ROLLING_SUM -> RollingSumSpec.of(window, none);
            case ROLLING_AVG -> RollingAvgSpec.of(window, none);
            case ROLLING_MIN -> RollingMinMaxSpec.of(false, window, none);
            case ROLLING_MAX -> RollingMinMaxSpec.of(true, window, none);
            case ROLLING_PRODUCT -> RollingProductSpec.of(window, none);
            case ROLLING_COUNT -> RollingCountSpec.of(window, none);
            case ROLLING_STD -> RollingStdSpec.of(window, none);
            case ROLLING_GROUP -> RollingGroupSpec.of(window, none);
        };
    }
}
