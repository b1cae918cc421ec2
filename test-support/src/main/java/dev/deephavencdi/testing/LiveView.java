package dev.deephavencdi.testing;

import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.BarrageSubscription;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.rowset.RowSet;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.TableUpdate;
import io.deephaven.engine.table.impl.InstrumentedTableUpdateListenerAdapter;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.util.SafeCloseable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A table subscribed with the official Barrage client ({@code BarrageSession.subscribe}), with a listener on the
 * client-side copy that records what every update did and hands each update to an optional hook. Closing it
 * releases the copy, which cancels the subscription, exactly as an application releasing the table would.
 */
public final class LiveView implements AutoCloseable {

    /** Called on the client's update graph with the client-side copy and each update, after it is recorded. */
    @FunctionalInterface
    public interface OnUpdate {
        void accept(Table copy, TableUpdate update);
    }

    private final LivenessScope scope = new LivenessScope();
    private final Table table;
    private final List<Long> sizes = new ArrayList<>(); // guarded by itself
    private long added;
    private long removed;
    private long modified;
    private volatile Throwable failure;
    private final OnUpdate onUpdate;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // tables hold listeners weakly
    private final Recorder recorder;

    private LiveView(BarrageSession barrage, TableHandle handle, RowSet viewport, boolean reverse, OnUpdate onUpdate)
            throws Exception {
        this.onUpdate = onUpdate;
        try (SafeCloseable ignoredContext = BarrageClientEngine.CONTEXT.open();
                SafeCloseable ignoredScope = LivenessScopeStack.open(scope, false)) {
            BarrageSubscription subscription = barrage.subscribe(handle, BarrageUtil.DEFAULT_SUBSCRIPTION_OPTIONS);
            table = (viewport == null ? subscription.entireTable()
                    : subscription.partialTable(viewport, null, reverse)).get(30, TimeUnit.SECONDS);
            recorder = new Recorder(table);
            BarrageClientEngine.GRAPH.sharedLock().doLocked(() -> {
                synchronized (sizes) {
                    sizes.add(table.size());
                }
                table.addUpdateListener(recorder);
            });
        }
    }

    /** Subscribes to the whole table. */
    public static LiveView of(BarrageSession barrage, TableHandle handle) throws Exception {
        return of(barrage, handle, (copy, update) -> {});
    }

    /** Subscribes to the whole table, handing every update to {@code onUpdate}. */
    public static LiveView of(BarrageSession barrage, TableHandle handle, OnUpdate onUpdate) throws Exception {
        return new LiveView(barrage, handle, null, false, onUpdate);
    }

    /** Subscribes to a viewport of row positions, counted from the end if {@code reverse}. */
    public static LiveView ofViewport(BarrageSession barrage, TableHandle handle, RowSet viewport, boolean reverse)
            throws Exception {
        return new LiveView(barrage, handle, viewport, reverse, (copy, update) -> {});
    }

    /** @return the table size after the snapshot and after every update since, in order */
    public List<Long> sizes() {
        synchronized (sizes) {
            return List.copyOf(sizes);
        }
    }

    public long lastSize() {
        List<Long> all = sizes();
        return all.get(all.size() - 1);
    }

    /** @return the number of updates after the snapshot */
    public int updates() {
        return sizes().size() - 1;
    }

    public synchronized long addedRows() {
        return added;
    }

    public synchronized long removedRows() {
        return removed;
    }

    public synchronized long modifiedRows() {
        return modified;
    }

    /** @return the error that ended the subscription, or null while it runs */
    public Throwable failure() {
        return failure;
    }

    public List<List<Object>> rows() {
        return BarrageClientEngine.rows(table);
    }

    /** @return what {@code read} computes from the client-side copy, between two client update cycles */
    public <T> T read(Function<Table, T> read) {
        return BarrageClientEngine.GRAPH.sharedLock().computeLocked(() -> read.apply(table));
    }

    @Override
    public void close() {
        scope.release();
    }

    private final class Recorder extends InstrumentedTableUpdateListenerAdapter {
        Recorder(Table source) {
            super("test recorder", source, false);
        }

        @Override
        public void onUpdate(TableUpdate update) {
            synchronized (LiveView.this) {
                added += update.added().size();
                removed += update.removed().size();
                modified += update.modified().size();
            }
            synchronized (sizes) {
                sizes.add(table.size());
            }
            onUpdate.accept(table, update);
        }

        @Override
        public void onFailureInternal(Throwable cause, Entry entry) {
            failure = cause;
        }
    }
}
