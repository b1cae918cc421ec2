package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.JoinAddition;
import io.deephaven.api.JoinMatch;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses a natural or exact join whose columns do not fit the two tables (a key column one side lacks, an added
 * column the left table already has, several right rows for a join without keys) before the engine runs it: the engine reports those with plain
 * {@code RuntimeException}s, which would otherwise be indistinguishable from a server bug.
 */
final class JoinColumns {
    private JoinColumns() {}

    static void requireValid(Operation request, List<Table> sources) {
        switch (request.getOpCase()) {
            case NATURAL_JOIN -> requireValid("natural_join", sources,
                    request.getNaturalJoin().getColumnsToMatchList(), request.getNaturalJoin().getColumnsToAddList());
            case EXACT_JOIN -> requireValid("exact_join", sources,
                    request.getExactJoin().getColumnsToMatchList(), request.getExactJoin().getColumnsToAddList());
            default -> { }
        }
    }

    private static void requireValid(String name, List<Table> sources, List<String> matchSpecs,
            List<String> addSpecs) {
        if (sources.size() != 2) {
            return;
        }
        TableDefinition left = sources.get(0).getDefinition();
        TableDefinition right = sources.get(1).getDefinition();
        if (matchSpecs.isEmpty() && !sources.get(1).isRefreshing() && sources.get(1).size() > 1) {
            throw ServerErrors.invalidArgument(name + " without key columns adds the right table's single row to"
                    + " every left row, but the right table has " + sources.get(1).size() + " rows; give key columns"
                    + " or reduce the right table to one row (head(1), or an aggregation)");
        }
        Set<String> rightKeys = new HashSet<>();
        for (String spec : matchSpecs) {
            JoinMatch match = JoinMatch.parse(spec.strip());
            requireColumn(name, "left", left, match.left().name());
            requireColumn(name, "right", right, match.right().name());
            rightKeys.add(match.right().name());
        }
        List<String> added = addSpecs.isEmpty()
                ? right.getColumnNames().stream().filter(column -> !rightKeys.contains(column)).toList()
                : addSpecs.stream().map(spec -> JoinAddition.parse(spec.strip())).map(addition -> {
                    requireColumn(name, "right", right, addition.existingColumn().name());
                    return addition.newColumn().name();
                }).toList();
        Set<String> seen = new HashSet<>();
        for (String column : added) {
            if (left.getColumn(column) != null || !seen.add(column)) {
                throw ServerErrors.invalidArgument(name + " would add the column '" + column + "' twice (the left"
                        + " table has it, or two added columns share the name); rename it, e.g. '" + column
                        + "_Right = " + column + "'");
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
