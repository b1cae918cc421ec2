package dev.deephavencdi.server.internal.engine;

import io.deephaven.engine.updategraph.OperationInitializer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * The engine's operation-initialization pool (parallel {@code select}/{@code update} work), made to fail the
 * request whose work dies of an {@link Error} such as {@code OutOfMemoryError}. The engine reports such errors
 * only to its fatal-error reporter and never completes the job, so the request thread would wait forever: here the
 * request thread is interrupted and told why ({@link #takeFailure()}).
 *
 * <p>Thread-safe.
 */
final class RequestFailingOperationInitializer implements OperationInitializer {
    private final OperationInitializer pool;
    /** On pool threads: the request thread whose work the current task is part of. */
    private final ThreadLocal<Thread> requestOfTask = new ThreadLocal<>();
    private final Map<Thread, Throwable> failures = new ConcurrentHashMap<>();

    RequestFailingOperationInitializer(OperationInitializer pool) {
        this.pool = pool;
    }

    @Override
    public boolean canParallelize() {
        return pool.canParallelize();
    }

    @Override
    public int parallelismFactor() {
        return pool.parallelismFactor();
    }

    @Override
    public Future<?> submit(Runnable task) {
        Thread request = requestOfTask.get() != null ? requestOfTask.get() : Thread.currentThread();
        return pool.submit(() -> {
            Thread previous = requestOfTask.get();
            requestOfTask.set(request);
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // the engine hands a task's exceptions to the job's error handler; whatever escapes never
                // completes the job
                if (failures.putIfAbsent(request, e) == null) {
                    request.interrupt();
                }
                throw e;
            } finally {
                requestOfTask.set(previous);
            }
        });
    }

    /**
     * @return what part of the calling request thread's work died of, or null; clears it, and the interrupt that
     *         reported it
     */
    Throwable takeFailure() {
        Throwable failure = failures.remove(Thread.currentThread());
        if (failure != null) {
            Thread.interrupted();
        }
        return failure;
    }
}
