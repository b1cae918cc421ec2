package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.parse;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.Pair;
import io.deephaven.api.updateby.BadDataBehavior;
import io.deephaven.api.updateby.DeltaControl;
import io.deephaven.api.updateby.OperationControl;
import io.deephaven.api.updateby.UpdateByControl;
import io.deephaven.api.updateby.UpdateByOperation;
import io.deephaven.api.updateby.spec.CumCountWhereSpec;
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
import io.deephaven.api.updateby.spec.RollingCountWhereSpec;
import io.deephaven.api.updateby.spec.RollingFormulaSpec;
import io.deephaven.api.updateby.spec.RollingGroupSpec;
import io.deephaven.api.updateby.spec.RollingMinMaxSpec;
import io.deephaven.api.updateby.spec.RollingProductSpec;
import io.deephaven.api.updateby.spec.RollingStdSpec;
import io.deephaven.api.updateby.spec.RollingSumSpec;
import io.deephaven.api.updateby.spec.RollingWAvgSpec;
import io.deephaven.api.updateby.spec.UpdateBySpec;
import io.deephaven.api.updateby.spec.WindowScale;
import io.deephaven.proto.backplane.grpc.MathContext;
import io.deephaven.proto.backplane.grpc.UpdateByEmOptions;
import io.deephaven.proto.backplane.grpc.UpdateByRequest;
import io.deephaven.proto.backplane.grpc.UpdateByRequest.UpdateByOperation.UpdateByColumn.UpdateBySpec.UpdateByDelta;
import io.deephaven.proto.backplane.grpc.UpdateByWindowScale;
import io.deephaven.time.DateTimeUtils;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code UpdateByRequest} operations and options into the engine API's {@link UpdateByOperation}s and
 * {@link UpdateByControl}: cumulative, exponential-moving, rolling (tick and time windows), fill and delta.
 */
final class UpdateByMapping {
    private UpdateByMapping() {}

    static List<UpdateByOperation> operations(List<UpdateByRequest.UpdateByOperation> protos) {
        if (protos.isEmpty()) {
            throw ServerErrors.invalidArgument("update_by needs at least one operation");
        }
        List<UpdateByOperation> result = new ArrayList<>(protos.size());
        for (UpdateByRequest.UpdateByOperation proto : protos) {
            if (!proto.hasColumn()) {
                throw ServerErrors.invalidArgument("update_by: an operation has no column operation set");
            }
            var column = proto.getColumn();
            Pair[] pairs = parse("update_by", column.getMatchPairsList(), Pair::parse).toArray(Pair[]::new);
            result.add(UpdateByOperation.of(spec(column.getSpec()), pairs));
        }
        return result;
    }

    static UpdateByControl control(UpdateByRequest.UpdateByOptions options) {
        UpdateByControl.Builder builder = UpdateByControl.builder();
        if (options.hasUseRedirection()) {
            builder.useRedirection(options.getUseRedirection());
        }
        if (options.hasChunkCapacity()) {
            builder.chunkCapacity(options.getChunkCapacity());
        }
        if (options.hasMaxStaticSparseMemoryOverhead()) {
            builder.maxStaticSparseMemoryOverhead(options.getMaxStaticSparseMemoryOverhead());
        }
        if (options.hasInitialHashTableSize()) {
            builder.initialHashTableSize(options.getInitialHashTableSize());
        }
        if (options.hasMaximumLoadFactor()) {
            builder.maximumLoadFactor(options.getMaximumLoadFactor());
        }
        if (options.hasTargetLoadFactor()) {
            builder.targetLoadFactor(options.getTargetLoadFactor());
        }
        if (options.hasMathContext()) {
            builder.mathContext(mathContext(options.getMathContext()));
        }
        return builder.build();
    }

    private static UpdateBySpec spec(
            UpdateByRequest.UpdateByOperation.UpdateByColumn.UpdateBySpec proto) {
        return switch (proto.getTypeCase()) {
            case SUM -> CumSumSpec.of();
            case MIN -> CumMinMaxSpec.of(false);
            case MAX -> CumMinMaxSpec.of(true);
            case PRODUCT -> CumProdSpec.of();
            case FILL -> FillBySpec.of();
            case EMA -> EmaSpec.of(control(proto.getEma().getOptions()), window(proto.getEma().getWindowScale()));
            case EMS -> EmsSpec.of(control(proto.getEms().getOptions()), window(proto.getEms().getWindowScale()));
            case EM_MIN -> EmMinMaxSpec.of(control(proto.getEmMin().getOptions()), false,
                    window(proto.getEmMin().getWindowScale()));
            case EM_MAX -> EmMinMaxSpec.of(control(proto.getEmMax().getOptions()), true,
                    window(proto.getEmMax().getWindowScale()));
            case EM_STD -> EmStdSpec.of(control(proto.getEmStd().getOptions()),
                    window(proto.getEmStd().getWindowScale()));
            case DELTA -> DeltaSpec.of(deltaControl(proto.getDelta()));
            case ROLLING_SUM -> RollingSumSpec.of(reverse(proto.getRollingSum().getReverseWindowScale()),
                    forward(proto.getRollingSum().getForwardWindowScale(),
                            proto.getRollingSum().getReverseWindowScale()));
            case ROLLING_GROUP -> RollingGroupSpec.of(reverse(proto.getRollingGroup().getReverseWindowScale()),
                    forward(proto.getRollingGroup().getForwardWindowScale(),
                            proto.getRollingGroup().getReverseWindowScale()));
            case ROLLING_AVG -> RollingAvgSpec.of(reverse(proto.getRollingAvg().getReverseWindowScale()),
                    forward(proto.getRollingAvg().getForwardWindowScale(),
                            proto.getRollingAvg().getReverseWindowScale()));
            case ROLLING_MIN -> RollingMinMaxSpec.of(false, reverse(proto.getRollingMin().getReverseWindowScale()),
                    forward(proto.getRollingMin().getForwardWindowScale(),
                            proto.getRollingMin().getReverseWindowScale()));
            case ROLLING_MAX -> RollingMinMaxSpec.of(true, reverse(proto.getRollingMax().getReverseWindowScale()),
                    forward(proto.getRollingMax().getForwardWindowScale(),
                            proto.getRollingMax().getReverseWindowScale()));
            case ROLLING_PRODUCT -> RollingProductSpec.of(
                    reverse(proto.getRollingProduct().getReverseWindowScale()),
                    forward(proto.getRollingProduct().getForwardWindowScale(),
                            proto.getRollingProduct().getReverseWindowScale()));
            case ROLLING_COUNT -> RollingCountSpec.of(reverse(proto.getRollingCount().getReverseWindowScale()),
                    forward(proto.getRollingCount().getForwardWindowScale(),
                            proto.getRollingCount().getReverseWindowScale()));
            case ROLLING_STD -> RollingStdSpec.of(reverse(proto.getRollingStd().getReverseWindowScale()),
                    forward(proto.getRollingStd().getForwardWindowScale(),
                            proto.getRollingStd().getReverseWindowScale()));
            case ROLLING_WAVG -> RollingWAvgSpec.of(reverse(proto.getRollingWavg().getReverseWindowScale()),
                    forward(proto.getRollingWavg().getForwardWindowScale(),
                            proto.getRollingWavg().getReverseWindowScale()),
                    required("rolling_wavg weight_column", proto.getRollingWavg().getWeightColumn()));
            case ROLLING_FORMULA -> {
                var formula = proto.getRollingFormula();
                WindowScale reverse = reverse(formula.getReverseWindowScale());
                WindowScale forward = forward(formula.getForwardWindowScale(),
                        formula.getReverseWindowScale());
                String text = required("rolling_formula formula", formula.getFormula());
                yield formula.getParamToken().isEmpty()
                        ? RollingFormulaSpec.of(reverse, forward, text)
                        : RollingFormulaSpec.of(reverse, forward, text, formula.getParamToken());
            }
            case ROLLING_COUNT_WHERE -> {
                var countWhere = proto.getRollingCountWhere();
                yield RollingCountWhereSpec.of(reverse(countWhere.getReverseWindowScale()),
                        forward(countWhere.getForwardWindowScale(),
                                countWhere.getReverseWindowScale()),
                        required("rolling_count_where result_column", countWhere.getResultColumn()),
                        filters("rolling_count_where", countWhere.getFiltersList()));
            }
            case COUNT_WHERE -> CumCountWhereSpec.of(
                    required("count_where result_column", proto.getCountWhere().getResultColumn()),
                    filters("count_where", proto.getCountWhere().getFiltersList()));
            case TYPE_NOT_SET -> throw ServerErrors.invalidArgument("update_by: an operation has no spec set");
        };
    }

    private static OperationControl control(UpdateByEmOptions options) {
        OperationControl.Builder builder = OperationControl.builder();
        BadDataBehavior onNull = behavior(options.getOnNullValue());
        if (onNull != null) {
            builder.onNullValue(onNull);
        }
        BadDataBehavior onNan = behavior(options.getOnNanValue());
        if (onNan != null) {
            builder.onNanValue(onNan);
        }
        if (options.hasBigValueContext()) {
            builder.bigValueContext(mathContext(options.getBigValueContext()));
        }
        return builder.build();
    }

    private static BadDataBehavior behavior(io.deephaven.proto.backplane.grpc.BadDataBehavior proto) {
        return switch (proto) {
            case BAD_DATA_BEHAVIOR_NOT_SPECIFIED -> null;
            case THROW -> BadDataBehavior.THROW;
            case RESET -> BadDataBehavior.RESET;
            case SKIP -> BadDataBehavior.SKIP;
            case POISON -> BadDataBehavior.POISON;
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("update_by: unknown bad data behavior");
        };
    }

    private static DeltaControl deltaControl(UpdateByDelta delta) {
        return switch (delta.getOptions().getNullBehavior()) {
            case NULL_BEHAVIOR_NOT_SPECIFIED -> DeltaControl.DEFAULT;
            case NULL_DOMINATES -> DeltaControl.NULL_DOMINATES;
            case VALUE_DOMINATES -> DeltaControl.VALUE_DOMINATES;
            case ZERO_DOMINATES -> DeltaControl.ZERO_DOMINATES;
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("update_by: unknown delta null behavior");
        };
    }

    private static java.math.MathContext mathContext(MathContext proto) {
        RoundingMode rounding = switch (proto.getRoundingMode()) {
            case ROUNDING_MODE_NOT_SPECIFIED, HALF_UP -> RoundingMode.HALF_UP;
            case UP -> RoundingMode.UP;
            case DOWN -> RoundingMode.DOWN;
            case CEILING -> RoundingMode.CEILING;
            case FLOOR -> RoundingMode.FLOOR;
            case HALF_DOWN -> RoundingMode.HALF_DOWN;
            case HALF_EVEN -> RoundingMode.HALF_EVEN;
            case UNNECESSARY -> RoundingMode.UNNECESSARY;
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("update_by: unknown rounding mode");
        };
        if (proto.getPrecision() < 0) {
            throw ServerErrors.invalidArgument("update_by: math context precision must be >= 0");
        }
        return new java.math.MathContext(proto.getPrecision(), rounding);
    }

    private static WindowScale window(UpdateByWindowScale proto) {
        return switch (proto.getTypeCase()) {
            case TICKS -> WindowScale.ofTicks(proto.getTicks().getTicks());
            case TIME -> {
                String column = required("window time column", proto.getTime().getColumn());
                yield switch (proto.getTime().getWindowCase()) {
                    case NANOS -> WindowScale.ofTime(column, proto.getTime().getNanos());
                    case DURATION_STRING -> {
                        try {
                            yield WindowScale.ofTime(column,
                                    DateTimeUtils.parseDurationNanos(proto.getTime().getDurationString()));
                        } catch (RuntimeException e) {
                            throw ServerErrors.invalidArgument("update_by: cannot parse window duration \""
                                    + proto.getTime().getDurationString() + "\": " + e.getMessage());
                        }
                    }
                    case WINDOW_NOT_SET -> throw ServerErrors.invalidArgument(
                            "update_by: a time window needs nanos or a duration string");
                };
            }
            case TYPE_NOT_SET -> throw ServerErrors.invalidArgument(
                    "update_by: a window scale needs ticks or a time window");
        };
    }

    private static WindowScale reverse(UpdateByWindowScale proto) {
        return window(proto);
    }

    /** A rolling window with no forward part looks back only: zero ticks, or zero time on the reverse column. */
    private static WindowScale forward(UpdateByWindowScale proto, UpdateByWindowScale reverse) {
        if (proto.getTypeCase() != UpdateByWindowScale.TypeCase.TYPE_NOT_SET) {
            return window(proto);
        }
        return reverse.hasTime() ? WindowScale.ofTime(reverse.getTime().getColumn(), 0) : WindowScale.ofTicks(0);
    }

    private static String[] filters(String name, List<String> filters) {
        if (filters.isEmpty()) {
            throw ServerErrors.invalidArgument("update_by: " + name + " needs at least one filter");
        }
        return filters.toArray(String[]::new);
    }

    private static String required(String what, String value) {
        if (value.isBlank()) {
            throw ServerErrors.invalidArgument("update_by: " + what + " must be set");
        }
        return value;
    }
}
