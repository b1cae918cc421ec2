package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.TableUpdate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the updates of one subscription to its consumer: one call at a time, in order, on an executor thread, and
 * only while the consumer has demand (unbounded for a listener, as requested for a {@code Flow.Subscriber}).
 * Updates the consumer has not taken yet are merged into one, so a slow consumer costs one pending update, not a
 * queue. A terminal signal (error or completion) goes out once, after a pending update if there is demand for it,
 * and nothing follows it or a cancel. Thread-safe.
 */
final class UpdateDelivery {
    private static final Logger log = LoggerFactory.getLogger(UpdateDelivery.class);

    /** The consumer. */
    interface Sink {
        void onUpdate(TableUpdate update);

        void onError(DeephavenException error);

        void onComplete();
    }

    private final Executor executor;
    private final Sink sink;
    private final AtomicInteger pendingRuns = new AtomicInteger();
    // guarded by this
    private TableUpdate pending;
    private long demand;
    private DeephavenException error;
    private boolean completed;
    private boolean done;
    private boolean started;

    /**
     * A delivery that starts at once.
     *
     * @param demand how many updates the consumer takes before asking for more; Long.MAX_VALUE for unbounded
     */
    UpdateDelivery(Executor executor, Sink sink, long demand) {
        this(executor, sink, demand, true);
    }

    private UpdateDelivery(Executor executor, Sink sink, long demand, boolean started) {
        this.executor = executor;
        this.sink = sink;
        this.demand = demand;
        this.started = started;
    }

    /**
     * A delivery that keeps everything (updates and the terminal signal) until {@link #start()}: for a consumer
     * that must first be handed the subscription it will read from.
     */
    static UpdateDelivery held(Executor executor, Sink sink, long demand) {
        return new UpdateDelivery(executor, sink, demand, false);
    }

    /** Begins delivering what a {@linkplain #held held} delivery kept. */
    void start() {
        synchronized (this) {
            started = true;
        }
        schedule();
    }

    /** Adds an update, merged into the one still pending if the consumer has not taken it. */
    void offer(TableUpdate update) {
        synchronized (this) {
            if (done || error != null || completed) {
                return;
            }
            pending = pending == null ? update : merge(pending, update);
        }
        schedule();
    }

    /** Adds demand, saturating at Long.MAX_VALUE. */
    void request(long n) {
        synchronized (this) {
            long sum = demand + n;
            demand = sum < 0 ? Long.MAX_VALUE : sum;
        }
        schedule();
    }

    /** Ends with an error, after the pending update if the consumer has demand for it. */
    void fail(DeephavenException failure) {
        synchronized (this) {
            if (done || error != null || completed) {
                return;
            }
            error = failure;
        }
        schedule();
    }

    /** Ends normally, after the pending update if the consumer has demand for it. */
    void complete() {
        synchronized (this) {
            if (done || error != null || completed) {
                return;
            }
            completed = true;
        }
        schedule();
    }

    /** Stops all calls to the consumer; a call in progress finishes. */
    synchronized void cancel() {
        done = true;
        pending = null;
    }

    synchronized boolean isDone() {
        return done;
    }

    static TableUpdate merge(TableUpdate earlier, TableUpdate later) {
        if (earlier.initial()) {
            // the consumer has not seen the snapshot yet: it sees the current table as its snapshot instead
            return new TableUpdate(later.size(), 0, 0, later.size(), Set.of(), 0);
        }
        Set<String> columns = new HashSet<>(earlier.modifiedColumns());
        columns.addAll(later.modifiedColumns());
        return new TableUpdate(earlier.added() + later.added(), earlier.removed() + later.removed(),
                earlier.modified() + later.modified(), later.size(), columns, earlier.merged() + later.merged());
    }

    private void schedule() {
        if (pendingRuns.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                cancel(); // the connection closed: its sessions already ended their subscriptions
                pendingRuns.set(0);
            }
        }
    }

    private void drain() {
        int runs = pendingRuns.get();
        while (true) {
            deliverAll();
            runs = pendingRuns.addAndGet(-runs);
            if (runs == 0) {
                return;
            }
        }
    }

    private void deliverAll() {
        while (true) {
            TableUpdate update = null;
            DeephavenException failure = null;
            boolean complete = false;
            synchronized (this) {
                if (done || !started) {
                    return;
                }
                if (pending != null && demand > 0) {
                    update = pending;
                    pending = null;
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                } else if (error != null || completed) {
                    failure = error;
                    complete = error == null;
                    done = true;
                    pending = null;
                } else {
                    return;
                }
            }
            try {
                if (update != null) {
                    sink.onUpdate(update);
                } else if (complete) {
                    sink.onComplete();
                } else {
                    sink.onError(failure);
                }
            } catch (RuntimeException e) {
                log.warn("a table update listener threw; the subscription goes on", e);
            }
        }
    }
}
