package dev.deephavencdi.testing;

import io.deephaven.engine.context.ExecutionContext;
import io.deephaven.engine.table.ColumnSource;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.ForkJoinPoolOperationInitializer;
import io.deephaven.engine.updategraph.impl.PeriodicUpdateGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine a Java application using the official Barrage client runs: the client mirrors each subscribed table
 * as a {@code BarrageTable} refreshed by its own update graph, taken from the current {@link ExecutionContext}.
 * This one is separate from the server's graph, as it would be in another process.
 */
public final class BarrageClientEngine {
    public static final PeriodicUpdateGraph GRAPH = PeriodicUpdateGraph.newBuilder("barrage-test-client")
            .numUpdateThreads(1)
            .operationInitializer(ForkJoinPoolOperationInitializer.fromCommonPool())
            .existingOrBuild();
    /** Open it around {@code BarrageSession.snapshot/subscribe}: the client-side copies join {@link #GRAPH}. */
    public static final ExecutionContext CONTEXT = ExecutionContext.newBuilder()
            .markSystemic()
            .emptyQueryScope()
            .newQueryLibrary()
            .setUpdateGraph(GRAPH)
            .setOperationInitializer(ForkJoinPoolOperationInitializer.fromCommonPool())
            .build();

    private BarrageClientEngine() {}

    /** @return the rows of a client-side table, read consistently between two client update cycles */
    public static List<List<Object>> rows(Table table) {
        return GRAPH.sharedLock().computeLocked(() -> {
            List<ColumnSource<?>> sources = new ArrayList<>();
            table.getDefinition().getColumnNames().forEach(name -> sources.add(table.getColumnSource(name)));
            List<List<Object>> rows = new ArrayList<>();
            table.getRowSet().forAllRowKeys(key -> {
                List<Object> row = new ArrayList<>();
                sources.forEach(source -> row.add(source.get(key)));
                rows.add(row);
            });
            return rows;
        });
    }
}
