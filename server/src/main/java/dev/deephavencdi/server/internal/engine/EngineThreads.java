package dev.deephavencdi.server.internal.engine;

import io.deephaven.engine.table.impl.OperationInitializationThreadPool;
import io.deephaven.engine.table.impl.perf.UpdatePerformanceTracker;
import io.deephaven.engine.updategraph.impl.BaseUpdateGraph;
import io.deephaven.engine.updategraph.impl.PeriodicUpdateGraph;
import io.deephaven.engine.util.reference.CleanupReferenceProcessorInstance;
import io.deephaven.util.thread.ThreadInitializationFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's threads: the operation-initialization pool, the {@code DEFAULT} update graph (its refresh and
 * notification threads) and the cleanup-reference drainers. The engine keeps them in statics, so they belong to
 * the class loader the engine's jars were loaded by (in an application server, the application's), and parts of
 * the engine require the graph to be the {@code DEFAULT} one. Every server of that class loader shares one set;
 * it starts with the first engine and stops with the last, so undeploying an application leaves no engine thread
 * behind to keep its class loader alive. A later engine starts a fresh set.
 */
final class EngineThreads {
    private static final Logger log = LoggerFactory.getLogger(EngineThreads.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private static EngineThreads current; // guarded by EngineThreads.class
    private static int users; // guarded by EngineThreads.class

    final OperationInitializationThreadPool initializer;
    final PeriodicUpdateGraph graph;
    /** every thread the engine started through our factory, to wait for after asking them to stop */
    private final Set<Thread> started = ConcurrentHashMap.newKeySet();

    private EngineThreads() {
        ThreadInitializationFactory tracking = runnable -> () -> {
            started.add(Thread.currentThread());
            try {
                runnable.run();
            } finally {
                started.remove(Thread.currentThread());
            }
        };
        this.initializer = new OperationInitializationThreadPool(tracking);
        this.graph = PeriodicUpdateGraph.newBuilder(PeriodicUpdateGraph.DEFAULT_UPDATE_GRAPH_NAME)
                // Notifications run on the refresh thread itself. With worker threads, PeriodicUpdateGraph.stop()
                // during a cycle shuts the workers down while the refresh thread waits for them, holding the lock
                // stop() then waits for: the stop hangs for good (seen in a test run of the Quarkus example).
                .numUpdateThreads(1)
                .operationInitializer(initializer)
                .threadInitializationFactory(tracking)
                .existingOrBuild();
    }

    /** @return the shared threads, started if no engine of this class loader runs */
    static synchronized EngineThreads acquire() {
        if (current == null) {
            current = new EngineThreads();
        }
        users++;
        return current;
    }

    /** Gives up one engine's use; the last one stops every thread. Never throws: it runs during shutdown. */
    static synchronized void release(EngineThreads threads) {
        if (threads != current || users == 0) {
            return;
        }
        if (--users == 0) {
            current = null;
            threads.stop();
        }
    }

    /** @return the number of engines sharing the threads right now (for tests) */
    static synchronized int users() {
        return users;
    }

    private void stop() {
        List<String> failures = new ArrayList<>();
        // removing the graph stops it and lets the next engine build a fresh DEFAULT graph
        step(failures, "stop the update graph",
                () -> BaseUpdateGraph.removeInstance(PeriodicUpdateGraph.DEFAULT_UPDATE_GRAPH_NAME));
        step(failures, "stop the operation-initialization pool", initializer::shutdown);
        // the tracker's tables belong to the removed graph; the next graph gets new ones
        step(failures, "reset the update performance tracker", UpdatePerformanceTracker::resetForUnitTests);
        // the drainer threads are lazily restarted by the next registration; "ForUnitTests" is the engine's name
        // for the only public way to stop them
        step(failures, "stop the cleanup-reference threads", CleanupReferenceProcessorInstance::resetAllForUnitTests);
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : List.copyOf(started)) {
            long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try {
                thread.join(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> alive = started.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!alive.isEmpty()) {
            failures.add("threads still running after " + STOP_WAIT.toSeconds() + " s: " + alive);
        }
        if (failures.isEmpty()) {
            log.debug("Deephaven engine threads stopped");
        } else {
            log.warn("Stopping the Deephaven engine threads was incomplete: {}", failures);
        }
    }

    private static void step(List<String> failures, String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            log.warn("could not {}", what, e);
            failures.add(what + ": " + e);
        }
    }
}
