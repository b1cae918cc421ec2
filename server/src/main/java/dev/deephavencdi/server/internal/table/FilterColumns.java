package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.engine.table.impl.select.ComposedFilter;
import io.deephaven.engine.table.impl.select.MatchFilter;
import io.deephaven.engine.table.impl.select.RangeFilter;
import io.deephaven.engine.table.impl.select.WhereFilter;
import io.deephaven.engine.table.impl.select.WhereFilterDelegatingBase;
import io.deephaven.engine.table.impl.select.WhereFilterFactory;
import io.deephaven.proto.backplane.grpc.BatchTableRequest.Operation;
import java.util.List;

/**
 * Refuses a match or range filter the table cannot take (an unknown column, a literal of the wrong type) before
 * the engine runs it: the engine reports those with plain {@code RuntimeException}s, which would otherwise be
 * indistinguishable from a server bug. (Formula filters report them as compilation errors on their own.)
 */
final class FilterColumns {
    private FilterColumns() {}

    static void requireKnown(Operation request, List<Table> sources) {
        if (sources.isEmpty()) {
            return;
        }
        TableDefinition definition = sources.get(0).getDefinition();
        switch (request.getOpCase()) {
            case UNSTRUCTURED_FILTER -> {
                for (String filter : request.getUnstructuredFilter().getFiltersList()) {
                    requireKnown(definition, WhereFilterFactory.getExpression(filter));
                }
            }
            case FILTER -> requireKnown(definition,
                    WhereFilter.of(ConditionFilters.toFilter(request.getFilter().getFiltersList())));
            default -> { }
        }
    }

    private static void requireKnown(TableDefinition definition, WhereFilter filter) {
        if (filter instanceof ComposedFilter composed) {
            composed.getFilters().forEach(component -> requireKnown(definition, component));
        } else if (filter instanceof WhereFilterDelegatingBase delegating) {
            requireKnown(definition, delegating.getWrappedFilter());
        } else if (filter instanceof MatchFilter || filter instanceof RangeFilter) {
            // initializing against the definition is what resolves the column and converts the literal; it
            // depends on nothing but the caller's filter and the table's columns
            try {
                filter.copy().init(definition);
            } catch (io.grpc.StatusRuntimeException status) {
                throw status;
            } catch (RuntimeException e) {
                throw ServerErrors.invalidArgument("the filter '" + filter + "' cannot be applied to this table: "
                        + e.getMessage() + "; its columns: " + definition.getColumnNames());
            }
        }
    }
}
