package dev.deephavencdi.client.internal;

import io.deephaven.engine.context.ExecutionContext;
import io.deephaven.engine.table.impl.ForkJoinPoolOperationInitializer;
import io.deephaven.engine.updategraph.OperationInitializer;
import io.deephaven.engine.updategraph.impl.PeriodicUpdateGraph;

/**
 * The client-side Deephaven engine live tables need: the official Barrage client mirrors every subscribed or
 * snapshotted table as a {@code BarrageTable}, an engine table refreshed by the update graph of the current
 * {@link ExecutionContext}. This is that graph, named {@value #GRAPH_NAME} so that it never collides with a
 * server's {@code DEFAULT} graph in the same JVM, and the context to open around Barrage calls.
 *
 * <p>Created on first use, once per JVM (holder idiom), and never stopped: the engine registers graphs by name
 * process-wide and a stopped graph cannot restart. Its refresh thread is a daemon; it starts with the first
 * subscription and, without one, only wakes once per cycle. Barrage wakes it as soon as data arrives, so the
 * cycle length adds no latency.
 */
final class ClientEngine {
    static final String GRAPH_NAME = "deephaven-cdi-client";

    private ClientEngine() {}

    private static final class Holder {
        static final OperationInitializer INITIALIZER = ForkJoinPoolOperationInitializer.fromCommonPool();
        static final PeriodicUpdateGraph GRAPH = PeriodicUpdateGraph.newBuilder(GRAPH_NAME)
                .numUpdateThreads(1)
                .operationInitializer(INITIALIZER)
                .existingOrBuild();
        static final ExecutionContext CONTEXT = ExecutionContext.newBuilder()
                .markSystemic()
                .emptyQueryScope()
                .newQueryLibrary()
                .setUpdateGraph(GRAPH)
                .setOperationInitializer(INITIALIZER)
                .build();
    }

    /** @return the graph that refreshes the client's copies of live tables */
    static PeriodicUpdateGraph graph() {
        return Holder.GRAPH;
    }

    /** @return the context to open around calls that create client-side tables */
    static ExecutionContext context() {
        return Holder.CONTEXT;
    }
}
