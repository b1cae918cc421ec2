package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.AsOfJoinMatch;
import io.deephaven.api.JoinAddition;
import io.deephaven.api.JoinMatch;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a join whose columns do not fit the two tables (a key column one side lacks, an added column the left
 * table already has, several right rows for a natural or exact join without keys) before the engine runs it: the
 * engine reports those with plain {@code RuntimeException}s (e.g. "Conflicting column names"), which would otherwise
 * be indistinguishable from a server bug.
 */
final class JoinColumns {
    private JoinColumns() {}

    static void requireValid(Operation request, List<Table> sources) {
        if (sources.size() != 2) {
            return;
        }
        switch (request.getOpCase()) {
            case NATURAL_JOIN -> requireSingleRightRowWithoutKeys("natural_join", sources,
                    request.getNaturalJoin().getColumnsToMatchCount());
            case EXACT_JOIN -> requireSingleRightRowWithoutKeys("exact_join", sources,
                    request.getExactJoin().getColumnsToMatchCount());
            default -> { }
        }
        switch (request.getOpCase()) {
            case NATURAL_JOIN -> requireFits("natural_join", sources,
                    request.getNaturalJoin().getColumnsToMatchList(), List.of(),
                    request.getNaturalJoin().getColumnsToAddList());
            case EXACT_JOIN -> requireFits("exact_join", sources,
                    request.getExactJoin().getColumnsToMatchList(), List.of(),
                    request.getExactJoin().getColumnsToAddList());
            case CROSS_JOIN -> requireFits("cross_join", sources,
                    request.getCrossJoin().getColumnsToMatchList(), List.of(),
                    request.getCrossJoin().getColumnsToAddList());
            case AS_OF_JOIN -> requireFits("as_of_join", sources,
                    request.getAsOfJoin().getColumnsToMatchList(), List.of(),
                    request.getAsOfJoin().getColumnsToAddList());
            case AJ -> requireFits("aj", sources, request.getAj().getExactMatchColumnsList(),
                    asOfColumns(request.getAj().getAsOfColumn(), true), request.getAj().getColumnsToAddList());
            case RAJ -> requireFits("raj", sources, request.getRaj().getExactMatchColumnsList(),
                    asOfColumns(request.getRaj().getAsOfColumn(), false), request.getRaj().getColumnsToAddList());
            default -> { }
        }
    }

    private static void requireSingleRightRowWithoutKeys(String name, List<Table> sources, int keyCount) {
        Table right = sources.get(1);
        if (keyCount == 0 && !right.isRefreshing() && right.size() > 1) {
            throw ServerErrors.invalidArgument(name + " without key columns adds the right table's single row to"
                    + " every left row, but the right table has " + right.size() + " rows; give key columns"
                    + " or reduce the right table to one row (head(1), or an aggregation)");
        }
    }

    /** The as-of column as a left/right pair; the planner has already refused a blank or unparsable one. */
    private static List<JoinMatch> asOfColumns(String spec, boolean aj) {
        if (spec.isBlank()) {
            return List.of();
        }
        AsOfJoinMatch match = aj ? AsOfJoinMatch.parseForAj(spec.strip()) : AsOfJoinMatch.parseForRaj(spec.strip());
        return List.of(JoinMatch.of(match.leftColumn(), match.rightColumn()));
    }

    private static void requireFits(String name, List<Table> sources, List<String> matchSpecs,
            List<JoinMatch> extraMatches, List<String> addSpecs) {
        TableDefinition left = sources.get(0).getDefinition();
        TableDefinition right = sources.get(1).getDefinition();
        List<JoinMatch> matches = new ArrayList<>(PlanSteps.parse(name, matchSpecs, JoinMatch::parse));
        matches.addAll(extraMatches);
        Set<String> rightKeys = new HashSet<>();
        for (JoinMatch match : matches) {
            requireColumn(name, "left", left, match.left().name());
            requireColumn(name, "right", right, match.right().name());
            rightKeys.add(match.right().name());
        }
        List<String> added = addSpecs.isEmpty()
                ? right.getColumnNames().stream().filter(column -> !rightKeys.contains(column)).toList()
                : PlanSteps.parse(name, addSpecs, JoinAddition::parse).stream().map(addition -> {
                    requireColumn(name, "right", right, addition.existingColumn().name());
                    return addition.newColumn().name();
                }).toList();
        Set<String> seen = new HashSet<>();
        for (String column : added) {
            if (left.getColumn(column) != null || !seen.add(column)) {
                throw ServerErrors.invalidArgument(name + " would add the column '" + column + "' twice (the left"
                        + " table has it, or two added columns share the name); rename it, e.g. '" + column
                        + "_Right = " + column + "', or name the columns to add");
            }
        }
    }

    private static void requireColumn(String name, String side, TableDefinition table, String column) {
        if (table.getColumn(column) == null) {
            throw ServerErrors.invalidArgument(name + ": the " + side + " table has no column '" + column
                    + "'; its columns: " + table.getColumnNames());
        }
    }
}
