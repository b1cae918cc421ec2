package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.parse;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.Selectable;
import io.deephaven.api.agg.Aggregation;
import io.deephaven.api.agg.spec.AggSpec;
import io.deephaven.api.object.UnionObject;
import io.deephaven.proto.backplane.grpc.AggSpec.AggSpecNonUniqueSentinel;
import io.deephaven.proto.backplane.grpc.AggSpec.AggSpecSortedColumn;
import io.deephaven.proto.backplane.grpc.ComboAggregateRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the proto aggregation messages ({@code AggSpec}, {@code Aggregation} and the deprecated
 * {@code ComboAggregateRequest.Aggregate}) into the engine API's {@link AggSpec} and {@link Aggregation} values.
 * Every field the proto defines is honoured; a message with nothing set is {@code INVALID_ARGUMENT}.
 */
final class AggregationMapping {
    private AggregationMapping() {}

    static List<Aggregation> aggregations(String name, List<io.deephaven.proto.backplane.grpc.Aggregation> protos) {
        List<Aggregation> result = new ArrayList<>(protos.size());
        for (io.deephaven.proto.backplane.grpc.Aggregation proto : protos) {
            result.add(aggregation(name, proto));
        }
        return result;
    }

    static Aggregation aggregation(String name, io.deephaven.proto.backplane.grpc.Aggregation proto) {
        return switch (proto.getTypeCase()) {
            case COLUMNS -> {
                if (proto.getColumns().getMatchPairsCount() == 0) {
                    throw ServerErrors.invalidArgument(name + ": a column aggregation needs at least one column"
                            + " (match pair such as \"Total = Price\" or \"Price\")");
                }
                parse(name, proto.getColumns().getMatchPairsList(), io.deephaven.api.Pair::parse);
                yield Aggregation.of(spec(name, proto.getColumns().getSpec()), proto.getColumns().getMatchPairsList());
            }
            case COUNT -> Aggregation.AggCount(requireName(name, "count", proto.getCount().getColumnName()));
            case FIRST_ROW_KEY -> Aggregation.AggFirstRowKey(
                    requireName(name, "first_row_key", proto.getFirstRowKey().getColumnName()));
            case LAST_ROW_KEY -> Aggregation.AggLastRowKey(
                    requireName(name, "last_row_key", proto.getLastRowKey().getColumnName()));
            case PARTITION -> Aggregation.AggPartition(
                    requireName(name, "partition", proto.getPartition().getColumnName()),
                    proto.getPartition().getIncludeGroupByColumns());
            case FORMULA -> {
                String raw = proto.getFormula().getSelectable().getRaw();
                if (raw.isBlank()) {
                    throw ServerErrors.invalidArgument(name + ": a formula aggregation needs a formula such as"
                            + " \"Total = sum(Price)\"");
                }
                yield io.deephaven.api.agg.Formula.of(parse(name, List.of(raw), Selectable::parse).get(0));
            }
            case COUNT_WHERE -> {
                if (proto.getCountWhere().getFiltersCount() == 0) {
                    throw ServerErrors.invalidArgument(name + ": count_where needs at least one filter");
                }
                yield Aggregation.AggCountWhere(requireName(name, "count_where", proto.getCountWhere().getColumnName()),
                        proto.getCountWhere().getFiltersList().toArray(String[]::new));
            }
            case TYPE_NOT_SET -> throw ServerErrors.invalidArgument(name + ": an aggregation has no type set");
        };
    }

    static AggSpec spec(String name, io.deephaven.proto.backplane.grpc.AggSpec proto) {
        return switch (proto.getTypeCase()) {
            case ABS_SUM -> AggSpec.absSum();
            case APPROXIMATE_PERCENTILE -> proto.getApproximatePercentile().hasCompression()
                    ? AggSpec.approximatePercentile(proto.getApproximatePercentile().getPercentile(),
                            proto.getApproximatePercentile().getCompression())
                    : AggSpec.approximatePercentile(proto.getApproximatePercentile().getPercentile());
            case AVG -> AggSpec.avg();
            case COUNT_DISTINCT -> AggSpec.countDistinct(proto.getCountDistinct().getCountNulls());
            case DISTINCT -> AggSpec.distinct(proto.getDistinct().getIncludeNulls());
            case FIRST -> AggSpec.first();
            case FORMULA -> {
                if (proto.getFormula().getFormula().isBlank()) {
                    throw ServerErrors.invalidArgument(name + ": a formula spec needs a formula such as \"sum(each)\"");
                }
                yield AggSpec.formula(proto.getFormula().getFormula(), proto.getFormula().getParamToken().isEmpty()
                        ? "each" : proto.getFormula().getParamToken());
            }
            case FREEZE -> AggSpec.freeze();
            case GROUP -> AggSpec.group();
            case LAST -> AggSpec.last();
            case MAX -> AggSpec.max();
            case MEDIAN -> AggSpec.median(proto.getMedian().getAverageEvenlyDivided());
            case MIN -> AggSpec.min();
            case PERCENTILE -> AggSpec.percentile(proto.getPercentile().getPercentile(),
                    proto.getPercentile().getAverageEvenlyDivided());
            case SORTED_FIRST -> AggSpec.sortedFirst(sortColumns(name, proto.getSortedFirst().getColumnsList()));
            case SORTED_LAST -> AggSpec.sortedLast(sortColumns(name, proto.getSortedLast().getColumnsList()));
            case STD -> AggSpec.std();
            case SUM -> AggSpec.sum();
            case T_DIGEST -> proto.getTDigest().hasCompression()
                    ? AggSpec.tDigest(proto.getTDigest().getCompression())
                    : AggSpec.tDigest();
            case UNIQUE -> AggSpec.unique(proto.getUnique().getIncludeNulls(),
                    sentinel(proto.getUnique().getNonUniqueSentinel()));
            case WEIGHTED_AVG -> AggSpec.wavg(requireName(name, "weighted_avg weight",
                    proto.getWeightedAvg().getWeightColumn()));
            case WEIGHTED_SUM -> AggSpec.wsum(requireName(name, "weighted_sum weight",
                    proto.getWeightedSum().getWeightColumn()));
            case VAR -> AggSpec.var();
            case TYPE_NOT_SET -> throw ServerErrors.invalidArgument(name + ": an aggregation spec has no type set");
        };
    }

    /** The deprecated {@code ComboAggregate}: each aggregate names its type, its columns and an extra column. */
    static Aggregation comboAggregate(ComboAggregateRequest.Aggregate proto) {
        String[] pairs = proto.getMatchPairsList().toArray(String[]::new);
        if (proto.getType() != ComboAggregateRequest.AggType.COUNT && pairs.length == 0) {
            throw ServerErrors.invalidArgument("combo_aggregate: aggregate " + proto.getType()
                    + " needs match_pairs (or send it alone, which aggregates every non-key column)");
        }
        return switch (proto.getType()) {
            case SUM -> Aggregation.AggSum(pairs);
            case ABS_SUM -> Aggregation.AggAbsSum(pairs);
            case GROUP -> Aggregation.AggGroup(pairs);
            case AVG -> Aggregation.AggAvg(pairs);
            case COUNT -> Aggregation.AggCount(requireName("combo_aggregate", "count", proto.getColumnName()));
            case FIRST -> Aggregation.AggFirst(pairs);
            case LAST -> Aggregation.AggLast(pairs);
            case MIN -> Aggregation.AggMin(pairs);
            case MAX -> Aggregation.AggMax(pairs);
            case MEDIAN -> Aggregation.AggMed(proto.getAvgMedian(), pairs);
            case PERCENTILE -> Aggregation.AggPct(proto.getPercentile(), proto.getAvgMedian(), pairs);
            case STD -> Aggregation.AggStd(pairs);
            case VAR -> Aggregation.AggVar(pairs);
            case WEIGHTED_AVG -> Aggregation.AggWAvg(
                    requireName("combo_aggregate", "weighted_avg weight", proto.getColumnName()), pairs);
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("combo_aggregate: unknown aggregate type "
                    + proto.getTypeValue());
        };
    }

    /** The spec an aggregate alone with no match pairs applies to every non-key column, as the real server does. */
    static AggSpec comboAggregateAll(ComboAggregateRequest.Aggregate proto) {
        return switch (proto.getType()) {
            case SUM -> AggSpec.sum();
            case ABS_SUM -> AggSpec.absSum();
            case GROUP -> AggSpec.group();
            case AVG -> AggSpec.avg();
            case FIRST -> AggSpec.first();
            case LAST -> AggSpec.last();
            case MIN -> AggSpec.min();
            case MAX -> AggSpec.max();
            case MEDIAN -> AggSpec.median(proto.getAvgMedian());
            case PERCENTILE -> AggSpec.percentile(proto.getPercentile(), proto.getAvgMedian());
            case STD -> AggSpec.std();
            case VAR -> AggSpec.var();
            case WEIGHTED_AVG -> AggSpec.wavg(
                    requireName("combo_aggregate", "weighted_avg weight", proto.getColumnName()));
            case COUNT, UNRECOGNIZED -> null;
        };
    }

    private static List<String> sortColumns(String name, List<AggSpecSortedColumn> columns) {
        if (columns.isEmpty()) {
            throw ServerErrors.invalidArgument(name + ": sorted_first / sorted_last need at least one sort column");
        }
        return columns.stream().map(c -> requireName(name, "sort", c.getColumnName())).toList();
    }

    private static Object sentinel(AggSpecNonUniqueSentinel proto) {
        return switch (proto.getTypeCase()) {
            case NULL_VALUE, TYPE_NOT_SET -> null;
            case STRING_VALUE -> proto.getStringValue();
            case INT_VALUE -> proto.getIntValue();
            case LONG_VALUE -> proto.getLongValue();
            case FLOAT_VALUE -> proto.getFloatValue();
            case DOUBLE_VALUE -> proto.getDoubleValue();
            case BOOL_VALUE -> proto.getBoolValue();
            case BYTE_VALUE -> UnionObject.of((byte) proto.getByteValue()).unwrap();
            case SHORT_VALUE -> UnionObject.of((short) proto.getShortValue()).unwrap();
            case CHAR_VALUE -> UnionObject.of((char) proto.getCharValue()).unwrap();
        };
    }

    private static String requireName(String name, String what, String column) {
        if (column.isBlank()) {
            throw ServerErrors.invalidArgument(name + ": " + what + " needs a column name");
        }
        return column.strip();
    }
}
