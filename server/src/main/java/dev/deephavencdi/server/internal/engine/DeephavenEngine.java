package dev.deephavencdi.server.internal.engine;

import io.deephaven.engine.context.ExecutionContext;
import io.deephaven.engine.context.QueryCompilerImpl;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.updategraph.UpdateGraph;
import io.deephaven.engine.updategraph.impl.PeriodicUpdateGraph;
import io.deephaven.util.SafeCloseable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deephaven engine as one server uses it: an execution context (query compiler, library and scope) bound to
 * the update graph that refreshes ticking tables.
 *
 * <p>The update graph is Deephaven's {@code DEFAULT} graph: parts of the engine (its update performance tracker,
 * for one) require that graph to exist. It and the engine's other threads are shared by every engine of the class
 * loader and stop when the last one closes ({@link EngineThreads}). The graph runs on daemon threads and starts
 * when the first ticking table needs it.
 */
public final class DeephavenEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeephavenEngine.class);

    /**
     * A fixed query-library version lets a later JVM load formula classes compiled by an earlier one from the
     * cache directory instead of invoking javac again; Deephaven's default is a random version per JVM.
     */
    private static final String QUERY_LIBRARY_VERSION = "deephaven-cdi-engine-0.40.7";

    private final EngineThreads threads;
    private final PeriodicUpdateGraph updateGraph;
    private final RequestFailingOperationInitializer initializer;
    private final ExecutionContext context;
    private final CompilerClasspath compilerClasspath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DeephavenEngine(EngineThreads threads, QueryCompilerImpl compiler, CompilerClasspath compilerClasspath,
            Duration updateCycle) {
        this.threads = threads;
        this.compilerClasspath = compilerClasspath;
        this.updateGraph = threads.graph;
        updateGraph.setTargetCycleDurationMillis(updateCycle.toMillis());
        this.initializer = new RequestFailingOperationInitializer(threads.initializer);
        this.context = ExecutionContext.newBuilder()
                .markSystemic()
                .newQueryLibrary(QUERY_LIBRARY_VERSION)
                .newQueryScope()
                .setQueryCompiler(compiler)
                .setUpdateGraph(updateGraph)
                .setOperationInitializer(initializer)
                .build();
    }

    /**
     * Starts an engine.
     *
     * @param compilerCacheDir where compiled formula classes are cached across runs; created if missing
     * @param updateCycle the update graph's target cycle (the real server's default is one second); the graph is
     *        shared by the engines of a class loader, so the last one started sets it
     */
    public static DeephavenEngine start(Path compilerCacheDir, Duration updateCycle) {
        try {
            Files.createDirectories(compilerCacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the formula compiler cache directory " + compilerCacheDir
                    + "; point the server at a writable directory", e);
        }
        ReportingProcessEnvironment.installIfAbsent();
        long start = System.nanoTime();
        ClassLoader engineLoader = DeephavenEngine.class.getClassLoader();
        QueryCompilerImpl compiler = QueryCompilerImpl.create(compilerCacheDir.toFile(), engineLoader);
        CompilerClasspath classpath = CompilerClasspath.makeEngineVisible(compiler, engineLoader);
        EngineThreads threads = EngineThreads.acquire();
        DeephavenEngine engine;
        try {
            engine = new DeephavenEngine(threads, compiler, classpath, updateCycle);
        } catch (RuntimeException | Error e) {
            EngineThreads.release(threads);
            classpath.close();
            throw e;
        }
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
                throw FormulaClasspathException.explain(failure, compilerClasspath.summary());
            }
            throw FormulaClasspathException.explain(e, compilerClasspath.summary());
        } finally {
            initializer.takeFailure();
        }
    }

    /**
     * Stops this engine's share of the engine threads; the last engine of the class loader stops them all (tables
     * die with the exports that hold them, which the server releases first). Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                EngineThreads.release(threads);
            } finally {
                compilerClasspath.close();
            }
        }
    }
}
