package dev.deephavencdi.server.internal.engine;

import io.deephaven.engine.context.ExecutionContext;
import io.deephaven.engine.context.QueryCompilerImpl;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.table.impl.OperationInitializationThreadPool;
import io.deephaven.engine.updategraph.UpdateGraph;
import io.deephaven.engine.updategraph.impl.PeriodicUpdateGraph;
import io.deephaven.util.SafeCloseable;
import io.deephaven.util.thread.ThreadInitializationFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deephaven engine as one server uses it: an execution context (query compiler, library and scope) bound to
 * the process-wide update graph that refreshes ticking tables.
 *
 * <p>The update graph is Deephaven's {@code DEFAULT} graph and is shared by every server in the JVM: parts of the
 * engine (its update performance tracker, for one) require that graph to exist, and a stopped graph cannot be
 * restarted. It runs on daemon threads and starts when the first ticking table needs it.
 */
public final class DeephavenEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeephavenEngine.class);

    /**
     * A fixed query-library version lets a later JVM load formula classes compiled by an earlier one from the
     * cache directory instead of invoking javac again; Deephaven's default is a random version per JVM.
     */
    private static final String QUERY_LIBRARY_VERSION = "deephaven-cdi-engine-0.40.7";

    private final PeriodicUpdateGraph updateGraph;
    private final RequestFailingOperationInitializer initializer;
    private final ExecutionContext context;

    private DeephavenEngine(Path compilerCacheDir, Duration updateCycle) {
        this.updateGraph = ProcessWideUpdateGraph.GRAPH;
        updateGraph.setTargetCycleDurationMillis(updateCycle.toMillis());
        this.initializer = new RequestFailingOperationInitializer(ProcessWideUpdateGraph.INITIALIZER);
        this.context = ExecutionContext.newBuilder()
                .markSystemic()
                .newQueryLibrary(QUERY_LIBRARY_VERSION)
                .newQueryScope()
                .setQueryCompiler(QueryCompilerImpl.create(compilerCacheDir.toFile(), getClass().getClassLoader()))
                .setUpdateGraph(updateGraph)
                .setOperationInitializer(initializer)
                .build();
    }

    /** Lazily created once per JVM (holder idiom), never stopped: see the class comment. */
    private static final class ProcessWideUpdateGraph {
        static final OperationInitializationThreadPool INITIALIZER =
                new OperationInitializationThreadPool(ThreadInitializationFactory.NO_OP);
        static final PeriodicUpdateGraph GRAPH =
                PeriodicUpdateGraph.newBuilder(PeriodicUpdateGraph.DEFAULT_UPDATE_GRAPH_NAME)
                        .operationInitializer(INITIALIZER)
                        .existingOrBuild();
    }

    /**
     * Starts an engine.
     *
     * @param compilerCacheDir where compiled formula classes are cached across runs; created if missing
     * @param updateCycle the update graph's target cycle (the real server's default is one second); the graph is
     *        shared, so the last server started in a JVM sets it
     */
    public static DeephavenEngine start(Path compilerCacheDir, Duration updateCycle) {
        try {
            Files.createDirectories(compilerCacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the formula compiler cache directory " + compilerCacheDir
                    + "; point the server at a writable directory", e);
        }
        CompilerClasspath.makeEngineVisible(DeephavenEngine.class.getClassLoader());
        ReportingProcessEnvironment.installIfAbsent();
        long start = System.nanoTime();
        DeephavenEngine engine = new DeephavenEngine(compilerCacheDir, updateCycle);
        log.debug("Deephaven engine started in {} ms (compiler cache {})",
                (System.nanoTime() - start) / 1_000_000, compilerCacheDir);
        return engine;
    }

    /** @return the update graph that refreshes this engine's ticking tables */
    public UpdateGraph updateGraph() {
        return updateGraph;
    }

    /** @return the execution context every engine call of this server runs in */
    public ExecutionContext context() {
        return context;
    }

    /**
     * Runs engine work on the calling thread inside this engine's execution context and a fresh liveness scope.
     * Whatever the work creates and does not hand to a longer-lived manager is released when it returns, or when
     * it fails: an {@link Error} in the work's parallel parts (an {@code OutOfMemoryError}) is rethrown here
     * instead of leaving the caller waiting.
     */
    public <T> T compute(Supplier<T> work) {
        try (SafeCloseable ignoredContext = context.open();
                SafeCloseable ignoredScope = LivenessScopeStack.open()) {
            return work.get();
        } catch (RuntimeException e) {
            Throwable parallelFailure = initializer.takeFailure();
            if (parallelFailure instanceof Error error) {
                throw error; // e.g. OutOfMemoryError: the request answers RESOURCE_EXHAUSTED
            }
            if (parallelFailure instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        } finally {
            initializer.takeFailure();
        }
    }

    /** Nothing to stop: the update graph outlives servers, and tables die with the exports that hold them. */
    @Override
    public void close() {}
}
