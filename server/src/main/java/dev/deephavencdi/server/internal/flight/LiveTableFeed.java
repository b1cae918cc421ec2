package dev.deephavencdi.server.internal.flight;

import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.chunk.Chunk;
import io.deephaven.chunk.attributes.Values;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableUpdate;
import io.deephaven.engine.table.impl.BaseTable;
import io.deephaven.engine.table.impl.InstrumentedTableUpdateListenerAdapter;
import io.deephaven.engine.table.impl.util.BarrageMessage;
import io.deephaven.extensions.barrage.BarrageMessageWriter;
import io.deephaven.extensions.barrage.chunk.ChunkWriter;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.util.SafeCloseable;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Barrage subscription to one table: one engine listener on the table, shared by all its subscribers, and
 * the bookkeeping that turns table updates into Barrage messages for each of them.
 *
 * <p><b>Consistency.</b> A new subscriber gets a snapshot taken with {@link FeedSnapshots} (the engine's
 * {@code ConstructSnapshot}, without blocking the update graph) and is registered at the exact update graph step
 * the snapshot shows; from then on it receives every later update, in order. Updates are recorded as row sets
 * only (the engine's {@code UpdateCoalescer}), per {@link Cohort} of subscribers behind by the same updates. When a
 * subscriber can take more, the runner copies the data of the coalesced update out of the table while holding the
 * update graph's shared lock (so the table is at exactly the state after the last recorded update), builds one
 * message for every subscriber of the cohort that is ready, and writes each its own view.
 *
 * <p><b>Flow control.</b> A subscriber whose transport is not ready gets nothing written; its updates keep
 * coalescing (row sets, not data), so a slow client costs little memory and receives one combined update when it
 * catches up. A client's {@code minUpdateIntervalMs} is honoured the same way.
 *
 * <p><b>Threads.</b> The listener runs on the update graph and only records row sets. Everything else (snapshots,
 * message building, writes, releasing the listener) runs on one runner at a time per feed. Lock order: update
 * graph lock, then this feed's monitor; neither is held while writing to a client. Thread-safe.
 */
final class LiveTableFeed {
    private static final Logger log = LoggerFactory.getLogger(LiveTableFeed.class);

    private final BaseTable<?> table;
    private final DeephavenEngine engine;
    private final Executor runner;
    private final ScheduledExecutorService timer;
    private final BarrageMessageWriter.Factory writers;
    private final ChunkWriter<Chunk<Values>>[] chunkWriters;
    private final DeltaMessages deltas;
    private final LivenessScope scope = new LivenessScope();
    private final AtomicInteger pendingRuns = new AtomicInteger();
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // the table holds its listeners weakly
    private final Listener listener;

    // guarded by this
    private final List<LiveSubscriber> joining = new ArrayList<>();
    private final List<LiveSubscriber> current = new ArrayList<>();
    private final List<Cohort> behind = new ArrayList<>();
    private long lastNotifiedStep;
    private Throwable failure;
    private boolean closing;
    private boolean released;

    /** The feed's side of a snapshot: the step its listener saw last, and admission under the feed's monitor. */
    private final FeedSnapshots.Admission admission = new FeedSnapshots.Admission() {
        @Override
        public long lastNotifiedStep() {
            synchronized (LiveTableFeed.this) {
                return lastNotifiedStep;
            }
        }

        @Override
        public boolean admit(List<LiveSubscriber> joiners, long step) {
            synchronized (LiveTableFeed.this) {
                if (table.isRefreshing() && step != lastNotifiedStep) {
                    return false;
                }
                for (LiveSubscriber joiner : joiners) {
                    if (joining.remove(joiner)) {
                        current.add(joiner);
                    }
                }
                return true;
            }
        }
    };

    /** The update graph listener: records updates and failures, nothing else. */
    private final class Listener extends InstrumentedTableUpdateListenerAdapter {
        Listener(Table source) {
            super("deephaven-cdi Barrage subscriptions", source, false);
        }

        @Override
        public void onUpdate(TableUpdate update) {
            record(update);
        }

        @Override
        public void onFailureInternal(Throwable cause, Entry entry) {
            synchronized (LiveTableFeed.this) {
                failure = cause;
            }
            schedule();
        }
    }

    /**
     * Starts feeding a table: coalesces it and, if it ticks, registers the listener while holding the update
     * graph's shared lock, so that no update is half seen. Must run inside the engine's execution context.
     */
    LiveTableFeed(Table source, DeephavenEngine engine, Executor runner, ScheduledExecutorService timer,
            BarrageMessageWriter.Factory writers) {
        this.engine = engine;
        this.runner = runner;
        this.timer = timer;
        this.writers = writers;
        try (SafeCloseable ignored = LivenessScopeStack.open(scope, false)) {
            this.table = (BaseTable<?>) source.coalesce();
            scope.manage(table);
            this.chunkWriters = DeltaMessages.chunkWriters(table.getDefinition());
            this.deltas = new DeltaMessages(table);
            if (table.isRefreshing()) {
                Listener created = new Listener(table);
                table.getUpdateGraph().sharedLock().doLocked(() -> {
                    lastNotifiedStep = table.getUpdateGraph().clock().currentStep();
                    table.addUpdateListener(created);
                });
                this.listener = created;
            } else {
                this.listener = null;
            }
        }
    }

    BaseTable<?> table() {
        return table;
    }

    /** @return false if the feed is shutting down (its last subscriber left); use a new feed then */
    synchronized boolean add(LiveSubscriber subscriber) {
        if (closing) {
            return false;
        }
        joining.add(subscriber);
        subscriber.attach(this);
        schedule();
        return true;
    }

    /** @return whether the feed has no subscriber left; it then releases its listener and must not be reused */
    boolean remove(LiveSubscriber subscriber) {
        boolean empty;
        synchronized (this) {
            joining.remove(subscriber);
            current.remove(subscriber);
            behind.removeIf(cohort -> cohort.members.remove(subscriber) && cohort.members.isEmpty() && cohort.close());
            empty = joining.isEmpty() && current.isEmpty() && behind.isEmpty();
            closing |= empty;
        }
        if (empty) {
            schedule();
        }
        return empty;
    }

    /** Runs the runner soon; calls made while it runs make it run once more. */
    void schedule() {
        if (pendingRuns.getAndIncrement() == 0) {
            try {
                runner.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pendingRuns.set(0); // the server is shutting down; sessions closing end every subscriber
            }
        }
    }

    private void drain() {
        int runs = pendingRuns.get();
        while (true) {
            runOnce();
            runs = pendingRuns.addAndGet(-runs);
            if (runs == 0) {
                return;
            }
        }
    }

    private void runOnce() {
        try (SafeCloseable ignored = engine.context().open()) {
            if (releaseIfClosing()) {
                return;
            }
            Throwable failed;
            synchronized (this) {
                failed = failure;
            }
            if (failed != null) {
                closeAll(Status.FAILED_PRECONDITION.withDescription("the table failed and can no longer update: "
                        + failed).withCause(failed));
                return;
            }
            admitJoiners();
            propagate();
        } catch (RuntimeException | Error e) {
            log.warn("Barrage subscriptions to a table failed", e);
            closeAll(Status.INTERNAL.withDescription("the server failed to send updates: " + e).withCause(e));
        }
    }

    // ---- called by the update graph ----

    private void record(TableUpdate update) {
        long step = table.getUpdateGraph().clock().currentStep();
        synchronized (this) {
            lastNotifiedStep = step;
            for (Cohort cohort : behind) {
                cohort.add(update, step);
            }
            if (!current.isEmpty()) {
                behind.add(new Cohort(current, table.getRowSet().prev(), update, step));
                current.clear();
            }
        }
        schedule();
    }

    // ---- first snapshots, on the runner ----

    /** Gives the subscribers waiting for their first message a snapshot, and admits them at its step. */
    private void admitJoiners() {
        List<LiveSubscriber> joiners;
        synchronized (this) {
            joiners = new ArrayList<>(joining);
        }
        joiners.removeIf(LiveSubscriber::isClosed);
        if (joiners.isEmpty()) {
            return;
        }
        if (table.isFailed()) {
            joiners.forEach(j -> j.close(Status.FAILED_PRECONDITION.withDescription("Table is already failed")));
            return;
        }
        BarrageMessage snapshot = FeedSnapshots.take(table, joiners, admission);
        FeedSnapshots.send(newWriter(snapshot), joiners, this::schemaView);
    }

    private BarrageMessageWriter newWriter(BarrageMessage message) {
        return writers.newMessageWriter(message, chunkWriters, (bytes, nanos) -> { });
    }

    private BarrageMessageWriter.MessageView schemaView(LiveSubscriber subscriber) {
        return writers.getSchemaView(builder -> BarrageUtil.makeTableSchemaPayload(builder, subscriber.options(),
                table.getDefinition(), table.getAttributes(), table.isFlat()));
    }

    // ---- propagation, on the runner ----

    private void propagate() {
        List<Cohort> cohorts;
        synchronized (this) {
            cohorts = List.copyOf(behind);
        }
        long now = System.nanoTime();
        long nextDue = Long.MAX_VALUE;
        for (Cohort cohort : cohorts) {
            List<LiveSubscriber> ready = new ArrayList<>();
            synchronized (this) {
                for (LiveSubscriber member : cohort.members) {
                    long wait = member.nanosUntilDue(now);
                    if (wait > 0) {
                        nextDue = Math.min(nextDue, wait);
                    } else if (member.isWritable()) {
                        ready.add(member);
                    }
                }
            }
            if (!ready.isEmpty()) {
                Cohort.Outgoing outgoing = table.getUpdateGraph().sharedLock().computeLocked(() -> catchUp(cohort,
                        ready));
                if (outgoing != null) {
                    outgoing.send(newWriter(outgoing.message()), now);
                }
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            timer.schedule(this::schedule, nextDue, TimeUnit.NANOSECONDS);
        }
    }

    /** Builds the cohort's message for its ready members; holds the update graph's shared lock. */
    private Cohort.Outgoing catchUp(Cohort cohort, List<LiveSubscriber> ready) {
        synchronized (this) {
            if (!behind.contains(cohort)) {
                return null;
            }
            ready.removeIf(member -> !cohort.members.contains(member));
            if (ready.isEmpty()) {
                return null;
            }
            Cohort.Outgoing outgoing = cohort.catchUp(ready, table.getRowSet(), deltas);
            current.addAll(ready);
            if (cohort.members.isEmpty()) {
                behind.remove(cohort);
                cohort.close(); // the message holds copies of what it needs
            }
            return outgoing;
        }
    }

    // ---- shutdown ----

    private boolean releaseIfClosing() {
        synchronized (this) {
            if (!closing) {
                return false;
            }
            if (released) {
                return true;
            }
            released = true;
            behind.forEach(Cohort::close);
            behind.clear();
        }
        scope.release(); // destroys the listener, which leaves the table; the table lives on if exports hold it
        return true;
    }

    private void closeAll(Status status) {
        List<LiveSubscriber> all = new ArrayList<>();
        synchronized (this) {
            all.addAll(joining);
            all.addAll(current);
            behind.forEach(cohort -> all.addAll(cohort.members));
        }
        all.forEach(subscriber -> subscriber.close(status));
    }
}
