package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.TableSchema;
import dev.deephavencdi.client.TableSubscription;
import dev.deephavencdi.client.TableUpdate;
import dev.deephavencdi.client.internal.Failures.Action;
import io.deephaven.client.impl.BarrageSession;
import io.deephaven.client.impl.BarrageSubscription;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.liveness.LivenessScopeStack;
import io.deephaven.engine.table.ModifiedColumnSet;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.table.impl.InstrumentedTableUpdateListenerAdapter;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.util.SafeCloseable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link TableSubscription} over the official Barrage client: {@code BarrageSession.subscribe} mirrors the table
 * on the client engine ({@link ClientEngine}); a listener on that copy turns each client tick into a
 * {@link TableUpdate} for the {@link UpdateDelivery}.
 *
 * <p>The copy is held by this subscription's own liveness scope; releasing it destroys the copy, which makes the
 * official client cancel the {@code DoExchange} and release its reference to the export. Thread-safe.
 */
final class LiveSubscription implements TableSubscription {
    private final SessionContext session;
    private final String description;
    private final TableSchema schema;
    private final UpdateDelivery delivery;
    private final LivenessScope scope;
    private final Table copy;
    private final AtomicBoolean closed = new AtomicBoolean();
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // tables hold their listeners weakly
    private final Listener listener;

    private LiveSubscription(SessionContext session, String description, TableSchema schema,
            UpdateDelivery delivery, LivenessScope scope, Table copy) {
        this.session = session;
        this.description = description;
        this.schema = schema;
        this.delivery = delivery;
        this.scope = scope;
        this.copy = copy;
        this.listener = new Listener(copy);
    }

    /**
     * Subscribes and waits for the initial snapshot, which becomes the first update handed to {@code delivery}.
     *
     * @throws DeephavenException if the server refuses or the connection fails
     */
    static LiveSubscription open(SessionContext session, TableState table, TableSchema schema,
            UpdateDelivery delivery) {
        String what = "subscribing to " + table;
        BarrageSession barrage = session.barrage();
        LivenessScope scope = new LivenessScope();
        try (SafeCloseable ignoredContext = ClientEngine.context().open();
                SafeCloseable ignoredScope = LivenessScopeStack.open(scope, false)) {
            BarrageSubscription subscription =
                    barrage.subscribe(table.handle(), BarrageUtil.DEFAULT_SUBSCRIPTION_OPTIONS);
            Table copy = subscription.entireTable().get();
            LiveSubscription live = new LiveSubscription(session, table.toString(), schema, delivery, scope, copy);
            live.start();
            return live;
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
            scope.release();
            throw session.translate(e, Action.SUBSCRIBE, what);
        }
    }

    /** Listens from the snapshot on, with no tick in between: the graph's lock keeps the copy still meanwhile. */
    private void start() {
        ClientEngine.graph().sharedLock().doLocked(() -> {
            long size = copy.size();
            copy.addUpdateListener(listener);
            delivery.offer(new TableUpdate(size, 0, 0, size, Set.of(), 0));
        });
        session.track(this);
    }

    @Override
    public long size() {
        requireOpen();
        return ClientEngine.graph().sharedLock().computeLocked(copy::size);
    }

    @Override
    public List<Map<String, Object>> rows(long maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("rows needs a row count of at least 0, got " + maxRows);
        }
        requireOpen();
        return ClientEngine.graph().sharedLock().computeLocked(() -> LocalRows.read(copy, maxRows));
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        end(delivery::cancel);
    }

    /** Ends the subscription with an error for the consumer. */
    void closeWithError(DeephavenException error) {
        end(() -> delivery.fail(error));
    }

    /** Ends the subscription because its session closed: the consumer is told it completed. */
    void completeWithSession() {
        end(delivery::complete);
    }

    private void end(Runnable tellConsumer) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        tellConsumer.run();
        scope.release(); // destroys the copy: the official client cancels the stream and releases its export
        session.untrack(this);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed; subscribe again to read the table");
        }
    }

    @Override
    public String toString() {
        return "subscription to " + description;
    }

    /** Runs on the client engine's update thread: records what changed, nothing else. */
    private final class Listener extends InstrumentedTableUpdateListenerAdapter {
        Listener(Table source) {
            super("deephaven-cdi TableSubscription", source, false);
        }

        @Override
        public void onUpdate(io.deephaven.engine.table.TableUpdate update) {
            delivery.offer(new TableUpdate(update.added().size(), update.removed().size(),
                    update.modified().size(), copy.size(), modifiedColumns(update), 1));
        }

        @Override
        public void onFailureInternal(Throwable cause, Entry entry) {
            delivery.fail(session.translate(cause, Action.SUBSCRIBE, "the " + LiveSubscription.this));
            // release off the update thread: destroying the copy unregisters it from the graph
            try {
                session.async().execute(() -> end(() -> { }));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                end(() -> { }); // the connection is closing anyway
            }
        }

        private Set<String> modifiedColumns(io.deephaven.engine.table.TableUpdate update) {
            ModifiedColumnSet columns = update.modifiedColumnSet();
            if (update.modified().isEmpty() || columns == null || columns == ModifiedColumnSet.EMPTY) {
                return Set.of();
            }
            if (columns == ModifiedColumnSet.ALL) {
                return Set.copyOf(schema.columnNames());
            }
            return Set.of(columns.dirtyColumnNames());
        }
    }
}
