package dev.deephavencdi.server.internal.table;

import static dev.deephavencdi.server.internal.table.PlanSteps.join;
import static dev.deephavencdi.server.internal.table.PlanSteps.parse;
import static dev.deephavencdi.server.internal.table.PlanSteps.requireReference;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.AsOfJoinMatch;
import io.deephaven.api.AsOfJoinRule;
import io.deephaven.api.JoinAddition;
import io.deephaven.api.JoinMatch;
import io.deephaven.api.RangeEndRule;
import io.deephaven.api.RangeJoinMatch;
import io.deephaven.api.RangeStartRule;
import io.deephaven.api.agg.Aggregation;
import io.deephaven.engine.table.MultiJoinFactory;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.MultiJoinInput;
import io.deephaven.proto.backplane.grpc.AjRajTablesRequest;
import io.deephaven.proto.backplane.grpc.AsOfJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.CrossJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.MultiJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.RangeJoinTablesRequest;
import io.deephaven.proto.backplane.grpc.TableReference;
import io.deephaven.proto.backplane.grpc.WhereInRequest;
import java.util.ArrayList;
import java.util.List;

/** Plans the joins beyond natural and exact: cross, as-of (aj/raj and the older form), multi, range, where-in. */
final class JoinPlanner {
    private JoinPlanner() {}

    static TableOperation crossJoin(CrossJoinTablesRequest request) {
        List<JoinMatch> matches = parse("cross_join", request.getColumnsToMatchList(), JoinMatch::parse);
        List<JoinAddition> additions = parse("cross_join", request.getColumnsToAddList(), JoinAddition::parse);
        int reserveBits = request.getReserveBits();
        if (reserveBits < 0 || reserveBits > 63) {
            throw ServerErrors.invalidArgument("cross_join reserve_bits must be between 0 and 63 (found: "
                    + reserveBits + ")");
        }
        return join("cross_join", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> reserveBits == 0
                        ? left.join(right, matches, additions)
                        : left.join(right, matches, additions, reserveBits));
    }

    static TableOperation ajOrRaj(String name, AjRajTablesRequest request, boolean aj) {
        if (request.getAsOfColumn().isBlank()) {
            throw ServerErrors.invalidArgument(name + " needs an as_of_column such as \""
                    + (aj ? "Time >= Time" : "Time <= Time") + "\"");
        }
        List<JoinMatch> exact = parse(name, request.getExactMatchColumnsList(), JoinMatch::parse);
        AsOfJoinMatch asOf = parse(name, List.of(request.getAsOfColumn()),
                aj ? AsOfJoinMatch::parseForAj : AsOfJoinMatch::parseForRaj).get(0);
        List<JoinAddition> additions = parse(name, request.getColumnsToAddList(), JoinAddition::parse);
        return join(name, request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> asOfJoin(name, left, right, exact, asOf, additions));
    }

    private static Table asOfJoin(String name, Table left, Table right, List<JoinMatch> exact, AsOfJoinMatch asOf,
            List<JoinAddition> additions) {
        for (JoinMatch match : exact) {
            PlanSteps.requireColumn(name, "left", left, match.left());
            PlanSteps.requireColumn(name, "right", right, match.right());
        }
        PlanSteps.requireColumn(name, "left", left, asOf.leftColumn());
        PlanSteps.requireColumn(name, "right", right, asOf.rightColumn());
        for (JoinAddition addition : additions) {
            PlanSteps.requireColumn(name, "right", right, addition.existingColumn());
        }
        return left.asOfJoin(right, exact, asOf, additions);
    }

    /** The deprecated form: the last match column is the as-of column, the rule comes separately. */
    static TableOperation asOfJoin(AsOfJoinTablesRequest request) {
        List<JoinMatch> matches = parse("as_of_join", request.getColumnsToMatchList(), JoinMatch::parse);
        if (matches.isEmpty()) {
            throw ServerErrors.invalidArgument("as_of_join needs at least one column to match; the last one is the"
                    + " as-of column");
        }
        AsOfJoinRule rule = switch (request.getAsOfMatchRule()) {
            case LESS_THAN_EQUAL -> AsOfJoinRule.GREATER_THAN_EQUAL;
            case LESS_THAN -> AsOfJoinRule.GREATER_THAN;
            case GREATER_THAN_EQUAL -> AsOfJoinRule.LESS_THAN_EQUAL;
            case GREATER_THAN -> AsOfJoinRule.LESS_THAN;
            case UNRECOGNIZED -> throw ServerErrors.invalidArgument("as_of_join: unknown match rule "
                    + request.getAsOfMatchRuleValue());
        };
        JoinMatch last = matches.get(matches.size() - 1);
        AsOfJoinMatch asOf = AsOfJoinMatch.of(last.left(), rule, last.right());
        List<JoinMatch> exact = List.copyOf(matches.subList(0, matches.size() - 1));
        List<JoinAddition> additions = parse("as_of_join", request.getColumnsToAddList(), JoinAddition::parse);
        return join("as_of_join", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> asOfJoin("as_of_join", left, right, exact, asOf, additions));
    }

    static TableOperation multiJoin(MultiJoinTablesRequest request) {
        if (request.getMultiJoinInputsCount() == 0) {
            throw ServerErrors.invalidArgument("multi_join needs at least one input table");
        }
        List<TableReference> sources = new ArrayList<>();
        List<List<JoinMatch>> matches = new ArrayList<>();
        List<List<JoinAddition>> additions = new ArrayList<>();
        for (var input : request.getMultiJoinInputsList()) {
            requireReference("multi_join", "source_id", input.getSourceId());
            sources.add(input.getSourceId());
            matches.add(parse("multi_join", input.getColumnsToMatchList(), JoinMatch::parse));
            additions.add(parse("multi_join", input.getColumnsToAddList(), JoinAddition::parse));
        }
        return new TableOperation("multi_join", request.getResultId(), sources, true, tables -> {
            MultiJoinInput[] inputs = new MultiJoinInput[tables.size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = MultiJoinInput.of(tables.get(i), matches.get(i), additions.get(i));
            }
            return MultiJoinFactory.of(inputs).table();
        });
    }

    static TableOperation rangeJoin(RangeJoinTablesRequest request) {
        List<JoinMatch> exact = parse("range_join", request.getExactMatchColumnsList(), JoinMatch::parse);
        RangeJoinMatch range = request.getRangeMatch().isBlank()
                ? structuredRange(request)
                : parse("range_join", List.of(request.getRangeMatch()), RangeJoinMatch::parse).get(0);
        if (request.getAggregationsCount() == 0) {
            throw ServerErrors.invalidArgument("range_join needs at least one aggregation");
        }
        List<Aggregation> aggregations = AggregationMapping.aggregations("range_join", request.getAggregationsList());
        return join("range_join", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> left.rangeJoin(right, exact, range, aggregations));
    }

    private static RangeJoinMatch structuredRange(RangeJoinTablesRequest request) {
        if (request.getLeftStartColumn().isBlank() || request.getRightRangeColumn().isBlank()
                || request.getLeftEndColumn().isBlank()) {
            throw ServerErrors.invalidArgument("range_join needs range_match (e.g. \"LStart < RTime < LEnd\") or"
                    + " left_start_column, right_range_column and left_end_column");
        }
        RangeStartRule start = switch (request.getRangeStartRule()) {
            case LESS_THAN -> RangeStartRule.LESS_THAN;
            case LESS_THAN_OR_EQUAL -> RangeStartRule.LESS_THAN_OR_EQUAL;
            case LESS_THAN_OR_EQUAL_ALLOW_PRECEDING -> RangeStartRule.LESS_THAN_OR_EQUAL_ALLOW_PRECEDING;
            case START_UNSPECIFIED, UNRECOGNIZED -> throw ServerErrors.invalidArgument(
                    "range_join: range_start_rule must be set");
        };
        RangeEndRule end = switch (request.getRangeEndRule()) {
            case GREATER_THAN -> RangeEndRule.GREATER_THAN;
            case GREATER_THAN_OR_EQUAL -> RangeEndRule.GREATER_THAN_OR_EQUAL;
            case GREATER_THAN_OR_EQUAL_ALLOW_FOLLOWING -> RangeEndRule.GREATER_THAN_OR_EQUAL_ALLOW_FOLLOWING;
            case END_UNSPECIFIED, UNRECOGNIZED -> throw ServerErrors.invalidArgument(
                    "range_join: range_end_rule must be set");
        };
        return RangeJoinMatch.of(PlanSteps.column("range_join", request.getLeftStartColumn()), start,
                PlanSteps.column("range_join", request.getRightRangeColumn()), end,
                PlanSteps.column("range_join", request.getLeftEndColumn()));
    }

    static TableOperation whereIn(WhereInRequest request) {
        List<JoinMatch> matches = parse("where_in", request.getColumnsToMatchList(), JoinMatch::parse);
        if (matches.isEmpty()) {
            throw ServerErrors.invalidArgument("where_in needs at least one column to match");
        }
        boolean inverted = request.getInverted();
        return join("where_in", request.getResultId(), request.getLeftId(), request.getRightId(),
                (left, right) -> {
                    // the engine fails on a missing column with a NullPointerException; name the column instead
                    for (JoinMatch match : matches) {
                        PlanSteps.requireColumn("where_in", "left", left, match.left());
                        PlanSteps.requireColumn("where_in", "right", right, match.right());
                    }
                    return inverted ? left.whereNotIn(right, matches) : left.whereIn(right, matches);
                });
    }
}
