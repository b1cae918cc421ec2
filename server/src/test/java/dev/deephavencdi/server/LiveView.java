package dev.deephavencdi.server;

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

/**
 * A table subscribed with the official Barrage client ({@code BarrageSession.subscribe}), with a listener on the
 * client-side copy that records what every update did. Closing it releases the copy, which cancels the
 * subscription, exactly as an application releasing the table would.
 */
final class LiveView implements AutoCloseable {
    private final LivenessScope scope = new LivenessScope();
    private final Table table;
    private final List<Long> sizes = new ArrayList<>(); // guarded by itself
    private long added;
    private long removed;
    private long modified;
    private volatile Throwable failure;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // tables hold listeners weakly
    private final Recorder recorder;

    private LiveView(BarrageSession barrage, TableHandle handle, RowSet viewport, boolean reverse) throws Exception {
        try (SafeCloseable ignoredContext = ClientEngine.CONTEXT.open();
                SafeCloseable ignoredScope = LivenessScopeStack.open(scope, false)) {
            BarrageSubscription subscription = barrage.subscribe(handle, BarrageUtil.DEFAULT_SUBSCRIPTION_OPTIONS);
            table = (viewport == null ? subscription.entireTable()
                    : subscription.partialTable(viewport, null, reverse)).get(30, TimeUnit.SECONDS);
            recorder = new Recorder(table);
            ClientEngine.GRAPH.sharedLock().doLocked(() -> {
                synchronized (sizes) {
                    sizes.add(table.size());
                }
                table.addUpdateListener(recorder);
            });
        }
    }

    /** Subscribes to the whole table. */
    static LiveView of(BarrageSession barrage, TableHandle handle) throws Exception {
        return new LiveView(barrage, handle, null, false);
    }

    /** Subscribes to a viewport of row positions, counted from the end if {@code reverse}. */
    static LiveView ofViewport(BarrageSession barrage, TableHandle handle, RowSet viewport, boolean reverse)
            throws Exception {
        return new LiveView(barrage, handle, viewport, reverse);
    }

    /** @return the table size after the snapshot and after every update since, in order */
    List<Long> sizes() {
        synchronized (sizes) {
            return List.copyOf(sizes);
        }
    }

    long lastSize() {
        List<Long> all = sizes();
        return all.get(all.size() - 1);
    }

    /** @return the number of updates after the snapshot */
    int updates() {
        return sizes().size() - 1;
    }

    synchronized long addedRows() {
        return added;
    }

    synchronized long removedRows() {
        return removed;
    }

    synchronized long modifiedRows() {
        return modified;
    }

    /** @return the error that ended the subscription, or null while it runs */
    Throwable failure() {
        return failure;
    }

    List<List<Object>> rows() {
        return ClientEngine.rows(table);
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
        }

        @Override
        public void onFailureInternal(Throwable cause, Entry entry) {
            failure = cause;
        }
    }
}
