package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.api.ColumnName;
import io.deephaven.engine.table.Table;
import io.deephaven.proto.backplane.grpc.TableReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The building blocks every planner shares: operations on one or two tables, and parsing client strings. */
final class PlanSteps {
    private PlanSteps() {}

    static TableOperation join(String name, io.deephaven.proto.backplane.grpc.Ticket resultId,
            TableReference left, TableReference right, BiFunction<Table, Table, Table> call) {
        requireReference(name, "left_id", left);
        requireReference(name, "right_id", right);
        return new TableOperation(name, resultId, List.of(left, right), true,
                tables -> call.apply(tables.get(0), tables.get(1)));
    }

    static TableOperation single(String name, io.deephaven.proto.backplane.grpc.Ticket resultId,
            TableReference source, boolean lock, Function<Table, Table> call) {
        requireReference(name, "source_id", source);
        return new TableOperation(name, resultId, List.of(source), lock, tables -> call.apply(tables.get(0)));
    }

    static void requireReference(String name, String field, TableReference reference) {
        if (reference.getRefCase() == TableReference.RefCase.REF_NOT_SET) {
            throw ServerErrors.invalidArgument(name + " has no " + field + ": set a ticket or a batch_offset");
        }
    }

    /** Parses client strings with the engine API's own parsers, reporting the offending string. */
    static <T> List<T> parse(String name, List<String> specs, Function<String, T> parser) {
        List<T> parsed = new ArrayList<>(specs.size());
        for (String spec : specs) {
            try {
                parsed.add(parser.apply(spec.strip()));
            } catch (RuntimeException e) {
                throw ServerErrors.invalidArgument(name + ": cannot parse \"" + spec + "\": " + e.getMessage());
            }
        }
        return parsed;
    }

    static ColumnName column(String name, String column) {
        return parse(name, List.of(column), ColumnName::of).get(0);
    }

    /**
     * Fails with {@code INVALID_ARGUMENT} naming the column and the table's columns, for engine calls that would
     * otherwise fail on a missing column with an internal error (the as-of joins).
     */
    static void requireColumn(String name, String side, Table table, ColumnName column) {
        if (!table.hasColumns(column.name())) {
            throw ServerErrors.invalidArgument(name + ": the " + side + " table has no column '" + column.name()
                    + "'; its columns: " + table.getDefinition().getColumnNames());
        }
    }

    static List<ColumnName> columns(String name, List<String> columns) {
        return parse(name, columns, ColumnName::of);
    }
}
